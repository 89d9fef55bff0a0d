// Running a process in the platform: an officer creates it, adds projects,
// and moves it through its phases; the ballot definition is frozen (and its
// SHA-256 published) when the ballot is published; counting reads the stored
// ballots; a councillor signs the result off, which publishes it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commission/process/process.hpp"
#include "core/error.hpp"
#include "core/roles.hpp"
#include "http/fields.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

// The fields a process is created from (form and API alike): name, name_cy,
// budget (decimal text in currency units), ballot_min, ballot_max, cost_limit
// (decimal text; a knapsack ballot, approval only), rule, tie_break, area_id,
// initiative_id, voting_closes_on (YYYY-MM-DD), ballot_kind (approval,
// cumulative: share points, ordinal: rank), points_total and points_most
// (cumulative only: the points each voter shares out, 1 to 1000, and the most
// for one project).
const std::vector<std::string>& process_field_names();
// The fields of a project: name, name_cy (optional), cost (decimal text), category, district.
const std::vector<std::string>& project_field_names();

// The index of a phase in kPhases, or nullopt.
std::optional<std::size_t> phase_index(std::string_view phase);
// Projects can be added or changed only before the ballot is published.
bool ballot_frozen(std::string_view phase);
// Ballots are taken in this phase only.
inline bool voting_open(std::string_view phase) { return phase == "voting"; }

// Each throws core::ValidationFailed naming every field in error (message
// keys), core::not_found for another organisation's process, area or
// initiative, and a 409 for a change the phase does not allow. Each writes its
// audit event; run them inside a transaction.
std::string create_process(store::Connection& tx, const core::Principal& officer, const http::Fields& fields);
std::string add_project(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                        const http::Fields& fields);
// Districts and categories on the ballot, set before it is published (they
// are frozen with it). Each named amount carries the field its problems are
// reported under (a form row's id, or the API's field name); an empty `typed`
// leaves that name without a budget or limit.
struct NamedAmount {
  std::string name, typed, field;
};
struct BallotLimitsInput {
  bool one_district = false;
  std::vector<NamedAmount> district_budgets;  // decimal text in currency units
  std::vector<NamedAmount> category_limits;   // the most projects of the category on one ballot
};
// 422 naming the field: a name missing or given twice, an amount that is not
// more than 0, budgets adding up to more than the process's budget, a limit
// not a whole number from 1 to 500; 409 once the ballot is published.
void set_ballot_limits(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                       const BallotLimitsInput& input);

// Moves to `to`. Forward to any later phase before the ballot is published;
// from then on one phase at a time; back only to an earlier phase before
// voting (which unfreezes the ballot). Publishing the ballot freezes it
// (at least one project); entering counting counts; "results_published" is
// reached only by sign_off. `reason` is required for going back.
void change_phase(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                  const std::string& to, const std::string& reason);
// During voting only the closing date may move, with a reason.
void move_closing_date(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                       const std::string& date, const std::string& reason);
// Before signing off, a councillor may override the count for one project
// (chosen or not), with a reason; the override is audited and public, and the
// engine's result is kept as counted. 422 naming "reason" or "code".
void override_project(store::Connection& tx, const core::Principal& councillor, const std::string& process_id,
                      const std::string& code, bool chosen, const std::string& reason);
struct Override {
  std::string code, reason, decided_at;
  bool chosen = false;
};
std::vector<Override> overrides(store::Connection& c, const std::string& org, const std::string& process_id);
// The winners after the overrides: the engine's order without those overridden
// out, then those overridden in.
std::vector<std::string> winners(store::Connection& c, const std::string& org, const std::string& process_id,
                                 const std::vector<std::string>& engine_selected);

// A councillor signs the counted result off: counting -> results_published.
void sign_off(store::Connection& tx, const core::Principal& councillor, const std::string& process_id);

struct Project {
  std::string code, name, category, district;
  std::int64_t cost_minor = 0;
  std::string name_cy;  // "" when not given
  // The name people read in `locale`: the Welsh name under Welsh when there is one.
  const std::string& name_in(std::string_view locale) const {
    return locale == "cy" && !name_cy.empty() ? name_cy : name;
  }
};
std::vector<Project> list_projects(store::Connection& c, const std::string& org, const std::string& process_id);

}  // namespace coproduce::commission::process
