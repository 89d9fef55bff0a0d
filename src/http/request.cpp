// Lookups on a parsed Request: headers, query parameters, cookies, form fields.
#include "http/request.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "core/error.hpp"
#include "http/multipart.hpp"

namespace coproduce::http {

std::string_view to_string(Method m) {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
  }
  return "GET";
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return std::nullopt;
}

// Cookie: a=b; c=d (RFC 6265 section 5.4). Values are returned as sent, minus
// optional surrounding double quotes; every Cookie header is searched.
std::optional<std::string> Request::cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (!iequals(key, "cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto semicolon = rest.find(';');
      auto pair = trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
      auto cookie_value = trim(pair.substr(eq + 1));
      if (cookie_value.size() >= 2 && cookie_value.front() == '"' && cookie_value.back() == '"')
        cookie_value = cookie_value.substr(1, cookie_value.size() - 2);
      return std::string(cookie_value);
    }
  }
  return std::nullopt;
}

namespace {
boost::urls::params_view form_params(const std::string& body) {
  if (!boost::urls::parse_query(body))
    throw core::malformed(
        "The form body is not valid application/x-www-form-urlencoded data "
        "(malformed percent-encoding)");
  return boost::urls::params_view(body, boost::urls::encoding_opts(true));
}

// The text fields of a multipart/form-data body (files are read with
// uploaded_file()); nullopt for any other body, read as urlencoded.
std::optional<std::vector<std::pair<std::string, std::string>>> multipart_fields(const Request& request) {
  auto type = request.header("content-type");
  if (!type || !is_multipart_form(*type)) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& part : parse_multipart(*type, request.body))
    if (!part.is_file()) fields.emplace_back(part.name, std::string(part.body));
  return fields;
}
}  // namespace

std::map<std::string, std::string> Request::form() const {
  std::map<std::string, std::string> fields;
  if (body.empty()) return fields;
  if (auto multipart = multipart_fields(*this)) {
    for (auto& [key, value] : *multipart) fields.emplace(std::move(key), std::move(value));
    return fields;
  }
  for (const auto& param : form_params(body)) {
    if (param.key.empty()) continue;
    fields.emplace(param.key, param.value);  // emplace keeps the first value
  }
  return fields;
}

std::vector<std::string> Request::form_values(std::string_view name) const {
  std::vector<std::string> values;
  if (body.empty()) return values;
  if (auto multipart = multipart_fields(*this)) {
    for (auto& [key, value] : *multipart)
      if (key == name) values.push_back(std::move(value));
    return values;
  }
  for (const auto& param : form_params(body))
    if (param.key == name) values.push_back(param.value);
  return values;
}

std::vector<std::pair<std::string, std::string>> Request::form_fields() const {
  std::vector<std::pair<std::string, std::string>> fields;
  if (body.empty()) return fields;
  if (auto multipart = multipart_fields(*this)) return std::move(*multipart);
  for (const auto& param : form_params(body)) fields.emplace_back(param.key, param.value);
  return fields;
}

bool Request::wants_json() const {
  if (path.rfind("/api/", 0) == 0) return true;
  auto accept = header("accept");
  if (!accept) return false;
  // Prefers JSON when it is named before any HTML type (browsers list text/html first).
  auto json = accept->find("application/json");
  if (json == std::string::npos) return false;
  auto html = accept->find("text/html");
  return html == std::string::npos || json < html;
}

}  // namespace coproduce::http
