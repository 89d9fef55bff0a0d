// Ballot rules a city set in META (number of projects, total cost, points, per-category
// limits) and the ballots that break them. Rules ignore these constraints; they are
// reported so a results page can say which ballots did not follow the rules.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "commission/pb/model.hpp"

namespace coproduce::commission::pb {

struct CategoryLimits {
  std::string category;
  std::optional<mpq_class> min_length, max_length, max_sum_cost;
};

struct BallotConstraints {
  std::optional<mpq_class> min_length, max_length;          // projects per ballot
  std::optional<mpq_class> max_sum_cost;                    // total cost of a ballot's projects
  std::optional<mpq_class> min_sum_points, max_sum_points;  // cumulative/scoring totals
  std::optional<mpq_class> max_points;                      // points given to one project
  std::vector<CategoryLimits> per_category;
  std::vector<std::string> problems;  // META values that could not be read, each naming its key
  bool empty() const;
};

struct BallotViolation {
  std::size_t ballot = 0;  // index into Instance::ballots
  std::string voter_id;
  std::vector<std::string> reasons;  // one per broken constraint
};

// Reads the constraints from META (`min_length`, `max_length`, `max_sum_cost`,
// `min_sum_points`, `max_sum_points`, `max_points`, `min_length_per_category`,
// `max_length_per_category`, `max_sum_cost_per_category`; per-category values are one
// value for every category or a comma list aligned with META `categories`).
BallotConstraints ballot_constraints(const Instance& instance);

// Every ballot breaking at least one constraint, in ballot order.
std::vector<BallotViolation> check_ballots(const Instance& instance,
                                           const BallotConstraints& constraints);

}  // namespace coproduce::commission::pb
