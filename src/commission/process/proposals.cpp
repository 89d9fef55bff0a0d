#include "commission/process/proposals.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <set>

#include "access/secrets.hpp"
#include "audit/audit.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/process.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "map/ledger.hpp"
#include "notify/notices.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

using Problems = std::vector<core::FieldProblem>;

std::string get(const http::Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : core::trimmed(it->second);
}

void check_text(Problems& problems, const std::string& field, const std::string& value, bool required,
                std::size_t limit) {
  if (required && value.empty()) problems.push_back({field, "commission.error." + field + "_missing"});
  else if (!core::text_problem(value).empty()) problems.push_back({field, "commission.error.text_invalid"});
  else if (core::utf8_length(value) > limit) problems.push_back({field, "commission.error.too_long"});
}

Process require_process(store::Connection& tx, const core::Principal& actor, const std::string& id) {
  auto process = find_process(tx, actor.organisation_id, id);
  if (!process) throw core::not_found("Participatory budgeting process " + id);
  return *process;
}

Proposal require_proposal(store::Connection& tx, const core::Principal& actor, const std::string& process_id,
                          const std::string& id) {
  auto proposal = find_proposal(tx, actor.organisation_id, process_id, id);
  if (!proposal) throw core::not_found("Proposal " + id);
  return *proposal;
}

void require_phase(const Process& p, std::string_view phase) {
  if (p.phase == phase) return;
  throw core::localised(409, "conflict",
                        phase == "proposing"   ? "commission.error.not_proposing"
                        : phase == "screening" ? "commission.error.not_screening"
                                               : "commission.error.not_valuating",
                        "phase");
}

struct Read {
  std::string title, description, district, category, location;
  std::optional<std::int64_t> rough_cost;
  std::string title_cy;
};

Read read(const http::Fields& fields) {
  Read r{get(fields, "title"), get(fields, "description"), get(fields, "district"), get(fields, "category"),
         get(fields, "location"), std::nullopt, get(fields, "title_cy")};
  Problems problems;
  check_text(problems, "title", r.title, true, 200);
  check_text(problems, "title_cy", r.title_cy, false, 200);
  check_text(problems, "description", r.description, true, 4000);
  check_text(problems, "district", r.district, false, 100);
  check_text(problems, "category", r.category, false, 100);
  check_text(problems, "location", r.location, false, 200);
  if (std::string cost = get(fields, "rough_cost"); !cost.empty()) {
    r.rough_cost = core::parse_money_minor(cost);
    if (!r.rough_cost || *r.rough_cost <= 0) problems.push_back({"rough_cost", "commission.error.amount"});
  }
  if (!problems.empty()) throw core::ValidationFailed(problems);
  return r;
}

std::string member_role(store::Connection& tx, const std::string& org, const std::string& account) {
  auto row = tx.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2", {org, account});
  return row ? row->text(0) : std::string();
}

// A confirmed entry on the process's initiative for the work a person did on a proposal.
void credit(store::Connection& tx, const core::Principal& actor, const Process& p, const Proposal& proposal,
            const std::string& person, map::Phase phase, const std::string& description, const char* source) {
  if (p.initiative_id.empty()) return;
  std::string role = member_role(tx, p.organisation_id, person);
  if (role.empty()) return;  // no longer a member
  map::Contribution c;
  c.initiative_id = p.initiative_id;
  c.person_id = person;
  c.role = role == "professional" || role == "officer" ? map::ContributorRole::professional
                                                        : map::ContributorRole::community_member;
  c.phase = phase;
  c.kind = map::ContributionKind::expertise;
  c.visibility = map::Visibility::pseudonym;
  c.contributor_label = c.role == map::ContributorRole::professional ? "Council officer" : "Resident";
  c.description = description;
  c.made_on = core::today_utc();
  c.status = map::Status::confirmed;
  c.source_type = source;
  c.source_id = p.id + "/proposals/" + proposal.id;
  map::Ledger(tx, actor, map::Ledger::Mode::for_module).record(c);
}

void tell_proposer(store::Connection& tx, const Process& p, const Proposal& proposal, const char* kind,
                   const std::string& reason) {
  if (proposal.proposer_id.empty()) return;
  notify::send_notice(tx, notify::Notice{p.organisation_id, proposal.proposer_id, kind,
                                         {{"proposal", proposal.title}, {"reason", reason}},
                                         "/pb/" + p.id + "/proposals/" + proposal.id});
}

Proposal proposal_of(const store::Row& row) {
  Proposal p;
  p.id = row.text(0);
  p.proposer_id = row.opt_text(1).value_or("");
  p.title = row.text(2);
  p.description = row.text(3);
  p.district = row.text(4);
  p.category = row.text(5);
  p.rough_cost_minor = row.opt_integer(6);
  p.location = row.text(7);
  p.status = row.text(8);
  p.screening_reason = row.text(9);
  p.merged_into = row.opt_text(10).value_or("");
  p.cost_minor = row.opt_integer(11);
  p.valuation_reason = row.text(12);
  p.reply = row.text(13);
  p.reply_until = row.opt_text(14).value_or("");
  p.project_code = row.opt_text(15).value_or("");
  p.created_at = row.text(16);
  p.title_cy = row.text(17);
  return p;
}

// The proposals the closed shortlist left out.
std::set<std::string> off_the_shortlist(store::Connection& c, const std::string& org, const std::string& process_id) {
  std::set<std::string> out;
  for (const auto& row : c.query("SELECT proposal_id FROM pb_shortlist WHERE organisation_id = $1 AND process_id = $2 "
                                 "AND shortlisted = 0",
                                 {org, process_id}))
    out.insert(row.text(0));
  return out;
}

// The row lock change_phase takes first: a support or a threshold never lands
// beside a shortlist being closed.
void lock_process(store::Connection& tx, const std::string& org, const std::string& process_id) {
  tx.execute("UPDATE pb_processes SET updated_at = updated_at WHERE organisation_id = $1 AND id = $2", {org, process_id});
}

// A member's anonymous key for supports in a process: SHA-256 of the process's
// secret, "support" and the account (unlike the voter's key, so supports and
// ballots cannot be matched); "" without a secret (an imported process).
std::string supporter_key(store::Connection& c, const std::string& org, const std::string& process_id,
                          const core::Principal& member) {
  if (!member.signed_in()) return {};
  auto row = c.query_one("SELECT voter_secret FROM pb_processes WHERE organisation_id = $1 AND id = $2", {org, process_id});
  if (!row || !row->opt_text(0) || row->text(0).empty()) return {};
  return "support:" + access::sha256_hex(row->text(0) + ":support:" + member.account_id);
}

// Checks a support or its withdrawal may be made; returns the supporter's key.
std::string supportable(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                        const std::string& proposal_id) {
  if (!member.signed_in()) throw core::unauthenticated();
  lock_process(tx, member.organisation_id, process_id);
  Process p = require_process(tx, member, process_id);
  Proposal proposal = require_proposal(tx, member, process_id, proposal_id);
  if (p.phase != "shortlisting") throw core::localised(409, "conflict", "commission.error.not_shortlisting", "phase");
  if (!passed_screening(proposal.status))
    throw core::localised(409, "conflict", "commission.error.not_supportable", "proposal");
  std::string key = supporter_key(tx, member.organisation_id, process_id, member);
  if (key.empty()) throw core::localised(409, "conflict", "commission.error.not_shortlisting", "phase");
  return key;
}

constexpr std::int64_t kMostThreshold = 1000000;

constexpr char kColumns[] =
    "SELECT id, proposer_id, title, description, district, category, rough_cost_minor, location, status, "
    "screening_reason, merged_into, cost_minor, valuation_reason, reply, reply_until, project_code, created_at, "
    "title_cy FROM pb_proposals ";

}  // namespace

const std::vector<std::string>& proposal_field_names() {
  static const std::vector<std::string> names = {"title",    "title_cy",   "description", "district",
                                                 "category", "rough_cost", "location"};
  return names;
}

std::string propose(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                    const http::Fields& fields) {
  if (!member.signed_in()) throw core::unauthenticated();
  Process p = require_process(tx, member, process_id);
  require_phase(p, "proposing");
  Read r = read(fields);
  if (tx.query_one("SELECT COUNT(*) FROM pb_proposals WHERE organisation_id = $1 AND process_id = $2 AND proposer_id = $3",
                   {member.organisation_id, process_id, member.account_id})
          ->integer(0) >= 20)
    throw core::localised(409, "conflict", "commission.error.too_many_proposals", "title");
  std::string id = core::new_id(), now = core::now_utc();
  tx.execute("INSERT INTO pb_proposals (organisation_id, process_id, id, proposer_id, title, description, district, "
             "category, rough_cost_minor, location, created_at, updated_at, title_cy) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)",
             {member.organisation_id, process_id, id, member.account_id, r.title, r.description, r.district, r.category,
              store::maybe(r.rough_cost), r.location, now, r.title_cy});
  audit::record(tx, member, "propose", "pb_proposal", id, std::nullopt, json::object{{"process", process_id}, {"title", r.title}});
  return id;
}

void edit_proposal(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                   const std::string& proposal_id, const http::Fields& fields) {
  Process p = require_process(tx, member, process_id);
  Proposal before = require_proposal(tx, member, process_id, proposal_id);
  if (before.proposer_id != member.account_id) throw core::localised(403, "forbidden", "commission.error.not_your_proposal");
  require_phase(p, "proposing");
  Read r = read(fields);
  tx.execute("UPDATE pb_proposals SET title = $4, description = $5, district = $6, category = $7, rough_cost_minor = $8, "
             "location = $9, updated_at = $10, title_cy = $11 WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
             {member.organisation_id, process_id, proposal_id, r.title, r.description, r.district, r.category,
              store::maybe(r.rough_cost), r.location, core::now_utc(), r.title_cy});
  audit::record(tx, member, "edit", "pb_proposal", proposal_id, json::object{{"title", before.title}},
                json::object{{"title", r.title}});
}

void screen(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
            const std::string& proposal_id, const std::string& decision, const std::string& reason_text,
            const std::string& merged_into) {
  Process p = require_process(tx, officer, process_id);
  Proposal proposal = require_proposal(tx, officer, process_id, proposal_id);
  require_phase(p, "screening");
  std::string reason = core::trimmed(reason_text);
  Problems problems;
  if (decision != "eligible" && decision != "ineligible" && decision != "merged")
    problems.push_back({"decision", "commission.error.decision"});
  if (decision != "eligible" && reason.empty()) problems.push_back({"reason", "commission.error.reason_missing"});
  check_text(problems, "reason", reason, false, 4000);
  if (decision == "merged" && (merged_into == proposal_id || !find_proposal(tx, officer.organisation_id, process_id, merged_into)))
    problems.push_back({"merged_into", "commission.error.merged_into"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  bool was_eligible = proposal.status == "eligible";
  tx.execute("UPDATE pb_proposals SET status = $4, screening_reason = $5, merged_into = $6, updated_at = $7 "
             "WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
             {officer.organisation_id, process_id, proposal_id, decision, reason,
              decision == "merged" ? store::Value(merged_into) : store::Value(), core::now_utc()});
  audit::record(tx, officer, "screen", "pb_proposal", proposal_id, json::object{{"status", proposal.status}},
                json::object{{"status", decision}, {"reason", reason}});
  if (decision == "eligible" && !was_eligible)
    credit(tx, officer, p, proposal, proposal.proposer_id, map::Phase::planning, "Proposed: " + proposal.title,
           "commission.proposal");
  if (decision != "eligible") tell_proposer(tx, p, proposal, "commission.notice.screened", reason);
}

void value(store::Connection& tx, const core::Principal& professional, const std::string& process_id,
           const std::string& proposal_id, bool feasible, const std::string& cost_text, const std::string& reason_text) {
  Process p = require_process(tx, professional, process_id);
  Proposal proposal = require_proposal(tx, professional, process_id, proposal_id);
  require_phase(p, "valuating");
  if (proposal.status != "eligible" && proposal.status != "feasible" && proposal.status != "infeasible")
    throw core::localised(409, "conflict", "commission.error.not_eligible", "feasible");
  if (off_the_shortlist(tx, professional.organisation_id, process_id).count(proposal_id))
    throw core::localised(409, "conflict", "commission.error.not_shortlisted", "feasible");
  std::string reason = core::trimmed(reason_text);
  Problems problems;
  std::optional<std::int64_t> cost;
  if (feasible) {
    cost = core::parse_money_minor(core::trimmed(cost_text));
    if (!cost || *cost <= 0) problems.push_back({"cost", "commission.error.amount"});
    else if (*cost > p.budget_minor) problems.push_back({"cost", "commission.error.cost_over_budget"});
  } else if (reason.empty()) {
    problems.push_back({"reason", "commission.error.reason_missing"});
  }
  check_text(problems, "reason", reason, false, 4000);
  if (!problems.empty()) throw core::ValidationFailed(problems);
  std::string until = core::days_before(core::today_utc(), -kReplyDays);
  tx.execute("UPDATE pb_proposals SET status = $4, cost_minor = $5, valuation_reason = $6, valued_by = $7, "
             "reply_until = $8, updated_at = $9 WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
             {professional.organisation_id, process_id, proposal_id, std::string(feasible ? "feasible" : "infeasible"),
              store::maybe(cost), reason, professional.account_id, until, core::now_utc()});
  audit::record(tx, professional, "value", "pb_proposal", proposal_id, json::object{{"status", proposal.status}},
                json::object{{"status", feasible ? "feasible" : "infeasible"},
                             {"cost_minor", cost ? json::value(*cost) : json::value(nullptr)},
                             {"reason", reason}});
  if (proposal.status == "eligible" && professional.signed_in())
    credit(tx, professional, p, proposal, professional.account_id, map::Phase::commissioning,
           "Valued the proposal: " + proposal.title, "commission.valuation");
  tell_proposer(tx, p, proposal, feasible ? "commission.notice.feasible" : "commission.notice.infeasible",
                feasible ? "£" + core::format_money_minor(*cost) : reason);
}

void reply_to_valuation(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                        const std::string& proposal_id, const std::string& reply_text) {
  require_process(tx, member, process_id);
  Proposal proposal = require_proposal(tx, member, process_id, proposal_id);
  if (proposal.proposer_id != member.account_id) throw core::localised(403, "forbidden", "commission.error.not_your_proposal");
  if (proposal.reply_until.empty() || core::today_utc() > proposal.reply_until)
    throw core::localised(409, "conflict", "commission.error.reply_closed", "reply");
  std::string reply = core::trimmed(reply_text);
  Problems problems;
  check_text(problems, "reply", reply, true, 4000);
  if (!problems.empty()) throw core::ValidationFailed(problems);
  tx.execute("UPDATE pb_proposals SET reply = $4, updated_at = $5 WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
             {member.organisation_id, process_id, proposal_id, reply, core::now_utc()});
  audit::record(tx, member, "reply", "pb_proposal", proposal_id, std::nullopt, json::object{{"reply", reply}});
}

std::vector<Proposal> list_proposals(store::Connection& c, const std::string& org, const std::string& process_id) {
  std::vector<Proposal> out;
  for (const auto& row : c.query(std::string(kColumns) + "WHERE organisation_id = $1 AND process_id = $2 "
                                 "ORDER BY created_at, id",
                                 {org, process_id}))
    out.push_back(proposal_of(row));
  return out;
}

std::optional<Proposal> find_proposal(store::Connection& c, const std::string& org, const std::string& process_id,
                                      const std::string& proposal_id) {
  auto row = c.query_one(std::string(kColumns) + "WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
                         {org, process_id, proposal_id});
  if (!row) return std::nullopt;
  return proposal_of(*row);
}

void ballot_from_proposals(store::Connection& tx, const core::Principal& officer, const std::string& process_id) {
  auto left_out = off_the_shortlist(tx, officer.organisation_id, process_id);
  for (const auto& proposal : list_proposals(tx, officer.organisation_id, process_id)) {
    if (proposal.status != "feasible" || !proposal.project_code.empty() || !proposal.cost_minor) continue;
    if (left_out.count(proposal.id)) continue;  // did not make the shortlist
    std::string code = add_project(tx, officer, process_id,
                                   {{"name", proposal.title},
                                    {"name_cy", proposal.title_cy},
                                    {"cost", core::format_money_minor(*proposal.cost_minor)},
                                    {"district", proposal.district},
                                    {"category", proposal.category}});
    tx.execute("UPDATE pb_proposals SET project_code = $4 WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
               {officer.organisation_id, process_id, proposal.id, code});
  }
}

// ---- shortlisting --------------------------------------------------------------

bool passed_screening(const std::string& status) {
  return status == "eligible" || status == "feasible" || status == "infeasible";
}

bool support(store::Connection& tx, const core::Principal& member, const std::string& process_id,
             const std::string& proposal_id) {
  std::string key = supportable(tx, member, process_id, proposal_id);
  bool added = tx.execute("INSERT INTO pb_supports (organisation_id, process_id, proposal_id, supporter_key, supported_at) "
                          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                          {member.organisation_id, process_id, proposal_id, key, core::now_utc()}) > 0;
  if (added)
    audit::record(tx, member, "support", "pb_proposal", proposal_id, std::nullopt,
                  json::object{{"process", process_id}, {"supported", true}});
  return added;
}

bool withdraw_support(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                      const std::string& proposal_id) {
  std::string key = supportable(tx, member, process_id, proposal_id);
  bool removed = tx.execute("DELETE FROM pb_supports WHERE organisation_id = $1 AND process_id = $2 AND proposal_id = $3 "
                            "AND supporter_key = $4",
                            {member.organisation_id, process_id, proposal_id, key}) > 0;
  if (removed)
    audit::record(tx, member, "withdraw_support", "pb_proposal", proposal_id, json::object{{"supported", true}},
                  json::object{{"process", process_id}, {"supported", false}});
  return removed;
}

void set_shortlist_threshold(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                             const std::string& threshold_text) {
  lock_process(tx, officer.organisation_id, process_id);
  Process p = require_process(tx, officer, process_id);
  auto index = phase_index(p.phase);
  if (!p.source.empty() || !index || *index > *phase_index("shortlisting"))
    throw core::localised(409, "conflict", "commission.error.shortlisting_over", "threshold");
  std::string text = core::trimmed(threshold_text);
  std::int64_t threshold = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), threshold);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || threshold < 1 ||
      threshold > kMostThreshold)
    throw core::ValidationFailed(std::vector<core::FieldProblem>{{"threshold", "commission.error.threshold"}});
  auto before = shortlist_threshold(tx, officer.organisation_id, process_id);
  tx.execute("INSERT INTO pb_shortlisting (organisation_id, process_id, threshold, set_by, set_at) "
             "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id, process_id) DO UPDATE SET "
             "threshold = excluded.threshold, set_by = excluded.set_by, set_at = excluded.set_at",
             {officer.organisation_id, process_id, threshold,
              officer.signed_in() ? store::Value(officer.account_id) : store::Value(), core::now_utc()});
  audit::record(tx, officer, "set_threshold", "pb_process", process_id,
                json::object{{"threshold", before ? json::value(*before) : json::value(nullptr)}},
                json::object{{"threshold", threshold}});
}

std::optional<std::int64_t> shortlist_threshold(store::Connection& c, const std::string& org, const std::string& process_id) {
  auto row = c.query_one("SELECT threshold FROM pb_shortlisting WHERE organisation_id = $1 AND process_id = $2",
                         {org, process_id});
  if (!row) return std::nullopt;
  return row->integer(0);
}

std::map<std::string, Standing> shortlist_standing(store::Connection& c, const core::Principal& reader,
                                                   const std::string& org, const std::string& process_id) {
  std::map<std::string, Standing> out;
  for (const auto& row : c.query("SELECT id FROM pb_proposals WHERE organisation_id = $1 AND process_id = $2",
                                 {org, process_id}))
    out[row.text(0)];
  for (const auto& row : c.query("SELECT proposal_id, COUNT(*) FROM pb_supports WHERE organisation_id = $1 "
                                 "AND process_id = $2 GROUP BY proposal_id",
                                 {org, process_id}))
    out[row.text(0)].supports = row.integer(1);
  for (const auto& row : c.query("SELECT proposal_id, shortlisted FROM pb_shortlist WHERE organisation_id = $1 "
                                 "AND process_id = $2",
                                 {org, process_id}))
    out[row.text(0)].shortlisted = row.integer(1) != 0;
  std::string key = reader.organisation_id == org ? supporter_key(c, org, process_id, reader) : std::string();
  if (!key.empty())
    for (const auto& row : c.query("SELECT proposal_id FROM pb_supports WHERE organisation_id = $1 AND process_id = $2 "
                                   "AND supporter_key = $3",
                                   {org, process_id, key}))
      out[row.text(0)].supported_by_reader = true;
  return out;
}

bool shortlist_closed(store::Connection& c, const std::string& org, const std::string& process_id) {
  return c.query_one("SELECT 1 FROM pb_shortlist WHERE organisation_id = $1 AND process_id = $2 LIMIT 1", {org, process_id})
      .has_value();
}

void close_shortlist(store::Connection& tx, const core::Principal& officer, const std::string& process_id) {
  Process p = require_process(tx, officer, process_id);
  auto threshold = shortlist_threshold(tx, officer.organisation_id, process_id);
  auto standing = shortlist_standing(tx, officer, officer.organisation_id, process_id);
  tx.execute("DELETE FROM pb_shortlist WHERE organisation_id = $1 AND process_id = $2", {officer.organisation_id, process_id});
  std::string now = core::now_utc();
  std::vector<store::Value> rows;
  json::array left_out;
  std::int64_t kept = 0;
  for (const auto& proposal : list_proposals(tx, officer.organisation_id, process_id)) {
    if (!passed_screening(proposal.status)) continue;
    std::int64_t supports = standing[proposal.id].supports;
    bool shortlisted = !threshold || supports >= *threshold;
    for (store::Value v : {store::Value(officer.organisation_id), store::Value(process_id), store::Value(proposal.id),
                           store::Value(supports), store::Value(std::int64_t(shortlisted ? 1 : 0)), store::Value(now)})
      rows.push_back(std::move(v));
    if (shortlisted) {
      ++kept;
      continue;
    }
    left_out.push_back(json::value(proposal.id));
    audit::record(tx, officer, "shortlist", "pb_proposal", proposal.id, std::nullopt,
                  json::object{{"shortlisted", false}, {"supports", supports}, {"threshold", *threshold}});
    if (!proposal.proposer_id.empty())
      notify::send_notice(tx, notify::Notice{p.organisation_id, proposal.proposer_id, "commission.notice.not_shortlisted",
                                             {{"proposal", proposal.title},
                                              {"supports", std::to_string(supports)},
                                              {"threshold", std::to_string(*threshold)}},
                                             "/pb/" + p.id + "/proposals/" + proposal.id});
  }
  insert_rows(tx, "INSERT INTO pb_shortlist (organisation_id, process_id, proposal_id, supports, shortlisted, closed_at)",
              6, rows);
  audit::record(tx, officer, "close_shortlist", "pb_process", process_id, std::nullopt,
                json::object{{"threshold", threshold ? json::value(*threshold) : json::value(nullptr)},
                             {"shortlisted", kept},
                             {"not_shortlisted", std::move(left_out)}});
}

}  // namespace coproduce::commission::process
