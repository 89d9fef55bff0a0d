// The JSON API, settings, personal data and demo of safeguarding checks.
#include <boost/json.hpp>

#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "deliver/page_support.hpp"
#include "deliver/safeguarding.hpp"
#include "http/fields.hpp"
#include "module/module.hpp"
#include "module/registry.hpp"

namespace coproduce::deliver {
namespace {

using http::Context;
using http::Method;
using http::Response;
namespace json = boost::json;


json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(); }

json::value check_json(const Check& k) {
  return json::object{{"id", k.id},
                      {"person_id", k.person_id},
                      {"person_name", k.person_name},
                      {"kind", k.kind},
                      {"certificate_number", k.masked_number},
                      {"issued_on", k.issued_on},
                      {"update_service", k.update_service},
                      {"status_checked_on", opt(k.status_checked_on)},
                      {"status_result", opt(k.status_result)},
                      {"seen_by_name", opt(k.seen_by_name)},
                      {"seen_on", opt(k.seen_on)},
                      {"recheck_on", k.recheck_on},
                      {"status", k.status},
                      {"created_at", k.created_at}};
}

json::array checks_json(const std::vector<Check>& checks) {
  json::array out;
  for (const auto& k : checks) out.push_back(check_json(k));
  return out;
}

constexpr const char* kCheckSchema = R"({"type": "object", "properties": {
    "id": {"type": "string"}, "person_id": {"type": "string"}, "person_name": {"type": "string"},
    "kind": {"type": "string", "enum": ["dbs_basic", "dbs_standard", "dbs_enhanced", "dbs_enhanced_children",
      "dbs_enhanced_adults", "dbs_enhanced_both", "access_ni", "pvg", "training"]},
    "certificate_number": {"type": "string", "description": "Masked: the last 4 characters only"},
    "issued_on": {"type": "string", "format": "date"}, "update_service": {"type": "boolean"},
    "status_checked_on": {"type": ["string", "null"]},
    "status_result": {"type": ["string", "null"], "enum": ["clear", "new_information", null]},
    "seen_by_name": {"type": ["string", "null"]}, "seen_on": {"type": ["string", "null"]},
    "recheck_on": {"type": "string", "format": "date"},
    "status": {"type": "string", "enum": ["pending", "valid", "renewal_due", "expired", "suspended"]},
    "created_at": {"type": "string"}}})";

// The checks a person holds in every organisation, numbers masked: their part of "download my data".
json::value export_checks(store::Connection& c, const CertificateKey& key, const std::string& account_id) {
  json::array out;
  auto today = core::today_utc();
  for (const auto& r : c.query("SELECT DISTINCT organisation_id FROM safeguarding_checks WHERE person_id = $1 "
                               "ORDER BY organisation_id",
                               {account_id}))
    for (const auto& k : checks_of(c, key, r.text(0), account_id, today)) {
      auto item = check_json(k);
      item.as_object()["organisation_id"] = r.text(0);
      item.as_object().erase("person_name");
      out.push_back(std::move(item));
    }
  return out;
}

void erase_checks(store::Connection& tx, const std::string& account_id) {
  tx.execute("DELETE FROM safeguarding_checks WHERE person_id = $1", {account_id});
  tx.execute("DELETE FROM safeguarding_leads WHERE account_id = $1", {account_id});
}

// The demo: the officer and the professional are safeguarding leads; the
// community member holds an
// enhanced check with both barred lists that falls due for renewal within a
// month, the professional a standard one, valid.
void load_demo(store::Connection& tx, const CertificateKey& key, module::DemoContext& demo) {
  const auto& org = demo.organisation_id;
  if (tx.query_one("SELECT 1 FROM safeguarding_leads WHERE organisation_id = $1", {org})) return;
  auto person = [&](core::Role role) {
    core::Principal p;
    p.organisation_id = org;
    p.account_id = demo.accounts.at(role);
    p.role = role;
    return p;
  };
  auto officer = person(core::Role::officer);
  grant_lead(tx, officer, {{"account_id", officer.account_id}});
  grant_lead(tx, officer, {{"account_id", demo.accounts.at(core::Role::professional)}});
  auto today = core::today_utc();
  auto issued = core::days_before(add_months(today, -int(kDefaultRecheckMonths)), -25);  // due in 25 days
  record_check(tx, key, officer,
               {{"person_id", demo.accounts.at(core::Role::community_member)}, {"kind", "dbs_enhanced_both"},
                {"certificate_number", "001234567891"}, {"issued_on", issued}, {"update_service", "no"},
                {"seen_on", issued}});
  auto recent = add_months(today, -8);
  record_check(tx, key, officer,
               {{"person_id", demo.accounts.at(core::Role::professional)}, {"kind", "dbs_standard"},
                {"certificate_number", "001998877665"}, {"issued_on", recent}, {"update_service", "yes"},
                {"seen_on", recent}});
}

}  // namespace

void declare_safeguarding(module::Loader& l) {
  auto key = std::make_shared<const CertificateKey>(l.environment().key_file);
  l.permission({kSafeguardingPermission, {core::Role::officer, core::Role::professional},
                "Safeguarding checks: the register, a person's checks and the renewal report "
                "(only for safeguarding leads, a designation an officer grants)"});
  l.permission({kLeadsPermission, {core::Role::officer}, "Grant and remove the safeguarding lead designation"});
  l.setting({kRecheckMonths, "deliver.safeguarding.setting.recheck_months",
             "deliver.safeguarding.setting.recheck_months_hint", kDefaultRecheckMonths, 1, 120});
  l.setting({kRenewalDays, "deliver.safeguarding.setting.renewal_days",
             "deliver.safeguarding.setting.renewal_days_hint", kDefaultRenewalDays, 1, 365});
  l.personal_data({"deliver.safeguarding_checks",
                   [key](store::Connection& c, const std::string& id) { return export_checks(c, *key, id); },
                   erase_checks});
  l.schema("SafeguardingCheck", kCheckSchema);
  store::Database& db = l.db();

  // Reads need a lead, and log the view in the same transaction.
  auto viewing = [&db](Context& ctx, std::string_view what, const std::string& person, auto&& read) {
    auto c = db.acquire();
    return c->transaction([&] {
      require_lead(*c, ctx.principal);
      log_view(*c, ctx.principal, what, person);
      return read(*c);
    });
  };

  l.api(Method::get, "/api/v1/safeguarding/checks", kSafeguardingPermission,
        [key, viewing](Context& ctx) {
          auto person = ctx.request.query_param("person_id").value_or("");
          return viewing(ctx, person.empty() ? "register" : "person", person, [&](store::Connection& c) {
            if (!person.empty()) member_name(c, ctx.principal.organisation_id, person);
            return no_store(Response::json(json::object{
                {"checks", checks_json(checks_of(c, *key, ctx.principal.organisation_id, person, core::today_utc()))}}));
          });
        },
        module::Api("The safeguarding register: every check (or one person's), numbers masked")
            .describe("Safeguarding leads only (403 for anyone else). Every call is logged: who looked, whose "
                      "checks, when.")
            .query("person_id", "One person's checks only")
            .returns(200, "The checks", R"({"type": "object", "properties": {"checks": {"type": "array",
                "items": {"$ref": "#/components/schemas/SafeguardingCheck"}}}})")
            .error(403, "Not a safeguarding lead")
            .error(404, "person_id names no member of the organisation"));
  l.api(Method::post, "/api/v1/safeguarding/checks", kSafeguardingPermission,
        [&db, key](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, check_fields());
          auto c = db.acquire();
          auto check = c->transaction([&] {
            require_lead(*c, ctx.principal);
            auto id = record_check(*c, *key, ctx.principal, fields);
            return *find_check(*c, *key, ctx.principal.organisation_id, id, core::today_utc());
          });
          return no_store(Response::json(check_json(check), 201));
        },
        module::Api("Record a check a person holds")
            .describe("The certificate number is stored encrypted and only ever shown masked. Without seen_on the "
                      "check stays pending until someone records seeing the original.")
            .body(R"({"type": "object", "properties": {"person_id": {"type": "string"},
                "kind": {"type": "string", "enum": ["dbs_basic", "dbs_standard", "dbs_enhanced",
                  "dbs_enhanced_children", "dbs_enhanced_adults", "dbs_enhanced_both", "access_ni", "pvg", "training"]},
                "certificate_number": {"type": "string", "minLength": 4, "maxLength": 40},
                "issued_on": {"type": "string", "format": "date"},
                "update_service": {"type": "string", "enum": ["yes", "no"]},
                "seen_on": {"type": "string", "format": "date", "description": "The day you saw the original"}},
                "required": ["person_id", "kind", "certificate_number", "issued_on", "update_service"]})")
            .returns(201, "The check", "SafeguardingCheck")
            .error(403, "Not a safeguarding lead")
            .error(422, "A field missing or wrong, named"));
  l.api(Method::get, "/api/v1/safeguarding/checks/{id}", kSafeguardingPermission,
        [&db, key](Context& ctx) {
          auto c = db.acquire();
          return c->transaction([&] {
            require_lead(*c, ctx.principal);
            auto check = find_check(*c, *key, ctx.principal.organisation_id, ctx.param("id"), core::today_utc());
            if (!check) throw core::not_found("Check");
            log_view(*c, ctx.principal, "person", check->person_id);
            return no_store(Response::json(check_json(*check)));
          });
        },
        module::Api("One check (logged as a view of the person's checks)")
            .returns(200, "The check", "SafeguardingCheck")
            .error(403, "Not a safeguarding lead"));
  l.api(Method::post, "/api/v1/safeguarding/checks/{id}/status-check", kSafeguardingPermission,
        [&db, key](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, status_check_fields());
          auto c = db.acquire();
          auto check = c->transaction([&] {
            require_lead(*c, ctx.principal);
            record_status_check(*c, ctx.principal, ctx.param("id"), fields);
            return *find_check(*c, *key, ctx.principal.organisation_id, ctx.param("id"), core::today_utc());
          });
          return no_store(Response::json(check_json(check)));
        },
        module::Api("Record a status check (the Update Service): clear, or new information (the check is suspended)")
            .body(R"({"type": "object", "properties": {"checked_on": {"type": "string", "format": "date"},
                "result": {"type": "string", "enum": ["clear", "new_information"]}},
                "required": ["checked_on", "result"]})")
            .returns(200, "The check", "SafeguardingCheck")
            .error(403, "Not a safeguarding lead")
            .error(422, "A field missing or wrong, named"));
  l.api(Method::post, "/api/v1/safeguarding/checks/{id}/seen", kSafeguardingPermission,
        [&db, key](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"seen_on"});
          auto c = db.acquire();
          auto check = c->transaction([&] {
            require_lead(*c, ctx.principal);
            record_seen(*c, ctx.principal, ctx.param("id"), fields);
            return *find_check(*c, *key, ctx.principal.organisation_id, ctx.param("id"), core::today_utc());
          });
          return no_store(Response::json(check_json(check)));
        },
        module::Api("Record that you saw the original certificate, and when")
            .body(R"({"type": "object", "properties": {"seen_on": {"type": "string", "format": "date"}},
                "required": ["seen_on"]})")
            .returns(200, "The check", "SafeguardingCheck")
            .error(403, "Not a safeguarding lead")
            .error(422, "seen_on missing, in the future or before the issue date"));
  l.api(Method::get, "/api/v1/safeguarding/report", kSafeguardingPermission,
        [key, viewing](Context& ctx) {
          auto days = report_days(ctx.request.query_param("days").value_or(""));
          return viewing(ctx, "report", "", [&](store::Connection& c) {
            auto today = core::today_utc();
            return no_store(Response::json(
                json::object{{"days", days},
                             {"until", core::days_before(today, -days)},
                             {"checks", checks_json(falling_due(c, *key, ctx.principal.organisation_id, days, today))}}));
          });
        },
        module::Api("The checks falling due: renewal due or expired by the end of the next `days` days, soonest first")
            .query("days", "1 to 730; 60 when left out", R"({"type": "integer", "minimum": 1, "maximum": 730})")
            .returns(200, "The report", R"({"type": "object", "properties": {"days": {"type": "integer"},
                "until": {"type": "string", "format": "date"}, "checks": {"type": "array",
                "items": {"$ref": "#/components/schemas/SafeguardingCheck"}}}})")
            .error(403, "Not a safeguarding lead")
            .error(422, "days out of range"));

  // ---- the designation (officers) ----
  auto leads_json = [](store::Connection& c, const std::string& org) {
    json::array items;
    for (const auto& lead : list_leads(c, org))
      items.push_back({{"account_id", lead.account_id}, {"name", lead.name}, {"role", lead.role},
                       {"granted_at", lead.granted_at}});
    return json::value(json::object{{"leads", items}});
  };
  constexpr const char* kLeadsSchema = R"({"type": "object", "properties": {"leads": {"type": "array",
      "items": {"type": "object", "properties": {"account_id": {"type": "string"}, "name": {"type": "string"},
      "role": {"type": "string"}, "granted_at": {"type": "string"}}}}}})";
  l.api(Method::get, "/api/v1/safeguarding/leads", kLeadsPermission,
        [&db, leads_json](Context& ctx) {
          auto c = db.acquire();
          return no_store(Response::json(leads_json(*c, ctx.principal.organisation_id)));
        },
        module::Api("The safeguarding leads").returns(200, "The leads", kLeadsSchema));
  l.api(Method::post, "/api/v1/safeguarding/leads", kLeadsPermission,
        [&db, leads_json](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"account_id"});
          auto c = db.acquire();
          c->transaction([&] { grant_lead(*c, ctx.principal, fields); });
          return no_store(Response::json(leads_json(*c, ctx.principal.organisation_id), 201));
        },
        module::Api("Designate an officer or professional a safeguarding lead")
            .body(R"({"type": "object", "properties": {"account_id": {"type": "string"}},
                "required": ["account_id"]})")
            .returns(201, "The leads", kLeadsSchema)
            .error(422, "account_id names no officer or professional of the organisation"));
  l.api(Method::del, "/api/v1/safeguarding/leads/{account_id}", kLeadsPermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          c->transaction([&] { remove_lead(*c, ctx.principal, ctx.param("account_id")); });
          return Response{204, {}, {}};
        },
        module::Api("Remove the safeguarding lead designation").returns(204, "Removed"));

  add_safeguarding_pages(l, key);
  l.demo([key](store::Connection& tx, module::DemoContext& demo) { load_demo(tx, *key, demo); });
}

}  // namespace coproduce::deliver
