// The timetable of a process: the day each phase is planned to start, and
// whether it is used (a phase not used is skipped by moving past it). The
// voting phase ends on the process's voting_closes_on, which stays the one
// place that date is kept (move_closing_date moves it). Before voting the plan
// may change freely; from voting on only the closing date may move.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "commission/process/process.hpp"
#include "core/roles.hpp"
#include "http/fields.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

// One phase of the plan: starts_on is YYYY-MM-DD or "" (not planned yet).
struct PhasePlan {
  std::string phase, starts_on;
  bool used = true;
};

// Phases that every process goes through (they cannot be marked not used).
bool phase_skippable(std::string_view phase);
// The field a phase's start date is named by in forms, the API and its
// errors: "<phase>_starts_on"; whether it is used: "<phase>_used".
std::string starts_field(std::string_view phase);
std::string used_field(std::string_view phase);

// What an officer sends: the plan (every phase of kPhases in `phases`, when
// `phases_given`; otherwise the plan is left as it is), and the last day of
// voting (unchanged when empty) with the reason its move needs during voting.
struct TimetableInput {
  bool phases_given = false;
  std::vector<PhasePlan> phases;
  std::string voting_closes_on, reason;
};
// The input from text fields (a form, or the API's JSON body as fields):
// "<phase>_starts_on", "<phase>_used" ("true"/"false") or "<phase>_not_used"
// ("yes": the form's checkbox), "voting_closes_on", "reason". 422 naming a
// "<phase>_used" that is neither true nor false.
TimetableInput timetable_input(const http::Fields& fields);
// Every field timetable_input reads from the API's JSON body.
std::vector<std::string> timetable_field_names();

// Sets the plan. 422 naming "<phase>_starts_on" for a date that is not a real
// YYYY-MM-DD or starts before a phase before it (or, after voting, not after
// the last day of voting), "<phase>_used" for a phase that must be used and
// "voting_closes_on" for a last day of voting before voting starts; 404 for
// another organisation's process; 409 for an imported process, and from
// voting on for any change but the closing date (naming the first phase
// changed). Audited ("set_timetable"; moving the closing date as
// move_closing_date does). Run inside a transaction.
void set_timetable(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                   const TimetableInput& input);

// The plan: one entry per phase of kPhases, in order.
std::vector<PhasePlan> timetable(store::Connection& c, const std::string& org, const std::string& process_id);
// Whether an officer has planned anything (a date, or a phase not used).
bool timetable_planned(const std::vector<PhasePlan>& plan);
// {"phases": [{"phase", "starts_on" (null when not planned), "used", "current"}], "voting_closes_on"}.
boost::json::object timetable_json(const Process& p, const std::vector<PhasePlan>& plan);

// 409 naming "phase" when the plan marks `to` not used (moving past it stays allowed).
void check_phase_used(store::Connection& tx, const std::string& org, const std::string& process_id,
                      const std::string& to);

}  // namespace coproduce::commission::process
