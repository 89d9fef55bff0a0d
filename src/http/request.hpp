// A parsed HTTP request, free of Beast types so handlers and tests need no Asio headers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coproduce::http {

enum class Method { get, head, post, put, patch, del, options };
std::string_view to_string(Method m);

struct Request {
  Method method = Method::get;
  std::string target;  // as received: path plus query
  std::string path;    // percent-decoded path, no query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // The client: the socket's peer, or the address a trusted proxy forwarded.
  std::string remote_address;
  // Whether the client reached us over TLS (a trusted proxy said so).
  bool secure = false;

  // First value or nullopt. Header names are matched case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  // Form fields, decoded (first value wins): an application/x-www-form-urlencoded
  // body, or the text fields of a multipart/form-data one (files: multipart.hpp).
  std::map<std::string, std::string> form() const;
  // Every value of one form field, in order (checkboxes sharing a name).
  std::vector<std::string> form_values(std::string_view name) const;
  // Every form field in order, repeated names included.
  std::vector<std::pair<std::string, std::string>> form_fields() const;
  bool wants_json() const;  // path under /api/ or Accept prefers application/json
};

}  // namespace coproduce::http
