#include "equality/module.hpp"

#include <boost/json.hpp>

#include "access/access.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "equality/pages.hpp"
#include "equality/questions.hpp"
#include "equality/report.hpp"
#include "equality/repository.hpp"
#include "http/fields.hpp"
#include "module/registry.hpp"

namespace coproduce::equality {
namespace {

using http::Context;
using http::Method;
using http::Response;
namespace json = boost::json;

Response no_store(Response r) {
  r.set_header("Cache-Control", "no-store");
  return r;
}

json::value response_json(const std::optional<SavedAnswers>& r) {
  if (!r) return json::object{{"answered", false}, {"answers", json::object{}}};
  json::object answers;
  for (const auto& [q, a] : r->answers) answers[q] = a;
  return json::object{{"answered", true}, {"consented_at", r->consented_at}, {"updated_at", r->updated_at},
                      {"answers", answers}};
}

std::string answers_schema() {
  std::string properties;
  for (const auto& q : questions()) {
    std::string values;
    for (const auto& a : q.answers) values += (values.empty() ? "\"" : ", \"") + a + "\"";
    properties += "\"" + q.key + "\": {\"type\": \"string\", \"enum\": [" + values + "]}, ";
  }
  return properties;
}

// Nine demo members who answered: fewer than ten, so the demo's report shows
// no breakdown until one more person answers.
void load_demo_respondents(store::Connection& tx, module::DemoContext& demo) {
  static const char* const kSex[] = {"female", "male", "female", "female", "male", "female", "male", "female", "prefer_not_to_say"};
  static const char* const kAge[] = {"25_34", "35_44", "45_54", "65_74", "16_24", "55_64", "35_44", "75_plus", "25_34"};
  static const char* const kWelsh[] = {"speak_read_write", "none", "understand", "none", "speak", "none",
                                       "speak_read_write", "other", "none"};
  static const char* const kDisabled[] = {"no", "yes", "no", "no", "no", "yes", "no", "yes", "prefer_not_to_say"};
  auto now = core::now_utc();
  for (int i = 0; i < 9; ++i) {
    auto n = std::to_string(i + 1);
    // The demo resident's password hash is reused: a hash of its own per
    // account would slow every start of the demo by a second or more.
    auto account = core::new_id();
    tx.execute("INSERT INTO accounts (id, email, display_name, password_hash, created_at, email_verified_at) "
               "SELECT $1, $2, $3, password_hash, $4, $4 FROM accounts WHERE id = $5",
               {account, "respondent" + n + "@demo.coproduce.test", "Demo respondent " + n, now,
                demo.accounts.at(core::Role::resident)});
    access::add_membership(tx, demo.organisation_id, account, core::Role::resident);
    core::Principal person;
    person.organisation_id = demo.organisation_id;
    person.account_id = account;
    person.role = core::Role::resident;
    Answers answers = {{"sex", kSex[i]},
                       {"age", kAge[i]},
                       {"welsh", kWelsh[i]},
                       {"disabled", kDisabled[i]},
                       {"gender_same_as_birth", "yes"},
                       {"ethnic_group", i == 4 ? "mixed" : "white"}};
    if (i % 3 != 2) answers["religion"] = i % 2 == 0 ? "christian" : "none";
    save_response(tx, person, answers, now);
  }
}

}  // namespace

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.permission({kReportPermission, {core::Role::officer},
                "Read the equality monitoring report (aggregate only, no group under ten)"});
  l.personal_data({"equality.answers", export_responses, erase_responses});
  store::Database& db = l.db();
  const module::Environment& env = l.environment();
  l.schema("EqualityAnswers", R"({"type": "object", "properties": {"answered": {"type": "boolean"},
      "consented_at": {"type": "string"}, "updated_at": {"type": "string"},
      "answers": {"type": "object", "additionalProperties": {"type": "string"}}}})");
  l.schema("EqualityCell", R"({"type": "object", "properties": {"count": {"type": ["integer", "null"]},
      "percent": {"type": ["integer", "null"]}, "withheld": {"type": "boolean"}}})");

  l.api(Method::get, "/api/v1/equality/answers", module::kSignedIn,
        [&db](Context& ctx) {
          auto c = db.acquire();
          return no_store(Response::json(
              response_json(find_response(*c, ctx.principal.organisation_id, ctx.principal.account_id))));
        },
        module::Api("Your own equality monitoring answers in this organisation")
            .returns(200, "Whether you answered, when, and your answers", "EqualityAnswers"));
  l.api(Method::put, "/api/v1/equality/answers", module::kSignedIn,
        [&db, &env](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, field_names());
          Answers answers;
          auto problems = read_answers(fields, answers);
          if (!problems.empty()) throw core::ValidationFailed(problems);
          auto c = db.acquire();
          c->transaction([&] { save_response(*c, ctx.principal, answers, core::iso_utc(env.now())); });
          return no_store(Response::json(
              response_json(find_response(*c, ctx.principal.organisation_id, ctx.principal.account_id))));
        },
        module::Api("Give or replace your equality monitoring answers, with your consent")
            .describe("Every question is optional (leave it out or blank); \"consent\": \"yes\" is required. "
                      "The answers replace any given before.")
            .body(R"({"type": "object", "properties": {)" + answers_schema() +
                  R"("consent": {"type": "string", "enum": ["yes"]}}, "required": ["consent"]})")
            .returns(200, "Your answers as saved", "EqualityAnswers")
            .error(422, "Consent not given, an answer that is not one of the question's, or an unknown field"));
  l.api(Method::del, "/api/v1/equality/answers", module::kSignedIn,
        [&db](Context& ctx) {
          auto c = db.acquire();
          c->transaction([&] { withdraw_response(*c, ctx.principal); });
          return Response{204, {}, {}};
        },
        module::Api("Withdraw (delete) your equality monitoring answers").returns(204, "Deleted, or there were none"));

  l.api(Method::get, "/api/v1/equality/report", kReportPermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          return no_store(Response::json(to_json(build_report(count_responses(*c, ctx.principal.organisation_id)))));
        },
        module::Api("The organisation's equality monitoring report, in aggregate only")
            .describe("Counts and percentages of respondents by answer, for everyone who answered and, when at least "
                      "ten people are on each side, for those with a confirmed contribution and those without. A "
                      "count under ten, and any count from which one could be worked out, is withheld (null). With "
                      "fewer than ten respondents there is no breakdown.")
            .returns(200, "The report", R"({"type": "object", "properties": {
                "minimum_group": {"type": "integer"}, "breakdown": {"type": "boolean"},
                "compared": {"type": "boolean"}, "respondents": {"type": ["integer", "null"]},
                "contributed": {"type": ["integer", "null"]}, "not_contributed": {"type": ["integer", "null"]},
                "questions": {"type": "array", "items": {"type": "object", "properties": {
                  "question": {"type": "string"}, "answers": {"type": "array", "items": {"type": "object",
                  "properties": {"answer": {"type": "string"}, "all": {"$ref": "#/components/schemas/EqualityCell"},
                    "contributed": {"$ref": "#/components/schemas/EqualityCell"},
                    "not_contributed": {"$ref": "#/components/schemas/EqualityCell"}}}}}}}}})"));

  add_pages(l);
  l.demo([](store::Connection& tx, module::DemoContext& demo) { load_demo_respondents(tx, demo); });
}

}  // namespace coproduce::equality
