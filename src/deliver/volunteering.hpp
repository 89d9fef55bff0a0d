// Volunteering: opportunities on the map's initiatives, their shifts, and
// the assignments of people to them.
//
// An opportunity belongs to an initiative of the organisation and states the
// role (what you do, what you get, the time asked), a short list of skills,
// the safeguarding checks it requires, and either fixed shifts (start and end
// as local date-times, a number of places) or a flexible window of dates.
// Coordinators (officers and professionals) create and change them.
//
// An assignment goes applied -> approved -> confirmed (by the volunteer) ->
// checked_in (with the shift's code, or by the coordinator) -> completed (the
// coordinator verifies the hours) | no_show; or cancelled by either side
// before it is done. Approval is refused (CheckMissing, 409 naming "checks")
// unless the person holds every check the opportunity requires. On a shift,
// an approved assignment holds a numbered place: the database keeps one
// assignment per (shift, place) and place <= the shift's places, so the last
// place is never taken twice. Approval when every place is taken puts the
// person on the waiting list (status waiting); a freed place goes to the first
// on it, who is told by email.
//
// Verified hours enter the contribution ledger confirmed: the delivering
// phase, the volunteer's role in the organisation, hours, with the assignment
// as their source.
//
// Every write runs inside the caller's open transaction, with its audit event.
// Hours are integer hundredths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/roles.hpp"
#include "http/fields.hpp"
#include "module/registry.hpp"
#include "store/database.hpp"

namespace coproduce::deliver {

inline constexpr char kVolunteerSourceType[] = "deliver.volunteer_assignment";
inline constexpr char kNoticePromoted[] = "deliver.volunteer.notice.promoted";
inline constexpr char kNoticeShiftMessage[] = "deliver.volunteer.notice.shift_message";
inline constexpr char kNoticeApproved[] = "deliver.volunteer.notice.approved";
inline constexpr std::int64_t kMaxShiftHoursX100 = 24'00;
inline constexpr std::int64_t kMaxPlaces = 500;
inline constexpr std::size_t kMaxSkills = 10;

struct Shift {
  std::string id;
  std::string opportunity_id;
  std::string starts_at;  // local YYYY-MM-DDTHH:MM
  std::string ends_at;
  std::int64_t places = 1;
  std::int64_t taken = 0;    // places held (approved onwards)
  std::int64_t waiting = 0;  // on the waiting list
  std::string checkin_code;  // coordinators only
};

struct Opportunity {
  std::string id;
  std::string initiative_id;
  std::string initiative_name;
  std::string title;
  std::string what_you_do;
  std::string what_you_get;
  std::string time_asked;
  std::vector<std::string> skills;
  std::vector<std::string> checks;  // safeguarding check kinds
  bool flexible = false;
  std::string window_from, window_to;  // flexible only
  std::vector<Shift> shifts;           // fixed shifts, by start
  std::string created_at;
};

struct Assignment {
  std::string id;
  std::string opportunity_id;
  std::string opportunity_title;
  std::optional<std::string> shift_id;
  std::string starts_at, ends_at;  // the shift's ("" when flexible)
  std::string person_id;
  std::string person_name;
  std::string status;  // applied waiting approved confirmed checked_in completed no_show cancelled
  std::optional<std::int64_t> place;
  std::optional<std::int64_t> logged_hours_x100;
  std::optional<std::int64_t> verified_hours_x100;
  std::optional<std::string> contribution_id;
  std::string waiting_since;
  std::string created_at;
};

// Approval refused: the person lacks a valid check of `kind`.
class CheckMissing : public core::Error {
 public:
  explicit CheckMissing(std::string kind);
  const std::string& kind() const { return kind_; }

 private:
  std::string kind_;
};

bool is_coordinator(const core::Principal& p);

// The check kinds, in the order forms list them.
const std::vector<std::string>& check_kinds();
// "2026-12-14T09:30" -> true (a real date, 00:00 to 23:59).
bool is_local_datetime(std::string_view text);
// Whole hundredths of hours between two local date-times of one time zone.
std::int64_t duration_x100(const std::string& from, const std::string& to);

// ---- opportunities ---------------------------------------------------------------
std::vector<std::string> opportunity_fields();
// Fields initiative_id, title, what_you_do, what_you_get, time_asked, skills
// (comma-separated), checks (comma-separated kinds), kind (shifts |
// flexible), window_from, window_to (flexible). Coordinators. Returns the id.
std::string create_opportunity(store::Connection& tx, const core::Principal& actor, const http::Fields& fields);
void update_opportunity(store::Connection& tx, const core::Principal& actor, const std::string& id,
                        const http::Fields& fields);
std::vector<std::string> shift_fields();
// Fields starts_at, ends_at (local date-times), places. Fixed-shift opportunities only.
std::string add_shift(store::Connection& tx, const core::Principal& actor, const std::string& opportunity_id,
                      const http::Fields& fields);

struct OpportunityFilter {
  std::string initiative_id;
  std::string skill;
  std::string date_from;  // YYYY-MM-DD: shifts starting that day or later, windows ending then or later
};
// 422 naming initiative_id or date_from for a bad filter.
std::vector<Opportunity> list_opportunities(store::Connection& c, const std::string& organisation_id,
                                            const OpportunityFilter& filter);
std::optional<Opportunity> find_opportunity(store::Connection& c, const std::string& organisation_id,
                                            const std::string& id);
std::optional<Shift> find_shift(store::Connection& c, const std::string& organisation_id, const std::string& id);

// ---- assignments --------------------------------------------------------------------
// The actor applies; field shift_id (fixed shifts). 409 when they already have
// a live assignment there.
std::string apply(store::Connection& tx, const core::Principal& actor, const std::string& opportunity_id,
                  const http::Fields& fields);
// Coordinators: puts a member of the organisation (field person_id) on a shift
// or a flexible opportunity, applied then approved at once.
std::string assign(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                   const std::string& opportunity_id, const http::Fields& fields);
// applied -> approved (a place) | waiting. CheckMissing without every check.
void approve(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
             const std::string& assignment_id);
// approved -> confirmed, by the volunteer.
void confirm_assignment(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id);
// confirmed -> checked_in: the volunteer with the shift's code, or a
// coordinator (approved or confirmed) without one.
void check_in(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id,
              const std::string& code);
// The volunteer logs hours for flexible work (confirmed or checked_in); the coordinator then verifies.
void log_hours(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id,
               const std::string& hours);
// Coordinators: confirmed or checked_in -> completed with verified hours,
// written to the ledger confirmed.
void complete(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
              const std::string& assignment_id, const std::string& hours);
// Coordinators: approved, confirmed or checked_in -> no_show.
void mark_no_show(store::Connection& tx, const core::Principal& actor, const std::string& assignment_id);
// The volunteer or a coordinator, before it is done: the place is freed and
// the first waiting person takes it (and is told).
void cancel(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
            const std::string& assignment_id);
// Coordinators, one form for a roster: fields outcome_<assignment id>
// (completed | no_show | empty to leave) and hours_<assignment id>.
// Returns how many it changed. Every problem names its field; nothing is
// written when there is one.
int verify_in_bulk(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                   const std::string& opportunity_id, const std::optional<std::string>& shift_id,
                   const http::Fields& fields);
// Coordinators: a message to everyone holding a place on the shift (or
// approved on a flexible opportunity), as a notice with its email. Field
// message. Returns how many were told.
int message_people(store::Connection& tx, const core::Principal& actor, const std::string& opportunity_id,
                   const std::optional<std::string>& shift_id, const http::Fields& fields);

std::optional<Assignment> find_assignment(store::Connection& c, const std::string& organisation_id,
                                          const std::string& id);
// The people of a shift (or of a flexible opportunity when shift_id is empty), by status then name.
std::vector<Assignment> roster(store::Connection& c, const std::string& organisation_id,
                               const std::string& opportunity_id, const std::optional<std::string>& shift_id);
// The person's assignments that are not cancelled, by start.
std::vector<Assignment> commitments(store::Connection& c, const std::string& organisation_id,
                                    const std::string& person_id);

// The iCalendar (RFC 5545) text of one shift: CRLF lines, Europe/London.
std::string shift_calendar(const Opportunity& o, const Shift& s, const std::string& uid_host);

}  // namespace coproduce::deliver
