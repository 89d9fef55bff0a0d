// What every form page needs: a form's problems as the GOV.UK error summary
// and per-field messages, values read back from what was sent, and the
// success banner shown after a POST-redirect-GET.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/dates.hpp"
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

// ---- dates: the GOV.UK date input ------------------------------------------
// A form reads its dates with these, and the JSON API keeps YYYY-MM-DD: the
// commands behind both check the same YYYY-MM-DD text.

// A date a form asks for: its name (its boxes are "<name>-day", "<name>-month",
// "<name>-year"), its label in the page's language (its messages start with
// it) and what it must be.
struct DateField {
  std::string name{};
  std::string label{};
  core::DateRules rules{};
};
// The three boxes as sent (a posted form, or a GET form's query).
core::DateParts date_parts(const http::Fields& form, std::string_view name);
// Reads a date from `form` into `fields` for the commands: the boxes as typed
// (to show again) and fields[name] as YYYY-MM-DD, "" when all three are blank,
// or a value no date check accepts when the boxes are wrong, so that the
// commands refuse the form (naming every other problem too) and write nothing.
core::DateReading take_date(const http::Fields& form, http::Fields& fields, const DateField& date);
// What the boxes show: what was typed when `values` has it, else the stored
// YYYY-MM-DD values[name] in three parts.
core::DateParts date_value(const http::Fields& values, std::string_view name);
// The GOV.UK message for a reading's problem, naming the date ("" when none):
// "Date of the contribution must include a month".
std::string date_message(std::string_view locale, std::string_view label,
                         const core::DateReading& reading);
// When `errors` has a problem for the date: the message for what was typed
// (when the boxes are wrong) replaces what the commands said of fields[name],
// and the error summary links to the first box in error.
void date_errors(std::string_view locale, FormErrors& errors, const http::Fields& values,
                 const DateField& date);

// The success banner for "?done=<key>" (a catalogue key ending in ".done"),
// or "" when there is none: every action redirects to a page that says it
// happened.
std::string done_banner(const http::Context& ctx);
// `path` with "done=<key>" added to its query.
std::string with_done(std::string path, std::string_view key);

}  // namespace coproduce::web
