#include "commission/process/phase_dates.hpp"

#include <map>

#include "audit/audit.hpp"
#include "commission/process/lifecycle.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

constexpr std::size_t kTextLimit = 4000;

std::string field(const http::Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : std::string(core::trimmed(it->second));
}

// The plan as the audit trail keeps it: {"informing": "2027-01-04", "shortlisting": "not used", ...}.
json::object audit_json(const std::vector<PhasePlan>& plan) {
  json::object out;
  for (const auto& p : plan)
    if (!p.used) out[p.phase] = "not used";
    else if (!p.starts_on.empty()) out[p.phase] = p.starts_on;
  return out;
}

bool same(const PhasePlan& a, const PhasePlan& b) { return a.used == b.used && (!a.used || a.starts_on == b.starts_on); }

}  // namespace

bool phase_skippable(std::string_view phase) {
  return phase != "ballot_published" && phase != "voting" && phase != "counting" && phase != "results_published";
}

std::string starts_field(std::string_view phase) { return std::string(phase) + "_starts_on"; }
std::string used_field(std::string_view phase) { return std::string(phase) + "_used"; }

std::vector<std::string> timetable_field_names() {
  std::vector<std::string> names;
  for (const char* phase : kPhases) {
    names.push_back(starts_field(phase));
    names.push_back(used_field(phase));
  }
  names.push_back("voting_closes_on");
  names.push_back("reason");
  return names;
}

TimetableInput timetable_input(const http::Fields& fields) {
  TimetableInput input;
  std::vector<core::FieldProblem> problems;
  for (const char* phase : kPhases) {
    PhasePlan plan{phase, field(fields, starts_field(phase)), true};
    std::string used = field(fields, used_field(phase));
    if (fields.count(starts_field(phase)) || fields.count(used_field(phase)) ||
        fields.count(std::string(phase) + "_not_used"))
      input.phases_given = true;
    if (used == "false") plan.used = false;
    else if (!used.empty() && used != "true") problems.push_back({used_field(phase), "web.error.field.wrong_type"});
    if (field(fields, std::string(phase) + "_not_used") == "yes") plan.used = false;
    input.phases.push_back(plan);
  }
  input.voting_closes_on = field(fields, "voting_closes_on");
  input.reason = field(fields, "reason");
  if (!problems.empty()) throw core::ValidationFailed(problems);
  return input;
}

std::vector<PhasePlan> timetable(store::Connection& c, const std::string& org, const std::string& process_id) {
  std::map<std::string, PhasePlan> stored;
  for (const auto& row : c.query("SELECT phase, starts_on, used FROM pb_phase_dates "
                                 "WHERE organisation_id = $1 AND process_id = $2",
                                 {org, process_id}))
    stored[row.text(0)] = {row.text(0), row.opt_text(1).value_or(""), row.integer(2) != 0};
  std::vector<PhasePlan> plan;
  for (const char* phase : kPhases) {
    auto it = stored.find(phase);
    plan.push_back(it == stored.end() ? PhasePlan{phase, "", true} : it->second);
  }
  return plan;
}

bool timetable_planned(const std::vector<PhasePlan>& plan) {
  for (const auto& p : plan)
    if (!p.used || !p.starts_on.empty()) return true;
  return false;
}

json::object timetable_json(const Process& p, const std::vector<PhasePlan>& plan) {
  json::array phases;
  for (const auto& one : plan)
    phases.push_back(json::object{{"phase", one.phase},
                                  {"starts_on", one.starts_on.empty() || !one.used ? json::value() : json::value(one.starts_on)},
                                  {"used", one.used},
                                  {"current", one.phase == p.phase}});
  return json::object{{"process_id", p.id},
                      {"phases", std::move(phases)},
                      {"voting_closes_on", p.voting_closes_on.empty() ? json::value() : json::value(p.voting_closes_on)}};
}

void set_timetable(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                   const TimetableInput& input) {
  auto found = find_process(tx, officer.organisation_id, process_id);
  if (!found) throw core::not_found("Participatory budgeting process " + process_id);
  const Process& process = *found;
  if (!process.source.empty()) throw core::localised(409, "conflict", "commission.error.imported", "phase");
  const auto before = timetable(tx, officer.organisation_id, process_id);
  auto plan = input.phases_given ? input.phases : before;
  plan.resize(std::size(kPhases));
  for (std::size_t i = 0; i < plan.size(); ++i) {
    plan[i].phase = kPhases[i];
    if (!plan[i].used) plan[i].starts_on.clear();  // a phase not used has no date
  }
  const std::size_t here = *phase_index(process.phase), voting = *phase_index("voting");
  std::string closes = input.voting_closes_on.empty() ? process.voting_closes_on : input.voting_closes_on;

  bool changed = false;
  for (std::size_t i = 0; i < plan.size(); ++i)
    if (!same(plan[i], before[i])) {
      // From voting on, the plan is what people were told: only the closing date moves.
      if (here >= voting)
        throw core::localised(409, "conflict", "commission.timetable.error.frozen",
                              plan[i].used ? starts_field(plan[i].phase) : used_field(plan[i].phase));
      changed = true;
    }

  std::vector<core::FieldProblem> problems;
  // The latest start so far, and the field of the phase that starts then.
  std::string latest;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PhasePlan& p = plan[i];
    if (!p.used && !phase_skippable(p.phase)) {
      problems.push_back({used_field(p.phase), "commission.timetable.error.needed"});
      continue;
    }
    if (p.starts_on.empty() || !p.used) continue;
    if (!core::is_plausible_date(p.starts_on)) {
      problems.push_back({starts_field(p.phase), "commission.error.date"});
      continue;
    }
    if (!latest.empty() && p.starts_on < latest) {
      problems.push_back({starts_field(p.phase), "commission.timetable.error.order"});
      continue;
    }
    latest = p.starts_on;
    if (i == voting && core::is_iso_date(closes) && closes < p.starts_on)
      problems.push_back({input.voting_closes_on.empty() ? starts_field(p.phase) : "voting_closes_on",
                          "commission.timetable.error.closes_before_start"});
    // Voting closes at the end of its last day: the phases after it start later.
    if (i > voting && here < voting && core::is_iso_date(closes) && p.starts_on <= closes)
      problems.push_back({starts_field(p.phase), "commission.timetable.error.after_closing"});
    if (i >= voting && here < voting && core::is_iso_date(closes) && closes > latest) latest = closes;
  }
  if (!input.voting_closes_on.empty() && !core::is_plausible_date(input.voting_closes_on))
    problems.push_back({"voting_closes_on", "commission.error.date"});
  if (core::utf8_length(input.reason) > kTextLimit || !core::text_problem(input.reason).empty())
    problems.push_back({"reason", "commission.error.too_long"});
  if (!problems.empty()) throw core::ValidationFailed(problems);

  if (changed) {
    tx.execute("DELETE FROM pb_phase_dates WHERE organisation_id = $1 AND process_id = $2",
               {officer.organisation_id, process_id});
    std::string now = core::now_utc();
    for (const auto& p : plan)
      if (!p.used || !p.starts_on.empty())
        tx.execute("INSERT INTO pb_phase_dates (organisation_id, process_id, phase, starts_on, used, set_by, set_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   {officer.organisation_id, process_id, p.phase,
                    p.starts_on.empty() ? store::Value() : store::Value(p.starts_on), std::int64_t(p.used ? 1 : 0),
                    officer.signed_in() ? store::Value(officer.account_id) : store::Value(), now});
    audit::record(tx, officer, "set_timetable", "pb_process", process_id, json::value(audit_json(before)),
                  json::value(audit_json(plan)));
  }
  if (!input.voting_closes_on.empty() && input.voting_closes_on != process.voting_closes_on)
    move_closing_date(tx, officer, process_id, input.voting_closes_on, input.reason);
}

void check_phase_used(store::Connection& tx, const std::string& org, const std::string& process_id,
                      const std::string& to) {
  auto row = tx.query_one("SELECT used FROM pb_phase_dates WHERE organisation_id = $1 AND process_id = $2 AND phase = $3",
                          {org, process_id, to});
  if (row && row->integer(0) == 0) throw core::localised(409, "conflict", "commission.timetable.error.not_used", "phase");
}

}  // namespace coproduce::commission::process
