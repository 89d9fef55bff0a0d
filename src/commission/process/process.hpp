// Participatory budgeting processes kept in the platform's database: the
// process with its frozen ballot definition, its projects, anonymous whole
// ballots, and the counted result with the engine's explanation per project.
// Counting always reads the ballots back from the database, so what the
// platform publishes is what it stores.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commission/pb/model.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

// The phases of a process, in order.
inline constexpr const char* kPhases[] = {
    "informing", "proposing", "screening",         "shortlisting", "valuating", "ballot_published",
    "voting",    "reconciling", "counting", "results_published", "delivering", "closed"};
// Results are public from "results_published" on.
bool results_public(std::string_view phase);

// The rule used when none is named: the Method of Equal Shares, as `pb run` names it.
inline constexpr char kDefaultRule[] = "mes_cost";

struct ImportOptions {
  std::string rule = kDefaultRule;
  std::string tie_break = "by-id";  // "by-id" or "cost-votes-id", as `pb run` takes them
  std::string name_en, name_cy;     // default: from the file (unit, instance, subunit)
};

// What a ballot allows (approval, points or ranking ballots alike): at least
// `min` and at most `max` projects, and for a
// knapsack ballot a total cost of at most `cost_limit_minor`; with
// `one_district`, projects of one district at most besides city-wide ones
// (no district); at most `category_most[c]` projects of category c.
struct BallotRules {
  std::int64_t min = 1;
  std::optional<std::int64_t> max;
  std::optional<std::int64_t> cost_limit_minor;
  bool one_district = false;
  std::map<std::string, std::int64_t> category_most;
  // Points ballots: the points each voter shares out, and the most for one project.
  std::optional<std::int64_t> points_total, points_most;
  // Who may vote online or by code: a declared minimum age, and a postcode in
  // the residence list (normalised entries; empty: anyone).
  std::optional<std::int64_t> minimum_age;
  std::vector<std::string> postcodes;
};

struct Process {
  std::string id, organisation_id, area_id, initiative_id;
  std::string name_en, name_cy, currency;
  std::int64_t budget_minor = 0;
  std::string phase, rule, tie_break, ballot_kind, definition_sha256, source;
  std::string created_at;
  std::int64_t voters = 0;  // ballots stored
  BallotRules rules;
  // Districts with a budget of their own (minor units); empty: one pot.
  // City-wide projects get budget_minor less these.
  std::map<std::string, std::int64_t> district_budgets;
  std::string voting_closes_on;                 // YYYY-MM-DD, "" when not set
  std::string signed_off_by, signed_off_at;     // the councillor's account, when signed off
  const std::string& name(std::string_view locale) const {
    return locale == "cy" && !name_cy.empty() ? name_cy : name_en;
  }
};

struct ResultProject {
  std::string code, name, category, district;
  std::string name_cy;  // "" when not given
  std::int64_t cost_minor = 0;
  std::int64_t votes = 0;                    // voters who named it on their ballot
  std::optional<std::int64_t> selected_order;  // 1-based place in the selection order
  boost::json::object explanation;  // the engine's reasons, exact rationals as {"exact","decimal"}
};

struct Result {
  std::string rule, tie_break, counted_at;
  std::int64_t voters = 0, total_cost_minor = 0;
  boost::json::value outcome;            // as `coproduce pb run --json` prints it
  std::vector<ResultProject> projects;   // file order
  std::vector<std::string> selected;     // codes in selection order
};

// Creates a finished process (phase "closed") from a parsed .pb election in
// organisation `org`, with its projects (codes = project_id) and every ballot,
// then counts it. Run inside a transaction. Throws core::Error naming the
// field (rule, tie_break, budget, cost, ...) when it cannot be stored.
std::string import_instance(store::Connection& tx, const std::string& org, const pb::Instance& instance,
                            const ImportOptions& options);

// The election as stored, rebuilt for the engine (same projects, order and ballots).
pb::Instance load_instance(store::Connection& c, const std::string& org, const std::string& process_id);

// Counts the stored ballots with the process's frozen rule and tie-break and
// stores the result (replacing an earlier one). Run inside a transaction.
void count(store::Connection& tx, const std::string& org, const std::string& process_id);

// One budget counted on its own: a district with its budget, or the city-wide rest.
struct Pot {
  std::string district;  // "" for the city-wide pot
  std::int64_t budget_minor = 0;
  std::vector<int> projects;  // indices into the whole election's projects
};
// The process's pots: one (the whole election) without district budgets; else
// each budgeted district, then the city-wide projects (no district, or a
// district without a budget of its own) with what is left.
std::vector<Pot> pots_of(const Process& process, const pb::Instance& whole);
// The pot as an election of its own, as a district's own .pb file holds it:
// its projects, its budget, and the voters who chose any of them (their
// choices in it only; voter_id kept, other ballot columns rebuilt on writing).
pb::Instance pot_instance(const pb::Instance& whole, const Pot& pot);

std::optional<Process> find_process(store::Connection& c, const std::string& org, const std::string& id);
std::vector<Process> list_processes(store::Connection& c, const std::string& org);
std::optional<Result> load_result(store::Connection& c, const std::string& org, const std::string& process_id);

// Inserts rows of `width` values each (`values` row after row), many rows per
// statement: how imports and the census load stay fast.
void insert_rows(store::Connection& tx, const std::string& head, std::size_t width,
                 const std::vector<store::Value>& values);

// Named whole numbers (district budgets, category limits) as stored, a JSON
// object {"name": number}, and back.
std::map<std::string, std::int64_t> amounts_of(std::string_view stored);
std::string amounts_text(const std::map<std::string, std::int64_t>& amounts);

// Rationals in currency units (as the engine reports them) to minor units:
// nullopt when not a whole number of minor units.
std::optional<std::int64_t> exact_minor(const mpq_class& amount);
// Minor units to an exact amount in currency units.
mpq_class units_of(std::int64_t minor);

}  // namespace coproduce::commission::process
