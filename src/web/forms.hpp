// What every form page needs: a form's problems as the GOV.UK error summary
// and per-field messages, values read back from what was sent, and the
// success banner shown after a POST-redirect-GET.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "http/fields.hpp"
#include "http/router.hpp"
#include "web/layout.hpp"

namespace coproduce::web {

// The message per field, and the summary linking to each field.
struct FormErrors {
  std::map<std::string, std::string> by_field;
  std::vector<FieldError> summary;
  std::string operator[](const std::string& field) const {
    auto it = by_field.find(field);
    return it == by_field.end() ? std::string() : it->second;
  }
  bool empty() const { return summary.empty(); }
};

// Each problem said in the page's language. A message that names its field
// wins when the catalogue has one: "<key>.<field>" ("map.error.required.name":
// "Enter the initiative's name") before "<key>" ("Enter a value for this field").
FormErrors form_errors(const http::Context& ctx, const std::vector<core::FieldProblem>& problems);
// One error met while handling a form (a localised or plain core::Error);
// `fallback_field` receives it when the error names no field.
FormErrors form_errors(const http::Context& ctx, const core::Error& error,
                       const std::string& fallback_field);

// The value of a field, "" when absent.
std::string value_of(const http::Fields& fields, const std::string& name);

// The success banner for "?done=<key>" (a catalogue key ending in ".done"),
// or "" when there is none: every action redirects to a page that says it
// happened.
std::string done_banner(const http::Context& ctx);
// `path` with "done=<key>" added to its query.
std::string with_done(std::string path, std::string_view key);

}  // namespace coproduce::web
