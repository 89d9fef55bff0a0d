// A winning project's delivery, on its public page: status, progress,
// milestones and its initiative on the map; following it; and for the lead
// (or an officer) adding milestones and marking them reached. Pages and API.
#include <boost/json.hpp>

#include "access/members.hpp"
#include "commission/process/delivery.hpp"
#include "commission/process/page_support.hpp"
#include "commission/process/routes.hpp"
#include "core/error.hpp"
#include "http/fields.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"

namespace coproduce::commission::process {
namespace {

namespace json = boost::json;
using http::Context;
using http::Method;
using http::Response;
using module::Api;
using web::escape;

std::string status_colour(const std::string& status) {
  return status == "done" ? "green" : status == "in_progress" ? "blue" : "grey";
}

bool may_lead(const Context& ctx, const Delivery& d) {
  return ctx.principal.has(core::Role::officer) ||
         (!d.responsible_id.empty() && d.responsible_id == ctx.principal.account_id);
}

json::object delivery_json(const Delivery& d) {
  json::array milestones;
  for (const auto& m : d.milestones)
    milestones.push_back(json::object{{"position", m.position},
                                      {"title", m.title},
                                      {"due_on", m.due_on.empty() ? json::value(nullptr) : json::value(m.due_on)},
                                      {"reached_on", m.done_on.empty() ? json::value(nullptr) : json::value(m.done_on)}});
  return json::object{{"code", d.code},          {"name", d.name},          {"initiative_id", d.initiative_id},
                      {"status", d.status},      {"progress", d.progress()}, {"followers", d.followers},
                      {"milestones", std::move(milestones)}};
}

std::string project_page_path(const std::string& process_id, const std::string& code) {
  return std::string(kListPath) + "/" + web::url_encode(process_id) + "/projects/" + web::url_encode(code);
}

template <class Action>
Response act(store::Database& db, Context& ctx, Action action, const std::string& done) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  c->transaction([&] { action(*c, p); });
  return Response::redirect(web::with_done(project_page_path(p.id, ctx.param("code")), done) + "#delivery");
}

}  // namespace

std::string delivery_section(store::Connection& c, const Context& ctx, const Process& p, const std::string& code,
                             const MilestoneForm* form) {
  auto found = delivery_of(c, p.organisation_id, p.id, code);
  if (!found) return {};
  const Delivery& d = *found;
  std::string base = project_page_path(p.id, code);
  std::string html = "<h2 class=\"govuk-heading-m\" id=\"delivery\">" + escape(t(ctx, "commission.delivery.title")) + "</h2>";
  html += web::summary_list({
      {t(ctx, "commission.delivery.status"), web::tag(t(ctx, "commission.delivery.status." + d.status), status_colour(d.status))},
      {t(ctx, "commission.delivery.progress"), escape(t(ctx, "commission.delivery.percent", {{"percent", std::to_string(d.progress())}}))},
      {t(ctx, "commission.delivery.on_map"), link("/initiatives/" + web::url_encode(d.initiative_id), t(ctx, "commission.delivery.map_link", {{"name", d.name}}))},
      {t(ctx, "commission.delivery.followers"), escape(i18n::format_number(ctx.locale, d.followers))},
  });
  if (d.milestones.empty()) {
    html += para(t(ctx, "commission.delivery.no_milestones"));
  } else {
    web::Table table;
    table.caption = t(ctx, "commission.delivery.milestones");
    table.headers = {t(ctx, "commission.delivery.milestone"), t(ctx, "commission.delivery.due"), t(ctx, "commission.delivery.reached")};
    table.stack_on_narrow = true;
    bool lead = may_lead(ctx, d);
    for (const auto& m : d.milestones) {
      std::string reached = m.done_on.empty() ? escape(t(ctx, "commission.delivery.not_yet")) : escape(i18n::format_date(ctx.locale, m.done_on));
      if (m.done_on.empty() && lead)
        reached += web::form_open(ctx, base + "/milestones/" + std::to_string(m.position) + "/reached") +
                   "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
                   "data-module=\"govuk-button\">" + escape(t(ctx, "commission.delivery.mark_reached", {{"milestone", m.title}})) +
                   "</button></form>";
      table.rows_html.push_back({escape(m.title), m.due_on.empty() ? "" : escape(i18n::format_date(ctx.locale, m.due_on)), reached});
    }
    html += web::table(table);
  }
  if (ctx.principal.signed_in()) {
    bool following = is_following(c, ctx.principal, p.id, code);
    html += web::form_open(ctx, base + "/follow") + "<input type=\"hidden\" name=\"follow\" value=\"" +
            (following ? "false" : "true") + "\">" + para(t(ctx, following ? "commission.delivery.following" : "commission.delivery.follow_hint")) +
            web::button({t(ctx, following ? "commission.delivery.unfollow" : "commission.delivery.follow"), true, "", ""}) + "</form>";
  }
  if (may_lead(ctx, d)) {
    html += "<h3 class=\"govuk-heading-s\">" + escape(t(ctx, "commission.delivery.add_milestone")) + "</h3>" +
            web::form_open(ctx, base + "/milestones");
    http::Fields typed = form ? form->typed : http::Fields{};
    web::TextInput title;
    title.id = "title";
    title.label = t(ctx, "commission.delivery.milestone");
    if (form) title.error = form->errors["title"];
    title.value = web::value_of(typed, "title");
    html += web::text_input(ctx.locale, title);
    web::DateInput due;
    due.id = "due_on";
    due.label = t(ctx, "commission.delivery.due");
    due.hint = t(ctx, "commission.manage.closing_hint");
    if (form) due.error = form->errors["due_on"];
    due.value = web::date_value(typed, "due_on");
    html += web::date_input(ctx.locale, due) + web::button({t(ctx, "commission.delivery.add_submit"), false, "", ""}) + "</form>";
  }
  if (ctx.principal.has(core::Role::officer)) {
    web::Select lead;
    lead.id = "responsible_id";
    lead.label = t(ctx, "commission.delivery.lead");
    lead.options.push_back({"", t(ctx, "commission.delivery.no_lead"), ""});
    for (const auto& m : access::list_members(c, p.organisation_id))
      if (m.role == core::Role::professional || m.role == core::Role::officer)
        lead.options.push_back({m.account_id, m.display_name, ""});
    lead.selected = d.responsible_id;
    html += web::form_open(ctx, base + "/responsible") + web::select(ctx.locale, lead) +
            web::button({t(ctx, "commission.delivery.lead_submit"), true, "", ""}) + "</form>";
  }
  return html;
}

void add_delivery_routes(module::Loader& l) {
  store::Database& db = l.db();
  std::string base = std::string(kListPath) + "/{id}/projects/{code}";
  // Dates come in as the GOV.UK date input's three boxes.
  auto due_date = [](const http::Fields& form) {
    http::Fields fields;
    web::take_date(form, fields, {"due_on", "due_on", {false, ""}});
    return fields["due_on"];
  };
  l.page(Method::post, base + "/follow", module::kSignedIn,
         [&db](Context& ctx) {
           bool follow = web::value_of(ctx.request.form(), "follow") != "false";
           return act(db, ctx, [&](store::Connection& tx, const Process& p) {
             set_following(tx, ctx.principal, p.id, ctx.param("code"), follow);
           }, follow ? "commission.followed.done" : "commission.unfollowed.done");
         },
         "Follow (or stop following) a winning project's delivery");
  l.page(Method::post, base + "/milestones", kDeliverPermission,
         [&db, due_date](Context& ctx) {
           auto form = ctx.request.form();
           try {
             return act(db, ctx, [&](store::Connection& tx, const Process& p) {
               add_milestone(tx, ctx.principal, p.id, ctx.param("code"), web::value_of(form, "title"), due_date(form));
             }, "commission.milestone_added.done");
           } catch (const core::ValidationFailed& e) {
             // The form again, with what was typed and what is wrong, on the project's page.
             MilestoneForm again{form, web::form_errors(ctx, e.problems())};
             web::date_errors(ctx.locale, again.errors, form, {"due_on", t(ctx, "commission.delivery.due"), {false, ""}});
             return project_page(db, ctx, &again);
           }
         },
         "Add a milestone to a winning project (officers or its lead)");
  l.page(Method::post, base + "/milestones/{position}/reached", kDeliverPermission,
         [&db](Context& ctx) {
           std::int64_t position = 0;
           try { position = std::stoll(ctx.param("position")); } catch (const std::exception&) { position = 0; }
           return act(db, ctx, [&](store::Connection& tx, const Process& p) {
             reach_milestone(tx, ctx.principal, p.id, ctx.param("code"), position);
           }, "commission.milestone_reached.done");
         },
         "Mark a milestone reached: records the delivery work and tells the followers");
  l.page(Method::post, base + "/responsible", kManagePermission,
         [&db](Context& ctx) {
           std::string account = web::value_of(ctx.request.form(), "responsible_id");
           return act(db, ctx, [&](store::Connection& tx, const Process& p) {
             set_responsible(tx, ctx.principal, p.id, ctx.param("code"), account);
           }, "commission.lead_set.done");
         },
         "Choose a winning project's lead");

  l.api(Method::get, "/api/v1/pb/processes/{id}/deliveries", module::kPublic,
        [&db](Context& ctx) {
          auto c = db.acquire();
          Process p = process_or_404(*c, ctx, ctx.param("id"));
          json::array items;
          for (const auto& d : deliveries(*c, p.organisation_id, p.id)) items.push_back(delivery_json(d));
          return Response::json(json::object{{"deliveries", std::move(items)}});
        },
        Api("The winning projects' delivery: status, progress, milestones and their initiatives on the map")
            .returns(200, "The deliveries", R"({"type": "object", "properties": {"deliveries": {"type": "array",
                "items": {"type": "object"}}}})"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/projects/{code}/milestones", kDeliverPermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"title", "due_on"});
          auto c = db.acquire();
          Process p = process_or_404(*c, ctx, ctx.param("id"));
          c->transaction([&] { add_milestone(*c, ctx.principal, p.id, ctx.param("code"), fields["title"], fields["due_on"]); });
          return Response::json(delivery_json(*delivery_of(*c, p.organisation_id, p.id, ctx.param("code"))), 201);
        },
        Api("Add a milestone to a winning project (officers or its lead)")
            .body(R"({"type": "object", "properties": {"title": {"type": "string", "maxLength": 200},
                "due_on": {"type": "string", "format": "date"}}, "required": ["title"]})")
            .returns(201, "The delivery", R"({"type": "object"})"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/projects/{code}/milestones/{position}/reached", kDeliverPermission,
        [&db](Context& ctx) {
          std::int64_t position = 0;
          try { position = std::stoll(ctx.param("position")); } catch (const std::exception&) { position = 0; }
          auto c = db.acquire();
          Process p = process_or_404(*c, ctx, ctx.param("id"));
          c->transaction([&] { reach_milestone(*c, ctx.principal, p.id, ctx.param("code"), position); });
          return Response::json(delivery_json(*delivery_of(*c, p.organisation_id, p.id, ctx.param("code"))));
        },
        Api("Mark a milestone reached: a confirmed delivery contribution, and a notice to each follower")
            .returns(200, "The delivery", R"({"type": "object"})")
            .error(409, "Already reached"));
  l.api(Method::put, "/api/v1/pb/processes/{id}/projects/{code}/following", module::kSignedIn,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"following"});
          if (fields["following"] != "true" && fields["following"] != "false")
            throw core::ValidationFailed(std::vector<core::FieldProblem>{{"following", "commission.error.following"}});
          auto c = db.acquire();
          Process p = process_or_404(*c, ctx, ctx.param("id"));
          c->transaction([&] { set_following(*c, ctx.principal, p.id, ctx.param("code"), fields["following"] == "true"); });
          return Response::json(json::object{{"following", fields["following"] == "true"}});
        },
        Api("Follow a winning project (told when it reaches a milestone), or stop")
            .body(R"({"type": "object", "properties": {"following": {"type": "boolean"}}, "required": ["following"]})")
            .returns(200, "Whether you follow it", R"({"type": "object", "properties": {"following": {"type": "boolean"}}})"));
}

}  // namespace coproduce::commission::process
