// The server end to end over real sockets: keep-alive, limits, routing
// errors, policies, CSRF, static files, HEAD, logging and graceful stop.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "core/blocking.hpp"
#include "http/test_client.hpp"

namespace coproduce::http {
namespace {

using testing::RawConnection;
using testing::request_text;
namespace fs = std::filesystem;

// Test authentication: the X-Test-Role header signs in with that role.
void authenticate_by_header(const Request& request, Context& ctx) {
  if (auto role = request.header("x-test-role")) {
    ctx.principal.account_id = "account-1";
    ctx.principal.role = core::parse_role(*role);
  }
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.port = 0;
    options_.threads = 2;
    options_.max_body_bytes = 1024;
    options_.access_log = false;
    router_.add(Method::get, "/api/v1/items", policy::everyone(), [](Context&) {
      return Response::json(boost::json::array{1, 2, 3});
    });
    router_.add(Method::post, "/api/v1/items", policy::signed_in(), [](Context& ctx) {
      return Response::json(boost::json::object{{"received", ctx.request.body}}, 201);
    });
    router_.add(Method::get, "/api/v1/officers", policy::any_of("officer", {core::Role::officer}),
                [](Context&) { return Response::json(boost::json::object{}); });
    router_.add(Method::get, "/private", policy::signed_in(),
                [](Context&) { return Response::html("<p>private</p>"); });
    router_.add(Method::get, "/missing-record", policy::everyone(),
                [](Context&) -> Response { throw core::not_found("Initiative"); });
    router_.add(Method::get, "/api/v1/crash", policy::everyone(),
                [](Context&) -> Response { throw std::runtime_error("secret detail"); });
    router_.add(Method::get, "/slow", policy::everyone(), [](Context&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      return Response::text("slow done");
    });
    router_.add(Method::get, "/own-csp", policy::everyone(), [](Context&) {
      auto r = Response::html("<p>x</p>");
      r.set_header("Content-Security-Policy", "default-src 'none'");
      return r;
    });
  }
  void TearDown() override { stop(); }

  void start() {
    server_ = std::make_unique<Server>(options_, router_, authenticate_by_header,
                                       [this](const Request& request, Context&) {
                                         ++csrf_checks_;
                                         if (request.header("x-csrf") != "ok")
                                           throw core::forbidden("CSRF token missing");
                                       });
    if (error_page_) server_->set_error_page(error_page_);
    port_ = server_->listen();
    thread_ = std::thread([this] {
      server_->run();
      run_returned_ = true;
    });
  }
  void stop() {
    if (!server_) return;
    server_->stop();
    thread_.join();
    server_.reset();
  }
  testing::RawResponse fetch(std::string_view method, std::string_view target,
                             std::string_view headers = {}, std::string_view body = {}) {
    RawConnection connection(port_);
    connection.send(request_text(method, target, headers, body));
    auto response = connection.read_response(method == "HEAD");
    EXPECT_TRUE(response) << method << " " << target << ": no response";
    return response.value_or(testing::RawResponse{});
  }

  ServerOptions options_;
  Router router_;
  ErrorPage error_page_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::atomic<int> csrf_checks_{0};
  std::atomic<bool> run_returned_{false};
};

std::string error_code(const testing::RawResponse& r) {
  return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start();
  RawConnection connection(port_);
  connection.send(request_text("GET", "/api/v1/items"));
  auto first = connection.read_response();
  connection.send(request_text("GET", "/api/v1/items"));
  auto second = connection.read_response();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "[1,2,3]");
  EXPECT_NE(first->header("x-request-id"), second->header("x-request-id"));
  EXPECT_FALSE(connection.closed_by_server(1));
}

TEST_F(ServerTest, EveryResponseCarriesSecurityHeadersAndLength) {
  start();
  for (const char* target : {"/api/v1/items", "/nothing-here"}) {
    auto r = fetch("GET", target);
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(r.header("referrer-policy"), "same-origin");
    EXPECT_EQ(r.header("content-security-policy"),
              "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
    EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
    EXPECT_EQ(r.header("x-request-id").value_or("").size(), 16u);
  }
  EXPECT_EQ(fetch("GET", "/own-csp").header("content-security-policy"), "default-src 'none'");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  start();
  auto missing = fetch("GET", "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_code(missing), "not_found");
  auto page = fetch("GET", "/nothing");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.header("content-type")->find("text/html"), std::string::npos);

  auto wrong = fetch("DELETE", "/api/v1/items");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET, HEAD, POST");
  EXPECT_EQ(error_code(wrong), "method_not_allowed");
  EXPECT_EQ(fetch("TRACE", "/api/v1/items").status, 501);
}

TEST_F(ServerTest, PoliciesAnswer401ToApiRedirectPagesAnd403ToWrongRole) {
  start();
  auto api = fetch("GET", "/api/v1/officers");
  EXPECT_EQ(api.status, 401);
  EXPECT_EQ(error_code(api), "unauthenticated");

  auto page = fetch("GET", "/private?tab=2");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.header("location"), "/login?return=%2Fprivate%3Ftab%3D2");

  auto resident = fetch("GET", "/api/v1/officers", "X-Test-Role: resident\r\n");
  EXPECT_EQ(resident.status, 403);
  EXPECT_EQ(error_code(resident), "forbidden");
  EXPECT_EQ(fetch("GET", "/api/v1/officers", "X-Test-Role: officer\r\n").status, 200);
  EXPECT_EQ(fetch("GET", "/private", "X-Test-Role: resident\r\n").status, 200);
}

TEST_F(ServerTest, CsrfCheckRunsForStateChangingMethodsOnly) {
  start();
  fetch("GET", "/api/v1/items", "X-Test-Role: resident\r\n");
  EXPECT_EQ(csrf_checks_, 0);
  auto refused = fetch("POST", "/api/v1/items", "X-Test-Role: resident\r\n", "{}");
  EXPECT_EQ(csrf_checks_, 1);
  EXPECT_EQ(refused.status, 403);
  auto accepted = fetch("POST", "/api/v1/items", "X-Test-Role: resident\r\nX-CSRF: ok\r\n", "hi");
  EXPECT_EQ(csrf_checks_, 2);
  EXPECT_EQ(accepted.status, 201);
  EXPECT_EQ(boost::json::parse(accepted.body).at("received").as_string(), "hi");
}

TEST_F(ServerTest, OversizeBodyIs413NamingTheLimitWithoutReadingIt) {
  start();
  RawConnection connection(port_);
  // Announces 10 MB but sends only a little: the answer must not wait for the rest.
  connection.send(
      "POST /api/v1/items HTTP/1.1\r\nHost: x\r\nX-Test-Role: resident\r\nX-CSRF: ok\r\n"
      "Content-Length: 10000000\r\n\r\nabc");
  auto r = connection.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(error_code(*r), "too_large");
  EXPECT_NE(r->body.find("1024 bytes"), std::string::npos) << r->body;
  EXPECT_EQ(r->header("connection"), "close");
}

TEST_F(ServerTest, HugeHeadersAre431) {
  start();
  auto r = fetch("GET", "/api/v1/items", "X-Big: " + std::string(20000, 'a') + "\r\n");
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(error_code(r), "headers_too_large");
}

TEST_F(ServerTest, OverlongTargetIs414AndMalformedTargetIs400) {
  options_.max_target_bytes = 100;
  start();
  EXPECT_EQ(fetch("GET", "/api/v1/items?q=" + std::string(200, 'x')).status, 414);
  auto malformed = fetch("GET", "/api/v1/items%zz");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(error_code(malformed), "malformed");
}

TEST_F(ServerTest, GarbageIsAnswered400) {
  start();
  RawConnection connection(port_);
  connection.send("NOT HTTP AT ALL\r\n\r\n");
  auto r = connection.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

// Request smuggling (RFC 9112): a framing two parties could read differently
// is refused whole, and the connection closed, before its body is read.
TEST_F(ServerTest, TransferEncodingOtherThanChunkedIsRefusedAndTheConnectionClosed) {
  start();
  struct Case {
    std::string encoding;
    int status;
  };
  for (const auto& [encoding, status] : std::vector<Case>{{"identity", 400}, {"gzip", 400},
                                                          {"chunked, identity", 400},
                                                          {"gzip, chunked", 400}, {"zstd-x", 501},
                                                          {"Chunked ", 0}}) {
    RawConnection connection(port_);
    // The "body" is a second request: it must never be answered.
    std::string smuggled = "GET /api/v1/officers HTTP/1.1\r\nHost: x\r\nX-Test-Role: officer\r\n\r\n";
    connection.send("POST /api/v1/items HTTP/1.1\r\nHost: x\r\nX-Test-Role: resident\r\nX-CSRF: ok\r\n"
                    "Transfer-Encoding: " + encoding + "\r\n\r\n" +
                    (status == 0 ? "3\r\nabc\r\n0\r\n\r\n" : smuggled));
    auto r = connection.read_response();
    ASSERT_TRUE(r) << encoding;
    if (status == 0) {  // exactly chunked (any case, spaces around): accepted
      EXPECT_EQ(r->status, 201) << encoding << " " << r->body;
      continue;
    }
    EXPECT_EQ(r->status, status) << encoding << " " << r->body;
    EXPECT_EQ(r->header("connection"), "close") << encoding;
    EXPECT_FALSE(connection.read_response()) << encoding << ": the smuggled request was answered";
  }
}

TEST_F(ServerTest, FramingThatTheRfcForbidsIsRefused) {
  start();
  auto refused = [&](const std::string& bytes, const std::string& why) {
    RawConnection connection(port_);
    connection.send(bytes);
    auto r = connection.read_response();
    ASSERT_TRUE(r) << why;
    EXPECT_EQ(r->status, 400) << why << ": " << r->body;
    EXPECT_TRUE(connection.closed_by_server()) << why;
  };
  refused("GET /api/v1/items HTTP/1.1\r\n\r\n", "no Host");
  refused("GET /api/v1/items HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "two Hosts");
  refused("GET /api/v1/items HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", "obsolete folding");
  refused("POST /api/v1/items HTTP/1.0\r\nX-Test-Role: resident\r\nX-CSRF: ok\r\n"
          "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
          "chunked in HTTP/1.0");
  refused("POST /api/v1/items HTTP/1.1\r\nHost: a\r\nX-Test-Role: resident\r\nX-CSRF: ok\r\n"
          "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
          "length and chunked together");
  // HTTP/1.0 without Host is still fine.
  RawConnection old(port_);
  old.send("GET /api/v1/items HTTP/1.0\r\n\r\n");
  auto r = old.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, TextInputsMustBeUtf8WithoutNulOrControlsAndTheRefusalNamesTheInput) {
  router_.add(Method::post, "/form", policy::everyone(), [](Context& ctx) {
    return Response::text("stored " + std::to_string(ctx.request.form().size()));
  });
  start();
  auto json_post = [&](const std::string& body) {
    return fetch("POST", "/api/v1/items", "X-Test-Role: resident\r\nX-CSRF: ok\r\nContent-Type: application/json\r\n", body);
  };
  auto field_of = [](const testing::RawResponse& r) {
    return std::string(boost::json::parse(r.body).at("error").at("field").as_string());
  };
  auto bad_json = json_post("{\"name\": \"ok\", \"note\": \"a\\u0000b\"}");
  EXPECT_EQ(bad_json.status, 422) << bad_json.body;
  EXPECT_EQ(field_of(bad_json), "note");
  auto nested = json_post("{\"items\": [{\"name\": \"bell\\u0007\"}]}");
  EXPECT_EQ(nested.status, 422);
  EXPECT_EQ(field_of(nested), "items[0].name");
  auto not_utf8 = json_post("{\"name\": \"\xff\xfe\"}");
  EXPECT_EQ(not_utf8.status, 201) << "the handler sees it and answers; a JSON parser refuses it as malformed";
  auto fine = json_post("{\"name\": \"Ynys M\xc3\xb4n\\nline two\"}");
  EXPECT_EQ(fine.status, 201);

  auto form = [&](const std::string& body) {
    return fetch("POST", "/form", "Content-Type: application/x-www-form-urlencoded\r\nX-CSRF: ok\r\nAccept: application/json\r\n", body);
  };
  auto bad_form = form("name=ok&note=caf%C3");
  EXPECT_EQ(bad_form.status, 422) << bad_form.body;
  EXPECT_EQ(field_of(bad_form), "note");
  auto nul_form = form("label=%00");
  EXPECT_EQ(nul_form.status, 422);
  EXPECT_EQ(field_of(nul_form), "label");
  EXPECT_EQ(form("name=Caerdydd&x=a%0D%0Ab").status, 200);

  auto query = fetch("GET", "/api/v1/items?area=%FF");
  EXPECT_EQ(query.status, 400);
  EXPECT_EQ(field_of(query), "area");
  auto path = fetch("GET", "/api/v1/items%C3%28");
  EXPECT_EQ(path.status, 400);
  EXPECT_EQ(field_of(path), "path");
}

TEST_F(ServerTest, SignedInAnswersAreNeverStored) {
  start();
  auto signed_in = fetch("GET", "/api/v1/officers", "X-Test-Role: officer\r\n");
  EXPECT_EQ(signed_in.header("cache-control"), "no-store");
  auto refused = fetch("GET", "/api/v1/officers", "X-Test-Role: resident\r\n");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.header("cache-control"), "no-store");
  auto anonymous = fetch("GET", "/api/v1/items");
  EXPECT_FALSE(anonymous.header("cache-control"));
}

// Handlers run on workers, not on the network threads: requests held up in
// handlers (a password hash, a slow query) do not hold up anyone else. The
// held handlers wait for a release that comes only after /healthz answered,
// so before the fix this test could never finish.
TEST_F(ServerTest, BlockedHandlersDoNotHoldUpOtherRequests) {
  options_.threads = 2;
  options_.workers = 8;
  std::mutex mutex;
  std::condition_variable changed;
  bool released = false;
  int holding = 0;
  router_.add(Method::get, "/hold", policy::everyone(), [&](Context&) {
    core::Blocking waiting;  // as a query or a hash would
    std::unique_lock lock(mutex);
    ++holding;
    changed.notify_all();
    changed.wait(lock, [&] { return released; });
    return Response::text("held");
  });
  router_.add(Method::get, "/healthz", policy::everyone(), [](Context&) { return Response::text("ok"); });
  start();
  std::vector<std::future<int>> held;
  for (int i = 0; i < 6; ++i)  // more than the network threads
    held.push_back(std::async(std::launch::async, [this] { return fetch("GET", "/hold").status; }));
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(5), [&] { return holding == 6; }));
  }
  EXPECT_EQ(fetch("GET", "/healthz").status, 200);
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  changed.notify_all();
  for (auto& f : held) EXPECT_EQ(f.get(), 200);
}

// A full queue sheds load at once with 503 and Retry-After, rather than
// queueing without limit.
TEST_F(ServerTest, AFullQueueIsAnswered503WithRetryAfter) {
  options_.workers = 1;
  options_.max_queued = 1;
  std::mutex mutex;
  std::condition_variable changed;
  bool released = false;
  int holding = 0;
  router_.add(Method::get, "/hold", policy::everyone(), [&](Context&) {
    core::Blocking waiting;
    std::unique_lock lock(mutex);
    ++holding;
    changed.notify_all();
    changed.wait(lock, [&] { return released; });
    return Response::text("held");
  });
  start();
  auto first = std::async(std::launch::async, [this] { return fetch("GET", "/hold").status; });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(5), [&] { return holding == 1; }));
  }
  RawConnection queued(port_);  // the one place in the queue
  queued.send(request_text("GET", "/hold"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it reach the queue
  auto shed = fetch("GET", "/api/v1/items");
  EXPECT_EQ(shed.status, 503);
  EXPECT_EQ(shed.header("retry-after"), "1");
  EXPECT_EQ(error_code(shed), "busy");
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  changed.notify_all();
  EXPECT_EQ(first.get(), 200);
  auto second = queued.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(fetch("GET", "/api/v1/items").status, 200);
}

// Behind a reverse proxy every client would be the proxy: the client address
// and scheme come from X-Forwarded-For/-Proto, believed only from configured proxies.
TEST_F(ServerTest, ForwardedHeadersAreBelievedOnlyFromTrustedProxies) {
  router_.add(Method::get, "/whoami", policy::everyone(), [](Context& ctx) {
    return Response::text(ctx.request.remote_address + (ctx.request.secure ? " https" : " http"));
  });
  start();
  const std::string forwarded = "X-Forwarded-For: 198.51.100.7\r\nX-Forwarded-Proto: https\r\n";
  EXPECT_EQ(fetch("GET", "/whoami", forwarded).body, "127.0.0.1 http") << "nobody is trusted by default";
  stop();

  options_.trusted_proxies = {"127.0.0.0/8"};
  start();
  EXPECT_EQ(fetch("GET", "/whoami", forwarded).body, "198.51.100.7 https");
  // A client cannot plant an address: the right-most hop that is not a proxy is the client.
  EXPECT_EQ(fetch("GET", "/whoami", "X-Forwarded-For: 203.0.113.9, 198.51.100.7\r\n").body, "198.51.100.7 http");
  EXPECT_EQ(fetch("GET", "/whoami", "X-Forwarded-For: 198.51.100.7\r\nX-Forwarded-For: 127.0.0.2\r\n").body,
            "198.51.100.7 http");
  EXPECT_EQ(fetch("GET", "/whoami", "X-Forwarded-For: not-an-address\r\n").body, "127.0.0.1 http");
  // The proxy carries many clients' connections: it is not capped like one client.
  options_.max_connections_per_client = 2;
  stop();
  start();
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 5; ++i) open.push_back(std::make_unique<RawConnection>(port_));
  for (auto& c : open) {
    c->send(request_text("GET", "/whoami"));
    auto r = c->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
}

TEST_F(ServerTest, HeadSendsGetsLengthWithoutBody) {
  start();
  RawConnection connection(port_);
  connection.send(request_text("HEAD", "/api/v1/items") + request_text("GET", "/api/v1/items"));
  auto head = connection.read_response(true);
  auto get = connection.read_response();  // would be garbled if HEAD had sent a body
  ASSERT_TRUE(head && get);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), "7");
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "[1,2,3]");
}

TEST_F(ServerTest, ErrorsBecomeJsonForApiAndPagesThroughTheErrorPage) {
  error_page_ = [](Context& ctx, const core::Error& e) {
    return Response::html("<p>custom " + ctx.locale + ": " + e.what() + "</p>");
  };
  start();
  auto page = fetch("GET", "/missing-record");
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.body, "<p>custom en: Initiative not found</p>");
  auto crash = fetch("GET", "/api/v1/crash");
  EXPECT_EQ(crash.status, 500);
  EXPECT_EQ(error_code(crash), "internal");
  EXPECT_EQ(crash.body.find("secret detail"), std::string::npos);
}

TEST_F(ServerTest, HeaderInjectionFromAHandlerBecomes500AndFramingStaysTheServers) {
  router_.add(Method::get, "/inject", policy::everyone(), [](Context& ctx) {
    return Response::redirect("/x\r\nSet-Cookie: evil=1" + ctx.request.path);
  });
  router_.add(Method::get, "/framing", policy::everyone(), [](Context&) {
    auto r = Response::text("four");
    r.set_header("Content-Length", "999");
    r.set_header("Connection", "close");
    return r;
  });
  start();
  auto injected = fetch("GET", "/inject");
  EXPECT_EQ(injected.status, 500);
  EXPECT_FALSE(injected.header("set-cookie"));
  RawConnection connection(port_);
  connection.send(request_text("GET", "/framing"));
  auto framed = connection.read_response();
  ASSERT_TRUE(framed);
  EXPECT_EQ(framed->header("content-length"), "4");
  EXPECT_EQ(framed->body, "four");
  EXPECT_FALSE(connection.closed_by_server(1));
}

TEST_F(ServerTest, DefaultErrorPageEscapesTheMessage) {
  router_.add(Method::get, "/xss", policy::everyone(),
              [](Context&) -> Response { throw core::malformed("<script>x</script>"); });
  start();
  auto r = fetch("GET", "/xss");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(ServerTest, ConnectionsPerClientAreCapped) {
  options_.max_connections_per_client = 2;
  start();
  RawConnection a(port_), b(port_);
  for (auto* c : {&a, &b}) {
    c->send(request_text("GET", "/api/v1/items"));
    ASSERT_TRUE(c->read_response());
  }
  RawConnection third(port_);
  auto refused = third.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_TRUE(third.closed_by_server());
}

class StaticFilesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    root_ = fs::temp_directory_path() / ("coproduce_http_test_" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets" / "css");
    std::ofstream(root_ / "assets" / "css" / "app.css") << "body{color:red}";
    std::ofstream(root_ / "secret.txt") << "TOP SECRET";
    fs::create_symlink(root_ / "secret.txt", root_ / "assets" / "link.txt");
    options_.static_dir = (root_ / "assets").string();
  }
  void TearDown() override {
    ServerTest::TearDown();
    fs::remove_all(root_);
  }
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesAssetsWithTypeAndCaching) {
  start();
  auto css = fetch("GET", "/assets/css/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{color:red}");
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  EXPECT_NE(css.header("cache-control").value_or("").find("max-age"), std::string::npos);
  auto head = fetch("HEAD", "/assets/css/app.css");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "15");
  EXPECT_EQ(fetch("GET", "/assets/css/missing.css").status, 404);
  EXPECT_EQ(fetch("POST", "/assets/css/app.css").status, 404);  // not a route
}

TEST_F(StaticFilesTest, RefusesEveryTraversalAttempt) {
  start();
  for (const char* target :
       {"/assets/../secret.txt", "/assets/%2e%2e/secret.txt", "/assets/%2E%2E%2Fsecret.txt",
        "/assets/css/..%2f..%2fsecret.txt", "/assets//etc/passwd", "/assets/%2fetc%2fpasswd",
        "/assets/css/%5c..%5csecret.txt", "/assets/link.txt", "/assets/./css/app.css"}) {
    auto r = fetch("GET", target);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " got " << r.status;
    EXPECT_EQ(r.body.find("TOP SECRET"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, GracefulStopLetsTheInFlightRequestFinish) {
  start();
  RawConnection idle(port_);
  idle.send(request_text("GET", "/api/v1/items"));
  ASSERT_TRUE(idle.read_response());

  RawConnection slow(port_);
  slow.send(request_text("GET", "/slow"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the handler is running
  auto stopped_at = std::chrono::steady_clock::now();
  server_->stop();
  auto response = slow.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "slow done");
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(idle.closed_by_server());
  for (int i = 0; i < 250 && !run_returned_; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(run_returned_);
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, std::chrono::seconds(5));
}

TEST_F(ServerTest, StopWithoutRequestsReturnsPromptly) {
  start();
  server_->stop();
  for (int i = 0; i < 100 && !run_returned_; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(run_returned_) << "run() still serving 2 s after stop()";
}

TEST_F(ServerTest, SigtermStopsTheServer) {
  start();
  EXPECT_EQ(fetch("GET", "/api/v1/items").status, 200);  // run() is up, signals are watched
  std::raise(SIGTERM);
  for (int i = 0; i < 250 && !run_returned_; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(run_returned_);
}

TEST_F(ServerTest, SlowRequestsAndIdleConnectionsAreClosedByTheirTimeouts) {
  options_.read_timeout = std::chrono::seconds(1);
  options_.idle_timeout = std::chrono::seconds(1);
  start();
  RawConnection trickle(port_);
  trickle.send("GET /api/v1/items HTTP/1.1\r\nHost: x\r\n");  // never finishes its headers
  RawConnection idle(port_);
  idle.send(request_text("GET", "/api/v1/items"));
  ASSERT_TRUE(idle.read_response());
  auto before = std::chrono::steady_clock::now();
  EXPECT_TRUE(trickle.closed_by_server(4));
  EXPECT_TRUE(idle.closed_by_server(4));
  EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(500));
}

TEST(ServerStop, StopBeforeRunMakesRunReturn) {
  Router router;
  ServerOptions options;
  options.port = 0;
  options.access_log = false;
  Server server(options, router, {}, {});
  server.stop();
  auto running = std::async(std::launch::async, [&] { server.run(); });
  EXPECT_EQ(running.wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(ServerListen, BusyPortIsAClearError) {
  Router router;
  ServerOptions options;
  options.port = 0;
  Server first(options, router, {}, {});
  options.port = first.listen();
  Server second(options, router, {}, {});
  try {
    second.listen();
    ADD_FAILURE() << "second server shared the port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen"), std::string::npos) << e.what();
  }
}

// Captures what the server writes to stderr (fd 2) while alive.
class StderrCapture {
 public:
  StderrCapture()
      : path_(fs::temp_directory_path() / ("coproduce_log_" + std::to_string(::getpid()))) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    std::FILE* file = std::fopen(path_.c_str(), "w");
    ::dup2(::fileno(file), 2);
    std::fclose(file);
  }
  ~StderrCapture() {
    ::dup2(saved_, 2);
    ::close(saved_);
    fs::remove(path_);
  }
  std::string text() const {
    std::ifstream in(path_);
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  fs::path path_;
  int saved_;
};

TEST_F(ServerTest, AccessLogLineHasPathButNoQueryString) {
  options_.access_log = true;
  StderrCapture capture;
  start();
  fetch("GET", "/api/v1/items?email=person%40example.org", "X-Test-Role: resident\r\n");
  std::string log;
  for (int i = 0; i < 100 && log.find('\n') == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = capture.text();
  }
  stop();
  ASSERT_NE(log.find('\n'), std::string::npos) << "no log line";
  auto line = boost::json::parse(log.substr(0, log.find('\n'))).as_object();
  EXPECT_EQ(line.at("path").as_string(), "/api/v1/items");
  EXPECT_EQ(line.at("method").as_string(), "GET");
  EXPECT_EQ(line.at("status").as_int64(), 200);
  EXPECT_TRUE(line.at("signed_in").as_bool());
  EXPECT_EQ(log.find("example"), std::string::npos);
  EXPECT_EQ(log.find("email"), std::string::npos);
  EXPECT_EQ(log.find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace coproduce::http
