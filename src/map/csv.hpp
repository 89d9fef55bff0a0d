// CSV exports of the map (RFC 4180; cells that a spreadsheet would run as a
// formula are prefixed with an apostrophe).
#pragma once

#include <string>
#include <vector>

#include "map/model.hpp"
#include "map/view.hpp"

namespace coproduce::map {

std::string csv_cell(std::string_view text);
std::string initiatives_csv(const MapData& data);
std::string contributions_csv(const std::vector<Initiative>& initiatives,
                              const std::vector<Group>& groups,
                              const std::vector<Contribution>& contributions);

}  // namespace coproduce::map
