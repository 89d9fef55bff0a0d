// A person's account over its life: signing up with a verified email,
// single-use links by email (verify, reset a password, confirm a new
// address), changing password, email, name and language, the list of
// sessions with "sign out everywhere", the download of everything kept about
// the person, and deleting the account (what they contributed stays, as
// aggregate only). Problems are catalogue keys (access.error.*) so the API
// and the pages say them in the reader's language. Emails go through the
// outbox in the same transaction as the change.
#pragma once

#include <boost/json/fwd.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "module/registry.hpp"
#include "store/database.hpp"

namespace coproduce::access {

using Clock = std::chrono::system_clock;

enum class TokenPurpose { verify_email, reset_password, change_email };
std::string_view to_string(TokenPurpose purpose);

// How long each emailed link works.
inline constexpr auto kVerifyLinkLife = std::chrono::hours(48);
inline constexpr auto kResetLinkLife = std::chrono::hours(1);
inline constexpr auto kChangeEmailLinkLife = std::chrono::hours(24);

// Issues a single-use link's token (64 hex digits; only its hash is kept).
std::string issue_token(store::Connection& tx, const std::string& organisation_id, const std::string& account_id,
                        TokenPurpose purpose, const std::optional<std::string>& new_email, Clock::time_point now);
struct LinkToken {
  std::string organisation_id, account_id;
  std::optional<std::string> new_email;
};
// The token's account when it is known, unused, unexpired and for `purpose`;
// `consume` also marks it used (in the caller's transaction).
std::optional<LinkToken> find_token(store::Connection& c, const std::string& token, TokenPurpose purpose,
                                    Clock::time_point now, bool consume);

// What the account pages and emails need to know about an account.
struct AccountDetails {
  std::string id, email, display_name, locale, created_at;
  bool verified = false;
};
std::optional<AccountDetails> account_details(store::Connection& c, const std::string& account_id);

// ---- signing up
struct SignUp {
  std::string display_name, email, password, locale;
};
// Validates, then either creates an unverified account with a resident's
// membership of `organisation_id` and emails a verification link, or, when
// the address already has an account, emails its owner that someone tried
// (with the password reset link). The caller answers the same either way.
// Throws core::ValidationFailed naming each field with a problem.
void sign_up(store::Database& db, const std::string& organisation_id, const SignUp& form,
             const std::string& public_url, Clock::time_point now);
// Marks the address verified; the account id, or nullopt for a bad link.
std::optional<LinkToken> verify_email(store::Database& db, const std::string& token, Clock::time_point now);
// Sends a fresh verification link unless one was sent in the last 5 minutes.
void resend_verification(store::Database& db, const std::string& organisation_id, const std::string& account_id,
                         const std::string& public_url, Clock::time_point now);

// ---- passwords
// Emails a reset link when the address has an account; says nothing either way.
void request_password_reset(store::Database& db, const std::string& organisation_id, const std::string& email,
                            const std::string& public_url, Clock::time_point now);
// Sets the password from a reset link, verifies the address (the link proved
// it) and ends every session of the account. Throws ValidationFailed
// (password) or core::Error 410 for a bad or used link.
void reset_password(store::Database& db, const std::string& token, const std::string& password,
                    Clock::time_point now);
// Needs the current password; ends the account's other sessions.
void change_password(store::Database& db, const core::Principal& actor, const std::string& current,
                     const std::string& password);

// ---- details
// Emails a confirmation link to the new address (the change happens when it
// is followed) and a warning to the old one. Needs the current password.
void request_email_change(store::Database& db, const core::Principal& actor, const std::string& new_email,
                          const std::string& current_password, const std::string& public_url,
                          Clock::time_point now);
void confirm_email_change(store::Database& db, const std::string& token, Clock::time_point now);
void update_profile(store::Database& db, const core::Principal& actor, const std::string& display_name,
                    const std::string& locale);

// ---- sessions
struct SessionInfo {
  std::string organisation_name, device, created_at, last_seen_at;
  bool current = false;
};
std::vector<SessionInfo> list_sessions(store::Connection& c, const core::Principal& actor);
// Ends every session of the account, in every organisation, this one too.
void sign_out_everywhere(store::Database& db, const core::Principal& actor);
// "Firefox on Android" from a User-Agent header (nothing more is kept).
std::string device_name(std::string_view user_agent);

// ---- the person's data
// Everything kept about the account, each module's part included.
boost::json::object personal_data(store::Connection& c, const module::Registry& registry,
                                  const std::string& account_id);
// The names of the organisations where the account is the only officer: it
// cannot be deleted while there are any.
std::vector<std::string> organisations_it_alone_runs(store::Connection& c, const std::string& account_id);
// Needs the current password. Each module's erase runs, then the account is
// emptied (no email, name or password) and its memberships, sessions and
// tokens go; the row stays so contributions keep their link, as aggregate.
void delete_account(store::Database& db, const module::Registry& registry, const core::Principal& actor,
                    const std::string& current_password);

}  // namespace coproduce::access
