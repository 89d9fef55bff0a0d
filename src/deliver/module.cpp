#include "deliver/page_support.hpp"
#include "deliver/module.hpp"

#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>

#include "access/access.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "deliver/assets.hpp"
#include "deliver/pages.hpp"
#include "deliver/safeguarding.hpp"
#include "deliver/timebank.hpp"
#include "deliver/volunteering_routes.hpp"
#include "http/fields.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"

namespace coproduce::deliver {
namespace {

using http::Context;
using http::Method;
using http::Response;
namespace json = boost::json;


json::value account_json(const TimeAccount& a, std::int64_t balance_x100) {
  return json::object{{"id", a.id},
                      {"name", a.name},
                      {"kind", a.person_id ? "person" : "group"},
                      {"balance_x100", balance_x100},
                      {"balance", hours_text(balance_x100)},
                      {"lower_limit_x100", a.limits.lower_x100},
                      {"upper_limit_x100", a.limits.upper_x100}};
}

json::value exchange_json(const Exchange& e) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(); };
  return json::object{{"id", e.id},
                      {"payer_account_id", e.payer_account_id},
                      {"payer_name", e.payer_name},
                      {"payee_account_id", e.payee_account_id},
                      {"payee_name", e.payee_name},
                      {"hours_x100", e.hours_x100},
                      {"hours", hours_text(e.hours_x100)},
                      {"description", e.description},
                      {"made_on", e.made_on},
                      {"status", e.status},
                      {"proposer_account_id", e.proposer_account_id},
                      {"decided_at", opt(e.decided_at)},
                      {"reason", e.reason},
                      {"reverses_id", opt(e.reverses_id)},
                      {"reversed_by_id", opt(e.reversed_by_id)},
                      {"contribution_id", opt(e.contribution_id)},
                      {"created_at", e.created_at}};
}

json::value listing_json(const Listing& l) {
  return json::object{{"id", l.id},           {"account_id", l.account_id}, {"name", l.owner_name},
                      {"kind", l.kind},       {"title", l.title},           {"description", l.description},
                      {"hours_x100", l.hours_x100}, {"hours", hours_text(l.hours_x100)},
                      {"created_at", l.created_at}};
}

// A body's fields as text; "reason" alone for the decisions that take one.
http::Fields body_fields(const Context& ctx, const std::vector<std::string>& allowed) {
  if (ctx.request.body.empty()) return {};
  return http::fields_from_json(ctx.request.body, allowed);
}

constexpr const char* kExchangeSchema = R"({"type": "object", "properties": {
    "id": {"type": "string"}, "payer_account_id": {"type": "string"}, "payer_name": {"type": "string"},
    "payee_account_id": {"type": "string"}, "payee_name": {"type": "string"},
    "hours_x100": {"type": "integer"}, "hours": {"type": "string"}, "description": {"type": "string"},
    "made_on": {"type": "string", "format": "date"},
    "status": {"type": "string", "enum": ["proposed", "confirmed", "disputed"]},
    "proposer_account_id": {"type": "string"}, "decided_at": {"type": ["string", "null"]},
    "reason": {"type": "string"}, "reverses_id": {"type": ["string", "null"]},
    "reversed_by_id": {"type": ["string", "null"]}, "contribution_id": {"type": ["string", "null"]},
    "created_at": {"type": "string"}}})";

void background_confirmer(store::Database& db, const module::Registry& registry,
                          std::function<std::chrono::system_clock::time_point()> clock, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    try {
      confirm_due(db, registry, clock ? clock() : std::chrono::system_clock::now());
    } catch (const std::exception&) {
      // The database is away: try again on the next round.
    }
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, std::chrono::minutes(5), [] { return false; });
  }
}

// The demo: the time bank on the Beacon initiative, the demo resident and
// community member with an offer and a request, and two exchanges the
// community member recorded, waiting for the resident.
void load_demo(store::Connection& tx, const module::Registry& registry, module::DemoContext& demo) {
  const auto& org = demo.organisation_id;
  auto initiative = tx.query_one("SELECT id FROM initiatives WHERE organisation_id = $1 "
                                 "ORDER BY CASE WHEN name LIKE 'Beacon%' THEN 0 ELSE 1 END, name LIMIT 1",
                                 {org});
  if (!initiative || time_bank_initiative(tx, org)) return;
  auto person = [&](core::Role role) {
    core::Principal p;
    p.organisation_id = org;
    p.account_id = demo.accounts.at(role);
    p.role = role;
    return p;
  };
  auto officer = person(core::Role::officer);
  auto resident = person(core::Role::resident);
  auto member = person(core::Role::community_member);
  choose_initiative(tx, officer, initiative->text(0));
  auto resident_account = open_own_account(tx, registry, resident);
  auto member_account = open_own_account(tx, registry, member);
  add_listing(tx, registry, member, {{"kind", "offer"}, {"title", "Help with gardening"},
                                     {"description", "Weeding, planting and mowing, weekday mornings."},
                                     {"hours", "2"}});
  add_listing(tx, registry, resident, {{"kind", "request"}, {"title", "Lift to the health centre"},
                                       {"description", "A lift on a Tuesday morning, about an hour there and back."},
                                       {"hours", "1"}});
  auto today = core::today_utc();
  // Both wait for the resident: the map's demo totals stay as they are until someone confirms.
  propose(tx, registry, member,
          {{"direction", "gave"}, {"other_account_id", resident_account.id}, {"hours", "2"},
           {"description", "Gardening: cleared the back border"}, {"made_on", today}});
  propose(tx, registry, member,
          {{"direction", "received"}, {"other_account_id", resident_account.id}, {"hours", "1.5"},
           {"description", "Helped me fill in a form"}, {"made_on", today}});
  (void)member_account;
}

json::value export_time_credits(store::Connection& c, const std::string& account_id) {
  json::array out;
  for (const auto& a : c.query("SELECT organisation_id, id FROM time_accounts WHERE person_id = $1 ORDER BY organisation_id",
                               {account_id})) {
    auto org = a.text(0), id = a.text(1);
    json::array listings, exchanges;
    for (const auto& l : c.query("SELECT kind, title, description, hours_x100, active, created_at FROM time_listings "
                                 "WHERE organisation_id = $1 AND account_id = $2 ORDER BY created_at",
                                 {org, id}))
      listings.push_back({{"kind", l.text(0)}, {"title", l.text(1)}, {"description", l.text(2)},
                          {"hours_x100", l.integer(3)}, {"active", l.integer(4) != 0}, {"created_at", l.text(5)}});
    for (const auto& e : exchanges_of(c, org, id)) exchanges.push_back(exchange_json(e));
    out.push_back({{"organisation_id", org}, {"account_id", id}, {"balance_x100", balance(c, org, id)},
                   {"listings", listings}, {"exchanges", exchanges}});
  }
  return out;
}

// The person's listings go; exchanges stay (they are the other side's too),
// with the account no longer tied to the person's name once it is emptied.
void erase_time_credits(store::Connection& tx, const std::string& account_id) {
  tx.execute("DELETE FROM time_listings WHERE account_id IN (SELECT id FROM time_accounts WHERE person_id = $1)",
             {account_id});
}

}  // namespace

// 409 naming the field, the account and its limit, in the request's language.
static Response limit_response(const Context& ctx, const LimitExceeded& e) {
  return Response::json(json::object{{"error", json::object{{"code", "limit"},
                                                            {"message", limit_message(ctx.locale, e)},
                                                            {"field", "hours"},
                                                            {"account", e.account_name()},
                                                            {"limit_x100", e.limit_x100()},
                                                            {"limit", e.lower() ? "lower" : "upper"}}}},
                        409);
}

std::string limit_message(std::string_view locale, const LimitExceeded& e) {
  return i18n::t(locale, e.lower() ? "deliver.error.limit_lower" : "deliver.error.limit_upper",
                 {{"account", e.account_name()}, {"limit", hours_text(e.limit_x100())}});
}

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.permission({kUsePermission,
                {core::Role::resident, core::Role::community_member, core::Role::councillor, core::Role::officer},
                "Use the time bank: offers, requests, exchanges of hours and one's own balance"});
  l.permission({kManagePermission, {core::Role::officer},
                "Run the time bank: its initiative, group accounts, account limits and reversals"});
  l.source({kSourceType, "deliver.source.exchange", "/time-credits/exchanges/{id}"});
  l.setting({kAutoConfirmDays, "deliver.setting.auto_confirm_days", "deliver.setting.auto_confirm_days_hint", 14, 1,
             365});
  l.setting({kLowerLimitHours, "deliver.setting.lower_limit", "deliver.setting.lower_limit_hint", 10, 0, 1000});
  l.setting({kUpperLimitHours, "deliver.setting.upper_limit", "deliver.setting.upper_limit_hint", 50, 1, 1000});
  l.notice_kind({kNoticeProposed, "deliver.notice.proposed.label"});
  l.notice_kind({kNoticeDisputed, "deliver.notice.disputed.label"});
  l.personal_data({"deliver.time_credits", export_time_credits, erase_time_credits});
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  const auto& env = l.environment();
  l.background({"deliver.confirmer", [&db, &registry, clock = env.clock](std::stop_token stop) {
                  background_confirmer(db, registry, clock, stop);
                }});
  l.schema("TimeExchange", kExchangeSchema);
  l.schema("TimeAccount", R"({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"},
      "kind": {"type": "string", "enum": ["person", "group"]}, "balance_x100": {"type": "integer"},
      "balance": {"type": "string"}, "lower_limit_x100": {"type": "integer"}, "upper_limit_x100": {"type": "integer"}}})");
  l.schema("TimeListing", R"({"type": "object", "properties": {"id": {"type": "string"},
      "account_id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string", "enum": ["offer", "request"]},
      "title": {"type": "string"}, "description": {"type": "string"}, "hours_x100": {"type": "integer"},
      "hours": {"type": "string"}, "created_at": {"type": "string"}}})");

  // ---- offers and requests ----
  l.api(Method::get, "/api/v1/time-credits/listings", kUsePermission,
        [&db](Context& ctx) {
          auto kind = ctx.request.query_param("kind").value_or("");
          if (!kind.empty() && kind != "offer" && kind != "request")
            throw core::ValidationFailed(std::vector<core::FieldProblem>{{"kind", "deliver.error.kind_required"}});
          auto c = db.acquire();
          json::array items;
          for (const char* k : {"offer", "request"}) {
            if (!kind.empty() && kind != k) continue;
            for (const auto& item : list_listings(*c, ctx.principal.organisation_id, k)) items.push_back(listing_json(item));
          }
          return no_store(Response::json(json::object{{"listings", items}}));
        },
        module::Api("The time bank's open offers and requests, newest first")
            .query("kind", "offer or request; both when left out", R"({"type": "string", "enum": ["offer", "request"]})")
            .returns(200, "The listings", R"({"type": "object", "properties": {"listings": {"type": "array",
                "items": {"$ref": "#/components/schemas/TimeListing"}}}})")
            .error(422, "kind is neither offer nor request"));
  l.api(Method::post, "/api/v1/time-credits/listings", kUsePermission,
        [&db, &registry](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, listing_fields());
          auto c = db.acquire();
          auto id = c->transaction([&] { return add_listing(*c, registry, ctx.principal, fields); });
          for (const auto& kind : {"offer", "request"})
            for (const auto& item : list_listings(*c, ctx.principal.organisation_id, kind))
              if (item.id == id) return Response::json(listing_json(item), 201);
          return Response::json(json::object{{"id", id}}, 201);
        },
        module::Api("Offer help, or ask for it, in hours")
            .describe("Opens your time-credit account when you have none.")
            .body(R"({"type": "object", "properties": {"kind": {"type": "string", "enum": ["offer", "request"]},
                "title": {"type": "string", "maxLength": 120}, "description": {"type": "string", "maxLength": 1000},
                "hours": {"type": "string", "description": "Hours, up to two decimals, more than 0 and at most 100"}},
                "required": ["kind", "title", "hours"]})")
            .returns(201, "The listing", "TimeListing")
            .error(422, "A field missing or out of range, named"));
  l.api(Method::post, "/api/v1/time-credits/listings/{id}/withdraw", kUsePermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          c->transaction([&] { withdraw_listing(*c, ctx.principal, ctx.param("id")); });
          return Response{204, {}, {}};
        },
        module::Api("Withdraw one of your offers or requests (officers: any)").returns(204, "Withdrawn"));

  // ---- accounts ----
  l.api(Method::get, "/api/v1/time-credits/account", kUsePermission,
        [&db, &registry](Context& ctx) {
          auto c = db.acquire();
          const auto& org = ctx.principal.organisation_id;
          auto account = account_of_person(*c, registry, org, ctx.principal.account_id);
          if (!account)
            return no_store(Response::json(
                json::object{{"account", nullptr}, {"exchanges", json::array{}}, {"movements", json::array{}}}));
          json::array exchanges, movements;
          for (const auto& e : exchanges_of(*c, org, account->id)) exchanges.push_back(exchange_json(e));
          for (const auto& m : movements_of(*c, org, account->id))
            movements.push_back({{"exchange_id", m.exchange_id}, {"amount_x100", m.amount_x100},
                                 {"made_on", m.made_on}, {"description", m.description}, {"created_at", m.created_at}});
          return no_store(Response::json(json::object{{"account", account_json(*account, balance(*c, org, account->id))},
                                                      {"exchanges", exchanges},
                                                      {"movements", movements}}));
        },
        module::Api("Your time-credit account: balance (the sum of its movements), limits, exchanges and movements")
            .returns(200, "The account (null when you have none yet)", R"({"type": "object", "properties": {
                "account": {"oneOf": [{"$ref": "#/components/schemas/TimeAccount"}, {"type": "null"}]},
                "exchanges": {"type": "array", "items": {"$ref": "#/components/schemas/TimeExchange"}},
                "movements": {"type": "array", "items": {"type": "object", "properties": {
                  "exchange_id": {"type": "string"}, "amount_x100": {"type": "integer"}, "made_on": {"type": "string"},
                  "description": {"type": "string"}, "created_at": {"type": "string"}}}}}})"));
  l.api(Method::post, "/api/v1/time-credits/account", kUsePermission,
        [&db, &registry](Context& ctx) {
          auto c = db.acquire();
          auto account = c->transaction([&] { return open_own_account(*c, registry, ctx.principal); });
          return Response::json(account_json(account, balance(*c, ctx.principal.organisation_id, account.id)), 201);
        },
        module::Api("Open your time-credit account (returns it when it is already open)")
            .returns(201, "The account", "TimeAccount"));
  l.api(Method::get, "/api/v1/time-credits/accounts", kUsePermission,
        [&db, &registry](Context& ctx) {
          auto c = db.acquire();
          json::array items;
          for (const auto& a : list_accounts(*c, registry, ctx.principal.organisation_id))
            items.push_back({{"id", a.id}, {"name", a.name}, {"kind", a.person_id ? "person" : "group"}});
          return no_store(Response::json(json::object{{"accounts", items}}));
        },
        module::Api("The organisation's time-credit accounts (names only): whom an exchange can be with")
            .returns(200, "The accounts", R"({"type": "object", "properties": {"accounts": {"type": "array",
                "items": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                "kind": {"type": "string"}}}}}})"));
  l.api(Method::post, "/api/v1/time-credits/group-accounts", kManagePermission,
        [&db, &registry](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"group_id"});
          auto c = db.acquire();
          auto account = c->transaction([&] {
            auto it = fields.find("group_id");
            return open_group_account(*c, registry, ctx.principal, it == fields.end() ? "" : it->second);
          });
          return Response::json(account_json(account, balance(*c, ctx.principal.organisation_id, account.id)), 201);
        },
        module::Api("Open a community group's time-credit account (returns it when it is already open)")
            .body(R"({"type": "object", "properties": {"group_id": {"type": "string"}}, "required": ["group_id"]})")
            .returns(201, "The account", "TimeAccount")
            .error(422, "group_id names no group of the organisation"));
  l.api(Method::put, "/api/v1/time-credits/accounts/{id}/limits", kManagePermission,
        [&db, &registry](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"lower_limit", "upper_limit"});
          auto c = db.acquire();
          c->transaction([&] { set_limits(*c, ctx.principal, ctx.param("id"), fields); });
          const auto& org = ctx.principal.organisation_id;
          auto account = find_account(*c, registry, org, ctx.param("id"));
          return Response::json(account_json(*account, balance(*c, org, account->id)));
        },
        module::Api("Set an account's own balance limits, in hours; leave one out to use the organisation's")
            .describe("lower_limit is how far below zero the balance may go (\"10\" means -10 hours).")
            .body(R"({"type": "object", "properties": {"lower_limit": {"type": "string"},
                "upper_limit": {"type": "string"}}})")
            .returns(200, "The account", "TimeAccount")
            .error(422, "A limit that is not a number of hours, named"));

  // ---- exchanges ----
  l.api(Method::get, "/api/v1/time-credits/exchanges", kManagePermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          json::array items;
          for (const auto& e : exchanges_of(*c, ctx.principal.organisation_id, "")) items.push_back(exchange_json(e));
          return no_store(Response::json(json::object{{"exchanges", items}}));
        },
        module::Api("Every exchange of the organisation's time bank, newest first (the latest 500)")
            .returns(200, "The exchanges", R"({"type": "object", "properties": {"exchanges": {"type": "array",
                "items": {"$ref": "#/components/schemas/TimeExchange"}}}})"));
  auto one = [&db](Context& ctx, const std::string& id) {
    auto c = db.acquire();
    return Response::json(exchange_json(*find_exchange(*c, ctx.principal.organisation_id, id)));
  };
  l.api(Method::post, "/api/v1/time-credits/exchanges", kUsePermission,
        [&db, &registry, one](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, exchange_fields());
          auto c = db.acquire();
          std::string id;
          try {
            id = c->transaction([&] { return propose(*c, registry, ctx.principal, fields); });
          } catch (const LimitExceeded& e) {
            return limit_response(ctx, e);
          }
          auto response = one(ctx, id);
          response.status = 201;
          return response;
        },
        module::Api("Propose an exchange of hours; the other side confirms it")
            .describe("direction \"gave\": you gave the time (you receive the credits); \"received\": you were "
                      "helped (you pay them). Refused (409) until an officer has chosen the time bank's initiative, "
                      "or when it would take a balance past its limit. Opens your account when you have none.")
            .body(R"({"type": "object", "properties": {"direction": {"type": "string", "enum": ["gave", "received"]},
                "other_account_id": {"type": "string"}, "hours": {"type": "string"},
                "description": {"type": "string", "maxLength": 1000}, "made_on": {"type": "string", "format": "date"},
                "account_id": {"type": "string", "description": "Officers: the group account acting"}},
                "required": ["direction", "other_account_id", "hours", "description", "made_on"]})")
            .returns(201, "The exchange, proposed", "TimeExchange")
            .error(409, "No initiative chosen yet, or a balance limit would be crossed (the message names it)"));
  l.api(Method::post, "/api/v1/time-credits/exchanges/{id}/confirm", kUsePermission,
        [&db, &registry, one](Context& ctx) {
          body_fields(ctx, {});
          auto c = db.acquire();
          try {
            c->transaction([&] { confirm(*c, registry, ctx.principal, ctx.param("id")); });
          } catch (const LimitExceeded& e) {
            return limit_response(ctx, e);
          }
          return one(ctx, ctx.param("id"));
        },
        module::Api("Confirm an exchange the other side proposed: the hours move")
            .returns(200, "The exchange, confirmed", "TimeExchange")
            .error(409, "Not proposed any more, or a balance limit would be crossed (the message names it)"));
  l.api(Method::post, "/api/v1/time-credits/exchanges/{id}/dispute", kUsePermission,
        [&db, one](Context& ctx) {
          auto fields = body_fields(ctx, {"reason"});
          auto c = db.acquire();
          c->transaction([&] { dispute(*c, ctx.principal, ctx.param("id"), fields["reason"]); });
          return one(ctx, ctx.param("id"));
        },
        module::Api("Dispute an exchange the other side proposed: no hours move, and it stays disputed")
            .body(R"({"type": "object", "properties": {"reason": {"type": "string", "maxLength": 1000}}})")
            .returns(200, "The exchange, disputed", "TimeExchange")
            .error(409, "Not proposed any more"));
  l.api(Method::post, "/api/v1/time-credits/exchanges/{id}/reverse", kManagePermission,
        [&db, &registry, one](Context& ctx) {
          auto fields = body_fields(ctx, {"reason"});
          auto c = db.acquire();
          std::string id;
          try {
            id = c->transaction([&] { return reverse(*c, registry, ctx.principal, ctx.param("id"), fields["reason"]); });
          } catch (const LimitExceeded& e) {
            return limit_response(ctx, e);
          }
          auto response = one(ctx, id);
          response.status = 201;
          return response;
        },
        module::Api("Reverse a confirmed exchange: an exchange the other way, confirmed, and its ledger entry reversed")
            .body(R"({"type": "object", "properties": {"reason": {"type": "string", "maxLength": 1000}},
                "required": ["reason"]})")
            .returns(201, "The reversing exchange", "TimeExchange")
            .error(409, "Not confirmed, a reversal itself, already reversed, or a limit would be crossed"));

  // ---- settings ----
  l.api(Method::get, "/api/v1/time-credits/settings", kManagePermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          auto initiative = time_bank_initiative(*c, ctx.principal.organisation_id);
          return no_store(Response::json(
              json::object{{"initiative_id", initiative ? json::value(*initiative) : json::value()}}));
        },
        module::Api("The time bank's initiative (null until an officer chooses one)")
            .returns(200, "The settings", R"({"type": "object", "properties": {
                "initiative_id": {"type": ["string", "null"]}}})"));
  l.api(Method::put, "/api/v1/time-credits/settings", kManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"initiative_id"});
          auto c = db.acquire();
          c->transaction([&] { choose_initiative(*c, ctx.principal, fields["initiative_id"]); });
          return no_store(Response::json(json::object{{"initiative_id", fields["initiative_id"]}}));
        },
        module::Api("Choose the initiative of the map that the time bank's exchanges count towards")
            .body(R"({"type": "object", "properties": {"initiative_id": {"type": "string"}},
                "required": ["initiative_id"]})")
            .returns(200, "The settings", R"({"type": "object", "properties": {"initiative_id": {"type": "string"}}})")
            .error(422, "initiative_id names no initiative of the organisation"));

  add_pages(l);
  declare_volunteering(l);
  declare_safeguarding(l);
  declare_assets(l);
  l.demo([&registry](store::Connection& tx, module::DemoContext& demo) { load_demo(tx, registry, demo); });
}

}  // namespace coproduce::deliver
