// The ledger's pages: recording a contribution (for oneself, or as an officer
// for another member or someone outside the platform), a contribution's own
// page with its status, its source and its correction history, changing a
// claim, and the decisions on it (confirm, dispute, void, reverse), each a
// form with a reason where one is needed. POST-redirect-GET throughout.
#include <boost/json.hpp>

#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "map/json.hpp"
#include "map/ledger.hpp"
#include "map/page_support.hpp"
#include "map/repository.hpp"
#include "map/routes.hpp"
#include "map/view.hpp"
#include "map/cache.hpp"
#include "module/cache.hpp"
#include "module/registry.hpp"
#include "web/html.hpp"

namespace coproduce::map {
namespace {

using http::Context;
using http::Response;
using namespace pages;
using web::escape;

bool is_officer(const Context& ctx) { return ctx.principal.has(core::Role::officer); }


// ---- the record and change form ---------------------------------------------

// The date it was made: required, today or before (as the commands check it).
web::DateField made_on_field(const Context& ctx) {
  return {"made_on", t(ctx, "map.form.made_on"), {.required = true, .latest = core::today_utc()}};
}

struct FormPage {
  std::string action;     // where the form posts
  std::string heading;    // the page's h1
  std::string button;     // what the button says
  bool for_someone_else;  // offer "for whom" (officers)
};

std::string contribution_form(const Context& ctx, const FormPage& form, const std::vector<Group>& groups,
                              const std::vector<std::pair<std::string, std::string>>& people,
                              const Fields& values, const FormErrors& errors) {
  auto value = [&](const char* name) { return value_of(values, name); };
  std::vector<web::Option> group_options = {{"", t(ctx, "map.form.no_group"), ""}};
  for (const auto& g : groups) group_options.push_back({g.id, g.name, ""});

  std::string html = "<form method=\"post\" action=\"" + escape(form.action) + "\" novalidate>" +
                     web::csrf_field(ctx);
  if (form.for_someone_else) {
    std::vector<web::Option> whom = {{"", t(ctx, "map.form.person_outside"), ""}};
    for (const auto& [name, id] : people)
      whom.push_back({id, id == ctx.principal.account_id ? t(ctx, "map.form.person_me", {{"name", name}}) : name, ""});
    html += web::select(ctx.locale, {"person_id", "person_id", t(ctx, "map.form.person"),
                                     t(ctx, "map.form.person_hint"), errors["person_id"], whom,
                                     value("person_id")});
  }
  html += web::text_input(ctx.locale, {"contributor_label", "contributor_label",
                                       t(ctx, "map.form.contributor_label"),
                                       t(ctx, "map.form.contributor_label_hint"),
                                       errors["contributor_label"], value("contributor_label"),
                                       "text", "off", "", ""});
  html += web::select(ctx.locale, {"group_id", "group_id", t(ctx, "map.form.group"), "",
                                   errors["group_id"], group_options, value("group_id")});
  // Members see only the roles they hold; officers recording for others see all.
  std::vector<web::Option> roles;
  for (ContributorRole r : kAllContributorRoles) {
    bool held = form.for_someone_else;
    if (!held && ctx.principal.role)
      for (ContributorRole mine : contributor_roles_of(*ctx.principal.role)) held = held || mine == r;
    if (held) roles.push_back({std::string(to_string(r)), name_of(ctx, "map.role.", r), ""});
  }
  html += web::radios(ctx.locale, {"role", "role", t(ctx, "map.form.role"),
                                   form.for_someone_else ? t(ctx, "map.form.role_hint_officer") : "",
                                   errors["role"], roles, {value("role")}, false, false});
  html += web::select(ctx.locale, {"phase", "phase", t(ctx, "map.form.phase"),
                                   t(ctx, "map.form.phase_hint"), errors["phase"],
                                   enum_options(ctx, "map.phase.", kAllPhases, false),
                                   value("phase")});
  html += web::radios(ctx.locale, {"kind", "kind", t(ctx, "map.form.kind"), "", errors["kind"],
                                   enum_options(ctx, "map.kind.", kAllContributionKinds, false),
                                   {value("kind")}, false, false});
  html += web::text_input(ctx.locale, {"hours", "hours", t(ctx, "map.form.hours"),
                                       t(ctx, "map.form.hours_hint"), errors["hours"],
                                       value("hours"), "text", "off", "decimal",
                                       "govuk-input--width-5"});
  html += web::text_input(ctx.locale, {"money", "money", t(ctx, "map.form.money"),
                                       t(ctx, "map.form.money_hint"), errors["money"],
                                       value("money"), "text", "off", "decimal",
                                       "govuk-input--width-10"});
  html += web::textarea(ctx.locale, {"description", "description", t(ctx, "map.form.description"),
                                     t(ctx, "map.form.description_hint"), errors["description"],
                                     value("description"), 3});
  html += web::date_input(ctx.locale, {"made_on", "made_on", t(ctx, "map.form.made_on"), "",
                                       errors["made_on"], web::date_value(values, "made_on")});
  std::vector<web::Option> visibilities;
  for (Visibility v : kAllVisibilities)
    visibilities.push_back({std::string(to_string(v)), name_of(ctx, "map.visibility.", v),
                            name_of(ctx, "map.visibility_hint.", v)});
  html += web::radios(ctx.locale, {"visibility", "visibility", t(ctx, "map.form.visibility"), "",
                                   errors["visibility"], visibilities,
                                   {value("visibility").empty() ? "pseudonym" : value("visibility")},
                                   false, false});
  html += web::button({form.button, false, "", ""});
  return html + "</form>";
}

Response form_page(const Context& ctx, store::Connection& conn, const Initiative& i,
                   const FormPage& form, const Fields& values, const std::vector<Problem>& problems) {
  auto errors = form_errors(ctx, problems);
  web::date_errors(ctx.locale, errors, values, made_on_field(ctx));
  std::string html = "<span class=\"govuk-caption-l\">" + escape(i.name) + "</span>";
  html += "<h1 class=\"govuk-heading-xl\">" + escape(form.heading) + "</h1>";
  if (!can_confirm(ctx.principal))
    html += web::inset_text(escape(t(ctx, "map.form.needs_confirmation")));
  const auto& org = ctx.principal.organisation_id;
  html += contribution_form(ctx, form, repo::list_groups(conn, org),
                            form.for_someone_else ? members_of(conn, org) : decltype(members_of(conn, org)){},
                            values, errors);
  web::PageOptions options{form.heading,
                           {{t(ctx, "map.title"), "/map"}, {i.name, "/initiatives/" + i.id}},
                           errors.summary,
                           std::string(web::kMapPath)};
  return Response::html(web::page(ctx, options, html), problems.empty() ? 200 : 422);
}

Fields posted_contribution(const Context& ctx) {
  Fields fields;
  auto form = ctx.request.form();
  for (const auto& name : contribution_fields())
    if (form.count(name)) fields[name] = form.at(name);
  fields.erase("confirm");  // the form confirms by role, never by a hidden field
  web::take_date(form, fields, made_on_field(ctx));
  return fields;
}

// ---- a contribution's page ----------------------------------------------------

struct Decision {
  const char* action;       // confirm, dispute, void, reverse
  bool needs_reason;
};

// Which decisions the signed-in person may take on `c` now.
std::vector<Decision> decisions_for(const Context& ctx, const Contribution& c) {
  std::vector<Decision> out;
  bool own = c.recorded_by && *c.recorded_by == ctx.principal.account_id;
  if (c.pending() && can_confirm(ctx.principal)) out.push_back({"confirm", false});
  if (c.status == Status::claimed && can_confirm(ctx.principal)) out.push_back({"dispute", true});
  if (c.pending() && (own || is_officer(ctx))) out.push_back({"void", true});
  if (c.counts() && is_officer(ctx)) out.push_back({"reverse", true});
  return out;
}

std::string decision_form(const Context& ctx, const Contribution& c, const Decision& d,
                          const std::string& reason, const std::string& error) {
  std::string action = d.action;
  std::string html = "<form method=\"post\" action=\"/contributions/" + escape(c.id) + "/" + action +
                     "\" novalidate class=\"app-decision\">" + web::csrf_field(ctx);
  if (d.needs_reason)
    html += web::textarea(ctx.locale, {"reason-" + action, "reason", t(ctx, "map.decision." + action + ".reason"),
                                       t(ctx, "map.decision." + action + ".hint"), error, reason, 3});
  html += web::button({t(ctx, "map.decision." + action + ".button"), action != "confirm", "", ""});
  return html + "</form>";
}

Response contribution_page(store::Database& db, const module::Registry& registry, Context& ctx,
                           const std::string& failed_action = {}, const std::string& reason = {},
                           const std::vector<Problem>& problems = {}) {
  auto conn = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  const auto& id = ctx.param("id");
  auto c = core::looks_like_id(id) ? repo::find_contribution(*conn, org, id) : std::nullopt;
  if (!c || !Viewer::of(ctx.principal).sees_row(*c)) throw core::not_found("Contribution");
  auto initiative = repo::find_initiative(*conn, org, c->initiative_id);
  auto names = names_of_named(*conn, {*c});
  std::map<std::string, std::string> groups;
  if (c->group_id)
    if (auto g = repo::find_group(*conn, org, *c->group_id)) groups[g->id] = g->name;

  std::string html;
  if (auto done = ctx.request.query_param("done"); done && !done->empty() &&
      done->find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos)
    html += web::notification_banner(ctx.locale, t(ctx, "map.decision." + *done + ".done"), "", true);
  html += "<span class=\"govuk-caption-l\">" + escape(initiative ? initiative->name : "") + "</span>";
  html += "<h1 class=\"govuk-heading-xl\">" + escape(t(ctx, "map.contribution.title")) + "</h1>";
  std::string what = escape(name_of(ctx, "map.kind.", c->kind));
  if (auto a = amount(ctx, *c); !a.empty()) what += ": " + escape(a);
  std::string who = escape(contributor_name(*c, names, groups));
  if (c->people > 1) who += " " + escape(i18n::plural(ctx.locale, "map.count.people", c->people));
  std::vector<web::SummaryRow> rows = {
      {t(ctx, "map.contributions.who"), who},
      {t(ctx, "map.contributions.role"), escape(name_of(ctx, "map.role.", c->role))},
      {t(ctx, "map.contributions.phase"), escape(name_of(ctx, "map.phase.", c->phase))},
      {t(ctx, "map.contributions.what"), what},
      {t(ctx, "map.form.description"), escape(c->description)},
      {t(ctx, "map.contributions.date"), escape(date_or_blank(ctx, c->made_on))},
      {t(ctx, "map.contributions.status"),
       status_tag(ctx, *c) + (c->reason.empty() ? "" : "<p class=\"govuk-body\">" + escape(c->reason) + "</p>")},
      {t(ctx, "map.form.visibility"), escape(name_of(ctx, "map.visibility.", c->visibility))},
  };
  if (c->group_id && groups.count(*c->group_id))
    rows.push_back({t(ctx, "map.form.group"), escape(groups.at(*c->group_id))});
  if (Viewer::of(ctx.principal).is_member())
    rows.push_back({t(ctx, "map.contribution.recorded_as"),
                    escape(c->recorded_role == "system" || c->recorded_role.empty()
                               ? t(ctx, "map.contribution.recorded_by_platform")
                               : t(ctx, "map.recorded_role." + c->recorded_role))});
  if (c->source_type != "map.contribution") {
    std::string href = registry.source_link(c->source_type, c->source_id);
    const auto* source = registry.find_source(c->source_type);
    if (!href.empty() && source)
      rows.push_back({t(ctx, "map.contribution.source"), link(href, t(ctx, source->label_key))});
  }
  if (c->reverses_id)
    rows.push_back({t(ctx, "map.contribution.reverses"),
                    link("/contributions/" + *c->reverses_id, t(ctx, "map.contribution.original"))});
  if (c->reversed_by_id)
    rows.push_back({t(ctx, "map.contribution.reversed_by"),
                    link("/contributions/" + *c->reversed_by_id, t(ctx, "map.contribution.correction"))});
  html += web::summary_list(rows);

  auto errors = form_errors(ctx, problems);
  auto decisions = ctx.principal.signed_in() ? decisions_for(ctx, *c) : std::vector<Decision>{};
  bool own = c->recorded_by && *c->recorded_by == ctx.principal.account_id;
  if (c->pending() && (own || is_officer(ctx)))
    html += web::button_link(t(ctx, "map.contribution.change"), "/contributions/" + c->id + "/edit");
  if (!decisions.empty()) {
    html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "map.contribution.decide")) + "</h2>";
    for (const auto& d : decisions) {
      bool failed = failed_action == d.action;
      html += decision_form(ctx, *c, d, failed ? reason : "", failed ? errors["reason"] : "");
    }
  }
  if (initiative)
    html += "<p class=\"govuk-body\">" +
            link("/initiatives/" + initiative->id, t(ctx, "map.contribution.back", {{"name", initiative->name}})) +
            "</p>";
  // The error summary links to the reason box of the form that failed.
  for (auto& e : errors.summary) e.field_id = "reason-" + failed_action;
  std::vector<web::Breadcrumb> crumbs = {{t(ctx, "map.title"), "/map"}};
  if (initiative) crumbs.push_back({initiative->name, "/initiatives/" + initiative->id});
  web::PageOptions options{t(ctx, "map.contribution.title"), crumbs, errors.summary,
                           std::string(web::kMapPath)};
  auto r = Response::html(web::page(ctx, options, html), problems.empty() ? 200 : 422);
  if (ctx.principal.signed_in()) r.set_header("Cache-Control", "no-store");
  return r;
}

// POST /contributions/{id}/<action>: the decision, then back to the page with
// a banner; a missing reason re-shows the page with the error by the box.
template <class Decide>
http::Handler decide(store::Database& db, const module::Registry& registry, std::string action,
                     Decide decide_it) {
  return [&db, &registry, action, decide_it](Context& ctx) {
    auto form = ctx.request.form();
    std::string reason = form.count("reason") ? form.at("reason") : "";
    try {
      decide_it(db, ctx.principal, ctx.param("id"), reason);
    } catch (const ValidationFailed& e) {
      return contribution_page(db, registry, ctx, action, reason, e.problems());
    }
    return Response::redirect("/contributions/" + ctx.param("id") + "?done=" + action);
  };
}

}  // namespace

void add_contribution_pages(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();

  l.page(http::Method::get, "/initiatives/{id}/contributions/new", "map.record",
      [&db](Context& ctx) {
        auto conn = db.acquire();
        auto i = initiative_or_404(*conn, ctx, ctx.param("id"));
        FormPage form{"/initiatives/" + i.id + "/contributions", t(ctx, "map.contributions.record"),
                      t(ctx, "map.form.save"), is_officer(ctx)};
        return form_page(ctx, *conn, i, form, {{"made_on", core::today_utc()}}, {});
      },
      "Form to record a contribution");
  l.page(http::Method::post, "/initiatives/{id}/contributions", "map.record",
      [&db](Context& ctx) {
        auto fields = posted_contribution(ctx);
        try {
          record_contribution(db, ctx.principal, ctx.param("id"), fields);
        } catch (const ValidationFailed& e) {
          auto conn = db.acquire();
          auto i = initiative_or_404(*conn, ctx, ctx.param("id"));
          FormPage form{"/initiatives/" + i.id + "/contributions", t(ctx, "map.contributions.record"),
                        t(ctx, "map.form.save"), is_officer(ctx)};
          return form_page(ctx, *conn, i, form, fields, e.problems());
        }
        return Response::redirect("/initiatives/" + ctx.param("id") + "?recorded=1");
      },
      "Record a contribution from the form");

  l.page(http::Method::get, "/contributions/{id}", module::kPublic,
         module::cached(db, map_version, [&db, &registry](Context& ctx) { return contribution_page(db, registry, ctx); }),
         "A contribution: its status, its source record and its corrections");

  auto edit_form = [&db](Context& ctx, const Fields* posted, const std::vector<Problem>& problems) {
    auto conn = db.acquire();
    Ledger ledger(*conn, ctx.principal);
    auto c = ledger.get(ctx.param("id"));
    if (!c.pending()) throw core::conflict("status", t(ctx, "map.contribution.not_changeable"));
    bool own = c.recorded_by && *c.recorded_by == ctx.principal.account_id;
    if (!own && !is_officer(ctx)) throw core::forbidden();
    auto i = initiative_or_404(*conn, ctx, c.initiative_id);
    Fields values = posted ? *posted
                           : Fields{{"contributor_label", c.contributor_label},
                                    {"role", std::string(to_string(c.role))},
                                    {"phase", std::string(to_string(c.phase))},
                                    {"kind", std::string(to_string(c.kind))},
                                    {"hours", c.hours_x100 ? hours_text(c.hours_x100) : ""},
                                    {"money", c.money_minor ? core::format_money_minor(c.money_minor) : ""},
                                    {"description", c.description},
                                    {"made_on", c.made_on},
                                    {"visibility", std::string(to_string(c.visibility))},
                                    {"group_id", c.group_id.value_or("")},
                                    {"person_id", c.person_id.value_or("")}};
    FormPage form{"/contributions/" + c.id + "/edit", t(ctx, "map.contribution.change"),
                  t(ctx, "map.contribution.save_changes"), is_officer(ctx)};
    return form_page(ctx, *conn, i, form, values, problems);
  };
  l.page(http::Method::get, "/contributions/{id}/edit", "map.record",
         [edit_form](Context& ctx) { return edit_form(ctx, nullptr, {}); },
         "Form to change a claim while it waits for a decision");
  l.page(http::Method::post, "/contributions/{id}/edit", "map.record",
      [&db, edit_form](Context& ctx) {
        auto fields = posted_contribution(ctx);
        try {
          update_contribution(db, ctx.principal, ctx.param("id"), fields);
        } catch (const ValidationFailed& e) {
          return edit_form(ctx, &fields, e.problems());
        }
        return Response::redirect("/contributions/" + ctx.param("id") + "?done=changed");
      },
      "Change a claim from the form");

  l.page(http::Method::post, "/contributions/{id}/confirm", "map.confirm",
         decide(db, registry, "confirm",
                [](store::Database& d, const core::Principal& p, const std::string& id, const std::string&) {
                  confirm_contribution(d, p, id);
                }),
         "Confirm a contribution");
  l.page(http::Method::post, "/contributions/{id}/dispute", "map.confirm",
         decide(db, registry, "dispute", dispute_contribution), "Dispute a contribution, with a reason");
  l.page(http::Method::post, "/contributions/{id}/void", "map.record",
         decide(db, registry, "void", void_contribution),
         "Void a claim (who recorded it, or an officer), with a reason");
  l.page(http::Method::post, "/contributions/{id}/reverse", "map.manage",
         decide(db, registry, "reverse",
                [](store::Database& d, const core::Principal& p, const std::string& id, const std::string& r) {
                  reverse_contribution(d, p, id, r);
                }),
         "Correct a confirmed contribution by reversing it, with a reason");
}

}  // namespace coproduce::map
