// The whole route table: every route is walked with every role (and
// anonymously) against the policy table below, which is written out by hand
// so that a route added without a decision about who may use it fails here;
// and the OpenAPI document describes exactly the API routes the router has.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/demo.hpp"
#include "app/openapi.hpp"
#include "app/serve.hpp"
#include "store/testing/test_databases.hpp"

using namespace coproduce;
using core::Role;

namespace {

const std::set<std::string> kEveryone = {"anonymous", "resident", "community_member",
                                         "professional", "councillor", "officer"};
const std::set<std::string> kMembers = {"resident", "community_member", "professional",
                                        "councillor", "officer"};
const std::set<std::string> kEditors = {"professional", "officer"};
const std::set<std::string> kOfficers = {"officer"};

// Who may call each route: the decision, written out.
const std::map<std::string, std::set<std::string>>& expected_policies() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"GET /healthz", kEveryone},
      {"GET /", kEveryone},
      {"GET /api/v1/openapi.json", kEveryone},
      {"GET /login", kEveryone},
      {"POST /login", kEveryone},
      {"POST /logout", kEveryone},
      {"GET /language", kEveryone},
      {"POST /api/v1/session", kEveryone},
      {"DELETE /api/v1/session", kMembers},
      {"GET /api/v1/me", kEveryone},
      {"GET /api/v1/tokens", kMembers},
      {"POST /api/v1/tokens", kMembers},
      {"DELETE /api/v1/tokens/{id}", kMembers},
      {"GET /api/v1/organisations/{slug}", kEveryone},
      {"POST /api/v1/organisations/{slug}/members", kOfficers},
      {"GET /api/v1/audit", kOfficers},
      {"GET /api/v1/initiatives", kEveryone},
      {"POST /api/v1/initiatives", kEditors},
      {"GET /api/v1/initiatives/{id}", kEveryone},
      {"PATCH /api/v1/initiatives/{id}", kEditors},
      {"POST /api/v1/initiatives/{id}/contributions", kMembers},
      {"POST /api/v1/initiatives/{id}/assessments", kEditors},
      {"GET /api/v1/contributions/{id}", kEveryone},
      {"POST /api/v1/contributions/{id}/confirm", kEditors},
      {"DELETE /api/v1/contributions/{id}", kOfficers},
      {"GET /api/v1/areas", kEveryone},
      {"POST /api/v1/areas", kOfficers},
      {"GET /api/v1/services", kEveryone},
      {"POST /api/v1/services", kOfficers},
      {"GET /api/v1/groups", kEveryone},
      {"POST /api/v1/groups", kOfficers},
      {"GET /api/v1/export/initiatives.csv", kEveryone},
      {"GET /api/v1/export/contributions.csv", kEveryone},
      {"GET /map", kEveryone},
      {"GET /initiatives/{id}", kEveryone},
      {"GET /initiatives/{id}/contributions/new", kMembers},
      {"POST /initiatives/{id}/contributions", kMembers},
      {"POST /contributions/{id}/confirm", kEditors},
      {"GET /initiatives/new", kEditors},
      {"POST /initiatives", kEditors},
  };
  return table;
}

std::string key(const http::Route& r) {
  std::string method(http::to_string(r.method));
  for (auto& c : method) c = static_cast<char>(std::toupper(c));
  return method + " " + r.pattern;
}

class Routes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = store::open_database(store::testing::fresh_database_url(store::Dialect::sqlite), 2)
              .release();
    store::migrate(*db_);
    app::load_demo(*db_);
    router_ = new http::Router;
    app::add_all_routes(*router_, *db_, app::ServeConfig{});
    org_ = db_->acquire()->query_one("SELECT id FROM organisations")->text(0);
  }
  static core::Principal principal(const std::string& who) {
    core::Principal p;
    p.organisation_id = org_;
    if (who == "anonymous") return p;
    p.account_id = "account-of-" + who;
    p.role = core::parse_role(who);
    return p;
  }
  static store::Database* db_;
  static http::Router* router_;
  static std::string org_;
};
store::Database* Routes::db_ = nullptr;
http::Router* Routes::router_ = nullptr;
std::string Routes::org_;

}  // namespace

TEST_F(Routes, EveryRouteHasADeclaredPolicyThatMatchesTheTable) {
  std::set<std::string> seen;
  for (const auto& route : router_->routes()) {
    auto k = key(route);
    EXPECT_TRUE(seen.insert(k).second) << "route declared twice: " << k;
    auto expected = expected_policies().find(k);
    if (expected == expected_policies().end()) {
      ADD_FAILURE() << "route without a decision in the policy table: " << k;
      continue;
    }
    EXPECT_FALSE(route.policy.name.empty()) << k;
    for (const auto& who : kEveryone)
      EXPECT_EQ(route.policy.allows(principal(who)), expected->second.count(who) == 1)
          << k << " as " << who << " (policy " << route.policy.name << ")";
  }
  for (const auto& [k, roles] : expected_policies())
    EXPECT_TRUE(seen.count(k)) << "the table lists a route the router lacks: " << k;
}

TEST_F(Routes, PublicReadsAnswerEveryRoleWithoutServerErrors) {
  for (const auto& route : router_->routes()) {
    if (route.method != http::Method::get || route.pattern.find('{') != std::string::npos)
      continue;
    for (const auto& who : kEveryone) {
      if (!route.policy.allows(principal(who))) continue;
      http::Request request;
      request.method = http::Method::get;
      request.path = request.target = route.pattern;
      http::Context ctx{request, principal(who), "en", {}, {}};
      int status;
      try {
        status = route.handler(ctx).status;
      } catch (const core::Error& e) {
        status = e.http_status();
      }
      EXPECT_LT(status, 500) << key(route) << " as " << who;
    }
  }
}

TEST_F(Routes, OpenApiDescribesExactlyTheApiRoutes) {
  auto doc = boost::json::parse(app::openapi_document()).as_object();
  EXPECT_EQ(doc.at("openapi").as_string().subview().substr(0, 2), "3.");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + std::string(path));
      EXPECT_TRUE(operation.as_object().contains("summary")) << m << " " << path;
      EXPECT_TRUE(operation.as_object().contains("responses")) << m << " " << path;
    }
  std::set<std::string> routed;
  for (const auto& route : router_->routes())
    if (route.is_api()) routed.insert(key(route));
  for (const auto& k : routed) EXPECT_TRUE(documented.count(k)) << "not in openapi.json: " << k;
  for (const auto& k : documented) EXPECT_TRUE(routed.count(k)) << "not routed: " << k;
}
