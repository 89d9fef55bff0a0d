#include "web/forms.hpp"

#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/html.hpp"

namespace coproduce::web {
namespace {

std::string message_for(const http::Context& ctx, const std::string& key, const std::string& field) {
  auto specific = key + "." + field;
  auto text = i18n::t(ctx.locale, specific);
  if (text != specific) return text;
  return i18n::t(ctx.locale, key);
}

}  // namespace

FormErrors form_errors(const http::Context& ctx, const std::vector<core::FieldProblem>& problems) {
  FormErrors errors;
  for (const auto& p : problems) {
    if (errors.by_field.count(p.field)) continue;
    errors.by_field[p.field] = message_for(ctx, p.message_key, p.field);
    errors.summary.push_back({p.field, errors.by_field[p.field]});
  }
  return errors;
}

FormErrors form_errors(const http::Context& ctx, const core::Error& error,
                       const std::string& fallback_field) {
  if (!error.problems().empty()) return form_errors(ctx, error.problems());
  auto field = error.field().empty() ? fallback_field : error.field();
  FormErrors errors;
  // A detail written in English only: other readers get the general message in their language.
  errors.by_field[field] = error.message_is_key() ? message_for(ctx, error.what(), field)
                           : ctx.locale == "en"    ? std::string(error.what())
                                                   : i18n::t(ctx.locale, http::general_error_key(
                                                                             error.http_status(), false));
  errors.summary.push_back({field, errors.by_field[field]});
  return errors;
}

std::string value_of(const http::Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

core::DateParts date_parts(const http::Fields& form, std::string_view name) {
  std::string n(name);
  return {value_of(form, n + "-day"), value_of(form, n + "-month"), value_of(form, n + "-year")};
}

core::DateReading take_date(const http::Fields& form, http::Fields& fields, const DateField& date) {
  auto typed = date_parts(form, date.name);
  fields[date.name + "-day"] = typed.day;
  fields[date.name + "-month"] = typed.month;
  fields[date.name + "-year"] = typed.year;
  auto reading = core::read_date(typed, date.rules);
  // "!" is no date: the commands name the field, and date_errors says why.
  fields[date.name] = reading.ok() ? reading.iso : reading.blank && !date.rules.required ? "" : "!";
  return reading;
}

core::DateParts date_value(const http::Fields& values, std::string_view name) {
  std::string n(name);
  if (values.count(n + "-day") || values.count(n + "-month") || values.count(n + "-year"))
    return date_parts(values, name);
  return core::parts_of(value_of(values, n));
}

std::string date_message(std::string_view locale, std::string_view label,
                         const core::DateReading& reading) {
  if (reading.ok()) return {};
  return i18n::t(locale, "web.date.error." + reading.problem,
                 {{"label", std::string(label)},
                  {"first", std::to_string(core::kFirstYear)},
                  {"last", std::to_string(core::kLastYear)}});
}

void date_errors(std::string_view locale, FormErrors& errors, const http::Fields& values,
                 const DateField& date) {
  auto it = errors.by_field.find(date.name);
  if (it == errors.by_field.end()) return;
  auto typed = date_value(values, date.name);
  auto message = date_message(locale, date.label, core::read_date(typed, date.rules));
  if (!message.empty()) it->second = message;
  for (auto& e : errors.summary)
    if (e.field_id == date.name) {
      e.field_id = date_error_target(date.name, typed);
      e.message = it->second;
    }
}

std::string done_banner(const http::Context& ctx) {
  auto key = ctx.request.query_param("done");
  if (!key || key->size() < 6 || key->size() > 100 || !key->ends_with(".done")) return {};
  auto text = i18n::t(ctx.locale, *key);
  if (text == *key) return {};
  return notification_banner(ctx.locale, text, "", true);
}

std::string with_done(std::string path, std::string_view key) {
  path += path.find('?') == std::string::npos ? '?' : '&';
  return path + "done=" + url_encode(key);
}

}  // namespace coproduce::web
