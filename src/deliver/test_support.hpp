// What the deliver module's tests share: the modules it runs with, members
// written directly, and a client that sends requests through the server's
// own pipeline (authenticator, CSRF check, error pages) with a session.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "access/access.hpp"
#include "access/test_client.hpp"
#include "access/test_support.hpp"
#include "audit/module.hpp"
#include "core/ids.hpp"
#include "deliver/module.hpp"
#include "i18n/i18n.hpp"
#include "map/module.hpp"
#include "module/registry.hpp"
#include "notify/module.hpp"
#include "web/module.hpp"

namespace coproduce::deliver::testing {

inline std::vector<module::Module> all_modules() {
  return {{"web", web::load},       {"audit", audit::load}, {"access", access::load},
          {"notify", notify::load}, {"map", map::load},     {"deliver", deliver::load}};
}

// An account written directly (no password hash: signing in is not needed).
inline std::string add_person(store::Connection& c, const std::string& org, const std::string& name, core::Role role) {
  auto id = core::new_id();
  c.execute("INSERT INTO accounts (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, 'x', 'now')",
            {id, id + "@example.test", name});
  access::add_membership(c, org, id, role);
  return id;
}

inline core::Principal principal(const std::string& org, const std::string& account, core::Role role) {
  core::Principal p;
  p.organisation_id = org;
  p.account_id = account;
  p.role = role;
  return p;
}

class Client {
 public:
  // key_file: the secret key's file ("" for a random key kept in memory).
  explicit Client(store::Database& db, const std::string& key_file = "") : registry_(load(db, key_file)) {
    registry_.add_routes(router_);
    dispatcher_ = std::make_unique<http::Dispatcher>(http::Dispatcher{
        router_,
        [this](const http::Request& request, http::Context& ctx) {
          ctx.locale = i18n::negotiate(request);
          registry_.authenticator()(request, ctx);
          registry_.prepare(ctx);
        },
        registry_.csrf_check(), registry_.error_page(), {},
        [](const std::string& locale, const std::string& key) { return i18n::t(locale, key); }});
  }
  http::Response send(http::Request request) {
    std::string cookie;
    for (const auto& [name, value] : cookies_) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    if (!cookie.empty()) request.headers.emplace_back("cookie", cookie);
    if (!csrf_.empty()) request.headers.emplace_back("x-csrf-token", csrf_);
    bool signed_in = false;
    auto response = dispatcher_->handle(request, "test", &signed_in);
    for (const auto& [name, value] : response.headers)
      if (name == "Set-Cookie") {
        auto eq = value.find('='), semi = value.find(';');
        cookies_[value.substr(0, eq)] = value.substr(eq + 1, semi == std::string::npos ? semi : semi - eq - 1);
      }
    return response;
  }
  http::Response get(const std::string& target) { return send(access::testing::make_request(http::Method::get, target)); }
  http::Response post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields) {
    return send(access::testing::make_request(http::Method::post, target, access::testing::form_body(fields),
                                              "application/x-www-form-urlencoded"));
  }
  http::Response json(http::Method method, const std::string& target, const std::string& body) {
    return send(access::testing::make_request(method, target, body, body.empty() ? "" : "application/json"));
  }
  module::Registry& registry() { return registry_; }
  void sign_in(const std::string& email, const std::string& organisation = "north") {
    auto r = json(http::Method::post, "/api/v1/session",
                  boost::json::serialize(boost::json::object{
                      {"email", email}, {"password", access::testing::kPassword}, {"organisation", organisation}}));
    ASSERT_EQ(r.status, 201) << r.body;
    csrf_ = std::string(access::testing::body_json(r).at("csrf_token").as_string());
  }

 private:
  static module::Registry& load(store::Database& db, const std::string& key_file) {
    module::Environment environment;
    environment.db = &db;
    environment.key_file = key_file;
    auto* registry = new module::Registry(environment);  // kept: handlers refer to it
    registry->load(all_modules());
    return *registry;
  }
  module::Registry& registry_;
  http::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

}  // namespace coproduce::deliver::testing
