// The access module: organisations, accounts, memberships, sessions and API
// tokens; resolving who is asking (session cookie or bearer API token), CSRF
// checks, the login/logout/token/member routes, and seeding helpers.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "access/login_limits.hpp"
#include "core/roles.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "module/module.hpp"
#include "store/database.hpp"

namespace coproduce::access {

// Cookie names; served securely they carry the __Host- prefix, which browsers
// accept only with Secure, Path=/ and no Domain (no subdomain can set them).
inline constexpr std::string_view kSessionCookie = "cp_session";
// Double-submit token for anonymous forms (the login form).
inline constexpr std::string_view kAnonymousCsrfCookie = "cp_csrf";
inline constexpr std::string_view kCsrfField = "csrf_token";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

struct AccessOptions {
  // The organisation anonymous requests act in when no ?org=slug is given;
  // empty: the organisation created first.
  std::string default_org_slug;
  bool secure_cookies = true;  // false only for a server on loopback (local use, the demo)
  std::string session_cookie() const { return cookie_name(kSessionCookie); }
  std::string csrf_cookie() const { return cookie_name(kAnonymousCsrfCookie); }
  std::string cookie_name(std::string_view name) const {
    return secure_cookies ? "__Host-" + std::string(name) : std::string(name);
  }
  std::chrono::seconds session_idle_timeout{std::chrono::hours(2)};
  std::chrono::seconds session_lifetime{std::chrono::hours(24)};
  LoginLimitRules login_limits;
  // Tests move time; empty means the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
};

// The module's registration: options from the environment, or given (tests).
void load(module::Loader& loader);
void load_with(module::Loader& loader, AccessOptions options);
AccessOptions options_from(const module::Environment& environment);
// Generated from src/access/migrations and messages (coproduce_module_files).
const module::Files& migration_files();
const module::Files& message_files();

// The settings page and API (every setting the modules declared).
void add_settings_routes(module::Loader& loader);

http::Authenticator make_authenticator(store::Database& db, AccessOptions options);
http::CsrfCheck make_csrf_check(AccessOptions options);

// A Set-Cookie value for the anonymous CSRF cookie when the request did not
// carry one: page handlers that render a form for anonymous visitors add it.
std::optional<std::string> anonymous_csrf_cookie(const http::Context& ctx,
                                                 const AccessOptions& options);

// Seeding helpers for the demo loader; each writes its audit event as the system.
std::string create_organisation(store::Connection& tx, std::string_view slug, std::string_view name,
                                std::string_view default_locale);
std::string create_account(store::Connection& tx, std::string_view email,
                           std::string_view display_name, std::string_view password);
void add_membership(store::Connection& tx, std::string_view organisation_id,
                    std::string_view account_id, core::Role role);

}  // namespace coproduce::access
