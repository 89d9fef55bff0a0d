// The compact form of an election that the rules work on: identical ballots merged into
// groups with a multiplicity, and per project the supporting groups with their satisfaction.
// Rules that treat identical voters identically (all of them here) run on groups, which is
// what makes MES on 130,000 voters fast.
#pragma once

#include <gmpxx.h>

#include <string>
#include <vector>

#include "commission/pb/model.hpp"

namespace coproduce::commission::pb {

// Satisfaction measure of one voter for one project (the reference's sat classes).
enum class Sat {
  cost,         // Cost_Sat: cost(p) if approved
  cardinality,  // Cardinality_Sat: 1 if approved
  points,       // Additive_Cardinal_Sat: the points given (cumulative, scoring)
  borda,        // Additive_Borda_Sat: len(ranking) - position - 1
};

// The "main sat" of a vote type: cost for approval/choose-1, points, Borda.
Sat main_sat(VoteType type);
std::string_view to_string(Sat sat);

struct Supporter {
  int group;
  long weight;     // satisfaction = weight * Profile::unit[project], weight > 0
  int copies = 1;  // times the ballot lists the project (equalshares.net counts repeats)
};

struct Profile {
  Sat sat = Sat::cost;
  long voters = 0;                            // n, every ballot (empty ones included)
  std::vector<long> multiplicity;             // per group: identical ballots merged
  std::vector<std::vector<int>> group_items;  // per group: the projects it names
  // Per project: groups with positive satisfaction. Satisfactions are weight * unit so that
  // the MES inner loops work on small integers and one rational per project.
  std::vector<std::vector<Supporter>> supporters;
  std::vector<mpq_class> unit;
  std::vector<bool> uniform;          // every supporter has the same weight
  std::vector<mpq_class> total_sat;   // sum over voters of satisfaction
  std::vector<long> approvals;        // voters naming the project (with multiplicity)
  std::vector<long> supporter_count;  // voters with positive satisfaction
};

// Builds the profile; throws std::invalid_argument when `sat` does not fit the vote type.
// With `count_repeats` (equalshares.net's reading), a project listed twice in one approval
// ballot counts that voter twice: two approvals, two shares of the same budget.
Profile build_profile(const Instance& instance, Sat sat, bool count_repeats = false);

}  // namespace coproduce::commission::pb
