// Response helpers, cookies, the access log line and static file rules.
#include "http/response.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/access_log.hpp"
#include "http/static_files.hpp"

namespace coproduce::http {
namespace {

TEST(Response, ErrorRendersCodeMessageAndFieldOnlyWhenNamed) {
  auto with_field = Response::error(core::invalid("hours", "Hours must be positive"));
  EXPECT_EQ(with_field.status, 422);
  EXPECT_EQ(with_field.header("content-type"), "application/json");
  auto json = boost::json::parse(with_field.body).as_object().at("error").as_object();
  EXPECT_EQ(json.at("code").as_string(), "invalid");
  EXPECT_EQ(json.at("message").as_string(), "Hours must be positive");
  EXPECT_EQ(json.at("field").as_string(), "hours");

  auto without = Response::error(core::not_found("Initiative"));
  EXPECT_EQ(without.status, 404);
  auto error = boost::json::parse(without.body).as_object().at("error").as_object();
  EXPECT_FALSE(error.contains("field"));
  EXPECT_EQ(error.at("message").as_string(), "Initiative not found");
}

TEST(Response, SetHeaderReplacesExceptSetCookie) {
  auto r = Response::html("<p>x</p>");
  r.set_header("content-type", "text/plain");
  r.set_header("Set-Cookie", "a=1");
  r.set_header("Set-Cookie", "b=2");
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.headers.size(), 3u);
  EXPECT_FALSE(r.header("location"));
}

TEST(Response, RedirectIsSeeOther) {
  auto r = Response::redirect("/initiatives/1");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/initiatives/1");
}

TEST(Cookie, AlwaysHttpOnlyAndLaxSecureOnRequest) {
  auto plain = make_cookie("session", "abc", 3600, false);
  EXPECT_EQ(plain, "session=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
  EXPECT_NE(make_cookie("session", "abc", 0, true).find("; Secure"), std::string::npos);
}

TEST(AccessLog, LineIsJsonWithOnlyTheAgreedFields) {
  auto line = format_access_log({"00ff", "GET", "/api/v1/x", 200, 123, 1.23456, true});
  ASSERT_EQ(line.back(), '\n');
  auto json = boost::json::parse(line).as_object();
  EXPECT_EQ(json.size(), 8u);
  EXPECT_EQ(json.at("path").as_string(), "/api/v1/x");
  EXPECT_EQ(json.at("status").as_int64(), 200);
  EXPECT_EQ(json.at("bytes").to_number<std::uint64_t>(), 123u);
  EXPECT_TRUE(json.at("signed_in").as_bool());
  EXPECT_NEAR(json.at("duration_ms").as_double(), 1.235, 0.0005);
  EXPECT_NE(line.find("\"duration_ms\":1.235}"), std::string::npos) << line;
}

TEST(StaticFiles, ContentTypesByExtension) {
  EXPECT_EQ(content_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("fonts/x.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("x.woff"), "font/woff");
  EXPECT_EQ(content_type_for("app.js.map"), "application/json");
  EXPECT_EQ(content_type_for("logo.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
}

}  // namespace
}  // namespace coproduce::http
