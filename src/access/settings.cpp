// Organisation settings: every setting a module declared, shown to officers
// with its current value (or default) and changed within its declared range.
// Each change is audited; a value equal to the default removes the row.
#include <boost/json.hpp>

#include "access/access.hpp"
#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"
#include "web/components.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::access {
namespace {

using http::Context;
using http::Response;
namespace json = boost::json;

// Parses a whole number within the setting's range; nullopt and a message key otherwise.
std::optional<std::int64_t> parse_setting(const module::Setting& s, const std::string& text,
                                          std::string& problem) {
  bool digits = !text.empty() && text.size() <= 12 && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    problem = "access.settings.error.not_a_whole_number";
    return std::nullopt;
  }
  auto value = std::stoll(text);
  if (value < s.min || value > s.max) {
    problem = "access.settings.error.out_of_range";
    return std::nullopt;
  }
  return value;
}

// Validates every given value first, then writes them all with their audit
// events in one transaction. `given` maps setting key -> text.
void change_settings(store::Database& db, const module::Registry& registry, const core::Principal& actor,
                     const std::map<std::string, std::string>& given) {
  std::vector<core::FieldProblem> problems;
  std::vector<std::pair<const module::Setting*, std::int64_t>> values;
  for (const auto& [key, text] : given) {
    const auto* setting = registry.find_setting(key);
    if (!setting) {
      problems.push_back({key, "access.settings.error.unknown"});
      continue;
    }
    std::string problem;
    if (auto value = parse_setting(*setting, text, problem)) values.emplace_back(setting, *value);
    else problems.push_back({key, problem});
  }
  if (!problems.empty()) throw core::ValidationFailed(problems);
  auto c = db.acquire();
  c->transaction([&] {
    for (const auto& [setting, value] : values) {
      auto before = registry.setting(*c, actor.organisation_id, setting->key);
      if (before == value) continue;
      c->execute("DELETE FROM organisation_settings WHERE organisation_id = $1 AND key = $2",
                 {actor.organisation_id, setting->key});
      if (value != setting->default_value)
        c->execute("INSERT INTO organisation_settings (organisation_id, key, value, updated_at) VALUES ($1, $2, $3, $4)",
                   {actor.organisation_id, setting->key, std::to_string(value), core::now_utc()});
      audit::record(*c, actor, "update", "setting", setting->key, json::object{{"value", before}},
                    json::object{{"value", value}});
    }
  });
}

Response settings_page(store::Database& db, const module::Registry& registry, Context& ctx,
                       const std::map<std::string, std::string>& posted,
                       const std::vector<core::FieldProblem>& problems) {
  auto c = db.acquire();
  std::vector<web::FieldError> summary;
  std::map<std::string, std::string> errors;
  for (const auto& p : problems) {
    errors[p.field] = i18n::t(ctx.locale, p.message_key);
    summary.push_back({p.field, errors[p.field]});
  }
  std::string title = i18n::t(ctx.locale, "access.settings.title");
  std::string html;
  if (ctx.request.query_param("saved"))
    html += web::notification_banner(ctx.locale, i18n::t(ctx.locale, "access.settings.saved"), "", true);
  html += "<h1 class=\"govuk-heading-xl\">" + web::escape(title) + "</h1>";
  html += "<form method=\"post\" action=\"/settings\" novalidate>" + web::csrf_field(ctx);
  for (const auto& s : registry.settings()) {
    auto value = posted.count(s.key) ? posted.at(s.key)
                                     : std::to_string(registry.setting(*c, ctx.principal.organisation_id, s.key));
    std::string hint = i18n::t(ctx.locale, s.hint_key) + " " +
                       i18n::t(ctx.locale, "access.settings.range",
                               {{"min", std::to_string(s.min)}, {"max", std::to_string(s.max)},
                                {"default", std::to_string(s.default_value)}});
    html += web::text_input(ctx.locale, {.id = s.key,
                                         .name = s.key,
                                         .label = i18n::t(ctx.locale, s.label_key),
                                         .hint = hint,
                                         .error = errors.count(s.key) ? errors[s.key] : "",
                                         .value = value,
                                         .autocomplete = "off",
                                         .inputmode = "numeric",
                                         .width_class = "govuk-input--width-4"});
  }
  html += web::button({i18n::t(ctx.locale, "access.settings.save"), false, "", ""}) + "</form>";
  auto r = Response::html(web::page(ctx, {title, {}, summary, "/settings"}, html), problems.empty() ? 200 : 422);
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void add_settings_routes(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  l.page(http::Method::get, "/settings", "access.manage_settings",
         [&db, &registry](Context& ctx) { return settings_page(db, registry, ctx, {}, {}); },
         "The organisation's settings");
  l.page(http::Method::post, "/settings", "access.manage_settings",
         [&db, &registry](Context& ctx) {
           std::map<std::string, std::string> given;
           for (const auto& [key, value] : ctx.request.form())
             if (registry.find_setting(key)) given[key] = value;
           try {
             change_settings(db, registry, ctx.principal, given);
           } catch (const core::ValidationFailed& e) {
             return settings_page(db, registry, ctx, given, e.problems());
           }
           return Response::redirect("/settings?saved=1");
         },
         "Change the organisation's settings from the form");
  l.api(http::Method::get, "/api/v1/settings", "access.manage_settings",
        [&db, &registry](Context& ctx) {
          auto c = db.acquire();
          json::array out;
          for (const auto& s : registry.settings())
            out.push_back({{"key", s.key},
                           {"value", registry.setting(*c, ctx.principal.organisation_id, s.key)},
                           {"default", s.default_value},
                           {"min", s.min},
                           {"max", s.max},
                           {"label", i18n::t(ctx.locale, s.label_key)}});
          auto r = Response::json(json::object{{"settings", out}});
          r.set_header("Cache-Control", "no-store");
          return r;
        },
        module::Api("The organisation's settings, each with its value, default and range")
            .returns(200, "The settings", R"({"type": "object", "properties": {"settings": {"type": "array", "items": {"type": "object"}}}})"));
  l.api(http::Method::patch, "/api/v1/settings", "access.manage_settings",
        [&db, &registry](Context& ctx) {
          json::error_code ec;
          auto body = json::parse(ctx.request.body, ec);
          if (ec || !body.is_object()) throw core::malformed("The request body must be a JSON object");
          std::map<std::string, std::string> given;
          for (const auto& [key, value] : body.as_object()) {
            if (value.is_int64()) given[std::string(key)] = std::to_string(value.as_int64());
            else if (value.is_string()) given[std::string(key)] = std::string(value.as_string());
            else given[std::string(key)] = "-";  // refused below as not a whole number
          }
          change_settings(db, registry, ctx.principal, given);
          return Response{204, {}, {}};
        },
        module::Api("Change settings: {key: whole number}, each within its range")
            .body(R"({"type": "object", "additionalProperties": {"type": "integer"}})")
            .returns(204, "Changed"));
}

}  // namespace coproduce::access
