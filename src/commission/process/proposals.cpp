#include "commission/process/proposals.hpp"

#include <boost/json.hpp>

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
};

Read read(const http::Fields& fields) {
  Read r{get(fields, "title"), get(fields, "description"), get(fields, "district"), get(fields, "category"),
         get(fields, "location"), std::nullopt};
  Problems problems;
  check_text(problems, "title", r.title, true, 200);
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
  return p;
}

constexpr char kColumns[] =
    "SELECT id, proposer_id, title, description, district, category, rough_cost_minor, location, status, "
    "screening_reason, merged_into, cost_minor, valuation_reason, reply, reply_until, project_code, created_at "
    "FROM pb_proposals ";

}  // namespace

const std::vector<std::string>& proposal_field_names() {
  static const std::vector<std::string> names = {"title", "description", "district", "category", "rough_cost", "location"};
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
             "category, rough_cost_minor, location, created_at, updated_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
             {member.organisation_id, process_id, id, member.account_id, r.title, r.description, r.district, r.category,
              store::maybe(r.rough_cost), r.location, now});
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
             "location = $9, updated_at = $10 WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
             {member.organisation_id, process_id, proposal_id, r.title, r.description, r.district, r.category,
              store::maybe(r.rough_cost), r.location, core::now_utc()});
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
  for (const auto& proposal : list_proposals(tx, officer.organisation_id, process_id)) {
    if (proposal.status != "feasible" || !proposal.project_code.empty() || !proposal.cost_minor) continue;
    std::string code = add_project(tx, officer, process_id,
                                   {{"name", proposal.title},
                                    {"cost", core::format_money_minor(*proposal.cost_minor)},
                                    {"district", proposal.district},
                                    {"category", proposal.category}});
    tx.execute("UPDATE pb_proposals SET project_code = $4 WHERE organisation_id = $1 AND process_id = $2 AND id = $3",
               {officer.organisation_id, process_id, proposal.id, code});
  }
}

}  // namespace coproduce::commission::process
