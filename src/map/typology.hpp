// Derives, from the ledger's counted entries only (confirmed, not reversed,
// not a reversal; an aggregate entry counts as the people it stands for),
// what DOMAIN.md sections 1, 3 and 4 say is derived: whether an initiative counts as co-production, its
// cell in Bovaird's 3x3 typology with the reasons, the active Co's, and hour
// and money totals per phase. Pure: same contributions in, same answer out.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "map/model.hpp"

namespace coproduce::map {

// Who contributed in an axis' phases: nobody, only professionals, both, only citizens.
enum class Axis { unknown, professional, shared, citizen };
std::string_view to_string(Axis);

// The nine cells plus "unclassified" (an axis is unknown). Names follow
// DOMAIN.md section 4; row = delivery axis, column = planning axis.
enum class Cell {
  unclassified,
  traditional_professional,            // planning professional, delivery professional
  professional_with_coplanning,        // planning shared,       delivery professional
  not_applicable,                      // planning citizen,      delivery professional
  user_codelivery,                     // planning professional, delivery shared
  full_coproduction,                   // planning shared,       delivery shared
  codelivery_little_planning,          // planning citizen,      delivery shared
  community_delivery_professional_plan,// planning professional, delivery citizen
  community_delivery_coplanned,        // planning shared,       delivery citizen
  self_organised,                      // planning citizen,      delivery citizen
};
std::string_view to_string(Cell);
std::optional<Cell> parse_cell(std::string_view);
// Grid position of a classified cell: {row (delivery), column (planning)}, each 0..2.
std::array<int, 2> grid_position(Cell);
Cell cell_at(int row, int column);

inline constexpr Phase kPlanningPhases[] = {Phase::planning, Phase::commissioning, Phase::design};
inline constexpr Phase kDeliveryPhases[] = {Phase::managing, Phase::delivering};

// Why an axis has its value: confirmed contributions per phase of the axis.
struct AxisReason {
  Axis value = Axis::unknown;
  std::vector<Phase> phases;            // the axis' phases, in order
  std::vector<int> professional_count;  // aligned with phases
  std::vector<int> citizen_count;       // aligned with phases
  std::vector<std::string> contribution_ids;  // the contributions that decided it
};

struct PhaseTotals {
  int professional_contributions = 0;
  int citizen_contributions = 0;
  std::int64_t professional_hours_x100 = 0;
  std::int64_t citizen_hours_x100 = 0;
  // Money per currency (ISO code -> minor units): amounts in different
  // currencies are never added together.
  std::map<std::string, std::int64_t> professional_money_minor;
  std::map<std::string, std::int64_t> citizen_money_minor;
};

// Declared-versus-derived mismatches and data-quality warnings, as message keys.
enum class Hint {
  not_applicable_cell,                    // citizens planned alone, professionals delivered alone
  governance_without_citizen_planning,    // governance driver, but no citizen planning
  logistical_without_citizen_delivery,    // logistical driver, but no citizen delivery
  unconfirmed_contributions,              // some contributions await confirmation
};
std::string_view to_string(Hint);

struct Typology {
  bool counts_as_coproduction = false;
  Cell cell = Cell::unclassified;
  AxisReason planning;
  AxisReason delivery;
  std::vector<Phase> phases_needing_contributions;  // when unclassified
  std::vector<Co> active_cos;
  std::array<PhaseTotals, 7> totals{};              // indexed by Phase
  int confirmed_contributions = 0;    // people-contributions that count
  int unconfirmed_contributions = 0;  // entries claimed or disputed, awaiting a decision
  std::vector<Hint> hints;
};

// The ledger's entries of one initiative summed by phase, role and currency,
// counted ones apart from those awaiting a decision (claimed or disputed).
// The map is derived from these, which the database can sum itself.
struct Tally {
  Phase phase = Phase::delivering;
  ContributorRole role = ContributorRole::community_member;
  bool counted = false;  // confirmed, not reversed, not a reversal; else pending
  std::string currency;
  std::int64_t entries = 0;
  std::int64_t people = 0;
  std::int64_t hours_x100 = 0;
  std::int64_t money_minor = 0;
};
std::vector<Tally> tallies_of(const std::vector<Contribution>& entries);

// From tallies: everything but the reasons' contribution ids.
Typology derive_typology(const Initiative& initiative, const std::vector<Tally>& tallies);
// From the entries themselves: the same, and the reasons name the entries.
Typology derive_typology(const Initiative& initiative,
                         const std::vector<Contribution>& contributions);

// The per-phase totals added up per Co (indexed by Co).
std::array<PhaseTotals, 4> totals_by_co(const Typology& typology);

}  // namespace coproduce::map
