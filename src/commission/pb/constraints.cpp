// Ballot-constraint reading (from META) and checking.
#include "commission/pb/constraints.hpp"

#include <algorithm>
#include <stdexcept>

#include "commission/pb/parser.hpp"
#include "commission/pb/writer.hpp"

namespace coproduce::commission::pb {

namespace {

std::optional<mpq_class> read_limit(const Instance& instance, std::string_view key,
                                    std::vector<std::string>& problems) {
  const std::string* text = instance.meta_value(key);
  if (text == nullptr || trim(*text).empty()) return std::nullopt;
  mpq_class value;
  if (!parse_decimal(trim(*text), value)) {
    problems.push_back("META " + std::string(key) + " is not a number: '" + *text + "'");
    return std::nullopt;
  }
  return value;
}

// Category names the per-category values are aligned with: META `categories`, else the
// categories of the projects in order of first appearance.
std::vector<std::string> category_names(const Instance& instance) {
  std::vector<std::string> names;
  if (const std::string* listed = instance.meta_value("categories")) {
    for (std::string_view name : detail::split_list(*listed)) names.emplace_back(name);
    return names;
  }
  for (const auto& project : instance.projects) {
    for (const auto& category : project.categories) {
      if (std::find(names.begin(), names.end(), category) == names.end()) names.push_back(category);
    }
  }
  return names;
}

void read_per_category(const Instance& instance, std::string_view key,
                       std::optional<mpq_class> CategoryLimits::*member, BallotConstraints& out) {
  const std::string* text = instance.meta_value(key);
  if (text == nullptr || trim(*text).empty()) return;
  std::vector<std::string> names = category_names(instance);
  std::vector<std::string_view> values = detail::split_list(*text);
  bool listed = instance.meta_value("categories") != nullptr;
  if (values.size() != 1 && (!listed || values.size() != names.size())) {
    out.problems.push_back("META " + std::string(key) + " has " + std::to_string(values.size()) +
                           " values for " + std::to_string(names.size()) + " categories");
    return;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string_view value_text = values.size() == 1 ? values[0] : values[i];
    mpq_class value;
    if (!parse_decimal(value_text, value)) {
      out.problems.push_back("META " + std::string(key) + " has a value that is not a number: '" +
                             std::string(value_text) + "'");
      return;
    }
    auto limits = std::find_if(out.per_category.begin(), out.per_category.end(),
                               [&](const CategoryLimits& c) { return c.category == names[i]; });
    if (limits == out.per_category.end()) {
      out.per_category.push_back(CategoryLimits{names[i], {}, {}, {}});
      limits = std::prev(out.per_category.end());
    }
    (*limits).*member = value;
  }
}

// Decimal text where it exists (limits come from decimal META values), else "a/b".
std::string number(const mpq_class& value) {
  try {
    return decimal_text(value);
  } catch (const std::invalid_argument&) {
    return value.get_str();
  }
}

}  // namespace

bool BallotConstraints::empty() const {
  return !min_length && !max_length && !max_sum_cost && !min_sum_points && !max_sum_points &&
         !max_points && per_category.empty();
}

BallotConstraints ballot_constraints(const Instance& instance) {
  BallotConstraints out;
  out.min_length = read_limit(instance, "min_length", out.problems);
  out.max_length = read_limit(instance, "max_length", out.problems);
  out.max_sum_cost = read_limit(instance, "max_sum_cost", out.problems);
  bool scored =
      instance.vote_type == VoteType::cumulative || instance.vote_type == VoteType::scoring;
  if (scored) {
    out.min_sum_points = read_limit(instance, "min_sum_points", out.problems);
    out.max_sum_points = read_limit(instance, "max_sum_points", out.problems);
    out.max_points = read_limit(instance, "max_points", out.problems);
  }
  read_per_category(instance, "min_length_per_category", &CategoryLimits::min_length, out);
  read_per_category(instance, "max_length_per_category", &CategoryLimits::max_length, out);
  read_per_category(instance, "max_sum_cost_per_category", &CategoryLimits::max_sum_cost, out);
  return out;
}

std::vector<BallotViolation> check_ballots(const Instance& instance,
                                           const BallotConstraints& constraints) {
  std::vector<BallotViolation> violations;
  if (constraints.empty()) return violations;
  for (std::size_t b = 0; b < instance.ballots.size(); ++b) {
    const Ballot& ballot = instance.ballots[b];
    std::vector<std::string> reasons;
    mpq_class length = static_cast<unsigned long>(ballot.items.size());
    if (constraints.min_length && length < *constraints.min_length) {
      reasons.push_back(length.get_str() + " projects, fewer than min_length " +
                        number(*constraints.min_length));
    }
    if (constraints.max_length && length > *constraints.max_length) {
      reasons.push_back(length.get_str() + " projects, more than max_length " +
                        number(*constraints.max_length));
    }
    if (constraints.max_sum_cost) {
      mpq_class cost = 0;
      for (int item : ballot.items) cost += instance.projects[static_cast<std::size_t>(item)].cost;
      if (cost > *constraints.max_sum_cost) {
        reasons.push_back("total cost " + number(cost) + " above max_sum_cost " +
                          number(*constraints.max_sum_cost));
      }
    }
    if (!ballot.points.empty() || constraints.min_sum_points || constraints.max_sum_points) {
      mpq_class sum = 0;
      for (const auto& points : ballot.points) {
        sum += points;
        if (constraints.max_points && points > *constraints.max_points) {
          reasons.push_back(number(points) + " points to one project, above max_points " +
                            number(*constraints.max_points));
        }
      }
      if (constraints.min_sum_points && sum < *constraints.min_sum_points) {
        reasons.push_back(number(sum) + " points in total, below min_sum_points " +
                          number(*constraints.min_sum_points));
      }
      if (constraints.max_sum_points && sum > *constraints.max_sum_points) {
        reasons.push_back(number(sum) + " points in total, above max_sum_points " +
                          number(*constraints.max_sum_points));
      }
    }
    for (const auto& limits : constraints.per_category) {
      mpq_class count = 0, cost = 0;
      for (int item : ballot.items) {
        const Project& project = instance.projects[static_cast<std::size_t>(item)];
        if (std::find(project.categories.begin(), project.categories.end(), limits.category) !=
            project.categories.end()) {
          count += 1;
          cost += project.cost;
        }
      }
      const std::string in = " in category '" + limits.category + "'";
      if (limits.min_length && count < *limits.min_length) {
        reasons.push_back(count.get_str() + " projects" + in + ", fewer than " +
                          number(*limits.min_length));
      }
      if (limits.max_length && count > *limits.max_length) {
        reasons.push_back(count.get_str() + " projects" + in + ", more than " +
                          number(*limits.max_length));
      }
      if (limits.max_sum_cost && cost > *limits.max_sum_cost) {
        reasons.push_back("cost " + number(cost) + in + " above " + number(*limits.max_sum_cost));
      }
    }
    if (!reasons.empty())
      violations.push_back(BallotViolation{b, ballot.voter_id, std::move(reasons)});
  }
  return violations;
}

}  // namespace coproduce::commission::pb
