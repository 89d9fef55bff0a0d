// What a handler returns. Helpers build the common shapes; security headers
// (CSP, nosniff, frame-ancestors) are added by the server to every response.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace coproduce::http {

// Says a message-catalogue key in the request's language (set by the app).
using Translate = std::function<std::string(const std::string& key)>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& set_header(std::string name, std::string value);
  std::optional<std::string> header(std::string_view name) const;

  static Response json(const boost::json::value& body, int status = 200);
  static Response html(std::string body, int status = 200);
  static Response text(std::string body, std::string content_type = "text/plain; charset=utf-8",
                       int status = 200);
  // 303 See Other: POST-redirect-GET.
  static Response redirect(std::string location);
  // {"error": {"code", "message", "field", "details"}} with the error's
  // status; messages that are catalogue keys go through `translate`. A message
  // written only in English is replaced by `translate(general_key)` when a
  // general key is given (a reader of another language).
  static Response error(const core::Error& e, const Translate& translate = {},
                        const std::string& general_key = {});
};

// The catalogue key of the general message for an error status: the heading of
// an error page, and what an API answer in another language than English says
// when the error's own message exists in English only.
const char* general_error_key(int status, bool api);

// Cookie attributes: always HttpOnly and SameSite=Lax; Secure when served behind TLS.
std::string make_cookie(std::string_view name, std::string_view value, int max_age_seconds,
                        bool secure);

}  // namespace coproduce::http
