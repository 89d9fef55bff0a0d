// CSV exports of the map, written by core::csv_row.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "map/model.hpp"
#include "map/view.hpp"

namespace coproduce::map {

std::string initiatives_csv(const MapData& data);
// The ledger entries given (the caller chooses which the reader may see).
std::string contributions_csv(const std::vector<Initiative>& initiatives,
                              const std::vector<Group>& groups,
                              const std::vector<Contribution>& entries,
                              const std::map<std::string, std::string>& person_names);

}  // namespace coproduce::map
