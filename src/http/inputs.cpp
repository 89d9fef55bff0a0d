#include "http/inputs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "core/text.hpp"
#include "http/multipart.hpp"

namespace coproduce::http {
namespace {

bool has_type(const Request& request, std::string_view type) {
  auto header = request.header("content-type");
  if (!header) return false;
  std::string lower(header->substr(0, header->find(';')));
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  return lower == type;
}

[[noreturn]] void refuse(int status, std::string_view problem, const std::string& field) {
  throw core::localised(status, "invalid", "web.error.text." + std::string(problem), field);
}

void check(std::string_view text, int status, const std::string& field) {
  if (auto problem = core::text_problem(text); !problem.empty()) refuse(status, problem, field);
}

// Walks a JSON value; `where` names the field ("items[2].name").
void check_json(const boost::json::value& value, const std::string& where) {
  if (const auto* text = value.if_string()) {
    check(*text, 422, where);
  } else if (const auto* object = value.if_object()) {
    for (const auto& [key, child] : *object) {
      std::string name = where.empty() ? std::string(key) : where + "." + std::string(key);
      check(key, 422, name);
      check_json(child, name);
    }
  } else if (const auto* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i)
      check_json((*array)[i], where + "[" + std::to_string(i) + "]");
  }
}

}  // namespace

void check_text_inputs(const Request& request) {
  check(request.path, 400, "path");
  for (const auto& [name, value] : request.query) {
    auto key = core::is_valid_utf8(name) ? name : core::valid_utf8(name);
    check(name, 400, key);
    check(value, 400, key);
  }
  if (request.body.empty()) return;
  if (has_type(request, "application/x-www-form-urlencoded")) {
    for (const auto& [name, value] : request.form_fields()) {
      auto key = core::is_valid_utf8(name) ? name : core::valid_utf8(name);
      check(name, 422, key);
      check(value, 422, key);
    }
  } else if (has_type(request, "multipart/form-data")) {
    // Text fields as above; a file's name too, but not its bytes: the route
    // that takes the file says what it must hold. A malformed body is a 400.
    for (const auto& part : multipart_parts(request)) {
      auto key = core::is_valid_utf8(part.name) ? part.name : core::valid_utf8(part.name);
      check(part.name, 422, key);
      if (part.is_file()) check(*part.filename, 422, key);
      else check(part.body, 422, key);
    }
  } else if (has_type(request, "application/json")) {
    boost::json::error_code ec;
    auto value = boost::json::parse(request.body, ec);  // refuses invalid UTF-8 itself
    if (ec) return;  // the handler answers 400 naming the parse error
    check_json(value, "");
  }
}

}  // namespace coproduce::http
