// The authenticator (who is asking, in which organisation) and the CSRF check.
#include "access/test_client.hpp"
#include "access/test_support.hpp"

using namespace coproduce;
using namespace coproduce::access;
using namespace coproduce::access::testing;
using namespace std::chrono_literals;

namespace {

class Authenticate : public AccessFixture {
 protected:
  http::Context resolve(const http::Request& request, AccessOptions options = {}) {
    http::Context ctx{request, {}, "en", {}, {}, {}};
    make_authenticator(*db_, options)(request, ctx);
    return ctx;
  }
  static http::Request with_cookie(http::Request r, const std::string& cookie) {
    r.headers.emplace_back("cookie", cookie);
    return r;
  }
  static http::Request with_header(http::Request r, std::string name, std::string value) {
    r.headers.emplace_back(std::move(name), std::move(value));
    return r;
  }
  NewSession session_for(const std::string& organisation, const std::string& account) {
    auto c = db_->acquire();
    return insert_session(*c, organisation, account, std::chrono::system_clock::now(), 24h);
  }
  // Runs the CSRF check after authenticating; returns the refusal's code or "".
  std::string csrf_refusal(const http::Request& request) {
    auto ctx = resolve(request);
    try {
      make_csrf_check({})(request, ctx);
      return "";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.http_status(), 403);
      return e.code() + ": " + e.what();
    }
  }
};

TEST_P(Authenticate, AnonymousRequestsActInTheRequestedOrDefaultOrganisation) {
  auto plain = resolve(make_request(http::Method::get, "/"));
  EXPECT_FALSE(plain.principal.signed_in());
  EXPECT_EQ(plain.principal.organisation_id, north_);  // created first
  EXPECT_TRUE(is_hex(plain.csrf_token, 64));
  EXPECT_EQ(resolve(make_request(http::Method::get, "/?org=south")).principal.organisation_id,
            south_);
  EXPECT_EQ(resolve(make_request(http::Method::get, "/?org=nowhere")).principal.organisation_id,
            north_);
  AccessOptions south_default;
  south_default.default_org_slug = "south";
  EXPECT_EQ(resolve(make_request(http::Method::get, "/"), south_default).principal.organisation_id,
            south_);
  std::string token(64, 'c');
  EXPECT_EQ(
      resolve(with_cookie(make_request(http::Method::get, "/"), "__Host-cp_csrf=" + token)).csrf_token,
      token);
}

TEST_P(Authenticate, SessionCookieGivesThePrincipalAndItsCsrfToken) {
  auto session = session_for(south_, bob_);
  auto ctx = resolve(with_cookie(make_request(http::Method::get, "/?org=north"),
                                 "__Host-cp_session=" + session.cookie_value));
  EXPECT_EQ(ctx.principal.account_id, bob_);
  EXPECT_EQ(ctx.principal.organisation_id, south_);  // the session's, not ?org=
  EXPECT_EQ(ctx.principal.role, core::Role::officer);
  EXPECT_EQ(ctx.csrf_token, session.csrf_token);
}

TEST_P(Authenticate, UnknownOrExpiredSessionIsAnonymous) {
  auto session = session_for(north_, bob_);
  auto later = [] { return std::chrono::system_clock::now() + 3h; };
  AccessOptions options;
  options.clock = later;
  auto expired = resolve(
      with_cookie(make_request(http::Method::get, "/"), "__Host-cp_session=" + session.cookie_value),
      options);
  EXPECT_FALSE(expired.principal.signed_in());
  EXPECT_EQ(expired.principal.organisation_id, north_);
  auto garbage = resolve(with_cookie(make_request(http::Method::get, "/"), "__Host-cp_session=%00zz"));
  EXPECT_FALSE(garbage.principal.signed_in());
}

TEST_P(Authenticate, BearerTokensAuthenticateMachinesAndBadOnesAreRefused) {
  core::Principal alice;
  alice.account_id = alice_;
  alice.organisation_id = north_;
  auto c = db_->acquire();
  auto token = insert_api_token(*c, alice, "ci", std::chrono::system_clock::now());
  auto ctx = resolve(
      with_header(make_request(http::Method::get, "/"), "authorization", "Bearer " + token.secret));
  EXPECT_EQ(ctx.principal.account_id, alice_);
  EXPECT_EQ(ctx.principal.role, core::Role::officer);
  EXPECT_TRUE(ctx.principal.via_api_token);
  try {
    resolve(with_header(make_request(http::Method::get, "/"), "authorization", "Bearer cp_nope"));
    FAIL() << "an unknown bearer token was accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.http_status(), 401);
  }
  auto basic = resolve(
      with_header(make_request(http::Method::get, "/"), "authorization", "Basic dXNlcjpwYXNz"));
  EXPECT_FALSE(basic.principal.signed_in());
}

TEST_P(Authenticate, CsrfForCookieSessions) {
  auto session = session_for(north_, bob_);
  auto other = session_for(north_, alice_);
  auto post = [&](std::vector<std::pair<std::string, std::string>> headers, std::string body = "",
                  std::string type = "application/json") {
    auto r = with_cookie(make_request(http::Method::post, "/api/v1/tokens", body, type),
                         "__Host-cp_session=" + session.cookie_value);
    for (auto& [n, v] : headers) r.headers.emplace_back(n, v);
    return csrf_refusal(r);
  };
  EXPECT_EQ(post({{"x-csrf-token", session.csrf_token}}), "");
  EXPECT_EQ(post({}, "csrf_token=" + session.csrf_token, "application/x-www-form-urlencoded"), "");
  EXPECT_NE(post({}).find("missing"), std::string::npos);
  EXPECT_NE(post({{"x-csrf-token", std::string(64, '0')}}).find("wrong"), std::string::npos);
  EXPECT_NE(post({{"x-csrf-token", other.csrf_token}}).find("wrong"), std::string::npos);
  EXPECT_EQ(post({}).rfind("csrf", 0), 0u);
  // Reading is never checked.
  EXPECT_EQ(csrf_refusal(with_cookie(make_request(http::Method::get, "/api/v1/tokens"),
                                     "__Host-cp_session=" + session.cookie_value)),
            "");
}

TEST_P(Authenticate, CsrfForAnonymousFormsUsesADoubleSubmitCookie) {
  std::string token(64, 'a');
  auto login = [&](const std::string& cookie, const std::string& field) {
    auto r = make_request(http::Method::post, "/login", "csrf_token=" + field,
                          "application/x-www-form-urlencoded");
    if (!cookie.empty()) r = with_cookie(r, "__Host-cp_csrf=" + cookie);
    return csrf_refusal(r);
  };
  EXPECT_EQ(login(token, token), "");
  EXPECT_NE(login("", token).find("cookie"), std::string::npos);
  EXPECT_NE(login(token, std::string(64, 'b')).find("wrong"), std::string::npos);
  EXPECT_NE(login(token, "").find("missing"), std::string::npos);
  // JSON cannot be sent cross-site without a preflight, and bearer clients have no cookies.
  EXPECT_EQ(
      csrf_refusal(make_request(http::Method::post, "/api/v1/session", "{}", "application/json")),
      "");
  EXPECT_NE(csrf_refusal(make_request(http::Method::post, "/api/v1/session", "{}", "text/plain")),
            "");
  core::Principal alice;
  alice.account_id = alice_;
  alice.organisation_id = north_;
  auto c = db_->acquire();
  auto api = insert_api_token(*c, alice, "ci", std::chrono::system_clock::now());
  EXPECT_EQ(csrf_refusal(with_header(make_request(http::Method::del, "/api/v1/tokens/x"),
                                     "authorization", "Bearer " + api.secret)),
            "");
}

ACCESS_ON_BOTH_BACKENDS(Authenticate);

}  // namespace
