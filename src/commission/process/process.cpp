#include "commission/process/process.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "access/secrets.hpp"
#include "audit/audit.hpp"
#include "commission/pb/outcome_json.hpp"
#include "commission/pb/parser.hpp"
#include "commission/pb/rules.hpp"
#include "commission/pb/writer.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/roles.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

constexpr std::size_t kRowsPerInsert = 400;

std::string text_of(const pb::Fields& fields, std::string_view key) {
  const std::string* value = pb::field_value(fields, key);
  return value ? std::string(pb::trim(*value)) : std::string();
}

std::int64_t minor_or_fail(const mpq_class& amount, const std::string& field, const std::string& what) {
  auto minor = exact_minor(amount);
  if (!minor) throw core::invalid(field, what + " is not a whole number of minor units (at most two decimal places)");
  if (*minor < 0) throw core::invalid(field, what + " is negative");
  return *minor;
}

pb::TieBreak tie_break_or_fail(const std::string& name) {
  if (name == "by-id") return pb::TieBreak::by_id;
  if (name == "cost-votes-id") return pb::TieBreak::fewer_cost_more_votes_then_id;
  throw core::invalid("tie_break", "unknown tie-break '" + name + "' (by-id or cost-votes-id)");
}

void check_rule(const std::string& rule) {
  auto names = pb::rule_names();
  if (std::find(names.begin(), names.end(), rule) != names.end()) return;
  std::string known;
  for (const auto& name : names) known += " " + name;
  throw core::invalid("rule", "unknown rule '" + rule + "' (known:" + known + ")");
}

std::string default_name(const pb::Instance& instance) {
  auto meta = [&](std::string_view key) {
    const std::string* value = instance.meta_value(key);
    return value ? std::string(pb::trim(*value)) : std::string();
  };
  std::string name = meta("unit");
  std::string edition = meta("instance");
  if (!edition.empty()) name += (name.empty() ? "" : " ") + edition;
  std::string subunit = meta("subunit");
  if (!subunit.empty() && subunit != meta("unit")) name += (name.empty() ? "" : ": ") + subunit;
  if (name.empty()) name = instance.name;
  return name;
}

std::string currency_of(const pb::Instance& instance) {
  const std::string* value = instance.meta_value("currency");
  std::string code = value ? std::string(pb::trim(*value)) : "";
  bool ok = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  return ok ? code : "GBP";
}

// The frozen definition: what a ballot means and how it is counted.
std::string definition_hash(const std::string& kind, const std::string& rule, const std::string& tie_break,
                            std::int64_t budget_minor, const std::string& currency,
                            const std::vector<std::pair<std::string, std::int64_t>>& projects) {
  json::array items;
  for (const auto& [code, cost] : projects) items.push_back(json::object{{"code", code}, {"cost_minor", cost}});
  json::object definition{{"ballot_kind", kind},       {"rule", rule},
                          {"tie_break", tie_break},     {"budget_minor", budget_minor},
                          {"currency", currency},       {"projects", std::move(items)}};
  return access::sha256_hex(json::serialize(definition));
}

Process process_of(const store::Row& row) {
  Process p;
  p.organisation_id = row.text(0);
  p.id = row.text(1);
  p.area_id = row.opt_text(2).value_or("");
  p.name_en = row.text(3);
  p.name_cy = row.text(4);
  p.currency = row.text(5);
  p.budget_minor = row.integer(6);
  p.phase = row.text(7);
  p.rule = row.text(8);
  p.tie_break = row.text(9);
  p.ballot_kind = row.text(10);
  p.definition_sha256 = row.text(11);
  p.source = row.text(12);
  p.created_at = row.text(13);
  p.voters = row.integer(14);
  p.rules.min = row.integer(15);
  p.rules.max = row.opt_integer(16);
  p.rules.cost_limit_minor = row.opt_integer(17);
  p.voting_closes_on = row.opt_text(18).value_or("");
  p.initiative_id = row.opt_text(19).value_or("");
  p.signed_off_by = row.opt_text(20).value_or("");
  p.signed_off_at = row.opt_text(21).value_or("");
  p.rules.one_district = row.integer(22) != 0;
  p.district_budgets = amounts_of(row.text(23));
  p.rules.category_most = amounts_of(row.text(24));
  p.rules.points_total = row.opt_integer(25);
  p.rules.points_most = row.opt_integer(26);
  p.rules.minimum_age = row.opt_integer(27);
  for (auto entry : pb::detail::split_list(row.text(28))) p.rules.postcodes.emplace_back(entry);
  return p;
}

constexpr char kProcessColumns[] =
    "SELECT p.organisation_id, p.id, p.area_id, p.name_en, p.name_cy, p.currency, p.budget_minor, p.phase, "
    "p.rule, p.tie_break, p.ballot_kind, p.definition_sha256, p.source, p.created_at, "
    "(SELECT COUNT(*) FROM pb_ballots b WHERE b.organisation_id = p.organisation_id AND b.process_id = p.id), "
    "p.ballot_min, p.ballot_max, p.cost_limit_minor, p.voting_closes_on, p.initiative_id, p.signed_off_by, "
    "p.signed_off_at, p.one_district, p.district_budgets, p.category_limits, p.points_total, p.points_most, "
    "p.minimum_age, p.postcodes FROM pb_processes p ";

// One project's part of the outcome: its MES note and round, greedy step, Phragmen load.
std::map<std::string, json::object> explanations(const json::object& outcome) {
  std::map<std::string, json::object> out;
  auto project_of = [](const json::value& v) -> std::string {
    const auto& p = v.as_object().at("project");
    return p.is_string() ? std::string(p.as_string()) : std::string();
  };
  if (const auto* mes = outcome.if_contains("mes")) {
    for (const auto& note : mes->as_object().at("projects").as_array())
      out[project_of(note)]["mes"] = note;
    for (const auto& round : mes->as_object().at("rounds").as_array())
      out[project_of(round)]["mes_round"] = round;
  }
  if (const auto* greedy = outcome.if_contains("greedy")) {
    for (const auto& step : greedy->as_object().at("steps").as_array())
      out[project_of(step)]["greedy"] = step;
  }
  if (const auto* phragmen = outcome.if_contains("phragmen")) {
    for (const auto& step : phragmen->as_array()) out[project_of(step)]["phragmen"] = step;
  }
  return out;
}

}  // namespace

void insert_rows(store::Connection& tx, const std::string& head, std::size_t width,
                 const std::vector<store::Value>& values) {
  std::size_t rows = values.size() / width;
  for (std::size_t start = 0; start < rows; start += kRowsPerInsert) {
    std::size_t count = std::min(kRowsPerInsert, rows - start);
    std::string sql = head + " VALUES ";
    store::Params params;
    params.reserve(count * width);
    for (std::size_t r = 0; r < count; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < width; ++c) {
        sql += (c == 0 ? "$" : ", $") + std::to_string(r * width + c + 1);
        params.push_back(values[(start + r) * width + c]);
      }
      sql += ")";
    }
    tx.execute(sql, params);
  }
}

bool results_public(std::string_view phase) {
  return phase == "results_published" || phase == "delivering" || phase == "closed";
}

std::optional<std::int64_t> exact_minor(const mpq_class& amount) {
  mpq_class minor = amount * 100;
  minor.canonicalize();
  if (minor.get_den() != 1) return std::nullopt;
  if (!minor.get_num().fits_slong_p()) return std::nullopt;
  return static_cast<std::int64_t>(minor.get_num().get_si());
}

mpq_class units_of(std::int64_t minor) {
  mpq_class value{mpz_class(static_cast<long>(minor)), mpz_class(100)};
  value.canonicalize();
  return value;
}

std::string import_instance(store::Connection& tx, const std::string& org, const pb::Instance& instance,
                            const ImportOptions& options) {
  check_rule(options.rule);
  tie_break_or_fail(options.tie_break);
  std::int64_t budget = minor_or_fail(instance.budget, "budget", "the budget");
  std::string currency = currency_of(instance);
  std::string kind(pb::to_string(instance.vote_type));
  std::vector<std::pair<std::string, std::int64_t>> costs;
  std::vector<store::Value> projects;
  std::string id = core::new_id();
  for (std::size_t i = 0; i < instance.projects.size(); ++i) {
    const pb::Project& project = instance.projects[i];
    std::int64_t cost = minor_or_fail(project.cost, "cost", "the cost of project " + project.id);
    costs.emplace_back(project.id, cost);
    std::string category;
    for (const auto& c : project.categories) category += (category.empty() ? "" : ",") + c;
    for (store::Value v : {store::Value(org), store::Value(id), store::Value(project.id),
                           store::Value(static_cast<std::int64_t>(i)), store::Value(text_of(project.fields, "name")),
                           store::Value(cost), store::Value(category),
                           store::Value(text_of(project.fields, "district"))})
      projects.push_back(std::move(v));
  }
  std::string name_en = options.name_en.empty() ? default_name(instance) : options.name_en;
  std::string name_cy = options.name_cy.empty() ? name_en : options.name_cy;
  std::string now = core::now_utc();
  std::string hash = definition_hash(kind, options.rule, options.tie_break, budget, currency, costs);
  tx.execute(
      "INSERT INTO pb_processes (organisation_id, id, area_id, name_en, name_cy, currency, budget_minor, phase, "
      "rule, tie_break, ballot_kind, definition_sha256, source, created_at, updated_at) "
      "VALUES ($1, $2, NULL, $3, $4, $5, $6, 'closed', $7, $8, $9, $10, $11, $12, $12)",
      {org, id, name_en, name_cy, currency, budget, options.rule, options.tie_break, kind, hash, instance.name, now});
  insert_rows(tx,
              "INSERT INTO pb_projects (organisation_id, process_id, code, position, name, cost_minor, category, "
              "district)",
              8, projects);
  bool scored = instance.vote_type == pb::VoteType::cumulative || instance.vote_type == pb::VoteType::scoring;
  std::vector<store::Value> ballots;
  ballots.reserve(instance.ballots.size() * 7);
  for (std::size_t i = 0; i < instance.ballots.size(); ++i) {
    const pb::Ballot& ballot = instance.ballots[i];
    const std::string* vote = pb::field_value(ballot.fields, "vote");
    const std::string* points = scored ? pb::field_value(ballot.fields, "points") : nullptr;
    ballots.emplace_back(org);
    ballots.emplace_back(id);
    ballots.emplace_back(static_cast<std::int64_t>(i));
    ballots.emplace_back(ballot.voter_id);
    ballots.emplace_back(std::string("import"));
    ballots.emplace_back(vote ? *vote : std::string());
    ballots.emplace_back(points ? *points : std::string());
  }
  insert_rows(tx,
              "INSERT INTO pb_ballots (organisation_id, process_id, position, voter_key, channel, choices, points)",
              7, ballots);
  audit::record(tx, core::Principal::system_in(org), "import", "pb_process", id, std::nullopt,
                json::object{{"name", name_en},
                             {"source", instance.name},
                             {"rule", options.rule},
                             {"tie_break", options.tie_break},
                             {"ballot_kind", kind},
                             {"budget_minor", budget},
                             {"currency", currency},
                             {"projects", instance.projects.size()},
                             {"ballots", instance.ballots.size()},
                             {"definition_sha256", hash}});
  count(tx, org, id);
  return id;
}

pb::Instance load_instance(store::Connection& c, const std::string& org, const std::string& process_id) {
  auto process = find_process(c, org, process_id);
  if (!process) throw core::not_found("Participatory budgeting process " + process_id);
  pb::Instance instance;
  instance.name = process->source.empty() ? process->id : process->source;
  instance.budget = units_of(process->budget_minor);
  if (!pb::vote_type_from_string(process->ballot_kind, instance.vote_type))
    throw std::runtime_error("process " + process_id + " has an unknown ballot kind " + process->ballot_kind);
  instance.meta = {{"description", process->name_en},
                   {"budget", pb::decimal_text(instance.budget)},
                   {"vote_type", process->ballot_kind},
                   {"currency", process->currency}};
  instance.project_columns = {"project_id", "cost", "name", "category", "district"};
  for (const auto& row : c.query("SELECT code, cost_minor, name, category, district FROM pb_projects "
                                 "WHERE organisation_id = $1 AND process_id = $2 ORDER BY position",
                                 {org, process_id})) {
    pb::Project project;
    project.id = row.text(0);
    project.cost = units_of(row.integer(1));
    for (auto category : pb::detail::split_list(row.text(3))) project.categories.emplace_back(category);
    project.fields = {{"project_id", project.id}, {"cost", pb::decimal_text(project.cost)},
                      {"name", row.text(2)},      {"category", row.text(3)},
                      {"district", row.text(4)}};
    instance.projects.push_back(std::move(project));
  }
  pb::detail::IdIndex index;
  index.reserve(instance.projects.size() * 2);
  for (std::size_t i = 0; i < instance.projects.size(); ++i) index.emplace(instance.projects[i].id, int(i));
  bool scored = instance.vote_type == pb::VoteType::cumulative || instance.vote_type == pb::VoteType::scoring;
  instance.vote_columns = scored ? std::vector<std::string>{"voter_id", "vote", "points"}
                                 : std::vector<std::string>{"voter_id", "vote"};
  auto rows = c.query("SELECT voter_key, choices, points FROM pb_ballots "
                      "WHERE organisation_id = $1 AND process_id = $2 ORDER BY position",
                      {org, process_id});
  instance.ballots.reserve(rows.size());
  pb::detail::BallotScratch scratch;
  for (const auto& row : rows) {
    pb::Ballot ballot;
    ballot.voter_id = row.text(0);
    std::string_view points = row.text(2);
    try {
      pb::detail::read_ballot_items(row.text(1), scored ? &points : nullptr, index, scratch, ballot.items,
                                    ballot.points);
    } catch (const pb::detail::FieldError& error) {
      throw std::runtime_error("process " + process_id + ": a stored ballot is unreadable (" + error.field +
                               ": " + error.message + ")");
    }
    ballot.fields = {{"voter_id", ballot.voter_id}, {"vote", row.text(1)}};
    if (scored) ballot.fields.emplace_back("points", row.text(2));
    instance.ballots.push_back(std::move(ballot));
  }
  return instance;
}

std::vector<Pot> pots_of(const Process& process, const pb::Instance& instance) {
  if (process.district_budgets.empty()) {
    Pot whole{"", process.budget_minor, {}};
    for (std::size_t i = 0; i < instance.projects.size(); ++i) whole.projects.push_back(int(i));
    return {whole};
  }
  std::vector<Pot> pots;
  Pot city{"", process.budget_minor, {}};
  for (const auto& [district, budget] : process.district_budgets) {
    pots.push_back({district, budget, {}});
    city.budget_minor -= budget;
  }
  for (std::size_t i = 0; i < instance.projects.size(); ++i) {
    const std::string* district = pb::field_value(instance.projects[i].fields, "district");
    auto pot = std::find_if(pots.begin(), pots.end(), [&](const Pot& p) { return district && p.district == *district; });
    (pot == pots.end() ? city : *pot).projects.push_back(int(i));
  }
  pots.push_back(std::move(city));
  return pots;
}

pb::Instance pot_instance(const pb::Instance& whole, const Pot& pot) {
  pb::Instance out;
  out.name = whole.name;
  out.meta = whole.meta;
  for (auto& [key, value] : out.meta)
    if (key == "budget") value = pb::decimal_text(units_of(pot.budget_minor));
  out.meta.emplace_back("district", pot.district.empty() ? "city-wide" : pot.district);
  out.vote_type = whole.vote_type;
  out.budget = units_of(pot.budget_minor);
  out.project_columns = whole.project_columns;
  out.vote_columns = whole.vote_columns;
  std::vector<int> index_in_pot(whole.projects.size(), -1);
  for (int i : pot.projects) {
    index_in_pot[std::size_t(i)] = int(out.projects.size());
    out.projects.push_back(whole.projects[std::size_t(i)]);
  }
  for (const auto& ballot : whole.ballots) {
    pb::Ballot part;
    part.voter_id = ballot.voter_id;
    for (std::size_t k = 0; k < ballot.items.size(); ++k) {
      int at = index_in_pot[std::size_t(ballot.items[k])];
      if (at < 0) continue;
      part.items.push_back(at);
      if (!ballot.points.empty()) part.points.push_back(ballot.points[k]);
    }
    if (part.items.empty()) continue;
    part.fields = {{"voter_id", part.voter_id}};
    out.ballots.push_back(std::move(part));
  }
  return out;
}

void count(store::Connection& tx, const std::string& org, const std::string& process_id) {
  auto process = find_process(tx, org, process_id);
  if (!process) throw core::not_found("Participatory budgeting process " + process_id);
  pb::Instance instance = load_instance(tx, org, process_id);
  pb::RuleOptions options;
  options.tie_break = tie_break_or_fail(process->tie_break);
  std::vector<Pot> pots = pots_of(*process, instance);
  std::vector<std::optional<std::int64_t>> order(instance.projects.size());
  std::map<std::string, json::object> notes;
  json::object outcome_json;
  json::array pot_outcomes;
  mpq_class total_cost = 0;
  std::int64_t place = 0;
  for (const auto& pot : pots) {
    pb::Instance part = pots.size() == 1 ? pb::Instance() : pot_instance(instance, pot);
    const pb::Instance& counted = pots.size() == 1 ? instance : part;
    pb::Outcome outcome;
    try {
      outcome = pb::run_rule(counted, process->rule, options);
    } catch (const std::invalid_argument& error) {
      throw core::invalid("rule", error.what());
    }
    json::object pot_json = pb::outcome_to_json(counted, outcome).as_object();
    for (auto& [code, note] : explanations(pot_json)) {
      if (pots.size() > 1) note["pot"] = json::object{{"district", pot.district}, {"budget_minor", pot.budget_minor}};
      notes[code] = std::move(note);
    }
    for (int selected : outcome.selected) order[std::size_t(pot.projects[std::size_t(selected)])] = ++place;
    total_cost += outcome.total_cost;
    if (pots.size() == 1) {
      outcome_json = std::move(pot_json);
    } else {
      pot_json["district"] = pot.district;
      pot_json["budget_minor"] = pot.budget_minor;
      pot_outcomes.push_back(std::move(pot_json));
    }
  }
  if (pots.size() > 1) {
    json::array selected;
    std::vector<std::pair<std::int64_t, std::string>> by_place;
    for (std::size_t i = 0; i < order.size(); ++i)
      if (order[i]) by_place.emplace_back(*order[i], instance.projects[i].id);
    std::sort(by_place.begin(), by_place.end());
    for (const auto& [at, code] : by_place) selected.push_back(json::value(code));
    outcome_json = json::object{{"rule", process->rule}, {"selected", std::move(selected)}, {"pots", std::move(pot_outcomes)}};
  }
  std::vector<std::int64_t> votes(instance.projects.size(), 0);
  for (const auto& ballot : instance.ballots)
    for (int item : ballot.items) ++votes[std::size_t(item)];
  auto total = exact_minor(total_cost);
  if (!total) throw std::runtime_error("the selected projects' total cost is not in minor units");

  tx.execute("DELETE FROM pb_result_projects WHERE organisation_id = $1 AND process_id = $2", {org, process_id});
  tx.execute("DELETE FROM pb_results WHERE organisation_id = $1 AND process_id = $2", {org, process_id});
  tx.execute("INSERT INTO pb_results (organisation_id, process_id, rule, tie_break, voters, total_cost_minor, "
             "outcome, counted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {org, process_id, process->rule, process->tie_break,
              static_cast<std::int64_t>(instance.ballots.size()), *total, json::serialize(outcome_json),
              core::now_utc()});
  std::vector<store::Value> rows;
  for (std::size_t i = 0; i < instance.projects.size(); ++i) {
    const std::string& code = instance.projects[i].id;
    json::object explanation;
    if (auto it = notes.find(code); it != notes.end()) explanation = std::move(it->second);
    explanation["selected"] = order[i].has_value();
    rows.emplace_back(org);
    rows.emplace_back(process_id);
    rows.emplace_back(code);
    rows.push_back(store::maybe(order[i]));
    rows.emplace_back(votes[i]);
    rows.emplace_back(json::serialize(explanation));
  }
  insert_rows(tx,
              "INSERT INTO pb_result_projects (organisation_id, process_id, code, selected_order, votes, explanation)",
              6, rows);
}

std::optional<Process> find_process(store::Connection& c, const std::string& org, const std::string& id) {
  auto row = c.query_one(std::string(kProcessColumns) + "WHERE p.organisation_id = $1 AND p.id = $2", {org, id});
  if (!row) return std::nullopt;
  return process_of(*row);
}

std::vector<Process> list_processes(store::Connection& c, const std::string& org) {
  std::vector<Process> out;
  for (const auto& row :
       c.query(std::string(kProcessColumns) + "WHERE p.organisation_id = $1 ORDER BY p.created_at DESC, p.id", {org}))
    out.push_back(process_of(row));
  return out;
}

std::optional<Result> load_result(store::Connection& c, const std::string& org, const std::string& process_id) {
  auto head = c.query_one("SELECT rule, tie_break, counted_at, voters, total_cost_minor, outcome FROM pb_results "
                          "WHERE organisation_id = $1 AND process_id = $2",
                          {org, process_id});
  if (!head) return std::nullopt;
  Result result;
  result.rule = head->text(0);
  result.tie_break = head->text(1);
  result.counted_at = head->text(2);
  result.voters = head->integer(3);
  result.total_cost_minor = head->integer(4);
  result.outcome = json::parse(head->text(5));
  std::vector<std::pair<std::int64_t, std::string>> selected;
  for (const auto& row : c.query(
           "SELECT p.code, p.name, p.category, p.district, p.cost_minor, r.votes, r.selected_order, r.explanation, "
           "p.name_cy "
           "FROM pb_projects p JOIN pb_result_projects r ON r.organisation_id = p.organisation_id "
           "AND r.process_id = p.process_id AND r.code = p.code "
           "WHERE p.organisation_id = $1 AND p.process_id = $2 ORDER BY p.position",
           {org, process_id})) {
    ResultProject project;
    project.code = row.text(0);
    project.name = row.text(1);
    project.category = row.text(2);
    project.district = row.text(3);
    project.cost_minor = row.integer(4);
    project.votes = row.integer(5);
    project.selected_order = row.opt_integer(6);
    project.explanation = json::parse(row.text(7)).as_object();
    project.name_cy = row.text(8);
    if (project.selected_order) selected.emplace_back(*project.selected_order, project.code);
    result.projects.push_back(std::move(project));
  }
  std::sort(selected.begin(), selected.end());
  for (auto& [order, code] : selected) result.selected.push_back(std::move(code));
  return result;
}

std::map<std::string, std::int64_t> amounts_of(std::string_view stored) {
  std::map<std::string, std::int64_t> out;
  json::value parsed = json::parse(stored);  // kept alive for the loop
  for (const auto& [name, amount] : parsed.as_object()) out[std::string(name)] = amount.to_number<std::int64_t>();
  return out;
}

std::string amounts_text(const std::map<std::string, std::int64_t>& amounts) {
  json::object out;
  for (const auto& [name, amount] : amounts) out[name] = amount;
  return json::serialize(out);
}

}  // namespace coproduce::commission::process
