// The contribution ledger: the one C++ interface through which every module
// (the map's own forms and API included) records co-production work and
// decides on it. It works inside the caller's open transaction, so a module's
// record (a verified shift, a costed proposal) and its ledger entry are
// written together or not at all. Each change writes its audit event and bumps
// the map's version in the same transaction.
//
// Life of an entry: claimed -> confirmed | disputed -> void (a dispute may
// also be resolved by confirming). A claimed or disputed entry may be changed
// by whoever recorded it, or an officer; a confirmed one never is: a reversing
// entry cancels it, and a corrected entry may then be recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "map/commands.hpp"
#include "map/model.hpp"
#include "store/database.hpp"

namespace coproduce::map {

// The contributor roles a member holding `role` may contribute in: residents,
// community members and councillors as citizens, professionals and officers
// as professionals.
std::vector<ContributorRole> contributor_roles_of(core::Role role);

class Ledger {
 public:
  // How far the actor's own rights decide. as_actor: a member records only
  // their own work and confirms only as a professional or officer. for_module:
  // a module that has checked its own permission (a coordinator verifying a
  // volunteer's hours) records for another person, confirmed if it says so;
  // every other check still applies, and the actor is still the recorder.
  enum class Mode { as_actor, for_module };

  // `tx` has a transaction open; `actor` acts in actor.organisation_id (a
  // member, or core::Principal::system_in for the platform's own work).
  Ledger(store::Connection& tx, const core::Principal& actor, Mode mode = Mode::as_actor);

  // Every problem with an entry as it would be recorded by the actor, one per
  // field (message keys). Empty when record() would accept it.
  std::vector<Problem> check(const Contribution& entry);

  // Records an entry (status claimed, or confirmed when the actor may confirm)
  // and returns its id. Fills id, recorded_by, recorded_role and, when empty,
  // source_id (the entry's own id). Throws ValidationFailed (422) listing
  // every problem, core::not_found for an initiative of another organisation,
  // core::forbidden when the actor may not record this.
  std::string record(Contribution entry);

  // Changes a claimed or disputed entry (back to claimed). Only its recorder
  // or an officer. 409 once it is confirmed or void.
  void update_claim(const std::string& id, Contribution changed);
  // claimed or disputed -> confirmed. Professionals, officers, the system.
  // The recorder is notified of a confirmation or a dispute (notify module).
  void confirm(const std::string& id);
  // claimed -> disputed, with a reason the recorder sees.
  void dispute(const std::string& id, const std::string& reason);
  // claimed or disputed -> void. Its recorder (withdrawing it), an officer or the system.
  void void_entry(const std::string& id, const std::string& reason);
  // Records the entry that cancels a confirmed one; returns its id. Officers
  // and the system. An entry is reversed at most once.
  std::string reverse(const std::string& id, const std::string& reason);

  // The entry (with reversed_by_id), or core::not_found.
  Contribution get(const std::string& id);
  // The entries a module's record produced.
  std::vector<Contribution> of_source(const std::string& source_type, const std::string& source_id);

 private:
  void require_actor();
  bool records_for_others() const;
  Contribution require(const std::string& id);
  void change_status(const Contribution& before, Status to, const std::string& reason,
                     const char* action);
  std::string checked_reason(const std::string& reason);
  void tell_recorder(const Contribution& entry, const char* kind, const std::string& reason);

  store::Connection& tx_;
  core::Principal actor_;
  bool for_module_;
};

}  // namespace coproduce::map
