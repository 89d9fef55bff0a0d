#include "http/fields.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "core/error.hpp"

namespace coproduce::http {
namespace {

// The shortest text that reads back as the same double: 2.5 -> "2.5" (the
// decimal the client wrote, for every value with few significant digits).
std::string shortest_decimal(double value) {
  char buffer[400];  // fixed notation of the largest double needs 309 digits
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return std::string(buffer, result.ptr);
}

}  // namespace

Fields fields_from_json(std::string_view body, const std::vector<std::string>& allowed) {
  boost::json::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (ec) throw core::malformed("The request body is not valid JSON");
  if (!parsed.is_object()) throw core::malformed("The request body must be a JSON object");
  Fields fields;
  std::vector<core::FieldProblem> problems;
  for (const auto& [key, value] : parsed.as_object()) {
    std::string name(key);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      problems.push_back({name, "web.error.field.unknown"});
      continue;
    }
    if (value.is_string()) fields[name] = std::string(value.as_string());
    else if (value.is_int64()) fields[name] = std::to_string(value.as_int64());
    else if (value.is_uint64()) fields[name] = std::to_string(value.as_uint64());
    else if (value.is_double()) fields[name] = shortest_decimal(value.as_double());
    else if (value.is_bool()) fields[name] = value.as_bool() ? "true" : "false";
    else if (!value.is_null()) problems.push_back({name, "web.error.field.wrong_type"});
  }
  if (!problems.empty()) throw core::ValidationFailed(problems);
  return fields;
}

}  // namespace coproduce::http
