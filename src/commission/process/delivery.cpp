#include "commission/process/delivery.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "commission/process/lifecycle.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "map/commands.hpp"
#include "map/ledger.hpp"
#include "notify/notices.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

using Problems = std::vector<core::FieldProblem>;

std::string pounds(std::int64_t minor) { return "£" + core::format_money_minor(minor); }

bool is_member(const core::Principal& p) { return p.signed_in() && p.role.has_value(); }

// A confirmed entry the process's own record produced, recorded for the module.
std::string record(store::Connection& tx, const core::Principal& actor, map::Contribution entry) {
  entry.made_on = core::today_utc();
  entry.status = map::Status::confirmed;
  return map::Ledger(tx, actor, map::Ledger::Mode::for_module).record(std::move(entry));
}

// The officers' part: the person who did it when a member did, else "Council officers".
map::Contribution officers_part(const core::Principal& officer, const std::string& initiative_id) {
  map::Contribution c;
  c.initiative_id = initiative_id;
  c.role = map::ContributorRole::professional;
  c.kind = map::ContributionKind::expertise;
  c.visibility = map::Visibility::pseudonym;
  c.contributor_label = "Council officers";
  if (is_member(officer)) c.person_id = officer.account_id;
  return c;
}

map::Contribution voters_part(const std::string& initiative_id, std::int64_t people, std::string label) {
  map::Contribution c;
  c.initiative_id = initiative_id;
  c.people = people;
  c.role = map::ContributorRole::community_member;
  c.kind = map::ContributionKind::expertise;
  c.visibility = map::Visibility::aggregate;
  c.contributor_label = std::move(label);
  return c;
}

std::string project_source(const std::string& process_id, const std::string& code) {
  return process_id + "/projects/" + code;
}

Delivery require_delivery(store::Connection& c, const std::string& org, const std::string& process_id,
                          const std::string& code) {
  auto d = delivery_of(c, org, process_id, code);
  if (!d) throw core::not_found("Delivered project " + code + " of process " + process_id);
  return *d;
}

void require_lead(const core::Principal& actor, const Delivery& d) {
  if (actor.has(core::Role::officer) || (!d.responsible_id.empty() && d.responsible_id == actor.account_id)) return;
  throw core::localised(403, "forbidden", "commission.error.not_lead");
}

}  // namespace

int Delivery::progress() const {
  if (milestones.empty()) return status == "done" ? 100 : 0;
  int done = 0;
  for (const auto& m : milestones) done += m.done_on.empty() ? 0 : 1;
  return done * 100 / int(milestones.size());
}

std::string process_initiative(store::Connection& tx, const core::Principal& officer, const std::string& name,
                               const std::string& area_id, std::int64_t budget_minor) {
  map::Fields fields = {{"name", name},
                        {"summary", "A participatory budget of " + pounds(budget_minor) +
                                        ": residents propose projects and vote; officers cost, count and deliver them."},
                        {"started_on", core::today_utc()},
                        {"governance_driver", "true"}};
  if (!area_id.empty()) fields["area_id"] = area_id;
  return map::create_initiative_in(tx, officer, fields);
}

void record_commissioning(store::Connection& tx, const core::Principal& officer, const Process& p) {
  if (p.initiative_id.empty()) return;
  auto voters = tx.query_one("SELECT COUNT(*) FROM pb_ballots WHERE organisation_id = $1 AND process_id = $2",
                             {p.organisation_id, p.id})
                    ->integer(0);
  auto prepared = officers_part(officer, p.initiative_id);
  prepared.phase = map::Phase::commissioning;
  prepared.description = "Prepared the participatory budget: projects costed, the ballot published, the votes counted";
  prepared.source_type = "commission.process";
  prepared.source_id = p.id;
  record(tx, officer, prepared);
  if (voters > 0) {
    auto voted = voters_part(p.initiative_id, voters, "Voters");
    voted.phase = map::Phase::commissioning;
    voted.description = "Voted in the participatory budget (" + std::to_string(voters) + " ballots)";
    voted.source_type = "commission.vote";
    voted.source_id = p.id;
    record(tx, officer, voted);
  }
  // Each booth officer's paper entries.
  for (const auto& row : tx.query("SELECT e.entered_by, COUNT(*) FROM pb_paper_entries e JOIN memberships m "
                                  "ON m.organisation_id = e.organisation_id AND m.account_id = e.entered_by "
                                  "WHERE e.organisation_id = $1 AND e.process_id = $2 GROUP BY e.entered_by",
                                  {p.organisation_id, p.id})) {
    map::Contribution booth;
    booth.initiative_id = p.initiative_id;
    booth.person_id = row.text(0);
    booth.role = map::ContributorRole::professional;
    booth.phase = map::Phase::commissioning;
    booth.kind = map::ContributionKind::expertise;
    booth.visibility = map::Visibility::pseudonym;
    booth.contributor_label = "Booth officer";
    booth.description = "Entered " + std::to_string(row.integer(1)) + " paper ballots at the count";
    booth.source_type = "commission.booth";
    booth.source_id = p.id;
    record(tx, officer, booth);
  }
}

void start_delivery(store::Connection& tx, const core::Principal& officer, const Process& p) {
  auto result = load_result(tx, p.organisation_id, p.id);
  if (!result) return;
  std::string now = core::now_utc();
  for (const auto& code : winners(tx, p.organisation_id, p.id, result->selected)) {
    const ResultProject* project = nullptr;
    for (const auto& r : result->projects)
      if (r.code == code) project = &r;
    if (!project) continue;
    std::string name = project->name.empty() ? "Project " + code : project->name;
    map::Fields fields = {{"name", name},
                          {"summary", "Chosen by residents in " + p.name_en + " (" + pounds(project->cost_minor) + ")."},
                          {"started_on", core::today_utc()}};
    if (!p.area_id.empty()) fields["area_id"] = p.area_id;
    std::string initiative = map::create_initiative_in(tx, officer, fields);
    tx.execute("INSERT INTO pb_deliveries (organisation_id, process_id, code, initiative_id, status, updated_at) "
               "VALUES ($1, $2, $3, $4, 'planned', $5)",
               {p.organisation_id, p.id, code, initiative, now});
    auto prepared = officers_part(officer, initiative);
    prepared.phase = map::Phase::commissioning;
    prepared.description = "Worked the project up for the ballot: feasibility and cost";
    prepared.source_type = "commission.project";
    prepared.source_id = project_source(p.id, code);
    record(tx, officer, prepared);
    if (project->votes > 0) {
      auto chose = voters_part(initiative, project->votes, "Supporters");
      chose.phase = map::Phase::commissioning;
      chose.description = "Voted for this project in " + p.name_en;
      chose.source_type = "commission.project";
      chose.source_id = project_source(p.id, code);
      record(tx, officer, chose);
    }
  }
}

std::vector<Delivery> deliveries(store::Connection& c, const std::string& org, const std::string& process_id) {
  std::vector<Delivery> out;
  for (const auto& row : c.query(
           "SELECT d.code, p.name, d.initiative_id, d.responsible_id, d.status, "
           "(SELECT COUNT(*) FROM pb_followers f WHERE f.organisation_id = d.organisation_id AND f.process_id = "
           "d.process_id AND f.code = d.code) FROM pb_deliveries d JOIN pb_projects p ON p.organisation_id = "
           "d.organisation_id AND p.process_id = d.process_id AND p.code = d.code "
           "WHERE d.organisation_id = $1 AND d.process_id = $2 ORDER BY p.position",
           {org, process_id})) {
    Delivery d;
    d.code = row.text(0);
    d.name = row.text(1);
    d.initiative_id = row.text(2);
    d.responsible_id = row.opt_text(3).value_or("");
    d.status = row.text(4);
    d.followers = row.integer(5);
    for (const auto& m : c.query("SELECT position, title, due_on, done_on FROM pb_milestones WHERE organisation_id = "
                                 "$1 AND process_id = $2 AND code = $3 ORDER BY position",
                                 {org, process_id, d.code}))
      d.milestones.push_back({m.integer(0), m.text(1), m.opt_text(2).value_or(""), m.opt_text(3).value_or("")});
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<Delivery> delivery_of(store::Connection& c, const std::string& org, const std::string& process_id,
                                    const std::string& code) {
  for (auto& d : deliveries(c, org, process_id))
    if (d.code == code) return d;
  return std::nullopt;
}

void add_milestone(store::Connection& tx, const core::Principal& actor, const std::string& process_id,
                   const std::string& code, const std::string& title_text, const std::string& due_on) {
  Delivery d = require_delivery(tx, actor.organisation_id, process_id, code);
  require_lead(actor, d);
  std::string title = core::trimmed(title_text);
  Problems problems;
  if (title.empty()) problems.push_back({"title", "commission.error.milestone_missing"});
  else if (title.size() > 200 || !core::text_problem(title).empty()) problems.push_back({"title", "commission.error.too_long"});
  if (!due_on.empty() && !core::is_iso_date(due_on)) problems.push_back({"due_on", "commission.error.date"});
  if (d.milestones.size() >= 50) problems.push_back({"title", "commission.error.too_many_milestones"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  std::int64_t position = d.milestones.empty() ? 1 : d.milestones.back().position + 1;
  tx.execute("INSERT INTO pb_milestones (organisation_id, process_id, code, position, title, due_on) "
             "VALUES ($1, $2, $3, $4, $5, $6)",
             {actor.organisation_id, process_id, code, position, title,
              due_on.empty() ? store::Value() : store::Value(due_on)});
  audit::record(tx, actor, "add_milestone", "pb_process", process_id, std::nullopt,
                json::object{{"project", code}, {"title", title}});
}

void reach_milestone(store::Connection& tx, const core::Principal& actor, const std::string& process_id,
                     const std::string& code, std::int64_t position) {
  Delivery d = require_delivery(tx, actor.organisation_id, process_id, code);
  require_lead(actor, d);
  const Milestone* milestone = nullptr;
  for (const auto& m : d.milestones)
    if (m.position == position) milestone = &m;
  if (!milestone) throw core::not_found("Milestone " + std::to_string(position) + " of project " + code);
  if (!milestone->done_on.empty())
    throw core::localised(409, "conflict", "commission.error.milestone_reached", "position");
  auto work = officers_part(actor, d.initiative_id);
  work.contributor_label = "Project lead";
  work.phase = map::Phase::delivering;
  work.description = "Delivered: " + milestone->title;
  work.source_type = "commission.milestone";
  work.source_id = project_source(process_id, code);
  std::string entry = record(tx, actor, work);
  tx.execute("UPDATE pb_milestones SET done_on = $5, contribution_id = $6 WHERE organisation_id = $1 AND "
             "process_id = $2 AND code = $3 AND position = $4",
             {actor.organisation_id, process_id, code, position, core::today_utc(), entry});
  bool all_done = true;
  for (const auto& m : d.milestones) all_done = all_done && (m.position == position || !m.done_on.empty());
  tx.execute("UPDATE pb_deliveries SET status = $4, updated_at = $5 WHERE organisation_id = $1 AND process_id = $2 "
             "AND code = $3",
             {actor.organisation_id, process_id, code, std::string(all_done ? "done" : "in_progress"), core::now_utc()});
  audit::record(tx, actor, "reach_milestone", "pb_process", process_id, std::nullopt,
                json::object{{"project", code}, {"title", milestone->title}});
  for (const auto& row : tx.query("SELECT account_id FROM pb_followers WHERE organisation_id = $1 AND process_id = $2 "
                                  "AND code = $3",
                                  {actor.organisation_id, process_id, code}))
    notify::send_notice(tx, notify::Notice{actor.organisation_id, row.text(0), "commission.notice.milestone",
                                           {{"project", d.name}, {"milestone", milestone->title}},
                                           "/pb/" + process_id + "/projects/" + code});
}

void set_responsible(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                     const std::string& code, const std::string& account_id) {
  require_delivery(tx, officer.organisation_id, process_id, code);
  auto role = tx.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2",
                           {officer.organisation_id, account_id});
  if (!role || (role->text(0) != "professional" && role->text(0) != "officer"))
    throw core::ValidationFailed(Problems{{"responsible_id", "commission.error.responsible"}});
  tx.execute("UPDATE pb_deliveries SET responsible_id = $4, updated_at = $5 WHERE organisation_id = $1 AND "
             "process_id = $2 AND code = $3",
             {officer.organisation_id, process_id, code, account_id, core::now_utc()});
  audit::record(tx, officer, "set_responsible", "pb_process", process_id, std::nullopt,
                json::object{{"project", code}, {"responsible_id", account_id}});
}

void set_following(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                   const std::string& code, bool follow) {
  if (!member.signed_in()) throw core::unauthenticated();
  require_delivery(tx, member.organisation_id, process_id, code);
  if (follow)
    tx.execute("INSERT INTO pb_followers (organisation_id, process_id, code, account_id) VALUES ($1, $2, $3, $4) "
               "ON CONFLICT DO NOTHING",
               {member.organisation_id, process_id, code, member.account_id});
  else
    tx.execute("DELETE FROM pb_followers WHERE organisation_id = $1 AND process_id = $2 AND code = $3 AND "
               "account_id = $4",
               {member.organisation_id, process_id, code, member.account_id});
}

bool is_following(store::Connection& c, const core::Principal& member, const std::string& process_id,
                  const std::string& code) {
  if (!member.signed_in()) return false;
  return c.query_one("SELECT 1 FROM pb_followers WHERE organisation_id = $1 AND process_id = $2 AND code = $3 AND "
                     "account_id = $4",
                     {member.organisation_id, process_id, code, member.account_id})
      .has_value();
}

}  // namespace coproduce::commission::process
