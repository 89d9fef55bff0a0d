// Open data of a process whose results are public: the whole election as a
// pabulib .pb file (voters numbered 1, 2, 3 ... in ballot order, nothing
// else about them) that `coproduce pb check` accepts and `pb run` counts to
// the published result, and the same anonymous ballots as CSV.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "module/module.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

// With district budgets, `district` names the pot (a district, or "city-wide"),
// whose projects, budget and voters the file holds: 422 without it, 404 for
// one the process does not count apart.
std::string export_pb(store::Connection& c, const std::string& org, const std::string& process_id,
                      const std::optional<std::string>& district = std::nullopt);

// ballot,projects,points: one row per ballot, project codes separated by ";"
// (best first on a ranking ballot), points aligned with them when the ballot
// gives points.
const std::vector<module::Column>& ballot_columns();
std::string ballots_csv(store::Connection& c, const std::string& org, const std::string& process_id);

}  // namespace coproduce::commission::process
