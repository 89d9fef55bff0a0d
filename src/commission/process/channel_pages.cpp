// The census, the booth (checking people in, entering paper ballots) and the
// reconciliation of papers whose two entries differ: pages and API.
#include <boost/json.hpp>

#include "commission/process/channels.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/page_support.hpp"
#include "commission/process/routes.hpp"
#include "commission/process/voting.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "http/fields.hpp"
#include "http/multipart.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::commission::process {
namespace {

namespace json = boost::json;
using http::Context;
using http::Method;
using http::Response;
using module::Api;
using web::escape;

std::string census_path(const Process& p) { return process_path(p) + "/census"; }
std::string booth_path(const Process& p) { return process_path(p) + "/booth"; }
std::string reconcile_path(const Process& p) { return process_path(p) + "/reconcile"; }

std::string page_head(const Context& ctx, const Process& p, const std::string& title) {
  return web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" + escape(p.name(ctx.locale)) +
         "</span><h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>";
}

// Names of the chosen projects, or "spoilt".
std::string reading_text(const Context& ctx, const std::vector<Project>& projects, const PaperReading& r) {
  if (r.spoilt) return t(ctx, "commission.paper.spoilt_reading");
  std::string out;
  for (const auto& code : r.choices)
    for (const auto& p : projects)
      if (p.code == code) out += (out.empty() ? "" : "; ") + p.name;
  return out;
}

web::Choices project_choices(const Context& ctx, const Process& p, const std::vector<Project>& projects,
                             const std::string& id, const std::string& legend, const std::string& error,
                             const std::vector<std::string>& selected) {
  web::Choices choices;
  choices.id = id;
  choices.name = "choices";
  choices.legend = legend;
  choices.error = error;
  for (const auto& project : projects)
    choices.options.push_back({project.code, project.name_in(ctx.locale), money(ctx, project.cost_minor, p.currency)});
  choices.selected = selected;
  choices.small = true;
  return choices;
}

std::string spoilt_box(const Context& ctx, const std::string& id, bool checked) {
  web::Choices spoilt;
  spoilt.id = id;
  spoilt.name = "spoilt";
  spoilt.legend = t(ctx, "commission.paper.spoilt_legend");
  spoilt.options = {{"true", t(ctx, "commission.paper.spoilt"), ""}};
  if (checked) spoilt.selected = {"true"};
  spoilt.small = true;
  return web::checkboxes(ctx.locale, spoilt);
}

// ---- census -------------------------------------------------------------------

// The GOV.UK file upload component (label, hint, error message, input).
std::string file_upload(const Context& ctx, const std::string& id, const std::string& label, const std::string& hint,
                        const std::string& error) {
  std::string described = id + "-hint" + (error.empty() ? "" : " " + id + "-error");
  return std::string("<div class=\"govuk-form-group") + (error.empty() ? "" : " govuk-form-group--error") +
         "\">\n<label class=\"govuk-label govuk-label--s\" for=\"" + escape(id) + "\">" + escape(label) +
         "</label>\n<div id=\"" + escape(id) + "-hint\" class=\"govuk-hint\">" + escape(hint) + "</div>\n" +
         (error.empty() ? "" : web::error_message(ctx.locale, id, error)) + "<input class=\"govuk-file-upload" +
         (error.empty() ? "" : " govuk-file-upload--error") + "\" id=\"" + escape(id) + "\" name=\"" + escape(id) +
         "\" type=\"file\" accept=\".csv,text/csv\" aria-describedby=\"" + escape(described) + "\">\n</div>\n";
}

// The census form: a file (any size up to kMostCensusBytes), or a short list
// pasted in; `error` (said in the page's language) is on `field`, the input
// the census came from ("census-file" or "census").
Response census_page(const Context& ctx, const Process& p, const std::string& typed, const std::string& field,
                     const std::string& error, int status) {
  std::string title = t(ctx, "commission.census.title");
  std::string html = page_head(ctx, p, title) + para(t(ctx, "commission.census.intro")) +
                     para(t(ctx, "commission.census.columns")) + para(t(ctx, "commission.census.letters"));
  if (ballot_frozen(p.phase)) {
    html += web::inset_text(escape(t(ctx, "commission.error.census_frozen")));
  } else {
    html += "<form method=\"post\" action=\"" + escape(census_path(p)) +
            "\" enctype=\"multipart/form-data\" novalidate>" + web::csrf_field(ctx);
    html += file_upload(ctx, "census-file", t(ctx, "commission.census.label"), t(ctx, "commission.census.file_hint"),
                        field == "census-file" ? error : std::string());
    web::Textarea csv;
    csv.id = "census";
    csv.label = t(ctx, "commission.census.paste_label");
    csv.hint = t(ctx, "commission.census.hint");
    csv.error = field == "census" ? error : std::string();
    csv.value = typed;
    csv.rows = 5;
    html += web::textarea(ctx.locale, csv) + web::button({t(ctx, "commission.census.submit"), false, "", ""}) + "</form>";
  }
  std::vector<web::FieldError> summary;
  if (!error.empty()) summary = {{field, error}};
  return no_store_page(web::page(ctx, page_options(ctx, title, &p, summary), html), status);
}

Response letters_file(const CensusLoad& load) {
  Response r = Response::text(load.letters_csv, "text/csv; charset=utf-8");
  r.set_header("Content-Disposition", "attachment; filename=\"voting-letters.csv\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

// ---- booth ---------------------------------------------------------------------

struct BoothForm {
  std::string section;  // check_in or paper
  http::Fields typed;
  std::vector<std::string> choices;
  std::vector<core::FieldProblem> problems;
  int status = 422;
};

Response booth_page(store::Database& db, const Context& ctx, const Process& p, const BoothForm& form) {
  auto c = db.acquire();
  auto projects = list_projects(*c, p.organisation_id, p.id);
  bool census = has_census(*c, p.organisation_id, p.id);
  auto errors = web::form_errors(ctx, form.problems);
  std::string title = t(ctx, "commission.booth.title");
  std::string html = page_head(ctx, p, title);
  if (p.phase != "voting" && p.phase != "reconciling") html += web::inset_text(escape(t(ctx, "commission.error.not_voting")));
  if (census && p.phase == "voting") {
    html += heading(t(ctx, "commission.booth.check_in")) + para(t(ctx, "commission.booth.check_in_intro")) +
            web::form_open(ctx, booth_path(p) + "/check-in");
    web::TextInput identifier;
    identifier.id = "identifier";
    identifier.label = t(ctx, "commission.booth.identifier");
    identifier.error = errors["identifier"];
    identifier.value = form.section == "check_in" ? web::value_of(form.typed, "identifier") : std::string();
    identifier.autocomplete = "off";
    identifier.width_class = "govuk-input--width-20";
    html += web::text_input(ctx.locale, identifier) +
            web::button({t(ctx, "commission.booth.check_in_submit"), false, "", ""}) + "</form>";
  }
  html += heading(t(ctx, "commission.booth.paper")) + para(t(ctx, "commission.booth.paper_intro")) +
          web::form_open(ctx, booth_path(p) + "/papers");
  bool mine = form.section == "paper";
  web::TextInput paper;
  paper.id = "paper";
  paper.label = t(ctx, "commission.booth.paper_number");
  paper.error = errors["paper"];
  paper.value = mine ? web::value_of(form.typed, "paper") : std::string();
  paper.autocomplete = "off";
  paper.width_class = "govuk-input--width-10";
  html += web::text_input(ctx.locale, paper);
  html += web::checkboxes(ctx.locale, project_choices(ctx, p, projects, "choices", t(ctx, "commission.booth.ticked"),
                                                      errors["choices"], mine ? form.choices : std::vector<std::string>{}));
  html += spoilt_box(ctx, "spoilt", mine && web::value_of(form.typed, "spoilt") == "true");
  html += web::button({t(ctx, "commission.booth.paper_submit"), false, "", ""}) + "</form>";
  return no_store_page(web::page(ctx, page_options(ctx, title, &p, errors.summary), html),
                  form.problems.empty() ? 200 : form.status);
}

template <class Action>
Response booth_act(store::Database& db, Context& ctx, const std::string& section, Action action) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  BoothForm form;
  form.section = section;
  form.typed = ctx.request.form();
  form.choices = ctx.request.form_values("choices");
  try {
    std::string done = c->transaction([&] { return action(*c, p, form); });
    return Response::redirect(web::with_done(booth_path(p), done));
  } catch (const core::ValidationFailed& failed) {
    form.problems = failed.problems();
  } catch (const core::Error& error) {
    if (error.http_status() != 409 || !error.message_is_key()) throw;
    form.problems = {{error.field().empty() ? "paper" : error.field(), error.what()}};
    form.status = 409;
  }
  return booth_page(db, ctx, p, form);
}

// ---- reconciliation ---------------------------------------------------------------

Response reconcile_page(store::Database& db, const Context& ctx, const Process& p, const std::string& paper_in_error,
                        const std::vector<core::FieldProblem>& problems, int status) {
  auto c = db.acquire();
  auto projects = list_projects(*c, p.organisation_id, p.id);
  auto summary = paper_summary(*c, p.organisation_id, p.id);
  auto errors = web::form_errors(ctx, problems);
  std::string title = t(ctx, "commission.reconcile.title");
  std::string html = page_head(ctx, p, title) + para(t(ctx, "commission.reconcile.intro"));
  auto n = [&](std::int64_t v) { return escape(i18n::format_number(ctx.locale, v)); };
  std::vector<web::SummaryRow> rows = {{t(ctx, "commission.reconcile.agreed"), n(summary.agreed)},
                                       {t(ctx, "commission.reconcile.reconciled"), n(summary.reconciled)},
                                       {t(ctx, "commission.reconcile.spoilt"), n(summary.spoilt)},
                                       {t(ctx, "commission.reconcile.awaiting"), n(summary.awaiting_second)},
                                       {t(ctx, "commission.reconcile.mismatches"), n(std::int64_t(summary.mismatches.size()))}};
  if (has_census(*c, p.organisation_id, p.id)) rows.push_back({t(ctx, "commission.reconcile.check_ins"), n(summary.check_ins)});
  html += web::summary_list(rows);
  if (!summary.awaiting.empty()) {
    std::string list;
    for (const auto& paper : summary.awaiting) list += (list.empty() ? "" : ", ") + paper;
    html += para(t(ctx, "commission.reconcile.awaiting_list", {{"papers", list}}));
  }
  if (summary.mismatches.empty()) {
    html += para(t(ctx, summary.settled() ? "commission.reconcile.all_settled" : "commission.reconcile.no_mismatches"));
  }
  int index = 0;
  for (const auto& m : summary.mismatches) {
    ++index;
    std::string suffix = "-" + std::to_string(index);
    bool in_error = m.paper == paper_in_error;
    html += heading(t(ctx, "commission.reconcile.paper", {{"paper", m.paper}}), "s");
    html += web::summary_list({{t(ctx, "commission.reconcile.first"), escape(reading_text(ctx, projects, m.first))},
                               {t(ctx, "commission.reconcile.second"), escape(reading_text(ctx, projects, m.second))}});
    html += web::form_open(ctx, reconcile_path(p)) + "<input type=\"hidden\" name=\"paper\" value=\"" + escape(m.paper) + "\">";
    html += web::checkboxes(ctx.locale, project_choices(ctx, p, projects, "choices" + suffix,
                                                        t(ctx, "commission.reconcile.reading", {{"paper", m.paper}}),
                                                        in_error ? errors["choices"] : std::string(), {}));
    html += spoilt_box(ctx, "spoilt" + suffix, false);
    html += web::button({t(ctx, "commission.reconcile.submit", {{"paper", m.paper}}), false, "", ""}) + "</form>";
  }
  // The summary links to the reading's boxes of the paper in error.
  auto summary_errors = errors.summary;
  for (std::size_t i = 0; i < summary.mismatches.size(); ++i)
    if (summary.mismatches[i].paper == paper_in_error)
      for (auto& e : summary_errors)
        if (e.field_id == "choices") e.field_id = "choices-" + std::to_string(i + 1);
  return no_store_page(web::page(ctx, page_options(ctx, title, &p, summary_errors), html), problems.empty() ? 200 : status);
}

json::object summary_json(const PaperSummary& s) {
  json::array mismatches;
  auto reading = [](const PaperReading& r) {
    json::array choices;
    for (const auto& code : r.choices) choices.push_back(json::value(code));
    return json::object{{"choices", std::move(choices)}, {"spoilt", r.spoilt}};
  };
  for (const auto& m : s.mismatches)
    mismatches.push_back(json::object{{"paper", m.paper}, {"first", reading(m.first)}, {"second", reading(m.second)}});
  json::array awaiting;
  for (const auto& paper : s.awaiting) awaiting.push_back(json::value(paper));
  return json::object{{"check_ins", s.check_ins}, {"agreed", s.agreed},       {"reconciled", s.reconciled},
                      {"spoilt", s.spoilt},       {"awaiting_second", std::move(awaiting)},
                      {"mismatches", std::move(mismatches)}, {"settled", s.settled()}};
}

const char* state_name(PaperState s) {
  switch (s) {
    case PaperState::awaiting_second: return "awaiting_second";
    case PaperState::agreed: return "agreed";
    case PaperState::mismatch: return "mismatch";
  }
  return "";
}

}  // namespace

void add_channel_routes(module::Loader& l) {
  store::Database& db = l.db();
  std::string base = std::string(kListPath) + "/{id}";
  l.permission({kBoothPermission, {core::Role::professional, core::Role::officer},
                "Work at a participatory budget's booth: check people in, enter paper ballots"});
  // Settling a paper needs someone who entered neither reading: an officer,
  // or a councillor overseeing the count.
  l.permission({kReconcilePermission, {core::Role::officer, core::Role::councillor},
                "Settle paper ballots whose two entries differ (someone who made neither entry)"});
  l.schema("PbPapers", R"({"type": "object", "properties": {"check_ins": {"type": "integer"},
      "agreed": {"type": "integer"}, "reconciled": {"type": "integer"}, "spoilt": {"type": "integer"},
      "awaiting_second": {"type": "array", "items": {"type": "string"}},
      "mismatches": {"type": "array", "items": {"type": "object"}}, "settled": {"type": "boolean"}}})");

  // Census.
  l.page(Method::get, base + "/census", kManagePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           return census_page(ctx, process_or_404(*c, ctx, ctx.param("id")), "", "", "", 200);
         },
         "The census of people eligible to vote: load it and get each person's voting code");
  // The page form sends multipart/form-data (the file, or the pasted list),
  // up to kMostCensusBytes (app/serve.cpp gives this route that limit).
  l.page(Method::post, base + "/census", kManagePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           std::string typed = web::value_of(ctx.request.form(), "census");
           auto file = http::uploaded_file(ctx.request, "census-file");
           std::string field = file ? "census-file" : "census";
           if (!file && core::trimmed(typed).empty())
             return census_page(ctx, p, typed, "census-file", t(ctx, "commission.census.error_none"), 422);
           std::string_view csv = file ? file->body : std::string_view(typed);
           try {
             return letters_file(c->transaction([&] { return load_census(*c, ctx.principal, p.id, csv); }));
           } catch (const CensusError& error) {
             return census_page(ctx, p, typed, field, t(ctx, error.key(), error.args()), 422);
           } catch (const core::Error& error) {
             if (error.http_status() != 409 || !error.message_is_key()) throw;
             return census_page(ctx, p, typed, field, t(ctx, error.what()), 409);
           }
         },
         "Load the census (CSV); answers the letters file of identifiers and voting codes, shown once");
  l.api(Method::put, "/api/v1/pb/processes/{id}/census", kManagePermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          return letters_file(c->transaction([&] { return load_census(*c, ctx.principal, ctx.param("id"), ctx.request.body); }));
        },
        Api("Load or replace the census of eligible people (before the ballot is published)")
            .describe("The body is CSV with a header naming identifier and optionally district and age_band "
                      "(under-16, 16-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+). Only SHA-256 of identifiers is "
                      "kept. The body is UTF-8 text of at most 48 MiB (413 beyond). A malformed, non-UTF-8 or binary file is "
                      "refused naming its line, and nothing is written.")
            .body(R"({"type": "string", "contentMediaType": "text/csv"})")
            .returns_file(200, "identifier,code for every person, for the letters (shown once)", "text/csv")
            .error(409, "The ballot is published"));

  // Booth.
  l.page(Method::get, base + "/booth", kBoothPermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           return booth_page(db, ctx, process_or_404(*c, ctx, ctx.param("id")), {});
         },
         "The booth: check people on the census in, enter paper ballots");
  l.page(Method::post, base + "/booth/check-in", kBoothPermission,
         [&db](Context& ctx) {
           return booth_act(db, ctx, "check_in", [&](store::Connection& tx, const Process& p, const BoothForm& form) {
             check_in(tx, ctx.principal, p.id, web::value_of(form.typed, "identifier"));
             return std::string("commission.checked_in.done");
           });
         },
         "Check a person on the census in to vote on paper");
  l.page(Method::post, base + "/booth/papers", kBoothPermission,
         [&db](Context& ctx) {
           return booth_act(db, ctx, "paper", [&](store::Connection& tx, const Process& p, const BoothForm& form) {
             auto state = enter_paper(tx, ctx.principal, p.id, web::value_of(form.typed, "paper"), form.choices,
                                      web::value_of(form.typed, "spoilt") == "true");
             return std::string(state == PaperState::agreed            ? "commission.paper_agreed.done"
                                : state == PaperState::awaiting_second ? "commission.paper_awaiting_second.done"
                                                                       : "commission.paper_mismatch.done");
           });
         },
         "Enter a paper ballot (first or second entry)");
  l.api(Method::post, "/api/v1/pb/processes/{id}/check-ins", kBoothPermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"identifier"});
          auto c = db.acquire();
          c->transaction([&] { check_in(*c, ctx.principal, ctx.param("id"), fields["identifier"]); });
          return Response::json(json::object{{"checked_in", true}}, 201);
        },
        Api("Check a person on the census in to vote on paper")
            .body(R"({"type": "object", "properties": {"identifier": {"type": "string"}}, "required": ["identifier"]})")
            .returns(201, "Checked in", R"({"type": "object", "properties": {"checked_in": {"type": "boolean"}}})")
            .error(409, "Voting is not open, or the person has voted"));
  l.api(Method::post, "/api/v1/pb/processes/{id}/papers", kBoothPermission,
        [&db](Context& ctx) {
          http::Fields fields;
          auto choices = choices_from_json(ctx.request.body, {"paper", "spoilt"}, fields);
          auto c = db.acquire();
          auto state = c->transaction([&] {
            return enter_paper(*c, ctx.principal, ctx.param("id"), fields["paper"], choices, fields["spoilt"] == "true");
          });
          return Response::json(json::object{{"state", state_name(state)}}, 201);
        },
        Api("Enter a paper ballot: the first entry, or the second by another officer")
            .body(R"({"type": "object", "properties": {"paper": {"type": "string"}, "choices": {"type": "array",
                "items": {"type": "string"}}, "spoilt": {"type": "boolean"}}, "required": ["paper"]})")
            .returns(201, "awaiting_second, agreed (the ballot is stored) or mismatch (to reconcile)",
                     R"({"type": "object", "properties": {"state": {"type": "string",
                         "enum": ["awaiting_second", "agreed", "mismatch"]}}})")
            .error(409, "Not open for papers, entered twice already, or the same officer's second entry"));
  l.api(Method::get, "/api/v1/pb/processes/{id}/papers", kBoothPermission,
        [&db](Context& ctx) {
          auto c = db.acquire();
          Process p = process_or_404(*c, ctx, ctx.param("id"));
          return Response::json(summary_json(paper_summary(*c, p.organisation_id, p.id)));
        },
        Api("How the paper ballots stand: agreed, reconciled, spoilt, awaiting a second entry, mismatches")
            .returns(200, "The papers", "PbPapers"));

  // Reconciliation.
  l.page(Method::get, base + "/reconcile", kReconcilePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           return reconcile_page(db, ctx, process_or_404(*c, ctx, ctx.param("id")), "", {}, 200);
         },
         "Reconcile paper ballots whose two entries differ");
  l.page(Method::post, base + "/reconcile", kReconcilePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           auto form = ctx.request.form();
           std::string paper = web::value_of(form, "paper");
           try {
             c->transaction([&] {
               reconcile_paper(*c, ctx.principal, p.id, paper, ctx.request.form_values("choices"),
                               web::value_of(form, "spoilt") == "true");
             });
             return Response::redirect(web::with_done(reconcile_path(p), "commission.reconciled.done"));
           } catch (const core::ValidationFailed& failed) {
             return reconcile_page(db, ctx, p, paper, failed.problems(), 422);
           } catch (const core::Error& error) {
             if (error.http_status() != 409 || !error.message_is_key()) throw;
             return reconcile_page(db, ctx, p, paper, {{"choices", error.what()}}, 409);
           }
         },
         "Settle a paper with the reading an officer who made neither entry finds on it");
  l.api(Method::post, "/api/v1/pb/processes/{id}/papers/{paper}/reconcile", kReconcilePermission,
        [&db](Context& ctx) {
          http::Fields fields;
          auto choices = choices_from_json(ctx.request.body, {"spoilt"}, fields);
          auto c = db.acquire();
          c->transaction([&] {
            reconcile_paper(*c, ctx.principal, ctx.param("id"), ctx.param("paper"), choices, fields["spoilt"] == "true");
          });
          return Response::json(json::object{{"reconciled", true}});
        },
        Api("Settle a paper whose two entries differ (an officer or councillor who made neither entry)")
            .body(R"({"type": "object", "properties": {"choices": {"type": "array", "items": {"type": "string"}},
                "spoilt": {"type": "boolean"}}})")
            .returns(200, "Settled", R"({"type": "object", "properties": {"reconciled": {"type": "boolean"}}})")
            .error(409, "Not a mismatch, or an officer who made one of its entries"));
}

}  // namespace coproduce::commission::process
