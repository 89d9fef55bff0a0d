// The access module's routes: sign in and out (form and JSON), who am I, API
// tokens, organisations, members and the audit trail. Each route declares its
// policy beside it; each state change writes its audit event in the same transaction.
#include <boost/json.hpp>

#include "access/access.hpp"
#include "access/accounts.hpp"
#include "access/people_pages.hpp"
#include "access/demo.hpp"
#include "access/pages.hpp"
#include "access/passwords.hpp"
#include "access/repository.hpp"
#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"

namespace coproduce::access {
namespace {

using http::Method;
namespace json = boost::json;


// State shared by the routes of one add_routes() call.
struct Shared {
  Shared(store::Database& database, AccessOptions access_options)
      : db(database),
        options(std::move(access_options)),
        limits(database, options.login_limits) {}

  store::Database& db;
  AccessOptions options;
  LoginLimits limits;
  std::string public_url;  // for the links in emails

  Clock::time_point now() const { return options.clock ? options.clock() : Clock::now(); }
};

// ---- request helpers

json::object parse_object(const http::Request& request) {
  json::error_code ec;
  auto value = json::parse(request.body, ec);
  if (ec) throw core::malformed("The request body is not valid JSON (" + ec.message() + ")");
  if (!value.is_object()) throw core::malformed("The request body must be a JSON object");
  return std::move(value.as_object());
}

// A string field; nullopt when absent or null. Throws when it has another type.
std::optional<std::string> string_field(const json::object& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string())
    throw core::invalid(std::string(name), std::string(name) + " must be a string");
  return std::string(it->value().as_string());
}

std::string required_string(const json::object& body, std::string_view name) {
  auto value = string_field(body, name);
  if (!value) throw core::invalid(std::string(name), std::string(name) + " is required");
  return *value;
}


json::value organisation_json(const Organisation& o) {
  return json::object{
      {"id", o.id}, {"slug", o.slug}, {"name", o.name}, {"default_locale", o.default_locale}};
}

json::value token_json(const ApiToken& t) {
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"created_at", t.created_at},
                      {"last_used_at", t.last_used_at ? json::value(*t.last_used_at) : nullptr},
                      {"revoked", t.revoked},
                      {"expires_at", t.expires_at ? json::value(*t.expires_at) : nullptr}};
}

http::Response with_cookie(http::Response response, std::string cookie) {
  response.headers.emplace_back("Set-Cookie", std::move(cookie));
  return response;
}

http::Response no_content() {
  http::Response response;
  response.status = 204;
  return response;
}

std::string session_cookie(const Shared& s, const std::string& value) {
  return http::make_cookie(s.options.session_cookie(), value,
                           static_cast<int>(s.options.session_lifetime.count()),
                           s.options.secure_cookies);
}

std::string cleared_session_cookie(const Shared& s) {
  return http::make_cookie(s.options.session_cookie(), "", 0, s.options.secure_cookies);
}

// ---- signing in and out

struct SignedIn {
  NewSession session;
  core::Principal principal;
  Organisation organisation;
};

// The organisation named at sign-in, else the one the request acts in (?org=, else the default).
Organisation organisation_for_login(store::Connection& c, const http::Context& ctx,
                                    const std::string& slug) {
  auto organisation = slug.empty() ? find_organisation(c, ctx.principal.organisation_id)
                                   : find_organisation_by_slug(c, slug);
  if (!organisation) throw core::localised(422, "invalid", "access.login.error.organisation_required", "organisation");
  return *organisation;
}

// Where the session acts: the wanted organisation when the account belongs to it. Unless
// that organisation was insisted on, an account that does not belong there is signed in to
// its own (first) organisation instead, so people need not know which one the page showed.
Membership membership_for_login(store::Connection& c, const Account& account,
                                const Organisation& wanted, bool insist) {
  if (auto role = find_role(c, wanted.id, account.id)) return Membership{wanted, *role};
  auto memberships = find_memberships(c, account.id);
  if (insist || memberships.empty())
    throw core::localised(403, "forbidden", "access.login.error.not_member", "email");
  return memberships.front();
}

// Checks the password outside any transaction (hashing takes ~0.1 s), then
// opens the session and replaces the caller's previous one, if any.
SignedIn sign_in(Shared& s, const http::Context& ctx, const std::string& organisation_slug,
                 bool insist_on_organisation, const std::string& email,
                 const std::string& password) {
  if (email.empty()) throw core::localised(422, "invalid", "access.login.error.email_required", "email");
  if (password.empty()) throw core::localised(422, "invalid", "access.login.error.password_required", "password");
  auto clean_email = normalise_email(email);
  const auto& address = ctx.request.remote_address;
  auto now = s.now();
  if (auto wait = s.limits.wait_before(clean_email, address, now)) {
    auto e = core::busy(429, "rate_limited", "access.login.error.too_many", *wait);
    throw e;
  }
  auto refuse = [&] {
    s.limits.record_failure(clean_email, address, now);
    return core::localised(401, "login_failed", "access.login.error.wrong", "email");
  };
  // An over-long password is refused before any lookup, after the same work
  // as a real check: the answer and its time say nothing of the account.
  if (password.size() > kMaxPasswordBytes) {
    password_hasher().verify_dummy(password.substr(0, kMaxPasswordBytes));
    throw refuse();
  }

  std::optional<Account> account;
  Organisation wanted;
  {
    auto c = s.db.acquire();
    wanted = organisation_for_login(*c, ctx, organisation_slug);
    account = find_account_by_email(*c, clean_email);
  }
  bool verified = account ? password_hasher().verify(account->password_hash, password)
                          : (password_hasher().verify_dummy(password), false);
  if (!verified) throw refuse();
  s.limits.record_success(clean_email);

  auto c = s.db.acquire();
  auto details = account_details(*c, account->id);
  if (details && !details->verified) {
    // The password proved who is asking: send the link again (at most every few minutes).
    resend_verification(s.db, wanted.id, account->id, s.public_url, now);
    throw core::localised(403, "unverified", "access.login.error.unverified", "email");
  }
  auto membership = membership_for_login(*c, *account, wanted, insist_on_organisation);
  auto session = c->transaction([&] {
    if (!ctx.principal.session_id.empty())
      delete_session(*c, ctx.principal.organisation_id, ctx.principal.session_id);
    return insert_session(*c, membership.organisation.id, account->id, now,
                          s.options.session_lifetime,
                          device_name(ctx.request.header("user-agent").value_or("")));
  });
  core::Principal principal;
  principal.account_id = account->id;
  principal.organisation_id = membership.organisation.id;
  principal.role = membership.role;
  principal.display_name = account->display_name;
  principal.session_id = session.id;
  return SignedIn{session, principal, membership.organisation};
}

void sign_out(Shared& s, const core::Principal& principal) {
  if (principal.session_id.empty()) return;
  auto c = s.db.acquire();
  c->transaction([&] { delete_session(*c, principal.organisation_id, principal.session_id); });
}

LoginPage login_page_for(Shared& s, const http::Context& ctx) {
  LoginPage page;
  auto c = s.db.acquire();
  if (auto o = find_organisation(*c, ctx.principal.organisation_id)) {
    page.organisation_slug = o->slug;
    page.organisation_name = o->name;
  }
  return page;
}

http::Response show_login(Shared& s, http::Context& ctx) {
  auto page = login_page_for(s, ctx);
  // The server sends anonymous visitors of protected pages to /login?return=<target>.
  auto return_to = ctx.request.query_param("return");
  if (return_to && core::is_local_path(*return_to)) page.return_to = *return_to;
  auto response = http::Response::html(render_login_page(ctx, page));
  response.set_header("Cache-Control", "no-store");  // it holds this visitor's CSRF token
  if (auto cookie = anonymous_csrf_cookie(ctx, s.options))
    response = with_cookie(std::move(response), *cookie);
  // A session cookie that did not resolve (expired, signed out elsewhere) is dropped here.
  if (!ctx.principal.signed_in() && ctx.request.cookie(s.options.session_cookie()))
    response = with_cookie(std::move(response), cleared_session_cookie(s));
  return response;
}

http::Response submit_login(Shared& s, http::Context& ctx) {
  auto form = ctx.request.form();
  auto field = [&](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  auto return_to = field("return_to");
  if (!core::is_local_path(return_to)) return_to = "/";
  try {
    // The form's organisation is the page's, not a choice the person made: not insisted on.
    auto signed_in =
        sign_in(s, ctx, field("organisation"), false, field("email"), field("password"));
    return with_cookie(http::Response::redirect(return_to),
                       session_cookie(s, signed_in.session.cookie_value));
  } catch (const core::Error& e) {
    auto page = login_page_for(s, ctx);
    if (!field("organisation").empty()) page.organisation_slug = field("organisation");
    page.email = field("email");
    page.return_to = return_to;
    page.errors.push_back({e.field().empty() ? "email" : e.field(), e.code(), e.what()});
    int status = e.http_status() == 429 || e.http_status() == 503 ? e.http_status() : 422;
    auto response = http::Response::html(render_login_page(ctx, page), status);
    response.set_header("Cache-Control", "no-store");
    if (e.retry_after() > 0) response.set_header("Retry-After", std::to_string(e.retry_after()));
    return response;
  }
}

http::Response json_login(Shared& s, http::Context& ctx) {
  auto body = parse_object(ctx.request);
  auto email = string_field(body, "email").value_or("");
  auto password = string_field(body, "password").value_or("");
  auto organisation = string_field(body, "organisation").value_or("");
  auto signed_in = sign_in(s, ctx, organisation, !organisation.empty(), email, password);
  json::object out{{"csrf_token", signed_in.session.csrf_token},
                   {"account_id", signed_in.principal.account_id},
                   {"display_name", signed_in.principal.display_name},
                   {"role", core::to_string(*signed_in.principal.role)},
                   {"organisation", organisation_json(signed_in.organisation)}};
  return with_cookie(http::Response::json(out, 201),
                     session_cookie(s, signed_in.session.cookie_value));
}

// ---- who am I, tokens, organisations, members, audit

http::Response me(Shared& s, http::Context& ctx) {
  const auto& p = ctx.principal;
  auto c = s.db.acquire();
  auto organisation = find_organisation(*c, p.organisation_id);
  json::object out{{"signed_in", p.signed_in()},
                   {"via_api_token", p.via_api_token},
                   {"organisation", organisation ? organisation_json(*organisation) : nullptr},
                   {"role", p.role ? json::value(core::to_string(*p.role)) : nullptr},
                   {"account", nullptr},
                   {"csrf_token", nullptr}};
  if (p.signed_in()) {
    if (auto account = find_account(*c, p.account_id))
      out["account"] = json::object{
          {"id", account->id}, {"display_name", account->display_name}, {"email", account->email}};
    if (!p.via_api_token) out["csrf_token"] = ctx.csrf_token;
  }
  return http::Response::json(out);
}

http::Response create_token(Shared& s, http::Context& ctx) {
  if (ctx.principal.via_api_token)
    throw core::localised(403, "forbidden", "access.error.token_by_token");
  auto body = parse_object(ctx.request);
  auto name = required_string(body, "name");
  std::string life;
  if (auto it = body.find("expires_in_days"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_int64()) throw core::localised(422, "invalid", "access.error.token_life", "expires_in_days");
    life = std::to_string(it->value().as_int64());
  }
  auto days = parse_token_life(life);
  auto c = s.db.acquire();
  auto created = c->transaction([&] { return insert_api_token(*c, ctx.principal, name, s.now(), days); });
  auto out = token_json(created.token).as_object();
  out["token"] = created.secret;  // the only time it is ever shown
  return http::Response::json(out, 201);
}

http::Response list_tokens(Shared& s, http::Context& ctx) {
  auto c = s.db.acquire();
  json::array tokens;
  for (const auto& t : list_api_tokens(*c, ctx.principal)) tokens.push_back(token_json(t));
  return http::Response::json(json::object{{"tokens", tokens}});
}

http::Response revoke_token(Shared& s, http::Context& ctx) {
  const auto& id = ctx.param("id");
  auto not_found = core::localised(404, "not_found", "access.error.token_not_found");
  if (!core::looks_like_id(id)) throw not_found;
  auto c = s.db.acquire();
  bool found = c->transaction([&] { return revoke_api_token(*c, ctx.principal, id); });
  if (!found) throw not_found;
  return no_content();
}

http::Response show_organisation(Shared& s, http::Context& ctx) {
  auto c = s.db.acquire();
  auto organisation = find_organisation_by_slug(*c, ctx.param("slug"));
  if (!organisation) throw core::not_found("Organisation");
  return http::Response::json(organisation_json(*organisation));
}

}  // namespace

void load_with(module::Loader& l, AccessOptions options) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.permission({"access.manage_members", {core::Role::officer},
                "Invite members, change their roles and remove them"});
  l.permission({"access.manage_settings", {core::Role::officer}, "Change the organisation's settings"});
  l.nav({"/settings", "access.settings.nav", "access.manage_settings", 90});
  l.notice_kind({"access.notice.role_changed", "access.notice.role_changed.label"});
  l.header_links([](const http::Context& ctx) {
    std::vector<module::HeaderLink> links;
    if (ctx.principal.signed_in() && !ctx.principal.via_api_token)
      links.push_back({"/account", ctx.principal.display_name});
    return links;
  });
  l.organisation_name([&db = l.db()](const http::Context& ctx) {
    if (ctx.principal.organisation_id.empty()) return std::string();
    auto c = db.acquire();
    auto row = c->query_one("SELECT name, name_cy FROM organisations WHERE id = $1", {ctx.principal.organisation_id});
    if (!row) return std::string();
    return ctx.locale == "cy" && !row->text(1).empty() ? row->text(1) : row->text(0);
  });
  l.authenticator(make_authenticator(l.db(), options));
  l.csrf_check(make_csrf_check(options));
  l.demo(load_demo);

  auto s = std::make_shared<Shared>(l.db(), options);
  s->public_url = l.environment().public_url;
  auto bind = [s](http::Response (*handler)(Shared&, http::Context&)) {
    return [s, handler](http::Context& ctx) { return handler(*s, ctx); };
  };
  using module::Api;
  using module::kPublic;
  using module::kSignedIn;

  l.page(Method::get, "/login", kPublic, bind(show_login), "The sign-in form");
  l.page(Method::post, "/login", kPublic, bind(submit_login),
         "Sign in with a form; redirects to a local return_to path");
  l.page(Method::post, "/logout", kPublic,
         bind([](Shared& s, http::Context& ctx) {
           sign_out(s, ctx.principal);
           return with_cookie(http::Response::redirect("/"), cleared_session_cookie(s));
         }),
         "Sign out");

  l.schema("Organisation", R"({"type": "object", "properties": {
      "id": {"type": "string"}, "slug": {"type": "string"}, "name": {"type": "string"},
      "default_locale": {"type": "string", "enum": ["en", "cy"]}}})");
  l.schema("ApiToken", R"({"type": "object", "properties": {
      "id": {"type": "string"}, "name": {"type": "string"}, "created_at": {"type": "string"},
      "last_used_at": {"type": ["string", "null"]}, "revoked": {"type": "boolean"},
      "expires_at": {"type": ["string", "null"]},
      "token": {"type": "string", "description": "Only in the answer that creates it"}}})");

  l.api(Method::post, "/api/v1/session", kPublic, bind(json_login),
        Api("Sign in; sets the session cookie and returns the CSRF token")
            .body(R"({"type": "object", "additionalProperties": false, "required": ["email", "password"],
                "properties": {"email": {"type": "string"}, "password": {"type": "string"},
                               "organisation": {"type": "string", "description": "slug"}}})")
            .returns(201, "Signed in",
                     R"({"type": "object", "properties": {"csrf_token": {"type": "string"},
                         "account_id": {"type": "string"}, "display_name": {"type": "string"},
                         "role": {"type": "string"}, "organisation": {"$ref": "#/components/schemas/Organisation"}}})")
            .error(401, "The email or password is wrong")
            .error(403, "The account is not a member of the organisation named")
            .error(429, "Too many failed attempts"));
  l.api(Method::del, "/api/v1/session", kSignedIn,
        bind([](Shared& s, http::Context& ctx) {
          sign_out(s, ctx.principal);
          return with_cookie(no_content(), cleared_session_cookie(s));
        }),
        Api("Sign out").returns(204, "Signed out"));
  l.api(Method::get, "/api/v1/me", kPublic, bind(me),
        Api("Who is asking: account, role and organisation")
            .returns(200, "The principal",
                     R"({"type": "object", "properties": {"signed_in": {"type": "boolean"},
                         "via_api_token": {"type": "boolean"},
                         "organisation": {"oneOf": [{"$ref": "#/components/schemas/Organisation"}, {"type": "null"}]},
                         "role": {"type": ["string", "null"]}, "account": {"type": ["object", "null"]},
                         "csrf_token": {"type": ["string", "null"]}}})"));
  l.api(Method::post, "/api/v1/tokens", kSignedIn, bind(create_token),
        Api("Create an API token; the token is shown only in this response")
            .body(R"({"type": "object", "additionalProperties": false, "required": ["name"],
                "properties": {"name": {"type": "string"},
                  "expires_in_days": {"type": "integer", "enum": [30, 90, 365], "description": "default 90"}}})")
            .returns(201, "The token, with its secret", "ApiToken"));
  l.api(Method::get, "/api/v1/tokens", kSignedIn, bind(list_tokens),
        Api("List your API tokens in this organisation")
            .returns(200, "Your tokens",
                     R"({"type": "object", "properties": {"tokens": {"type": "array", "items": {"$ref": "#/components/schemas/ApiToken"}}}})"));
  l.api(Method::del, "/api/v1/tokens/{id}", kSignedIn, bind(revoke_token),
        Api("Revoke one of your API tokens").returns(204, "Revoked"));
  l.api(Method::get, "/api/v1/organisations/{slug}", kPublic, bind(show_organisation),
        Api("An organisation's public details").returns(200, "The organisation", "Organisation"));
  add_settings_routes(l);
  auto people = std::make_shared<const PeopleDeps>(
      PeopleDeps{l.db(), std::move(options), l.registry(), l.environment().public_url});
  add_account_pages(l, people);
  add_member_pages(l, people);
  add_organisation_pages(l, people);
}

void load(module::Loader& l) { load_with(l, options_from(l.environment())); }


AccessOptions options_from(const module::Environment& environment) {
  AccessOptions options;
  options.default_org_slug = environment.default_org_slug;
  options.secure_cookies = environment.secure_cookies;
  options.clock = environment.clock;
  return options;
}

}  // namespace coproduce::access
