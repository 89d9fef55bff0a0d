// Participatory-budgeting rules (greedy, Method of Equal Shares with its completions,
// sequential Phragmen, exact maximum welfare) with exact rational arithmetic, explicit
// tie-breaking and explanations of every decision. Meanings follow
// ../shared/pabulib/expected/README.md exactly.
#pragma once

#include <gmpxx.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commission/pb/model.hpp"

namespace coproduce::commission::pb {

// by_id: smallest project id as text (byte order) wins, the reference default.
// fewer_cost_more_votes_then_id: cheaper first, then more voters naming it, then id.
enum class TieBreak { by_id, fewer_cost_more_votes_then_id };
std::string_view to_string(TieBreak tie_break);

struct RuleOptions {
  TieBreak tie_break = TieBreak::by_id;
  // false: run the Add1 completions literally, one exact MES run per +1 step, as the
  // reference tools do (same result, far slower; a baseline for benchmarks and checks).
  bool add1_by_ranges = true;
};

// Voters who paid the same amount for a project (supporters aggregated, no voter ids).
struct PaymentShare {
  long voters = 0;
  mpq_class each;
};

// One MES round: the project bought and how its supporters paid for it.
struct MesRound {
  int project = -1;
  int round = 0;  // 1-based
  mpq_class rho;  // price per unit of satisfaction
  // Price per supporter (rho * satisfaction) when every supporter has the same satisfaction
  // (approval ballots); supporters with less money left paid all they had.
  std::optional<mpq_class> price_per_supporter;
  std::vector<PaymentShare> payments;  // by amount, largest amount first
  mpq_class voters_money_left;         // sum of the voters' remaining budgets after the round
  mpq_class budget_left;               // B minus the cost selected so far
};

enum class MesReason {
  selected,          // bought in an MES round
  zero_cost,         // supported and free: selected before the rounds (as the reference does)
  no_support,        // nobody gives it positive satisfaction, or it is free under Cost_Sat
  never_affordable,  // its supporters' whole starting money was less than its cost
  outbid,            // affordable at first, but other projects were bought until it was not
};
std::string_view to_string(MesReason reason);

// Why an MES candidate was or was not bought. Definitions (all exact):
// - effective_votes: cost / (price per supporter) in the last round the project was still
//   affordable, the equalshares.net "effective vote count": how many supporters paying the
//   same price would cover the cost. Equal to the supporter count while everybody can pay
//   an equal share; smaller once some supporters have too little left. When supporters
//   give different satisfaction (points, Borda), the price is that of a supporter with
//   their average satisfaction, so the same two properties hold.
// - more_supporters_needed: for an outbid project, how many more supporters (each with a
//   full starting budget and the highest satisfaction any supporter gives it) it would have
//   needed to cost no more per unit of satisfaction than the project bought in the round it
//   dropped out; 0 means it tied and lost on the tie-break. For a never-affordable project,
//   how many such supporters would bring its supporters' money up to its cost.
struct MesProjectNote {
  int project = -1;
  MesReason reason = MesReason::no_support;
  long supporters = 0;           // voters with positive satisfaction
  int round = 0;                 // selected: its round; outbid: last round it was affordable
  int outbid_by = -1;            // outbid: the project bought in that round
  mpq_class supporters_money;    // outbid/never: supporters' money when it dropped out
  mpq_class shortfall;           // cost minus supporters' money after it dropped out
  std::optional<mpq_class> rho;  // its own price per unit of satisfaction in that round
  std::optional<mpq_class> effective_votes;
  std::optional<mpz_class> more_supporters_needed;
};

struct MesExplanation {
  std::string satisfaction;  // "cost", "cardinality", "points", "borda"
  mpq_class endowment;       // starting money per voter of the run reported
  long budget_steps = 0;     // add1 completions: how many +1 steps were taken
  std::string completion;    // "none", "add1 (pabutools)", "add1 (equalshares.net)", ...
  std::vector<MesRound> rounds;
  std::vector<MesProjectNote> projects;  // one per project, in file order
};

// One project as a greedy pass (a rule or a completion) considered it, in visiting order.
struct GreedyStep {
  int project = -1;
  std::optional<mpq_class> score;  // satisfaction per unit of cost; none for free projects
  long votes = 0;                  // voters naming the project
  mpq_class budget_left_before;    // remaining budget when it was considered
  bool selected = false;
};

struct GreedyExplanation {
  std::string order;  // what the visiting order is based on
  std::vector<GreedyStep> steps;
};

struct PhragmenStep {
  int project = -1;
  mpq_class load;  // the approvers' common load after buying it
};

struct Outcome {
  std::string rule;           // e.g. "mes_cost_add1"
  std::string tie_break;      // name of the tie-break used
  std::vector<int> selected;  // project indices, in selection order (sorted-set rules: sorted)
  mpq_class total_cost;
  std::optional<mpq_class> welfare;         // max_welfare: the optimal Cost_Sat welfare
  std::optional<MesExplanation> mes;        // MES rules
  std::optional<GreedyExplanation> greedy;  // greedy rules and greedy completions
  std::vector<PhragmenStep> phragmen;       // phragmen, in selection order
  std::vector<std::string> ties;            // each tie met and how it was broken, human readable
};

// Runs a rule by name; throws std::invalid_argument for an unknown rule or a rule that does
// not apply to the instance's vote type.
Outcome run_rule(const Instance& instance, std::string_view rule_name,
                 const RuleOptions& options = {});
std::vector<std::string> rule_names();

}  // namespace coproduce::commission::pb
