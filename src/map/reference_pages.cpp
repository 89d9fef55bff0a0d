// The officer's pages for the records initiatives refer to: areas (nested),
// services (provider and sector) and community groups. Each has a list (the
// archived last, marked), a form to add one, a form to change one, and
// archive and restore buttons. Archived records leave every list and choice
// but keep their place where something refers to them.
#include "map/commands.hpp"
#include "map/page_support.hpp"
#include "map/repository.hpp"
#include "map/routes.hpp"
#include "module/registry.hpp"
#include "web/html.hpp"

namespace coproduce::map {
namespace {

using http::Context;
using http::Response;
using namespace pages;
using web::escape;

// What differs between the three kinds; the pages are otherwise the same.
struct Kind {
  std::string path;    // "areas": the pages live under /areas
  std::string key;     // "map.areas.": the prefix of its messages
  ReferenceKind kind;
  const std::vector<std::string>& (*fields)();
  std::string (*create)(store::Database&, const core::Principal&, const Fields&);
  void (*update)(store::Database&, const core::Principal&, const std::string&, const Fields&);
};

const Kind kKinds[] = {
    {"areas", "map.areas.", ReferenceKind::area, area_fields, create_area, update_area},
    {"services", "map.services.", ReferenceKind::service, service_fields, create_service, update_service},
    {"groups", "map.groups.", ReferenceKind::group, group_fields, create_group, update_group},
};

// One row of a list: the record as the page shows and edits it.
struct Item {
  std::string id, name, details;
  bool archived = false;
  Fields fields;  // the form's values
};

std::vector<Item> items_of(store::Connection& conn, const Context& ctx, const Kind& k) {
  const auto& org = ctx.principal.organisation_id;
  std::vector<Item> out;
  switch (k.kind) {
    case ReferenceKind::area: {
      auto areas = repo::list_areas(conn, org, true);
      std::map<std::string, std::string> names;
      for (const auto& a : areas) names[a.id] = a.name;
      for (const auto& a : areas) {
        auto details = name_of(ctx, "map.area_kind.", a.kind);
        if (a.parent_id && names.contains(*a.parent_id))
          details += ", " + t(ctx, "map.areas.inside", {{"name", names.at(*a.parent_id)}});
        out.push_back({a.id, a.name, details, a.archived,
                       {{"name", a.name}, {"kind", std::string(to_string(a.kind))},
                        {"parent_id", a.parent_id.value_or("")}}});
      }
      break;
    }
    case ReferenceKind::service:
      for (const auto& v : repo::list_services(conn, org, true))
        out.push_back({v.id, v.name, v.provider + ", " + name_of(ctx, "map.sector.", v.sector), v.archived,
                       {{"name", v.name}, {"provider", v.provider}, {"sector", std::string(to_string(v.sector))}}});
      break;
    case ReferenceKind::group:
      for (const auto& g : repo::list_groups(conn, org, true))
        out.push_back({g.id, g.name, g.description, g.archived, {{"name", g.name}, {"description", g.description}}});
      break;
  }
  return out;
}

// Links between the three lists, the current one marked.
std::string sub_navigation(const Context& ctx, const Kind& current) {
  std::string html = "<nav class=\"app-sub-navigation\" aria-label=\"" + escape(t(ctx, "map.reference.nav_label")) +
                     "\"><ul class=\"govuk-list\">";
  for (const auto& k : kKinds) {
    bool here = k.path == current.path;
    html += "<li><a class=\"govuk-link\" href=\"/" + k.path + "\"" + (here ? " aria-current=\"page\"" : "") + ">" +
            (here ? "<strong>" : "") + escape(t(ctx, k.key + "title")) + (here ? "</strong>" : "") + "</a></li>";
  }
  return html + "</ul></nav>";
}

Response list_page(store::Database& db, Context& ctx, const Kind& k) {
  auto conn = db.acquire();
  auto items = items_of(*conn, ctx, k);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-xl\">" + escape(t(ctx, k.key + "title")) +
                     "</h1>" + sub_navigation(ctx, k) + "<p class=\"govuk-body\">" + escape(t(ctx, k.key + "intro")) +
                     "</p>" + web::button_link(t(ctx, k.key + "add"), "/" + k.path + "/new");
  if (items.empty()) {
    html += "<p class=\"govuk-body\">" + escape(t(ctx, k.key + "none")) + "</p>";
  } else {
    web::Table table;
    table.caption = t(ctx, k.key + "title");
    table.headers = {t(ctx, "map.reference.name"), t(ctx, "map.reference.details"), t(ctx, "map.reference.status"),
                     t(ctx, "map.reference.action")};
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& item : items)
      table.rows_html.push_back(
          {escape(item.name), escape(item.details),
           item.archived ? web::tag(t(ctx, "map.reference.archived"), "grey") : web::tag(t(ctx, "map.reference.in_use"), "green"),
           "<a class=\"govuk-link\" href=\"/" + k.path + "/" + escape(item.id) + "/edit\">" +
               escape(t(ctx, "map.reference.change")) + "<span class=\"govuk-visually-hidden\"> " + escape(item.name) +
               "</span></a>"});
    html += web::table(table);
  }
  web::PageOptions options{t(ctx, k.key + "title"), {}, {}, "/areas"};
  auto r = Response::html(web::page(ctx, options, html));
  r.set_header("Cache-Control", "no-store");
  return r;
}

// The form's fields for one kind, with what was typed and the errors.
std::string fields_html(store::Connection& conn, const Context& ctx, const Kind& k, const std::string& id,
                        const Fields& values, const web::FormErrors& errors) {
  auto value = [&](const char* name) { return value_of(values, name); };
  std::string html = web::text_input(ctx.locale, {"name", "name", t(ctx, k.key + "name"), "", errors["name"],
                                                  value("name"), "text", "off", "", ""});
  switch (k.kind) {
    case ReferenceKind::area: {
      html += web::radios(ctx.locale, {"kind", "kind", t(ctx, "map.areas.kind"), "", errors["kind"],
                                       enum_options(ctx, "map.area_kind.", kAllAreaKinds, false), {value("kind")},
                                       false, false});
      std::vector<web::Option> parents = {{"", t(ctx, "map.areas.no_parent"), ""}};
      for (const auto& a : repo::list_areas(conn, ctx.principal.organisation_id))
        if (a.id != id) parents.push_back({a.id, a.name, ""});
      html += web::select(ctx.locale, {"parent_id", "parent_id", t(ctx, "map.areas.parent"),
                                       t(ctx, "map.areas.parent_hint"), errors["parent_id"], parents,
                                       value("parent_id")});
      break;
    }
    case ReferenceKind::service:
      html += web::text_input(ctx.locale, {"provider", "provider", t(ctx, "map.services.provider"),
                                           t(ctx, "map.services.provider_hint"), errors["provider"],
                                           value("provider"), "text", "organization", "", ""});
      html += web::radios(ctx.locale, {"sector", "sector", t(ctx, "map.services.sector"), "", errors["sector"],
                                       enum_options(ctx, "map.sector.", kAllSectors, false), {value("sector")},
                                       false, false});
      break;
    case ReferenceKind::group:
      html += web::textarea(ctx.locale, {"description", "description", t(ctx, "map.groups.description"),
                                         t(ctx, "map.groups.description_hint"), errors["description"],
                                         value("description"), 4});
      break;
  }
  return html;
}

// A missing field said for this kind ("Enter the name of the area"), not as
// the commands say it for every form ("Enter a value for this field").
std::vector<Problem> said_for(const Context& ctx, const Kind& k, std::vector<Problem> problems) {
  for (auto& p : problems) {
    if (p.message_key != "map.error.required") continue;
    auto specific = k.key + "error.required." + p.field;
    if (t(ctx, specific) != specific) p.message_key = k.key + "error.required";
  }
  return problems;
}

Response form_page(store::Database& db, Context& ctx, const Kind& k, const std::string& id, const Fields& values,
                   const std::vector<Problem>& problems = {}, bool archived = false) {
  auto conn = db.acquire();
  auto errors = form_errors(ctx, said_for(ctx, k, problems));
  bool editing = !id.empty();
  auto title = t(ctx, k.key + (editing ? "edit_title" : "new_title"));
  std::string action = editing ? "/" + k.path + "/" + id + "/edit" : "/" + k.path;
  std::string html = "<h1 class=\"govuk-heading-xl\">" + escape(title) + "</h1>";
  if (archived) html += web::inset_text(escape(t(ctx, "map.reference.is_archived")));
  html += web::form_open(ctx, action) +
          fields_html(*conn, ctx, k, id, values, errors) +
          web::button({t(ctx, k.key + (editing ? "save_changes" : "save_new")), false, "", ""}) + "</form>";
  if (editing) {
    std::string verb = archived ? "restore" : "archive";
    html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "map.reference." + verb + "_title")) + "</h2>" +
            "<p class=\"govuk-body\">" + escape(t(ctx, "map.reference." + verb + "_intro")) + "</p>" +
            web::form_open(ctx, "/" + k.path + "/" + id + "/" + verb) + web::button({t(ctx, k.key + verb), !archived, "", ""}) + "</form>";
  }
  web::PageOptions options{title, {{t(ctx, k.key + "title"), "/" + k.path}}, errors.summary, "/areas"};
  auto r = Response::html(web::page(ctx, options, html), problems.empty() ? 200 : 422);
  r.set_header("Cache-Control", "no-store");
  return r;
}

// The record being changed, or 404 (another organisation's ids included).
const Item& existing(const std::vector<Item>& items, const std::string& id) {
  for (const auto& item : items)
    if (item.id == id) return item;
  throw core::not_found("Record");
}

Fields posted(const Context& ctx, const Kind& k) {
  auto form = ctx.request.form();
  Fields fields;
  for (const auto& name : k.fields())
    if (form.count(name)) fields[name] = form.at(name);
  return fields;
}

}  // namespace

void add_reference_pages(module::Loader& l) {
  store::Database& db = l.db();
  l.nav({"/areas", "map.reference.nav", "map.manage", 70});
  for (const Kind& k : kKinds) {
    std::string base = "/" + k.path;
    auto label = [&](const char* what) { return std::string(what) + " (" + k.path + ")"; };
    l.page(http::Method::get, base, "map.manage", [&db, &k](Context& ctx) { return list_page(db, ctx, k); },
           label("The list, archived last, with links to change each"));
    l.page(http::Method::get, base + "/new", "map.manage",
           [&db, &k](Context& ctx) { return form_page(db, ctx, k, "", {}); }, label("The form to add one"));
    l.page(http::Method::post, base, "map.manage",
           [&db, &k](Context& ctx) {
             auto fields = posted(ctx, k);
             try {
               k.create(db, ctx.principal, fields);
             } catch (const ValidationFailed& e) {
               return form_page(db, ctx, k, "", fields, e.problems());
             }
             return Response::redirect(web::with_done("/" + k.path, k.key + "added.done"));
           },
           label("Add one"));
    l.page(http::Method::get, base + "/{id}/edit", "map.manage",
           [&db, &k](Context& ctx) {
             auto items = items_of(*db.acquire(), ctx, k);
             const auto& item = existing(items, ctx.param("id"));
             return form_page(db, ctx, k, item.id, item.fields, {}, item.archived);
           },
           label("The form to change one, with archive or restore"));
    l.page(http::Method::post, base + "/{id}/edit", "map.manage",
           [&db, &k](Context& ctx) {
             auto items = items_of(*db.acquire(), ctx, k);
             const auto& item = existing(items, ctx.param("id"));
             auto fields = posted(ctx, k);
             try {
               k.update(db, ctx.principal, item.id, fields);
             } catch (const ValidationFailed& e) {
               return form_page(db, ctx, k, item.id, fields, e.problems(), item.archived);
             }
             return Response::redirect(web::with_done("/" + k.path, k.key + "changed.done"));
           },
           label("Change one"));
    for (bool archive : {true, false})
      l.page(http::Method::post, base + "/{id}/" + (archive ? "archive" : "restore"), "map.manage",
             [&db, &k, archive](Context& ctx) {
               set_archived(db, ctx.principal, k.kind, ctx.param("id"), archive);
               return Response::redirect(web::with_done("/" + k.path, archive ? "map.reference.archived.done"
                                                                             : "map.reference.restored.done"));
             },
             label(archive ? "Archive one" : "Restore one from the archive"));
  }
}

}  // namespace coproduce::map
