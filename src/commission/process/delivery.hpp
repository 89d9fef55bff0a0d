// What a process contributes to the co-production map, and the delivery of
// its winners. The process is an initiative on the map (made with it unless
// the officer names one); counting records the officers' preparation and the
// voters' part (in aggregate) in the commissioning phase; entering delivery
// makes each winning project an initiative of its own, carrying its
// supporters' and the officers' commissioning contributions; each milestone
// reached records the responsible person's delivery work and tells the
// project's followers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commission/process/process.hpp"
#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

// The initiative a new process is on the map as (inside create_process).
std::string process_initiative(store::Connection& tx, const core::Principal& officer, const std::string& name,
                               const std::string& area_id, std::int64_t budget_minor);
// At counting: the officers' preparation and the voters' part, on the process's initiative.
void record_commissioning(store::Connection& tx, const core::Principal& officer, const Process& process);
// On entering delivery: one initiative per winning project.
void start_delivery(store::Connection& tx, const core::Principal& officer, const Process& process);

struct Milestone {
  std::int64_t position = 0;
  std::string title, due_on, done_on;
};
struct Delivery {
  std::string code, name, initiative_id, responsible_id, status;
  std::vector<Milestone> milestones;
  std::int64_t followers = 0;
  int progress() const;  // per cent of milestones reached
};
std::vector<Delivery> deliveries(store::Connection& c, const std::string& org, const std::string& process_id);
std::optional<Delivery> delivery_of(store::Connection& c, const std::string& org, const std::string& process_id,
                                    const std::string& code);

// Officers, or the project's responsible person. 422 naming "title" or "due_on".
void add_milestone(store::Connection& tx, const core::Principal& actor, const std::string& process_id,
                   const std::string& code, const std::string& title, const std::string& due_on);
// Marks a milestone reached: a confirmed professional contribution in the
// delivering phase, the project's status, and a notice to every follower.
void reach_milestone(store::Connection& tx, const core::Principal& actor, const std::string& process_id,
                     const std::string& code, std::int64_t position);
// Officers choose the responsible person (a professional or officer of the organisation).
void set_responsible(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                     const std::string& code, const std::string& account_id);
// A member follows (or stops following) a delivered project.
void set_following(store::Connection& tx, const core::Principal& member, const std::string& process_id,
                   const std::string& code, bool follow);
bool is_following(store::Connection& c, const core::Principal& member, const std::string& process_id,
                  const std::string& code);

}  // namespace coproduce::commission::process
