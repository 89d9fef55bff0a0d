// Storage of organisations, accounts, memberships, sessions and API tokens.
// Functions that change state write their audit event on the same connection,
// so callers wrap them in a transaction and get both or neither.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/secrets.hpp"
#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::access {

struct Organisation {
  std::string id;
  std::string slug;
  std::string name;
  std::string default_locale;
};

struct Account {
  std::string id;
  std::string email;
  std::string display_name;
  std::string password_hash;
};

// ---- organisations
// Throws core::invalid naming the field for a bad slug/name/locale, core::conflict for a taken
// slug.
std::string insert_organisation(store::Connection& tx, const core::Principal& actor,
                                std::string_view slug, std::string_view name,
                                std::string_view default_locale);
std::optional<Organisation> find_organisation_by_slug(store::Connection& c, std::string_view slug);
std::optional<Organisation> find_organisation(store::Connection& c, std::string_view id);
// The organisation created first: the deployment's default when none is configured.
std::optional<Organisation> first_organisation(store::Connection& c);

// ---- accounts
// Trims and lower-cases an email; throws core::invalid("email", ...) when it is not one.
std::string normalise_email(std::string_view email);
// Validates everything before hashing; throws core::conflict("email") when taken.
std::string insert_account(store::Connection& tx, const core::Principal& actor,
                           std::string_view email, std::string_view display_name,
                           std::string_view password);
std::optional<Account> find_account_by_email(store::Connection& c, std::string_view email);
std::optional<Account> find_account(store::Connection& c, std::string_view id);

// ---- memberships
std::optional<core::Role> find_role(store::Connection& c, std::string_view organisation_id,
                                    std::string_view account_id);
struct Membership {
  Organisation organisation;
  core::Role role;
};
// Every organisation the account belongs to, the first created first.
std::vector<Membership> find_memberships(store::Connection& c, std::string_view account_id);
// Adds the membership or changes its role; returns true when it was new.
bool put_membership(store::Connection& tx, const core::Principal& actor,
                    std::string_view organisation_id, std::string_view account_id, core::Role role);

// ---- sessions
struct NewSession {
  std::string cookie_value;  // "<organisation id>.<token>": shown to the browser only
  std::string id;            // SHA-256 of the token: what the database keeps
  std::string csrf_token;
};
// `device` is what the person's list of sessions shows ("Firefox / Android").
NewSession insert_session(store::Connection& tx, std::string_view organisation_id,
                          std::string_view account_id, Clock::time_point now,
                          std::chrono::seconds lifetime, std::string_view device = {});

struct ResolvedSession {
  core::Principal principal;
  std::string csrf_token;
  std::string locale;  // the account's language ("en", "cy")
};
// nullopt for an unknown, malformed, idle or expired session (an expired one
// is deleted). Slides the idle expiry forward at most once a minute.
std::optional<ResolvedSession> resolve_session(store::Connection& c, std::string_view cookie_value,
                                               Clock::time_point now,
                                               std::chrono::seconds idle_timeout);
void delete_session(store::Connection& tx, std::string_view organisation_id,
                    std::string_view session_id);

// ---- API tokens
struct ApiToken {
  std::string id;
  std::string name;
  std::string created_at;
  std::optional<std::string> last_used_at;
  bool revoked = false;
  std::optional<std::string> expires_at;  // tokens made before expiry existed have none
};
struct NewApiToken {
  ApiToken token;
  std::string secret;  // "cp_<organisation id>_<64 hex>": returned once, stored only hashed
};
NewApiToken insert_api_token(store::Connection& tx, const core::Principal& owner,
                             std::string_view name, Clock::time_point now,
                             std::chrono::days life = std::chrono::days(90));
std::vector<ApiToken> list_api_tokens(store::Connection& c, const core::Principal& owner);
// Revokes one of the owner's tokens; false when there is no such token of theirs.
bool revoke_api_token(store::Connection& tx, const core::Principal& owner, std::string_view id);
// nullopt for an unknown, revoked, expired or malformed token, or one whose owner left the organisation.
std::optional<core::Principal> resolve_api_token(store::Connection& c, std::string_view secret,
                                                 Clock::time_point now);

}  // namespace coproduce::access
