#include "deliver/page_support.hpp"
#include "deliver/volunteering_routes.hpp"

#include <boost/json.hpp>

#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "deliver/timebank.hpp"
#include "http/fields.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"

namespace coproduce::deliver {
namespace {

using http::Context;
using http::Method;
using http::Response;
namespace json = boost::json;


json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& i : items) out.push_back(json::value(i));
  return out;
}

json::value shift_json(const Shift& s, bool with_code) {
  json::object o{{"id", s.id},         {"starts_at", s.starts_at},           {"ends_at", s.ends_at},
                 {"places", s.places}, {"places_left", s.places - s.taken}, {"waiting", s.waiting}};
  if (with_code) o["checkin_code"] = s.checkin_code;
  return o;
}

json::value opportunity_json(const Opportunity& o) {
  json::array shifts;
  for (const auto& s : o.shifts) shifts.push_back(shift_json(s, false));
  return json::object{{"id", o.id},
                      {"initiative_id", o.initiative_id},
                      {"initiative_name", o.initiative_name},
                      {"title", o.title},
                      {"what_you_do", o.what_you_do},
                      {"what_you_get", o.what_you_get},
                      {"time_asked", o.time_asked},
                      {"skills", strings(o.skills)},
                      {"checks", strings(o.checks)},
                      {"kind", o.flexible ? "flexible" : "shifts"},
                      {"window_from", o.flexible ? json::value(o.window_from) : json::value()},
                      {"window_to", o.flexible ? json::value(o.window_to) : json::value()},
                      {"shifts", shifts},
                      {"links", json::object{{"self", "/api/v1/deliver/opportunities/" + o.id},
                                             {"html", "/volunteering/opportunities/" + o.id}}}};
}

json::value assignment_json(const Assignment& a) {
  auto opt_int = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(); };
  return json::object{{"id", a.id},
                      {"opportunity_id", a.opportunity_id},
                      {"opportunity_title", a.opportunity_title},
                      {"shift_id", a.shift_id ? json::value(*a.shift_id) : json::value()},
                      {"starts_at", a.starts_at.empty() ? json::value() : json::value(a.starts_at)},
                      {"ends_at", a.ends_at.empty() ? json::value() : json::value(a.ends_at)},
                      {"person_id", a.person_id},
                      {"person_name", a.person_name},
                      {"status", a.status},
                      {"place", opt_int(a.place)},
                      {"logged_hours_x100", opt_int(a.logged_hours_x100)},
                      {"verified_hours_x100", opt_int(a.verified_hours_x100)},
                      {"contribution_id", a.contribution_id ? json::value(*a.contribution_id) : json::value()},
                      {"created_at", a.created_at}};
}

http::Fields body_fields(const Context& ctx, const std::vector<std::string>& allowed) {
  if (ctx.request.body.empty()) return {};
  return http::fields_from_json(ctx.request.body, allowed);
}

// 409 naming "checks" and the check missing, in the request's language.
Response check_response(const Context& ctx, const CheckMissing& e) {
  return Response::json(json::object{{"error", json::object{{"code", "check_missing"},
                                                            {"message", check_missing_message(ctx.locale, e)},
                                                            {"field", "checks"},
                                                            {"check", e.kind()}}}},
                        409);
}

Opportunity opportunity_or_404(store::Connection& c, const Context& ctx) {
  auto o = core::looks_like_id(ctx.param("id")) ? find_opportunity(c, ctx.principal.organisation_id, ctx.param("id"))
                                                : std::nullopt;
  if (!o) throw core::not_found("Opportunity");
  return *o;
}

// The shift_id a roster request names (none for a flexible opportunity).
std::optional<std::string> roster_shift(const Opportunity& o, const std::string& shift_id) {
  if (o.flexible) {
    if (!shift_id.empty())
      throw core::ValidationFailed(std::vector<core::FieldProblem>{{"shift_id", "deliver.volunteer.error.flexible_has_no_shifts"}});
    return std::nullopt;
  }
  for (const auto& s : o.shifts)
    if (s.id == shift_id) return shift_id;
  throw core::ValidationFailed(std::vector<core::FieldProblem>{
      {"shift_id", shift_id.empty() ? "deliver.volunteer.error.required.shift_id" : "deliver.volunteer.error.unknown_shift"}});
}

json::value export_volunteering(store::Connection& c, const std::string& account_id) {
  json::array out;
  for (const auto& r : c.query("SELECT DISTINCT organisation_id FROM volunteer_assignments WHERE person_id = $1 "
                               "ORDER BY organisation_id",
                               {account_id}))
    for (const auto& a : commitments(c, r.text(0), account_id)) {
      auto j = assignment_json(a).as_object();
      j["organisation_id"] = r.text(0);
      out.push_back(j);
    }
  return out;
}

void erase_volunteering(store::Connection& tx, const std::string& account_id) {
  tx.execute("DELETE FROM volunteer_assignments WHERE person_id = $1", {account_id});
}

// The demo: an opportunity with two shifts on the Beacon initiative, asking
// for a basic DBS check, and a flexible one with no check.
void load_demo(store::Connection& tx, const module::Registry& registry, module::DemoContext& demo) {
  (void)registry;
  const auto& org = demo.organisation_id;
  auto initiative = tx.query_one("SELECT id FROM initiatives WHERE organisation_id = $1 "
                                 "ORDER BY CASE WHEN name LIKE 'Beacon%' THEN 0 ELSE 1 END, name LIMIT 1",
                                 {org});
  if (!initiative ||
      tx.query_one("SELECT 1 FROM volunteer_opportunities WHERE organisation_id = $1", {org}))
    return;
  core::Principal officer;
  officer.organisation_id = org;
  officer.account_id = demo.accounts.at(core::Role::officer);
  officer.role = core::Role::officer;
  auto id = create_opportunity(
      tx, officer,
      {{"initiative_id", initiative->text(0)},
       {"title", "Community café helper"},
       {"what_you_do", "Serve tea and lunches at the community café, and talk with the people who come in."},
       {"what_you_get", "Training in food hygiene, a free lunch on your shift, and a reference if you want one."},
       {"time_asked", "One three-hour shift a week or fortnight"},
       {"skills", "Cooking, Talking with people"},
       {"checks", "dbs_basic"},
       {"kind", "shifts"}});
  auto day = [](int ahead) { return core::days_before(core::today_utc(), -ahead); };
  add_shift(tx, officer, id, {{"starts_at", day(7) + "T10:00"}, {"ends_at", day(7) + "T13:00"}, {"places", "3"}});
  add_shift(tx, officer, id, {{"starts_at", day(14) + "T10:00"}, {"ends_at", day(14) + "T13:00"}, {"places", "2"}});
  create_opportunity(tx, officer,
                     {{"initiative_id", initiative->text(0)},
                      {"title", "Garden volunteer"},
                      {"what_you_do", "Weed, plant and water the estate's shared garden when it suits you."},
                      {"what_you_get", "Time outdoors, company, and vegetables to take home."},
                      {"time_asked", "A few hours a month, when it suits you"},
                      {"skills", "Gardening"},
                      {"kind", "flexible"},
                      {"window_from", core::today_utc()},
                      {"window_to", day(90)}});
}

constexpr const char* kOpportunityBody = R"({"type": "object", "properties": {
    "initiative_id": {"type": "string"}, "title": {"type": "string", "maxLength": 120},
    "what_you_do": {"type": "string", "maxLength": 2000}, "what_you_get": {"type": "string", "maxLength": 2000},
    "time_asked": {"type": "string", "maxLength": 200},
    "skills": {"type": "string", "description": "Comma-separated, at most 10, each at most 40 characters"},
    "checks": {"type": "string", "description": "Comma-separated safeguarding check kinds: dbs_basic, dbs_standard, dbs_enhanced, dbs_enhanced_children, dbs_enhanced_adults, dbs_enhanced_both, access_ni, pvg, training"},
    "kind": {"type": "string", "enum": ["shifts", "flexible"]},
    "window_from": {"type": "string", "format": "date", "description": "Flexible only"},
    "window_to": {"type": "string", "format": "date", "description": "Flexible only"}},
    "required": ["initiative_id", "title", "what_you_do", "what_you_get", "time_asked", "kind"]})";

}  // namespace

std::string check_missing_message(std::string_view locale, const CheckMissing& e) {
  return i18n::t(locale, "deliver.volunteer.error.check_missing",
                 {{"check", i18n::t(locale, "deliver.volunteer.check." + e.kind())}});
}

void declare_volunteering(module::Loader& l) {
  l.permission({kVolunteerPermission,
                {core::Role::resident, core::Role::community_member, core::Role::professional, core::Role::councillor,
                 core::Role::officer},
                "Volunteer: apply for opportunities, confirm, check in, log hours, cancel, one's own commitments"});
  l.permission({kCoordinatePermission, {core::Role::officer, core::Role::professional},
                "Coordinate volunteering: opportunities and shifts, approvals, rosters, attendance and hours"});
  l.source({kVolunteerSourceType, "deliver.volunteer.source", "/volunteering/assignments/{id}"});
  l.notice_kind({kNoticePromoted, "deliver.volunteer.notice.promoted.label"});
  l.notice_kind({kNoticeApproved, "deliver.volunteer.notice.approved.label"});
  l.notice_kind({kNoticeShiftMessage, "deliver.volunteer.notice.shift_message.label"});
  l.personal_data({"deliver.volunteering", export_volunteering, erase_volunteering});
  l.schema("VolunteerShift", R"({"type": "object", "properties": {"id": {"type": "string"},
      "starts_at": {"type": "string", "description": "Local date-time YYYY-MM-DDTHH:MM"},
      "ends_at": {"type": "string"}, "places": {"type": "integer"}, "places_left": {"type": "integer"},
      "waiting": {"type": "integer"}, "checkin_code": {"type": "string", "description": "Rosters only"}}})");
  l.schema("VolunteerOpportunity", R"({"type": "object", "properties": {"id": {"type": "string"},
      "initiative_id": {"type": "string"}, "initiative_name": {"type": "string"}, "title": {"type": "string"},
      "what_you_do": {"type": "string"}, "what_you_get": {"type": "string"}, "time_asked": {"type": "string"},
      "skills": {"type": "array", "items": {"type": "string"}}, "checks": {"type": "array", "items": {"type": "string"}},
      "kind": {"type": "string", "enum": ["shifts", "flexible"]}, "window_from": {"type": ["string", "null"]},
      "window_to": {"type": ["string", "null"]},
      "shifts": {"type": "array", "items": {"$ref": "#/components/schemas/VolunteerShift"}},
      "links": {"type": "object"}}})");
  l.schema("VolunteerAssignment", R"({"type": "object", "properties": {"id": {"type": "string"},
      "opportunity_id": {"type": "string"}, "opportunity_title": {"type": "string"},
      "shift_id": {"type": ["string", "null"]}, "starts_at": {"type": ["string", "null"]},
      "ends_at": {"type": ["string", "null"]}, "person_id": {"type": "string"}, "person_name": {"type": "string"},
      "status": {"type": "string", "enum": ["applied", "waiting", "approved", "confirmed", "checked_in", "completed",
                                            "no_show", "cancelled"]},
      "place": {"type": ["integer", "null"]}, "logged_hours_x100": {"type": ["integer", "null"]},
      "verified_hours_x100": {"type": ["integer", "null"]}, "contribution_id": {"type": ["string", "null"]},
      "created_at": {"type": "string"}}})");

  store::Database& db = l.db();
  const module::Registry& registry = l.registry();

  // ---- opportunities ----
  l.api(Method::get, "/api/v1/deliver/opportunities", module::kPublic,
        [&db](Context& ctx) {
          OpportunityFilter filter{ctx.request.query_param("initiative_id").value_or(""),
                                   ctx.request.query_param("skill").value_or(""),
                                   ctx.request.query_param("date_from").value_or("")};
          auto c = db.acquire();
          json::array items;
          for (const auto& o : list_opportunities(*c, ctx.principal.organisation_id, filter))
            items.push_back(opportunity_json(o));
          return no_store(Response::json(json::object{{"opportunities", items}}));
        },
        module::Api("Volunteering opportunities, newest first, with their shifts and places left")
            .query("initiative_id", "Only this initiative's")
            .query("skill", "Only those asking for this skill (any case)")
            .query("date_from", "Only shifts starting on or after this date, and windows ending on or after it",
                   R"({"type": "string", "format": "date"})")
            .returns(200, "The opportunities", R"({"type": "object", "properties": {"opportunities": {"type": "array",
                "items": {"$ref": "#/components/schemas/VolunteerOpportunity"}}}})")
            .error(422, "A filter is not valid; error.field names it"));
  l.api(Method::post, "/api/v1/deliver/opportunities", kCoordinatePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, opportunity_fields());
          auto c = db.acquire();
          auto id = c->transaction([&] { return create_opportunity(*c, ctx.principal, fields); });
          return Response::json(opportunity_json(*find_opportunity(*c, ctx.principal.organisation_id, id)), 201);
        },
        module::Api("Create a volunteering opportunity on an initiative (fixed shifts or a flexible window)")
            .body(kOpportunityBody)
            .returns(201, "The opportunity", "VolunteerOpportunity")
            .error(422, "A field missing or not valid, named"));
  l.api(Method::get, "/api/v1/deliver/opportunities/{id}", module::kPublic,
        [&db](Context& ctx) {
          auto c = db.acquire();
          return no_store(Response::json(opportunity_json(opportunity_or_404(*c, ctx))));
        },
        module::Api("One volunteering opportunity with its shifts").returns(200, "The opportunity", "VolunteerOpportunity"));
  l.api(Method::put, "/api/v1/deliver/opportunities/{id}", kCoordinatePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, opportunity_fields());
          auto c = db.acquire();
          c->transaction([&] { update_opportunity(*c, ctx.principal, ctx.param("id"), fields); });
          return Response::json(opportunity_json(opportunity_or_404(*c, ctx)));
        },
        module::Api("Change a volunteering opportunity (every field, as when creating it)")
            .body(kOpportunityBody)
            .returns(200, "The opportunity", "VolunteerOpportunity")
            .error(409, "kind changed once it has shifts or people")
            .error(422, "A field missing or not valid, named"));
  l.api(Method::post, "/api/v1/deliver/opportunities/{id}/shifts", kCoordinatePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, shift_fields());
          auto c = db.acquire();
          auto id = c->transaction([&] { return add_shift(*c, ctx.principal, ctx.param("id"), fields); });
          return Response::json(shift_json(*find_shift(*c, ctx.principal.organisation_id, id), true), 201);
        },
        module::Api("Add a fixed shift to an opportunity")
            .body(R"({"type": "object", "properties": {
                "starts_at": {"type": "string", "description": "Local date-time YYYY-MM-DDTHH:MM"},
                "ends_at": {"type": "string", "description": "Local date-time, after the start, within 24 hours"},
                "places": {"type": "string", "description": "A whole number from 1 to 500"}},
                "required": ["starts_at", "ends_at", "places"]})")
            .returns(201, "The shift, with its check-in code", "VolunteerShift")
            .error(409, "The opportunity is flexible")
            .error(422, "A field missing or not valid, named"));

  // ---- assignments ----
  auto one = [&db](Context& ctx, const std::string& id, int status) {
    auto c = db.acquire();
    return Response::json(assignment_json(*find_assignment(*c, ctx.principal.organisation_id, id)), status);
  };
  l.api(Method::post, "/api/v1/deliver/opportunities/{id}/applications", kVolunteerPermission,
        [&db, one](Context& ctx) {
          auto fields = body_fields(ctx, {"shift_id"});
          auto c = db.acquire();
          auto id = c->transaction([&] { return apply(*c, ctx.principal, ctx.param("id"), fields); });
          c.reset();
          return one(ctx, id, 201);
        },
        module::Api("Apply for an opportunity (a shift of it, or its flexible window)")
            .body(R"({"type": "object", "properties": {"shift_id": {"type": "string"}}})")
            .returns(201, "The assignment, applied", "VolunteerAssignment")
            .error(409, "You already have a place or an application there")
            .error(422, "shift_id missing or not a shift of the opportunity"));
  l.api(Method::post, "/api/v1/deliver/opportunities/{id}/assignments", kCoordinatePermission,
        [&db, &registry, one](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"person_id", "shift_id"});
          auto c = db.acquire();
          std::string id;
          try {
            id = c->transaction([&] { return assign(*c, registry, ctx.principal, ctx.param("id"), fields); });
          } catch (const CheckMissing& e) {
            return check_response(ctx, e);
          }
          c.reset();
          return one(ctx, id, 201);
        },
        module::Api("Put a member of the organisation on a shift (approved, or waiting when it is full)")
            .body(R"({"type": "object", "properties": {"person_id": {"type": "string"}, "shift_id": {"type": "string"}},
                "required": ["person_id"]})")
            .returns(201, "The assignment", "VolunteerAssignment")
            .error(409, "The person lacks a check the opportunity requires (error.check names it), or is already there")
            .error(422, "person_id or shift_id not valid, named"));
  struct Step {
    const char* path;
    const char* permission;
    const char* summary;
    const char* errors;
  };
  const Step steps[] = {
      {"approve", kCoordinatePermission,
       "Approve an application: a place on the shift, or the waiting list when it is full",
       "The person lacks a valid check the opportunity requires (error.check names it), or the status does not allow it"},
      {"confirm", kVolunteerPermission, "Confirm your approved place", "Not approved"},
      {"check-in", kVolunteerPermission,
       "Check in: volunteers with the shift's code (field code), coordinators without one",
       "Not confirmed (or approved, for coordinators)"},
      {"log-hours", kVolunteerPermission, "Log the hours you gave on flexible work (field hours), for the coordinator to verify",
       "A shift, or not confirmed"},
      {"complete", kCoordinatePermission,
       "Verify the hours (field hours): completed, and the hours enter the ledger confirmed", "Not confirmed or checked in"},
      {"no-show", kCoordinatePermission, "Record that the person did not come", "Already done or cancelled"},
      {"cancel", kVolunteerPermission,
       "Cancel: the volunteer's own, or any for coordinators; a freed place goes to the first waiting",
       "Already done or cancelled"},
  };
  for (const auto& step : steps) {
    std::string path = step.path;
    auto api = module::Api(step.summary).returns(200, "The assignment", "VolunteerAssignment").error(409, step.errors);
    if (path == "check-in")
      api.body(R"({"type": "object", "properties": {"code": {"type": "string", "maxLength": 20}}})")
          .error(422, "code missing or wrong");
    if (path == "log-hours" || path == "complete")
      api.body(R"({"type": "object", "properties": {"hours": {"type": "string", "description": "Hours, up to two decimals, more than 0 and at most 24"}},
          "required": ["hours"]})")
          .error(422, "hours missing or not valid");
    l.api(Method::post, "/api/v1/deliver/assignments/{id}/" + path, step.permission,
          [&db, &registry, one, path](Context& ctx) {
            auto fields = body_fields(ctx, path == "check-in"                          ? std::vector<std::string>{"code"}
                                           : path == "log-hours" || path == "complete" ? std::vector<std::string>{"hours"}
                                                                                       : std::vector<std::string>{});
            auto id = ctx.param("id");
            auto c = db.acquire();
            const auto& me = ctx.principal;
            try {
              c->transaction([&] {
                if (path == "approve") approve(*c, registry, me, id);
                else if (path == "confirm") confirm_assignment(*c, me, id);
                else if (path == "check-in") check_in(*c, me, id, fields["code"]);
                else if (path == "log-hours") log_hours(*c, me, id, fields["hours"]);
                else if (path == "complete") complete(*c, registry, me, id, fields["hours"]);
                else if (path == "no-show") mark_no_show(*c, me, id);
                else cancel(*c, registry, me, id);
              });
            } catch (const CheckMissing& e) {
              return check_response(ctx, e);
            }
            c.reset();
            return one(ctx, id, 200);
          },
          std::move(api));
  }
  l.api(Method::get, "/api/v1/deliver/opportunities/{id}/roster", kCoordinatePermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          auto o = opportunity_or_404(*c, ctx);
          auto shift = roster_shift(o, ctx.request.query_param("shift_id").value_or(""));
          json::array people;
          for (const auto& a : roster(*c, ctx.principal.organisation_id, o.id, shift)) people.push_back(assignment_json(a));
          json::object out{{"opportunity_id", o.id}, {"assignments", people}};
          out["shift"] = shift ? shift_json(*find_shift(*c, ctx.principal.organisation_id, *shift), true) : json::value();
          return no_store(Response::json(out));
        },
        module::Api("The roster of a shift (shift_id), or of a flexible opportunity: people, status, the check-in code")
            .query("shift_id", "The shift (fixed-shift opportunities)")
            .returns(200, "The roster", R"({"type": "object", "properties": {"opportunity_id": {"type": "string"},
                "shift": {"oneOf": [{"$ref": "#/components/schemas/VolunteerShift"}, {"type": "null"}]},
                "assignments": {"type": "array", "items": {"$ref": "#/components/schemas/VolunteerAssignment"}}}})")
            .error(422, "shift_id missing or not a shift of the opportunity"));
  l.api(Method::post, "/api/v1/deliver/opportunities/{id}/roster/verify", kCoordinatePermission,
        [&db, &registry](Context& ctx) {
          std::vector<std::string> allowed = {"shift_id"};
          try {
            auto v = json::parse(ctx.request.body);
            if (v.is_object())
              for (const auto& kv : v.as_object()) {
                std::string key(kv.key());
                if (key.starts_with("outcome_") || key.starts_with("hours_")) allowed.push_back(key);
              }
          } catch (const std::exception&) {
            // fields_from_json says what is wrong with it.
          }
          auto fields = http::fields_from_json(ctx.request.body, allowed);
          auto c = db.acquire();
          auto o = opportunity_or_404(*c, ctx);
          auto shift = roster_shift(o, fields["shift_id"]);
          fields.erase("shift_id");
          auto changed = c->transaction([&] { return verify_in_bulk(*c, registry, ctx.principal, o.id, shift, fields); });
          json::array people;
          for (const auto& a : roster(*c, ctx.principal.organisation_id, o.id, shift)) people.push_back(assignment_json(a));
          return no_store(Response::json(json::object{{"changed", changed}, {"assignments", people}}));
        },
        module::Api("Take attendance and verify hours for a whole roster in one request")
            .describe("For each person: outcome_<assignment id> (completed or no_show) and, when completed, "
                      "hours_<assignment id>. Completed hours enter the ledger confirmed. Nothing is written when "
                      "any field is wrong.")
            .body(R"({"type": "object", "properties": {"shift_id": {"type": "string"}},
                "additionalProperties": {"type": "string"}})")
            .returns(200, "How many changed, and the roster", R"({"type": "object", "properties": {
                "changed": {"type": "integer"},
                "assignments": {"type": "array", "items": {"$ref": "#/components/schemas/VolunteerAssignment"}}}})")
            .error(422, "A field not valid, named (outcome_<id> or hours_<id>)"));
  l.api(Method::post, "/api/v1/deliver/opportunities/{id}/roster/message", kCoordinatePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"shift_id", "message"});
          auto c = db.acquire();
          auto o = opportunity_or_404(*c, ctx);
          auto shift = roster_shift(o, fields["shift_id"]);
          auto told = c->transaction([&] { return message_people(*c, ctx.principal, o.id, shift, fields); });
          return Response::json(json::object{{"told", told}});
        },
        module::Api("Message everyone holding a place on a shift (or approved on a flexible opportunity), by email")
            .body(R"({"type": "object", "properties": {"shift_id": {"type": "string"},
                "message": {"type": "string", "maxLength": 2000}}, "required": ["message"]})")
            .returns(200, "How many were told", R"({"type": "object", "properties": {"told": {"type": "integer"}}})")
            .error(422, "message missing or too long, or shift_id not valid"));
  l.api(Method::get, "/api/v1/deliver/commitments", kVolunteerPermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          json::array items;
          for (const auto& a : commitments(*c, ctx.principal.organisation_id, ctx.principal.account_id))
            items.push_back(assignment_json(a));
          return no_store(Response::json(json::object{{"commitments", items}}));
        },
        module::Api("Your volunteering commitments (not cancelled), by start")
            .returns(200, "The commitments", R"({"type": "object", "properties": {"commitments": {"type": "array",
                "items": {"$ref": "#/components/schemas/VolunteerAssignment"}}}})"));

  add_volunteering_pages(l);
  l.demo([&registry](store::Connection& tx, module::DemoContext& demo) { load_demo(tx, registry, demo); });
}

}  // namespace coproduce::deliver
