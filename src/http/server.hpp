// The HTTP/1.1 server (Boost.Beast; its headers stay inside server.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace coproduce::http {

// A route that takes a larger body than the server's limit: the census,
// up to 200,000 rows, is the one so far. The route is named by its method and
// pattern in the router's syntax ("/pb/{id}/census"), matched against the
// request's path as sent (a path with percent-escapes keeps the general
// limit); the header decides before any byte of the body is read, so every
// other route still refuses more than max_body_bytes with a 413. Such a body
// also gets its own, longer read timeout.
struct LargerBody {
  Method method = Method::post;
  std::string pattern;
  std::size_t max_bytes = 0;
  std::chrono::seconds read_timeout{120};
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (tests)
  int threads = 2;          // network threads: parse and write, never block
  int workers = 64;  // threads that run handlers; about one per core runs, the rest wait on the database
  std::size_t max_queued = 512;  // requests waiting for a worker before 503 + Retry-After
  std::size_t max_body_bytes = 1 << 20;
  std::vector<LargerBody> larger_bodies;  // the few routes allowed more (see LargerBody)
  std::size_t max_header_bytes = 16 << 10;
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds idle_timeout{60};
  int max_connections_per_client = 256;
  std::string static_dir;     // served under /assets/ when set
  bool secure_cookies = false;
  std::size_t max_target_bytes = 8 << 10;  // longer request-targets get 414
  std::chrono::seconds drain_timeout{10};  // graceful stop: in-flight requests get this long
  bool access_log = true;                  // one JSON line per request on stderr
  // Reverse proxies (addresses or CIDR ranges, e.g. "127.0.0.1", "10.0.0.0/8")
  // whose X-Forwarded-For and X-Forwarded-Proto are believed. From anyone
  // else those headers are ignored: the client is the socket's peer.
  std::vector<std::string> trusted_proxies;
};

// Called before routing for every request: resolves the principal (session
// cookie or bearer token) and the locale. Throws core::Error to refuse.
using Authenticator = std::function<void(const Request&, Context&)>;
// Called after routing for state-changing requests from a cookie session:
// throws core::Error(403) when the CSRF token is missing or wrong.
using CsrfCheck = std::function<void(const Request&, Context&)>;
// Renders an error as an HTML page for non-API requests (the app's layout and
// language); without one the server answers a minimal escaped page.
using ErrorPage = std::function<Response(Context&, const core::Error&)>;
// Says a catalogue key in a locale: error messages that are keys are said so.
using Translator = std::function<std::string(const std::string& locale, const std::string& key)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, Authenticator authenticate,
         CsrfCheck check_csrf);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  void set_error_page(ErrorPage page);     // before listen()
  void set_translator(Translator translate);  // before listen()
  // Binds; returns the bound port (useful with port 0).
  std::uint16_t listen();
  // Runs until stop() or SIGTERM/SIGINT; in-flight requests finish first.
  void run();
  void stop();  // from any thread (or a handler); also before run()

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace coproduce::http
