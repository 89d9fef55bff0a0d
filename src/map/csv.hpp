// CSV exports of the map, written by core::csv_row.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "map/model.hpp"
#include "module/module.hpp"
#include "map/view.hpp"

namespace coproduce::map {

// The columns of each export, in header order, for the data dictionary.
const std::vector<module::Column>& initiatives_columns();
const std::vector<module::Column>& contributions_columns();

std::string initiatives_csv(const MapData& data);
// The ledger entries given (the caller chooses which the reader may see).
std::string contributions_csv(const std::vector<Initiative>& initiatives,
                              const std::vector<Group>& groups,
                              const std::vector<Contribution>& entries,
                              const std::map<std::string, std::string>& person_names);

}  // namespace coproduce::map
