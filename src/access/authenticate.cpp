// Resolving who is asking (bearer API token, session cookie, or anonymous in
// an organisation) and checking CSRF tokens on state-changing requests.
#include <functional>
#include <mutex>
#include <unordered_map>

#include "access/access.hpp"
#include "access/kept_forms.hpp"
#include "access/repository.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "i18n/i18n.hpp"

namespace coproduce::access {
namespace {

constexpr std::size_t kCsrfHexLength = 64;

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// Organisation ids by slug: organisations are never deleted, so a found id
// stays valid, and anonymous requests (the public map) need no query.
class OrganisationCache {
 public:
  using Connect = std::function<store::Connection&()>;

  std::string resolve(const Connect& connect, const std::optional<std::string>& requested_slug,
                      const std::string& default_slug) {
    if (requested_slug && !requested_slug->empty())
      if (auto id = by_slug(connect, *requested_slug)) return *id;
    std::lock_guard lock(mutex_);
    if (default_id_.empty()) {
      auto organisation =
          default_slug.empty() ? std::nullopt : find_organisation_by_slug(connect(), default_slug);
      if (!organisation) organisation = first_organisation(connect());
      if (organisation) default_id_ = organisation->id;
    }
    return default_id_;
  }

 private:
  std::optional<std::string> by_slug(const Connect& connect, const std::string& slug) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = ids_.find(slug); it != ids_.end()) return it->second;
    }
    auto organisation = find_organisation_by_slug(connect(), slug);
    if (!organisation) return std::nullopt;  // unknown slugs are not cached: memory stays bounded
    std::lock_guard lock(mutex_);
    ids_[slug] = organisation->id;
    return organisation->id;
  }

  std::mutex mutex_;
  std::unordered_map<std::string, std::string> ids_;
  std::string default_id_;
};

core::Error csrf_error(const std::string& message) {
  return core::Error(403, "csrf", message);
}

bool is_json_body(const http::Request& request) {
  auto type = request.header("content-type");
  return type && starts_with_ignoring_case(*type, "application/json");
}

std::optional<std::string> provided_csrf_token(const http::Request& request) {
  if (auto header = request.header(kCsrfHeader)) return header;
  auto type = request.header("content-type");
  if (type && (starts_with_ignoring_case(*type, "application/x-www-form-urlencoded") ||
               starts_with_ignoring_case(*type, "multipart/form-data"))) {  // a form with a file
    auto form = request.form();
    if (auto it = form.find(std::string(kCsrfField)); it != form.end()) return it->second;
  }
  return std::nullopt;
}

// Whether this request (?lang=) or this browser (the switch's cookie) chose
// the language; if not, a signed-in person's pages are in their account's.
bool language_chosen_here(const http::Request& request) {
  auto asked = request.query_param("lang");
  if (asked && i18n::is_supported(*asked)) return true;
  auto remembered = request.cookie(i18n::kLanguageCookie);
  return remembered && i18n::is_supported(*remembered);
}

}  // namespace

http::Authenticator make_authenticator(store::Database& db, AccessOptions options) {
  auto organisations = std::make_shared<OrganisationCache>();
  auto keeper = make_form_keeper(db, options);
  return [&db, options, organisations, keeper](const http::Request& request, http::Context& ctx) {
    auto now = options.clock ? options.clock() : Clock::now();
    store::Database::Handle handle;  // acquired only when a lookup is needed
    auto connection = [&]() -> store::Connection& {
      if (!handle) handle = db.acquire();
      return *handle;
    };

    auto authorization = request.header("authorization");
    if (authorization && starts_with_ignoring_case(*authorization, "bearer ")) {
      auto principal = resolve_api_token(connection(), authorization->substr(7), now);
      if (!principal)
        throw core::Error(401, "unauthenticated", "The API token is unknown or has been revoked");
      ctx.principal = *principal;
      ctx.csrf_token.clear();
      return;
    }
    // Page forms: what a form sent after its session ended is kept (kept_forms.hpp).
    if (request.method != http::Method::get && request.method != http::Method::head &&
        !request.path.starts_with("/api/"))
      ctx.keep_form = keeper;
    if (auto cookie = request.cookie(options.session_cookie())) {
      auto session = resolve_session(connection(), *cookie, now, options.session_idle_timeout);
      if (session) {
        ctx.principal = session->principal;
        ctx.csrf_token = session->csrf_token;
        if (!language_chosen_here(request) && i18n::is_supported(session->locale)) ctx.locale = session->locale;
        // Back on the page of a form kept for this browser: its answers, to fill it in.
        if (request.method == http::Method::get)
          if (auto secret = request.cookie(options.cookie_name(kKeptCookie)))
            ctx.kept_form =
                take_kept_form(connection(), request, ctx.principal.organisation_id, *secret, now);
        return;
      }
    }
    ctx.principal = core::Principal{};
    ctx.principal.organisation_id =
        organisations->resolve(connection, request.query_param("org"), options.default_org_slug);
    auto csrf_cookie = request.cookie(options.csrf_cookie());
    ctx.csrf_token = csrf_cookie && is_hex(*csrf_cookie, kCsrfHexLength)
                         ? *csrf_cookie
                         : core::random_token(kCsrfHexLength / 2);
  };
}

http::CsrfCheck make_csrf_check(AccessOptions options) {
  return [options](const http::Request& request, http::Context& ctx) {
    if (request.method == http::Method::get || request.method == http::Method::head ||
        request.method == http::Method::options)
      return;
    if (ctx.principal.via_api_token) return;  // bearer tokens are not sent by browsers on their own
    std::string expected;
    if (ctx.principal.signed_in()) {
      expected = ctx.csrf_token;
    } else {
      // A cross-site page cannot send application/json without a CORS preflight we never grant.
      if (is_json_body(request)) return;
      auto cookie = request.cookie(options.csrf_cookie());
      if (!cookie || !is_hex(*cookie, kCsrfHexLength))
        throw csrf_error(
            "The form's security cookie is missing: allow cookies, reload the page and try again");
      expected = *cookie;
    }
    auto provided = provided_csrf_token(request);
    if (!provided || provided->empty())
      throw csrf_error(
          "The CSRF token is missing: send it in the csrf_token form field or the X-CSRF-Token "
          "header");
    if (!equal_secrets(*provided, expected))
      throw csrf_error("The CSRF token is wrong for this session: reload the page and try again");
  };
}

std::optional<std::string> anonymous_csrf_cookie(const http::Context& ctx,
                                                 const AccessOptions& options) {
  if (ctx.principal.signed_in() || ctx.csrf_token.empty()) return std::nullopt;
  if (ctx.request.cookie(options.csrf_cookie()) == ctx.csrf_token) return std::nullopt;
  return http::make_cookie(options.csrf_cookie(), ctx.csrf_token,
                           static_cast<int>(options.session_lifetime.count()),
                           options.secure_cookies);
}

}  // namespace coproduce::access
