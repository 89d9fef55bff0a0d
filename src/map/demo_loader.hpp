// Writes the demo case studies (demo_data.hpp) into an organisation, giving
// every record a fresh id and auditing each write as the system.
#pragma once

#include <map>
#include <string>

#include "core/roles.hpp"

#include "store/database.hpp"

namespace coproduce::map {

// Inside the caller's transaction. Returns the number of initiatives written.
int load_demo_records(store::Connection& tx, const std::string& organisation_id);

// Contributions of the demo accounts (a resident volunteer's weekly shifts, a
// community member's stocktakes, a claim waiting for confirmation), dated in
// the weeks before today so the load pages have something to show.
void load_demo_people(store::Connection& tx, const std::string& organisation_id,
                      const std::map<core::Role, std::string>& accounts);

}  // namespace coproduce::map
