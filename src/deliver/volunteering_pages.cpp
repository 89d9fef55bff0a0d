// Volunteering's pages: the public list of opportunities (/volunteering) and
// one opportunity's page; coordinators' forms for opportunities and shifts and
// the roster of a shift; the volunteer's "my commitments" with the shift's
// iCalendar file.
#include <boost/json.hpp>

#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "deliver/page_support.hpp"
#include "deliver/timebank.hpp"
#include "deliver/volunteering_routes.hpp"
#include "i18n/i18n.hpp"
#include "map/repository.hpp"
#include "module/registry.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::deliver {
namespace {

using http::Context;
using http::Method;
using http::Response;
using web::escape;

constexpr const char* kListPath = "/volunteering";
constexpr const char* kCommitmentsPath = "/volunteering/commitments";



std::string opportunity_path(const std::string& id) { return "/volunteering/opportunities/" + id; }
std::string roster_path(const std::string& opportunity_id, const std::optional<std::string>& shift_id) {
  return shift_id ? "/volunteering/shifts/" + *shift_id + "/roster" : opportunity_path(opportunity_id) + "/roster";
}

std::string hours(const Context& ctx, std::int64_t x100) {
  return t(ctx, x100 == 100 ? "deliver.hours.one" : "deliver.hours.other", {{"hours", hours_text(x100)}});
}

// "Monday 14 December 2026, 10:00 to 13:00".
std::string when(const Context& ctx, const std::string& starts, const std::string& ends) {
  if (starts.empty()) return t(ctx, "deliver.volunteer.flexible");
  auto day = i18n::format_date(ctx.locale, starts.substr(0, 10));
  auto end = ends.substr(0, 10) == starts.substr(0, 10) ? ends.substr(11, 5)
                                                        : i18n::format_date(ctx.locale, ends.substr(0, 10)) + " " +
                                                              ends.substr(11, 5);
  return t(ctx, "deliver.volunteer.when", {{"day", day}, {"start", starts.substr(11, 5)}, {"end", end}});
}

std::string status_tag(const Context& ctx, const std::string& status) {
  const char* colour = status == "completed"                              ? "green"
                       : status == "cancelled" || status == "no_show"     ? "grey"
                       : status == "waiting"                              ? "yellow"
                       : status == "applied"                              ? "blue"
                                                                          : "turquoise";
  return web::tag(t(ctx, "deliver.volunteer.status." + status), colour);
}

std::string action_button(std::string_view label, std::string_view hidden, bool secondary) {
  return "<button type=\"submit\" class=\"govuk-button" + std::string(secondary ? " govuk-button--secondary" : "") +
         "\" data-module=\"govuk-button\">" + escape(label) + "<span class=\"govuk-visually-hidden\"> " +
         escape(hidden) + "</span></button>";
}

bool coordinates(const module::Registry& registry, const Context& ctx) {
  return registry.policy(kCoordinatePermission).allows(ctx.principal);
}

std::vector<web::Breadcrumb> crumbs(const Context& ctx) { return {{t(ctx, "deliver.volunteer.list.title"), kListPath}}; }

Response framed(const Context& ctx, const std::string& title, std::vector<web::Breadcrumb> breadcrumbs,
                const web::FormErrors& errors, const std::string& html, int status) {
  return no_store(Response::html(web::page(ctx, {title, std::move(breadcrumbs), errors.summary, kListPath}, html), status));
}

Opportunity opportunity_or_404(store::Connection& c, const Context& ctx, const std::string& id) {
  auto o = core::looks_like_id(id) ? find_opportunity(c, ctx.principal.organisation_id, id) : std::nullopt;
  if (!o) throw core::not_found("Opportunity");
  return *o;
}

// An error met on a form: its field's message and summary; 409s without a
// field go to `fallback`.
web::FormErrors errors_of(const Context& ctx, const core::Error& e, const std::string& fallback) {
  if (auto* missing = dynamic_cast<const CheckMissing*>(&e)) {
    web::FormErrors errors;
    errors.by_field[fallback] = check_missing_message(ctx.locale, *missing);
    errors.summary.push_back({fallback, errors.by_field[fallback]});
    return errors;
  }
  if (!e.problems().empty()) return web::form_errors(ctx, e.problems());
  auto errors = web::form_errors(ctx, e, fallback);
  for (auto& s : errors.summary) s.field_id = fallback;
  if (!errors.by_field.count(fallback) && !errors.summary.empty()) errors.by_field[fallback] = errors.summary[0].message;
  return errors;
}

// ---- the public list ---------------------------------------------------------------

web::DateField date_from_field(const Context& ctx) { return {"date_from", t(ctx, "deliver.volunteer.filter.date_from"), {}}; }

std::string opportunity_card(const Context& ctx, const Opportunity& o) {
  std::vector<web::SummaryRow> rows = {
      {t(ctx, "deliver.volunteer.field.initiative"), escape(o.initiative_name)},
      {t(ctx, "deliver.volunteer.field.time_asked"), escape(o.time_asked)}};
  if (!o.skills.empty()) {
    std::string skills;
    for (const auto& s : o.skills) skills += (skills.empty() ? "" : ", ") + s;
    rows.push_back({t(ctx, "deliver.volunteer.field.skills"), escape(skills)});
  }
  if (o.flexible) {
    rows.push_back({t(ctx, "deliver.volunteer.field.window"),
                    escape(t(ctx, "deliver.volunteer.window_value",
                             {{"from", i18n::format_date(ctx.locale, o.window_from)},
                              {"to", i18n::format_date(ctx.locale, o.window_to)}}))});
  } else {
    std::string next = o.shifts.empty() ? t(ctx, "deliver.volunteer.no_shifts")
                                        : when(ctx, o.shifts.front().starts_at, o.shifts.front().ends_at);
    rows.push_back({t(ctx, "deliver.volunteer.field.next_shift"), escape(next)});
  }
  return "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
         "<h2 class=\"govuk-summary-card__title\">" +
         link(opportunity_path(o.id), o.title) + "</h2></div><div class=\"govuk-summary-card__content\">" +
         web::summary_list(rows) + "</div></div>";
}

Response list_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  http::Fields query;
  for (const char* name : {"initiative_id", "skill", "date_from-day", "date_from-month", "date_from-year"})
    if (auto v = ctx.request.query_param(name)) query[name] = *v;
  http::Fields fields = query;
  auto reading = web::take_date(query, fields, date_from_field(ctx));
  std::vector<Opportunity> found;
  web::FormErrors errors;
  try {
    found = list_opportunities(*c, org, {web::value_of(fields, "initiative_id"), web::value_of(fields, "skill"),
                                         reading.ok() ? reading.iso : std::string("x")});
  } catch (const core::ValidationFailed& e) {
    errors = web::form_errors(ctx, e.problems());
    web::date_errors(ctx.locale, errors, query, date_from_field(ctx));
  }
  std::string html = web::done_banner(ctx) + h1(t(ctx, "deliver.volunteer.list.title")) +
                     para(t(ctx, "deliver.volunteer.list.intro"));
  if (ctx.principal.signed_in())
    html += "<p class=\"govuk-body\">" + link(kCommitmentsPath, t(ctx, "deliver.volunteer.commitments.title")) + "</p>";
  if (coordinates(registry, ctx)) html += web::button_link(t(ctx, "deliver.volunteer.new.title"), "/volunteering/new");
  std::vector<web::Option> initiatives = {{"", t(ctx, "deliver.volunteer.filter.any_initiative"), ""}};
  for (const auto& i : map::repo::list_initiatives(*c, org)) initiatives.push_back({i.id, i.name, ""});
  html += "<form method=\"get\" action=\"" + std::string(kListPath) + "\" novalidate>" +
          h2(t(ctx, "deliver.volunteer.filter.title")) +
          web::select(ctx.locale, {.id = "initiative_id",
                                   .name = "initiative_id",
                                   .label = t(ctx, "deliver.volunteer.field.initiative"),
                                   .error = errors["initiative_id"],
                                   .options = initiatives,
                                   .selected = web::value_of(query, "initiative_id")}) +
          web::text_input(ctx.locale, {.id = "skill",
                                       .label = t(ctx, "deliver.volunteer.filter.skill"),
                                       .hint = t(ctx, "deliver.volunteer.filter.skill_hint"),
                                       .error = errors["skill"],
                                       .value = web::value_of(query, "skill"),
                                       .width_class = "govuk-input--width-20"}) +
          web::date_input(ctx.locale, {.id = "date_from",
                                       .label = t(ctx, "deliver.volunteer.filter.date_from"),
                                       .hint = t(ctx, "deliver.volunteer.filter.date_from_hint"),
                                       .error = errors["date_from"],
                                       .value = web::date_parts(query, "date_from")}) +
          web::button({t(ctx, "deliver.volunteer.filter.submit"), true, "", ""}) + "</form>";
  html += h2(t(ctx, "deliver.volunteer.list.results", {{"count", std::to_string(found.size())}}));
  if (found.empty() && errors.empty()) html += para(t(ctx, "deliver.volunteer.list.none"));
  for (const auto& o : found) html += opportunity_card(ctx, o);
  return framed(ctx, t(ctx, "deliver.volunteer.list.title"), {}, errors, html, errors.empty() ? 200 : 422);
}

// ---- one opportunity -----------------------------------------------------------------

web::DateField shift_date_field(const Context& ctx) {
  return {"shift_date", t(ctx, "deliver.volunteer.shift.date"), {.required = true}};
}

Response opportunity_page(store::Database& db, const module::Registry& registry, Context& ctx,
                          const http::Fields& values, web::FormErrors errors, int status) {
  auto c = db.acquire();
  auto o = opportunity_or_404(*c, ctx, ctx.param("id"));
  bool coordinator = coordinates(registry, ctx);
  bool volunteer = registry.policy(kVolunteerPermission).allows(ctx.principal);
  web::date_errors(ctx.locale, errors, values, shift_date_field(ctx));
  std::string html = web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" + escape(o.initiative_name) +
                     "</span>" + h1(o.title);
  std::string skills, checks;
  for (const auto& s : o.skills) skills += (skills.empty() ? "" : ", ") + s;
  for (const auto& k : o.checks)
    checks += (checks.empty() ? "" : ", ") + t(ctx, "deliver.volunteer.check." + k);
  std::vector<web::SummaryRow> rows = {{t(ctx, "deliver.volunteer.field.what_you_do"), escape(o.what_you_do)},
                                       {t(ctx, "deliver.volunteer.field.what_you_get"), escape(o.what_you_get)},
                                       {t(ctx, "deliver.volunteer.field.time_asked"), escape(o.time_asked)},
                                       {t(ctx, "deliver.volunteer.field.skills"),
                                        escape(skills.empty() ? t(ctx, "deliver.volunteer.none_needed") : skills)},
                                       {t(ctx, "deliver.volunteer.field.checks"),
                                        escape(checks.empty() ? t(ctx, "deliver.volunteer.none_needed") : checks)}};
  if (o.flexible)
    rows.push_back({t(ctx, "deliver.volunteer.field.window"),
                    escape(t(ctx, "deliver.volunteer.window_value",
                             {{"from", i18n::format_date(ctx.locale, o.window_from)},
                              {"to", i18n::format_date(ctx.locale, o.window_to)}}))});
  html += web::summary_list(rows);
  if (!o.checks.empty()) html += web::inset_text(escape(t(ctx, "deliver.volunteer.checks_explained")));
  if (coordinator)
    html += "<p class=\"govuk-body\">" + link(opportunity_path(o.id) + "/edit", t(ctx, "deliver.volunteer.edit.link")) +
            "</p>";
  if (!errors["apply"].empty()) html += web::error_message(ctx.locale, "apply", errors["apply"]);
  html += "<div id=\"apply\">";
  if (o.flexible) {
    if (volunteer)
      html += web::form_open(ctx, opportunity_path(o.id) + "/apply") +
              web::button({t(ctx, "deliver.volunteer.apply"), false, "", ""}) + "</form>";
    if (coordinator)
      html += "<p class=\"govuk-body\">" + link(roster_path(o.id, std::nullopt), t(ctx, "deliver.volunteer.roster.link")) +
              "</p>";
  } else {
    html += h2(t(ctx, "deliver.volunteer.shifts"));
    if (o.shifts.empty()) html += para(t(ctx, "deliver.volunteer.no_shifts"));
    else {
      web::Table table;
      table.caption = t(ctx, "deliver.volunteer.shifts");
      table.headers = {t(ctx, "deliver.volunteer.shift.when"), t(ctx, "deliver.volunteer.shift.places_left"),
                       t(ctx, "deliver.settings.action")};
      table.numeric = {false, true, false};
      table.stack_on_narrow = true;
      for (const auto& s : o.shifts) {
        auto label = when(ctx, s.starts_at, s.ends_at);
        std::string action;
        if (volunteer)
          action += web::form_open(ctx, opportunity_path(o.id) + "/apply") +
                    "<input type=\"hidden\" name=\"shift_id\" value=\"" + escape(s.id) + "\">" +
                    action_button(t(ctx, "deliver.volunteer.apply"), label, false) + "</form>";
        if (coordinator) action += link(roster_path(o.id, s.id), t(ctx, "deliver.volunteer.roster.link")) ;
        auto left = s.places - s.taken;
        table.rows_html.push_back(
            {escape(label),
             escape(left > 0 ? std::to_string(left) : t(ctx, "deliver.volunteer.shift.full",
                                                       {{"waiting", std::to_string(s.waiting)}})),
             action});
      }
      html += web::table(table);
    }
  }
  html += "</div>";
  if (!volunteer && !ctx.principal.signed_in())
    html += para(t(ctx, "deliver.volunteer.sign_in_to_apply"));
  if (coordinator && !o.flexible) {
    html += h2(t(ctx, "deliver.volunteer.shift.add_title")) + web::form_open(ctx, opportunity_path(o.id) + "/shifts") +
            web::date_input(ctx.locale, {.id = "shift_date",
                                         .label = t(ctx, "deliver.volunteer.shift.date"),
                                         .error = errors["shift_date"],
                                         .value = web::date_value(values, "shift_date")}) +
            web::text_input(ctx.locale, {.id = "start_time",
                                         .label = t(ctx, "deliver.volunteer.shift.start_time"),
                                         .hint = t(ctx, "deliver.volunteer.shift.time_hint"),
                                         .error = errors["start_time"],
                                         .value = web::value_of(values, "start_time"),
                                         .width_class = "govuk-input--width-5"}) +
            web::text_input(ctx.locale, {.id = "end_time",
                                         .label = t(ctx, "deliver.volunteer.shift.end_time"),
                                         .hint = t(ctx, "deliver.volunteer.shift.time_hint"),
                                         .error = errors["end_time"],
                                         .value = web::value_of(values, "end_time"),
                                         .width_class = "govuk-input--width-5"}) +
            web::text_input(ctx.locale, {.id = "places",
                                         .label = t(ctx, "deliver.volunteer.shift.places"),
                                         .error = errors["places"],
                                         .value = web::value_of(values, "places"),
                                         .inputmode = "numeric",
                                         .width_class = "govuk-input--width-3"}) +
            web::button({t(ctx, "deliver.volunteer.shift.add"), false, "", ""}) + "</form>";
  }
  return framed(ctx, o.title, crumbs(ctx), errors, html, status);
}

Response apply_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto form = ctx.request.form();
  http::Fields fields;
  if (form.count("shift_id")) fields["shift_id"] = form.at("shift_id");
  try {
    auto c = db.acquire();
    c->transaction([&] { apply(*c, ctx.principal, ctx.param("id"), fields); });
  } catch (const core::Error& e) {
    if (e.http_status() == 404 || e.http_status() >= 500 || e.http_status() == 401) throw;
    auto errors = errors_of(ctx, e, "apply");
    for (auto& s : errors.summary) s.field_id = "apply";
    if (errors.by_field.count("shift_id")) errors.by_field["apply"] = errors.by_field["shift_id"];
    return opportunity_page(db, registry, ctx, {}, errors, e.http_status());
  }
  return Response::redirect(web::with_done(kCommitmentsPath, "deliver.volunteer.applied.done"));
}

Response add_shift_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto form = ctx.request.form();
  http::Fields values;
  for (const char* name : {"shift_date-day", "shift_date-month", "shift_date-year", "start_time", "end_time", "places"})
    if (form.count(name)) values[name] = form.at(name);
  http::Fields dated;
  auto reading = web::take_date(form, dated, shift_date_field(ctx));
  auto date = reading.ok() ? reading.iso : std::string();
  auto start = core::trimmed(web::value_of(form, "start_time"));
  auto end = core::trimmed(web::value_of(form, "end_time"));
  if (start.size() == 4 && start[1] == ':') start = "0" + start;
  if (end.size() == 4 && end[1] == ':') end = "0" + end;
  http::Fields fields{{"starts_at", start.empty() ? "" : (date.empty() ? "2000-01-01" : date) + "T" + start},
                      {"ends_at", end.empty() ? "" : (date.empty() ? "2000-01-01" : date) + "T" + end},
                      {"places", web::value_of(form, "places")}};
  std::vector<core::FieldProblem> problems;
  if (!reading.ok()) problems.push_back({"shift_date", "deliver.volunteer.error.date_invalid"});
  try {
    auto c = db.acquire();
    if (!problems.empty()) {
      // Still let the command name every other problem; nothing is written.
      try {
        c->transaction([&] {
          add_shift(*c, ctx.principal, ctx.param("id"), fields);
          throw core::ValidationFailed(problems);
        });
      } catch (const core::ValidationFailed& e) {
        for (const auto& p : e.problems())
          if (p.field != "shift_date") problems.push_back(p);
        throw core::ValidationFailed(problems);
      }
    }
    c->transaction([&] { add_shift(*c, ctx.principal, ctx.param("id"), fields); });
  } catch (const core::Error& e) {
    if (e.http_status() == 404 || e.http_status() >= 500 || e.http_status() == 403) throw;
    std::vector<core::FieldProblem> mapped;
    for (auto p : e.problems()) {
      if (p.field == "starts_at") p.field = "start_time";
      if (p.field == "ends_at") p.field = "end_time";
      if (p.message_key == "deliver.volunteer.error.datetime_invalid") p.message_key = "deliver.volunteer.error.time_invalid";
      mapped.push_back(p);
    }
    auto errors = mapped.empty() ? errors_of(ctx, e, "shift_date") : web::form_errors(ctx, mapped);
    return opportunity_page(db, registry, ctx, values, errors, e.http_status());
  }
  return Response::redirect(web::with_done(opportunity_path(ctx.param("id")), "deliver.volunteer.shift.done"));
}

// ---- the opportunity form (coordinators) ---------------------------------------------------

web::DateField window_field(const Context& ctx, const char* name) {
  return {name, t(ctx, std::string("deliver.volunteer.field.") + name), {}};
}

Response opportunity_form(store::Database& db, Context& ctx, const std::optional<std::string>& id, http::Fields values,
                          web::FormErrors errors, int status) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  if (id && values.empty()) {
    auto o = opportunity_or_404(*c, ctx, *id);
    std::string skills, checks;
    for (const auto& s : o.skills) skills += (skills.empty() ? "" : ", ") + s;
    for (const auto& k : o.checks) checks += (checks.empty() ? "" : ",") + k;
    values = {{"initiative_id", o.initiative_id}, {"title", o.title},          {"what_you_do", o.what_you_do},
              {"what_you_get", o.what_you_get},   {"time_asked", o.time_asked}, {"skills", skills},
              {"checks", checks},                 {"kind", o.flexible ? "flexible" : "shifts"},
              {"window_from", o.window_from},     {"window_to", o.window_to}};
  } else if (id) {
    opportunity_or_404(*c, ctx, *id);
  }
  for (const char* name : {"window_from", "window_to"}) web::date_errors(ctx.locale, errors, values, window_field(ctx, name));
  auto title = t(ctx, id ? "deliver.volunteer.edit.title" : "deliver.volunteer.new.title");
  std::vector<web::Option> initiatives = {{"", t(ctx, "deliver.volunteer.field.choose_initiative"), ""}};
  for (const auto& i : map::repo::list_initiatives(*c, org)) initiatives.push_back({i.id, i.name, ""});
  std::vector<web::Option> kinds;
  for (const auto& k : check_kinds()) kinds.push_back({k, t(ctx, "deliver.volunteer.check." + k), ""});
  std::vector<std::string> checked;
  for (const auto& k : check_kinds())
    if (("," + web::value_of(values, "checks") + ",").find("," + k + ",") != std::string::npos) checked.push_back(k);
  auto text = [&](const char* name, const char* hint_key, const char* width) {
    return web::text_input(ctx.locale, {.id = name,
                                        .label = t(ctx, std::string("deliver.volunteer.field.") + name),
                                        .hint = hint_key ? t(ctx, hint_key) : "",
                                        .error = errors[name],
                                        .value = web::value_of(values, name),
                                        .width_class = width});
  };
  auto area = [&](const char* name) {
    return web::textarea(ctx.locale, {.id = name,
                                      .name = name,
                                      .label = t(ctx, std::string("deliver.volunteer.field.") + name),
                                      .error = errors[name],
                                      .value = web::value_of(values, name),
                                      .rows = 4});
  };
  auto window = [&](const char* name) {
    return web::date_input(ctx.locale, {.id = name,
                                        .label = t(ctx, std::string("deliver.volunteer.field.") + name),
                                        .error = errors[name],
                                        .value = web::date_value(values, name)});
  };
  std::string html =
      h1(title) + web::form_open(ctx, id ? opportunity_path(*id) : "/volunteering/opportunities") +
      web::select(ctx.locale, {.id = "initiative_id",
                               .name = "initiative_id",
                               .label = t(ctx, "deliver.volunteer.field.initiative"),
                               .error = errors["initiative_id"],
                               .options = initiatives,
                               .selected = web::value_of(values, "initiative_id")}) +
      text("title", nullptr, "") + area("what_you_do") + area("what_you_get") +
      text("time_asked", "deliver.volunteer.field.time_asked_hint", "") +
      text("skills", "deliver.volunteer.field.skills_hint", "") +
      web::checkboxes(ctx.locale, {.id = "checks",
                                   .name = "checks",
                                   .legend = t(ctx, "deliver.volunteer.field.checks"),
                                   .hint = t(ctx, "deliver.volunteer.field.checks_hint"),
                                   .error = errors["checks"],
                                   .options = kinds,
                                   .selected = checked,
                                   .small = true}) +
      web::radios(ctx.locale, {.id = "kind",
                               .name = "kind",
                               .legend = t(ctx, "deliver.volunteer.field.kind"),
                               .error = errors["kind"],
                               .options = {{"shifts", t(ctx, "deliver.volunteer.kind.shifts"),
                                            t(ctx, "deliver.volunteer.kind.shifts_hint")},
                                           {"flexible", t(ctx, "deliver.volunteer.kind.flexible"),
                                            t(ctx, "deliver.volunteer.kind.flexible_hint")}},
                               .selected = {web::value_of(values, "kind")}}) +
      window("window_from") + window("window_to") + web::button({t(ctx, "deliver.volunteer.save"), false, "", ""}) +
      "</form>";
  return framed(ctx, title, crumbs(ctx), errors, html, status);
}

Response save_opportunity(store::Database& db, Context& ctx, const std::optional<std::string>& id) {
  auto form = ctx.request.form();
  http::Fields fields;
  for (const auto& name : opportunity_fields())
    if (name != "checks" && form.count(name)) fields[name] = form.at(name);
  std::string checks;
  for (const auto& k : ctx.request.form_values("checks")) checks += (checks.empty() ? "" : ",") + k;
  fields["checks"] = checks;
  http::Fields values = fields;
  for (const char* name : {"window_from", "window_to"}) {
    for (const char* box : {"-day", "-month", "-year"})
      if (form.count(std::string(name) + box)) values[std::string(name) + box] = form.at(std::string(name) + box);
    web::take_date(form, fields, window_field(ctx, name));
    if (fields["kind"] != "flexible" && !fields.count(name)) fields.erase(name);
  }
  std::string saved;
  try {
    auto c = db.acquire();
    saved = c->transaction([&] {
      if (id) {
        update_opportunity(*c, ctx.principal, *id, fields);
        return *id;
      }
      return create_opportunity(*c, ctx.principal, fields);
    });
  } catch (const core::Error& e) {
    if (e.http_status() == 404 || e.http_status() >= 500 || e.http_status() == 403) throw;
    return opportunity_form(db, ctx, id, values, errors_of(ctx, e, "kind"), e.http_status());
  }
  return Response::redirect(web::with_done(opportunity_path(saved), "deliver.volunteer.saved.done"));
}

// ---- the roster (coordinators) ------------------------------------------------------------------

struct RosterScope {
  Opportunity opportunity;
  std::optional<Shift> shift;
};

RosterScope scope_of(store::Connection& c, const Context& ctx, bool by_shift, const std::string& id) {
  const auto& org = ctx.principal.organisation_id;
  if (by_shift) {
    auto s = find_shift(c, org, id);
    if (!s) throw core::not_found("Shift");
    return {opportunity_or_404(c, ctx, s->opportunity_id), s};
  }
  auto o = opportunity_or_404(c, ctx, id);
  if (!o.flexible) throw core::not_found("Roster");
  return {o, std::nullopt};
}

Response roster_page(store::Database& db, Context& ctx, const RosterScope& scope, const http::Fields& values,
                     web::FormErrors errors, int status) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  const auto& o = scope.opportunity;
  std::optional<std::string> shift_id;
  if (scope.shift) shift_id = scope.shift->id;
  auto people = roster(*c, org, o.id, shift_id);
  auto title = t(ctx, "deliver.volunteer.roster.title", {{"title", o.title}});
  std::string html = web::done_banner(ctx) + h1(title);
  if (scope.shift) {
    auto s = *find_shift(*c, org, scope.shift->id);
    html += web::summary_list(
        {{t(ctx, "deliver.volunteer.shift.when"), escape(when(ctx, s.starts_at, s.ends_at))},
         {t(ctx, "deliver.volunteer.shift.places"),
          escape(t(ctx, "deliver.volunteer.roster.places_value",
                   {{"taken", std::to_string(s.taken)}, {"places", std::to_string(s.places)},
                    {"waiting", std::to_string(s.waiting)}}))},
         {t(ctx, "deliver.volunteer.roster.code"), "<strong id=\"checkin-code\">" + escape(s.checkin_code) + "</strong>"}});
    html += para(t(ctx, "deliver.volunteer.roster.code_hint"));
  }
  std::string hidden = shift_id ? "<input type=\"hidden\" name=\"shift_id\" value=\"" + escape(*shift_id) + "\">" : "";
  auto back = "<input type=\"hidden\" name=\"back\" value=\"" + escape(roster_path(o.id, shift_id)) + "\">";
  if (!errors["people"].empty()) html += web::error_message(ctx.locale, "people", errors["people"]);
  html += "<div id=\"people\">" + h2(t(ctx, "deliver.volunteer.roster.people"));
  if (people.empty()) html += para(t(ctx, "deliver.volunteer.roster.nobody"));
  else {
    web::Table table;
    table.caption = t(ctx, "deliver.volunteer.roster.people");
    table.headers = {t(ctx, "deliver.volunteer.roster.name"), t(ctx, "deliver.volunteer.roster.status"),
                     t(ctx, "deliver.settings.action")};
    table.stack_on_narrow = true;
    table.first_cell_is_header = true;
    for (const auto& a : people) {
      std::string action;
      auto act = [&](const char* path, const char* key, bool secondary) {
        action += web::form_open(ctx, "/volunteering/assignments/" + a.id + "/" + path) + back +
                  action_button(t(ctx, key), a.person_name, secondary) + "</form>";
      };
      if (a.status == "applied") act("approve", "deliver.volunteer.roster.approve", false);
      if (a.status == "approved" || a.status == "confirmed") act("check-in", "deliver.volunteer.roster.check_in", true);
      if (a.status == "applied" || a.status == "waiting" || a.status == "approved" || a.status == "confirmed")
        act("cancel", "deliver.volunteer.cancel", true);
      std::string state = status_tag(ctx, a.status);
      if (a.logged_hours_x100)
        state += " " + escape(t(ctx, "deliver.volunteer.roster.logged", {{"hours", hours(ctx, *a.logged_hours_x100)}}));
      if (a.verified_hours_x100) state += " " + escape(hours(ctx, *a.verified_hours_x100));
      table.rows_html.push_back({escape(a.person_name), state, action});
    }
    html += web::table(table);
  }
  html += "</div>";

  // Attendance and hours, one form for everyone still open.
  std::string rows;
  auto default_hours = scope.shift ? hours_text(duration_x100(scope.shift->starts_at, scope.shift->ends_at)) : "";
  for (const auto& a : people) {
    if (a.status != "approved" && a.status != "confirmed" && a.status != "checked_in") continue;
    auto outcome = "outcome_" + a.id, hours_name = "hours_" + a.id;
    auto typed = values.count(hours_name) ? web::value_of(values, hours_name)
                 : a.logged_hours_x100   ? hours_text(*a.logged_hours_x100)
                                         : default_hours;
    rows += "<div class=\"govuk-form-group\"><h3 class=\"govuk-heading-s\">" + escape(a.person_name) + "</h3>" +
            web::radios(ctx.locale, {.id = outcome,
                                     .name = outcome,
                                     .legend = t(ctx, "deliver.volunteer.verify.outcome", {{"name", a.person_name}}),
                                     .error = errors[outcome],
                                     .options = {{"completed", t(ctx, "deliver.volunteer.verify.completed"), ""},
                                                 {"no_show", t(ctx, "deliver.volunteer.verify.no_show"), ""},
                                                 {"", t(ctx, "deliver.volunteer.verify.later"), ""}},
                                     .selected = {values.count(outcome) ? web::value_of(values, outcome) : ""},
                                     .inline_items = true,
                                     .small = true}) +
            web::text_input(ctx.locale, {.id = hours_name,
                                         .label = t(ctx, "deliver.volunteer.verify.hours", {{"name", a.person_name}}),
                                         .error = errors[hours_name],
                                         .value = typed,
                                         .inputmode = "decimal",
                                         .width_class = "govuk-input--width-4"}) +
            "</div>";
  }
  if (!rows.empty())
    html += h2(t(ctx, "deliver.volunteer.verify.title")) + para(t(ctx, "deliver.volunteer.verify.intro")) +
            web::form_open(ctx, opportunity_path(o.id) + "/roster/verify") + hidden + rows +
            web::button({t(ctx, "deliver.volunteer.verify.submit"), false, "", ""}) + "</form>";

  // Assign a member.
  // By email address: a list of every member would be 10,000 options long.
  html += h2(t(ctx, "deliver.volunteer.assign.title")) + web::form_open(ctx, opportunity_path(o.id) + "/roster/assign") +
          hidden +
          web::text_input(ctx.locale, {.id = "person_id",
                                       .name = "email",
                                       .label = t(ctx, "deliver.volunteer.assign.person"),
                                       .hint = t(ctx, "deliver.volunteer.assign.person_hint"),
                                       .error = errors["person_id"],
                                       .value = web::value_of(values, "email"),
                                       .type = "email",
                                       .autocomplete = "off"}) +
          web::button({t(ctx, "deliver.volunteer.assign.submit"), true, "", ""}) + "</form>";
  // Message everyone with a place.
  html += h2(t(ctx, "deliver.volunteer.message.title")) + para(t(ctx, "deliver.volunteer.message.intro")) +
          web::form_open(ctx, opportunity_path(o.id) + "/roster/message") + hidden +
          web::textarea(ctx.locale, {.id = "message",
                                     .name = "message",
                                     .label = t(ctx, "deliver.volunteer.message.label"),
                                     .error = errors["message"],
                                     .value = web::value_of(values, "message"),
                                     .rows = 4}) +
          web::button({t(ctx, "deliver.volunteer.message.submit"), true, "", ""}) + "</form>";
  return framed(ctx, title, {crumbs(ctx)[0], {o.title, opportunity_path(o.id)}}, errors, html, status);
}

Response roster_post(store::Database& db, const module::Registry& registry, Context& ctx, const std::string& action) {
  auto form = ctx.request.form();
  auto c = db.acquire();
  auto o = opportunity_or_404(*c, ctx, ctx.param("id"));
  auto shift_id = web::value_of(form, "shift_id");
  RosterScope scope{o, std::nullopt};
  if (!o.flexible) {
    auto s = find_shift(*c, ctx.principal.organisation_id, shift_id);
    if (!s || s->opportunity_id != o.id) throw core::not_found("Shift");
    scope.shift = s;
  }
  std::optional<std::string> sid;
  if (scope.shift) sid = scope.shift->id;
  http::Fields fields;
  for (const auto& [name, v] : form)
    if (name.starts_with("outcome_") || name.starts_with("hours_") || name == "email" || name == "message")
      fields[name] = v;
  std::string done;
  try {
    c->transaction([&] {
      if (action == "verify") {
        verify_in_bulk(*c, registry, ctx.principal, o.id, sid, fields);
        done = "deliver.volunteer.verify.done";
      } else if (action == "assign") {
        auto email = core::trimmed(web::value_of(fields, "email"));
        if (email.empty())
          throw core::ValidationFailed(std::vector<core::FieldProblem>{{"person_id", "deliver.volunteer.error.email_required"}});
        auto member = c->query_one("SELECT a.id FROM accounts a JOIN memberships m ON m.account_id = a.id "
                                   "AND m.organisation_id = $1 WHERE lower(a.email) = lower($2)",
                                   {ctx.principal.organisation_id, email});
        if (!member)
          throw core::ValidationFailed(std::vector<core::FieldProblem>{{"person_id", "deliver.volunteer.error.email_unknown"}});
        http::Fields f{{"person_id", member->text(0)}};
        if (sid) f["shift_id"] = *sid;
        assign(*c, registry, ctx.principal, o.id, f);
        done = "deliver.volunteer.assign.done";
      } else {
        message_people(*c, ctx.principal, o.id, sid, {{"message", web::value_of(fields, "message")}});
        done = "deliver.volunteer.message.done";
      }
    });
  } catch (const core::Error& e) {
    if (e.http_status() == 404 || e.http_status() >= 500 || e.http_status() == 403) throw;
    c.reset();
    return roster_page(db, ctx, scope, fields, errors_of(ctx, e, action == "assign" ? "person_id" : "people"),
                       e.http_status());
  }
  return Response::redirect(web::with_done(roster_path(o.id, sid), done));
}

// ---- an assignment's steps, from the roster or the commitments page -----------------------------

Response commitments_page(store::Database& db, Context& ctx, const http::Fields& values, web::FormErrors errors,
                          int status);

Response step_post(store::Database& db, const module::Registry& registry, Context& ctx, const std::string& step) {
  auto form = ctx.request.form();
  auto id = ctx.param("id");
  auto back = web::value_of(form, "back");
  bool to_roster = back.starts_with("/volunteering/") && back.find("/roster") != std::string::npos &&
                   back.find("//") == std::string::npos;
  std::string done = "deliver.volunteer.step." + step + ".done";
  try {
    auto c = db.acquire();
    c->transaction([&] {
      const auto& me = ctx.principal;
      if (step == "approve") approve(*c, registry, me, id);
      else if (step == "confirm") confirm_assignment(*c, me, id);
      else if (step == "check-in") check_in(*c, me, id, web::value_of(form, "code"));
      else if (step == "log-hours") log_hours(*c, me, id, web::value_of(form, "hours"));
      else cancel(*c, registry, me, id);
    });
  } catch (const core::Error& e) {
    if (e.http_status() == 404 || e.http_status() >= 500 || e.http_status() == 403) throw;
    if (to_roster) {
      auto c = db.acquire();
      auto a = find_assignment(*c, ctx.principal.organisation_id, id);
      auto o = opportunity_or_404(*c, ctx, a->opportunity_id);
      RosterScope scope{o, a->shift_id ? find_shift(*c, ctx.principal.organisation_id, *a->shift_id) : std::nullopt};
      c.reset();
      return roster_page(db, ctx, scope, {}, errors_of(ctx, e, "people"), e.http_status());
    }
    // On the commitments page each assignment's fields carry its id.
    auto errors = errors_of(ctx, e, "commitment-" + id);
    web::FormErrors mine;
    for (auto s : errors.summary) {
      auto field = s.field_id == "code" || s.field_id == "hours" ? s.field_id + "-" + id : "commitment-" + id;
      mine.by_field[field] = s.message;
      s.field_id = field;
      mine.summary.push_back(s);
    }
    http::Fields values;
    if (form.count("code")) values["code-" + id] = form.at("code");
    if (form.count("hours")) values["hours-" + id] = form.at("hours");
    return commitments_page(db, ctx, values, mine, e.http_status());
  }
  return Response::redirect(web::with_done(to_roster ? back : kCommitmentsPath, done));
}

// ---- my commitments ---------------------------------------------------------------------------

Response commitments_page(store::Database& db, Context& ctx, const http::Fields& values, web::FormErrors errors,
                          int status) {
  auto c = db.acquire();
  auto mine = commitments(*c, ctx.principal.organisation_id, ctx.principal.account_id);
  auto title = t(ctx, "deliver.volunteer.commitments.title");
  std::string html = web::done_banner(ctx) + h1(title) + para(t(ctx, "deliver.volunteer.commitments.intro"));
  if (mine.empty())
    html += para(t(ctx, "deliver.volunteer.commitments.none")) + "<p class=\"govuk-body\">" +
            link(kListPath, t(ctx, "deliver.volunteer.commitments.find")) + "</p>";
  for (const auto& a : mine) {
    auto label = when(ctx, a.starts_at, a.ends_at);
    auto heading = a.opportunity_title + (a.starts_at.empty() ? "" : ": " + label);
    std::string body = web::summary_list(
        {{t(ctx, "deliver.volunteer.shift.when"), escape(label)},
         {t(ctx, "deliver.volunteer.roster.status"), status_tag(ctx, a.status)}});
    auto commitment_error = errors["commitment-" + a.id];
    if (!commitment_error.empty())
      body += "<div id=\"commitment-" + escape(a.id) + "\">" +
              web::error_message(ctx.locale, "commitment-" + a.id, commitment_error) + "</div>";
    auto post = [&](const char* step, const char* key, bool secondary) {
      return web::form_open(ctx, "/volunteering/assignments/" + a.id + "/" + step) +
             action_button(t(ctx, key), heading, secondary) + "</form>";
    };
    std::string actions;
    if (a.status == "approved") actions += post("confirm", "deliver.volunteer.confirm", false);
    if (a.status == "confirmed" && a.shift_id)
      body += web::form_open(ctx, "/volunteering/assignments/" + a.id + "/check-in") +
              "<input type=\"hidden\" name=\"id\" value=\"" + escape(a.id) + "\">" +
              web::text_input(ctx.locale, {.id = "code-" + a.id,
                                           .name = "code",
                                           .label = t(ctx, "deliver.volunteer.check_in.code", {{"title", heading}}),
                                           .hint = t(ctx, "deliver.volunteer.check_in.hint"),
                                           .error = errors["code-" + a.id],
                                           .value = web::value_of(values, "code-" + a.id),
                                           .autocomplete = "off",
                                           .width_class = "govuk-input--width-5"}) +
              web::button({t(ctx, "deliver.volunteer.check_in.submit"), false, "", ""}) + "</form>";
    if (!a.shift_id && (a.status == "confirmed" || a.status == "checked_in"))
      body += web::form_open(ctx, "/volunteering/assignments/" + a.id + "/log-hours") +
              web::text_input(ctx.locale, {.id = "hours-" + a.id,
                                           .name = "hours",
                                           .label = t(ctx, "deliver.volunteer.log.hours", {{"title", a.opportunity_title}}),
                                           .hint = a.logged_hours_x100
                                                       ? t(ctx, "deliver.volunteer.log.logged",
                                                           {{"hours", hours(ctx, *a.logged_hours_x100)}})
                                                       : t(ctx, "deliver.hours_hint"),
                                           .error = errors["hours-" + a.id],
                                           .value = web::value_of(values, "hours-" + a.id),
                                           .inputmode = "decimal",
                                           .width_class = "govuk-input--width-4"}) +
              web::button({t(ctx, "deliver.volunteer.log.submit"), false, "", ""}) + "</form>";
    if (a.verified_hours_x100)
      body += para(t(ctx, "deliver.volunteer.commitments.verified", {{"hours", hours(ctx, *a.verified_hours_x100)}}));
    if (a.status == "waiting") body += para(t(ctx, "deliver.volunteer.commitments.waiting"));
    if (a.status == "applied") body += para(t(ctx, "deliver.volunteer.commitments.applied"));
    if (a.status == "applied" || a.status == "waiting" || a.status == "approved" || a.status == "confirmed")
      actions += post("cancel", "deliver.volunteer.cancel", true);
    if (!actions.empty()) body += "<div class=\"govuk-button-group\">" + actions + "</div>";
    if (a.shift_id)
      body += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/volunteering/assignments/" + escape(a.id) +
              "/calendar.ics\" download>" + escape(t(ctx, "deliver.volunteer.calendar")) +
              "<span class=\"govuk-visually-hidden\"> " + escape(heading) + "</span></a></p>";
    html += "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
            "<h2 class=\"govuk-summary-card__title\">" +
            link(opportunity_path(a.opportunity_id), heading) + "</h2></div><div class=\"govuk-summary-card__content\">" +
            body + "</div></div>";
  }
  return framed(ctx, title, crumbs(ctx), errors, html, status);
}

Response calendar_file(store::Database& db, const module::Registry& registry, Context& ctx, const std::string& host) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto a = core::looks_like_id(ctx.param("id")) ? find_assignment(*c, org, ctx.param("id")) : std::nullopt;
  if (!a || !a->shift_id || (a->person_id != ctx.principal.account_id && !coordinates(registry, ctx)))
    throw core::not_found("Assignment");
  auto o = *find_opportunity(*c, org, a->opportunity_id);
  auto s = *find_shift(*c, org, *a->shift_id);
  auto r = Response::text(shift_calendar(o, s, host), "text/calendar; charset=utf-8");
  r.set_header("Content-Disposition", "attachment; filename=\"shift-" + s.starts_at.substr(0, 10) + ".ics\"");
  return no_store(r);
}

}  // namespace

void add_volunteering_pages(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  std::string host = l.environment().public_url;
  if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  if (auto p = host.find('/'); p != std::string::npos) host = host.substr(0, p);
  if (host.empty()) host = "coproduce.invalid";

  l.page(Method::get, kListPath, module::kPublic, [&db, &registry](Context& ctx) { return list_page(db, registry, ctx); },
         "Volunteering opportunities, with filters (initiative, skill, date from)");
  l.page(Method::get, "/volunteering/opportunities/{id}", module::kPublic,
         [&db, &registry](Context& ctx) { return opportunity_page(db, registry, ctx, {}, {}, 200); },
         "One volunteering opportunity: the role, checks, shifts and places left, and applying");
  l.page(Method::get, "/volunteering/new", kCoordinatePermission,
         [&db](Context& ctx) { return opportunity_form(db, ctx, std::nullopt, {{"kind", "shifts"}}, {}, 200); },
         "The form to create a volunteering opportunity");
  l.page(Method::post, "/volunteering/opportunities", kCoordinatePermission,
         [&db](Context& ctx) { return save_opportunity(db, ctx, std::nullopt); },
         "Create a volunteering opportunity from the form");
  l.page(Method::get, "/volunteering/opportunities/{id}/edit", kCoordinatePermission,
         [&db](Context& ctx) { return opportunity_form(db, ctx, ctx.param("id"), {}, {}, 200); },
         "The form to change a volunteering opportunity");
  l.page(Method::post, "/volunteering/opportunities/{id}", kCoordinatePermission,
         [&db](Context& ctx) { return save_opportunity(db, ctx, ctx.param("id")); },
         "Change a volunteering opportunity from the form");
  l.page(Method::post, "/volunteering/opportunities/{id}/shifts", kCoordinatePermission,
         [&db, &registry](Context& ctx) { return add_shift_page(db, registry, ctx); },
         "Add a shift to an opportunity from the form");
  l.page(Method::post, "/volunteering/opportunities/{id}/apply", kVolunteerPermission,
         [&db, &registry](Context& ctx) { return apply_page(db, registry, ctx); },
         "Apply for a shift or a flexible opportunity");
  l.page(Method::get, "/volunteering/shifts/{id}/roster", kCoordinatePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           auto scope = scope_of(*c, ctx, true, ctx.param("id"));
           c.reset();
           return roster_page(db, ctx, scope, {}, {}, 200);
         },
         "A shift's roster: people and status, approvals, attendance and hours, assigning, a message");
  l.page(Method::get, "/volunteering/opportunities/{id}/roster", kCoordinatePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           auto scope = scope_of(*c, ctx, false, ctx.param("id"));
           c.reset();
           return roster_page(db, ctx, scope, {}, {}, 200);
         },
         "A flexible opportunity's roster: people, logged hours to verify, assigning, a message");
  for (const char* action : {"verify", "assign", "message"})
    l.page(Method::post, std::string("/volunteering/opportunities/{id}/roster/") + action, kCoordinatePermission,
           [&db, &registry, action = std::string(action)](Context& ctx) { return roster_post(db, registry, ctx, action); },
           std::string(action) == "verify"   ? "Take attendance and verify hours for a roster (one form)"
           : std::string(action) == "assign" ? "Put a member on a shift or a flexible opportunity"
                                             : "Message everyone with a place, by email");
  l.page(Method::post, "/volunteering/assignments/{id}/approve", kCoordinatePermission,
         [&db, &registry](Context& ctx) { return step_post(db, registry, ctx, "approve"); },
         "Approve an application (a place, or the waiting list)");
  for (const char* step : {"confirm", "check-in", "log-hours", "cancel"})
    l.page(Method::post, std::string("/volunteering/assignments/{id}/") + step, kVolunteerPermission,
           [&db, &registry, step = std::string(step)](Context& ctx) { return step_post(db, registry, ctx, step); },
           std::string(step) == "confirm"     ? "Confirm your approved place"
           : std::string(step) == "check-in"  ? "Check in with the shift's code (coordinators: without one)"
           : std::string(step) == "log-hours" ? "Log hours given on flexible work"
                                              : "Cancel a place or an application");
  l.page(Method::get, kCommitmentsPath, kVolunteerPermission,
         [&db](Context& ctx) { return commitments_page(db, ctx, {}, {}, 200); },
         "My commitments: upcoming shifts, checking in, logging hours, cancelling, calendar files");
  l.page(Method::get, "/volunteering/assignments/{id}/calendar.ics", kVolunteerPermission,
         [&db, &registry, host](Context& ctx) { return calendar_file(db, registry, ctx, host); },
         "A shift as an iCalendar file (text/calendar)");
  l.page(Method::get, "/volunteering/assignments/{id}", kVolunteerPermission,
         [&db, &registry](Context& ctx) {
           auto c = db.acquire();
           auto a = core::looks_like_id(ctx.param("id")) ? find_assignment(*c, ctx.principal.organisation_id, ctx.param("id"))
                                                         : std::nullopt;
           if (!a || (a->person_id != ctx.principal.account_id && !coordinates(registry, ctx)))
             throw core::not_found("Assignment");
           if (a->person_id == ctx.principal.account_id) return Response::redirect(kCommitmentsPath);
           return Response::redirect(roster_path(a->opportunity_id, a->shift_id));
         },
         "An assignment: its roster (coordinators) or your commitments");
  l.nav({kListPath, "deliver.volunteer.nav", module::kPublic, 61});
}

}  // namespace coproduce::deliver
