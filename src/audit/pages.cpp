// The audit trail as a page and a CSV download for officers: events newest
// first with who (by name), what and which record (linked where the record has
// a page), before and after in a details component; filters by person, kind of
// record, record id and dates (a GET form, its errors by the field); GOV.UK
// pagination. Names come from the access module's accounts table.
#include "audit/pages.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/dates.hpp"
#include "core/text.hpp"
#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::audit {
namespace {

using http::Context;
using http::Response;
using web::escape;

constexpr std::string_view kPagePath = "/audit";
constexpr std::string_view kCsvPath = "/audit.csv";
constexpr std::size_t kMaxIdLength = 200;

// Kinds of record with a page of their own, and where it is ("{id}" replaced).
struct RecordPage {
  std::string_view entity_type, path;
};
constexpr RecordPage kRecordPages[] = {
    {"initiative", "/initiatives/{id}"},
    {"contribution", "/contributions/{id}"},
};

std::string record_href(const AuditEvent& e) {
  for (const auto& page : kRecordPages)
    if (page.entity_type == e.entity_type) {
      std::string path(page.path);
      return path.replace(path.find("{id}"), 4, web::url_encode(e.entity_id));
    }
  return {};
}

std::string t(const Context& ctx, std::string_view key, const i18n::Args& args = {}) {
  return i18n::t(ctx.locale, key, args);
}

// The catalogue's name for a code ("audit.type.initiative"), or the code itself
// for one the catalogue does not know (a later module's new kind of record).
std::string label_of(const Context& ctx, std::string_view prefix, const std::string& code) {
  std::string key = std::string(prefix) + code;
  auto text = t(ctx, key);
  return text == key ? code : text;
}

// ---- who -------------------------------------------------------------------

struct Member {
  std::string id, name;
};

std::vector<Member> members_of(store::Connection& conn, const std::string& org) {
  std::vector<Member> out;
  for (const auto& row : conn.query(
           "SELECT a.id, a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id "
           "WHERE m.organisation_id = $1 AND a.deleted_at IS NULL ORDER BY a.display_name, a.id",
           {org}))
    out.push_back({row.text(0), row.text(1)});
  return out;
}

// How each event's actor reads: the account's display name, "The platform"
// when nobody acted, "A former member" for a deleted (or missing) account.
class Names {
 public:
  Names(const Context& ctx, store::Connection& conn, const std::vector<AuditEvent>& events)
      : platform_(t(ctx, "audit.who.platform")), former_(t(ctx, "audit.who.former")) {
    std::set<std::string> ids;
    for (const auto& e : events)
      if (e.actor_account_id) ids.insert(*e.actor_account_id);
    std::vector<std::string> batch;
    auto flush = [&] {
      if (batch.empty()) return;
      std::string sql = "SELECT id, display_name FROM accounts WHERE deleted_at IS NULL AND id IN (";
      store::Params params;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        sql += (i ? ", $" : "$") + std::to_string(i + 1);
        params.emplace_back(batch[i]);
      }
      for (const auto& row : conn.query(sql + ")", params)) names_[row.text(0)] = row.text(1);
      batch.clear();
    };
    for (const auto& id : ids) {
      batch.push_back(id);
      if (batch.size() == 200) flush();
    }
    flush();
  }
  std::string operator()(const AuditEvent& e) const {
    if (!e.actor_account_id) return platform_;
    auto it = names_.find(*e.actor_account_id);
    return it == names_.end() || it->second.empty() ? former_ : it->second;
  }

 private:
  std::string platform_, former_;
  std::map<std::string, std::string> names_;
};

// ---- the filters -----------------------------------------------------------

std::string typed(const http::Request& request, std::string_view name) {
  return core::trimmed(request.query_param(name).value_or(""));
}

// The query string of the typed filters (blank ones left out), plus `extra`.
std::vector<std::pair<std::string, std::string>> query_of(
    const Typed& f, std::vector<std::pair<std::string, std::string>> extra = {}) {
  std::vector<std::pair<std::string, std::string>> q;
  for (auto [name, value] : {std::pair<const char*, const std::string*>{"actor", &f.actor},
                             {"entity_type", &f.entity_type},
                             {"entity_id", &f.entity_id},
                             {"from", &f.from},
                             {"to", &f.to}})
    if (!value->empty()) q.emplace_back(name, *value);
  for (auto& e : extra) q.push_back(std::move(e));
  return q;
}

int page_number(const http::Request& request) {
  auto text = request.query_param("page").value_or("1");
  bool digits = !text.empty() && text.size() <= 6 && text.find_first_not_of("0123456789") == std::string::npos;
  return digits ? std::max(std::stoi(text), 1) : 1;
}

// The page's filters: the dates come from the date inputs' boxes (from-day,
// from-month, from-year; to-...) when the filter form sent them, else from
// from and to as YYYY-MM-DD (the links the page makes: its pages, the CSV).
// `boxes` receives what to show in the date inputs.
Typed page_filters(const http::Request& request, http::Fields& boxes) {
  auto f = typed_filters(request);
  for (auto [name, value] : {std::pair<std::string, std::string*>{"from", &f.from}, {"to", &f.to}}) {
    http::Fields sent;
    for (const char* part : {"-day", "-month", "-year"})
      if (auto v = request.query_param(name + part)) sent[name + part] = *v;
    if (sent.empty()) {
      boxes[name] = *value;
      continue;
    }
    web::take_date(sent, boxes, {name, "", {}});
    *value = boxes[name];  // "!" when the boxes are wrong: problems_of names it
  }
  return f;
}

std::vector<web::DateField> date_fields(const Context& ctx) {
  return {{"from", t(ctx, "audit.filter.from"), {}}, {"to", t(ctx, "audit.filter.to"), {}}};
}

// ---- what an event changed ----------------------------------------------------

std::string value_text(const Context& ctx, const boost::json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return t(ctx, "audit.details.empty");
  return boost::json::serialize(v);
}

// "key: value" lines, escaped; a value that is not an object is one line.
std::string lines_of(const Context& ctx, const boost::json::value& v) {
  std::string html = "<ul class=\"govuk-list govuk-body-s govuk-!-text-break-word\">";
  if (const auto* object = v.if_object()) {
    if (object->empty()) html += "<li>" + escape(t(ctx, "audit.details.empty")) + "</li>";
    for (const auto& [key, field] : *object)
      html += "<li><span class=\"govuk-!-font-weight-bold\">" + escape(key) + ":</span> " +
              escape(value_text(ctx, field)) + "</li>";
  } else {
    html += "<li>" + escape(value_text(ctx, v)) + "</li>";
  }
  return html + "</ul>";
}

std::string details_of(const Context& ctx, const AuditEvent& e) {
  if (!e.before && !e.after) return escape(t(ctx, "audit.details.none"));
  std::string body;
  if (e.before)
    body += "<p class=\"govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1\">" +
            escape(t(ctx, "audit.details.before")) + "</p>" + lines_of(ctx, *e.before);
  if (e.after)
    body += "<p class=\"govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1\">" +
            escape(t(ctx, "audit.details.after")) + "</p>" + lines_of(ctx, *e.after);
  return web::details(t(ctx, "audit.details.summary"), body);
}

std::string when_of(const Context& ctx, const AuditEvent& e) {
  auto date = e.at.substr(0, 10);
  if (!core::is_iso_date(date) || e.at.size() < 16) return e.at;
  return t(ctx, "audit.at", {{"date", i18n::format_date(ctx.locale, date)}, {"time", e.at.substr(11, 5)}});
}

std::string record_cell(const Context& ctx, const AuditEvent& e) {
  std::string html = escape(label_of(ctx, "audit.type.", e.entity_type)) + "<br>";
  auto href = record_href(e);
  std::string id = "<span class=\"govuk-!-text-break-word\">" + escape(e.entity_id) + "</span>";
  if (href.empty()) return html + id;
  return html + "<a class=\"govuk-link\" href=\"" + escape(href) + "\">" + id + "</a>";
}

// ---- the page ------------------------------------------------------------------

std::string filter_form(const Context& ctx, store::Connection& conn, const Typed& f,
                        const http::Fields& boxes, const web::FormErrors& errors) {
  const auto& org = ctx.principal.organisation_id;
  std::vector<web::Option> people = {{"", t(ctx, "audit.filter.anyone"), ""}};
  for (const auto& m : members_of(conn, org)) people.push_back({m.id, m.name, ""});
  std::vector<web::Option> types = {{"", t(ctx, "audit.filter.any_type"), ""}};
  for (const auto& type : entity_types(conn, org)) types.push_back({type, label_of(ctx, "audit.type.", type), ""});
  std::ranges::stable_sort(types.begin() + 1, types.end(), {}, &web::Option::label);

  std::string html = "<form method=\"get\" action=\"" + std::string(kPagePath) + "\" novalidate>";
  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "audit.filter.title")) + "</h2>";
  html += web::select(ctx.locale, {.id = "actor", .label = t(ctx, "audit.filter.actor"), .error = errors["actor"],
                                   .options = people, .selected = f.actor});
  html += web::select(ctx.locale, {.id = "entity_type", .label = t(ctx, "audit.filter.entity_type"),
                                   .error = errors["entity_type"], .options = types, .selected = f.entity_type});
  html += web::text_input(ctx.locale, {.id = "entity_id", .label = t(ctx, "audit.filter.entity_id"),
                                       .hint = t(ctx, "audit.filter.entity_id_hint"), .error = errors["entity_id"],
                                       .value = f.entity_id, .autocomplete = "off",
                                       .width_class = "govuk-input--width-20"});
  html += web::date_input(ctx.locale, {.id = "from", .label = t(ctx, "audit.filter.from"),
                                       .error = errors["from"], .value = web::date_value(boxes, "from")});
  html += web::date_input(ctx.locale, {.id = "to", .label = t(ctx, "audit.filter.to"),
                                       .hint = t(ctx, "audit.filter.to_hint"), .error = errors["to"],
                                       .value = web::date_value(boxes, "to")});
  html += "<div class=\"govuk-button-group\">" + web::button({.label = t(ctx, "audit.filter.apply")}) +
          "<a class=\"govuk-link\" href=\"" + std::string(kPagePath) + "\">" + escape(t(ctx, "audit.filter.clear")) +
          "</a></div></form>";
  return html;
}

web::Pagination pages_of(const Typed& f, int current, int last) {
  auto href = [&](int n) {
    return web::path_with_query(kPagePath, query_of(f, {{"page", std::to_string(n)}}));
  };
  web::Pagination p;
  p.current = current;
  if (current > 1) p.previous_href = href(current - 1);
  if (current < last) p.next_href = href(current + 1);
  // The first, the last and two either side of the current one.
  for (int n = 1; n <= last; ++n)
    if (n == 1 || n == last || (n >= current - 2 && n <= current + 2)) p.pages.push_back({n, href(n)});
  return p;
}

std::string events_section(const Context& ctx, store::Connection& conn, const Typed& f, int page) {
  const auto& org = ctx.principal.organisation_id;
  auto filter = filter_of(f);
  auto total = count(conn, org, filter);
  int last = static_cast<int>(std::max<std::int64_t>((total + kPageSize - 1) / kPageSize, 1));
  page = std::min(page, last);
  filter.limit = kPageSize;
  filter.offset = (page - 1) * kPageSize;
  auto events = list(conn, org, filter);

  std::string html = "<h2 class=\"govuk-heading-m\" id=\"events\">" + escape(t(ctx, "audit.events_title")) + "</h2>";
  html += "<p class=\"govuk-body\" id=\"audit-count\">" + escape(i18n::plural(ctx.locale, "audit.count", total));
  if (last > 1)
    html += " " + escape(t(ctx, "audit.page_of", {{"page", i18n::format_number(ctx.locale, page)},
                                                  {"pages", i18n::format_number(ctx.locale, last)}}));
  html += "</p>";
  if (events.empty()) return html + "<p class=\"govuk-body\">" + escape(t(ctx, "audit.none")) + "</p>";
  html += "<p class=\"govuk-body\"><a class=\"govuk-link\" id=\"audit-csv\" href=\"" +
          escape(web::path_with_query(kCsvPath, query_of(f))) + "\">" + escape(t(ctx, "audit.download")) +
          "</a></p>";

  Names names(ctx, conn, events);
  web::Table table;
  table.caption = t(ctx, "audit.caption");
  table.headers = {t(ctx, "audit.column.when"), t(ctx, "audit.column.who"), t(ctx, "audit.column.action"),
                   t(ctx, "audit.column.record"), t(ctx, "audit.column.details")};
  table.stack_on_narrow = true;
  for (const auto& e : events)
    table.rows_html.push_back({escape(when_of(ctx, e)), escape(names(e)),
                               escape(label_of(ctx, "audit.action.", e.action)), record_cell(ctx, e),
                               details_of(ctx, e)});
  html += web::table(table);
  if (last > 1) html += web::pagination(ctx.locale, pages_of(f, page, last));
  return html;
}

Response audit_page(store::Database& db, Context& ctx, const Typed& f, const http::Fields& boxes,
                    const std::vector<core::FieldProblem>& problems) {
  auto errors = web::form_errors(ctx, problems);
  for (const auto& date : date_fields(ctx)) web::date_errors(ctx.locale, errors, boxes, date);
  auto conn = db.acquire();
  std::string html = "<h1 class=\"govuk-heading-xl\">" + escape(t(ctx, "audit.title")) + "</h1>";
  html += "<p class=\"govuk-body\">" + escape(t(ctx, "audit.intro")) + "</p>";
  html += web::inset_text("<p class=\"govuk-body\">" + escape(t(ctx, "audit.personal_data")) + "</p>");
  html += filter_form(ctx, *conn, f, boxes, errors);
  // With a problem, no events: a list that ignored what was typed would mislead.
  if (errors.empty()) html += events_section(ctx, *conn, f, page_number(ctx.request));
  web::PageOptions options{t(ctx, "audit.title"), {}, errors.summary, std::string(kPagePath)};
  auto r = Response::html(web::page(ctx, options, html), errors.empty() ? 200 : 422);
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response audit_csv(store::Database& db, Context& ctx) {
  http::Fields boxes;
  auto f = page_filters(ctx.request, boxes);
  auto problems = problems_of(f);
  if (!problems.empty()) return audit_page(db, ctx, f, boxes, problems);
  auto conn = db.acquire();
  auto events = list_up_to(*conn, ctx.principal.organisation_id, filter_of(f), kMaxExportRows + 1);
  if (events.size() > static_cast<std::size_t>(kMaxExportRows)) {
    conn.reset();  // the page takes its own
    return audit_page(db, ctx, f, boxes, {{"from", "audit.error.too_many"}});
  }
  Names names(ctx, *conn, events);
  auto r = Response::text(to_csv(events, names), "text/csv; charset=utf-8");
  r.set_header("Content-Disposition", "attachment; filename=\"audit-trail.csv\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

Typed typed_filters(const http::Request& request) {
  return {typed(request, "actor"), typed(request, "entity_type"), typed(request, "entity_id"),
          typed(request, "from"), typed(request, "to")};
}

std::vector<core::FieldProblem> problems_of(const Typed& f) {
  std::vector<core::FieldProblem> problems;
  for (auto [name, value] : {std::pair<const char*, const std::string*>{"actor", &f.actor},
                             {"entity_type", &f.entity_type},
                             {"entity_id", &f.entity_id}})
    if (value->size() > kMaxIdLength) problems.push_back({name, "audit.error.too_long"});
  bool from_ok = f.from.empty() || core::is_plausible_date(f.from);
  bool to_ok = f.to.empty() || core::is_plausible_date(f.to);
  if (!from_ok) problems.push_back({"from", "audit.error.date"});
  if (!to_ok) problems.push_back({"to", "audit.error.date"});
  if (from_ok && to_ok && !f.from.empty() && !f.to.empty() && f.to < f.from)
    problems.push_back({"to", "audit.error.range"});
  return problems;
}

Filter filter_of(const Typed& f) {
  Filter filter;
  filter.actor_account_id = f.actor;
  filter.entity_type = f.entity_type;
  filter.entity_id = f.entity_id;
  filter.from = f.from;
  filter.to = f.to;
  return filter;
}

void add_pages(module::Loader& l) {
  store::Database& db = l.db();
  l.nav({std::string(kPagePath), "audit.nav", "audit.read", 95});
  l.page(http::Method::get, std::string(kPagePath), "audit.read",
         [&db](Context& ctx) {
           http::Fields boxes;
           auto f = page_filters(ctx.request, boxes);
           return audit_page(db, ctx, f, boxes, problems_of(f));
         },
         "The audit trail: who changed what and when, filtered by person, record and dates");
  l.page(http::Method::get, std::string(kCsvPath), "audit.read",
         [&db](Context& ctx) { return audit_csv(db, ctx); },
         "The filtered audit trail as CSV (personal data: officers only)");
  auto column = [](std::string name) {
    return module::Column{name, "audit.dictionary." + name, {}, {}};
  };
  l.exports({"audit.export", std::string(kCsvPath), "audit.read", true,
             {column("at"), column("actor_account_id"), column("actor"), column("action"),
              column("entity_type"), column("entity_id"), column("before"), column("after")}, ""});
}

}  // namespace coproduce::audit
