// Load per person, as pages and JSON: a person's own contributions with their
// hours per week and month (and a word when they go over the organisation's
// warning level), and the officer's aggregate view with who is over it.
#include <boost/json.hpp>

#include "core/dates.hpp"
#include "map/json.hpp"
#include "map/load.hpp"
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
namespace json = boost::json;

constexpr int kWeeks = 12;
constexpr int kMonths = 6;

struct Warnings {
  std::int64_t weekly_x100, monthly_x100;
};

Warnings warnings(const module::Registry& registry, store::Connection& conn, const std::string& org) {
  return {registry.setting(conn, org, "map.load_warning_weekly_hours") * 100,
          registry.setting(conn, org, "map.load_warning_monthly_hours") * 100};
}

std::int64_t at(const std::map<std::string, std::int64_t>& table, const std::string& key) {
  auto it = table.find(key);
  return it == table.end() ? 0 : it->second;
}

// "2026-W49" -> "Week 49, 2026" in the page's language.
std::string week_name(const Context& ctx, const std::string& week) {
  return t(ctx, "map.load.week", {{"week", std::to_string(std::stoi(week.substr(6)))}, {"year", week.substr(0, 4)}});
}

std::map<std::string, std::string> names_of(store::Connection& conn, const std::string& org,
                                            const std::vector<std::string>& people) {
  std::map<std::string, std::string> names;
  for (const auto& id : people)
    if (auto row = conn.query_one(
            "SELECT a.display_name FROM accounts a JOIN memberships m ON m.account_id = a.id "
            "WHERE m.organisation_id = $1 AND a.id = $2",
            {org, id}))
      names[id] = row->text(0);
  return names;
}

Response my_contributions_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto conn = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto entries = repo::list_contributions_by_person(*conn, org, ctx.principal.account_id);
  auto load = load_by_person(entries)[ctx.principal.account_id];
  auto limits = warnings(registry, *conn, org);
  auto today = core::today_utc();
  auto weeks = last_weeks(today, kWeeks);
  auto months = last_months(today, kMonths);
  std::int64_t this_week = at(load.weekly, weeks.back());
  std::int64_t this_month = at(load.monthly, months.back());

  std::string html = "<h1 class=\"govuk-heading-xl\">" + escape(t(ctx, "map.mine.title")) + "</h1>";
  if (this_week > limits.weekly_x100 || this_month > limits.monthly_x100) {
    std::string body = "<p class=\"govuk-body\" id=\"load-warning\">" +
                       escape(t(ctx, this_week > limits.weekly_x100 ? "map.mine.over_weekly" : "map.mine.over_monthly",
                                {{"hours", hours(ctx, this_week > limits.weekly_x100 ? this_week : this_month)},
                                 {"limit", hours(ctx, this_week > limits.weekly_x100 ? limits.weekly_x100
                                                                                     : limits.monthly_x100)}})) +
                       "</p>";
    html += web::notification_banner(ctx.locale, t(ctx, "map.mine.look_after"), body, false);
  }
  html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.mine.intro")) + "</p>";

  html += "<h2 class=\"govuk-heading-l\">" + escape(t(ctx, "map.mine.load_title")) + "</h2>";
  std::vector<web::Bar> bars;
  web::Table weekly;
  weekly.caption = t(ctx, "map.mine.weekly_caption");
  weekly.headers = {t(ctx, "map.load.week_column"), t(ctx, "map.load.hours_column")};
  weekly.numeric = {false, true};
  weekly.first_cell_is_header = true;
  for (const auto& w : weeks) {
    auto h = at(load.weekly, w);
    bars.push_back({"W" + std::to_string(std::stoi(w.substr(6))), h, hours_text(h)});
    weekly.rows_html.push_back({escape(week_name(ctx, w)), escape(hours_text(h))});
  }
  html += web::bar_chart("weekly-hours", t(ctx, "map.mine.weekly_caption"), bars, limits.weekly_x100,
                         t(ctx, "map.load.warning_line", {{"hours", hours_text(limits.weekly_x100)}}));
  html += web::table(weekly);
  web::Table monthly;
  monthly.caption = t(ctx, "map.mine.monthly_caption");
  monthly.headers = {t(ctx, "map.load.month_column"), t(ctx, "map.load.hours_column")};
  monthly.numeric = {false, true};
  monthly.first_cell_is_header = true;
  for (const auto& m : months)
    monthly.rows_html.push_back({escape(i18n::format_month(ctx.locale, m)), escape(hours_text(at(load.monthly, m)))});
  html += web::table(monthly);

  html += "<h2 class=\"govuk-heading-l\">" + escape(t(ctx, "map.mine.entries_title")) + "</h2>";
  if (entries.empty()) {
    html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.mine.none")) + "</p>";
  } else {
    std::map<std::string, std::string> initiative_names;
    for (const auto& i : repo::list_initiatives(*conn, org)) initiative_names[i.id] = i.name;
    web::Table table;
    table.caption = t(ctx, "map.mine.entries_title");
    table.headers = {t(ctx, "map.contributions.date"), t(ctx, "map.mine.initiative"),
                     t(ctx, "map.contributions.what"), t(ctx, "map.contributions.status"),
                     t(ctx, "map.contributions.record_link")};
    table.stack_on_narrow = true;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      const auto& c = *it;
      std::string what = escape(name_of(ctx, "map.kind.", c.kind));
      if (auto a = amount(ctx, c); !a.empty()) what += ": " + escape(a);
      table.rows_html.push_back({escape(date_or_blank(ctx, c.made_on)),
                                 link("/initiatives/" + c.initiative_id, initiative_names[c.initiative_id]),
                                 what, status_tag(ctx, c) + (c.reason.empty() ? "" : " " + escape(c.reason)),
                                 link("/contributions/" + c.id, t(ctx, "map.contributions.details"))});
    }
    html += web::table(table);
  }
  web::PageOptions options{t(ctx, "map.mine.title"), {}, {}, "/my/contributions"};
  auto r = Response::html(web::page(ctx, options, html));
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response load_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto conn = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto load = load_by_person(repo::list_contributions(*conn, org));
  auto limits = warnings(registry, *conn, org);
  auto today = core::today_utc();
  auto weeks = last_weeks(today, kWeeks);
  auto months = last_months(today, kMonths);
  auto week = period_load(load, weeks.back(), true, limits.weekly_x100);
  auto month = period_load(load, months.back(), false, limits.monthly_x100);

  std::string html = "<h1 class=\"govuk-heading-xl\">" + escape(t(ctx, "map.load.title")) + "</h1>";
  html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.load.intro")) + "</p>";
  html += "<p class=\"govuk-body\">" +
          escape(t(ctx, "map.load.levels", {{"weekly", hours(ctx, limits.weekly_x100)},
                                            {"monthly", hours(ctx, limits.monthly_x100)}})) +
          "</p>";

  auto summary = [&](const PeriodLoad& p, const std::string& caption) {
    return "<h2 class=\"govuk-heading-m\">" + escape(caption) + "</h2>" +
           web::summary_list({
               {t(ctx, "map.load.people"), escape(i18n::format_number(ctx.locale, p.people))},
               {t(ctx, "map.load.total"), escape(hours(ctx, p.total_x100))},
               {t(ctx, "map.load.median"), escape(hours(ctx, p.median_x100))},
               {t(ctx, "map.load.busiest_tenth"),
                escape(t(ctx, "map.load.percent", {{"percent", std::to_string(p.busiest_tenth_percent)}}))},
           });
  };
  html += summary(week, t(ctx, "map.load.this_week", {{"week", week_name(ctx, weeks.back())}}));
  html += summary(month, t(ctx, "map.load.this_month", {{"month", i18n::format_month(ctx.locale, months.back())}}));

  // Everyone over a warning level in the weeks and months shown, busiest first.
  struct Over {
    std::string person, period_name;
    std::int64_t hours_x100;
  };
  std::vector<Over> over;
  for (const auto& w : weeks)
    for (const auto& [person, h] : period_load(load, w, true, limits.weekly_x100).over_warning)
      over.push_back({person, week_name(ctx, w), h});
  for (const auto& m : months)
    for (const auto& [person, h] : period_load(load, m, false, limits.monthly_x100).over_warning)
      over.push_back({person, i18n::format_month(ctx.locale, m), h});
  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "map.load.over_title")) + "</h2>";
  if (over.empty()) {
    html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.load.nobody_over")) + "</p>";
  } else {
    std::vector<std::string> ids;
    for (const auto& o : over) ids.push_back(o.person);
    auto names = names_of(*conn, org, ids);
    web::Table table;
    table.caption = t(ctx, "map.load.over_title");
    table.headers = {t(ctx, "map.load.person"), t(ctx, "map.load.period"), t(ctx, "map.load.hours_column")};
    table.numeric = {false, false, true};
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& o : over)
      table.rows_html.push_back({escape(names.count(o.person) ? names[o.person] : t(ctx, "map.load.former_member")),
                                 escape(o.period_name), escape(hours_text(o.hours_x100))});
    html += web::table(table);
  }

  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "map.load.weekly_title")) + "</h2>";
  std::vector<web::Bar> bars;
  web::Table table;
  table.caption = t(ctx, "map.load.weekly_title");
  table.headers = {t(ctx, "map.load.week_column"), t(ctx, "map.load.people"), t(ctx, "map.load.total"),
                   t(ctx, "map.load.median"), t(ctx, "map.load.busiest_tenth")};
  table.numeric = {false, true, true, true, true};
  table.first_cell_is_header = true;
  table.stack_on_narrow = true;
  for (const auto& w : weeks) {
    auto p = period_load(load, w, true, limits.weekly_x100);
    bars.push_back({"W" + std::to_string(std::stoi(w.substr(6))), p.total_x100, hours_text(p.total_x100)});
    table.rows_html.push_back({escape(week_name(ctx, w)), escape(i18n::format_number(ctx.locale, p.people)),
                               escape(hours_text(p.total_x100)), escape(hours_text(p.median_x100)),
                               escape(t(ctx, "map.load.percent", {{"percent", std::to_string(p.busiest_tenth_percent)}}))});
  }
  html += web::bar_chart("weekly-load", t(ctx, "map.load.weekly_title"), bars);
  html += web::table(table);
  web::PageOptions options{t(ctx, "map.load.title"), {}, {}, "/load"};
  auto r = Response::html(web::page(ctx, options, html));
  r.set_header("Cache-Control", "no-store");
  return r;
}

json::value period_json(const PeriodLoad& p, const std::map<std::string, std::string>& names) {
  json::array over;
  for (const auto& [person, h] : p.over_warning)
    over.push_back({{"name", names.count(person) ? names.at(person) : ""}, {"hours", hours_text(h)}});
  return {{"period", p.period},
          {"people", p.people},
          {"hours", hours_text(p.total_x100)},
          {"median_hours", hours_text(p.median_x100)},
          {"busiest_tenth_percent", p.busiest_tenth_percent},
          {"over_warning", over}};
}

}  // namespace

void add_load_routes(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  l.page(http::Method::get, "/my/contributions", module::kSignedIn,
         [&db, &registry](Context& ctx) { return my_contributions_page(db, registry, ctx); },
         "Your contributions, and your hours per week and month");
  l.page(http::Method::get, "/load", "map.see_load",
         [&db, &registry](Context& ctx) { return load_page(db, registry, ctx); },
         "Who carries the load: hours per person per week and month, in aggregate");

  l.api(http::Method::get, "/api/v1/me/load", module::kSignedIn,
        [&db, &registry](Context& ctx) {
          auto conn = db.acquire();
          const auto& org = ctx.principal.organisation_id;
          auto load = load_by_person(repo::list_contributions_by_person(*conn, org, ctx.principal.account_id))
              [ctx.principal.account_id];
          auto limits = warnings(registry, *conn, org);
          auto today = core::today_utc();
          json::array weeks, months;
          for (const auto& w : last_weeks(today, kWeeks))
            weeks.push_back({{"week", w}, {"hours", hours_text(at(load.weekly, w))}});
          for (const auto& m : last_months(today, kMonths))
            months.push_back({{"month", m}, {"hours", hours_text(at(load.monthly, m))}});
          auto r = Response::json({{"weeks", weeks},
                                   {"months", months},
                                   {"warning_weekly_hours", hours_text(limits.weekly_x100)},
                                   {"warning_monthly_hours", hours_text(limits.monthly_x100)}});
          r.set_header("Cache-Control", "no-store");
          return r;
        },
        module::Api("Your hours per ISO week (last 12) and per month (last 6), from your confirmed contributions")
            .returns(200, "Your load",
                     R"({"type": "object", "properties": {"weeks": {"type": "array", "items": {"type": "object"}},
                         "months": {"type": "array", "items": {"type": "object"}},
                         "warning_weekly_hours": {"type": "string"}, "warning_monthly_hours": {"type": "string"}}})"));
  l.api(http::Method::get, "/api/v1/load", "map.see_load",
        [&db, &registry](Context& ctx) {
          auto conn = db.acquire();
          const auto& org = ctx.principal.organisation_id;
          auto load = load_by_person(repo::list_contributions(*conn, org));
          auto limits = warnings(registry, *conn, org);
          auto today = core::today_utc();
          json::array weeks;
          std::vector<std::string> over_ids;
          auto week_periods = last_weeks(today, kWeeks);
          auto this_month = period_load(load, last_months(today, 1).back(), false, limits.monthly_x100);
          for (const auto& w : week_periods)
            for (const auto& [person, h] : period_load(load, w, true, limits.weekly_x100).over_warning)
              over_ids.push_back(person);
          for (const auto& [person, h] : this_month.over_warning) over_ids.push_back(person);
          auto names = names_of(*conn, org, over_ids);
          for (const auto& w : week_periods) weeks.push_back(period_json(period_load(load, w, true, limits.weekly_x100), names));
          auto r = Response::json({{"weeks", weeks},
                                   {"this_month", period_json(this_month, names)},
                                   {"warning_weekly_hours", hours_text(limits.weekly_x100)},
                                   {"warning_monthly_hours", hours_text(limits.monthly_x100)}});
          r.set_header("Cache-Control", "no-store");
          return r;
        },
        module::Api("Load per person in aggregate: per ISO week (last 12) and this month, with who is "
                    "over the organisation's warning level")
            .returns(200, "The load",
                     R"({"type": "object", "properties": {"weeks": {"type": "array", "items": {"type": "object"}},
                         "this_month": {"type": "object"},
                         "warning_weekly_hours": {"type": "string"}, "warning_monthly_hours": {"type": "string"}}})"));
}

}  // namespace coproduce::map
