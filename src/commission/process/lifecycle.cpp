#include "commission/process/lifecycle.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "access/secrets.hpp"
#include "commission/process/channels.hpp"
#include "commission/process/delivery.hpp"
#include "commission/process/phase_dates.hpp"
#include "commission/process/proposals.hpp"
#include "audit/audit.hpp"
#include "commission/pb/rules.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "map/repository.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

constexpr std::size_t kNameLimit = 200;
constexpr std::size_t kTextLimit = 4000;
constexpr std::size_t kShortLimit = 100;
constexpr std::size_t kMostProjects = 500;
constexpr std::int64_t kMostPoints = 1000;

store::Value maybe_text(const std::string& text) { return text.empty() ? store::Value() : store::Value(text); }

std::string field(const http::Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : std::string(core::trimmed(it->second));
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A text field: required or not, at most `limit` characters.
std::string text(const http::Fields& fields, const std::string& name, bool required, std::size_t limit,
                 std::vector<core::FieldProblem>& problems) {
  std::string value = field(fields, name);
  if (required && value.empty()) problems.push_back({name, "commission.error." + name + "_missing"});
  else if (!core::text_problem(value).empty()) problems.push_back({name, "commission.error.text_invalid"});
  else if (core::utf8_length(value) > limit) problems.push_back({name, "commission.error.too_long"});
  return value;
}

std::optional<std::int64_t> money(const http::Fields& fields, const std::string& name, bool required,
                                  std::vector<core::FieldProblem>& problems) {
  std::string value = field(fields, name);
  if (value.empty()) {
    if (required) problems.push_back({name, "commission.error." + name + "_missing"});
    return std::nullopt;
  }
  auto minor = core::parse_money_minor(value);
  if (!minor || *minor <= 0) {
    problems.push_back({name, "commission.error.amount"});
    return std::nullopt;
  }
  return minor;
}

Process require_process(store::Connection& tx, const core::Principal& actor, const std::string& id) {
  auto process = find_process(tx, actor.organisation_id, id);
  if (!process) throw core::not_found("Participatory budgeting process " + id);
  return *process;
}

std::string phase_name(std::string_view phase) { return std::string(phase); }

json::array postcode_list(const std::vector<std::string>& entries) {
  json::array out;
  for (const auto& entry : entries) out.push_back(json::value(entry));
  return out;
}

// The definition a ballot is cast against and counted by; its SHA-256 is published.
std::string frozen_definition_hash(store::Connection& tx, const Process& p) {
  std::int64_t census = tx.query_one("SELECT COUNT(*) FROM pb_census WHERE organisation_id = $1 AND process_id = $2",
                                     {p.organisation_id, p.id})
                            ->integer(0);
  json::array projects;
  for (const auto& project : list_projects(tx, p.organisation_id, p.id))
    projects.push_back(json::object{{"code", project.code}, {"name", project.name}, {"name_cy", project.name_cy},
                                    {"cost_minor", project.cost_minor}, {"category", project.category},
                                    {"district", project.district}});
  json::object definition{
      {"ballot_kind", p.ballot_kind},
      {"ballot_min", p.rules.min},
      {"ballot_max", p.rules.max ? json::value(*p.rules.max) : json::value(nullptr)},
      {"cost_limit_minor", p.rules.cost_limit_minor ? json::value(*p.rules.cost_limit_minor) : json::value(nullptr)},
      {"points_total", p.rules.points_total ? json::value(*p.rules.points_total) : json::value(nullptr)},
      {"points_most", p.rules.points_most ? json::value(*p.rules.points_most) : json::value(nullptr)},
      {"minimum_age", p.rules.minimum_age ? json::value(*p.rules.minimum_age) : json::value(nullptr)},
      {"postcodes", postcode_list(p.rules.postcodes)},
      {"rule", p.rule},
      {"tie_break", p.tie_break},
      {"budget_minor", p.budget_minor},
      {"currency", p.currency},
      {"one_district", p.rules.one_district},
      {"district_budgets", json::parse(amounts_text(p.district_budgets))},
      {"category_limits", json::parse(amounts_text(p.rules.category_most))},
      {"census_people", census},
      {"one_ballot_per", census > 0 ? "person on the census, by whichever channel they use first (online with the "
                                      "code in their letter, the code alone, or paper at a booth); an online ballot "
                                      "may be changed until the close"
                                    : "account online (changeable until the close), voting code, or numbered paper"},
      {"projects", std::move(projects)}};
  return access::sha256_hex(json::serialize(definition));
}

}  // namespace

const std::vector<std::string>& process_field_names() {
  static const std::vector<std::string> names = {"name",       "name_cy",       "budget",           "ballot_min",
                                                 "ballot_max", "cost_limit",    "rule",             "tie_break",
                                                 "area_id",    "initiative_id", "voting_closes_on", "ballot_kind",
                                                 "points_total", "points_most"};
  return names;
}

const std::vector<std::string>& project_field_names() {
  static const std::vector<std::string> names = {"name", "name_cy", "cost", "category", "district"};
  return names;
}

std::optional<std::size_t> phase_index(std::string_view phase) {
  for (std::size_t i = 0; i < std::size(kPhases); ++i)
    if (phase == kPhases[i]) return i;
  return std::nullopt;
}

bool ballot_frozen(std::string_view phase) {
  auto index = phase_index(phase);
  return index && *index >= *phase_index("ballot_published");
}

std::string create_process(store::Connection& tx, const core::Principal& officer, const http::Fields& fields) {
  std::vector<core::FieldProblem> problems;
  std::string name_en = text(fields, "name", true, kNameLimit, problems);
  std::string name_cy = text(fields, "name_cy", false, kNameLimit, problems);
  auto budget = money(fields, "budget", true, problems);
  if (budget && *budget > core::kMaxMoneyMinor / 1000) problems.push_back({"budget", "commission.error.amount"});
  BallotRules rules;
  if (std::string min = field(fields, "ballot_min"); !min.empty()) {
    auto value = whole_number(min);
    if (!value || *value < 1 || *value > std::int64_t(kMostProjects)) problems.push_back({"ballot_min", "commission.error.ballot_min"});
    else rules.min = *value;
  }
  if (std::string max = field(fields, "ballot_max"); !max.empty()) {
    auto value = whole_number(max);
    if (!value || *value < 1 || *value > std::int64_t(kMostProjects)) problems.push_back({"ballot_max", "commission.error.ballot_max"});
    else if (*value < rules.min) problems.push_back({"ballot_max", "commission.error.ballot_max_below_min"});
    else rules.max = *value;
  }
  rules.cost_limit_minor = money(fields, "cost_limit", false, problems);
  if (budget && rules.cost_limit_minor && *rules.cost_limit_minor > *budget)
    problems.push_back({"cost_limit", "commission.error.cost_limit_over_budget"});
  // The ballot's kind: choose projects (approval), share points (cumulative) or rank them (ordinal).
  std::string kind = field(fields, "ballot_kind");
  if (kind.empty()) kind = "approval";
  if (kind != "approval" && kind != "cumulative" && kind != "ordinal")
    problems.push_back({"ballot_kind", "commission.error.ballot_kind"});
  if (kind != "approval" && rules.cost_limit_minor)
    problems.push_back({"cost_limit", "commission.error.cost_limit_approval_only"});
  auto points = [&](const std::string& name, std::int64_t most) -> std::optional<std::int64_t> {
    std::string typed = field(fields, name);
    if (typed.empty()) {
      if (kind == "cumulative" && name == "points_total") problems.push_back({name, "commission.error.points_total"});
      return std::nullopt;
    }
    if (kind != "cumulative") {
      problems.push_back({name, "commission.error.points_cumulative_only"});
      return std::nullopt;
    }
    auto value = whole_number(typed);
    if (!value || *value < 1 || *value > most) {
      problems.push_back({name, "commission.error." + name});
      return std::nullopt;
    }
    return value;
  };
  rules.points_total = points("points_total", kMostPoints);
  rules.points_most = points("points_most", rules.points_total.value_or(kMostPoints));
  std::string rule = field(fields, "rule");
  if (rule.empty()) rule = kDefaultRule;
  auto rules_known = pb::rule_names();
  if (std::find(rules_known.begin(), rules_known.end(), rule) == rules_known.end())
    problems.push_back({"rule", "commission.error.rule"});
  std::string tie_break = field(fields, "tie_break");
  if (tie_break.empty()) tie_break = "by-id";
  if (tie_break != "by-id" && tie_break != "cost-votes-id") problems.push_back({"tie_break", "commission.error.tie_break"});
  std::string area_id = field(fields, "area_id");
  if (!area_id.empty() && !map::repo::find_area(tx, officer.organisation_id, area_id))
    problems.push_back({"area_id", "commission.error.area_unknown"});
  std::string initiative_id = field(fields, "initiative_id");
  if (!initiative_id.empty() && !map::repo::find_initiative(tx, officer.organisation_id, initiative_id))
    problems.push_back({"initiative_id", "commission.error.initiative_unknown"});
  std::string closes = field(fields, "voting_closes_on");
  if (!closes.empty() && !core::is_iso_date(closes)) problems.push_back({"voting_closes_on", "commission.error.date"});
  if (!problems.empty()) throw core::ValidationFailed(problems);

  // The process is on the co-production map as an initiative of its own.
  if (initiative_id.empty()) initiative_id = process_initiative(tx, officer, name_en, area_id, *budget);
  std::string id = core::new_id();
  std::string now = core::now_utc();
  tx.execute(
      "INSERT INTO pb_processes (organisation_id, id, area_id, name_en, name_cy, currency, budget_minor, phase, "
      "rule, tie_break, ballot_kind, definition_sha256, source, created_at, updated_at, ballot_min, ballot_max, "
      "cost_limit_minor, voting_closes_on, voter_secret, initiative_id, points_total, points_most) "
      "VALUES ($1, $2, $3, $4, $5, 'GBP', $6, 'informing', $7, $8, $16, '', '', $9, $9, $10, $11, $12, $13, "
      "$14, $15, $17, $18)",
      {officer.organisation_id, id, maybe_text(area_id), name_en, name_cy.empty() ? name_en : name_cy, *budget,
       rule, tie_break, now, rules.min, store::maybe(rules.max), store::maybe(rules.cost_limit_minor),
       maybe_text(closes), core::random_token(32), maybe_text(initiative_id), kind, store::maybe(rules.points_total),
       store::maybe(rules.points_most)});
  json::object after{{"name", name_en},          {"budget_minor", *budget},   {"rule", rule},
                     {"tie_break", tie_break},   {"ballot_min", rules.min}, {"phase", "informing"}};
  if (rules.max) after["ballot_max"] = *rules.max;
  if (rules.cost_limit_minor) after["cost_limit_minor"] = *rules.cost_limit_minor;
  after["ballot_kind"] = kind;
  if (rules.points_total) after["points_total"] = *rules.points_total;
  if (rules.points_most) after["points_most"] = *rules.points_most;
  audit::record(tx, officer, "create", "pb_process", id, std::nullopt, after);
  return id;
}

std::string add_project(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                        const http::Fields& fields) {
  Process process = require_process(tx, officer, process_id);
  if (ballot_frozen(process.phase))
    throw core::localised(409, "conflict", "commission.error.ballot_frozen", "phase");
  std::vector<core::FieldProblem> problems;
  std::string name = text(fields, "name", true, kNameLimit, problems);
  std::string name_cy = text(fields, "name_cy", false, kNameLimit, problems);
  auto cost = money(fields, "cost", true, problems);
  if (cost && *cost > process.budget_minor) problems.push_back({"cost", "commission.error.cost_over_budget"});
  std::string category = text(fields, "category", false, kShortLimit, problems);
  std::string district = text(fields, "district", false, kShortLimit, problems);
  if (!problems.empty()) throw core::ValidationFailed(problems);
  auto row = tx.query_one("SELECT COUNT(*), COALESCE(MAX(position), -1) FROM pb_projects "
                          "WHERE organisation_id = $1 AND process_id = $2",
                          {officer.organisation_id, process_id});
  if (row->integer(0) >= std::int64_t(kMostProjects))
    throw core::localised(409, "conflict", "commission.error.too_many_projects", "name");
  std::int64_t position = row->integer(1) + 1;
  std::string code = std::to_string(position + 1);
  tx.execute("INSERT INTO pb_projects (organisation_id, process_id, code, position, name, cost_minor, category, "
             "district, name_cy) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
             {officer.organisation_id, process_id, code, position, name, *cost, category, district, name_cy});
  audit::record(tx, officer, "add_project", "pb_process", process_id, std::nullopt,
                json::object{{"code", code}, {"name", name}, {"cost_minor", *cost}});
  return code;
}

void set_ballot_limits(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                       const BallotLimitsInput& input) {
  Process process = require_process(tx, officer, process_id);
  if (!process.source.empty()) throw core::localised(409, "conflict", "commission.error.imported", "one_district");
  if (ballot_frozen(process.phase)) throw core::localised(409, "conflict", "commission.error.ballot_frozen", "one_district");
  std::vector<core::FieldProblem> problems;
  // A row's name: given, plain text, short, and named once.
  auto name_ok = [&](const NamedAmount& row, std::set<std::string>& seen) {
    std::string name(core::trimmed(row.name));
    if (name.empty()) problems.push_back({row.field, "commission.error.limit_name_missing"});
    else if (!core::text_problem(name).empty()) problems.push_back({row.field, "commission.error.text_invalid"});
    else if (core::utf8_length(name) > kShortLimit) problems.push_back({row.field, "commission.error.too_long"});
    else if (!seen.insert(name).second) problems.push_back({row.field, "commission.error.limit_name_repeated"});
    else return true;
    return false;
  };
  std::map<std::string, std::int64_t> budgets, limits;
  std::set<std::string> seen_districts, seen_categories;
  std::int64_t budgets_total = 0;
  std::string last_budget_field;
  for (const auto& row : input.district_budgets) {
    if (core::trimmed(row.typed).empty() || !name_ok(row, seen_districts)) continue;
    auto amount = money(http::Fields{{row.field, row.typed}}, row.field, true, problems);
    if (!amount) continue;
    budgets[std::string(core::trimmed(row.name))] = *amount;
    budgets_total += std::min(*amount, core::kMaxMoneyMinor);
    last_budget_field = row.field;
  }
  if (budgets_total > process.budget_minor)
    problems.push_back({last_budget_field, "commission.error.district_budgets_over"});
  for (const auto& row : input.category_limits) {
    if (core::trimmed(row.typed).empty() || !name_ok(row, seen_categories)) continue;
    auto most = whole_number(std::string(core::trimmed(row.typed)));
    if (!most || *most < 1 || *most > std::int64_t(kMostProjects)) problems.push_back({row.field, "commission.error.category_most"});
    else limits[std::string(core::trimmed(row.name))] = *most;
  }
  if (!problems.empty()) throw core::ValidationFailed(problems);
  tx.execute("UPDATE pb_processes SET one_district = $3, district_budgets = $4, category_limits = $5, updated_at = $6 "
             "WHERE organisation_id = $1 AND id = $2",
             {officer.organisation_id, process_id, std::int64_t(input.one_district ? 1 : 0), amounts_text(budgets),
              amounts_text(limits), core::now_utc()});
  audit::record(tx, officer, "set_ballot_limits", "pb_process", process_id,
                json::object{{"one_district", process.rules.one_district},
                             {"district_budgets", json::parse(amounts_text(process.district_budgets))},
                             {"category_limits", json::parse(amounts_text(process.rules.category_most))}},
                json::object{{"one_district", input.one_district},
                             {"district_budgets", json::parse(amounts_text(budgets))},
                             {"category_limits", json::parse(amounts_text(limits))}});
}

void change_phase(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                  const std::string& to, const std::string& reason_text) {
  // The row lock every vote takes first: no ballot lands after voting closed.
  tx.execute("UPDATE pb_processes SET updated_at = updated_at WHERE organisation_id = $1 AND id = $2",
             {officer.organisation_id, process_id});
  Process process = require_process(tx, officer, process_id);
  if (!process.source.empty())
    throw core::localised(409, "conflict", "commission.error.imported", "phase");
  auto from_index = phase_index(process.phase);
  auto to_index = phase_index(to);
  if (!to_index) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"phase", "commission.error.phase_unknown"}});
  std::string reason(core::trimmed(reason_text));
  if (core::utf8_length(reason) > kTextLimit || !core::text_problem(reason).empty()) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"reason", "commission.error.too_long"}});
  if (*to_index == *from_index) throw core::localised(409, "conflict", "commission.error.phase_same", "phase");
  check_phase_used(tx, officer.organisation_id, process_id, to);  // a phase not used is moved past
  const std::size_t published = *phase_index("ballot_published"), voting = *phase_index("voting");
  if (*to_index < *from_index) {
    if (*from_index >= voting) throw core::localised(409, "conflict", "commission.error.phase_back_after_voting", "phase");
    if (reason.empty()) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"reason", "commission.error.reason_missing"}});
  } else if (*from_index >= published && *to_index != *from_index + 1) {
    throw core::localised(409, "conflict", "commission.error.phase_one_step", "phase");
  } else if (*from_index < published && *to_index > published) {
    throw core::localised(409, "conflict", "commission.error.phase_publish_first", "phase");
  }
  if (to == "results_published") throw core::localised(409, "conflict", "commission.error.phase_sign_off", "phase");

  if (to == "counting" && !paper_summary(tx, officer.organisation_id, process_id).settled())
    throw core::localised(409, "conflict", "commission.error.papers_unsettled", "phase");
  // Leaving shortlisting forward closes the shortlist (before the ballot takes the feasible proposals).
  if (process.phase == "shortlisting" && *to_index > *from_index) close_shortlist(tx, officer, process_id);
  std::string hash = process.definition_sha256;
  if (*to_index == published && *from_index < published) {
    ballot_from_proposals(tx, officer, process_id);
    if (list_projects(tx, officer.organisation_id, process_id).empty())
      throw core::localised(409, "conflict", "commission.error.no_projects", "phase");
    hash = frozen_definition_hash(tx, process);
  } else if (*to_index < published) {
    hash.clear();  // back before the ballot: it may change again
  }
  tx.execute("UPDATE pb_processes SET phase = $3, definition_sha256 = $4, updated_at = $5 "
             "WHERE organisation_id = $1 AND id = $2",
             {officer.organisation_id, process_id, to, hash, core::now_utc()});
  if (to == "counting") {
    count(tx, officer.organisation_id, process_id);
    record_commissioning(tx, officer, process);
  }
  if (to == "delivering") start_delivery(tx, officer, process);
  json::object after{{"phase", to}};
  if (!reason.empty()) after["reason"] = reason;
  if (hash != process.definition_sha256) after["definition_sha256"] = hash;
  audit::record(tx, officer, "change_phase", "pb_process", process_id, json::object{{"phase", phase_name(process.phase)}},
                after);
}

void move_closing_date(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                       const std::string& date_text, const std::string& reason_text) {
  Process process = require_process(tx, officer, process_id);
  std::string date(core::trimmed(date_text)), reason(core::trimmed(reason_text));
  std::vector<core::FieldProblem> problems;
  if (!core::is_iso_date(date)) problems.push_back({"voting_closes_on", "commission.error.date"});
  else if (voting_open(process.phase) && date < core::today_utc())
    problems.push_back({"voting_closes_on", "commission.error.date_past"});
  if (voting_open(process.phase) && reason.empty()) problems.push_back({"reason", "commission.error.reason_missing"});
  if (core::utf8_length(reason) > kTextLimit) problems.push_back({"reason", "commission.error.too_long"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  if (*phase_index(process.phase) > *phase_index("voting"))
    throw core::localised(409, "conflict", "commission.error.voting_over", "voting_closes_on");
  tx.execute("UPDATE pb_processes SET voting_closes_on = $3, updated_at = $4 WHERE organisation_id = $1 AND id = $2",
             {officer.organisation_id, process_id, date, core::now_utc()});
  json::object after{{"voting_closes_on", date}};
  if (!reason.empty()) after["reason"] = reason;
  audit::record(tx, officer, "move_closing_date", "pb_process", process_id,
                json::object{{"voting_closes_on", process.voting_closes_on}}, after);
}

void sign_off(store::Connection& tx, const core::Principal& councillor, const std::string& process_id) {
  Process process = require_process(tx, councillor, process_id);
  if (process.phase != "counting")
    throw core::localised(409, "conflict", "commission.error.sign_off_phase", "phase");
  std::string now = core::now_utc();
  tx.execute("UPDATE pb_processes SET phase = 'results_published', signed_off_by = $3, signed_off_at = $4, "
             "updated_at = $4 WHERE organisation_id = $1 AND id = $2",
             {councillor.organisation_id, process_id, councillor.account_id, now});
  audit::record(tx, councillor, "sign_off", "pb_process", process_id, json::object{{"phase", "counting"}},
                json::object{{"phase", "results_published"}, {"definition_sha256", process.definition_sha256}});
}

void override_project(store::Connection& tx, const core::Principal& councillor, const std::string& process_id,
                      const std::string& code, bool chosen, const std::string& reason_text) {
  Process process = require_process(tx, councillor, process_id);
  if (process.phase != "counting") throw core::localised(409, "conflict", "commission.error.sign_off_phase", "phase");
  std::string reason(core::trimmed(reason_text));
  std::vector<core::FieldProblem> problems;
  bool known = false;
  for (const auto& p : list_projects(tx, councillor.organisation_id, process_id)) known = known || p.code == code;
  if (!known) problems.push_back({"code", "commission.error.choice_unknown"});
  if (reason.empty()) problems.push_back({"reason", "commission.error.reason_missing"});
  else if (core::utf8_length(reason) > kTextLimit || !core::text_problem(reason).empty())
    problems.push_back({"reason", "commission.error.too_long"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  tx.execute("DELETE FROM pb_overrides WHERE organisation_id = $1 AND process_id = $2 AND code = $3",
             {councillor.organisation_id, process_id, code});
  tx.execute("INSERT INTO pb_overrides (organisation_id, process_id, code, chosen, reason, decided_by, decided_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {councillor.organisation_id, process_id, code, std::int64_t(chosen ? 1 : 0), reason,
              councillor.signed_in() ? store::Value(councillor.account_id) : store::Value(), core::now_utc()});
  audit::record(tx, councillor, "override", "pb_process", process_id, std::nullopt,
                json::object{{"project", code}, {"chosen", chosen}, {"reason", reason}});
}

std::vector<Override> overrides(store::Connection& c, const std::string& org, const std::string& process_id) {
  std::vector<Override> out;
  for (const auto& row : c.query("SELECT o.code, o.chosen, o.reason, o.decided_at FROM pb_overrides o JOIN pb_projects p "
                                 "ON p.organisation_id = o.organisation_id AND p.process_id = o.process_id AND p.code = o.code "
                                 "WHERE o.organisation_id = $1 AND o.process_id = $2 ORDER BY p.position",
                                 {org, process_id}))
    out.push_back({row.text(0), row.text(2), row.text(3), row.integer(1) != 0});
  return out;
}

std::vector<std::string> winners(store::Connection& c, const std::string& org, const std::string& process_id,
                                 const std::vector<std::string>& engine_selected) {
  auto decided = overrides(c, org, process_id);
  auto overridden = [&](const std::string& code) -> const Override* {
    for (const auto& o : decided)
      if (o.code == code) return &o;
    return nullptr;
  };
  std::vector<std::string> out;
  for (const auto& code : engine_selected)
    if (const auto* o = overridden(code); !o || o->chosen) out.push_back(code);
  for (const auto& o : decided)
    if (o.chosen && std::find(out.begin(), out.end(), o.code) == out.end()) out.push_back(o.code);
  return out;
}

std::vector<Project> list_projects(store::Connection& c, const std::string& org, const std::string& process_id) {
  std::vector<Project> out;
  for (const auto& row : c.query("SELECT code, name, category, district, cost_minor, name_cy FROM pb_projects "
                                 "WHERE organisation_id = $1 AND process_id = $2 ORDER BY position",
                                 {org, process_id}))
    out.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.text(5)});
  return out;
}

}  // namespace coproduce::commission::process
