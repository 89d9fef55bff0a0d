// SQL for organisations, accounts, memberships, sessions and API tokens.
#include "access/repository.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "access/passwords.hpp"
#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace coproduce::access {
namespace {

constexpr auto kSlideEvery = std::chrono::seconds(60);
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kTokenBytes = 32;  // 256 bits of randomness in cookies and API tokens

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

bool has_control_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The catalogue keys that say what is wrong with one name field.
struct NameKeys {
  const char* required;
  const char* too_long;
  const char* one_line;
};
constexpr NameKeys kPersonName{"access.error.name_required", "access.error.name_too_long",
                               "access.error.name_one_line"};
constexpr NameKeys kTokenName{"access.error.token_name_required", "access.error.token_name_too_long",
                              "access.error.token_name_one_line"};

// A required one-line text of at most kMaxNameBytes bytes, trimmed.
std::string checked_name(std::string_view field, std::string_view value, const NameKeys& keys) {
  auto text = trim(value);
  auto problem = [&](const char* key) { return core::localised(422, "invalid", key, std::string(field)); };
  if (text.empty()) throw problem(keys.required);
  if (text.size() > kMaxNameBytes) throw problem(keys.too_long);
  if (has_control_character(text)) throw problem(keys.one_line);
  return std::string(text);
}

// The organisation's name given on the command line: its errors are for the operator, in English.
std::string checked_organisation_name(std::string_view value) {
  auto text = trim(value);
  if (text.empty()) throw core::invalid("name", "Enter the organisation's name");
  if (text.size() > kMaxNameBytes || has_control_character(text))
    throw core::invalid("name", "The organisation's name must be one line of at most 200 bytes");
  return std::string(text);
}

void check_slug(std::string_view slug) {
  bool ok = !slug.empty() && slug.size() <= 64 && slug.front() != '-' && slug.back() != '-' &&
            std::all_of(slug.begin(), slug.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            });
  if (!ok)
    throw core::invalid("slug",
                        "Slug must be 1 to 64 lowercase letters, digits or hyphens, not starting "
                        "or ending with a hyphen");
}

std::optional<Organisation> organisation_from(const std::optional<store::Row>& row) {
  if (!row) return std::nullopt;
  return Organisation{row->text(0), row->text(1), row->text(2), row->text(3)};
}

std::optional<Account> account_from(const std::optional<store::Row>& row) {
  if (!row) return std::nullopt;
  return Account{row->text(0), row->text(1), row->text(2), row->text(3)};
}

// Runs an INSERT, turning a duplicate key into `duplicate` (a 409 that names the field).
void insert_unique(store::Connection& tx, std::string_view sql, const store::Params& params,
                   const core::Error& duplicate) {
  try {
    tx.execute(sql, params);
  } catch (const store::DatabaseError& e) {
    if (e.unique_violation()) throw duplicate;
    throw;
  }
}

core::Principal acting_as(std::string_view organisation_id, std::string_view account_id) {
  core::Principal p;
  p.organisation_id = std::string(organisation_id);
  p.account_id = std::string(account_id);
  return p;
}

void remove_session(store::Connection& c, std::string_view organisation_id,
                    std::string_view session_id) {
  c.execute("DELETE FROM sessions WHERE organisation_id = $1 AND id = $2",
            {std::string(organisation_id), std::string(session_id)});
}

}  // namespace

// ---- organisations

std::string insert_organisation(store::Connection& tx, const core::Principal& actor,
                                std::string_view slug, std::string_view name,
                                std::string_view default_locale) {
  check_slug(slug);
  auto clean_name = checked_organisation_name(name);
  if (default_locale != "en" && default_locale != "cy")
    throw core::invalid("default_locale", "Default locale must be \"en\" or \"cy\"");
  if (find_organisation_by_slug(tx, slug))
    throw core::conflict("slug", "An organisation already uses this slug");
  auto id = core::new_id();
  insert_unique(tx,
                "INSERT INTO organisations (id, slug, name, default_locale, created_at, "
                "creation_order) SELECT $1, $2, $3, $4, $5, COALESCE(MAX(creation_order), 0) + 1 "
                "FROM organisations",
                {id, std::string(slug), clean_name, std::string(default_locale), core::now_utc()},
                core::conflict("slug", "An organisation already uses this slug"));
  core::Principal in_new_organisation = actor;
  in_new_organisation.organisation_id = id;
  audit::record(tx, in_new_organisation, "create", "organisation", id, std::nullopt,
                boost::json::object{
                    {"slug", slug}, {"name", clean_name}, {"default_locale", default_locale}});
  return id;
}

std::optional<Organisation> find_organisation_by_slug(store::Connection& c, std::string_view slug) {
  return organisation_from(
      c.query_one("SELECT id, slug, name, default_locale FROM organisations WHERE slug = $1",
                  {std::string(slug)}));
}

std::optional<Organisation> find_organisation(store::Connection& c, std::string_view id) {
  return organisation_from(c.query_one(
      "SELECT id, slug, name, default_locale FROM organisations WHERE id = $1", {std::string(id)}));
}

std::optional<Organisation> first_organisation(store::Connection& c) {
  return organisation_from(
      c.query_one("SELECT id, slug, name, default_locale FROM organisations "
                  "ORDER BY creation_order, id LIMIT 1"));
}

// ---- accounts

std::string normalise_email(std::string_view email) {
  auto text = trim(email);
  if (text.empty()) throw core::localised(422, "invalid", "access.error.email_required", "email");
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  auto at = lower.find('@');
  bool ok = lower.size() <= kMaxEmailBytes && at != std::string::npos && at > 0 &&
            lower.find('@', at + 1) == std::string::npos &&
            lower.find('.', at + 2) != std::string::npos && lower.back() != '.' &&
            std::none_of(lower.begin(), lower.end(),
                         [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
  if (!ok)
    throw core::localised(422, "invalid", "access.error.email_format", "email");
  return lower;
}

std::string insert_account(store::Connection& tx, const core::Principal& actor,
                           std::string_view email, std::string_view display_name,
                           std::string_view password) {
  auto clean_email = normalise_email(email);
  auto clean_name = checked_name("display_name", display_name, kPersonName);
  check_password_policy(password);
  if (find_account_by_email(tx, clean_email))
    throw core::localised(409, "conflict", "access.error.email_taken", "email");
  auto id = core::new_id();
  insert_unique(tx,
                // Made by the operator or the demo, not by the person: its address is taken as verified.
                "INSERT INTO accounts (id, email, display_name, password_hash, created_at, email_verified_at) "
                "VALUES ($1, $2, $3, $4, $5, $5)",
                {id, clean_email, clean_name, password_hasher().hash(password), core::now_utc()},
                core::localised(409, "conflict", "access.error.email_taken", "email"));
  audit::record(tx, actor, "create", "account", id, std::nullopt,
                boost::json::object{{"email", clean_email}, {"display_name", clean_name}});
  return id;
}

std::optional<Account> find_account_by_email(store::Connection& c, std::string_view email) {
  return account_from(
      c.query_one("SELECT id, email, display_name, password_hash FROM accounts WHERE email = $1",
                  {std::string(email)}));
}

std::optional<Account> find_account(store::Connection& c, std::string_view id) {
  return account_from(
      c.query_one("SELECT id, email, display_name, password_hash FROM accounts WHERE id = $1",
                  {std::string(id)}));
}

// ---- memberships

std::optional<core::Role> find_role(store::Connection& c, std::string_view organisation_id,
                                    std::string_view account_id) {
  auto row =
      c.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2",
                  {std::string(organisation_id), std::string(account_id)});
  if (!row) return std::nullopt;
  return core::parse_role(row->text(0));
}

std::vector<Membership> find_memberships(store::Connection& c, std::string_view account_id) {
  auto rows = c.query(
      "SELECT o.id, o.slug, o.name, o.default_locale, m.role FROM memberships m "
      "JOIN organisations o ON o.id = m.organisation_id WHERE m.account_id = $1 "
      "ORDER BY o.creation_order, o.id",
      {std::string(account_id)});
  std::vector<Membership> memberships;
  for (const auto& row : rows)
    if (auto role = core::parse_role(row.text(4)))
      memberships.push_back(
          {Organisation{row.text(0), row.text(1), row.text(2), row.text(3)}, *role});
  return memberships;
}

bool put_membership(store::Connection& tx, const core::Principal& actor,
                    std::string_view organisation_id, std::string_view account_id,
                    core::Role role) {
  auto previous = find_role(tx, organisation_id, account_id);
  std::string role_text(core::to_string(role));
  core::Principal in_organisation = actor;
  in_organisation.organisation_id = std::string(organisation_id);
  boost::json::object after{{"account_id", account_id}, {"role", role_text}};
  if (previous) {
    tx.execute("UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND account_id = $2",
               {std::string(organisation_id), std::string(account_id), role_text});
    audit::record(
        tx, in_organisation, "update", "membership", account_id,
        boost::json::object{{"account_id", account_id}, {"role", core::to_string(*previous)}},
        after);
    return false;
  }
  tx.execute(
      "INSERT INTO memberships (organisation_id, account_id, role, created_at) "
      "VALUES ($1, $2, $3, $4)",
      {std::string(organisation_id), std::string(account_id), role_text, core::now_utc()});
  audit::record(tx, in_organisation, "create", "membership", account_id, std::nullopt, after);
  return true;
}

// ---- sessions

NewSession insert_session(store::Connection& tx, std::string_view organisation_id,
                          std::string_view account_id, Clock::time_point now,
                          std::chrono::seconds lifetime, std::string_view device) {
  auto token = core::random_token(kTokenBytes);
  NewSession session{std::string(organisation_id) + "." + token, sha256_hex(token),
                     core::random_token(kTokenBytes)};
  auto at = iso_utc(now);
  tx.execute(
      "INSERT INTO sessions (organisation_id, id, account_id, csrf_secret, created_at, "
      "last_seen_at, expires_at, device) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
      {std::string(organisation_id), session.id, std::string(account_id), session.csrf_token, at,
       iso_utc(now + lifetime), std::string(device)});
  audit::record(tx, acting_as(organisation_id, account_id), "login", "account", account_id,
                std::nullopt, boost::json::object{{"expires_at", iso_utc(now + lifetime)}});
  return session;
}

std::optional<ResolvedSession> resolve_session(store::Connection& c, std::string_view cookie_value,
                                               Clock::time_point now,
                                               std::chrono::seconds idle_timeout) {
  auto dot = cookie_value.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto organisation_id = cookie_value.substr(0, dot);
  auto token = cookie_value.substr(dot + 1);
  if (!core::looks_like_id(organisation_id) || !is_hex(token, kTokenBytes * 2)) return std::nullopt;
  auto id = sha256_hex(token);
  auto row = c.query_one(
      "SELECT s.account_id, s.csrf_secret, s.last_seen_at, s.expires_at, m.role, a.display_name, a.locale "
      "FROM sessions s JOIN accounts a ON a.id = s.account_id "
      "LEFT JOIN memberships m ON m.organisation_id = s.organisation_id "
      "AND m.account_id = s.account_id WHERE s.organisation_id = $1 AND s.id = $2",
      {std::string(organisation_id), id});
  if (!row) return std::nullopt;
  const auto& last_seen_at = row->text(2);
  auto role = row->is_null(4) ? std::nullopt : core::parse_role(row->text(4));
  if (row->text(3) <= iso_utc(now) || last_seen_at <= iso_utc(now - idle_timeout) || !role) {
    remove_session(c, organisation_id, id);  // expired, idle, or no longer a member
    return std::nullopt;
  }
  if (last_seen_at < iso_utc(now - kSlideEvery))
    c.execute("UPDATE sessions SET last_seen_at = $3 WHERE organisation_id = $1 AND id = $2",
              {std::string(organisation_id), id, iso_utc(now)});
  ResolvedSession resolved{acting_as(organisation_id, row->text(0)), row->text(1), row->text(6)};
  resolved.principal.role = role;
  resolved.principal.display_name = row->text(5);
  resolved.principal.session_id = id;
  return resolved;
}

void delete_session(store::Connection& tx, std::string_view organisation_id,
                    std::string_view session_id) {
  auto owner =
      tx.query_one("SELECT account_id FROM sessions WHERE organisation_id = $1 AND id = $2",
                   {std::string(organisation_id), std::string(session_id)});
  if (!owner) return;
  remove_session(tx, organisation_id, session_id);
  audit::record(tx, acting_as(organisation_id, owner->text(0)), "logout", "account", owner->text(0),
                std::nullopt, std::nullopt);
}

// ---- API tokens

NewApiToken insert_api_token(store::Connection& tx, const core::Principal& owner,
                             std::string_view name, Clock::time_point now, std::chrono::days life) {
  if (trim(name).empty()) throw core::localised(422, "invalid", "access.error.token_name_required", "name");
  auto clean_name = checked_name("name", name, kTokenName);
  std::string random = core::random_token(kTokenBytes);
  NewApiToken created{ApiToken{core::new_id(), clean_name, iso_utc(now), std::nullopt, false, iso_utc(now + life)},
                      "cp_" + owner.organisation_id + "_" + random};
  tx.execute(
      "INSERT INTO api_tokens (organisation_id, id, account_id, name, token_hash, created_at, "
      "revoked, expires_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
      {owner.organisation_id, created.token.id, owner.account_id, clean_name, sha256_hex(random),
       created.token.created_at, *created.token.expires_at});
  audit::record(tx, owner, "create", "api_token", created.token.id, std::nullopt,
                boost::json::object{{"name", clean_name}, {"account_id", owner.account_id},
                                    {"expires_at", *created.token.expires_at}});
  return created;
}

std::vector<ApiToken> list_api_tokens(store::Connection& c, const core::Principal& owner) {
  auto rows = c.query(
      "SELECT id, name, created_at, last_used_at, revoked, expires_at FROM api_tokens "
      "WHERE organisation_id = $1 AND account_id = $2 ORDER BY created_at, id",
      {owner.organisation_id, owner.account_id});
  std::vector<ApiToken> tokens;
  for (const auto& row : rows)
    tokens.push_back(
        ApiToken{row.text(0), row.text(1), row.text(2), row.opt_text(3), row.integer(4) != 0, row.opt_text(5)});
  return tokens;
}

bool revoke_api_token(store::Connection& tx, const core::Principal& owner, std::string_view id) {
  auto row = tx.query_one(
      "SELECT name, revoked FROM api_tokens WHERE organisation_id = $1 AND account_id = $2 "
      "AND id = $3",
      {owner.organisation_id, owner.account_id, std::string(id)});
  if (!row) return false;
  if (row->integer(1) != 0) return true;  // already revoked: nothing changes, nothing to audit
  tx.execute("UPDATE api_tokens SET revoked = 1 WHERE organisation_id = $1 AND id = $2",
             {owner.organisation_id, std::string(id)});
  audit::record(tx, owner, "update", "api_token", id,
                boost::json::object{{"name", row->text(0)}, {"revoked", false}},
                boost::json::object{{"name", row->text(0)}, {"revoked", true}});
  return true;
}

std::optional<core::Principal> resolve_api_token(store::Connection& c, std::string_view secret,
                                                 Clock::time_point now) {
  // "cp_" + 20-character organisation id + "_" + 64 hex digits
  constexpr std::size_t kIdLength = 20;
  if (secret.size() != 3 + kIdLength + 1 + kTokenBytes * 2 || secret.substr(0, 3) != "cp_" ||
      secret[3 + kIdLength] != '_')
    return std::nullopt;
  auto organisation_id = secret.substr(3, kIdLength);
  auto random = secret.substr(3 + kIdLength + 1);
  if (!core::looks_like_id(organisation_id) || !is_hex(random, kTokenBytes * 2))
    return std::nullopt;
  auto row = c.query_one(
      "SELECT t.id, t.account_id, t.last_used_at, m.role, a.display_name "
      "FROM api_tokens t JOIN accounts a ON a.id = t.account_id "
      "JOIN memberships m ON m.organisation_id = t.organisation_id AND m.account_id = t.account_id "
      "WHERE t.organisation_id = $1 AND t.token_hash = $2 AND t.revoked = 0 "
      "AND (t.expires_at IS NULL OR t.expires_at > $3)",
      {std::string(organisation_id), sha256_hex(random), iso_utc(now)});
  if (!row) return std::nullopt;
  auto role = core::parse_role(row->text(3));
  if (!role) return std::nullopt;
  auto last_used_at = row->opt_text(2);
  if (!last_used_at || *last_used_at < iso_utc(now - kSlideEvery))
    c.execute("UPDATE api_tokens SET last_used_at = $3 WHERE organisation_id = $1 AND id = $2",
              {std::string(organisation_id), row->text(0), iso_utc(now)});
  auto principal = acting_as(organisation_id, row->text(1));
  principal.role = role;
  principal.display_name = row->text(4);
  principal.via_api_token = true;
  return principal;
}

}  // namespace coproduce::access
