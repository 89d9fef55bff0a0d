#include "map/typology.hpp"

#include <algorithm>

namespace coproduce::map {
namespace {

constexpr std::string_view kCellNames[] = {"unclassified",
                                           "traditional_professional",
                                           "professional_with_coplanning",
                                           "not_applicable",
                                           "user_codelivery",
                                           "full_coproduction",
                                           "codelivery_little_planning",
                                           "community_delivery_professional_plan",
                                           "community_delivery_coplanned",
                                           "self_organised"};

template <std::size_t N>
AxisReason derive_axis(const Phase (&phases)[N], const std::vector<Tally>& tallies) {
  AxisReason reason;
  reason.phases.assign(std::begin(phases), std::end(phases));
  reason.professional_count.assign(N, 0);
  reason.citizen_count.assign(N, 0);
  for (const Tally& t : tallies) {
    if (!t.counted) continue;
    auto at = std::find(std::begin(phases), std::end(phases), t.phase);
    if (at == std::end(phases)) continue;
    auto i = at - std::begin(phases);
    (is_citizen(t.role) ? reason.citizen_count : reason.professional_count)[i] += static_cast<int>(t.people);
  }
  int professional = 0, citizen = 0;
  for (std::size_t i = 0; i < N; ++i) {
    professional += reason.professional_count[i];
    citizen += reason.citizen_count[i];
  }
  reason.value = professional && citizen ? Axis::shared
                 : professional          ? Axis::professional
                 : citizen               ? Axis::citizen
                                         : Axis::unknown;
  return reason;
}

int axis_index(Axis a) { return static_cast<int>(a) - 1; }  // professional 0, shared 1, citizen 2

}  // namespace

std::string_view to_string(Axis a) {
  constexpr std::string_view names[] = {"unknown", "professional", "shared", "citizen"};
  return names[static_cast<int>(a)];
}

std::string_view to_string(Cell c) { return kCellNames[static_cast<int>(c)]; }

std::optional<Cell> parse_cell(std::string_view text) {
  for (int i = 0; i < 10; ++i)
    if (kCellNames[i] == text) return static_cast<Cell>(i);
  return std::nullopt;
}

std::array<int, 2> grid_position(Cell c) {
  int i = static_cast<int>(c) - 1;
  return {i / 3, i % 3};
}

Cell cell_at(int row, int column) { return static_cast<Cell>(1 + row * 3 + column); }

std::string_view to_string(Hint h) {
  constexpr std::string_view names[] = {
      "not_applicable_cell", "governance_without_citizen_planning",
      "logistical_without_citizen_delivery", "unconfirmed_contributions"};
  return names[static_cast<int>(h)];
}

std::vector<Tally> tallies_of(const std::vector<Contribution>& entries) {
  std::vector<Tally> tallies;
  for (const Contribution& c : entries) {
    bool counted = c.counts();
    if (!counted && !c.pending()) continue;  // void, reversed, or a reversal
    auto it = std::find_if(tallies.begin(), tallies.end(), [&](const Tally& t) {
      return t.phase == c.phase && t.role == c.role && t.counted == counted && t.currency == c.currency;
    });
    if (it == tallies.end()) it = tallies.insert(tallies.end(), Tally{c.phase, c.role, counted, c.currency});
    it->entries += 1;
    it->people += c.people;
    it->hours_x100 += c.hours_x100;
    it->money_minor += c.money_minor;
  }
  return tallies;
}

Typology derive_typology(const Initiative& initiative, const std::vector<Tally>& tallies) {
  Typology t;
  bool any_professional = false, any_citizen = false;
  for (const Tally& tally : tallies) {
    if (!tally.counted) {
      t.unconfirmed_contributions += static_cast<int>(tally.entries);
      continue;
    }
    bool citizen = is_citizen(tally.role);
    (citizen ? any_citizen : any_professional) = true;
    t.confirmed_contributions += static_cast<int>(tally.people);
    PhaseTotals& total = t.totals[static_cast<int>(tally.phase)];
    (citizen ? total.citizen_contributions : total.professional_contributions) += static_cast<int>(tally.people);
    (citizen ? total.citizen_hours_x100 : total.professional_hours_x100) += tally.hours_x100;
    if (tally.money_minor)
      (citizen ? total.citizen_money_minor : total.professional_money_minor)[tally.currency] += tally.money_minor;
  }
  t.counts_as_coproduction = any_professional && any_citizen;

  t.planning = derive_axis(kPlanningPhases, tallies);
  t.delivery = derive_axis(kDeliveryPhases, tallies);
  if (t.planning.value == Axis::unknown)
    t.phases_needing_contributions.insert(t.phases_needing_contributions.end(),
                                          std::begin(kPlanningPhases), std::end(kPlanningPhases));
  if (t.delivery.value == Axis::unknown)
    t.phases_needing_contributions.insert(t.phases_needing_contributions.end(),
                                          std::begin(kDeliveryPhases), std::end(kDeliveryPhases));
  if (t.phases_needing_contributions.empty())
    t.cell = cell_at(axis_index(t.delivery.value), axis_index(t.planning.value));

  // A Co is active with a confirmed citizen contribution in one of its phases,
  // and only when the initiative counts as co-production at all.
  if (t.counts_as_coproduction) {
    for (Co co : kAllCos) {
      bool active = std::any_of(tallies.begin(), tallies.end(), [&](const Tally& tally) {
        return tally.counted && is_citizen(tally.role) && co_of(tally.phase) == co;
      });
      if (active) t.active_cos.push_back(co);
    }
  }

  auto citizens_in = [](Axis a) { return a == Axis::shared || a == Axis::citizen; };
  if (t.cell == Cell::not_applicable) t.hints.push_back(Hint::not_applicable_cell);
  if (initiative.governance_driver && !citizens_in(t.planning.value))
    t.hints.push_back(Hint::governance_without_citizen_planning);
  if (initiative.logistical_driver && !citizens_in(t.delivery.value))
    t.hints.push_back(Hint::logistical_without_citizen_delivery);
  if (t.unconfirmed_contributions > 0) t.hints.push_back(Hint::unconfirmed_contributions);
  return t;
}

Typology derive_typology(const Initiative& initiative, const std::vector<Contribution>& contributions) {
  Typology t = derive_typology(initiative, tallies_of(contributions));
  // The reasons name the entries that decided each axis.
  for (const Contribution& c : contributions) {
    if (!c.counts()) continue;
    auto in = [&](const auto& phases) { return std::find(std::begin(phases), std::end(phases), c.phase) != std::end(phases); };
    if (in(kPlanningPhases)) t.planning.contribution_ids.push_back(c.id);
    if (in(kDeliveryPhases)) t.delivery.contribution_ids.push_back(c.id);
  }
  return t;
}

std::array<PhaseTotals, 4> totals_by_co(const Typology& typology) {
  std::array<PhaseTotals, 4> out{};
  for (Phase p : kAllPhases) {
    const auto& from = typology.totals[static_cast<int>(p)];
    auto& to = out[static_cast<int>(co_of(p))];
    to.professional_contributions += from.professional_contributions;
    to.citizen_contributions += from.citizen_contributions;
    to.professional_hours_x100 += from.professional_hours_x100;
    to.citizen_hours_x100 += from.citizen_hours_x100;
    for (const auto& [currency, minor] : from.professional_money_minor)
      to.professional_money_minor[currency] += minor;
    for (const auto& [currency, minor] : from.citizen_money_minor)
      to.citizen_money_minor[currency] += minor;
  }
  return out;
}

}  // namespace coproduce::map
