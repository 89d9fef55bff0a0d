// Response helpers: JSON, HTML, text, redirects, API errors and cookies.
#include "http/response.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace coproduce::http {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

// Replaces a header of the same name, except Set-Cookie, which may repeat.
Response& Response::set_header(std::string name, std::string value) {
  if (!iequals(name, "set-cookie")) {
    for (auto& [key, existing] : headers) {
      if (iequals(key, name)) {
        existing = std::move(value);
        return *this;
      }
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return std::nullopt;
}

Response Response::json(const boost::json::value& body, int status) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = boost::json::serialize(body);
  return r;
}

Response Response::html(std::string body, int status) {
  return text(std::move(body), "text/html; charset=utf-8", status);
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::redirect(std::string location) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response Response::error(const core::Error& e, const Translate& translate,
                         const std::string& general_key) {
  auto say = [&](const std::string& text) {
    return e.message_is_key() && translate ? translate(text) : text;
  };
  std::string message = !e.message_is_key() && translate && !general_key.empty()
                            ? translate(general_key)
                            : say(e.what());
  boost::json::object detail{{"code", e.code()}, {"message", std::move(message)}};
  if (!e.field().empty()) detail["field"] = e.field();
  if (!e.problems().empty()) {
    boost::json::array details;
    for (const auto& p : e.problems())
      details.push_back({{"field", p.field}, {"message", say(p.message_key)}});
    detail["details"] = std::move(details);
    if (e.problems_left_out() > 0) detail["details_left_out"] = e.problems_left_out();
  }
  auto r = json(boost::json::object{{"error", std::move(detail)}}, e.http_status());
  if (e.retry_after() > 0) r.set_header("Retry-After", std::to_string(e.retry_after()));
  return r;
}

const char* general_error_key(int status, bool api) {
  switch (status) {
    case 401: return "web.error.sign_in";
    case 403: return "web.error.forbidden";
    case 404: return api ? "web.error.not_found_record" : "web.error.not_found";
    case 405: return "web.error.method";
    case 409: return "web.error.conflict";
    case 413: return "web.error.too_large";
    case 429: return "web.error.too_many";
    default: return status >= 500 ? "web.error.server" : "web.error.bad_request";
  }
}

std::string make_cookie(std::string_view name, std::string_view value, int max_age_seconds,
                        bool secure) {
  std::string cookie;
  cookie.reserve(name.size() + value.size() + 64);
  cookie.append(name).append("=").append(value);
  cookie.append("; Path=/; Max-Age=").append(std::to_string(max_age_seconds));
  cookie.append("; HttpOnly; SameSite=Lax");
  if (secure) cookie.append("; Secure");
  return cookie;
}

}  // namespace coproduce::http
