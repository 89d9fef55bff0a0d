// Organisation settings: the organisation's names, default language and
// contact address (page and API), links to its policy pages and feedback, and
// every setting a module declared, shown to officers with its current value
// (or default) and changed within its declared range. Each change is audited;
// a setting equal to its default removes the row.
#include <boost/json.hpp>

#include "access/access.hpp"
#include "access/organisation.hpp"
#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"
#include "http/fields.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
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

std::string t(const Context& ctx, std::string_view key, const i18n::Args& args = {}) {
  return i18n::t(ctx.locale, key, args);
}
std::string h2(const Context& ctx, std::string_view key) {
  return "<h2 class=\"govuk-heading-m\">" + web::escape(t(ctx, key)) + "</h2>";
}

// The organisation's form: what was typed when it is re-shown, else what is stored.
std::string organisation_form(const Context& ctx, const OrganisationDetails& stored, const http::Fields& typed,
                              const web::FormErrors& errors) {
  auto value = [&](const char* name, const std::string& current) {
    return typed.count(name) ? typed.at(name) : current;
  };
  std::string html = h2(ctx, "access.organisation.title") +
                     "<form method=\"post\" action=\"/settings/organisation\" novalidate>" + web::csrf_field(ctx);
  html += web::text_input(ctx.locale, {.id = "name",
                                       .name = "name",
                                       .label = t(ctx, "access.organisation.name"),
                                       .hint = t(ctx, "access.organisation.name_hint"),
                                       .error = errors["name"],
                                       .value = value("name", stored.name),
                                       .autocomplete = "organization"});
  html += web::text_input(ctx.locale, {.id = "name_cy",
                                       .name = "name_cy",
                                       .label = t(ctx, "access.organisation.name_cy"),
                                       .hint = t(ctx, "access.organisation.name_cy_hint"),
                                       .error = errors["name_cy"],
                                       .value = value("name_cy", stored.name_cy),
                                       .autocomplete = "off"});
  web::Choices language;
  language.id = language.name = "default_locale";
  language.legend = t(ctx, "access.organisation.default_locale");
  language.hint = t(ctx, "access.organisation.default_locale_hint");
  language.error = errors["default_locale"];
  language.options = {{"en", "English", ""}, {"cy", "Cymraeg", ""}};
  language.selected = {value("default_locale", stored.default_locale)};
  language.small = true;
  html += web::radios(ctx.locale, language);
  html += web::text_input(ctx.locale, {.id = "contact_email",
                                       .name = "contact_email",
                                       .label = t(ctx, "access.organisation.contact_email"),
                                       .hint = t(ctx, "access.organisation.contact_email_hint"),
                                       .error = errors["contact_email"],
                                       .value = value("contact_email", stored.contact_email),
                                       .type = "email",
                                       .autocomplete = "email"});
  return html + web::button({t(ctx, "access.organisation.save"), false, "", ""}) + "</form>";
}

// Each policy page with whose text it shows in each language, and a link to change it.
std::string policies_section(const Context& ctx, store::Connection& c) {
  std::vector<web::SummaryRow> rows;
  for (auto page : kPolicyPages) {
    std::string which;
    for (const char* locale : {"en", "cy"}) {
      bool own = custom_policy(c, ctx.principal.organisation_id, page, locale).has_value();
      which += (which.empty() ? "" : "<br>") +
               web::escape(t(ctx, std::string("access.policy.language.") + locale) + ": " +
                           t(ctx, own ? "access.policy.own_text" : "access.policy.standard_text"));
    }
    auto title = t(ctx, "access.policy." + std::string(page) + ".title");
    rows.push_back({title, which + "<br><a class=\"govuk-link\" href=\"/settings/policies/" + std::string(page) +
                               "\">" + web::escape(t(ctx, "access.account.change")) +
                               "<span class=\"govuk-visually-hidden\"> " + web::escape(title) + "</span></a>"});
  }
  return h2(ctx, "access.policy.section") + "<p class=\"govuk-body\">" + web::escape(t(ctx, "access.policy.section_intro")) +
         "</p>" + web::summary_list(rows);
}

std::string feedback_section(const Context& ctx, store::Connection& c) {
  auto n = count_feedback(c, ctx.principal.organisation_id);
  return h2(ctx, "access.feedback.section") + "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/settings/feedback\">" +
         web::escape(t(ctx, "access.feedback.read", {{"count", i18n::format_number(ctx.locale, n)}})) + "</a></p>";
}

Response settings_page(store::Database& db, const module::Registry& registry, Context& ctx,
                       const std::map<std::string, std::string>& posted,
                       const std::vector<core::FieldProblem>& problems,
                       const http::Fields& organisation_typed = {}, const web::FormErrors& organisation_errors = {}) {
  auto c = db.acquire();
  std::vector<web::FieldError> summary = organisation_errors.summary;
  std::map<std::string, std::string> errors;
  for (const auto& p : problems) {
    errors[p.field] = i18n::t(ctx.locale, p.message_key);
    summary.push_back({p.field, errors[p.field]});
  }
  auto stored = organisation_details(*c, ctx.principal.organisation_id);
  if (!stored) throw core::not_found("Organisation");
  std::string title = i18n::t(ctx.locale, "access.settings.title");
  std::string html = web::done_banner(ctx);
  if (ctx.request.query_param("saved"))
    html += web::notification_banner(ctx.locale, i18n::t(ctx.locale, "access.settings.saved"), "", true);
  html += "<h1 class=\"govuk-heading-xl\">" + web::escape(title) + "</h1>";
  html += organisation_form(ctx, *stored, organisation_typed, organisation_errors);
  html += policies_section(ctx, *c) + feedback_section(ctx, *c);
  html += h2(ctx, "access.settings.levels");
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
  bool failed = !problems.empty() || !organisation_errors.empty();
  auto r = Response::html(web::page(ctx, {title, {}, summary, "/settings"}, html), failed ? 422 : 200);
  r.set_header("Cache-Control", "no-store");
  return r;
}

json::object details_json(const OrganisationDetails& o) {
  return {{"id", o.id},
          {"slug", o.slug},
          {"name", o.name},
          {"name_cy", o.name_cy},
          {"default_locale", o.default_locale},
          {"contact_email", o.contact_email}};
}

std::optional<std::string> given(const http::Fields& fields, const char* name) {
  auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return it->second;
}

OrganisationChange change_from(const http::Fields& fields) {
  return {given(fields, "name"), given(fields, "name_cy"), given(fields, "default_locale"),
          given(fields, "contact_email")};
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
  l.page(http::Method::post, "/settings/organisation", "access.manage_settings",
         [&db, &registry](Context& ctx) {
           auto form = ctx.request.form();
           http::Fields typed;
           for (const char* name : {"name", "name_cy", "default_locale", "contact_email"})
             typed[name] = web::value_of(form, name);
           try {
             change_organisation(db, ctx.principal, change_from(typed));
           } catch (const core::Error& e) {
             if (e.http_status() != 422) throw;
             return settings_page(db, registry, ctx, {}, {}, typed, web::form_errors(ctx, e, "name"));
           }
           return Response::redirect(web::with_done("/settings", "access.organisation.saved.done"));
         },
         "Change the organisation's names, default language and contact address");
  l.schema("OrganisationDetails", R"({"type": "object", "properties": {
      "id": {"type": "string"}, "slug": {"type": "string"},
      "name": {"type": "string", "description": "In English"},
      "name_cy": {"type": "string", "description": "In Welsh; empty when the English name is used"},
      "default_locale": {"type": "string", "enum": ["en", "cy"]},
      "contact_email": {"type": "string", "description": "Where feedback is sent; empty when none"}}})");
  l.api(http::Method::get, "/api/v1/organisation", module::kPublic,
        [&db](Context& ctx) {
          auto c = db.acquire();
          auto details = organisation_details(*c, ctx.principal.organisation_id);
          if (!details) throw core::not_found("Organisation");
          return Response::json(details_json(*details));
        },
        module::Api("The organisation the request acts in: its names, default language and contact address")
            .returns(200, "The organisation", "OrganisationDetails"));
  l.api(http::Method::patch, "/api/v1/organisation", "access.manage_settings",
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"name", "name_cy", "default_locale", "contact_email"});
          auto details = change_organisation(db, ctx.principal, change_from(fields));
          auto r = Response::json(details_json(details));
          r.set_header("Cache-Control", "no-store");
          return r;
        },
        module::Api("Change the organisation's names, default language or contact address; fields left out stay")
            .body(R"({"type": "object", "additionalProperties": false, "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 120},
                "name_cy": {"type": "string", "maxLength": 120, "description": "empty: the English name is used"},
                "default_locale": {"type": "string", "enum": ["en", "cy"]},
                "contact_email": {"type": "string", "description": "an email address, or empty for none"}}})")
            .returns(200, "The organisation as it now is", "OrganisationDetails"));
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
