// Membership of an organisation: invitations an officer sends with a role
// and the person accepts by the emailed link (creating an account if they
// have none), and the members list with role changes and removal. An
// invitation is answered the same whether the address has an account or not,
// and nobody joins without accepting. The last officer can be neither
// demoted nor removed, so an organisation always has someone to run it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::access {

inline constexpr auto kInvitationLife = std::chrono::days(14);

// Queues the invitation email (in the account's language when the address
// has one, else the organisation's) and returns the invitation's id. An
// earlier pending invitation to the same address is replaced. Throws
// ValidationFailed naming email or role.
std::string invite(store::Connection& tx, const core::Principal& officer, const std::string& email,
                   const std::string& role, const std::string& public_url,
                   std::chrono::system_clock::time_point now);

struct Invitation {
  std::string id, organisation_id, organisation_name, email, created_at, expires_at, invited_by;
  core::Role role = core::Role::resident;
};
// A pending invitation by its link's token; nullopt when unknown, used,
// revoked or expired.
std::optional<Invitation> find_invitation(store::Connection& c, const std::string& token,
                                          std::chrono::system_clock::time_point now);
// Pending invitations of the organisation, newest first.
std::vector<Invitation> pending_invitations(store::Connection& c, const std::string& organisation_id,
                                            std::chrono::system_clock::time_point now);
// False when there is no such pending invitation in the officer's organisation.
bool revoke_invitation(store::Connection& tx, const core::Principal& officer, const std::string& id);

// Accepts for a signed-in account whose address is the invited one (403
// otherwise); gives the membership, or the invited role when already a
// member. Throws 410 for a bad link. Returns the organisation's id.
std::string accept_invitation(store::Connection& tx, const std::string& token, const std::string& account_id,
                              std::chrono::system_clock::time_point now);
// Accepts by creating the account (its address verified by the link). The
// password is hashed by the caller, outside the transaction. Throws 409 when
// the address already has an account (sign in to accept), 410 for a bad link.
// Returns the new account's id.
std::string accept_with_new_account(store::Connection& tx, const std::string& token,
                                    const std::string& display_name, const std::string& password_hash,
                                    const std::string& locale, std::chrono::system_clock::time_point now);

struct Member {
  std::string account_id, display_name, email, since;
  core::Role role = core::Role::resident;
};
std::vector<Member> list_members(store::Connection& c, const std::string& organisation_id);
std::optional<Member> find_member(store::Connection& c, const std::string& organisation_id,
                                  const std::string& account_id);
// Changes the role and tells the person (notification and email). Throws 404
// for someone who is not a member, 409 for the last officer.
void change_role(store::Connection& tx, const core::Principal& officer, const std::string& account_id,
                 core::Role role);
// Ends the membership, its sessions and API tokens in this organisation.
// What the person contributed stays. 404 / 409 as change_role.
void remove_member(store::Connection& tx, const core::Principal& officer, const std::string& account_id);

}  // namespace coproduce::access
