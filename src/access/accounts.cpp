// A person's account over its life. Password hashes are computed before any
// transaction opens (each takes about 0.1 s and 64 MiB), so a write lock is
// never held while hashing.
#include "access/accounts.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "access/passwords.hpp"
#include "access/repository.hpp"
#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "notify/outbox.hpp"

namespace coproduce::access {
namespace {

namespace json = boost::json;
constexpr std::size_t kMaxNameBytes = 200;
constexpr auto kResendGap = std::chrono::minutes(5);

core::Principal acting_as(const std::string& organisation_id, const std::string& account_id) {
  core::Principal p;
  p.organisation_id = organisation_id;
  p.account_id = account_id;
  return p;
}

bool is_single_line(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}


// The problems with a name, an email and a password, as catalogue keys.
void check_name(std::vector<core::FieldProblem>& problems, const std::string& name) {
  if (name.empty()) problems.push_back({"display_name", "access.error.name_required"});
  else if (name.size() > kMaxNameBytes) problems.push_back({"display_name", "access.error.name_too_long"});
  else if (!is_single_line(name)) problems.push_back({"display_name", "access.error.name_one_line"});
}

std::optional<std::string> checked_email(std::vector<core::FieldProblem>& problems, const std::string& field,
                                         std::string_view email) {
  if (core::trimmed(email).empty()) {
    problems.push_back({field, "access.error.email_required"});
    return std::nullopt;
  }
  try {
    return normalise_email(email);
  } catch (const core::Error&) {
    problems.push_back({field, "access.error.email_format"});
    return std::nullopt;
  }
}

void check_new_password(std::vector<core::FieldProblem>& problems, const std::string& field,
                        std::string_view password) {
  if (password.empty()) problems.push_back({field, "access.error.password_required"});
  else if (password.size() > kMaxPasswordBytes) problems.push_back({field, "access.error.password_too_long"});
  else if (password_characters(password) < kMinPasswordCharacters)
    problems.push_back({field, "access.error.password_too_short"});
}

void check_locale(std::vector<core::FieldProblem>& problems, const std::string& locale) {
  if (locale != "en" && locale != "cy") problems.push_back({"locale", "access.error.locale"});
}

void throw_if_any(std::vector<core::FieldProblem> problems) {
  if (!problems.empty()) throw core::ValidationFailed(std::move(problems));
}

core::Error bad_link() { return core::localised(410, "link_invalid", "access.error.link_invalid"); }

// The current password checked before anything changes; a wrong one is 422
// on the field, so the page can say it where it was typed.
void require_password(store::Database& db, const std::string& account_id, const std::string& password) {
  std::string hash;
  {
    auto c = db.acquire();
    auto row = c->query_one("SELECT password_hash FROM accounts WHERE id = $1 AND deleted_at IS NULL", {account_id});
    if (!row) throw core::unauthenticated();
    hash = row->text(0);
  }
  if (password.empty())
    throw core::localised(422, "invalid", "access.error.current_password_required", "current_password");
  if (password.size() > kMaxPasswordBytes || !password_hasher().verify(hash, password))
    throw core::localised(422, "invalid", "access.error.current_password_wrong", "current_password");
}

bool sent_recently(store::Connection& c, const std::string& account_id, TokenPurpose purpose,
                   Clock::time_point now) {
  return c.query_one("SELECT 1 FROM account_tokens WHERE account_id = $1 AND purpose = $2 AND created_at > $3",
                     {account_id, std::string(to_string(purpose)), iso_utc(now - kResendGap)})
      .has_value();
}

void email_link(store::Connection& tx, const std::string& organisation_id, const std::string& to,
                const std::string& locale, const std::string& key, const std::string& link,
                i18n::Args args = {}) {
  args.emplace_back("link", link);
  notify::enqueue(tx, notify::Email{organisation_id, to, locale, key, std::move(args)});
}

}  // namespace

// The organisations where the account is the only officer: leaving them would
// leave nobody able to manage them.
std::vector<std::string> organisations_it_alone_runs(store::Connection& c, const std::string& account_id) {
  std::vector<std::string> names;
  for (const auto& r : c.query("SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
                               "WHERE m.account_id = $1 AND m.role = 'officer' AND NOT EXISTS (SELECT 1 FROM "
                               "memberships n WHERE n.organisation_id = m.organisation_id AND n.role = 'officer' "
                               "AND n.account_id <> m.account_id)",
                               {account_id}))
    names.push_back(r.text(0));
  return names;
}

std::string_view to_string(TokenPurpose purpose) {
  switch (purpose) {
    case TokenPurpose::verify_email: return "verify_email";
    case TokenPurpose::reset_password: return "reset_password";
    case TokenPurpose::change_email: return "change_email";
  }
  return "";
}

std::string issue_token(store::Connection& tx, const std::string& organisation_id, const std::string& account_id,
                        TokenPurpose purpose, const std::optional<std::string>& new_email, Clock::time_point now) {
  auto life = purpose == TokenPurpose::verify_email     ? kVerifyLinkLife
              : purpose == TokenPurpose::reset_password ? kResetLinkLife
                                                        : kChangeEmailLinkLife;
  auto token = core::random_token(32);
  tx.execute("INSERT INTO account_tokens (organisation_id, id, token_hash, account_id, purpose, new_email, "
             "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {organisation_id, core::new_id(), sha256_hex(token), account_id, std::string(to_string(purpose)),
              store::maybe(new_email), iso_utc(now), iso_utc(now + life)});
  return token;
}

std::optional<LinkToken> find_token(store::Connection& c, const std::string& token, TokenPurpose purpose,
                                    Clock::time_point now, bool consume) {
  if (!is_hex(token, 64)) return std::nullopt;
  auto row = c.query_one(
      "SELECT t.organisation_id, t.id, t.account_id, t.new_email FROM account_tokens t JOIN accounts a ON "
      "a.id = t.account_id WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > $3 "
      "AND a.deleted_at IS NULL",
      {sha256_hex(token), std::string(to_string(purpose)), iso_utc(now)});
  if (!row) return std::nullopt;
  if (consume) {
    // The guard on used_at makes two racing uses of one link count once.
    auto changed = c.execute("UPDATE account_tokens SET used_at = $3 WHERE organisation_id = $1 AND id = $2 "
                             "AND used_at IS NULL",
                             {row->text(0), row->text(1), iso_utc(now)});
    if (changed != 1) return std::nullopt;
  }
  return LinkToken{row->text(0), row->text(2), row->opt_text(3)};
}

std::optional<AccountDetails> account_details(store::Connection& c, const std::string& account_id) {
  auto row = c.query_one("SELECT id, email, display_name, locale, created_at, email_verified_at FROM accounts "
                         "WHERE id = $1 AND deleted_at IS NULL",
                         {account_id});
  if (!row) return std::nullopt;
  return AccountDetails{row->text(0), row->text(1), row->text(2), row->text(3), row->text(4), !row->is_null(5)};
}

// ---- signing up

void sign_up(store::Database& db, const std::string& organisation_id, const SignUp& form,
             const std::string& public_url, Clock::time_point now) {
  std::vector<core::FieldProblem> problems;
  auto name = core::trimmed(form.display_name);
  check_name(problems, name);
  auto email = checked_email(problems, "email", form.email);
  check_new_password(problems, "password", form.password);
  check_locale(problems, form.locale);
  throw_if_any(std::move(problems));

  // Hashed whether or not the address has an account: the time says nothing.
  auto hash = password_hasher().hash(form.password);
  auto c = db.acquire();
  c->transaction([&] {
    if (auto existing = find_account_by_email(*c, *email)) {
      auto details = account_details(*c, existing->id);
      auto token = issue_token(*c, organisation_id, existing->id, TokenPurpose::reset_password, std::nullopt, now);
      email_link(*c, organisation_id, *email, details ? details->locale : form.locale,
                 "access.email.already_registered", public_url + "/reset-password?token=" + token);
      return;
    }
    auto id = core::new_id();
    auto at = iso_utc(now);
    c->execute("INSERT INTO accounts (id, email, display_name, password_hash, created_at, locale) "
               "VALUES ($1, $2, $3, $4, $5, $6)",
               {id, *email, name, hash, at, form.locale});
    c->execute("INSERT INTO memberships (organisation_id, account_id, role, created_at) VALUES ($1, $2, $3, $4)",
               {organisation_id, id, std::string("resident"), at});
    auto self = acting_as(organisation_id, id);
    audit::record(*c, self, "create", "account", id, std::nullopt,
                  json::object{{"display_name", name}, {"locale", form.locale}, {"by", "sign_up"}});
    audit::record(*c, self, "create", "membership", id, std::nullopt,
                  json::object{{"account_id", id}, {"role", "resident"}});
    auto token = issue_token(*c, organisation_id, id, TokenPurpose::verify_email, std::nullopt, now);
    email_link(*c, organisation_id, *email, form.locale, "access.email.verify",
               public_url + "/verify-email?token=" + token, {{"name", name}});
  });
  notify::wake_sender();
}

std::optional<LinkToken> verify_email(store::Database& db, const std::string& token, Clock::time_point now) {
  auto c = db.acquire();
  return c->transaction([&]() -> std::optional<LinkToken> {
    auto link = find_token(*c, token, TokenPurpose::verify_email, now, true);
    if (!link) return std::nullopt;
    c->execute("UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1",
               {link->account_id, iso_utc(now)});
    audit::record(*c, acting_as(link->organisation_id, link->account_id), "verify_email", "account",
                  link->account_id, std::nullopt, std::nullopt);
    return link;
  });
}

void resend_verification(store::Database& db, const std::string& organisation_id, const std::string& account_id,
                         const std::string& public_url, Clock::time_point now) {
  auto c = db.acquire();
  c->transaction([&] {
    auto details = account_details(*c, account_id);
    if (!details || details->verified || sent_recently(*c, account_id, TokenPurpose::verify_email, now)) return;
    auto token = issue_token(*c, organisation_id, account_id, TokenPurpose::verify_email, std::nullopt, now);
    email_link(*c, organisation_id, details->email, details->locale, "access.email.verify",
               public_url + "/verify-email?token=" + token, {{"name", details->display_name}});
  });
  notify::wake_sender();
}

// ---- passwords

void request_password_reset(store::Database& db, const std::string& organisation_id, const std::string& email,
                            const std::string& public_url, Clock::time_point now) {
  std::vector<core::FieldProblem> problems;
  auto clean = checked_email(problems, "email", email);
  throw_if_any(std::move(problems));
  auto c = db.acquire();
  c->transaction([&] {
    auto account = find_account_by_email(*c, *clean);
    if (!account || sent_recently(*c, account->id, TokenPurpose::reset_password, now)) return;
    auto details = account_details(*c, account->id);
    if (!details) return;
    auto token = issue_token(*c, organisation_id, account->id, TokenPurpose::reset_password, std::nullopt, now);
    email_link(*c, organisation_id, details->email, details->locale, "access.email.reset",
               public_url + "/reset-password?token=" + token, {{"name", details->display_name}});
  });
  notify::wake_sender();
}

void reset_password(store::Database& db, const std::string& token, const std::string& password,
                    Clock::time_point now) {
  {
    auto c = db.acquire();
    if (!find_token(*c, token, TokenPurpose::reset_password, now, false)) throw bad_link();
  }
  std::vector<core::FieldProblem> problems;
  check_new_password(problems, "password", password);
  throw_if_any(std::move(problems));
  auto hash = password_hasher().hash(password);
  auto c = db.acquire();
  c->transaction([&] {
    auto link = find_token(*c, token, TokenPurpose::reset_password, now, true);
    if (!link) throw bad_link();
    c->execute("UPDATE accounts SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, $3) "
               "WHERE id = $1",
               {link->account_id, hash, iso_utc(now)});
    c->execute("DELETE FROM sessions WHERE account_id = $1", {link->account_id});
    audit::record(*c, acting_as(link->organisation_id, link->account_id), "reset_password", "account",
                  link->account_id, std::nullopt, std::nullopt);
  });
}

void change_password(store::Database& db, const core::Principal& actor, const std::string& current,
                     const std::string& password) {
  std::vector<core::FieldProblem> problems;
  // Every empty box is named at once, in the form's order.
  if (current.empty()) problems.push_back({"current_password", "access.error.current_password_required"});
  check_new_password(problems, "password", password);
  throw_if_any(std::move(problems));
  require_password(db, actor.account_id, current);
  auto hash = password_hasher().hash(password);
  auto c = db.acquire();
  c->transaction([&] {
    c->execute("UPDATE accounts SET password_hash = $2 WHERE id = $1", {actor.account_id, hash});
    // Every other session ends: whoever knew the old password is out.
    c->execute("DELETE FROM sessions WHERE account_id = $1 AND NOT (organisation_id = $2 AND id = $3)",
               {actor.account_id, actor.organisation_id, actor.session_id});
    audit::record(*c, actor, "change_password", "account", actor.account_id, std::nullopt, std::nullopt);
  });
}

// ---- details

void request_email_change(store::Database& db, const core::Principal& actor, const std::string& new_email,
                          const std::string& current_password, const std::string& public_url,
                          Clock::time_point now) {
  std::vector<core::FieldProblem> problems;
  auto clean = checked_email(problems, "new_email", new_email);
  if (current_password.empty()) problems.push_back({"current_password", "access.error.current_password_required"});
  throw_if_any(std::move(problems));
  require_password(db, actor.account_id, current_password);
  auto c = db.acquire();
  c->transaction([&] {
    auto details = account_details(*c, actor.account_id);
    if (!details) throw core::unauthenticated();
    if (*clean == details->email) throw core::localised(422, "invalid", "access.error.email_same", "new_email");
    if (find_account_by_email(*c, *clean)) {
      // Said to the address's owner, not to the asker: whether an address
      // has an account is not told to whoever asks.
      email_link(*c, actor.organisation_id, *clean, details->locale, "access.email.change_taken",
                 public_url + "/forgot-password");
      return;
    }
    auto token = issue_token(*c, actor.organisation_id, actor.account_id, TokenPurpose::change_email, *clean, now);
    email_link(*c, actor.organisation_id, *clean, details->locale, "access.email.change_confirm",
               public_url + "/account/email/confirm?token=" + token, {{"name", details->display_name}});
    email_link(*c, actor.organisation_id, details->email, details->locale, "access.email.change_warning",
               public_url + "/account", {{"name", details->display_name}});
  });
  notify::wake_sender();
}

void confirm_email_change(store::Database& db, const std::string& token, Clock::time_point now) {
  auto c = db.acquire();
  c->transaction([&] {
    auto link = find_token(*c, token, TokenPurpose::change_email, now, true);
    if (!link || !link->new_email) throw bad_link();
    auto before = account_details(*c, link->account_id);
    if (find_account_by_email(*c, *link->new_email))
      throw core::localised(409, "conflict", "access.error.email_taken", "email");
    c->execute("UPDATE accounts SET email = $2, email_verified_at = $3 WHERE id = $1",
               {link->account_id, *link->new_email, iso_utc(now)});
    audit::record(*c, acting_as(link->organisation_id, link->account_id), "change_email", "account",
                  link->account_id, json::object{{"email", before ? before->email : ""}},
                  json::object{{"email", *link->new_email}});
  });
}

void update_profile(store::Database& db, const core::Principal& actor, const std::string& display_name,
                    const std::string& locale) {
  std::vector<core::FieldProblem> problems;
  auto name = core::trimmed(display_name);
  check_name(problems, name);
  check_locale(problems, locale);
  throw_if_any(std::move(problems));
  auto c = db.acquire();
  c->transaction([&] {
    auto before = account_details(*c, actor.account_id);
    if (!before) throw core::unauthenticated();
    c->execute("UPDATE accounts SET display_name = $2, locale = $3 WHERE id = $1", {actor.account_id, name, locale});
    audit::record(*c, actor, "update", "account", actor.account_id,
                  json::object{{"display_name", before->display_name}, {"locale", before->locale}},
                  json::object{{"display_name", name}, {"locale", locale}});
  });
}

// ---- sessions

std::vector<SessionInfo> list_sessions(store::Connection& c, const core::Principal& actor) {
  std::vector<SessionInfo> out;
  for (const auto& r : c.query("SELECT o.name, s.device, s.created_at, s.last_seen_at, s.organisation_id, s.id "
                               "FROM sessions s JOIN organisations o ON o.id = s.organisation_id "
                               "WHERE s.account_id = $1 ORDER BY s.last_seen_at DESC, s.id",
                               {actor.account_id}))
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3),
                   r.text(4) == actor.organisation_id && r.text(5) == actor.session_id});
  return out;
}

void sign_out_everywhere(store::Database& db, const core::Principal& actor) {
  auto c = db.acquire();
  c->transaction([&] {
    auto ended = c->execute("DELETE FROM sessions WHERE account_id = $1", {actor.account_id});
    audit::record(*c, actor, "sign_out_everywhere", "account", actor.account_id, std::nullopt,
                  json::object{{"sessions_ended", ended}});
  });
}

std::string device_name(std::string_view ua) {
  auto has = [&](std::string_view s) { return ua.find(s) != std::string_view::npos; };
  std::string browser = has("Edg/")                         ? "Edge"
                        : has("Firefox/")                   ? "Firefox"
                        : has("Chrome/") || has("CriOS/")   ? "Chrome"
                        : has("Safari/")                    ? "Safari"
                        : has("curl/")                      ? "curl"
                                                            : "";
  std::string system = has("Android")                                   ? "Android"
                       : has("iPhone") || has("iPad")                   ? "iOS"
                       : has("Windows")                                 ? "Windows"
                       : has("Mac OS X") || has("Macintosh")            ? "macOS"
                       : has("CrOS")                                    ? "ChromeOS"
                       : has("Linux")                                   ? "Linux"
                                                                        : "";
  if (browser.empty() && system.empty()) return "";
  if (system.empty()) return browser;
  if (browser.empty()) return system;
  return browser + " / " + system;
}

// ---- the person's data

json::object personal_data(store::Connection& c, const module::Registry& registry, const std::string& account_id) {
  json::object out;
  auto details = account_details(c, account_id);
  if (!details) return out;
  out["account"] = json::object{{"id", details->id},
                                {"email", details->email},
                                {"display_name", details->display_name},
                                {"language", details->locale},
                                {"created_at", details->created_at},
                                {"email_verified", details->verified}};
  json::array memberships;
  for (const auto& m : find_memberships(c, account_id))
    memberships.push_back({{"organisation", m.organisation.name}, {"role", core::to_string(m.role)}});
  out["memberships"] = std::move(memberships);
  json::array sessions;
  for (const auto& r : c.query("SELECT o.name, s.device, s.created_at, s.last_seen_at FROM sessions s JOIN "
                               "organisations o ON o.id = s.organisation_id WHERE s.account_id = $1",
                               {account_id}))
    sessions.push_back({{"organisation", r.text(0)}, {"device", r.text(1)}, {"signed_in_at", r.text(2)},
                        {"last_seen_at", r.text(3)}});
  out["sessions"] = std::move(sessions);
  json::array tokens;
  for (const auto& r : c.query("SELECT name, created_at, last_used_at, revoked FROM api_tokens WHERE account_id = $1",
                               {account_id}))
    tokens.push_back({{"name", r.text(0)}, {"created_at", r.text(1)},
                      {"last_used_at", r.is_null(2) ? json::value(nullptr) : json::value(r.text(2))},
                      {"revoked", r.integer(3) != 0}});
  out["api_tokens"] = std::move(tokens);
  for (const auto& part : registry.personal_data()) out[part.name] = part.export_data(c, account_id);
  return out;
}

void delete_account(store::Database& db, const module::Registry& registry, const core::Principal& actor,
                    const std::string& current_password) {
  require_password(db, actor.account_id, current_password);
  auto c = db.acquire();
  c->transaction([&] {
    auto alone = organisations_it_alone_runs(*c, actor.account_id);
    if (!alone.empty()) throw core::localised(409, "last_officer", "access.error.delete_last_officer");
    for (const auto& part : registry.personal_data()) part.erase(*c, actor.account_id);
    for (const char* table : {"sessions", "api_tokens", "account_tokens", "memberships"})
      c->execute(std::string("DELETE FROM ") + table + " WHERE account_id = $1", {actor.account_id});
    // The row stays, emptied, so what the person contributed keeps its link
    // (shown as aggregate only); the address is freed for a new account.
    c->execute("UPDATE accounts SET email = $2, display_name = '', password_hash = '', deleted_at = $3 WHERE id = $1",
               {actor.account_id, "deleted-" + actor.account_id + "@invalid", core::now_utc()});
    audit::record(*c, actor, "delete", "account", actor.account_id, std::nullopt, std::nullopt);
  });
}

}  // namespace coproduce::access
