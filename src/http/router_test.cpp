// Router: parameters, literal precedence, 404 versus 405, HEAD via GET, policies.
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace coproduce::http {
namespace {

Handler answer(std::string text) {
  return [text](Context&) { return Response::text(text); };
}

Response call(const Router::Match& match, const Request& request) {
  Context ctx{request, {}, "en", match.params, {}, {}};
  return match.route->handler(ctx);
}

TEST(Router, ExtractsNamedParameters) {
  Router router;
  router.add(Method::get, "/api/v1/initiatives/{id}/contributions/{cid}", policy::everyone(),
             answer("c"));
  bool allowed = false;
  auto match = router.match(Method::get, "/api/v1/initiatives/i42/contributions/c7", &allowed);
  ASSERT_TRUE(match);
  EXPECT_TRUE(allowed);
  EXPECT_EQ(match->params.at("id"), "i42");
  EXPECT_EQ(match->params.at("cid"), "c7");
}

TEST(Router, LiteralSegmentWinsOverParameterWhateverTheOrderOfRegistration) {
  for (bool literal_first : {true, false}) {
    Router router;
    if (literal_first) router.add(Method::get, "/items/new", policy::everyone(), answer("new"));
    router.add(Method::get, "/items/{id}", policy::everyone(), answer("item"));
    if (!literal_first) router.add(Method::get, "/items/new", policy::everyone(), answer("new"));
    Request request;
    auto literal = router.match(Method::get, "/items/new", nullptr);
    auto parameter = router.match(Method::get, "/items/7", nullptr);
    ASSERT_TRUE(literal && parameter);
    EXPECT_EQ(call(*literal, request).body, "new");
    EXPECT_EQ(call(*parameter, request).body, "item");
    EXPECT_EQ(parameter->params.at("id"), "7");
  }
}

TEST(Router, EarlierLiteralSegmentDecidesBetweenTwoPartialMatches) {
  Router router;
  router.add(Method::get, "/{kind}/list", policy::everyone(), answer("by kind"));
  router.add(Method::get, "/areas/{id}", policy::everyone(), answer("area"));
  auto match = router.match(Method::get, "/areas/list", nullptr);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->route->pattern, "/areas/{id}");
}

TEST(Router, DistinguishesUnknownPathFromWrongMethod) {
  Router router;
  router.add(Method::get, "/items", policy::everyone(), answer("list"));
  bool allowed = false;
  EXPECT_FALSE(router.match(Method::get, "/nothing", &allowed));
  EXPECT_TRUE(allowed);  // 404
  EXPECT_FALSE(router.match(Method::del, "/items", &allowed));
  EXPECT_FALSE(allowed);  // 405
}

TEST(Router, SegmentCountsAndTrailingSlashesMustMatchExactly) {
  Router router;
  router.add(Method::get, "/items/{id}", policy::everyone(), answer("item"));
  router.add(Method::get, "/", policy::everyone(), answer("home"));
  EXPECT_FALSE(router.match(Method::get, "/items", nullptr));
  EXPECT_FALSE(router.match(Method::get, "/items/", nullptr));  // empty parameter
  EXPECT_FALSE(router.match(Method::get, "/items/1/extra", nullptr));
  EXPECT_FALSE(router.match(Method::get, "/items/1/", nullptr));
  EXPECT_TRUE(router.match(Method::get, "/", nullptr));
}

TEST(Router, HeadIsServedByTheGetRoute) {
  Router router;
  router.add(Method::get, "/items", policy::everyone(), answer("list"));
  auto match = router.match(Method::head, "/items", nullptr);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->route->method, Method::get);
}

TEST(Router, RejectsDuplicateAndRelativePatterns) {
  Router router;
  router.add(Method::get, "/items", policy::everyone(), answer("a"));
  EXPECT_THROW(router.add(Method::get, "/items", policy::everyone(), answer("b")),
               std::invalid_argument);
  EXPECT_THROW(router.add(Method::get, "items", policy::everyone(), answer("c")),
               std::invalid_argument);
  EXPECT_NO_THROW(router.add(Method::post, "/items", policy::everyone(), answer("d")));
  EXPECT_EQ(router.routes().size(), 2u);
}

TEST(Policy, DecidesByPrincipal) {
  core::Principal anonymous;
  core::Principal resident{"a1", "o1", core::Role::resident, "R", false, "s"};
  core::Principal officer{"a2", "o1", core::Role::officer, "O", false, "s"};
  auto officers = policy::any_of("officer", {core::Role::officer, core::Role::councillor});

  EXPECT_TRUE(policy::everyone().allows(anonymous));
  EXPECT_FALSE(policy::signed_in().allows(anonymous));
  EXPECT_TRUE(policy::signed_in().allows(resident));
  EXPECT_FALSE(officers.allows(anonymous));
  EXPECT_FALSE(officers.allows(resident));
  EXPECT_TRUE(officers.allows(officer));
  EXPECT_EQ(officers.name, "officer");
  EXPECT_EQ(policy::everyone().name, "public");
}

}  // namespace
}  // namespace coproduce::http
