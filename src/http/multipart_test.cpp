// multipart/form-data: the strict reader (browser-shaped bodies, every way a
// body can be wrong, hostile sizes), form fields and text checks on a
// multipart body, and the server's larger body limit for the routes that
// declare one.
#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "http/inputs.hpp"
#include "http/server.hpp"
#include "http/test_client.hpp"

namespace coproduce::http {
namespace {

using namespace std::string_literals;

constexpr std::string_view kType = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";
constexpr std::string_view kDash = "------WebKitFormBoundary7MA4YWxkTrZu0gW";

// A file whose bytes hold a NUL, CRLFs and a near-boundary line.
const std::string kFile = "identifier\r\nA1\r\n\0\r\n--not-the-boundary\r\n"s;

// A body as Chromium sends it: a token, a textarea with line breaks, a file.
std::string browser_body(std::string_view file_bytes = kFile) {
  std::string body;
  body += std::string(kDash) + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n";
  body += std::string(kDash) + "\r\nContent-Disposition: form-data; name=\"census\"\r\n\r\nline one\r\nline two\r\n";
  body += std::string(kDash) +
          "\r\nContent-Disposition: form-data; name=\"census-file\"; filename=\"census.csv\"\r\n"
          "Content-Type: text/csv\r\n\r\n";
  body += file_bytes;
  body += "\r\n" + std::string(kDash) + "--\r\n";
  return body;
}

// The 400/413 a body gets, with its message; 0 when accepted.
int refusal(std::string_view type, std::string_view body, std::string* message = nullptr,
            const MultipartLimits& limits = {}) {
  try {
    parse_multipart(type, body, limits);
  } catch (const core::Error& e) {
    if (message) *message = e.what();
    return e.http_status();
  }
  return 0;
}

std::string one_part(std::string_view headers, std::string_view content = "x") {
  return "--b\r\n" + std::string(headers) + "\r\n\r\n" + std::string(content) + "\r\n--b--\r\n";
}

TEST(Multipart, ReadsABrowserBodyPartByPartWithTheFileBytesExactlyAsSent) {
  std::string body = browser_body();
  auto parts = parse_multipart(kType, body);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].name, "csrf_token");
  EXPECT_FALSE(parts[0].is_file());
  EXPECT_EQ(parts[0].body, "abc123");
  EXPECT_EQ(parts[1].body, "line one\r\nline two");
  EXPECT_EQ(parts[2].name, "census-file");
  ASSERT_TRUE(parts[2].is_file());
  EXPECT_EQ(*parts[2].filename, "census.csv");
  EXPECT_EQ(parts[2].content_type, "text/csv");
  EXPECT_EQ(parts[2].body, kFile);
  EXPECT_EQ(parts[2].body.size(), 39u);
}

TEST(Multipart, AcceptsWhatRfc7578Allows) {
  // A quoted boundary, a preamble and an epilogue, padding after a boundary,
  // header names in any case, unknown headers, an empty part, a Windows path.
  std::string body =
      "This is a preamble.\r\n--a b'c\t \r\ncontent-disposition: FORM-DATA; name=\"n\"; filename=\"C:\\Users\\x\\"
      "list.csv\"\r\nX-Other: ignored\r\nContent-Transfer-Encoding: binary\r\n\r\n\r\n--a b'c\r\n"
      "Content-Disposition: form-data; name=empty\r\n\r\n\r\n--a b'c--\r\nan epilogue\r\n--a b'c\r\n";
  auto parts = parse_multipart("Multipart/Form-Data; charset=utf-8; boundary=\"a b'c\"", body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(*parts[0].filename, "list.csv");
  EXPECT_EQ(parts[0].body, "");
  EXPECT_EQ(parts[1].name, "empty");
  EXPECT_EQ(parts[1].body, "");
  EXPECT_TRUE(parse_multipart("multipart/form-data; boundary=b", "--b--").empty());
}

TEST(Multipart, RefusesAContentTypeWithoutAUsableBoundary) {
  std::string message;
  EXPECT_EQ(refusal("multipart/form-data", "--b--", &message), 400);
  EXPECT_NE(message.find("names no boundary"), std::string::npos) << message;
  EXPECT_EQ(refusal("multipart/form-data; boundary=", "--b--", &message), 400);
  EXPECT_NE(message.find("boundary is empty"), std::string::npos) << message;
  EXPECT_EQ(refusal("multipart/form-data; boundary=" + std::string(71, 'x'), "--b--", &message), 400);
  EXPECT_NE(message.find("longer than 70"), std::string::npos) << message;
  EXPECT_EQ(refusal("multipart/form-data; boundary=a;b", "--b--", &message), 400);
  EXPECT_EQ(refusal("multipart/form-data; boundary=\"a\rb\"", "--b--", &message), 400);
  EXPECT_NE(message.find("does not allow"), std::string::npos) << message;
  EXPECT_EQ(refusal("multipart/form-data; boundary=a; boundary=b", "--b--", &message), 400);
  EXPECT_NE(message.find("twice"), std::string::npos) << message;
  EXPECT_EQ(refusal("multipart/form-data; boundary=\"b", "--b--", &message), 400);
  EXPECT_EQ(refusal("multipart/mixed; boundary=b", "--b--", &message), 400);
  EXPECT_EQ(refusal("multipart/form-data; boundary=\"ab \"", "--ab --"), 400);
  EXPECT_EQ(refusal("multipart/form-data; boundary=b", "no boundary line here", &message), 400);
  EXPECT_NE(message.find("no line with the boundary"), std::string::npos) << message;
}

TEST(Multipart, EveryTruncationOfABodyIsRefusedNamingIt) {
  std::string body = browser_body();
  auto end = body.rfind("--\r\n");  // the closing "--" makes the body whole
  for (std::size_t size = 0; size < end + 2; ++size) {
    std::string message;
    int status = refusal(kType, std::string_view(body).substr(0, size), &message);
    EXPECT_EQ(status, 400) << "cut at " << size;
  }
  std::string message;
  EXPECT_EQ(refusal(kType, std::string_view(body).substr(0, body.size() - 40), &message), 400);
  EXPECT_NE(message.find("ends inside part 3 (\"census-file\")"), std::string::npos) << message;
  EXPECT_EQ(refusal(kType, std::string_view(body).substr(0, 120), &message), 400);
  EXPECT_NE(message.find("cut short"), std::string::npos) << message;
  EXPECT_EQ(refusal(kType, std::string_view(body).substr(0, end + 2)), 0);
}

TEST(Multipart, RefusesMalformedPartHeaders) {
  auto type = "multipart/form-data; boundary=b";
  std::string message;
  auto refused = [&](std::string_view body, std::string_view says) {
    EXPECT_EQ(refusal(type, body, &message), 400) << body;
    EXPECT_NE(message.find(says), std::string::npos) << message;
  };
  refused(one_part("Content-Type: text/plain"), "no Content-Disposition");
  refused("--b\r\n\r\nx\r\n--b--", "no Content-Disposition");
  refused(one_part("Content-Disposition: form-data"), "has no name");
  refused(one_part("Content-Disposition: form-data; name=\"\""), "has no name");
  refused(one_part("Content-Disposition: attachment; name=\"a\""), "is not form-data");
  refused(one_part("Content-Disposition: form-data; name=a; name=b"), "twice");
  refused(one_part("Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b"), "two Content-Disposition");
  refused(one_part("Content-Disposition: form-data; name=a\r\nContent-Type: a\r\nContent-Type: b"), "two Content-Type");
  refused(one_part("Content-Disposition: form-data; name=a\r\n X-Folded: y"), "folded");
  refused(one_part("Content-Disposition: form-data; name=a\r\nBroken header"), "not Name: value");
  refused(one_part("Content-Disposition: form-data; name=a\r\nBad name: x"), "malformed header name");
  refused(one_part("Content-Disposition: form-data; name=\"a\nb\""), "bare CR, LF");
  refused(one_part("Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: base64"), "only binary, 8bit");
  refused(one_part("Content-Disposition: form-data; name=\"a\" x"), "text follows the quoted value");
  refused(one_part("Content-Disposition: form-data; name"), "without a value");
  // Line ends that are not CRLF, and text after a boundary.
  refused("--b\nContent-Disposition: form-data; name=a\n\nx\n--b--\n", "followed by other text");
  refused("--bx\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--", "followed by other text");
}

TEST(Multipart, LimitsPartsAndHeaderSize) {
  auto type = "multipart/form-data; boundary=b";
  std::string many;
  for (int i = 0; i < 65; ++i) many += "--b\r\nContent-Disposition: form-data; name=f\r\n\r\nv\r\n";
  many += "--b--";
  std::string message;
  EXPECT_EQ(refusal(type, many, &message), 413);
  EXPECT_NE(message.find("more than 64 parts"), std::string::npos) << message;
  MultipartLimits roomy;
  roomy.max_parts = 65;
  EXPECT_EQ(refusal(type, many, nullptr, roomy), 0);

  std::string long_header = one_part("Content-Disposition: form-data; name=a\r\nX: " + std::string(5000, 'y'));
  EXPECT_EQ(refusal(type, long_header, &message), 400);
  EXPECT_NE(message.find("headers of part 1 are longer than 4096 bytes"), std::string::npos) << message;
  std::string exactly = "Content-Disposition: form-data; name=a\r\nX: ";
  exactly += std::string(4096 - exactly.size(), 'y');
  EXPECT_EQ(refusal(type, one_part(exactly)), 0);
  exactly += "y";
  EXPECT_EQ(refusal(type, one_part(exactly)), 400);

  std::string lines = "Content-Disposition: form-data; name=a";
  for (int i = 0; i < 8; ++i) lines += "\r\nX-" + std::to_string(i) + ": y";
  EXPECT_EQ(refusal(type, one_part(lines), &message), 400);
  EXPECT_NE(message.find("more than 8 header lines"), std::string::npos) << message;
}

TEST(Multipart, HostileBodiesAreReadInLinearTime) {
  // A 4 MB file of near-boundaries, then a body of a million dashes, CRs and
  // LFs: each is answered quickly, the first accepted, the second refused.
  std::string near;
  while (near.size() < (4u << 20)) near += "\r\n--b\r\r\n-\r\n--";
  std::string body = "--bb\r\nContent-Disposition: form-data; name=f; filename=x\r\n\r\n" + near + "\r\n--bb--";
  auto started = std::chrono::steady_clock::now();
  auto parts = parse_multipart("multipart/form-data; boundary=bb", body);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].body.size(), near.size());
  std::string noise;
  while (noise.size() < (1u << 20)) noise += "\r\n-\r\n--\r";
  EXPECT_EQ(refusal("multipart/form-data; boundary=bb", "--bb\r\n" + noise), 400);
  EXPECT_EQ(refusal("multipart/form-data; boundary=bb", noise), 400);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

Request multipart_request(std::string body, std::string_view type = kType) {
  Request r;
  r.method = Method::post;
  r.path = "/pb/1/census";
  r.headers = {{"content-type", std::string(type)}};
  r.body = std::move(body);
  return r;
}

TEST(Multipart, FormFieldsOfAMultipartBodyAreItsTextPartsAndTheFileComesApart) {
  auto r = multipart_request(browser_body());
  auto form = r.form();
  EXPECT_EQ(form.size(), 2u);
  EXPECT_EQ(form["csrf_token"], "abc123");
  EXPECT_EQ(form["census"], "line one\r\nline two");
  EXPECT_EQ(form.count("census-file"), 0u);
  EXPECT_EQ(r.form_values("census"), std::vector<std::string>{"line one\r\nline two"});
  EXPECT_EQ(r.form_fields().size(), 2u);
  auto file = uploaded_file(r, "census-file");
  ASSERT_TRUE(file);
  EXPECT_EQ(*file->filename, "census.csv");
  EXPECT_EQ(file->body.substr(0, 10), "identifier");
  EXPECT_FALSE(uploaded_file(r, "census"));  // a text field is not a file
  EXPECT_FALSE(uploaded_file(r, "other"));
  // No file chosen: the browser sends an empty part with an empty file name.
  auto none = multipart_request(one_part("Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
                                         "Content-Type: application/octet-stream", ""),
                                "multipart/form-data; boundary=b");
  EXPECT_FALSE(uploaded_file(none, "f"));
  // The urlencoded form is read as before, whatever the Content-Type says.
  Request plain;
  plain.body = "a=1&b=2&a=3";
  EXPECT_EQ(plain.form()["a"], "1");
  EXPECT_EQ(plain.form_values("a").size(), 2u);
  EXPECT_TRUE(multipart_parts(plain).empty());
  // A malformed multipart body is a 400 wherever it is read.
  auto broken = multipart_request(browser_body().substr(0, 100));
  EXPECT_THROW(broken.form(), core::Error);
  EXPECT_THROW(uploaded_file(broken, "census-file"), core::Error);
}

int text_check(const Request& r, std::string* field = nullptr) {
  try {
    check_text_inputs(r);
  } catch (const core::Error& e) {
    if (field) *field = e.field();
    return e.http_status();
  }
  return 0;
}

TEST(Multipart, TextFieldsAndFileNamesAreCheckedButNotAFilesBytes) {
  EXPECT_EQ(text_check(multipart_request(browser_body())), 0);  // the file holds a NUL
  std::string field;
  auto control = multipart_request(one_part("Content-Disposition: form-data; name=\"note\"", "bell\x07"),
                                   "multipart/form-data; boundary=b");
  EXPECT_EQ(text_check(control, &field), 422);
  EXPECT_EQ(field, "note");
  auto bad_utf8 = multipart_request(one_part("Content-Disposition: form-data; name=\"f\"; filename=\"\xff.csv\""),
                                    "multipart/form-data; boundary=b");
  EXPECT_EQ(text_check(bad_utf8, &field), 422);
  EXPECT_EQ(field, "f");
  EXPECT_EQ(text_check(multipart_request("--b\r\nno end", "multipart/form-data; boundary=b")), 400);
  EXPECT_EQ(text_check(multipart_request("x", "multipart/form-data")), 400);
}

// ---- the server: a larger body only where a route declares one ----------------

class LargerBodyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.port = 0;
    options_.threads = 1;
    options_.max_body_bytes = 1024;
    options_.access_log = false;
    options_.larger_bodies = {{Method::post, "/pb/{id}/census", 8192}};
    auto echo = [](Context& ctx) {
      auto parts = multipart_parts(ctx.request);
      return Response::json(boost::json::object{{"bytes", ctx.request.body.size()}, {"parts", parts.size()}});
    };
    router_.add(Method::post, "/pb/{id}/census", policy::everyone(), echo);
    router_.add(Method::post, "/pb/{id}/other", policy::everyone(), echo);
    server_ = std::make_unique<Server>(options_, router_, nullptr, nullptr);
    port_ = server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }
  testing::RawResponse post(std::string_view target, std::string_view body,
                            std::string_view type = "multipart/form-data; boundary=b") {
    testing::RawConnection connection(port_);
    connection.send(testing::request_text("POST", target, "Content-Type: " + std::string(type) + "\r\n", body));
    auto response = connection.read_response();
    EXPECT_TRUE(response) << target;
    return response.value_or(testing::RawResponse{});
  }

  ServerOptions options_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(LargerBodyTest, OnlyTheDeclaredRouteTakesMoreThanTheServersLimit) {
  std::string file = one_part("Content-Disposition: form-data; name=\"f\"; filename=\"c.csv\"", std::string(5000, 'a'));
  auto taken = post("/pb/42/census", file);
  EXPECT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(boost::json::parse(taken.body).at("parts").as_int64(), 1);
  // Elsewhere, under an escaped path, or with another method: the 1 KiB limit.
  auto other = post("/pb/42/other", file);
  EXPECT_EQ(other.status, 413);
  EXPECT_NE(other.body.find("limit of 1024 bytes"), std::string::npos) << other.body;
  EXPECT_EQ(post("/pb/42/cens%75s", file).status, 413);
  EXPECT_EQ(post("/pb/42/census/extra", file).status, 413);
  EXPECT_EQ(post("/pb//census", file).status, 413);
  // Over the route's own limit: 413 naming it.
  auto huge = post("/pb/42/census", one_part("Content-Disposition: form-data; name=f", std::string(9000, 'a')));
  EXPECT_EQ(huge.status, 413);
  EXPECT_NE(huge.body.find("limit of 8192 bytes"), std::string::npos) << huge.body;
  // A small body still goes everywhere.
  EXPECT_EQ(post("/pb/42/other", one_part("Content-Disposition: form-data; name=f")).status, 200);
}

TEST_F(LargerBodyTest, AChunkedBodyIsStoppedAtTheRoutesLimit) {
  auto chunked = [&](std::string_view target, std::size_t size) {
    testing::RawConnection connection(port_);
    std::string chunk(size, 'a');
    std::string text = "POST " + std::string(target) +
                       " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
    char length[32];
    std::snprintf(length, sizeof length, "%zx\r\n", chunk.size());
    text += length + chunk + "\r\n0\r\n\r\n";
    connection.send(text);
    auto response = connection.read_response();
    return response ? response->status : 0;
  };
  EXPECT_EQ(chunked("/pb/1/census", 4000), 200);
  EXPECT_EQ(chunked("/pb/1/census", 9000), 413);
  EXPECT_EQ(chunked("/pb/1/other", 2000), 413);
}

}  // namespace
}  // namespace coproduce::http
