// The JSON API for running a process and voting in it.
#include <boost/json.hpp>

#include "commission/process/json.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/open_data.hpp"
#include "commission/process/page_support.hpp"
#include "commission/process/phase_dates.hpp"
#include "commission/process/routes.hpp"
#include "commission/process/voting.hpp"
#include "core/error.hpp"
#include "http/fields.hpp"
#include "web/html.hpp"

namespace coproduce::commission::process {
namespace {

namespace json = boost::json;
using http::Context;
using http::Method;
using http::Response;
using module::Api;

Response no_store(Response r) {
  r.set_header("Cache-Control", "no-store");
  return r;
}

json::object process_with_projects(store::Connection& c, const Process& p) {
  json::object out = process_json(p);
  json::array projects;
  for (const auto& project : list_projects(c, p.organisation_id, p.id))
    projects.push_back(json::object{{"code", project.code},
                                    {"name", project.name},
                                    {"name_cy", project.name_cy},
                                    {"cost_minor", project.cost_minor},
                                    {"category", project.category},
                                    {"district", project.district}});
  out["projects"] = std::move(projects);
  return out;
}

Response process_answer(store::Database& db, const Context& ctx, const std::string& id, int status = 200) {
  auto c = db.acquire();
  return Response::json(process_with_projects(*c, process_or_404(*c, ctx, id)), status);
}

const char* kProcessBody = R"({"type": "object", "properties": {
    "name": {"type": "string", "maxLength": 200}, "name_cy": {"type": "string", "maxLength": 200},
    "budget": {"type": "string", "description": "In currency units, up to two decimals: \"50000\" or \"50000.00\""},
    "ballot_min": {"type": "integer", "minimum": 1, "default": 1},
    "ballot_max": {"type": "integer", "minimum": 1, "description": "Leave out for no most"},
    "cost_limit": {"type": "string", "description": "A knapsack ballot's most total cost, in currency units"},
    "ballot_kind": {"type": "string", "enum": ["approval", "cumulative", "ordinal"], "default": "approval",
      "description": "Choose projects, share points among them, or rank them"},
    "points_total": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Points ballots: the points each voter shares out"},
    "points_most": {"type": "integer", "minimum": 1, "description": "Points ballots: the most points for one project"},
    "rule": {"type": "string", "default": "mes_cost", "description": "Any rule coproduce pb run accepts"},
    "tie_break": {"type": "string", "enum": ["by-id", "cost-votes-id"], "default": "by-id"},
    "area_id": {"type": "string"}, "initiative_id": {"type": "string"},
    "voting_closes_on": {"type": "string", "format": "date"}}, "required": ["name", "budget"]})";

// The body of PUT .../ballot-limits; wrong types are 422s naming the field.
BallotLimitsInput limits_from_json(std::string_view body) {
  json::value parsed;
  try {
    parsed = json::parse(body);
  } catch (const std::exception&) {
    throw core::malformed("The request body is not valid JSON");
  }
  if (!parsed.is_object()) throw core::malformed("The request body must be a JSON object");
  BallotLimitsInput input;
  std::vector<core::FieldProblem> problems;
  // {"name": value, ...} into named amounts; numbers are taken as written.
  auto named = [&](const json::value& value, const std::string& field, std::vector<NamedAmount>& out) {
    if (!value.is_object()) return problems.push_back({field, "web.error.field.wrong_type"});
    for (const auto& [name, amount] : value.as_object()) {
      if (amount.is_string()) out.push_back({std::string(name), std::string(amount.as_string()), field});
      else if (amount.is_int64()) out.push_back({std::string(name), std::to_string(amount.as_int64()), field});
      else return problems.push_back({field, "web.error.field.wrong_type"});
      if (out.back().typed.empty()) out.back().typed = "0";  // an empty amount is an error here, not "none"
    }
  };
  for (const auto& [key, value] : parsed.as_object()) {
    std::string name(key);
    if (name == "one_district") {
      if (value.is_bool()) input.one_district = value.as_bool();
      else problems.push_back({name, "web.error.field.wrong_type"});
    } else if (name == "district_budgets") {
      named(value, name, input.district_budgets);
    } else if (name == "category_limits") {
      named(value, name, input.category_limits);
    } else {
      problems.push_back({name, "web.error.field.unknown"});
    }
  }
  if (!problems.empty()) throw core::ValidationFailed(problems);
  return input;
}

}  // namespace

void add_api(module::Loader& l) {
  store::Database& db = l.db();
  l.schema("PbProcessDetail", R"({"allOf": [{"$ref": "#/components/schemas/PbProcess"}, {"type": "object",
      "properties": {"projects": {"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "string"}, "name": {"type": "string"}, "name_cy": {"type": "string"}, "cost_minor": {"type": "integer"},
        "category": {"type": "string"}, "district": {"type": "string"}}}}}}]})");
  l.schema("PbReceipt", R"({"type": "object", "properties": {
      "receipt": {"type": "string", "description": "Shown once: check with it that the ballot is in the count"},
      "replaced": {"type": "boolean", "description": "An earlier ballot of this voter was replaced"}}})");

  l.api(Method::post, "/api/v1/pb/processes", kManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, process_field_names());
          auto c = db.acquire();
          std::string id = c->transaction([&] { return create_process(*c, ctx.principal, fields); });
          return process_answer(db, ctx, id, 201);
        },
        Api("Create a participatory budgeting process (phase informing)")
            .describe("Money is given in currency units as text with up to two decimals and kept in minor units. "
                      "The rule and tie-break are frozen with the ballot when it is published.")
            .body(kProcessBody)
            .returns(201, "The process", "PbProcessDetail"));
  l.api(Method::get, "/api/v1/pb/processes/{id}", module::kPublic,
        [&db](Context& ctx) { return process_answer(db, ctx, ctx.param("id")); },
        Api("A process with its phase, ballot rules and projects").returns(200, "The process", "PbProcessDetail"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/projects", kManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, project_field_names());
          auto c = db.acquire();
          c->transaction([&] { add_project(*c, ctx.principal, ctx.param("id"), fields); });
          return process_answer(db, ctx, ctx.param("id"), 201);
        },
        Api("Add a project to the ballot (before the ballot is published)")
            .body(R"({"type": "object", "properties": {"name": {"type": "string", "maxLength": 200},
                "name_cy": {"type": "string", "maxLength": 200, "description": "The Welsh name, optional"},
                "cost": {"type": "string", "description": "Currency units, up to two decimals; at most the budget"},
                "category": {"type": "string", "maxLength": 100}, "district": {"type": "string", "maxLength": 100}},
                "required": ["name", "cost"]})")
            .returns(201, "The process with the new project (codes are 1, 2, 3 ...)", "PbProcessDetail")
            .error(409, "The ballot is published: projects no longer change"));
  l.api(Method::put, "/api/v1/pb/processes/{id}/eligibility", kManagePermission,
        [&db](Context& ctx) {
          http::Fields fields;
          std::vector<std::string> postcodes;
          {
            // "postcodes" is a list; the other field a number or null.
            json::value parsed;
            try {
              parsed = json::parse(ctx.request.body);
            } catch (const std::exception&) {
              throw core::malformed("The request body is not valid JSON");
            }
            if (!parsed.is_object()) throw core::malformed("The request body must be a JSON object");
            std::vector<core::FieldProblem> problems;
            for (const auto& [key, value] : parsed.as_object()) {
              if (key == "minimum_age") {
                if (value.is_int64()) fields["minimum_age"] = std::to_string(value.as_int64());
                else if (!value.is_null()) problems.push_back({"minimum_age", "web.error.field.wrong_type"});
              } else if (key == "postcodes") {
                if (!value.is_array()) problems.push_back({"postcodes", "web.error.field.wrong_type"});
                else
                  for (const auto& entry : value.as_array()) {
                    if (!entry.is_string()) {
                      problems.push_back({"postcodes", "web.error.field.wrong_type"});
                      break;
                    }
                    // A comma inside an entry would read as two: refuse it here.
                    std::string text(entry.as_string());
                    if (text.find_first_of(",;\n") != std::string::npos) {
                      problems.push_back({"postcodes", "commission.error.postcode_entry"});
                      break;
                    }
                    postcodes.push_back(text);
                  }
              } else {
                problems.push_back({std::string(key), "web.error.field.unknown"});
              }
            }
            if (!problems.empty()) throw core::ValidationFailed(problems);
          }
          std::string listed;
          for (const auto& entry : postcodes) listed += entry + "\n";
          auto c = db.acquire();
          c->transaction([&] { set_eligibility(*c, ctx.principal, ctx.param("id"), fields["minimum_age"], listed); });
          return process_answer(db, ctx, ctx.param("id"));
        },
        Api("Set who may vote online and by code: a minimum age and a residence list (before the ballot is published)")
            .describe("Voters declare they are at least minimum_age and give their postcode with the ballot, which "
                      "must be in the list: full postcodes (CF10 1EP), sectors (CF10 1), outward codes (CF10) or "
                      "areas (CF). Neither the declaration nor the postcode is kept. Both are frozen with the ballot "
                      "definition. null or [] removes a rule.")
            .body(R"({"type": "object", "properties": {"minimum_age": {"type": ["integer", "null"], "minimum": 1,
                "maximum": 120}, "postcodes": {"type": "array", "items": {"type": "string"}, "maxItems": 5000}}})")
            .returns(200, "The process", "PbProcessDetail")
            .error(409, "The ballot is published: it no longer changes"));
  l.api(Method::put, "/api/v1/pb/processes/{id}/ballot-limits", kManagePermission,
        [&db](Context& ctx) {
          BallotLimitsInput input = limits_from_json(ctx.request.body);
          auto c = db.acquire();
          c->transaction([&] { set_ballot_limits(*c, ctx.principal, ctx.param("id"), input); });
          return process_answer(db, ctx, ctx.param("id"));
        },
        Api("Set the ballot's districts and category limits (before the ballot is published; replaces them)")
            .describe("With one_district a ballot names projects of one district at most, besides city-wide projects "
                      "(no district). Each district in district_budgets is counted on its own, against its budget, "
                      "with the voters who chose any of its projects; the other projects are counted together "
                      "against what is left of the process's budget. category_limits caps how many projects of a "
                      "category one ballot names. All three are frozen with the ballot definition.")
            .body(R"({"type": "object", "properties": {"one_district": {"type": "boolean"},
                "district_budgets": {"type": "object", "additionalProperties": {"type": "string",
                  "description": "Currency units, up to two decimals"}},
                "category_limits": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}}})")
            .returns(200, "The process", "PbProcessDetail")
            .error(409, "The ballot is published: it no longer changes"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/phase", kManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"phase", "reason"});
          auto c = db.acquire();
          c->transaction(
              [&] { change_phase(*c, ctx.principal, ctx.param("id"), fields["phase"], fields["reason"]); });
          return process_answer(db, ctx, ctx.param("id"));
        },
        Api("Move a process to another phase")
            .describe("Forward to any later phase before the ballot is published; from then on one phase at a time. "
                      "Back (with a reason) only before voting. Publishing the ballot freezes it and publishes its "
                      "SHA-256; entering counting counts the stored ballots; the results are published by a "
                      "councillor's sign-off. Every change is in the audit trail.")
            .body(R"({"type": "object", "properties": {"phase": {"type": "string"}, "reason": {"type": "string"}},
                "required": ["phase"]})")
            .returns(200, "The process", "PbProcessDetail")
            .error(409, "The phase does not allow this change"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/closing-date", kManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"voting_closes_on", "reason"});
          auto c = db.acquire();
          c->transaction([&] {
            move_closing_date(*c, ctx.principal, ctx.param("id"), fields["voting_closes_on"], fields["reason"]);
          });
          return process_answer(db, ctx, ctx.param("id"));
        },
        Api("Set or move the last day of voting (during voting, with a reason)")
            .body(R"({"type": "object", "properties": {"voting_closes_on": {"type": "string", "format": "date"},
                "reason": {"type": "string"}}, "required": ["voting_closes_on"]})")
            .returns(200, "The process", "PbProcessDetail")
            .error(409, "Voting is over"));
  // The timetable: the day each phase starts, and the phases not used.
  {
    std::string phase_enum;
    for (const char* phase : kPhases) phase_enum += std::string(phase_enum.empty() ? "" : ", ") + "\"" + phase + "\"";
    l.schema("PbTimetable", R"({"type": "object", "properties": {"process_id": {"type": "string"},
        "phases": {"type": "array", "description": "Every phase, in order", "items": {"type": "object", "properties": {
          "phase": {"type": "string", "enum": [)" + phase_enum + R"(]},
          "starts_on": {"type": ["string", "null"], "format": "date", "description": "Not planned yet, or not used: null"},
          "used": {"type": "boolean", "description": "False: skipped by moving past it"},
          "current": {"type": "boolean", "description": "The phase the process is in now"}}}},
        "voting_closes_on": {"type": ["string", "null"], "format": "date", "description": "The last day of voting"}}})");
    auto timetable_answer = [&db](const Context& ctx) {
      auto c = db.acquire();
      Process p = process_or_404(*c, ctx, ctx.param("id"));
      return Response::json(timetable_json(p, timetable(*c, p.organisation_id, p.id)));
    };
    l.api(Method::get, "/api/v1/pb/processes/{id}/timetable", module::kPublic, timetable_answer,
          Api("The timetable: the day each phase starts, which phases are not used, and the last day of voting")
              .returns(200, "The timetable", "PbTimetable"));
    l.api(Method::put, "/api/v1/pb/processes/{id}/timetable", kManagePermission,
          [&db, timetable_answer](Context& ctx) {
            TimetableInput input = timetable_input(http::fields_from_json(ctx.request.body, timetable_field_names()));
            auto c = db.acquire();
            c->transaction([&] { set_timetable(*c, ctx.principal, ctx.param("id"), input); });
            return timetable_answer(ctx);
          },
          Api("Plan the day each phase starts (replaces the plan), or move the last day of voting")
              .describe("For each phase, <phase>_starts_on (YYYY-MM-DD; left out: not planned) and <phase>_used "
                        "(false: the phase is skipped; ballot_published, voting, counting and results_published are "
                        "always used). A phase cannot start before an earlier one, nor after voting before the day "
                        "after voting_closes_on. Without any phase field the plan stays as it is. Before voting the "
                        "plan may change freely; from voting on only voting_closes_on may move, with a reason. "
                        "Every change is in the audit trail.")
              .body([] {
                std::string props;
                for (const char* phase : kPhases)
                  props += "\"" + starts_field(phase) + "\": {\"type\": \"string\", \"format\": \"date\"}, \"" +
                           used_field(phase) + "\": {\"type\": \"boolean\"}, ";
                return "{\"type\": \"object\", \"properties\": {" + props +
                       "\"voting_closes_on\": {\"type\": \"string\", \"format\": \"date\"}, "
                       "\"reason\": {\"type\": \"string\", \"description\": \"Required to move the closing date during voting\"}}}";
              }())
              .returns(200, "The timetable", "PbTimetable")
              .error(409, "Voting has started: only the closing date may move (or the process was imported)"));
  }
  l.api(Method::post, "/api/v1/pb/processes/{id}/sign-off", kSignOffPermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          c->transaction([&] { sign_off(*c, ctx.principal, ctx.param("id")); });
          return process_answer(db, ctx, ctx.param("id"));
        },
        Api("Sign the counted result off, which publishes it (councillors)")
            .returns(200, "The process, its results published", "PbProcessDetail")
            .error(409, "The process is not being counted"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/overrides", kSignOffPermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"code", "chosen", "reason"});
          if (fields["chosen"] != "true" && fields["chosen"] != "false")
            throw core::ValidationFailed(std::vector<core::FieldProblem>{{"chosen", "commission.error.override_choice"}});
          auto c = db.acquire();
          c->transaction([&] {
            override_project(*c, ctx.principal, ctx.param("id"), fields["code"], fields["chosen"] == "true", fields["reason"]);
          });
          return process_answer(db, ctx, ctx.param("id"));
        },
        Api("Override the count for one project before signing it off (councillors)")
            .describe("Funds a project the count did not choose, or drops one it chose, with a reason. The override "
                      "is audited and published with the results; the engine's result is kept as counted.")
            .body(R"({"type": "object", "properties": {"code": {"type": "string"}, "chosen": {"type": "boolean"},
                "reason": {"type": "string"}}, "required": ["code", "chosen", "reason"]})")
            .returns(200, "The process", "PbProcessDetail")
            .error(409, "The process is not being counted"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/codes", kManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"count"});
          int count = 0;
          try {
            std::size_t used = 0;
            count = std::stoi(fields["count"], &used);
            if (used != fields["count"].size()) count = 0;
          } catch (const std::exception&) {
            count = 0;
          }
          auto c = db.acquire();
          auto codes = c->transaction([&] { return issue_codes(*c, ctx.principal, ctx.param("id"), count); });
          json::array items;
          for (auto& code : codes) items.push_back(json::value(code));
          return no_store(Response::json(json::object{{"codes", std::move(items)}}, 201));
        },
        Api("Issue single-use voting codes for letters or hand-outs")
            .describe("The codes are shown once; only their SHA-256 is kept.")
            .body(R"({"type": "object", "properties": {"count": {"type": "integer", "minimum": 1, "maximum": 5000}},
                "required": ["count"]})")
            .returns(201, "The codes", R"({"type": "object", "properties": {"codes": {"type": "array",
                "items": {"type": "string"}}}})")
            .error(409, "Voting is over"));
  l.api(Method::get, "/api/v1/pb/processes/{id}/ballot", module::kSignedIn,
        [&db](Context& ctx) {
          auto c = db.acquire();
          process_or_404(*c, ctx, ctx.param("id"));
          Marks marks = own_marks(*c, ctx.principal, ctx.param("id"));
          json::array choices, points;
          for (auto& code : marks.codes) choices.push_back(json::value(code));
          for (auto given : marks.points) points.push_back(given);
          return no_store(Response::json(json::object{{"choices", std::move(choices)}, {"points", std::move(points)}}));
        },
        Api("Your own ballot in this process (empty when you have not voted)")
            .returns(200, "Project codes (best first on a ranking ballot) and, on a points ballot, their points",
                     R"({"type": "object", "properties": {"choices": {"type": "array", "items": {"type": "string"}},
                "points": {"type": "array", "items": {"type": "integer"}}}})"));
  l.api(Method::put, "/api/v1/pb/processes/{id}/ballot", module::kSignedIn,
        [&db](Context& ctx) {
          http::Fields fields;
          std::vector<std::int64_t> points;
          auto choices = choices_from_json(ctx.request.body, {"code", "old_enough", "postcode"}, fields, &points);
          auto c = db.acquire();
          Cast cast = c->transaction([&] {
            return cast_online(*c, ctx.principal, ctx.param("id"), Marks{choices, points}, fields["code"],
                               Declared{fields["old_enough"] == "true", fields["postcode"]});
          });
          return no_store(
              Response::json(json::object{{"receipt", cast.receipt}, {"replaced", cast.replaced}}, 200));
        },
        Api("Cast or change your ballot (while voting is open)")
            .describe("One ballot per member: a new one replaces the earlier one until voting closes. With a "
                      "census, the first ballot gives the voting code from the member's letter, which ties it to "
                      "their place on the census.")
            .body(R"({"type": "object", "properties": {"choices": {"type": "array", "items": {"type": "string"},
                "description": "Project codes; on a ranking ballot best first"},
                "points": {"type": "array", "items": {"type": "integer", "minimum": 1},
                "description": "Points ballots: the points given to each chosen project, in the same order"},
                "code": {"type": "string", "description": "The letter's voting code; census only"},
                "old_enough": {"type": "boolean", "description": "With a minimum age: the voter declares they are old enough"},
                "postcode": {"type": "string", "description": "With a residence list: the voter's postcode, not kept"}},
                "required": ["choices"]})")
            .returns(200, "Your receipt", "PbReceipt")
            .error(409, "Voting is not open"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/code-ballots", module::kPublic,
        [&db](Context& ctx) {
          http::Fields fields;
          std::vector<std::int64_t> points;
          auto choices = choices_from_json(ctx.request.body, {"code", "old_enough", "postcode"}, fields, &points);
          auto c = db.acquire();
          Cast cast = c->transaction([&] {
            return cast_with_code(*c, ctx.principal.organisation_id, ctx.param("id"), fields["code"],
                                  Marks{choices, points}, Declared{fields["old_enough"] == "true", fields["postcode"]});
          });
          return no_store(Response::json(json::object{{"receipt", cast.receipt}, {"replaced", false}}, 201));
        },
        Api("Cast a ballot with a single-use voting code")
            .body(R"({"type": "object", "properties": {"code": {"type": "string"}, "choices": {"type": "array",
                "items": {"type": "string"}}, "points": {"type": "array", "items": {"type": "integer", "minimum": 1}},
                "old_enough": {"type": "boolean"}, "postcode": {"type": "string"}},
                "required": ["code", "choices"]})")
            .returns(201, "Your receipt", "PbReceipt")
            .error(409, "Voting is not open, or the code was used"));
  auto published = [&db](Context& ctx, auto make) {
    auto c = db.acquire();
    Process p = process_or_404(*c, ctx, ctx.param("id"));
    if (!results_public(p.phase))
      throw core::Error(404, "not_found", "Participatory budgeting process " + p.id + " has no published results", "id");
    return make(*c, p);
  };
  l.api(Method::get, "/api/v1/pb/processes/{id}/election.pb", module::kPublic,
        [published](Context& ctx) {
          return published(ctx, [&ctx](store::Connection& c, const Process& p) {
            auto district = ctx.request.query_param("district");
            Response r = Response::text(export_pb(c, p.organisation_id, p.id, district), "text/plain; charset=utf-8");
            r.set_header("Content-Disposition", "attachment; filename=\"" + p.id + (district ? "-" + web::url_encode(*district) : "") + ".pb\"");
            return r;
          });
        },
        Api("The whole election as a pabulib .pb file (open data, once the results are published)")
            .describe("Voters are numbered 1, 2, 3 ... in ballot order; nothing else about them is written. "
                      "coproduce pb run counts the file to the published result. A process with district budgets "
                      "is several elections counted apart: ?district= names one (a district, or city-wide), and "
                      "its file holds that district's projects, budget and voters.")
            .query("district", "With district budgets: the district, or city-wide (required then)")
            .returns_file(200, "The .pb file", "text/plain"));
  l.api(Method::get, "/api/v1/pb/processes/{id}/ballots.csv", module::kPublic,
        [published](Context& ctx) {
          return published(ctx, [](store::Connection& c, const Process& p) {
            Response r = Response::text(ballots_csv(c, p.organisation_id, p.id), "text/csv; charset=utf-8");
            r.set_header("Content-Disposition", "attachment; filename=\"" + p.id + "-ballots.csv\"");
            return r;
          });
        },
        Api("The anonymous ballots as CSV: ballot, projects, points (open data, once the results are published)")
            .returns_file(200, "The ballots", "text/csv"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/receipts/check", module::kPublic,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"receipt"});
          auto c = db.acquire();
          process_or_404(*c, ctx, ctx.param("id"));
          auto state = check_receipt(*c, ctx.principal.organisation_id, ctx.param("id"), fields["receipt"]);
          const char* names[] = {"unknown", "in_ballot_box", "counted"};
          return no_store(Response::json(json::object{{"state", names[int(state)]}}));
        },
        Api("Check that the ballot with this receipt is in the count (its choices are not shown)")
            .body(R"({"type": "object", "properties": {"receipt": {"type": "string"}}, "required": ["receipt"]})")
            .returns(200, "unknown, in_ballot_box or counted", R"({"type": "object", "properties": {"state":
                {"type": "string", "enum": ["unknown", "in_ballot_box", "counted"]}}})"));
}

}  // namespace coproduce::commission::process
