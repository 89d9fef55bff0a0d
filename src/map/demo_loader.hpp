// Writes the demo case studies (demo_data.hpp) into an organisation, giving
// every record a fresh id and auditing each write as the system.
#pragma once

#include <string>

#include "store/database.hpp"

namespace coproduce::map {

// Inside the caller's transaction. Returns the number of initiatives written.
int load_demo_records(store::Connection& tx, const std::string& organisation_id);

}  // namespace coproduce::map
