// Request parsing: target decoding, query, cookies, form bodies, wants_json.
#include "http/request.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "http/fields.hpp"
#include "http/target.hpp"

namespace coproduce::http {
namespace {

int status_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::Error& e) {
    return e.http_status();
  }
  return 0;
}

TEST(Target, DecodesPathAndQueryInOrder) {
  Request r;
  decode_target(r, "/api/v1/caf%C3%A9s?q=a%20b+c&area=north&area=south&empty=&flag");
  EXPECT_EQ(r.target, "/api/v1/caf%C3%A9s?q=a%20b+c&area=north&area=south&empty=&flag");
  EXPECT_EQ(r.path, "/api/v1/cafés");
  ASSERT_EQ(r.query.size(), 5u);
  EXPECT_EQ(r.query_param("q"), "a b c");
  EXPECT_EQ(r.query_param("area"), "north");  // first value
  EXPECT_EQ(r.query[2].second, "south");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_FALSE(r.query_param("missing"));
}

TEST(Target, AbsoluteFormFromProxiesYieldsItsPath) {
  Request r;
  decode_target(r, "http://example.org/api/v1/items?q=1");
  EXPECT_EQ(r.path, "/api/v1/items");
  EXPECT_EQ(r.query_param("q"), "1");
}

// Found by the request fuzz target: "GET http://host HTTP/1.0" had an empty
// path, which no route or log expects.
TEST(Target, AbsoluteFormWithoutAPathIsTheRoot) {
  Request r;
  decode_target(r, "http://example.org");
  EXPECT_EQ(r.path, "/");
  decode_target(r, "http://example.org?q=1");
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(r.query_param("q"), "1");
}

TEST(Target, MalformedPercentEncodingIsA400NamingTheProblem) {
  for (const char* bad : {"/items%zz", "/items?q=%4", "/items?q=%G1", "relative/path"}) {
    Request r;
    try {
      decode_target(r, bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.http_status(), 400) << bad;
      EXPECT_NE(std::string(e.what()).find("request target"), std::string::npos) << e.what();
    }
  }
}

TEST(Target, EncodedNulIsRejectedAndRawPathKeptForErrors) {
  Request r;
  EXPECT_EQ(status_of([&] { decode_target(r, "/api/v1/a%00b"); }), 400);
  Request api;
  EXPECT_EQ(status_of([&] { decode_target(api, "/api/v1/x%zz?y=1"); }), 400);
  EXPECT_EQ(api.path, "/api/v1/x%zz");
  EXPECT_TRUE(api.wants_json());
}

TEST(Request, HeadersMatchCaseInsensitively) {
  Request r;
  r.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.header("X-A"), "1");
  EXPECT_FALSE(r.header("accept"));
}

TEST(Request, CookiesAreSplitTrimmedAndUnquoted) {
  Request r;
  r.headers = {{"cookie", "theme=dark;  session=abc123 ; quoted=\"v w\"; novalue; empty="},
               {"cookie", "later=yes"}};
  EXPECT_EQ(r.cookie("session"), "abc123");
  EXPECT_EQ(r.cookie("theme"), "dark");
  EXPECT_EQ(r.cookie("quoted"), "v w");
  EXPECT_EQ(r.cookie("empty"), "");
  EXPECT_EQ(r.cookie("later"), "yes");
  EXPECT_FALSE(r.cookie("novalue"));
  EXPECT_FALSE(r.cookie("sess"));
}

TEST(Request, FormFieldsAreDecodedAndTheFirstValueWins) {
  Request r;
  r.body = "name=Caf%C3%A9+Society&hours=3&name=second&note=a%26b%3Dc&blank=";
  auto form = r.form();
  EXPECT_EQ(form.at("name"), "Café Society");
  EXPECT_EQ(form.at("hours"), "3");
  EXPECT_EQ(form.at("note"), "a&b=c");
  EXPECT_EQ(form.at("blank"), "");
  EXPECT_EQ(form.size(), 4u);
  EXPECT_TRUE(Request{}.form().empty());
}

TEST(Request, MalformedFormBodyIsA400) {
  Request r;
  r.body = "name=%zz&x=1";
  try {
    r.form();
    ADD_FAILURE() << "malformed form accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_NE(std::string(e.what()).find("percent-encoding"), std::string::npos);
  }
}

TEST(Request, WantsJsonForApiPathsAndJsonPreferringClients) {
  Request api;
  api.path = "/api/v1/initiatives";
  EXPECT_TRUE(api.wants_json());

  Request page;
  page.path = "/initiatives";
  EXPECT_FALSE(page.wants_json());
  page.headers = {{"accept", "text/html,application/xhtml+xml,application/json;q=0.9"}};
  EXPECT_FALSE(page.wants_json());
  page.headers = {{"accept", "application/json"}};
  EXPECT_TRUE(page.wants_json());
}

TEST(Method, NamesAreTheHttpTokens) {
  EXPECT_EQ(to_string(Method::del), "DELETE");
  EXPECT_EQ(to_string(Method::patch), "PATCH");
  EXPECT_EQ(to_string(Method::head), "HEAD");
}

TEST(Fields, JsonBodiesAreCheckedForShapeAndUnknownFields) {
  const std::vector<std::string> allowed = {"hours", "confirm", "group_id"};
  EXPECT_THROW(fields_from_json("{", allowed), core::Error);
  EXPECT_THROW(fields_from_json("[]", allowed), core::Error);
  try {
    fields_from_json(R"({"hours": {"a": 1}, "sneaky": true})", allowed);
    FAIL();
  } catch (const core::ValidationFailed& e) {
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[0].message_key, "web.error.field.wrong_type");
    EXPECT_EQ(e.problems()[1].message_key, "web.error.field.unknown");
  }
  auto f = fields_from_json(R"({"hours": 2.5, "confirm": true, "group_id": null})", allowed);
  EXPECT_EQ(f.at("hours"), "2.5");
  EXPECT_EQ(f.at("confirm"), "true");
  EXPECT_FALSE(f.count("group_id"));
  // The largest double in fixed notation (309 digits) is text, not a crash.
  EXPECT_EQ(fields_from_json(R"({"hours": 1.7976931348623157e308})", allowed).at("hours").size(), 309u);
}

}  // namespace
}  // namespace coproduce::http
