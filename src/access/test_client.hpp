// A network-free HTTP client for route tests: builds Requests, runs them
// through the server's own request pipeline (http::Dispatcher: authenticator,
// router, policy, CSRF check, handler, errors), choosing the language as the
// server does, and keeps cookies like a browser.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>

#include "access/access.hpp"
#include "access/test_support.hpp"
#include "core/error.hpp"
#include "http/dispatch.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"

namespace coproduce::access::testing {

inline std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

inline std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields)
    body += (body.empty() ? "" : "&") + url_encode(name) + "=" + url_encode(value);
  return body;
}

// path?a=b&c=d with plain (already safe) query values.
inline http::Request make_request(http::Method method, const std::string& target,
                                  std::string body = {}, std::string content_type = {}) {
  http::Request r;
  r.method = method;
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string query = target.substr(q + 1);
    std::size_t start = 0;
    while (start <= query.size()) {
      auto end = query.find('&', start);
      if (end == std::string::npos) end = query.size();
      auto pair = query.substr(start, end - start);
      auto eq = pair.find('=');
      if (!pair.empty())
        r.query.emplace_back(pair.substr(0, eq),
                             eq == std::string::npos ? "" : pair.substr(eq + 1));
      start = end + 1;
    }
  }
  r.body = std::move(body);
  if (!content_type.empty()) r.headers.emplace_back("content-type", content_type);
  r.remote_address = "192.0.2.1";
  return r;
}

class TestClient {
 public:
  // The access module's routes (with web's and audit's) over `db`, as the app wires them.
  TestClient(store::Database& db, AccessOptions options)
      : registry_(load_modules(db, options)),
        dispatcher_{router_, negotiating(registry_.authenticator()), registry_.csrf_check(), {}, {},
                    [](const std::string& locale, const std::string& key) { return i18n::t(locale, key); }} {
    registry_.add_routes(router_);
  }

  const http::Router& router() const { return router_; }
  std::map<std::string, std::string>& cookies() { return cookies_; }

  // The client address requests come from (limits count per address).
  void set_address(std::string address) { address_ = std::move(address); }

  http::Response send(http::Request request) {
    request.remote_address = address_;
    std::string cookie_header;
    for (const auto& [name, value] : cookies_)
      cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" + value;
    if (!cookie_header.empty()) request.headers.emplace_back("cookie", cookie_header);
    bool signed_in = false;
    auto response = dispatcher_.handle(request, "test", &signed_in);
    for (const auto& [name, value] : response.headers)
      if (name == "Set-Cookie") remember(value);
    return response;
  }

  http::Response get(const std::string& target) {
    return send(make_request(http::Method::get, target));
  }
  http::Response post_form(const std::string& target,
                           const std::vector<std::pair<std::string, std::string>>& fields) {
    return send(make_request(http::Method::post, target, form_body(fields),
                             "application/x-www-form-urlencoded"));
  }
  http::Response send_json(http::Method method, const std::string& target, const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    auto request = make_request(method, target, body, body.empty() ? "" : "application/json");
    for (const auto& h : headers) request.headers.push_back(h);
    return send(std::move(request));
  }

 private:
  void remember(const std::string& set_cookie) {
    auto eq = set_cookie.find('=');
    auto semicolon = set_cookie.find(';');
    auto name = set_cookie.substr(0, eq);
    auto value = set_cookie.substr(
        eq + 1, semicolon == std::string::npos ? std::string::npos : semicolon - eq - 1);
    if (set_cookie.find("Max-Age=0") != std::string::npos || value.empty())
      cookies_.erase(name);
    else
      cookies_[name] = value;
  }

  // The page's language is chosen as the server chooses it (?lang=, cookie, Accept-Language).
  static http::Authenticator negotiating(http::Authenticator authenticate) {
    return [authenticate](const http::Request& request, http::Context& ctx) {
      ctx.locale = i18n::negotiate(request);
      authenticate(request, ctx);
    };
  }

  static module::Registry& load_modules(store::Database& db, AccessOptions options) {
    module::Environment environment;
    environment.db = &db;
    auto* registry = new module::Registry(environment);  // kept: handlers refer to it
    registry->load(modules(options));
    return *registry;
  }

  std::string address_ = "192.0.2.1";
  module::Registry& registry_;
  http::Router router_;
  http::Dispatcher dispatcher_;
  std::map<std::string, std::string> cookies_;
};

inline boost::json::value body_json(const http::Response& r) {
  return boost::json::parse(r.body);
}

}  // namespace coproduce::access::testing
