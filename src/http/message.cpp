#include "http/message.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <vector>

#include "http/target.hpp"

namespace coproduce::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::optional<Method> to_method(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::get;
    case bhttp::verb::head:
      return Method::head;
    case bhttp::verb::post:
      return Method::post;
    case bhttp::verb::put:
      return Method::put;
    case bhttp::verb::patch:
      return Method::patch;
    case bhttp::verb::delete_:
      return Method::del;
    case bhttp::verb::options:
      return Method::options;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return lower_case(text);
}

std::optional<core::Error> framing_problem(const RawRequest& m) {
  int hosts = 0;
  std::vector<std::string> codings;
  bool has_length = false;
  for (const auto& field : m) {
    auto name = field.name_string();
    auto value = field.value();
    if (beast::iequals(name, "host")) ++hosts;
    if (beast::iequals(name, "content-length")) has_length = true;
    if (beast::iequals(name, "transfer-encoding")) {
      std::size_t start = 0;
      while (start <= value.size()) {
        auto comma = value.find(',', start);
        auto token = value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        auto coding = lower_trimmed(token.substr(0, token.find(';')));
        if (!coding.empty()) codings.push_back(coding);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    }
  }
  if (m.version() >= 11 && hosts != 1)
    return core::Error(400, "malformed", hosts == 0 ? "The Host header is missing" : "More than one Host header");
  if (codings.empty()) return std::nullopt;
  if (m.version() < 11)
    return core::Error(400, "malformed", "Transfer-Encoding is not allowed in HTTP/1.0");
  static const std::vector<std::string> known = {"chunked", "compress", "deflate", "gzip",
                                                 "identity", "x-compress", "x-gzip"};
  for (const auto& c : codings)
    if (std::find(known.begin(), known.end(), c) == known.end())
      return core::Error(501, "not_implemented", "The transfer coding '" + c + "' is not supported");
  if (codings.size() != 1 || codings.front() != "chunked")
    return core::Error(400, "malformed", "Transfer-Encoding must be exactly \"chunked\"");
  if (has_length)
    return core::Error(400, "malformed", "Transfer-Encoding and Content-Length cannot be sent together");
  return std::nullopt;
}

bool has_obsolete_folding(std::string_view header_block) {
  return header_block.find("\r\n ") != std::string_view::npos ||
         header_block.find("\r\n\t") != std::string_view::npos;
}

void to_request(RawRequest& message, std::size_t max_target_bytes, Request& request) {
  auto method = to_method(message.method());
  if (!method)
    throw core::Error(501, "not_implemented",
                      "The method " + std::string(message.method_string()) + " is not supported");
  request.method = *method;
  if (message.target().size() > max_target_bytes)
    throw core::Error(414, "target_too_long",
                      "The request target is longer than the limit of " +
                          std::to_string(max_target_bytes) + " bytes");
  decode_target(request, message.target());
  request.headers.reserve(16);
  for (const auto& field : message)
    request.headers.emplace_back(lower_case(field.name_string()), field.value());
  request.body = std::move(message.body());
}

}  // namespace coproduce::http
