// The map's HTML pages: the 3x3 grid with filters, an initiative's page with
// the reasons for its cell, and the form to record a contribution. Forms use
// POST-redirect-GET; every string comes from the catalogue.
#include <algorithm>
#include <cctype>

#include <boost/json.hpp>

#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "i18n/i18n.hpp"
#include "map/commands.hpp"
#include "map/json.hpp"
#include "map/page_support.hpp"
#include "map/cache.hpp"
#include "module/cache.hpp"
#include "module/registry.hpp"
#include "map/repository.hpp"
#include "map/routes.hpp"
#include "map/view.hpp"
#include "web/components.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::map {
namespace {

using http::Context;
using http::Response;
using web::escape;
using namespace pages;

// The filters of the map and of the list of initiatives (which adds a search).
std::string filter_form(const Context& ctx, const MapData& data, const std::string& action = "/map") {
  auto current = [&](const char* name) { return ctx.request.query_param(name).value_or(""); };
  std::string html = "<form method=\"get\" action=\"" + escape(action) + "\" class=\"app-filters\">";
  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "map.filter.title")) + "</h2>";
  if (action != "/map")
    html += web::text_input(ctx.locale, {"q", "q", t(ctx, "map.list.search"), t(ctx, "map.list.search_hint"), "",
                                         current("q"), "search", "off", "", ""});
  html += "<div class=\"app-filters__fields\">";
  html += web::select(ctx.locale, {"area", "area", t(ctx, "map.filter.area"), "", "",
                                   options_of(ctx, data.areas), current("area")});
  html += web::select(ctx.locale, {"service", "service", t(ctx, "map.filter.service"), "", "",
                                   options_of(ctx, data.services), current("service")});
  html += web::select(ctx.locale, {"phase", "phase", t(ctx, "map.filter.phase"), "", "",
                                   enum_options(ctx, "map.phase.", kAllPhases, true),
                                   current("phase")});
  html += web::select(ctx.locale, {"co", "co", t(ctx, "map.filter.co"), "", "",
                                   enum_options(ctx, "map.co.", kAllCos, true), current("co")});
  html += "</div>";
  html += web::button({t(ctx, "map.filter.apply"), true, "", ""});
  html += "</form>";
  return html;
}

std::string initiative_links(const std::vector<const InitiativeView*>& items) {
  if (items.empty()) return "";
  std::string html = "<ul class=\"govuk-list app-grid__list\">";
  for (const auto* v : items)
    html += "<li>" + link("/initiatives/" + v->initiative.id, v->initiative.name) + "</li>";
  return html + "</ul>";
}

// The grid as a table: columns are who plans, rows who delivers, so a screen
// reader announces both headers with each cell.
std::string grid(const Context& ctx, const std::vector<const InitiativeView*>& shown) {
  constexpr const char* kAxes[] = {"professional", "shared", "citizen"};
  std::string html = "<table class=\"govuk-table app-grid\" id=\"typology-grid\">";
  html += "<caption class=\"govuk-table__caption govuk-table__caption--m\">" +
          escape(t(ctx, "map.grid.caption")) + "</caption>";
  html += "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">";
  html += "<td class=\"govuk-table__header app-grid__corner\"><span class=\"app-grid__axis\">" +
          escape(t(ctx, "map.grid.delivery_axis")) + " \\ " +
          escape(t(ctx, "map.grid.planning_axis")) + "</span></td>";
  for (const char* axis : kAxes)
    html += "<th scope=\"col\" class=\"govuk-table__header\">" +
            escape(t(ctx, std::string("map.grid.planning.") + axis)) + "</th>";
  html += "</tr></thead><tbody class=\"govuk-table__body\">";
  for (int row = 0; row < 3; ++row) {
    html += "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">" +
            escape(t(ctx, std::string("map.grid.delivery.") + kAxes[row])) + "</th>";
    for (int column = 0; column < 3; ++column) {
      Cell cell = cell_at(row, column);
      std::vector<const InitiativeView*> here;
      for (const auto* v : shown)
        if (v->typology.cell == cell) here.push_back(v);
      html += "<td class=\"govuk-table__cell app-grid__cell\" data-cell=\"" +
              std::string(to_string(cell)) + "\"><p class=\"govuk-body-s app-grid__name\">" +
              escape(name_of(ctx, "map.cell.", cell)) + "</p>";
      if (cell == Cell::not_applicable && !here.empty())
        html += "<p class=\"govuk-body-s\"><strong class=\"govuk-tag govuk-tag--orange\">" +
                escape(t(ctx, "map.hint.not_applicable_cell")) + "</strong></p>";
      html += initiative_links(here) + "</td>";
    }
    html += "</tr>";
  }
  return html + "</tbody></table>";
}

Response map_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto conn = db.acquire();
  MapData data = load_map(*conn, ctx.principal.organisation_id);
  std::vector<web::FieldError> errors;
  MapFilter filter;
  try {
    filter = parse_filter(ctx.request);
  } catch (const core::Error& e) {
    errors.push_back({e.field(), t(ctx, "map.error.not_a_choice")});
  }
  auto shown = apply(data, filter);
  std::string html = "<h1 class=\"govuk-heading-xl\">" + escape(t(ctx, "map.title")) + "</h1>";
  html += "<p class=\"govuk-body-l\">" + escape(t(ctx, "map.intro")) + "</p>";
  if (can_confirm(ctx.principal))
    html += web::button_link(t(ctx, "map.new.title"), "/initiatives/new");
  html += filter_form(ctx, data);
  html += "<p class=\"govuk-body\" id=\"map-count\" role=\"status\">" +
          escape(i18n::plural(ctx.locale, "map.count.initiatives",
                              static_cast<std::int64_t>(shown.size()))) +
          "</p>";
  html += grid(ctx, shown);
  std::vector<const InitiativeView*> unclassified;
  for (const auto* v : shown)
    if (v->typology.cell == Cell::unclassified) unclassified.push_back(v);
  if (!unclassified.empty()) {
    html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "map.cell.unclassified")) + "</h2>";
    html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.unclassified_intro")) + "</p>";
    html += initiative_links(unclassified);
  }
  html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.not_a_ladder")) + "</p>";
  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "map.download.title")) + "</h2>";
  html += "<ul class=\"govuk-list\">";
  for (const auto& e : registry.exports(ctx.principal))
    if (e.where_key.empty()) html += "<li>" + link(e.path, t(ctx, e.label_key)) + "</li>";  // not each record's
  html += "<li>" + link("/api/v1/initiatives", t(ctx, "map.download.json")) + "</li>";
  html += "<li>" + link("/data-dictionary", t(ctx, "map.download.dictionary")) + "</li></ul>";
  web::PageOptions options{t(ctx, "map.title"), {}, errors, std::string(web::kMapPath)};
  return Response::html(web::page(ctx, options, html), errors.empty() ? 200 : 422);
}

// ---- the list of initiatives ---------------------------------------------

constexpr std::size_t kPerPage = 20;

std::string lower_ascii(std::string text) {
  for (auto& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

// The list's address for another page, keeping the search and the filters.
std::string list_href(const Context& ctx, std::size_t page) {
  std::string query;
  for (const char* name : {"q", "area", "service", "phase", "co", "cell"})
    if (auto v = ctx.request.query_param(name); v && !v->empty())
      query += std::string(query.empty() ? "?" : "&") + name + "=" + web::url_encode(*v);
  return "/initiatives" + query + (query.empty() ? "?" : "&") + "page=" + std::to_string(page);
}

Response initiatives_page(store::Database& db, Context& ctx) {
  auto conn = db.acquire();
  MapData data = load_map(*conn, ctx.principal.organisation_id);
  std::vector<web::FieldError> errors;
  MapFilter filter;
  try {
    filter = parse_filter(ctx.request);
  } catch (const core::Error& e) {
    errors.push_back({e.field(), t(ctx, "map.error.not_a_choice")});
  }
  // Case is ignored for the letters A to Z; other letters match as typed.
  auto search = lower_ascii(core::trimmed(ctx.request.query_param("q").value_or("")));
  std::vector<const InitiativeView*> found;
  for (const auto* v : apply(data, filter))
    if (search.empty() || lower_ascii(v->initiative.name).find(search) != std::string::npos ||
        lower_ascii(v->initiative.summary).find(search) != std::string::npos)
      found.push_back(v);
  std::size_t pages = std::max<std::size_t>(1, (found.size() + kPerPage - 1) / kPerPage);
  auto asked = ctx.request.query_param("page").value_or("1");
  std::size_t page = asked.size() <= 6 && !asked.empty() && asked.find_first_not_of("0123456789") == std::string::npos
                         ? std::clamp<std::size_t>(std::stoul(asked), 1, pages)
                         : 1;

  std::string html = "<h1 class=\"govuk-heading-xl\">" + escape(t(ctx, "map.list.title")) + "</h1>";
  if (can_confirm(ctx.principal)) html += web::button_link(t(ctx, "map.new.title"), "/initiatives/new");
  html += filter_form(ctx, data, "/initiatives");
  html += "<p class=\"govuk-body\" id=\"list-count\" role=\"status\">" +
          escape(i18n::plural(ctx.locale, "map.count.initiatives", static_cast<std::int64_t>(found.size()))) + "</p>";
  if (!found.empty()) {
    web::Table table;
    table.caption = t(ctx, "map.list.caption", {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}});
    table.headers = {t(ctx, "map.list.name"), t(ctx, "map.filter.area"), t(ctx, "map.filter.service"),
                     t(ctx, "map.typology.cell"), t(ctx, "map.list.confirmed")};
    table.numeric = {false, false, false, false, true};
    table.stack_on_narrow = true;
    for (std::size_t i = (page - 1) * kPerPage; i < std::min(found.size(), page * kPerPage); ++i) {
      const auto& v = *found[i];
      table.rows_html.push_back({link("/initiatives/" + v.initiative.id, v.initiative.name),
                                 escape(v.area ? v.area->name : ""), escape(v.service ? v.service->name : ""),
                                 escape(name_of(ctx, "map.cell.", v.typology.cell)),
                                 escape(i18n::format_number(ctx.locale, v.typology.confirmed_contributions))});
    }
    html += web::table(table);
    if (pages > 1) {
      web::Pagination nav;
      nav.current = static_cast<int>(page);
      if (page > 1) nav.previous_href = list_href(ctx, page - 1);
      if (page < pages) nav.next_href = list_href(ctx, page + 1);
      for (std::size_t p = 1; p <= pages; ++p) nav.pages.push_back({static_cast<int>(p), list_href(ctx, p)});
      html += web::pagination(ctx.locale, nav);
    }
  }
  web::PageOptions options{t(ctx, "map.list.title"), {}, errors, "/initiatives"};
  return Response::html(web::page(ctx, options, html), errors.empty() ? 200 : 422);
}

// ---- an initiative -------------------------------------------------------

std::string reasons(const Context& ctx, const Typology& typology) {
  std::string html = "<ul class=\"govuk-list govuk-list--bullet\" id=\"typology-reasons\">";
  html += "<li>" + escape(axis_reason_text(ctx.locale, "planning", typology.planning)) + "</li>";
  html += "<li>" + escape(axis_reason_text(ctx.locale, "delivery", typology.delivery)) + "</li>";
  html += "</ul>";
  if (!typology.phases_needing_contributions.empty()) {
    std::string phases;
    for (Phase p : typology.phases_needing_contributions)
      phases += (phases.empty() ? "" : ", ") + name_of(ctx, "map.phase.", p);
    html += web::inset_text(escape(t(ctx, "map.needs_contributions", {{"phases", phases}})));
  }
  for (Hint h : typology.hints)
    html += web::inset_text("<strong>" + escape(t(ctx, "map.hint.title")) + "</strong> " +
                            escape(name_of(ctx, "map.hint.", h)));
  return html;
}

// Contributions and hours of citizens and professionals, one row per phase or per Co.
template <class Key, std::size_t N>
std::string totals_table(const Context& ctx, const std::string& caption, const std::string& first_header,
                         std::string_view names, const Key (&keys)[N], const PhaseTotals* totals) {
  web::Table table;
  table.caption = caption;
  table.headers = {first_header, t(ctx, "map.totals.citizen_contributions"),
                   t(ctx, "map.totals.citizen_hours"), t(ctx, "map.totals.professional_contributions"),
                   t(ctx, "map.totals.professional_hours")};
  table.numeric = {false, true, true, true, true};
  table.first_cell_is_header = true;
  for (Key key : keys) {
    const auto& total = totals[static_cast<int>(key)];
    table.rows_html.push_back(
        {escape(name_of(ctx, names, key)),
         escape(i18n::format_number(ctx.locale, total.citizen_contributions)),
         escape(hours_text(total.citizen_hours_x100)),
         escape(i18n::format_number(ctx.locale, total.professional_contributions)),
         escape(hours_text(total.professional_hours_x100))});
  }
  return web::table(table);
}

// The ledger entries the viewer may see, each with its status, a link to its
// own page and, when a module produced it, a link back to that record.
std::string contributions_table(const Context& ctx, const module::Registry& registry,
                                const InitiativeDetail& d) {
  std::string html;
  if (d.listed.empty() && d.aggregate_only == 0)
    return "<p class=\"govuk-body\">" + escape(t(ctx, "map.contributions.none")) + "</p>";
  if (!d.listed.empty()) {
    web::Table table;
    table.caption = t(ctx, "map.contributions.caption");
    table.headers = {t(ctx, "map.contributions.date"), t(ctx, "map.contributions.who"),
                     t(ctx, "map.contributions.role"), t(ctx, "map.contributions.phase"),
                     t(ctx, "map.contributions.what"), t(ctx, "map.contributions.status"),
                     t(ctx, "map.contributions.record_link")};
    table.stack_on_narrow = true;
    for (const auto& c : d.listed) {
      std::string who = escape(contributor_name(c, d.person_names, d.group_names));
      if (c.people > 1) who += " (" + escape(i18n::plural(ctx.locale, "map.count.people", c.people)) + ")";
      if (c.group_id && d.group_names.count(*c.group_id) && c.visibility != Visibility::named)
        who += "<br><span class=\"govuk-body-s\">" + escape(d.group_names.at(*c.group_id)) + "</span>";
      std::string what = escape(name_of(ctx, "map.kind.", c.kind));
      if (auto a = amount(ctx, c); !a.empty()) what += ": " + escape(a);
      if (!c.description.empty())
        what += "<br><span class=\"govuk-body-s\">" + escape(c.description) + "</span>";
      std::string links = link("/contributions/" + c.id, t(ctx, "map.contributions.details"));
      if (c.source_type != "map.contribution")
        if (const auto* source = registry.find_source(c.source_type))
          links += "<br>" + link(registry.source_link(c.source_type, c.source_id),
                                 t(ctx, source->label_key));
      table.rows_html.push_back({escape(date_or_blank(ctx, c.made_on)), who,
                                 escape(name_of(ctx, "map.role.", c.role)),
                                 escape(name_of(ctx, "map.phase.", c.phase)), what,
                                 status_tag(ctx, c), links});
    }
    html += web::table(table);
  }
  if (d.aggregate_only > 0)
    html += "<p class=\"govuk-body\" id=\"aggregate-only\">" +
            escape(i18n::plural(ctx.locale, "map.contributions.aggregate_only", d.aggregate_only)) +
            "</p>";
  return html;
}


Response initiative_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto conn = db.acquire();
  auto d = load_initiative(*conn, ctx.principal.organisation_id, ctx.param("id"),
                           Viewer::of(ctx.principal));
  const auto& i = d.view.initiative;
  const auto& typology = d.view.typology;
  std::string html;
  if (ctx.request.query_param("recorded"))
    html += web::notification_banner(ctx.locale, t(ctx, "map.contributions.recorded"), "", true);
  html += web::done_banner(ctx);
  html += "<h1 class=\"govuk-heading-xl\">" + escape(i.name) + "</h1>";
  if (!i.summary.empty()) html += "<p class=\"govuk-body-l\">" + escape(i.summary) + "</p>";
  if (registry.policy("map.edit").allows(ctx.principal))
    html += web::button_link(t(ctx, "map.edit_initiative.button"), "/initiatives/" + i.id + "/edit");

  std::string cos;
  for (Co c : typology.active_cos) cos += web::tag(name_of(ctx, "map.co.", c), "turquoise") + " ";
  std::string drivers;
  if (i.governance_driver) drivers += escape(t(ctx, "map.driver.governance"));
  if (i.logistical_driver)
    drivers += (drivers.empty() ? "" : ", ") + escape(t(ctx, "map.driver.logistical"));
  std::vector<web::SummaryRow> rows = {
      {t(ctx, "map.typology.cell"), "<strong id=\"typology-cell\" data-cell=\"" +
                                        std::string(to_string(typology.cell)) + "\">" +
                                        escape(name_of(ctx, "map.cell.", typology.cell)) +
                                        "</strong>"},
      {t(ctx, "map.typology.is_coproduction"),
       escape(t(ctx, typology.counts_as_coproduction ? "map.co_production.yes"
                                                     : "map.co_production.no"))},
      {t(ctx, "map.typology.active_cos"),
       cos.empty() ? escape(t(ctx, "map.typology.none")) : cos},
      {t(ctx, "map.filter.area"), escape(d.view.area ? d.view.area->name : "")},
      {t(ctx, "map.filter.service"),
       d.view.service ? escape(d.view.service->name) + " (" + escape(d.view.service->provider) +
                            ", " + escape(name_of(ctx, "map.sector.", d.view.service->sector)) + ")"
                      : ""},
      {t(ctx, "map.level.title"), i.level ? escape(name_of(ctx, "map.level.", *i.level)) : ""},
      {t(ctx, "map.driver.title"), drivers},
      {t(ctx, "map.started_on"), escape(date_or_blank(ctx, i.started_on))},
  };
  html += web::summary_list(rows);
  html += "<h2 class=\"govuk-heading-l\">" + escape(t(ctx, "map.typology.why")) + "</h2>";
  html += reasons(ctx, typology);
  html += "<h2 class=\"govuk-heading-l\">" + escape(t(ctx, "map.contributions.title")) + "</h2>";
  if (ctx.principal.signed_in())
    html += web::button_link(t(ctx, "map.contributions.record"),
                             "/initiatives/" + i.id + "/contributions/new");
  else
    html += "<p class=\"govuk-body\">" +
            link("/login?return=" + web::url_encode("/initiatives/" + i.id),
                 t(ctx, "map.contributions.sign_in_to_record")) +
            "</p>";
  html += contributions_table(ctx, registry, d);
  html += totals_table(ctx, t(ctx, "map.totals.caption"), t(ctx, "map.totals.phase"), "map.phase.",
                       kAllPhases, typology.totals.data());
  auto by_co = totals_by_co(typology);
  html += totals_table(ctx, t(ctx, "map.totals.by_co_caption"), t(ctx, "map.filter.co"), "map.co.", kAllCos,
                       by_co.data());
  html += assessments_section(ctx, d.assessments,
                              registry.policy("map.edit").allows(ctx.principal) ? "/initiatives/" + i.id + "/assessments/new" : "");
  web::PageOptions options{i.name, {{t(ctx, "map.title"), "/map"}}, {}, std::string(web::kMapPath)};
  auto r = Response::html(web::page(ctx, options, html));
  if (ctx.principal.signed_in()) r.set_header("Cache-Control", "no-store");
  return r;
}

// ---- creating an initiative -------------------------------------------------

// The form to add an initiative, or (with an id) to change one.
// When it started: optional, today or before (as the commands check it).
web::DateField started_on_field(const Context& ctx) {
  return {"started_on", t(ctx, "map.form.started_on"), {.latest = core::today_utc()}};
}

Response initiative_form_page(const Context& ctx, const MapData& data, const Fields& values,
                              const std::vector<Problem>& problems, const Initiative* editing_one = nullptr) {
  std::string id = editing_one ? editing_one->id : std::string();
  bool editing = !id.empty();
  auto title = t(ctx, editing ? "map.edit_initiative.title" : "map.new.title");
  auto errors = form_errors(ctx, problems);
  web::date_errors(ctx.locale, errors, values, started_on_field(ctx));
  auto summary = errors.summary;
  auto value = [&](const char* name) { return value_of(values, name); };
  auto error = [&](const char* name) { return errors[name]; };
  auto none = [&](std::vector<web::Option> options) {
    options.front().label = t(ctx, "map.form.none");
    return options;
  };
  std::vector<std::string> drivers;
  for (const char* d : {"governance_driver", "logistical_driver"})
    if (value(d) == "true" || value(d) == "on") drivers.push_back(d);
  std::string html = "<h1 class=\"govuk-heading-xl\">" + escape(title) + "</h1>";
  html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.new.intro")) + "</p>";
  html += "<form method=\"post\" action=\"" + escape(editing ? "/initiatives/" + id + "/edit" : "/initiatives") +
          "\" novalidate>" + web::csrf_field(ctx);
  html += web::text_input(ctx.locale, {"name", "name", t(ctx, "map.new.name"), "", error("name"),
                                       value("name"), "text", "off", "", ""});
  html += web::textarea(ctx.locale, {"summary", "summary", t(ctx, "map.new.summary"), "",
                                     error("summary"), value("summary"), 4});
  html += web::select(ctx.locale, {"area_id", "area_id", t(ctx, "map.filter.area"), "",
                                   error("area_id"), none(options_of(ctx, data.areas)),
                                   value("area_id")});
  html += web::select(ctx.locale, {"service_id", "service_id", t(ctx, "map.filter.service"), "",
                                   error("service_id"), none(options_of(ctx, data.services)),
                                   value("service_id")});
  auto levels = enum_options(ctx, "map.level.", kAllLevels, false);
  levels.insert(levels.begin(), {"", t(ctx, "map.form.not_declared"), ""});
  html += web::radios(ctx.locale, {"level", "level", t(ctx, "map.level.title"),
                                   t(ctx, "map.new.level_hint"), error("level"), levels,
                                   {value("level")}, false, false});
  html += web::checkboxes(ctx.locale, {"governance_driver", "", t(ctx, "map.driver.title"),
                                       t(ctx, "map.new.drivers_hint"), "",
                                       {{"governance_driver", t(ctx, "map.driver.governance"), ""},
                                        {"logistical_driver", t(ctx, "map.driver.logistical"), ""}},
                                       drivers, false, false});
  html += web::date_input(ctx.locale, {"started_on", "started_on", t(ctx, "map.form.started_on"), "",
                                       error("started_on"), web::date_value(values, "started_on")});
  html += web::button({t(ctx, editing ? "map.edit_initiative.save" : "map.new.save"), false, "", ""});
  html += "</form>";
  std::vector<web::Breadcrumb> crumbs = {{t(ctx, "map.title"), "/map"}};
  if (editing) crumbs.push_back({editing_one->name, "/initiatives/" + id});
  web::PageOptions options{title, crumbs, summary, std::string(web::kMapPath)};
  return Response::html(web::page(ctx, options, html), problems.empty() ? 200 : 422);
}

// The initiative form's fields as the commands take them.
Fields posted_initiative(const Context& ctx) {
  auto form = ctx.request.form();
  Fields fields;
  for (const auto& name : initiative_fields())
    if (form.count(name)) fields[name] = form.at(name);
  // The drivers are checkboxes sharing one name; each checked box sends its value.
  for (const char* d : {"governance_driver", "logistical_driver"}) fields[d] = "false";
  for (const auto& v : ctx.request.form_values("governance_driver"))
    if (v == "governance_driver" || v == "logistical_driver") fields[v] = "true";
  web::take_date(form, fields, started_on_field(ctx));
  return fields;
}

}  // namespace

void add_pages(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  using module::kPublic;

  // Public pages are answered from memory while the organisation's content version holds.
  auto cache = [&db](http::Handler handler) { return module::cached(db, map_version, std::move(handler)); };
  l.page(http::Method::get, "/map", kPublic,
             cache([&db, &registry](Context& ctx) { return map_page(db, registry, ctx); }),
             "The co-production map");
  l.page(http::Method::get, "/initiatives", kPublic,
             cache([&db](Context& ctx) { return initiatives_page(db, ctx); }),
             "Every initiative, with a search, the map's filters and pages of 20");
  l.nav({"/initiatives", "map.list.nav", kPublic, 20});
  l.page(http::Method::get, "/initiatives/{id}", kPublic,
             cache([&db, &registry](Context& ctx) { return initiative_page(db, registry, ctx); }),
             "An initiative's page");
  l.page(http::Method::get, "/initiatives/new", "map.edit",
      [&db](Context& ctx) {
        auto conn = db.acquire();
        return initiative_form_page(ctx, load_map(*conn, ctx.principal.organisation_id), {}, {});
      },
      "Form to create an initiative with its declared descriptors");
  l.page(http::Method::post, "/initiatives", "map.edit",
      [&db](Context& ctx) {
        auto fields = posted_initiative(ctx);
        try {
          auto id = create_initiative(db, ctx.principal, fields);
          return Response::redirect("/initiatives/" + id);
        } catch (const ValidationFailed& e) {
          auto conn = db.acquire();
          return initiative_form_page(ctx, load_map(*conn, ctx.principal.organisation_id), fields,
                                      e.problems());
        }
      },
      "Create an initiative from the form");
  l.page(http::Method::get, "/initiatives/{id}/edit", "map.edit",
      [&db](Context& ctx) {
        auto conn = db.acquire();
        const auto& org = ctx.principal.organisation_id;
        auto i = initiative_or_404(*conn, ctx, ctx.param("id"));
        return initiative_form_page(ctx, load_map(*conn, org), fields_from_initiative(i), {}, &i);
      },
      "Form to change an initiative's name, summary, area, service and declared descriptors");
  l.page(http::Method::post, "/initiatives/{id}/edit", "map.edit",
      [&db](Context& ctx) {
        auto fields = posted_initiative(ctx);
        try {
          update_initiative(db, ctx.principal, ctx.param("id"), fields);
        } catch (const ValidationFailed& e) {
          auto conn = db.acquire();
          auto i = initiative_or_404(*conn, ctx, ctx.param("id"));
          return initiative_form_page(ctx, load_map(*conn, ctx.principal.organisation_id), fields, e.problems(), &i);
        }
        return Response::redirect(web::with_done("/initiatives/" + ctx.param("id"), "map.edit_initiative.done"));
      },
      "Change an initiative from the form");
  add_contribution_pages(l);
  add_assessment_pages(l);
}

}  // namespace coproduce::map
