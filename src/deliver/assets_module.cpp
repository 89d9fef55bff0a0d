// Community assets on the deliver module: their routes (JSON API and pages),
// permissions, ledger sources and the background task that records the use
// of free bookings on their day. The rules are in assets.hpp.
#include <boost/json.hpp>
#include <condition_variable>
#include <map>
#include <mutex>

#include "access/members.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "deliver/page_support.hpp"
#include "deliver/assets.hpp"
#include "deliver/module.hpp"
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
namespace json = boost::json;

constexpr const char* kAssetsPath = "/community-assets";
constexpr const char* kDonationsPath = "/community-assets/donations";



std::string money_text(const Context& ctx, std::int64_t minor) { return i18n::format_money(ctx.locale, minor, "GBP"); }

std::string status_tag(const Context& ctx, const std::string& status) {
  static const std::map<std::string, std::string> colours = {
      {"listed", "blue"}, {"requested", "yellow"}, {"leased", "green"}, {"transferred", "purple"},
      {"confirmed", "green"}, {"cancelled", "grey"}};
  auto it = colours.find(status);
  return web::tag(t(ctx, "deliver.asset.status." + status), it == colours.end() ? "" : it->second);
}

// "Saturday 12 December 2026, 10:00 to 12:00" in the page's language.
std::string when_text(const Context& ctx, const Booking& b) {
  return t(ctx, "deliver.booking.when", {{"date", i18n::format_date(ctx.locale, b.starts_at.substr(0, 10))},
                                         {"starts", b.starts_at.substr(11)},
                                         {"ends", b.ends_at.substr(11)}});
}

json::value asset_json(const Asset& a) {
  return json::object{{"id", a.id},
                      {"name", a.name},
                      {"description", a.description},
                      {"kind", a.kind},
                      {"steward_id", a.steward_id},
                      {"steward_name", a.steward_name},
                      {"group_id", a.group_id ? json::value(*a.group_id) : json::value()},
                      {"group_name", a.group_name},
                      {"status", a.status},
                      {"hourly_value_minor", a.hourly_value_minor ? json::value(*a.hourly_value_minor) : json::value()},
                      {"created_at", a.created_at}};
}

// Who booked, and for what, only to the asset's stewards and the booker.
json::value booking_json(const Booking& b, bool full) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(); };
  json::object o{{"id", b.id},           {"asset_id", b.asset_id}, {"starts_at", b.starts_at},
                 {"ends_at", b.ends_at}, {"status", b.status},     {"initiative_id", opt(b.initiative_id)}};
  if (full) {
    o["booked_by"] = opt(b.booked_by);
    o["booked_by_name"] = b.booked_by_name;
    o["purpose"] = b.purpose;
    o["charge_minor"] = b.charge_minor;
    o["contribution_id"] = opt(b.contribution_id);
    o["reason"] = b.reason;
  }
  return o;
}

bool sees_booking(const core::Principal& actor, const Asset& asset, const Booking& b) {
  return stewards(actor, asset) || (b.booked_by && *b.booked_by == actor.account_id);
}

http::Fields form_fields(const http::Fields& form, const std::vector<std::string>& names) {
  http::Fields fields;
  for (const auto& name : names)
    if (form.count(name)) fields[name] = form.at(name);
  return fields;
}

std::vector<web::Breadcrumb> crumbs(const Context& ctx) { return {{t(ctx, "deliver.asset.list.title"), kAssetsPath}}; }

web::DateField booking_date_field(const Context& ctx) {
  return {"on", t(ctx, "deliver.booking.on"), {.required = true}};
}
web::DateField donation_date_field(const Context& ctx) {
  return {"made_on", t(ctx, "deliver.donation.made_on"), {.required = true, .latest = core::today_utc()}};
}

std::vector<web::Option> initiative_options(const Context& ctx, store::Connection& c, bool optional) {
  std::vector<web::Option> out;
  out.push_back({"", t(ctx, optional ? "deliver.booking.no_initiative" : "deliver.donation.choose_initiative"), ""});
  for (const auto& i : map::repo::list_initiatives(c, ctx.principal.organisation_id)) out.push_back({i.id, i.name, ""});
  return out;
}

// ---- the list of assets, and the officer's form to add one ----------------------------

Response list_page(store::Database& db, const module::Registry& registry, Context& ctx, const http::Fields& values,
                   const std::vector<core::FieldProblem>& problems) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto errors = web::form_errors(ctx, problems);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" +
                     escape(t(ctx, "deliver.asset.list.title")) + "</h1>" + para(t(ctx, "deliver.asset.list.intro"));
  html += "<p class=\"govuk-body\">" + link(kDonationsPath, t(ctx, "deliver.donation.title")) + "</p>";
  auto assets = list_assets(*c, org);
  if (assets.empty()) {
    html += para(t(ctx, "deliver.asset.list.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "deliver.asset.list.title");
    table.headers = {t(ctx, "deliver.asset.name"), t(ctx, "deliver.asset.kind"), t(ctx, "deliver.asset.steward"),
                     t(ctx, "deliver.asset.status")};
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& a : assets)
      table.rows_html.push_back({link(std::string(kAssetsPath) + "/" + a.id, a.name),
                                 escape(t(ctx, "deliver.asset.kind." + a.kind)),
                                 escape(a.group_name.empty() ? a.steward_name : a.group_name),
                                 status_tag(ctx, a.status)});
    html += web::table(table);
  }
  if (registry.policy(kAssetsManagePermission).allows(ctx.principal)) {
    html += h2(t(ctx, "deliver.asset.add_title")) + web::form_open(ctx, kAssetsPath);
    html += web::text_input(ctx.locale, {.id = "name",
                                         .label = t(ctx, "deliver.asset.name"),
                                         .hint = t(ctx, "deliver.asset.name_hint"),
                                         .error = errors["name"],
                                         .value = web::value_of(values, "name")});
    html += web::textarea(ctx.locale, {.id = "description",
                                       .name = "description",
                                       .label = t(ctx, "deliver.asset.description"),
                                       .error = errors["description"],
                                       .value = web::value_of(values, "description"),
                                       .rows = 3});
    std::vector<web::Option> kinds;
    for (const char* k : kAssetKinds) kinds.push_back({k, t(ctx, std::string("deliver.asset.kind.") + k), ""});
    html += web::radios(ctx.locale, {.id = "kind",
                                     .name = "kind",
                                     .legend = t(ctx, "deliver.asset.kind"),
                                     .error = errors["kind"],
                                     .options = kinds,
                                     .selected = {web::value_of(values, "kind")}});
    std::vector<web::Option> people{{"", t(ctx, "deliver.asset.choose_steward"), ""}};
    for (const auto& m : access::list_members(*c, org)) people.push_back({m.account_id, m.display_name, ""});
    html += web::select(ctx.locale, {.id = "steward_id",
                                     .name = "steward_id",
                                     .label = t(ctx, "deliver.asset.steward"),
                                     .hint = t(ctx, "deliver.asset.steward_hint"),
                                     .error = errors["steward_id"],
                                     .options = people,
                                     .selected = web::value_of(values, "steward_id")});
    std::vector<web::Option> groups{{"", t(ctx, "deliver.asset.no_group"), ""}};
    for (const auto& g : map::repo::list_groups(*c, org))
      groups.push_back({g.id, g.name, ""});
    html += web::select(ctx.locale, {.id = "group_id",
                                     .name = "group_id",
                                     .label = t(ctx, "deliver.asset.group"),
                                     .error = errors["group_id"],
                                     .options = groups,
                                     .selected = web::value_of(values, "group_id")});
    html += web::text_input(ctx.locale, {.id = "hourly_value",
                                         .label = t(ctx, "deliver.asset.hourly_value"),
                                         .hint = t(ctx, "deliver.asset.hourly_value_hint"),
                                         .error = errors["hourly_value"],
                                         .value = web::value_of(values, "hourly_value"),
                                         .inputmode = "decimal",
                                         .width_class = "govuk-input--width-5"});
    html += web::button({t(ctx, "deliver.asset.add"), false, "", ""}) + "</form>";
  }
  return no_store(Response::html(
      web::page(ctx, {t(ctx, "deliver.asset.list.title"), {}, errors.summary, kAssetsPath}, html),
      problems.empty() ? 200 : 422));
}

// ---- one asset: its details, bookings, the booking form and the steward's forms --------

Response asset_page(store::Database& db, Context& ctx, const http::Fields& values, web::FormErrors errors,
                    int status) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto id = ctx.param("id");
  auto asset = core::looks_like_id(id) ? find_asset(*c, org, id) : std::nullopt;
  if (!asset) throw core::not_found("Asset");
  web::date_errors(ctx.locale, errors, values, booking_date_field(ctx));
  bool steward = stewards(ctx.principal, *asset);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" + escape(asset->name) + "</h1>";
  if (!asset->description.empty()) html += para(asset->description);
  std::vector<web::SummaryRow> rows{
      {t(ctx, "deliver.asset.kind"), escape(t(ctx, "deliver.asset.kind." + asset->kind))},
      {t(ctx, "deliver.asset.status"), status_tag(ctx, asset->status)},
      {t(ctx, "deliver.asset.steward"), escape(asset->steward_name)}};
  if (asset->group_id) rows.push_back({t(ctx, "deliver.asset.group"), escape(asset->group_name)});
  if (asset->hourly_value_minor)
    rows.push_back({t(ctx, "deliver.asset.hourly_value"), escape(money_text(ctx, *asset->hourly_value_minor))});
  html += web::summary_list(rows);

  html += h2(t(ctx, "deliver.booking.upcoming"));
  auto bookings = bookings_of(*c, org, asset->id, core::today_utc());
  if (bookings.empty()) {
    html += para(t(ctx, "deliver.booking.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "deliver.booking.upcoming");
    table.headers = {t(ctx, "deliver.booking.when_label"), t(ctx, "deliver.booking.what"),
                     t(ctx, "deliver.asset.status"), t(ctx, "deliver.settings.action")};
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& b : bookings) {
      bool full = sees_booking(ctx.principal, *asset, b);
      auto when = when_text(ctx, b);
      std::string what = full ? escape(b.purpose) + "<br><span class=\"govuk-body-s\">" +
                                    escape(b.booked_by_name) +
                                    (b.initiative_id ? " · " + escape(b.initiative_name) : std::string()) + "</span>"
                              : escape(t(ctx, "deliver.booking.taken"));
      std::string actions;
      if (steward && b.status == "requested")
        actions += web::form_open(ctx, "/community-assets/bookings/" + b.id + "/confirm") +
                   "<button type=\"submit\" class=\"govuk-button govuk-!-margin-bottom-1\" data-module=\"govuk-button\">" +
                   escape(t(ctx, "deliver.booking.confirm")) + "<span class=\"govuk-visually-hidden\"> " +
                   escape(when) + "</span></button></form>";
      if (full)
        actions += "<p class=\"govuk-body\">" +
                   link("/community-assets/bookings/" + b.id + "/cancel",
                        t(ctx, "deliver.booking.cancel")) +
                   "<span class=\"govuk-visually-hidden\"> " + escape(when) + "</span></p>";
      table.rows_html.push_back({"<span id=\"booking-" + b.id + "\">" + escape(when) + "</span>", what,
                                 status_tag(ctx, b.status), actions});
    }
    html += web::table(table);
  }

  if (asset->status != "transferred") {
    html += h2(t(ctx, "deliver.booking.add_title")) + para(t(ctx, steward ? "deliver.booking.add_intro_steward"
                                                                           : "deliver.booking.add_intro"));
    html += web::form_open(ctx, std::string(kAssetsPath) + "/" + asset->id + "/bookings");
    html += web::date_input(ctx.locale, {.id = "on",
                                         .label = t(ctx, "deliver.booking.on"),
                                         .hint = t(ctx, "deliver.booking.on_hint"),
                                         .error = errors["on"],
                                         .value = web::date_value(values, "on")});
    for (const char* field : {"starts", "ends"})
      html += web::text_input(ctx.locale, {.id = field,
                                           .label = t(ctx, std::string("deliver.booking.") + field),
                                           .hint = t(ctx, "deliver.booking.time_hint"),
                                           .error = errors[field],
                                           .value = web::value_of(values, field),
                                           .inputmode = "numeric",
                                           .width_class = "govuk-input--width-5"});
    html += web::textarea(ctx.locale, {.id = "purpose",
                                       .name = "purpose",
                                       .label = t(ctx, "deliver.booking.purpose"),
                                       .error = errors["purpose"],
                                       .value = web::value_of(values, "purpose"),
                                       .rows = 2});
    html += web::select(ctx.locale, {.id = "initiative_id",
                                     .name = "initiative_id",
                                     .label = t(ctx, "deliver.booking.initiative"),
                                     .hint = t(ctx, "deliver.booking.initiative_hint"),
                                     .error = errors["initiative_id"],
                                     .options = initiative_options(ctx, *c, true),
                                     .selected = web::value_of(values, "initiative_id")});
    html += web::button({t(ctx, "deliver.booking.add"), false, "", ""}) + "</form>";
  }

  if (steward) {
    html += h2(t(ctx, "deliver.asset.status_title"));
    std::vector<web::Option> statuses;
    for (const char* s : kAssetStatuses)
      if (asset->status != s) statuses.push_back({s, t(ctx, std::string("deliver.asset.status.") + s), ""});
    html += web::form_open(ctx, std::string(kAssetsPath) + "/" + asset->id + "/status");
    html += web::radios(ctx.locale, {.id = "status",
                                     .name = "status",
                                     .legend = t(ctx, "deliver.asset.status_new"),
                                     .hint = t(ctx, "deliver.asset.status_hint"),
                                     .error = errors["status"],
                                     .options = statuses,
                                     .selected = {web::value_of(values, "status")}});
    html += web::textarea(ctx.locale, {.id = "reason",
                                       .name = "reason",
                                       .label = t(ctx, "deliver.asset.reason"),
                                       .error = errors["reason"],
                                       .value = web::value_of(values, "reason"),
                                       .rows = 2});
    html += web::button({t(ctx, "deliver.asset.status_save"), true, "", ""}) + "</form>";
  }
  return no_store(
      Response::html(web::page(ctx, {asset->name, crumbs(ctx), errors.summary, kAssetsPath}, html), status));
}

Response book_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto form = ctx.request.form();
  auto fields = form_fields(form, booking_fields());
  web::take_date(form, fields, booking_date_field(ctx));
  http::Fields values = fields;
  for (const char* box : {"on-day", "on-month", "on-year"})
    if (form.count(box)) values[box] = form.at(box);
  try {
    auto c = db.acquire();
    c->transaction([&] { book(*c, registry, ctx.principal, ctx.param("id"), fields); });
  } catch (const core::ValidationFailed& e) {
    return asset_page(db, ctx, values, web::form_errors(ctx, e.problems()), 422);
  } catch (const core::Error& e) {
    if (e.http_status() == 404 || e.http_status() >= 500) throw;
    return asset_page(db, ctx, values, web::form_errors(ctx, e, "starts"), e.http_status());
  }
  return Response::redirect(web::with_done(std::string(kAssetsPath) + "/" + ctx.param("id"), "deliver.booking.done"));
}

Response status_page(store::Database& db, Context& ctx) {
  auto form = ctx.request.form();
  auto values = form_fields(form, {"status", "reason"});
  try {
    auto c = db.acquire();
    c->transaction([&] {
      change_asset_status(*c, ctx.principal, ctx.param("id"), web::value_of(values, "status"),
                          web::value_of(values, "reason"));
    });
  } catch (const core::ValidationFailed& e) {
    return asset_page(db, ctx, values, web::form_errors(ctx, e.problems()), 422);
  }
  return Response::redirect(web::with_done(std::string(kAssetsPath) + "/" + ctx.param("id"), "deliver.asset.status.done"));
}

// The cancel form: a reason when a steward cancels someone else's booking.
Response cancel_form(store::Database& db, Context& ctx, const std::string& reason, web::FormErrors errors,
                     int status) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto id = ctx.param("id");
  auto b = core::looks_like_id(id) ? find_booking(*c, org, id) : std::nullopt;
  auto asset = b ? find_asset(*c, org, b->asset_id) : std::nullopt;
  if (!b || !asset || !sees_booking(ctx.principal, *asset, *b) || b->status == "cancelled")
    throw core::not_found("Booking");
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "deliver.booking.cancel_title")) + "</h1>";
  html += web::summary_list({{t(ctx, "deliver.asset.name"), escape(asset->name)},
                             {t(ctx, "deliver.booking.when_label"), escape(when_text(ctx, *b))},
                             {t(ctx, "deliver.booking.purpose"), escape(b->purpose)}});
  html += web::form_open(ctx, "/community-assets/bookings/" + b->id + "/cancel");
  html += web::textarea(ctx.locale, {.id = "reason",
                                     .name = "reason",
                                     .label = t(ctx, "deliver.booking.cancel_reason"),
                                     .hint = t(ctx, "deliver.booking.cancel_reason_hint"),
                                     .error = errors["reason"],
                                     .value = reason,
                                     .rows = 3});
  html += web::button({t(ctx, "deliver.booking.cancel"), true, "", ""}) + "</form>";
  html += "<p class=\"govuk-body\">" + link(std::string(kAssetsPath) + "/" + asset->id, t(ctx, "deliver.booking.keep")) +
          "</p>";
  return no_store(Response::html(
      web::page(ctx, {t(ctx, "deliver.booking.cancel_title"), crumbs(ctx), errors.summary, kAssetsPath}, html),
      status));
}

// ---- donated goods ---------------------------------------------------------------------

Response donations_page(store::Database& db, Context& ctx, const http::Fields& values, web::FormErrors errors,
                        int status) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  web::date_errors(ctx.locale, errors, values, donation_date_field(ctx));
  bool officer = ctx.principal.has(core::Role::officer);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" +
                     escape(t(ctx, "deliver.donation.title")) + "</h1>" + para(t(ctx, "deliver.donation.intro"));
  html += web::form_open(ctx, kDonationsPath);
  html += web::select(ctx.locale, {.id = "initiative_id",
                                   .name = "initiative_id",
                                   .label = t(ctx, "deliver.donation.initiative"),
                                   .error = errors["initiative_id"],
                                   .options = initiative_options(ctx, *c, false),
                                   .selected = web::value_of(values, "initiative_id")});
  html += web::textarea(ctx.locale, {.id = "description",
                                     .name = "description",
                                     .label = t(ctx, "deliver.donation.description"),
                                     .hint = t(ctx, "deliver.donation.description_hint"),
                                     .error = errors["description"],
                                     .value = web::value_of(values, "description"),
                                     .rows = 2});
  html += web::text_input(ctx.locale, {.id = "value",
                                       .label = t(ctx, "deliver.donation.value"),
                                       .hint = t(ctx, "deliver.donation.value_hint"),
                                       .error = errors["value"],
                                       .value = web::value_of(values, "value"),
                                       .inputmode = "decimal",
                                       .width_class = "govuk-input--width-5"});
  html += web::date_input(ctx.locale, {.id = "made_on",
                                       .label = t(ctx, "deliver.donation.made_on"),
                                       .error = errors["made_on"],
                                       .value = web::date_value(values, "made_on")});
  if (officer) {
    std::vector<web::Option> groups{{"", t(ctx, "deliver.donation.given_by_me"), ""}};
    for (const auto& g : map::repo::list_groups(*c, org))
      groups.push_back({g.id, g.name, ""});
    html += web::select(ctx.locale, {.id = "group_id",
                                     .name = "group_id",
                                     .label = t(ctx, "deliver.donation.group"),
                                     .error = errors["group_id"],
                                     .options = groups,
                                     .selected = web::value_of(values, "group_id")});
  }
  html += web::button({t(ctx, "deliver.donation.add"), false, "", ""}) + "</form>";
  auto donations = list_donations(*c, org);
  html += h2(t(ctx, "deliver.donation.recorded"));
  if (donations.empty()) {
    html += para(t(ctx, "deliver.donation.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "deliver.donation.recorded");
    table.headers = {t(ctx, "deliver.donation.description"), t(ctx, "deliver.donation.initiative"),
                     t(ctx, "deliver.donation.value"), t(ctx, "deliver.donation.made_on")};
    table.numeric = {false, false, true, false};
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& d : donations) {
      // Who gave is an officer's to see; members see what was given.
      std::string what = "<span id=\"donation-" + d.id + "\">" + escape(d.description) + "</span>";
      if (officer) what += "<br><span class=\"govuk-body-s\">" + escape(d.donor_name) + "</span>";
      table.rows_html.push_back({what, escape(d.initiative_name),
                                 d.value_minor ? escape(money_text(ctx, *d.value_minor))
                                               : escape(t(ctx, "deliver.donation.no_value")),
                                 escape(i18n::format_date(ctx.locale, d.made_on))});
    }
    html += web::table(table);
  }
  return no_store(Response::html(
      web::page(ctx, {t(ctx, "deliver.donation.title"), crumbs(ctx), errors.summary, kAssetsPath}, html), status));
}

Response donate_page(store::Database& db, Context& ctx) {
  auto form = ctx.request.form();
  auto fields = form_fields(form, donation_fields());
  web::take_date(form, fields, donation_date_field(ctx));
  http::Fields values = fields;
  for (const char* box : {"made_on-day", "made_on-month", "made_on-year"})
    if (form.count(box)) values[box] = form.at(box);
  try {
    auto c = db.acquire();
    c->transaction([&] { record_donation(*c, ctx.principal, fields); });
  } catch (const core::ValidationFailed& e) {
    return donations_page(db, ctx, values, web::form_errors(ctx, e.problems()), 422);
  }
  return Response::redirect(web::with_done(kDonationsPath, "deliver.donation.done"));
}

void background_recorder(store::Database& db, std::function<std::chrono::system_clock::time_point()> clock,
                         std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    try {
      auto now = clock ? clock() : std::chrono::system_clock::now();
      record_uses_due(db, core::iso_utc(now).substr(0, 10));
    } catch (const std::exception&) {
      // The database is away: try again on the next round.
    }
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, std::chrono::minutes(15), [] { return false; });
  }
}

constexpr const char* kAssetSchema = R"({"type": "object", "properties": {
    "id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
    "kind": {"type": "string", "enum": ["building", "vehicle", "land", "equipment", "other"]},
    "steward_id": {"type": "string"}, "steward_name": {"type": "string"}, "group_id": {"type": ["string", "null"]},
    "group_name": {"type": "string"}, "status": {"type": "string", "enum": ["listed", "requested", "leased", "transferred"]},
    "hourly_value_minor": {"type": ["integer", "null"]}, "created_at": {"type": "string"}}})";

constexpr const char* kBookingSchema = R"({"type": "object", "description": "Who booked and why only for the booker and the asset's stewards", "properties": {
    "id": {"type": "string"}, "asset_id": {"type": "string"}, "starts_at": {"type": "string"},
    "ends_at": {"type": "string"}, "status": {"type": "string", "enum": ["requested", "confirmed", "cancelled"]},
    "initiative_id": {"type": ["string", "null"]}, "booked_by": {"type": ["string", "null"]},
    "booked_by_name": {"type": "string"}, "purpose": {"type": "string"}, "charge_minor": {"type": "integer"},
    "contribution_id": {"type": ["string", "null"]}, "reason": {"type": "string"}}})";

json::value export_assets(store::Connection& c, const std::string& account_id) {
  json::array bookings, donations;
  for (const auto& r : c.query("SELECT b.organisation_id, a.name, b.purpose, b.starts_at, b.ends_at, b.status, b.created_at "
                               "FROM asset_bookings b JOIN community_assets a ON a.organisation_id = b.organisation_id "
                               "AND a.id = b.asset_id WHERE b.booked_by = $1 ORDER BY b.starts_at",
                               {account_id}))
    bookings.push_back({{"organisation_id", r.text(0)}, {"asset", r.text(1)}, {"purpose", r.text(2)},
                        {"starts_at", r.text(3)}, {"ends_at", r.text(4)}, {"status", r.text(5)},
                        {"created_at", r.text(6)}});
  for (const auto& r : c.query("SELECT organisation_id, description, value_minor, made_on FROM asset_donations "
                               "WHERE donor_id = $1 ORDER BY made_on",
                               {account_id}))
    donations.push_back({{"organisation_id", r.text(0)}, {"description", r.text(1)},
                         {"value_minor", r.opt_integer(2) ? json::value(*r.opt_integer(2)) : json::value()},
                         {"made_on", r.text(3)}});
  return json::object{{"bookings", bookings}, {"donations", donations}};
}

// Bookings and gifts stay (they are the asset's and the initiative's record), without the person.
void erase_assets(store::Connection& tx, const std::string& account_id) {
  tx.execute("UPDATE asset_bookings SET booked_by = NULL, purpose = '' WHERE booked_by = $1", {account_id});
  tx.execute("UPDATE asset_donations SET donor_id = NULL WHERE donor_id = $1", {account_id});
}

// The demo: the community hall the demo community member stewards, with a
// value per hour, booked this coming week by the resident (waiting for the
// steward), and the council's minibus.
void load_demo(store::Connection& tx, const module::Registry& registry, module::DemoContext& demo) {
  const auto& org = demo.organisation_id;
  if (!list_assets(tx, org).empty()) return;
  auto officer = core::Principal();
  officer.organisation_id = org;
  officer.account_id = demo.accounts.at(core::Role::officer);
  officer.role = core::Role::officer;
  auto resident = officer;
  resident.account_id = demo.accounts.at(core::Role::resident);
  resident.role = core::Role::resident;
  auto hall = add_asset(tx, officer,
                        {{"name", "Beacon Community Hall"}, {"kind", "building"},
                         {"description", "The main hall seats 80; a kitchen and an accessible toilet."},
                         {"steward_id", demo.accounts.at(core::Role::community_member)}, {"hourly_value", "25"}});
  add_asset(tx, officer, {{"name", "Community minibus"}, {"kind", "vehicle"},
                          {"description", "Twelve seats and a wheelchair lift; drivers need a minibus test."},
                          {"steward_id", officer.account_id}});
  auto initiative = tx.query_one("SELECT id FROM initiatives WHERE organisation_id = $1 "
                                 "ORDER BY CASE WHEN name LIKE 'Beacon%' THEN 0 ELSE 1 END, name LIMIT 1",
                                 {org});
  book(tx, registry, resident, hall,
       {{"on", core::days_before(core::today_utc(), -3)}, {"starts", "10:00"}, {"ends", "12:00"},
        {"purpose", "Coffee morning for new parents"}, {"initiative_id", initiative ? initiative->text(0) : ""}});
}

}  // namespace

void declare_assets(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  l.permission({kAssetsPermission,
                {core::Role::resident, core::Role::community_member, core::Role::professional, core::Role::councillor,
                 core::Role::officer},
                "See and book community assets, and record goods given to an initiative"});
  l.permission({kAssetsManagePermission, {core::Role::officer}, "Add community assets and name their stewards"});
  l.source({kBookingSource, "deliver.source.booking", "/community-assets/bookings/{id}"});
  l.source({kDonationSource, "deliver.source.donation", "/community-assets/donations/{id}"});
  l.personal_data({"deliver.assets", export_assets, erase_assets});
  l.background({"deliver.asset_uses", [&db, clock = l.environment().clock](std::stop_token stop) {
                  background_recorder(db, clock, stop);
                }});
  l.schema("CommunityAsset", kAssetSchema);
  l.schema("AssetBooking", kBookingSchema);

  // ---- API ----
  l.api(Method::get, "/api/v1/deliver/assets", kAssetsPermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          json::array items;
          for (const auto& a : list_assets(*c, ctx.principal.organisation_id)) items.push_back(asset_json(a));
          return no_store(Response::json(json::object{{"assets", items}}));
        },
        module::Api("The organisation's community assets, by name")
            .returns(200, "The assets", R"({"type": "object", "properties": {"assets": {"type": "array",
                "items": {"$ref": "#/components/schemas/CommunityAsset"}}}})"));
  l.api(Method::post, "/api/v1/deliver/assets", kAssetsManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, asset_fields());
          auto c = db.acquire();
          auto id = c->transaction([&] { return add_asset(*c, ctx.principal, fields); });
          return Response::json(asset_json(*find_asset(*c, ctx.principal.organisation_id, id)), 201);
        },
        module::Api("Add a community asset, listed")
            .body(R"({"type": "object", "properties": {"name": {"type": "string", "maxLength": 120},
                "description": {"type": "string", "maxLength": 1000},
                "kind": {"type": "string", "enum": ["building", "vehicle", "land", "equipment", "other"]},
                "steward_id": {"type": "string", "description": "A member of the organisation who answers for it"},
                "group_id": {"type": "string", "description": "The community group that runs it, if any"},
                "hourly_value": {"type": "string", "description": "What an hour of its use is worth, in pounds"}},
                "required": ["name", "kind", "steward_id"]})")
            .returns(201, "The asset", "CommunityAsset")
            .error(422, "A field missing or wrong, named"));
  l.api(Method::get, "/api/v1/deliver/assets/{id}", kAssetsPermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          const auto& org = ctx.principal.organisation_id;
          auto id = ctx.param("id");
          auto asset = core::looks_like_id(id) ? find_asset(*c, org, id) : std::nullopt;
          if (!asset) throw core::not_found("Asset");
          auto from = ctx.request.query_param("from").value_or(core::today_utc());
          if (!core::is_iso_date(from))
            throw core::ValidationFailed(std::vector<core::FieldProblem>{{"from", "deliver.error.date_invalid"}});
          json::array bookings;
          for (const auto& b : bookings_of(*c, org, asset->id, from))
            bookings.push_back(booking_json(b, sees_booking(ctx.principal, *asset, b)));
          return no_store(Response::json(json::object{{"asset", asset_json(*asset)}, {"bookings", bookings}}));
        },
        module::Api("A community asset and its bookings from a day on (today by default)")
            .query("from", "YYYY-MM-DD: bookings ending on or after this day", R"({"type": "string", "format": "date"})")
            .returns(200, "The asset and its bookings", R"({"type": "object", "properties": {
                "asset": {"$ref": "#/components/schemas/CommunityAsset"},
                "bookings": {"type": "array", "items": {"$ref": "#/components/schemas/AssetBooking"}}}})")
            .error(422, "from is not a date"));
  l.api(Method::post, "/api/v1/deliver/assets/{id}/status", kAssetsPermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"status", "reason"});
          auto c = db.acquire();
          c->transaction([&] { change_asset_status(*c, ctx.principal, ctx.param("id"), fields["status"], fields["reason"]); });
          return Response::json(asset_json(*find_asset(*c, ctx.principal.organisation_id, ctx.param("id"))));
        },
        module::Api("The steward or an officer moves the asset's status, with a reason")
            .describe("listed -> requested -> leased -> transferred; requested and leased may return to listed.")
            .body(R"({"type": "object", "properties": {"status": {"type": "string",
                "enum": ["listed", "requested", "leased", "transferred"]}, "reason": {"type": "string", "maxLength": 1000}},
                "required": ["status", "reason"]})")
            .returns(200, "The asset", "CommunityAsset")
            .error(403, "Not the asset's steward nor an officer")
            .error(422, "A move the rules do not allow, or no reason"));
  auto booking_response = [&db](Context& ctx, const std::string& id, int status) {
    auto c = db.acquire();
    auto b = find_booking(*c, ctx.principal.organisation_id, id);
    return Response::json(booking_json(*b, true), status);
  };
  l.api(Method::post, "/api/v1/deliver/assets/{id}/bookings", kAssetsPermission,
        [&db, &registry, booking_response](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, booking_fields());
          auto c = db.acquire();
          auto id = c->transaction([&] { return book(*c, registry, ctx.principal, ctx.param("id"), fields); });
          return booking_response(ctx, id, 201);
        },
        module::Api("Book an asset for part of a day: confirmed at once for its steward and officers, else requested")
            .body(R"({"type": "object", "properties": {"on": {"type": "string", "format": "date"},
                "starts": {"type": "string", "description": "HH:MM, 24 hours"},
                "ends": {"type": "string", "description": "HH:MM, after starts"},
                "purpose": {"type": "string", "maxLength": 1000},
                "initiative_id": {"type": "string", "description": "The initiative the booking serves, if any"}},
                "required": ["on", "starts", "ends", "purpose"]})")
            .returns(201, "The booking", "AssetBooking")
            .error(409, "The time clashes with another booking")
            .error(422, "A field missing or wrong, named"));
  l.api(Method::post, "/api/v1/deliver/bookings/{id}/confirm", kAssetsPermission,
        [&db, booking_response](Context& ctx) {
          auto fields = ctx.request.body.empty() ? http::Fields{} : http::fields_from_json(ctx.request.body, {"charge"});
          auto c = db.acquire();
          c->transaction([&] { confirm_booking(*c, ctx.principal, ctx.param("id"), fields["charge"]); });
          return booking_response(ctx, ctx.param("id"), 200);
        },
        module::Api("The steward or an officer confirms a requested booking, with a charge or free")
            .body(R"({"type": "object", "properties": {"charge": {"type": "string",
                "description": "Pounds; left out or 0 for a free booking"}}})")
            .returns(200, "The booking", "AssetBooking")
            .error(403, "Not the asset's steward nor an officer")
            .error(409, "Not requested any more"));
  l.api(Method::post, "/api/v1/deliver/bookings/{id}/cancel", kAssetsPermission,
        [&db, booking_response](Context& ctx) {
          auto fields = ctx.request.body.empty() ? http::Fields{} : http::fields_from_json(ctx.request.body, {"reason"});
          auto c = db.acquire();
          c->transaction([&] { cancel_booking(*c, ctx.principal, ctx.param("id"), fields["reason"]); });
          return booking_response(ctx, ctx.param("id"), 200);
        },
        module::Api("Cancel a booking: the booker, or the steward or an officer with a reason")
            .body(R"({"type": "object", "properties": {"reason": {"type": "string", "maxLength": 1000}}})")
            .returns(200, "The booking", "AssetBooking")
            .error(409, "Already cancelled")
            .error(422, "No reason from a steward cancelling someone else's booking"));
  l.api(Method::post, "/api/v1/deliver/donations", kAssetsPermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, donation_fields());
          auto c = db.acquire();
          auto id = c->transaction([&] { return record_donation(*c, ctx.principal, fields); });
          for (const auto& d : list_donations(*c, ctx.principal.organisation_id))
            if (d.id == id)
              return Response::json(json::object{{"id", d.id}, {"initiative_id", d.initiative_id},
                                                 {"description", d.description},
                                                 {"value_minor", d.value_minor ? json::value(*d.value_minor) : json::value()},
                                                 {"made_on", d.made_on}, {"contribution_id", d.contribution_id}},
                                    201);
          return Response::json(json::object{{"id", id}}, 201);
        },
        module::Api("Record goods given to an initiative: an in-kind contribution on the map")
            .describe("Recorded by an officer it is confirmed; by the giver, claimed until an officer confirms it. "
                      "Officers may record a community group's gift with group_id.")
            .body(R"({"type": "object", "properties": {"initiative_id": {"type": "string"},
                "description": {"type": "string", "maxLength": 1000},
                "value": {"type": "string", "description": "Pounds, when a value is given"},
                "made_on": {"type": "string", "format": "date"}, "group_id": {"type": "string"}},
                "required": ["initiative_id", "description", "made_on"]})")
            .returns(201, "The gift", R"({"type": "object", "properties": {"id": {"type": "string"},
                "initiative_id": {"type": "string"}, "description": {"type": "string"},
                "value_minor": {"type": ["integer", "null"]}, "made_on": {"type": "string"},
                "contribution_id": {"type": "string"}}})")
            .error(422, "A field missing or wrong, named"));

  // ---- pages ----
  l.page(Method::get, kAssetsPath, kAssetsPermission,
         [&db, &registry](Context& ctx) { return list_page(db, registry, ctx, {}, {}); },
         "Community assets, and the officer's form to add one");
  l.page(Method::post, kAssetsPath, kAssetsManagePermission,
         [&db, &registry](Context& ctx) {
           auto values = form_fields(ctx.request.form(), asset_fields());
           std::string id;
           try {
             auto c = db.acquire();
             id = c->transaction([&] { return add_asset(*c, ctx.principal, values); });
           } catch (const core::ValidationFailed& e) {
             return list_page(db, registry, ctx, values, e.problems());
           }
           return Response::redirect(web::with_done(std::string(kAssetsPath) + "/" + id, "deliver.asset.done"));
         },
         "Add a community asset from the form");
  l.page(Method::get, kDonationsPath, kAssetsPermission,
         [&db](Context& ctx) { return donations_page(db, ctx, {}, {}, 200); },
         "Goods given to initiatives, and the form to record one");
  l.page(Method::post, kDonationsPath, kAssetsPermission, [&db](Context& ctx) { return donate_page(db, ctx); },
         "Record goods given to an initiative");
  l.page(Method::get, "/community-assets/donations/{id}", kAssetsPermission,
         [](Context& ctx) {
           if (!core::looks_like_id(ctx.param("id"))) throw core::not_found("Donation");
           return Response::redirect(std::string(kDonationsPath) + "#donation-" + ctx.param("id"));
         },
         "A recorded gift: its place in the list of gifts");
  l.page(Method::get, "/community-assets/{id}", kAssetsPermission,
         [&db](Context& ctx) { return asset_page(db, ctx, {}, {}, 200); },
         "One community asset: details, bookings, the booking form and the steward's forms");
  l.page(Method::post, "/community-assets/{id}/bookings", kAssetsPermission,
         [&db, &registry](Context& ctx) { return book_page(db, registry, ctx); }, "Book an asset from the form");
  l.page(Method::post, "/community-assets/{id}/status", kAssetsPermission,
         [&db](Context& ctx) { return status_page(db, ctx); }, "Move an asset's status (its steward or an officer)");
  l.page(Method::get, "/community-assets/bookings/{id}", kAssetsPermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           auto b = core::looks_like_id(ctx.param("id")) ? find_booking(*c, ctx.principal.organisation_id, ctx.param("id"))
                                                         : std::nullopt;
           if (!b) throw core::not_found("Booking");
           return Response::redirect(std::string(kAssetsPath) + "/" + b->asset_id + "#booking-" + b->id);
         },
         "A booking: its place on its asset's page");
  l.page(Method::post, "/community-assets/bookings/{id}/confirm", kAssetsPermission,
         [&db](Context& ctx) {
           std::string asset_id;
           {
             auto c = db.acquire();
             c->transaction([&] { confirm_booking(*c, ctx.principal, ctx.param("id"), ""); });
             asset_id = find_booking(*c, ctx.principal.organisation_id, ctx.param("id"))->asset_id;
           }
           return Response::redirect(web::with_done(std::string(kAssetsPath) + "/" + asset_id, "deliver.booking.confirmed.done"));
         },
         "Confirm a requested booking, free (the steward or an officer)");
  l.page(Method::get, "/community-assets/bookings/{id}/cancel", kAssetsPermission,
         [&db](Context& ctx) { return cancel_form(db, ctx, "", {}, 200); }, "The form to cancel a booking");
  l.page(Method::post, "/community-assets/bookings/{id}/cancel", kAssetsPermission,
         [&db](Context& ctx) {
           auto reason = web::value_of(ctx.request.form(), "reason");
           std::string asset_id;
           try {
             auto c = db.acquire();
             c->transaction([&] { cancel_booking(*c, ctx.principal, ctx.param("id"), reason); });
             asset_id = find_booking(*c, ctx.principal.organisation_id, ctx.param("id"))->asset_id;
           } catch (const core::ValidationFailed& e) {
             return cancel_form(db, ctx, reason, web::form_errors(ctx, e.problems()), 422);
           }
           return Response::redirect(web::with_done(std::string(kAssetsPath) + "/" + asset_id, "deliver.booking.cancelled.done"));
         },
         "Cancel a booking");
  l.nav({kAssetsPath, "deliver.asset.nav", kAssetsPermission, 63});
  l.demo([&registry](store::Connection& tx, module::DemoContext& demo) { load_demo(tx, registry, demo); });
}

}  // namespace coproduce::deliver
