// The dashboard of those who confirm contributions (professionals and
// officers): what awaits a decision, with who recorded it and in which role,
// confirmed or disputed one by one or several at once; the initiatives not
// yet classified with the phases they need; and, for officers, the latest
// changes from the audit trail. The bulk decision is also an API route.
#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "map/commands.hpp"
#include "map/ledger.hpp"
#include "map/routes.hpp"
#include "map/page_support.hpp"
#include "map/repository.hpp"
#include "map/view.hpp"
#include "module/registry.hpp"
#include "web/html.hpp"

namespace coproduce::map {
namespace {

using http::Context;
using http::Response;
using namespace pages;
using web::escape;
namespace json = boost::json;

constexpr int kRecentChanges = 10;

// The entries awaiting a decision, oldest first (first come, first decided).
std::vector<Contribution> awaiting(store::Connection& conn, const std::string& org) {
  auto entries = repo::list_contributions_by_status(conn, org, Status::claimed);
  auto disputed = repo::list_contributions_by_status(conn, org, Status::disputed);
  entries.insert(entries.end(), disputed.begin(), disputed.end());
  std::ranges::sort(entries, [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
  return entries;
}

std::string recorder_text(const Context& ctx, const Contribution& c,
                          const std::map<std::string, std::string>& names) {
  if (!c.recorded_by || c.recorded_role == "system" || c.recorded_role.empty())
    return t(ctx, "map.contribution.recorded_by_platform");
  auto name = names.contains(*c.recorded_by) ? names.at(*c.recorded_by) : t(ctx, "map.dashboard.former_member");
  return t(ctx, "map.dashboard.recorded_by", {{"name", name}, {"role", t(ctx, "map.recorded_role." + c.recorded_role)}});
}

// One row's checkbox, labelled (for screen readers) by what it selects.
std::string select_box(std::size_t index, const std::string& id, const std::string& label, bool checked) {
  std::string box_id = "ids-" + std::to_string(index + 1);
  return "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">"
         "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"" +
         box_id + "\" name=\"ids\" type=\"checkbox\" value=\"" + escape(id) + "\"" + (checked ? " checked" : "") +
         "><label class=\"govuk-label govuk-checkboxes__label\" for=\"" + box_id +
         "\"><span class=\"govuk-visually-hidden\">" + escape(label) + "</span></label></div></div>";
}

struct Typed {
  std::vector<std::string> ids;
  std::string reason;
};

using Names = std::map<std::string, std::string>;  // account id -> display name, of the members

std::string awaiting_section(const Context& ctx, store::Connection& conn, const std::string& org, const Names& names,
                             const Typed& typed, const web::FormErrors& errors) {
  auto entries = awaiting(conn, org);
  std::map<std::string, std::string> initiatives;
  for (const auto& i : repo::list_initiatives(conn, org)) initiatives[i.id] = i.name;

  std::string html = "<h2 class=\"govuk-heading-l\" id=\"awaiting\">" +
                     escape(t(ctx, "map.dashboard.awaiting_title")) + "</h2>";
  if (entries.empty()) return html + "<p class=\"govuk-body\">" + escape(t(ctx, "map.dashboard.awaiting_none")) + "</p>";
  html += "<p class=\"govuk-body\">" +
          escape(i18n::plural(ctx.locale, "map.dashboard.awaiting_count", static_cast<std::int64_t>(entries.size()))) +
          "</p>";

  web::Table table;
  table.caption = t(ctx, "map.dashboard.awaiting_caption");
  table.headers = {t(ctx, "map.dashboard.select"),           t(ctx, "map.contributions.who"),
                   t(ctx, "map.mine.initiative"),            t(ctx, "map.contributions.role"),
                   t(ctx, "map.contributions.phase"),        t(ctx, "map.contributions.what"),
                   t(ctx, "map.contribution.recorded_as"),   t(ctx, "map.contributions.status")};
  table.stack_on_narrow = true;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& c = entries[i];
    auto initiative = initiatives.contains(c.initiative_id) ? initiatives.at(c.initiative_id) : std::string();
    auto what = amount(ctx, c);
    auto label = t(ctx, "map.dashboard.select_entry", {{"who", c.contributor_label}, {"initiative", initiative}});
    bool checked = std::ranges::find(typed.ids, c.id) != typed.ids.end();
    table.rows_html.push_back(
        {select_box(i, c.id, label, checked), link("/contributions/" + c.id, c.contributor_label),
         escape(initiative), escape(name_of(ctx, "map.role.", c.role)), escape(name_of(ctx, "map.phase.", c.phase)),
         escape(what.empty() ? name_of(ctx, "map.kind.", c.kind) : what), escape(recorder_text(ctx, c, names)),
         status_tag(ctx, c) + (c.reason.empty() ? "" : "<p class=\"govuk-body-s\">" + escape(c.reason) + "</p>")});
  }

  bool ids_error = !errors["ids"].empty();
  html += web::form_open(ctx, "/dashboard/decisions");
  html += std::string("<div class=\"govuk-form-group") + (ids_error ? " govuk-form-group--error" : "") +
          "\"><fieldset class=\"govuk-fieldset\"" + (ids_error ? " aria-describedby=\"ids-error\"" : "") +
          "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">" +
          escape(t(ctx, "map.dashboard.choose")) + "</legend>" +
          (ids_error ? web::error_message(ctx.locale, "ids", errors["ids"]) : "") + web::table(table) +
          "</fieldset></div>";
  html += web::textarea(ctx.locale, {"reason", "reason", t(ctx, "map.dashboard.reason"),
                                     t(ctx, "map.dashboard.reason_hint"), errors["reason"], typed.reason, 3});
  html += "<div class=\"govuk-button-group\">" +
          web::button({t(ctx, "map.dashboard.confirm_button"), false, "action", "confirm"}) +
          web::button({t(ctx, "map.dashboard.dispute_button"), true, "action", "dispute"}) + "</div></form>";
  return html;
}

std::string unclassified_section(const Context& ctx, store::Connection& conn, const std::string& org) {
  auto data = load_map(conn, org);
  web::Table table;
  table.caption = t(ctx, "map.dashboard.unclassified_caption");
  table.headers = {t(ctx, "map.mine.initiative"), t(ctx, "map.dashboard.phases_needed")};
  table.first_cell_is_header = true;
  for (const auto& v : data.initiatives) {
    if (v.typology.cell != Cell::unclassified) continue;
    std::string phases;
    for (Phase p : v.typology.phases_needing_contributions)
      phases += (phases.empty() ? "" : ", ") + name_of(ctx, "map.phase.", p);
    table.rows_html.push_back({link("/initiatives/" + v.initiative.id, v.initiative.name), escape(phases)});
  }
  std::string html = "<h2 class=\"govuk-heading-l\" id=\"unclassified\">" +
                     escape(t(ctx, "map.dashboard.unclassified_title")) + "</h2>";
  if (table.rows_html.empty())
    return html + "<p class=\"govuk-body\">" + escape(t(ctx, "map.dashboard.unclassified_none")) + "</p>";
  return html + "<p class=\"govuk-body\">" + escape(t(ctx, "map.dashboard.unclassified_intro")) + "</p>" +
         web::table(table);
}

std::string recent_section(const Context& ctx, store::Connection& conn, const std::string& org, const Names& names) {
  audit::Filter latest;
  latest.limit = kRecentChanges;
  auto events = audit::list(conn, org, latest);
  web::Table table;
  table.caption = t(ctx, "map.dashboard.recent_caption");
  table.headers = {t(ctx, "map.dashboard.when"), t(ctx, "map.dashboard.who"), t(ctx, "map.dashboard.what")};
  table.stack_on_narrow = true;
  for (const auto& e : events) {
    auto who = !e.actor_account_id ? t(ctx, "map.contribution.recorded_by_platform")
               : names.contains(*e.actor_account_id) ? names.at(*e.actor_account_id)
                                                     : t(ctx, "map.dashboard.former_member");
    table.rows_html.push_back({escape(date_or_blank(ctx, e.at.substr(0, 10)) + " " + e.at.substr(11, 5)),
                               escape(who), escape(e.action + " " + e.entity_type)});
  }
  std::string html = "<h2 class=\"govuk-heading-l\" id=\"recent\">" + escape(t(ctx, "map.dashboard.recent_title")) + "</h2>";
  if (table.rows_html.empty()) return html + "<p class=\"govuk-body\">" + escape(t(ctx, "map.dashboard.recent_none")) + "</p>";
  return html + web::table(table);
}

Response dashboard_page(store::Database& db, Context& ctx, const Typed& typed = {},
                        const std::vector<Problem>& problems = {}) {
  auto conn = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto errors = form_errors(ctx, problems);
  for (auto& e : errors.summary)
    if (e.field_id == "ids") e.field_id = "ids-1";
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-xl\">" +
                     escape(t(ctx, "map.dashboard.title")) + "</h1>";
  Names names;
  for (auto& [name, id] : members_of(*conn, org)) names[id] = name;
  html += awaiting_section(ctx, *conn, org, names, typed, errors);
  html += unclassified_section(ctx, *conn, org);
  if (ctx.principal.has(core::Role::officer)) html += recent_section(ctx, *conn, org, names);
  web::PageOptions options{t(ctx, "map.dashboard.title"), {}, errors.summary, "/dashboard"};
  auto r = Response::html(web::page(ctx, options, html), problems.empty() ? 200 : 422);
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response submit_decisions(store::Database& db, Context& ctx) {
  Typed typed{ctx.request.form_values("ids"), web::value_of(ctx.request.form(), "reason")};
  auto action = web::value_of(ctx.request.form(), "action");
  try {
    auto decided = decide_contributions(db, ctx.principal, typed.ids, action, typed.reason);
    return Response::redirect(web::with_done("/dashboard", decided == 1 ? "map.dashboard." + action + "_one.done"
                                                                         : "map.dashboard." + action + "_many.done"));
  } catch (const ValidationFailed& e) {
    return dashboard_page(db, ctx, typed, e.problems());
  }
}

// {"ids": [...], "action": "confirm" | "dispute", "reason": "..."}
Response api_decisions(store::Database& db, Context& ctx) {
  json::error_code ec;
  auto parsed = json::parse(ctx.request.body, ec);
  if (ec || !parsed.is_object()) throw core::malformed("The body must be a JSON object");
  std::vector<Problem> problems;
  std::vector<std::string> ids;
  std::string action, reason;
  for (const auto& [key, value] : parsed.as_object()) {
    auto text = [&](std::string& into) {
      if (value.is_string()) into = value.as_string();
      else if (!value.is_null()) problems.push_back({std::string(key), "web.error.field.wrong_type"});
    };
    if (key == "action") text(action);
    else if (key == "reason") text(reason);
    else if (key == "ids" && value.is_array() &&
             std::ranges::all_of(value.as_array(), [](const auto& v) { return v.is_string(); }))
      for (const auto& v : value.as_array()) ids.emplace_back(v.as_string());
    else if (key == "ids") problems.push_back({"ids", "map.dashboard.error.ids_list"});
    else problems.push_back({std::string(key), "web.error.field.unknown"});
  }
  if (!problems.empty()) throw ValidationFailed(problems);
  auto decided = decide_contributions(db, ctx.principal, ids, action, reason);
  return Response::json(json::object{{"decided", decided}});
}

}  // namespace

void add_dashboard_pages(module::Loader& l) {
  store::Database& db = l.db();
  l.nav({"/dashboard", "map.dashboard.nav", "map.confirm", 5});
  l.page(http::Method::get, "/dashboard", "map.confirm", [&db](Context& ctx) { return dashboard_page(db, ctx); },
         "What awaits confirmation, initiatives not yet classified and, for officers, recent changes");
  l.page(http::Method::post, "/dashboard/decisions", "map.confirm",
         [&db](Context& ctx) { return submit_decisions(db, ctx); },
         "Confirm, or dispute with one reason, the chosen contributions at once");
  l.api(http::Method::post, "/api/v1/contributions/decisions", "map.confirm",
        [&db](Context& ctx) { return api_decisions(db, ctx); },
        module::Api("Confirm, or dispute with one reason, up to 200 contributions at once: all or none. "
                    "Each recorder is told.")
            .body(R"({"type": "object", "required": ["ids", "action"], "properties": {
                "ids": {"type": "array", "items": {"type": "string"}, "maxItems": 200},
                "action": {"type": "string", "enum": ["confirm", "dispute"]},
                "reason": {"type": "string", "description": "Required to dispute"}}})")
            .returns(200, "How many were decided",
                     R"({"type": "object", "properties": {"decided": {"type": "integer"}}})")
            .error(422, "No entries, too many, an unknown action, a dispute without a reason, or an "
                        "entry that is not awaiting this decision; nothing was changed")
            .error(409, "Someone decided one of them first; nothing was changed"));
}

}  // namespace coproduce::map
