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
  errors.by_field[field] = error.message_is_key() ? message_for(ctx, error.what(), field) : error.what();
  errors.summary.push_back({field, errors.by_field[field]});
  return errors;
}

std::string value_of(const http::Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
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
