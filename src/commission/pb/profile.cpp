// Merging identical ballots and computing per-project satisfactions (see profile.hpp).
#include "commission/pb/profile.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "commission/pb/parser.hpp"

namespace coproduce::commission::pb {

namespace {

bool is_approval(VoteType type) {
  return type == VoteType::approval || type == VoteType::choose_1;
}

bool has_points(VoteType type) {
  return type == VoteType::cumulative || type == VoteType::scoring;
}

void append_int(std::string& key, long value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  key.append(bytes, sizeof value);
}

// The raw `vote` list names more projects than the ballot kept: some id is repeated.
bool has_repeats(const Ballot& ballot) {
  const std::string* vote = field_value(ballot.fields, "vote");
  return vote != nullptr && detail::split_list(*vote).size() > ballot.items.size();
}

// How many times the raw `vote` list of a ballot names each of its projects.
std::vector<int> repeat_counts(const Instance& instance, const Ballot& ballot) {
  if (!has_repeats(ballot)) return std::vector<int>(ballot.items.size(), 1);
  std::vector<int> copies(ballot.items.size(), 0);
  for (std::string_view id : detail::split_list(*field_value(ballot.fields, "vote"))) {
    auto at = std::find(ballot.items.begin(), ballot.items.end(), instance.project_index(id));
    if (at != ballot.items.end()) ++copies[std::size_t(at - ballot.items.begin())];
  }
  for (int& count : copies) count = std::max(count, 1);
  return copies;
}

// A byte string equal for two ballots exactly when the reference treats them as identical:
// approval ballots are sets, point ballots maps, rankings sequences.
std::string ballot_key(const Ballot& ballot, VoteType type, bool count_repeats) {
  std::vector<std::size_t> order(ballot.items.size());
  std::iota(order.begin(), order.end(), 0);
  if (type != VoteType::ordinal) {
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return ballot.items[a] < ballot.items[b]; });
  }
  std::string key;
  if (count_repeats && has_repeats(ballot)) key = "repeats:" + *field_value(ballot.fields, "vote");
  for (std::size_t position : order) {
    append_int(key, ballot.items[position]);
    if (has_points(type) && position < ballot.points.size()) {
      key += ballot.points[position].get_str();
      key += ';';
    }
  }
  return key;
}

void check_applicable(const Instance& instance, Sat sat) {
  bool ok = (sat == Sat::cost || sat == Sat::cardinality) ? is_approval(instance.vote_type)
            : sat == Sat::points                          ? has_points(instance.vote_type)
                                                          : instance.vote_type == VoteType::ordinal;
  if (!ok) {
    throw std::invalid_argument("satisfaction '" + std::string(to_string(sat)) +
                                "' does not apply to vote type '" +
                                std::string(to_string(instance.vote_type)) + "'");
  }
}

// Cost, cardinality and Borda satisfactions are integers times a per-project unit
// (cost(p), 1, 1): weights come straight from the ballots.
void add_integer_supporters(const Instance& instance, const std::vector<const Ballot*>& groups,
                            Profile& profile, bool count_repeats) {
  const std::size_t project_count = instance.projects.size();
  std::vector<long> weight_sum(project_count, 0);
  if (profile.sat == Sat::cost) {
    for (std::size_t p = 0; p < project_count; ++p) profile.unit[p] = instance.projects[p].cost;
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& items = groups[g]->items;
    std::vector<int> copies =
        count_repeats ? repeat_counts(instance, *groups[g]) : std::vector<int>(items.size(), 1);
    for (std::size_t position = 0; position < items.size(); ++position) {
      auto project = std::size_t(items[position]);
      long weight = profile.sat == Sat::borda ? long(items.size() - position - 1) : 1;
      if (weight <= 0 || profile.unit[project] <= 0) continue;
      auto& list = profile.supporters[project];
      if (!list.empty() && list.front().weight != weight) profile.uniform[project] = false;
      const int times = copies[position];
      list.push_back({int(g), weight, times});
      profile.supporter_count[project] += profile.multiplicity[g];
      weight_sum[project] += weight * profile.multiplicity[g] * times;
    }
  }
  for (std::size_t p = 0; p < project_count; ++p) {
    profile.total_sat[p] = profile.unit[p] * weight_sum[p];
  }
}

// Points may be decimals: per project, unit = gcd of the points as rationals, so every
// weight is a small integer.
void add_point_supporters(const Instance& instance, const std::vector<const Ballot*>& groups,
                          Profile& profile) {
  const std::size_t project_count = instance.projects.size();
  struct Entry {
    int group;
    mpq_class sat;
  };
  std::vector<std::vector<Entry>> entries(project_count);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Ballot& ballot = *groups[g];
    for (std::size_t position = 0; position < ballot.items.size(); ++position) {
      if (position >= ballot.points.size() || ballot.points[position] <= 0) continue;
      entries[std::size_t(ballot.items[position])].push_back({int(g), ballot.points[position]});
    }
  }
  for (std::size_t p = 0; p < project_count; ++p) {
    if (entries[p].empty()) continue;
    mpz_class lcm = 1, gcd = 0;
    for (const Entry& entry : entries[p]) {
      mpz_class den = entry.sat.get_den();
      mpz_lcm(lcm.get_mpz_t(), lcm.get_mpz_t(), den.get_mpz_t());
    }
    for (const Entry& entry : entries[p]) {
      mpz_class scaled = entry.sat.get_num() * (lcm / entry.sat.get_den());
      mpz_gcd(gcd.get_mpz_t(), gcd.get_mpz_t(), scaled.get_mpz_t());
    }
    profile.unit[p] = mpq_class(gcd, lcm);
    profile.unit[p].canonicalize();
    for (const Entry& entry : entries[p]) {
      mpq_class ratio = entry.sat / profile.unit[p];
      if (ratio.get_den() != 1 || !ratio.get_num().fits_sint_p()) {
        throw std::invalid_argument("points for project '" + instance.projects[p].id +
                                    "' are too large to compute with");
      }
      long weight = ratio.get_num().get_si();
      auto& list = profile.supporters[p];
      if (!list.empty() && list.front().weight != weight) profile.uniform[p] = false;
      list.push_back({entry.group, weight});
      long count = profile.multiplicity[std::size_t(entry.group)];
      profile.supporter_count[p] += count;
      profile.total_sat[p] += entry.sat * count;
    }
  }
}

}  // namespace

Sat main_sat(VoteType type) {
  if (is_approval(type)) return Sat::cost;
  if (has_points(type)) return Sat::points;
  return Sat::borda;
}

std::string_view to_string(Sat sat) {
  switch (sat) {
    case Sat::cost:
      return "cost";
    case Sat::cardinality:
      return "cardinality";
    case Sat::points:
      return "points";
    case Sat::borda:
      return "borda";
  }
  return "unknown";
}

Profile build_profile(const Instance& instance, Sat sat, bool count_repeats) {
  check_applicable(instance, sat);
  const std::size_t project_count = instance.projects.size();
  Profile profile;
  profile.sat = sat;
  profile.voters = static_cast<long>(instance.ballots.size());

  // Group identical ballots; remember one representative ballot per group.
  std::unordered_map<std::string, int> group_of;
  std::vector<const Ballot*> representative;
  for (const Ballot& ballot : instance.ballots) {
    auto [it, inserted] = group_of.try_emplace(
        ballot_key(ballot, instance.vote_type, count_repeats), int(representative.size()));
    if (inserted) {
      representative.push_back(&ballot);
      profile.multiplicity.push_back(0);
    }
    ++profile.multiplicity[static_cast<std::size_t>(it->second)];
  }

  profile.group_items.resize(representative.size());
  profile.approvals.assign(project_count, 0);
  profile.supporters.resize(project_count);
  profile.unit.assign(project_count, 1);
  profile.uniform.assign(project_count, true);
  profile.total_sat.assign(project_count, 0);
  profile.supporter_count.assign(project_count, 0);
  for (std::size_t g = 0; g < representative.size(); ++g) {
    const Ballot& ballot = *representative[g];
    profile.group_items[g] = ballot.items;
    std::vector<int> copies =
        count_repeats ? repeat_counts(instance, ballot) : std::vector<int>(ballot.items.size(), 1);
    for (std::size_t i = 0; i < ballot.items.size(); ++i)
      profile.approvals[std::size_t(ballot.items[i])] += profile.multiplicity[g] * copies[i];
  }
  if (sat == Sat::points) {
    add_point_supporters(instance, representative, profile);
  } else {
    add_integer_supporters(instance, representative, profile, count_repeats);
  }
  return profile;
}

}  // namespace coproduce::commission::pb
