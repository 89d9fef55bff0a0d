// The six case studies of DOMAIN.md section 6 as demo records. Facts follow
// Bovaird (2007); people are described by role labels only, and dates are
// invented where the sources give none. Records refer to each other by the
// `id` fields below, which are demo keys: the loader gives them real ids.
#pragma once

#include <string>
#include <vector>

#include "map/model.hpp"
#include "map/typology.hpp"

namespace coproduce::map {

struct DemoInitiative {
  Initiative initiative;
  Cell expected_cell;  // DOMAIN.md's cell for the case; a test holds the data to it
};

struct DemoData {
  std::vector<Area> areas;
  std::vector<Service> services;
  std::vector<Group> groups;
  std::vector<DemoInitiative> initiatives;
  std::vector<Contribution> contributions;
  std::vector<Assessment> assessments;
};

const DemoData& demo_data();

}  // namespace coproduce::map
