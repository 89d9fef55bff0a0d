// The pages of safeguarding checks: the register (/safeguarding), a person's
// checks, the forms to record a check, a status check and the sight of the
// original, the renewal report, and (officers) the safeguarding leads.
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "deliver/page_support.hpp"
#include "deliver/safeguarding.hpp"
#include "i18n/i18n.hpp"
#include "module/module.hpp"
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

constexpr const char* kRegisterPath = "/safeguarding";
constexpr const char* kNewCheckPath = "/safeguarding/checks/new";
constexpr const char* kReportPath = "/safeguarding/report";
constexpr const char* kLeadsPath = "/safeguarding/leads";

using Key = std::shared_ptr<const CertificateKey>;



std::string date_text(const Context& ctx, const std::string& iso) { return i18n::format_date(ctx.locale, iso); }

std::vector<web::Breadcrumb> crumbs(const Context& ctx) {
  return {{t(ctx, "deliver.safeguarding.register.title"), kRegisterPath}};
}

std::string kind_label(const Context& ctx, const std::string& kind) {
  return t(ctx, "deliver.safeguarding.kind." + kind);
}

std::string status_tag(const Context& ctx, const std::string& status) {
  const char* colour = status == "valid"         ? "green"
                       : status == "renewal_due" ? "yellow"
                       : status == "expired"     ? "red"
                       : status == "suspended"   ? "red"
                                                 : "blue";
  return web::tag(t(ctx, "deliver.safeguarding.status." + status), colour);
}

std::vector<web::Option> kind_options(const Context& ctx) {
  std::vector<web::Option> out;
  for (const char* k : {"dbs_basic", "dbs_standard", "dbs_enhanced", "dbs_enhanced_children", "dbs_enhanced_adults",
                        "dbs_enhanced_both", "access_ni", "pvg", "training"})
    out.push_back({k, kind_label(ctx, k), ""});
  return out;
}

web::DateField issued_field(const Context& ctx) {
  return {"issued_on", t(ctx, "deliver.safeguarding.check.issued_on"), {.required = true, .latest = core::today_utc()}};
}
web::DateField seen_field(const Context& ctx, bool required) {
  return {"seen_on", t(ctx, "deliver.safeguarding.check.seen_on"), {.required = required, .latest = core::today_utc()}};
}
web::DateField checked_field(const Context& ctx) {
  return {"checked_on", t(ctx, "deliver.safeguarding.status_check.checked_on"),
          {.required = true, .latest = core::today_utc()}};
}

// A lead's page: the designation checked after the route's policy, and the view logged.
template <class F>
Response as_lead(store::Database& db, Context& ctx, std::string_view what, const std::string& person, F&& render) {
  auto c = db.acquire();
  return c->transaction([&] {
    require_lead(*c, ctx.principal);
    if (!what.empty()) log_view(*c, ctx.principal, what, person);
    return render(*c);
  });
}

std::string checks_table(const Context& ctx, const std::vector<Check>& checks, const std::string& caption,
                         bool with_person) {
  web::Table table;
  table.caption = caption;
  if (with_person) table.headers.push_back(t(ctx, "deliver.safeguarding.check.person"));
  for (const char* h : {"deliver.safeguarding.check.kind", "deliver.safeguarding.check.number",
                        "deliver.safeguarding.check.recheck_on", "deliver.safeguarding.check.status"})
    table.headers.push_back(t(ctx, h));
  table.first_cell_is_header = with_person;
  table.stack_on_narrow = true;
  for (const auto& k : checks) {
    std::vector<std::string> row;
    if (with_person)
      row.push_back(link(std::string(kRegisterPath) + "/people/" + k.person_id, k.person_name));
    row.push_back(escape(kind_label(ctx, k.kind)));
    row.push_back("<span class=\"govuk-!-font-family-tabular\">" + escape(k.masked_number) + "</span>");
    row.push_back(escape(date_text(ctx, k.recheck_on)));
    row.push_back(status_tag(ctx, k.status));
    table.rows_html.push_back(std::move(row));
  }
  return web::table(table);
}

// ---- the register ---------------------------------------------------------------------------

Response register_page(store::Database& db, const module::Registry& registry, const Key& key, Context& ctx) {
  return as_lead(db, ctx, "register", "", [&](store::Connection& c) {
    auto title = t(ctx, "deliver.safeguarding.register.title");
    std::string html = web::done_banner(ctx) + h1(title) + para(t(ctx, "deliver.safeguarding.register.intro"));
    html += "<ul class=\"govuk-list\"><li>" + link(kNewCheckPath, t(ctx, "deliver.safeguarding.new.title")) +
            "</li><li>" + link(kReportPath, t(ctx, "deliver.safeguarding.report.title")) + "</li>";
    if (registry.policy(kLeadsPermission).allows(ctx.principal))
      html += "<li>" + link(kLeadsPath, t(ctx, "deliver.safeguarding.leads.title")) + "</li>";
    html += "</ul>";
    auto checks = checks_of(c, *key, ctx.principal.organisation_id, "", core::today_utc());
    if (checks.empty()) html += para(t(ctx, "deliver.safeguarding.register.none"));
    else html += checks_table(ctx, checks, title, true);
    return no_store(Response::html(web::page(ctx, {title, {}, {}, kRegisterPath}, html)));
  });
}

Response person_page(store::Database& db, const Key& key, Context& ctx) {
  const auto person = ctx.param("id");
  return as_lead(db, ctx, "", "", [&](store::Connection& c) {
    const auto& org = ctx.principal.organisation_id;
    auto name = member_name(c, org, person);  // 404 before anything is logged about someone else's id
    log_view(c, ctx.principal, "person", person);
    auto title = t(ctx, "deliver.safeguarding.person.title", {{"name", name}});
    std::string html = web::done_banner(ctx) + h1(title);
    auto checks = checks_of(c, *key, org, person, core::today_utc());
    if (checks.empty()) html += para(t(ctx, "deliver.safeguarding.person.none"));
    for (const auto& k : checks) {
      auto heading = kind_label(ctx, k.kind);
      std::vector<web::SummaryRow> rows = {
          {t(ctx, "deliver.safeguarding.check.status"), status_tag(ctx, k.status)},
          {t(ctx, "deliver.safeguarding.check.number"),
           "<span class=\"govuk-!-font-family-tabular\">" + escape(k.masked_number) + "</span>"},
          {t(ctx, "deliver.safeguarding.check.issued_on"), escape(date_text(ctx, k.issued_on))},
          {t(ctx, "deliver.safeguarding.check.update_service"),
           escape(t(ctx, k.update_service ? "deliver.safeguarding.yes" : "deliver.safeguarding.no"))},
          {t(ctx, "deliver.safeguarding.check.last_status_check"),
           escape(k.status_checked_on
                      ? t(ctx, "deliver.safeguarding.check.last_status_check_value",
                          {{"date", date_text(ctx, *k.status_checked_on)},
                           {"result", t(ctx, "deliver.safeguarding.result." + k.status_result.value_or("clear"))}})
                      : t(ctx, "deliver.safeguarding.check.never"))},
          {t(ctx, "deliver.safeguarding.check.seen"),
           escape(k.seen_on ? t(ctx, "deliver.safeguarding.check.seen_value",
                                {{"name", k.seen_by_name.value_or("")}, {"date", date_text(ctx, *k.seen_on)}})
                            : t(ctx, "deliver.safeguarding.check.not_seen"))},
          {t(ctx, "deliver.safeguarding.check.recheck_on"), escape(date_text(ctx, k.recheck_on))}};
      html += "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
              "<h2 class=\"govuk-summary-card__title\">" + escape(heading) + "</h2>"
              "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">" +
              link("/safeguarding/checks/" + k.id + "/status-check", t(ctx, "deliver.safeguarding.status_check.link"),
                   heading) +
              "</li>";
      if (!k.seen_on)
        html += "<li class=\"govuk-summary-card__action\">" +
                link("/safeguarding/checks/" + k.id + "/seen", t(ctx, "deliver.safeguarding.seen.link"), heading) +
                "</li>";
      html += "</ul></div><div class=\"govuk-summary-card__content\">" + web::summary_list(rows) + "</div></div>";
    }
    html += web::button_link(t(ctx, "deliver.safeguarding.new.title"),
                             std::string(kNewCheckPath) + "?person_id=" + person);
    return no_store(Response::html(web::page(ctx, {title, crumbs(ctx), {}, kRegisterPath}, html)));
  });
}

// ---- record a check ----------------------------------------------------------------------------

Response new_check_page(store::Database& db, Context& ctx, const http::Fields& values, web::FormErrors errors,
                        int status) {
  return as_lead(db, ctx, "", "", [&](store::Connection& c) {
    web::date_errors(ctx.locale, errors, values, issued_field(ctx));
    web::date_errors(ctx.locale, errors, values, seen_field(ctx, false));
    const auto& org = ctx.principal.organisation_id;
    auto title = t(ctx, "deliver.safeguarding.new.title");
    std::vector<web::Option> people = {{"", t(ctx, "deliver.safeguarding.new.choose_person"), ""}};
    for (const auto& r : c.query("SELECT a.id, a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id "
                                 "WHERE m.organisation_id = $1 AND a.deleted_at IS NULL ORDER BY a.display_name, a.id",
                                 {org}))
      people.push_back({r.text(0), r.text(1), ""});
    auto chosen = web::value_of(values, "person_id");
    std::string html = h1(title) + para(t(ctx, "deliver.safeguarding.new.intro")) +
                       web::form_open(ctx, "/safeguarding/checks");
    html += web::select(ctx.locale, {.id = "person_id",
                                     .name = "person_id",
                                     .label = t(ctx, "deliver.safeguarding.check.person"),
                                     .error = errors["person_id"],
                                     .options = people,
                                     .selected = chosen});
    html += web::radios(ctx.locale, {.id = "kind",
                                     .name = "kind",
                                     .legend = t(ctx, "deliver.safeguarding.check.kind"),
                                     .error = errors["kind"],
                                     .options = kind_options(ctx),
                                     .selected = {web::value_of(values, "kind")}});
    html += web::text_input(ctx.locale, {.id = "certificate_number",
                                         .label = t(ctx, "deliver.safeguarding.check.number"),
                                         .hint = t(ctx, "deliver.safeguarding.new.number_hint"),
                                         .error = errors["certificate_number"],
                                         .value = web::value_of(values, "certificate_number"),
                                         .autocomplete = "off",
                                         .width_class = "govuk-input--width-20"});
    html += web::date_input(ctx.locale, {.id = "issued_on",
                                         .label = t(ctx, "deliver.safeguarding.check.issued_on"),
                                         .error = errors["issued_on"],
                                         .value = web::date_value(values, "issued_on")});
    html += web::radios(ctx.locale, {.id = "update_service",
                                     .name = "update_service",
                                     .legend = t(ctx, "deliver.safeguarding.check.update_service"),
                                     .hint = t(ctx, "deliver.safeguarding.new.update_service_hint"),
                                     .error = errors["update_service"],
                                     .options = {{"yes", t(ctx, "deliver.safeguarding.yes"), ""},
                                                 {"no", t(ctx, "deliver.safeguarding.no"), ""}},
                                     .selected = {web::value_of(values, "update_service")},
                                     .inline_items = true});
    html += web::date_input(ctx.locale, {.id = "seen_on",
                                         .label = t(ctx, "deliver.safeguarding.check.seen_on"),
                                         .hint = t(ctx, "deliver.safeguarding.new.seen_hint"),
                                         .error = errors["seen_on"],
                                         .value = web::date_value(values, "seen_on")});
    html += web::button({t(ctx, "deliver.safeguarding.new.submit"), false, "", ""}) + "</form>";
    return no_store(Response::html(web::page(ctx, {title, crumbs(ctx), errors.summary, kRegisterPath}, html), status));
  });
}

Response record_check_page(store::Database& db, const Key& key, Context& ctx) {
  auto form = ctx.request.form();
  http::Fields fields;
  for (const char* name : {"person_id", "kind", "certificate_number", "update_service"})
    if (form.count(name)) fields[name] = form.at(name);
  web::take_date(form, fields, issued_field(ctx));
  web::take_date(form, fields, seen_field(ctx, false));
  http::Fields values = fields;
  for (const char* date : {"issued_on", "seen_on"})
    for (const char* part : {"-day", "-month", "-year"})
      if (form.count(std::string(date) + part)) values[std::string(date) + part] = form.at(std::string(date) + part);
  std::string person;
  try {
    auto c = db.acquire();
    c->transaction([&] {
      require_lead(*c, ctx.principal);
      record_check(*c, *key, ctx.principal, fields);
    });
    person = fields["person_id"];
  } catch (const core::ValidationFailed& e) {
    values.erase("certificate_number");  // never sent back to the page
    return new_check_page(db, ctx, values, web::form_errors(ctx, e.problems()), 422);
  }
  return Response::redirect(web::with_done("/safeguarding/people/" + person, "deliver.safeguarding.new.done"));
}

// ---- a status check, and the original seen ----------------------------------------------------------

Response check_form_page(store::Database& db, const Key& key, Context& ctx, bool status_check,
                         const http::Fields& values, web::FormErrors errors, int status) {
  return as_lead(db, ctx, "", "", [&](store::Connection& c) {
    auto check = find_check(c, *key, ctx.principal.organisation_id, ctx.param("id"), core::today_utc());
    if (!check) throw core::not_found("Check");
    log_view(c, ctx.principal, "person", check->person_id);
    auto date = status_check ? checked_field(ctx) : seen_field(ctx, true);
    web::date_errors(ctx.locale, errors, values, date);
    auto title = t(ctx, status_check ? "deliver.safeguarding.status_check.title" : "deliver.safeguarding.seen.title");
    std::string html =
        h1(title) + web::summary_list({{t(ctx, "deliver.safeguarding.check.person"), escape(check->person_name)},
                                       {t(ctx, "deliver.safeguarding.check.kind"), escape(kind_label(ctx, check->kind))},
                                       {t(ctx, "deliver.safeguarding.check.number"), escape(check->masked_number)},
                                       {t(ctx, "deliver.safeguarding.check.status"), status_tag(ctx, check->status)}});
    html += web::form_open(ctx, "/safeguarding/checks/" + check->id + (status_check ? "/status-check" : "/seen"));
    html += web::date_input(ctx.locale, {.id = date.name,
                                         .label = date.label,
                                         .error = errors[date.name],
                                         .value = web::date_value(values, date.name)});
    if (status_check)
      html += web::radios(ctx.locale,
                          {.id = "result",
                           .name = "result",
                           .legend = t(ctx, "deliver.safeguarding.status_check.result"),
                           .error = errors["result"],
                           .options = {{"clear", t(ctx, "deliver.safeguarding.result.clear"), ""},
                                       {"new_information", t(ctx, "deliver.safeguarding.result.new_information"),
                                        t(ctx, "deliver.safeguarding.status_check.new_information_hint")}},
                           .selected = {web::value_of(values, "result")}});
    html += web::button({t(ctx, "deliver.safeguarding.save"), false, "", ""}) + "</form>";
    return no_store(Response::html(
        web::page(ctx,
                  {title,
                   {{t(ctx, "deliver.safeguarding.register.title"), kRegisterPath},
                    {check->person_name, std::string(kRegisterPath) + "/people/" + check->person_id}},
                   errors.summary,
                   kRegisterPath},
                  html),
        status));
  });
}

Response check_form_post(store::Database& db, const Key& key, Context& ctx, bool status_check) {
  auto form = ctx.request.form();
  http::Fields fields;
  if (status_check && form.count("result")) fields["result"] = form.at("result");
  auto date = status_check ? checked_field(ctx) : seen_field(ctx, true);
  web::take_date(form, fields, date);
  http::Fields values = fields;
  for (const char* part : {"-day", "-month", "-year"})
    if (form.count(date.name + part)) values[date.name + part] = form.at(date.name + part);
  std::string person;
  try {
    auto c = db.acquire();
    c->transaction([&] {
      require_lead(*c, ctx.principal);
      if (status_check) record_status_check(*c, ctx.principal, ctx.param("id"), fields);
      else record_seen(*c, ctx.principal, ctx.param("id"), fields);
      person = c->query_one("SELECT person_id FROM safeguarding_checks WHERE organisation_id = $1 AND id = $2",
                            {ctx.principal.organisation_id, ctx.param("id")})
                   ->text(0);
    });
  } catch (const core::ValidationFailed& e) {
    return check_form_page(db, key, ctx, status_check, values, web::form_errors(ctx, e.problems()), 422);
  }
  return Response::redirect(web::with_done(
      "/safeguarding/people/" + person,
      status_check ? "deliver.safeguarding.status_check.done" : "deliver.safeguarding.seen.done"));
}

// ---- the renewal report ----------------------------------------------------------------------------

Response report_page(store::Database& db, const Key& key, Context& ctx) {
  auto typed = ctx.request.query_param("days").value_or("");
  int days = 60;
  web::FormErrors errors;
  int status = 200;
  try {
    days = report_days(core::trimmed(typed));
  } catch (const core::ValidationFailed& e) {
    errors = web::form_errors(ctx, e.problems());
    status = 422;
  }
  return as_lead(db, ctx, "report", "", [&](store::Connection& c) {
    auto title = t(ctx, "deliver.safeguarding.report.title");
    auto today = core::today_utc();
    std::string html = h1(title) + para(t(ctx, "deliver.safeguarding.report.intro"));
    html += "<form method=\"get\" action=\"" + std::string(kReportPath) + "\" novalidate>" +
            web::text_input(ctx.locale, {.id = "days",
                                         .label = t(ctx, "deliver.safeguarding.report.days"),
                                         .hint = t(ctx, "deliver.safeguarding.report.days_hint"),
                                         .error = errors["days"],
                                         .value = typed.empty() ? std::to_string(days) : typed,
                                         .inputmode = "numeric",
                                         .width_class = "govuk-input--width-3"}) +
            web::button({t(ctx, "deliver.safeguarding.report.show"), true, "", ""}) + "</form>";
    if (status == 200) {
      auto until = core::days_before(today, -days);
      auto checks = falling_due(c, *key, ctx.principal.organisation_id, days, today);
      auto caption = t(ctx, "deliver.safeguarding.report.caption", {{"date", date_text(ctx, until)}});
      if (checks.empty()) html += para(t(ctx, "deliver.safeguarding.report.none", {{"date", date_text(ctx, until)}}));
      else html += checks_table(ctx, checks, caption, true);
      html += "<p class=\"govuk-body\">" +
              link("/api/v1/safeguarding/report?days=" + std::to_string(days), t(ctx, "deliver.safeguarding.report.json")) +
              "</p>";
    }
    return no_store(Response::html(web::page(ctx, {title, crumbs(ctx), errors.summary, kRegisterPath}, html), status));
  });
}

// ---- the leads (officers) ---------------------------------------------------------------------------

Response leads_page(store::Database& db, Context& ctx, const web::FormErrors& errors, int status) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto title = t(ctx, "deliver.safeguarding.leads.title");
  std::string html = web::done_banner(ctx) + h1(title) + para(t(ctx, "deliver.safeguarding.leads.intro"));
  auto leads = list_leads(*c, org);
  if (leads.empty()) {
    html += para(t(ctx, "deliver.safeguarding.leads.none"));
  } else {
    web::Table table;
    table.caption = title;
    table.headers = {t(ctx, "deliver.safeguarding.leads.name"), t(ctx, "deliver.safeguarding.leads.since"),
                     t(ctx, "deliver.safeguarding.leads.action")};
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& lead : leads)
      table.rows_html.push_back(
          {escape(lead.name), escape(date_text(ctx, lead.granted_at.substr(0, 10))),
           web::form_open(ctx, "/safeguarding/leads/" + lead.account_id + "/remove") +
               "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
               "data-module=\"govuk-button\">" + escape(t(ctx, "deliver.safeguarding.leads.remove")) +
               "<span class=\"govuk-visually-hidden\"> " + escape(lead.name) + "</span></button></form>"});
    html += web::table(table);
  }
  std::vector<web::Option> people = {{"", t(ctx, "deliver.safeguarding.leads.choose"), ""}};
  for (const auto& r : c->query("SELECT a.id, a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id "
                                "WHERE m.organisation_id = $1 AND m.role IN ('officer', 'professional') "
                                "AND a.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM safeguarding_leads l "
                                "WHERE l.organisation_id = m.organisation_id AND l.account_id = m.account_id) "
                                "ORDER BY a.display_name, a.id",
                                {org}))
    people.push_back({r.text(0), r.text(1), ""});
  html += h2(t(ctx, "deliver.safeguarding.leads.grant_title")) + web::form_open(ctx, kLeadsPath) +
          web::select(ctx.locale, {.id = "account_id",
                                   .name = "account_id",
                                   .label = t(ctx, "deliver.safeguarding.leads.person"),
                                   .hint = t(ctx, "deliver.safeguarding.leads.person_hint"),
                                   .error = errors["account_id"],
                                   .options = people}) +
          web::button({t(ctx, "deliver.safeguarding.leads.grant"), false, "", ""}) + "</form>";
  return no_store(Response::html(web::page(ctx, {title, crumbs(ctx), errors.summary, kRegisterPath}, html), status));
}

}  // namespace

void add_safeguarding_pages(module::Loader& l, Key key) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  l.page(Method::get, kRegisterPath, kSafeguardingPermission,
         [&db, &registry, key](Context& ctx) { return register_page(db, registry, key, ctx); },
         "The safeguarding register (safeguarding leads; every view logged)");
  l.page(Method::get, "/safeguarding/people/{id}", kSafeguardingPermission,
         [&db, key](Context& ctx) { return person_page(db, key, ctx); },
         "A person's safeguarding checks (safeguarding leads; every view logged)");
  l.page(Method::get, kNewCheckPath, kSafeguardingPermission,
         [&db](Context& ctx) {
           http::Fields values;
           if (auto person = ctx.request.query_param("person_id")) values["person_id"] = *person;
           return new_check_page(db, ctx, values, {}, 200);
         },
         "The form to record a safeguarding check (safeguarding leads)");
  l.page(Method::post, "/safeguarding/checks", kSafeguardingPermission,
         [&db, key](Context& ctx) { return record_check_page(db, key, ctx); },
         "Record a safeguarding check from the form (safeguarding leads)");
  l.page(Method::get, "/safeguarding/checks/{id}/status-check", kSafeguardingPermission,
         [&db, key](Context& ctx) { return check_form_page(db, key, ctx, true, {}, {}, 200); },
         "The form to record a status check (safeguarding leads)");
  l.page(Method::post, "/safeguarding/checks/{id}/status-check", kSafeguardingPermission,
         [&db, key](Context& ctx) { return check_form_post(db, key, ctx, true); },
         "Record a status check from the form (safeguarding leads)");
  l.page(Method::get, "/safeguarding/checks/{id}/seen", kSafeguardingPermission,
         [&db, key](Context& ctx) { return check_form_page(db, key, ctx, false, {}, {}, 200); },
         "The form to record seeing the original certificate (safeguarding leads)");
  l.page(Method::post, "/safeguarding/checks/{id}/seen", kSafeguardingPermission,
         [&db, key](Context& ctx) { return check_form_post(db, key, ctx, false); },
         "Record seeing the original certificate (safeguarding leads)");
  l.page(Method::get, kReportPath, kSafeguardingPermission,
         [&db, key](Context& ctx) { return report_page(db, key, ctx); },
         "Checks falling due for renewal in the next N days (safeguarding leads)");
  l.page(Method::get, kLeadsPath, kLeadsPermission, [&db](Context& ctx) { return leads_page(db, ctx, {}, 200); },
         "The safeguarding leads, and the form to designate one");
  l.page(Method::post, kLeadsPath, kLeadsPermission,
         [&db](Context& ctx) {
           auto form = ctx.request.form();
           try {
             auto c = db.acquire();
             c->transaction([&] { grant_lead(*c, ctx.principal, {{"account_id", web::value_of(form, "account_id")}}); });
           } catch (const core::ValidationFailed& e) {
             return leads_page(db, ctx, web::form_errors(ctx, e.problems()), 422);
           }
           return Response::redirect(web::with_done(kLeadsPath, "deliver.safeguarding.leads.granted.done"));
         },
         "Designate a safeguarding lead");
  l.page(Method::post, "/safeguarding/leads/{id}/remove", kLeadsPermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           c->transaction([&] { remove_lead(*c, ctx.principal, ctx.param("id")); });
           return Response::redirect(web::with_done(kLeadsPath, "deliver.safeguarding.leads.removed.done"));
         },
         "Remove the safeguarding lead designation");
  l.nav({kRegisterPath, "deliver.safeguarding.nav", kSafeguardingPermission, 62});
}

}  // namespace coproduce::deliver
