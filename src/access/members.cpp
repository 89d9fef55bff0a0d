#include "access/members.hpp"

#include <boost/json.hpp>

#include "access/repository.hpp"
#include "access/secrets.hpp"
#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "notify/notices.hpp"
#include "notify/outbox.hpp"

namespace coproduce::access {
namespace {

namespace json = boost::json;
using Clock = std::chrono::system_clock;

core::Error bad_link() { return core::localised(410, "link_invalid", "access.error.invitation_invalid"); }

Invitation invitation_from(const store::Row& r) {
  Invitation i{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
  i.role = core::parse_role(r.text(7)).value_or(core::Role::resident);
  return i;
}

constexpr const char* kInvitationColumns =
    "SELECT i.id, i.organisation_id, o.name, i.email, i.created_at, i.expires_at, "
    "COALESCE(a.display_name, ''), i.role FROM invitations i JOIN organisations o ON o.id = i.organisation_id "
    "LEFT JOIN accounts a ON a.id = i.invited_by ";

// The invitation of a link, locked against a second use by the caller's transaction.
Invitation pending_by_token(store::Connection& tx, const std::string& token, Clock::time_point now) {
  auto found = find_invitation(tx, token, now);
  if (!found) throw bad_link();
  return *found;
}

void mark_accepted(store::Connection& tx, const Invitation& invitation, const std::string& account_id,
                   Clock::time_point now) {
  // The guard on accepted_at makes two racing acceptances count once.
  auto changed = tx.execute("UPDATE invitations SET accepted_at = $3, accepted_by = $4 WHERE organisation_id = $1 "
                            "AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
                            {invitation.organisation_id, invitation.id, iso_utc(now), account_id});
  if (changed != 1) throw bad_link();
}

core::Principal acting_as(const std::string& organisation_id, const std::string& account_id) {
  core::Principal p;
  p.organisation_id = organisation_id;
  p.account_id = account_id;
  return p;
}

std::int64_t officers(store::Connection& c, const std::string& organisation_id) {
  return c.query_one("SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'officer'",
                     {organisation_id})
      ->integer(0);
}

Member existing_member(store::Connection& c, const std::string& organisation_id, const std::string& account_id) {
  auto member = core::looks_like_id(account_id) ? find_member(c, organisation_id, account_id) : std::nullopt;
  if (!member) throw core::localised(404, "not_found", "access.error.member_not_found");
  return *member;
}

void keep_an_officer(store::Connection& c, const Member& member, const std::string& organisation_id) {
  if (member.role == core::Role::officer && officers(c, organisation_id) <= 1)
    throw core::localised(409, "last_officer", "access.error.last_officer", "role");
}

}  // namespace

std::string invite(store::Connection& tx, const core::Principal& officer, const std::string& email,
                   const std::string& role_text, const std::string& public_url, Clock::time_point now) {
  std::vector<core::FieldProblem> problems;
  std::string address;
  if (email.find_first_not_of(" \t") == std::string::npos) {
    problems.push_back({"email", "access.error.email_required"});
  } else {
    try {
      address = normalise_email(email);
    } catch (const core::Error&) {
      problems.push_back({"email", "access.error.email_format"});
    }
  }
  auto role = core::parse_role(role_text);
  if (!role) problems.push_back({"role", "access.error.role_required"});
  if (!problems.empty()) throw core::ValidationFailed(std::move(problems));

  auto organisation = find_organisation(tx, officer.organisation_id);
  if (!organisation) throw core::not_found("Organisation");
  tx.execute("UPDATE invitations SET revoked_at = $3 WHERE organisation_id = $1 AND email = $2 "
             "AND accepted_at IS NULL AND revoked_at IS NULL",
             {officer.organisation_id, address, iso_utc(now)});
  auto id = core::new_id();
  auto token = core::random_token(32);
  tx.execute("INSERT INTO invitations (organisation_id, id, email, role, token_hash, invited_by, created_at, "
             "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {officer.organisation_id, id, address, std::string(core::to_string(*role)), sha256_hex(token),
              officer.account_id, iso_utc(now), iso_utc(now + kInvitationLife)});
  audit::record(tx, officer, "create", "invitation", id, std::nullopt,
                json::object{{"email", address}, {"role", core::to_string(*role)}});
  auto account = tx.query_one("SELECT locale FROM accounts WHERE email = $1 AND deleted_at IS NULL", {address});
  auto locale = account ? account->text(0) : organisation->default_locale;
  notify::enqueue(tx, notify::Email{officer.organisation_id, address, locale, "access.email.invitation",
                                    {{"inviter", officer.display_name},
                                     {"role", i18n::t(locale, "access.role." + std::string(core::to_string(*role)))},
                                     {"link", public_url + "/invitations/accept?token=" + token}}});
  return id;
}

std::optional<Invitation> find_invitation(store::Connection& c, const std::string& token, Clock::time_point now) {
  if (!is_hex(token, 64)) return std::nullopt;
  auto row = c.query_one(std::string(kInvitationColumns) +
                             "WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL "
                             "AND i.expires_at > $2",
                         {sha256_hex(token), iso_utc(now)});
  if (!row) return std::nullopt;
  return invitation_from(*row);
}

std::vector<Invitation> pending_invitations(store::Connection& c, const std::string& organisation_id,
                                            Clock::time_point now) {
  std::vector<Invitation> out;
  for (const auto& r : c.query(std::string(kInvitationColumns) +
                                   "WHERE i.organisation_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL "
                                   "AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id",
                               {organisation_id, iso_utc(now)}))
    out.push_back(invitation_from(r));
  return out;
}

bool revoke_invitation(store::Connection& tx, const core::Principal& officer, const std::string& id) {
  if (!core::looks_like_id(id)) return false;
  auto changed = tx.execute("UPDATE invitations SET revoked_at = $3 WHERE organisation_id = $1 AND id = $2 "
                            "AND accepted_at IS NULL AND revoked_at IS NULL",
                            {officer.organisation_id, id, core::now_utc()});
  if (changed != 1) return false;
  audit::record(tx, officer, "revoke", "invitation", id, std::nullopt, std::nullopt);
  return true;
}

std::string accept_invitation(store::Connection& tx, const std::string& token, const std::string& account_id,
                              Clock::time_point now) {
  auto invitation = pending_by_token(tx, token, now);
  auto account = find_account(tx, account_id);
  if (!account || account->email != invitation.email)
    throw core::localised(403, "forbidden", "access.error.invitation_other_address");
  mark_accepted(tx, invitation, account_id, now);
  // Following the emailed link proves the address.
  tx.execute("UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1",
             {account_id, iso_utc(now)});
  put_membership(tx, acting_as(invitation.organisation_id, account_id), invitation.organisation_id, account_id,
                 invitation.role);
  return invitation.organisation_id;
}

std::string accept_with_new_account(store::Connection& tx, const std::string& token, const std::string& display_name,
                                    const std::string& password_hash, const std::string& locale,
                                    Clock::time_point now) {
  auto invitation = pending_by_token(tx, token, now);
  if (find_account_by_email(tx, invitation.email))
    throw core::localised(409, "conflict", "access.error.invitation_sign_in", "email");
  auto id = core::new_id();
  auto at = iso_utc(now);
  tx.execute("INSERT INTO accounts (id, email, display_name, password_hash, created_at, locale, email_verified_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $5)",
             {id, invitation.email, display_name, password_hash, at, locale});
  auto self = acting_as(invitation.organisation_id, id);
  audit::record(tx, self, "create", "account", id, std::nullopt,
                json::object{{"display_name", display_name}, {"locale", locale}, {"by", "invitation"}});
  mark_accepted(tx, invitation, id, now);
  put_membership(tx, self, invitation.organisation_id, id, invitation.role);
  return id;
}

std::vector<Member> list_members(store::Connection& c, const std::string& organisation_id) {
  std::vector<Member> out;
  for (const auto& r : c.query("SELECT a.id, a.display_name, a.email, m.created_at, m.role FROM memberships m "
                               "JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = $1 "
                               "ORDER BY a.display_name, a.id",
                               {organisation_id}))
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3),
                   core::parse_role(r.text(4)).value_or(core::Role::resident)});
  return out;
}

std::optional<Member> find_member(store::Connection& c, const std::string& organisation_id,
                                  const std::string& account_id) {
  auto r = c.query_one("SELECT a.id, a.display_name, a.email, m.created_at, m.role FROM memberships m "
                       "JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = $1 AND m.account_id = $2",
                       {organisation_id, account_id});
  if (!r) return std::nullopt;
  return Member{r->text(0), r->text(1), r->text(2), r->text(3),
                core::parse_role(r->text(4)).value_or(core::Role::resident)};
}

void change_role(store::Connection& tx, const core::Principal& officer, const std::string& account_id,
                 core::Role role) {
  auto member = existing_member(tx, officer.organisation_id, account_id);
  if (member.role == role) return;
  if (role != core::Role::officer) keep_an_officer(tx, member, officer.organisation_id);
  put_membership(tx, officer, officer.organisation_id, account_id, role);
  // The notice says a role changed; the account page says which, in the reader's language.
  notify::send_notice(tx, notify::Notice{officer.organisation_id, account_id, "access.notice.role_changed", {}, "/account"});
}

void remove_member(store::Connection& tx, const core::Principal& officer, const std::string& account_id) {
  auto member = existing_member(tx, officer.organisation_id, account_id);
  keep_an_officer(tx, member, officer.organisation_id);
  for (const char* table : {"memberships", "sessions", "api_tokens"})
    tx.execute(std::string("DELETE FROM ") + table + " WHERE organisation_id = $1 AND account_id = $2",
               {officer.organisation_id, account_id});
  audit::record(tx, officer, "delete", "membership", account_id,
                json::object{{"account_id", account_id}, {"role", core::to_string(member.role)}}, std::nullopt);
}

}  // namespace coproduce::access
