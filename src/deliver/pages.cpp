#include "deliver/page_support.hpp"
#include "deliver/pages.hpp"

#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
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

constexpr const char* kListPath = "/time-credits";
constexpr const char* kAccountPath = "/time-credits/account";
constexpr const char* kSettingsPath = "/time-credits/settings";



// "2 hours", "1 hour", "1.5 hours" / "2 awr".
std::string hours(const Context& ctx, std::int64_t x100) {
  return t(ctx, x100 == 100 || x100 == -100 ? "deliver.hours.one" : "deliver.hours.other",
           {{"hours", hours_text(x100)}});
}

std::string date_text(const Context& ctx, const std::string& iso) { return i18n::format_date(ctx.locale, iso); }

std::vector<web::Breadcrumb> crumbs(const Context& ctx) { return {{t(ctx, "deliver.list.title"), kListPath}}; }

web::DateField made_on_field(const Context& ctx) {
  return {"made_on", t(ctx, "deliver.exchange.made_on"), {.required = true, .latest = core::today_utc()}};
}

// A submit button whose accessible name says which exchange it acts on.
std::string action_button(std::string_view label, std::string_view hidden, bool secondary) {
  return "<button type=\"submit\" class=\"govuk-button" + std::string(secondary ? " govuk-button--secondary" : "") +
         "\" data-module=\"govuk-button\">" + escape(label) + "<span class=\"govuk-visually-hidden\"> " +
         escape(hidden) + "</span></button>";
}

// ---- offers and requests ------------------------------------------------------------

Response list_page(store::Database& db, const module::Registry& registry, Context& ctx, const http::Fields& values,
                   const std::vector<core::FieldProblem>& problems) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto errors = web::form_errors(ctx, problems);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "deliver.list.title")) +
                     "</h1>" + para(t(ctx, "deliver.list.intro"));
  html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + std::string(kAccountPath) + "\">" +
          escape(t(ctx, "deliver.list.account_link")) + "</a></p>";
  if (!time_bank_initiative(*c, org)) {
    html += web::inset_text(escape(t(ctx, "deliver.list.not_open")));
    if (registry.policy(kManagePermission).allows(ctx.principal))
      html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + std::string(kSettingsPath) + "\">" +
              escape(t(ctx, "deliver.settings.title")) + "</a></p>";
  }
  auto mine = account_of_person(*c, registry, org, ctx.principal.account_id);
  for (bool offers : {true, false}) {
    auto items = list_listings(*c, org, offers ? "offer" : "request");
    auto heading = t(ctx, offers ? "deliver.list.offers" : "deliver.list.requests");
    html += h2(heading);
    if (items.empty()) {
      html += para(t(ctx, offers ? "deliver.list.no_offers" : "deliver.list.no_requests"));
      continue;
    }
    web::Table table;
    table.caption = heading;
    table.headers = {t(ctx, "deliver.listing.title"), t(ctx, "deliver.listing.who"), t(ctx, "deliver.listing.hours"),
                     t(ctx, "deliver.settings.action")};
    table.numeric = {false, false, true, false};
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& item : items) {
      std::string title = "<span class=\"govuk-!-font-weight-bold\">" + escape(item.title) + "</span>";
      if (!item.description.empty()) title += "<br><span class=\"govuk-body-s\">" + escape(item.description) + "</span>";
      std::string action;
      if (mine && item.account_id == mine->id)
        action = web::form_open(ctx, "/time-credits/listings/" + item.id + "/withdraw") +
                 action_button(t(ctx, "deliver.listing.withdraw"), item.title, true) + "</form>";
      table.rows_html.push_back({title, escape(item.owner_name), escape(hours(ctx, item.hours_x100)), action});
    }
    html += web::table(table);
  }
  html += h2(t(ctx, "deliver.listing.add_title")) + web::form_open(ctx, "/time-credits/listings");
  html += web::radios(ctx.locale, {.id = "kind",
                                   .name = "kind",
                                   .legend = t(ctx, "deliver.listing.kind"),
                                   .error = errors["kind"],
                                   .options = {{"offer", t(ctx, "deliver.listing.kind_offer"), ""},
                                               {"request", t(ctx, "deliver.listing.kind_request"), ""}},
                                   .selected = {web::value_of(values, "kind")}});
  html += web::text_input(ctx.locale, {.id = "title",
                                       .label = t(ctx, "deliver.listing.title_label"),
                                       .hint = t(ctx, "deliver.listing.title_hint"),
                                       .error = errors["title"],
                                       .value = web::value_of(values, "title")});
  html += web::textarea(ctx.locale, {.id = "description",
                                     .name = "description",
                                     .label = t(ctx, "deliver.listing.description_label"),
                                     .hint = t(ctx, "deliver.listing.description_hint"),
                                     .error = errors["description"],
                                     .value = web::value_of(values, "description"),
                                     .rows = 3});
  html += web::text_input(ctx.locale, {.id = "hours",
                                       .label = t(ctx, "deliver.listing.hours_label"),
                                       .hint = t(ctx, "deliver.hours_hint"),
                                       .error = errors["hours"],
                                       .value = web::value_of(values, "hours"),
                                       .inputmode = "decimal",
                                       .width_class = "govuk-input--width-5"});
  html += web::button({t(ctx, "deliver.listing.add"), false, "", ""}) + "</form>";
  return no_store(Response::html(
      web::page(ctx, {t(ctx, "deliver.list.title"), {}, errors.summary, kListPath}, html),
      problems.empty() ? 200 : 422));
}

Response add_listing_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto form = ctx.request.form();
  http::Fields fields;
  for (const auto& name : listing_fields())
    if (form.count(name)) fields[name] = form.at(name);
  auto c = db.acquire();
  try {
    c->transaction([&] { add_listing(*c, registry, ctx.principal, fields); });
  } catch (const core::ValidationFailed& e) {
    c.reset();
    return list_page(db, registry, ctx, fields, e.problems());
  }
  return Response::redirect(web::with_done(kListPath, "deliver.listing.done"));
}

// ---- the account -----------------------------------------------------------------------

std::string status_tag(const Context& ctx, const Exchange& e) {
  if (e.reverses_id) return web::tag(t(ctx, "deliver.status.reversal"), "grey");
  if (e.reversed_by_id) return web::tag(t(ctx, "deliver.status.reversed"), "grey");
  if (e.status == "confirmed") return web::tag(t(ctx, "deliver.status.confirmed"), "green");
  if (e.status == "disputed") return web::tag(t(ctx, "deliver.status.disputed"), "red");
  return web::tag(t(ctx, "deliver.status.proposed"), "blue");
}

Response account_page(store::Database& db, const module::Registry& registry, Context& ctx,
                      const http::Fields& values, web::FormErrors errors, int status) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  web::date_errors(ctx.locale, errors, values, made_on_field(ctx));
  auto account = account_of_person(*c, registry, org, ctx.principal.account_id);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" +
                     escape(t(ctx, "deliver.account.title")) + "</h1>";
  if (!account) {
    html += para(t(ctx, "deliver.account.none")) + web::form_open(ctx, kAccountPath) +
            web::button({t(ctx, "deliver.account.open"), false, "", ""}) + "</form>";
    return no_store(Response::html(
        web::page(ctx, {t(ctx, "deliver.account.title"), crumbs(ctx), errors.summary, kListPath}, html), status));
  }
  auto mine = balance(*c, org, account->id);
  html += web::summary_list(
      {{t(ctx, "deliver.account.balance"), "<strong id=\"balance\">" + escape(hours(ctx, mine)) + "</strong>"},
       {t(ctx, "deliver.account.limits"),
        escape(t(ctx, "deliver.account.limits_value",
                 {{"lower", hours(ctx, account->limits.lower_x100)}, {"upper", hours(ctx, account->limits.upper_x100)}}))}});
  html += para(t(ctx, "deliver.account.how"));

  auto exchanges = exchanges_of(*c, org, account->id);
  // Waiting for this person's answer.
  std::string waiting;
  for (const auto& e : exchanges) {
    if (e.status != "proposed" || e.proposer_account_id == account->id) continue;
    bool i_gave = e.payee_account_id == account->id;
    auto other = i_gave ? e.payer_name : e.payee_name;
    auto what = t(ctx, i_gave ? "deliver.waiting.you_gave" : "deliver.waiting.you_received",
                  {{"name", other}, {"hours", hours(ctx, e.hours_x100)}});
    waiting += "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h3 class=\"govuk-summary-card__title\">" + escape(what) + "</h3></div>"
               "<div class=\"govuk-summary-card__content\">" +
               web::summary_list({{t(ctx, "deliver.exchange.description"), escape(e.description)},
                                  {t(ctx, "deliver.exchange.made_on"), escape(date_text(ctx, e.made_on))}}) +
               web::form_open(ctx, "/time-credits/exchanges/" + e.id + "/confirm") +
               action_button(t(ctx, "deliver.waiting.confirm"), what, false) + "</form>" +
               // Disputing says why, so that the other side can put it right.
               web::details(t(ctx, "deliver.waiting.dispute"),
                            web::form_open(ctx, "/time-credits/exchanges/" + e.id + "/dispute") +
                                web::textarea(ctx.locale, {.id = "reason-" + e.id,
                                                           .name = "reason",
                                                           .label = t(ctx, "deliver.waiting.dispute_reason"),
                                                           .rows = 2}) +
                                action_button(t(ctx, "deliver.waiting.dispute_submit"), what, true) + "</form>") +
               "</div></div>";
  }
  if (!waiting.empty()) html += h2(t(ctx, "deliver.waiting.title")) + waiting;

  html += h2(t(ctx, "deliver.history.title"));
  if (exchanges.empty()) {
    html += para(t(ctx, "deliver.history.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "deliver.history.title");
    table.headers = {t(ctx, "deliver.exchange.made_on"), t(ctx, "deliver.history.with"),
                     t(ctx, "deliver.exchange.description"), t(ctx, "deliver.history.hours"),
                     t(ctx, "deliver.history.status")};
    table.numeric = {false, false, false, true, false};
    table.stack_on_narrow = true;
    for (const auto& e : exchanges) {
      bool in = e.payee_account_id == account->id;
      auto signed_hours = in ? e.hours_x100 : -e.hours_x100;
      table.rows_html.push_back({escape(date_text(ctx, e.made_on)), escape(in ? e.payer_name : e.payee_name),
                                 escape(e.description),
                                 escape((signed_hours > 0 ? "+" : "") + hours(ctx, signed_hours)), status_tag(ctx, e)});
    }
    html += web::table(table);
  }

  // The form to propose one.
  html += h2(t(ctx, "deliver.propose.title")) + para(t(ctx, "deliver.propose.intro"));
  std::vector<web::Option> people = {{"", t(ctx, "deliver.propose.choose"), ""}};
  for (const auto& a : list_accounts(*c, registry, org))
    if (a.id != account->id) people.push_back({a.id, a.name, ""});
  html += web::form_open(ctx, "/time-credits/exchanges");
  html += web::radios(ctx.locale, {.id = "direction",
                                   .name = "direction",
                                   .legend = t(ctx, "deliver.propose.direction"),
                                   .error = errors["direction"],
                                   .options = {{"gave", t(ctx, "deliver.propose.gave"), ""},
                                               {"received", t(ctx, "deliver.propose.received"), ""}},
                                   .selected = {web::value_of(values, "direction")}});
  html += web::select(ctx.locale, {.id = "other_account_id",
                                   .name = "other_account_id",
                                   .label = t(ctx, "deliver.propose.other"),
                                   .hint = t(ctx, "deliver.propose.other_hint"),
                                   .error = errors["other_account_id"],
                                   .options = people,
                                   .selected = web::value_of(values, "other_account_id")});
  html += web::text_input(ctx.locale, {.id = "hours",
                                       .label = t(ctx, "deliver.propose.hours"),
                                       .hint = t(ctx, "deliver.hours_hint"),
                                       .error = errors["hours"],
                                       .value = web::value_of(values, "hours"),
                                       .inputmode = "decimal",
                                       .width_class = "govuk-input--width-5"});
  html += web::textarea(ctx.locale, {.id = "description",
                                     .name = "description",
                                     .label = t(ctx, "deliver.exchange.description"),
                                     .hint = t(ctx, "deliver.propose.description_hint"),
                                     .error = errors["description"],
                                     .value = web::value_of(values, "description"),
                                     .rows = 3});
  html += web::date_input(ctx.locale, {.id = "made_on",
                                       .label = t(ctx, "deliver.exchange.made_on"),
                                       .error = errors["made_on"],
                                       .value = web::date_value(values, "made_on")});
  html += web::button({t(ctx, "deliver.propose.submit"), false, "", ""}) + "</form>";
  return no_store(Response::html(
      web::page(ctx, {t(ctx, "deliver.account.title"), crumbs(ctx), errors.summary, kListPath}, html), status));
}

Response propose_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto form = ctx.request.form();
  http::Fields fields;
  for (const auto& name : exchange_fields())
    if (name != "account_id" && form.count(name)) fields[name] = form.at(name);
  web::take_date(form, fields, made_on_field(ctx));
  http::Fields values = fields;
  for (const char* box : {"made_on-day", "made_on-month", "made_on-year"})
    if (form.count(box)) values[box] = form.at(box);
  try {
    auto c = db.acquire();
    c->transaction([&] { propose(*c, registry, ctx.principal, fields); });
  } catch (const core::ValidationFailed& e) {
    return account_page(db, registry, ctx, values, web::form_errors(ctx, e.problems()), 422);
  } catch (const LimitExceeded& e) {
    web::FormErrors errors;
    errors.by_field["hours"] = limit_message(ctx.locale, e);
    errors.summary.push_back({"hours", errors.by_field["hours"]});
    return account_page(db, registry, ctx, values, errors, 409);
  } catch (const core::Error& e) {
    if (e.http_status() >= 500) throw;
    return account_page(db, registry, ctx, values, web::form_errors(ctx, e, "hours"), e.http_status());
  }
  return Response::redirect(web::with_done(kAccountPath, "deliver.propose.done"));
}

Response decide_page(store::Database& db, const module::Registry& registry, Context& ctx, bool confirming) {
  try {
    auto c = db.acquire();
    c->transaction([&] {
      if (confirming) confirm(*c, registry, ctx.principal, ctx.param("id"));
      else dispute(*c, ctx.principal, ctx.param("id"), web::value_of(ctx.request.form(), "reason"));
    });
  } catch (const LimitExceeded& e) {
    web::FormErrors errors;
    errors.by_field["balance"] = limit_message(ctx.locale, e);
    errors.summary.push_back({"balance", errors.by_field["balance"]});
    return account_page(db, registry, ctx, {}, errors, 409);
  } catch (const core::Error& e) {
    if (e.http_status() == 404 || e.http_status() >= 500) throw;
    auto errors = web::form_errors(ctx, e, "balance");
    for (auto& s : errors.summary) s.field_id = "balance";
    return account_page(db, registry, ctx, {}, errors, e.http_status());
  }
  return Response::redirect(
      web::with_done(kAccountPath, confirming ? "deliver.confirmed.done" : "deliver.disputed.done"));
}

// One exchange, for its two sides and officers (the ledger's link back).
Response exchange_page(store::Database& db, const module::Registry& registry, Context& ctx) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto found = core::looks_like_id(ctx.param("id")) ? find_exchange(*c, org, ctx.param("id")) : std::nullopt;
  if (!found) throw core::not_found("Exchange");
  const auto& e = *found;
  auto payer = find_account(*c, registry, org, e.payer_account_id);
  auto payee = find_account(*c, registry, org, e.payee_account_id);
  bool manager = registry.policy(kManagePermission).allows(ctx.principal);
  bool mine_payer = payer && acts_for(ctx.principal, *payer), mine_payee = payee && acts_for(ctx.principal, *payee);
  if (!manager && !mine_payer && !mine_payee) throw core::not_found("Exchange");
  auto title = t(ctx, "deliver.exchange.title");
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>" +
                     web::summary_list({{t(ctx, "deliver.settings.from_to"),
                                         escape(t(ctx, "deliver.settings.from_to_value",
                                                  {{"payee", e.payee_name}, {"payer", e.payer_name}}))},
                                        {t(ctx, "deliver.history.hours"), escape(hours(ctx, e.hours_x100))},
                                        {t(ctx, "deliver.exchange.description"), escape(e.description)},
                                        {t(ctx, "deliver.exchange.made_on"), escape(date_text(ctx, e.made_on))},
                                        {t(ctx, "deliver.history.status"), status_tag(ctx, e)}});
  if (!e.reason.empty())
    html += web::summary_list({{t(ctx, "deliver.exchange.reason"), escape(e.reason)}});
  bool answering = e.status == "proposed" &&
                   ((e.proposer_account_id == e.payer_account_id && mine_payee) ||
                    (e.proposer_account_id == e.payee_account_id && mine_payer));
  if (answering)
    html += "<div class=\"govuk-button-group\">" + web::form_open(ctx, "/time-credits/exchanges/" + e.id + "/confirm") +
            web::button({t(ctx, "deliver.waiting.confirm"), false, "", ""}) + "</form>" +
            "</div>" +
            web::details(t(ctx, "deliver.waiting.dispute"),
                         web::form_open(ctx, "/time-credits/exchanges/" + e.id + "/dispute") +
                             web::textarea(ctx.locale, {.id = "reason",
                                                        .name = "reason",
                                                        .label = t(ctx, "deliver.waiting.dispute_reason"),
                                                        .rows = 2}) +
                             web::button({t(ctx, "deliver.waiting.dispute_submit"), true, "", ""}) + "</form>");
  if (manager && e.status == "confirmed" && !e.reverses_id && !e.reversed_by_id)
    html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/time-credits/exchanges/" + e.id + "/reverse\">" +
            escape(t(ctx, "deliver.reverse.title")) + "</a></p>";
  html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + std::string(kAccountPath) + "\">" +
          escape(t(ctx, "deliver.list.account_link")) + "</a></p>";
  return no_store(Response::html(web::page(ctx, {title, crumbs(ctx), {}, kListPath}, html)));
}

// ---- settings and reversals (officers) ---------------------------------------------

Response settings_page(store::Database& db, Context& ctx, const std::vector<core::FieldProblem>& problems) {
  auto c = db.acquire();
  const auto& org = ctx.principal.organisation_id;
  auto errors = web::form_errors(ctx, problems);
  auto chosen = time_bank_initiative(*c, org);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" +
                     escape(t(ctx, "deliver.settings.title")) + "</h1>" + para(t(ctx, "deliver.settings.intro"));
  std::vector<web::Option> options = {{"", t(ctx, "deliver.settings.choose"), ""}};
  for (const auto& i : map::repo::list_initiatives(*c, org)) options.push_back({i.id, i.name, ""});
  html += web::form_open(ctx, kSettingsPath) +
          web::select(ctx.locale, {.id = "initiative_id",
                                   .name = "initiative_id",
                                   .label = t(ctx, "deliver.settings.initiative"),
                                   .hint = t(ctx, "deliver.settings.initiative_hint"),
                                   .error = errors["initiative_id"],
                                   .options = options,
                                   .selected = chosen.value_or("")}) +
          web::button({t(ctx, "deliver.settings.save"), false, "", ""}) + "</form>";
  html += para(t(ctx, "deliver.settings.limits_where"));

  html += h2(t(ctx, "deliver.settings.exchanges"));
  auto exchanges = exchanges_of(*c, org, "");
  if (exchanges.empty()) {
    html += para(t(ctx, "deliver.history.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "deliver.settings.exchanges");
    table.headers = {t(ctx, "deliver.exchange.made_on"), t(ctx, "deliver.settings.from_to"),
                     t(ctx, "deliver.history.hours"), t(ctx, "deliver.history.status"), t(ctx, "deliver.settings.action")};
    table.numeric = {false, false, true, false, false};
    table.stack_on_narrow = true;
    for (const auto& e : exchanges) {
      std::string action;
      if (e.status == "confirmed" && !e.reverses_id && !e.reversed_by_id)
        action = "<a class=\"govuk-link\" href=\"/time-credits/exchanges/" + e.id + "/reverse\">" +
                 escape(t(ctx, "deliver.reverse.link")) + "<span class=\"govuk-visually-hidden\"> " +
                 escape(t(ctx, "deliver.settings.from_to_value", {{"payee", e.payee_name}, {"payer", e.payer_name}})) +
                 "</span></a>";
      table.rows_html.push_back(
          {escape(date_text(ctx, e.made_on)),
           escape(t(ctx, "deliver.settings.from_to_value", {{"payee", e.payee_name}, {"payer", e.payer_name}})),
           escape(hours(ctx, e.hours_x100)), status_tag(ctx, e), action});
    }
    html += web::table(table);
  }
  return no_store(Response::html(
      web::page(ctx, {t(ctx, "deliver.settings.title"), crumbs(ctx), errors.summary, kListPath}, html),
      problems.empty() ? 200 : 422));
}

Response reverse_form(store::Database& db, Context& ctx, const std::string& reason, const web::FormErrors& errors,
                      int status) {
  Exchange e;
  {
    auto c = db.acquire();
    auto found = core::looks_like_id(ctx.param("id")) ? find_exchange(*c, ctx.principal.organisation_id, ctx.param("id"))
                                                      : std::nullopt;
    if (!found) throw core::not_found("Exchange");
    e = *found;
  }
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "deliver.reverse.title")) + "</h1>" +
                     web::summary_list({{t(ctx, "deliver.settings.from_to"),
                                         escape(t(ctx, "deliver.settings.from_to_value",
                                                  {{"payee", e.payee_name}, {"payer", e.payer_name}}))},
                                        {t(ctx, "deliver.history.hours"), escape(hours(ctx, e.hours_x100))},
                                        {t(ctx, "deliver.exchange.description"), escape(e.description)},
                                        {t(ctx, "deliver.exchange.made_on"), escape(date_text(ctx, e.made_on))},
                                        {t(ctx, "deliver.history.status"), status_tag(ctx, e)}}) +
                     para(t(ctx, "deliver.reverse.intro")) +
                     web::form_open(ctx, "/time-credits/exchanges/" + e.id + "/reverse") +
                     web::textarea(ctx.locale, {.id = "reason",
                                                .name = "reason",
                                                .label = t(ctx, "deliver.reverse.reason"),
                                                .error = errors["reason"],
                                                .value = reason,
                                                .rows = 3}) +
                     "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">" +
                     escape(t(ctx, "deliver.reverse.submit")) + "</button></form>";
  return no_store(Response::html(
      web::page(ctx,
                {t(ctx, "deliver.reverse.title"),
                 {{t(ctx, "deliver.list.title"), kListPath}, {t(ctx, "deliver.settings.title"), kSettingsPath}},
                 errors.summary,
                 kListPath},
                html),
      status));
}

}  // namespace

void add_pages(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  l.page(Method::get, kListPath, kUsePermission,
         [&db, &registry](Context& ctx) { return list_page(db, registry, ctx, {}, {}); },
         "The time bank: offers and requests, and the form to add one");
  l.page(Method::post, "/time-credits/listings", kUsePermission,
         [&db, &registry](Context& ctx) { return add_listing_page(db, registry, ctx); },
         "Add an offer or a request from the form");
  l.page(Method::post, "/time-credits/listings/{id}/withdraw", kUsePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           c->transaction([&] { withdraw_listing(*c, ctx.principal, ctx.param("id")); });
           return Response::redirect(web::with_done(kListPath, "deliver.listing.withdrawn.done"));
         },
         "Withdraw one of your offers or requests");
  l.page(Method::get, kAccountPath, kUsePermission,
         [&db, &registry](Context& ctx) { return account_page(db, registry, ctx, {}, {}, 200); },
         "Your time credits: balance, exchanges to confirm, history, and the form to propose one");
  l.page(Method::post, kAccountPath, kUsePermission,
         [&db, &registry](Context& ctx) {
           auto c = db.acquire();
           c->transaction([&] { open_own_account(*c, registry, ctx.principal); });
           return Response::redirect(web::with_done(kAccountPath, "deliver.account.opened.done"));
         },
         "Join the time bank (open your account)");
  l.page(Method::post, "/time-credits/exchanges", kUsePermission,
         [&db, &registry](Context& ctx) { return propose_page(db, registry, ctx); },
         "Propose an exchange of hours from the form");
  l.page(Method::get, "/time-credits/exchanges/{id}", kUsePermission,
         [&db, &registry](Context& ctx) { return exchange_page(db, registry, ctx); },
         "One exchange of hours, for its two sides and officers");
  l.page(Method::post, "/time-credits/exchanges/{id}/confirm", kUsePermission,
         [&db, &registry](Context& ctx) { return decide_page(db, registry, ctx, true); },
         "Confirm an exchange the other side proposed");
  l.page(Method::post, "/time-credits/exchanges/{id}/dispute", kUsePermission,
         [&db, &registry](Context& ctx) { return decide_page(db, registry, ctx, false); },
         "Dispute an exchange the other side proposed");
  l.page(Method::get, kSettingsPath, kManagePermission, [&db](Context& ctx) { return settings_page(db, ctx, {}); },
         "The time bank's settings (its initiative) and its exchanges, for reversals");
  l.page(Method::post, kSettingsPath, kManagePermission,
         [&db](Context& ctx) {
           auto form = ctx.request.form();
           try {
             auto c = db.acquire();
             c->transaction([&] { choose_initiative(*c, ctx.principal, web::value_of(form, "initiative_id")); });
           } catch (const core::ValidationFailed& e) {
             return settings_page(db, ctx, e.problems());
           }
           return Response::redirect(web::with_done(kSettingsPath, "deliver.settings.done"));
         },
         "Choose the time bank's initiative");
  l.page(Method::get, "/time-credits/exchanges/{id}/reverse", kManagePermission,
         [&db](Context& ctx) { return reverse_form(db, ctx, "", {}, 200); },
         "The form to reverse a confirmed exchange, with a reason");
  l.page(Method::post, "/time-credits/exchanges/{id}/reverse", kManagePermission,
         [&db, &registry](Context& ctx) {
           auto form = ctx.request.form();
           auto reason = web::value_of(form, "reason");
           try {
             auto c = db.acquire();
             c->transaction([&] { reverse(*c, registry, ctx.principal, ctx.param("id"), reason); });
           } catch (const LimitExceeded& e) {
             web::FormErrors errors;
             errors.by_field["reason"] = limit_message(ctx.locale, e);
             errors.summary.push_back({"reason", errors.by_field["reason"]});
             return reverse_form(db, ctx, reason, errors, 409);
           } catch (const core::Error& e) {
             if (e.http_status() == 404 || e.http_status() >= 500) throw;
             return reverse_form(db, ctx, reason, web::form_errors(ctx, e, "reason"), e.http_status());
           }
           return Response::redirect(web::with_done(kSettingsPath, "deliver.reversed.done"));
         },
         "Reverse a confirmed exchange");
  l.nav({kListPath, "deliver.nav", kUsePermission, 60});
}

}  // namespace coproduce::deliver
