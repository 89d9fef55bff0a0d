// Self-assessment in the browser: a professional or officer scores an
// initiative against nef's four principles or the five steps to
// co-production (0 to 4 each, with a note); the initiative page shows the
// scores over time as a chart with the same figures in a table, and the notes.
#include "core/dates.hpp"
#include "map/commands.hpp"
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

constexpr int kTopScore = 4;

std::string criterion_key(Frame frame, const std::string& criterion) {
  return (frame == Frame::nef_principles ? "map.nef." : "map.step.") + criterion;
}

// The date of the assessment: required, today or before (as the commands check it).
web::DateField assessed_on_field(const Context& ctx) {
  return {"assessed_on", t(ctx, "map.assessment.date_legend"), {.required = true, .latest = core::today_utc()}};
}

// Without a frame: which one. With one: the date, a score per criterion and a note.
Response form_page(store::Database& db, Context& ctx, const Fields& values, const std::vector<Problem>& problems = {}) {
  auto conn = db.acquire();
  auto initiative = initiative_or_404(*conn, ctx, ctx.param("id"));
  auto errors = form_errors(ctx, problems);
  web::date_errors(ctx.locale, errors, values, assessed_on_field(ctx));
  auto frame = parse_frame(value_of(values, "frame"));
  std::string base = "/initiatives/" + initiative.id + "/assessments";
  std::string html = "<span class=\"govuk-caption-l\">" + escape(initiative.name) + "</span><h1 class=\"govuk-heading-xl\">" +
                     escape(t(ctx, "map.assessment.new_title")) + "</h1>";
  if (!frame) {
    html += "<form method=\"get\" action=\"" + base + "/new\" novalidate>" +
            web::radios(ctx.locale, {"frame", "frame", t(ctx, "map.assessment.which_frame"),
                                     t(ctx, "map.assessment.which_frame_hint"), errors["frame"],
                                     {{"nef_principles", t(ctx, "map.frame.nef_principles"), ""},
                                      {"five_steps", t(ctx, "map.frame.five_steps"), ""}},
                                     {}, false, false}) +
            web::button({t(ctx, "map.assessment.continue"), false, "", ""}) + "</form>";
  } else {
    html += "<p class=\"govuk-body\">" + escape(t(ctx, "map.assessment.intro", {{"frame", name_of(ctx, "map.frame.", *frame)}})) +
            "</p>" + web::form_open(ctx, base) +
            "<input type=\"hidden\" name=\"frame\" value=\"" + escape(to_string(*frame)) + "\">";
    html += web::date_input(ctx.locale, {"assessed_on", "assessed_on", t(ctx, "map.assessment.date_legend"), "",
                                         errors["assessed_on"], web::date_value(values, "assessed_on")});
    std::vector<web::Option> scores;
    for (int s = 0; s <= kTopScore; ++s)
      scores.push_back({std::to_string(s), std::to_string(s), ""});  // the hint says what the ends mean
    for (const auto& c : criteria_of(*frame)) {
      std::string name = "score_" + c;
      html += web::radios(ctx.locale, {name, name, t(ctx, criterion_key(*frame, c)), t(ctx, "map.assessment.score_hint"),
                                       errors[name], scores, {value_of(values, name)}, true, true});
    }
    html += web::textarea(ctx.locale, {"note", "note", t(ctx, "map.assessment.note"), t(ctx, "map.assessment.note_hint"),
                                       errors["note"], value_of(values, "note"), 4});
    html += web::button({t(ctx, "map.assessment.save"), false, "", ""}) + "</form>";
  }
  web::PageOptions options{t(ctx, "map.assessment.new_title"),
                           {{t(ctx, "map.title"), "/map"}, {initiative.name, "/initiatives/" + initiative.id}},
                           errors.summary, std::string(web::kMapPath)};
  auto r = Response::html(web::page(ctx, options, html), problems.empty() ? 200 : 422);
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

std::string assessments_section(const Context& ctx, const std::vector<Assessment>& assessments,
                                const std::string& add_href) {
  std::string html = "<h2 class=\"govuk-heading-l\" id=\"self-assessment\">" + escape(t(ctx, "map.assessment.title")) + "</h2>";
  if (!add_href.empty()) html += web::button_link(t(ctx, "map.assessment.add"), add_href);
  if (assessments.empty()) return html + "<p class=\"govuk-body\">" + escape(t(ctx, "map.assessment.none")) + "</p>";
  for (Frame frame : {Frame::nef_principles, Frame::five_steps}) {
    const auto& criteria = criteria_of(frame);
    const auto top = static_cast<std::int64_t>(criteria.size()) * kTopScore;
    web::Table table;
    table.caption = name_of(ctx, "map.frame.", frame);
    table.headers = {t(ctx, "map.assessment.date")};
    for (const auto& c : criteria) table.headers.push_back(t(ctx, criterion_key(frame, c)));
    table.headers.push_back(t(ctx, "map.assessment.total"));
    table.numeric.assign(criteria.size() + 2, true);
    table.numeric[0] = false;
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    std::vector<web::Bar> bars;
    std::string notes;
    for (const auto& a : assessments) {
      if (a.frame != frame) continue;
      auto when = date_or_blank(ctx, a.assessed_on);
      std::vector<std::string> row = {escape(when)};
      std::int64_t total = 0;
      for (const auto& c : criteria) {
        bool scored = a.scores.count(c) > 0;
        if (scored) total += a.scores.at(c);
        row.push_back(scored ? escape(t(ctx, "map.assessment.score", {{"score", std::to_string(a.scores.at(c))}})) : "");
      }
      auto total_text = t(ctx, "map.assessment.out_of", {{"score", std::to_string(total)}, {"top", std::to_string(top)}});
      row.push_back(escape(total_text));
      table.rows_html.push_back(row);
      bars.push_back({a.assessed_on.substr(0, 7), total, total_text});
      if (!a.note.empty())
        notes += "<dt class=\"govuk-summary-list__key\">" + escape(when) + "</dt><dd class=\"govuk-summary-list__value\">" +
                 escape(a.note) + "</dd>";
    }
    if (table.rows_html.empty()) continue;
    auto chart_title = t(ctx, "map.assessment.chart_title", {{"frame", name_of(ctx, "map.frame.", frame)}, {"top", std::to_string(top)}});
    html += "<h3 class=\"govuk-heading-m\">" + escape(name_of(ctx, "map.frame.", frame)) + "</h3>" +
            "<figure class=\"app-figure\"><figcaption class=\"govuk-body-s\">" + escape(chart_title) + "</figcaption>" +
            web::bar_chart("assessment-" + std::string(to_string(frame)), chart_title, bars, top, t(ctx, "map.assessment.top_line", {{"top", std::to_string(top)}})) +
            "</figure>" + web::table(table);
    if (!notes.empty())
      html += "<h4 class=\"govuk-heading-s\">" + escape(t(ctx, "map.assessment.notes")) + "</h4><dl class=\"govuk-summary-list\">" +
              notes + "</dl>";
  }
  return html;
}

void add_assessment_pages(module::Loader& l) {
  store::Database& db = l.db();
  l.page(http::Method::get, "/initiatives/{id}/assessments/new", "map.edit",
         [&db](Context& ctx) {
           Fields values;
           if (auto frame = ctx.request.query_param("frame")) values["frame"] = *frame;
           if (!values.empty() && !parse_frame(values["frame"]))
             return form_page(db, ctx, {}, {{"frame", "map.error.not_a_choice"}});
           return form_page(db, ctx, values);
         },
         "The self-assessment form: first the frame, then a score per criterion and a note");
  l.page(http::Method::post, "/initiatives/{id}/assessments", "map.edit",
         [&db](Context& ctx) {
           auto form = ctx.request.form();
           Fields fields;
           for (const auto& name : assessment_fields())
             if (form.count(name)) fields[name] = form.at(name);
           web::take_date(form, fields, assessed_on_field(ctx));
           try {
             add_assessment(db, ctx.principal, ctx.param("id"), fields);
           } catch (const ValidationFailed& e) {
             if (!parse_frame(value_of(fields, "frame"))) fields.erase("frame");
             return form_page(db, ctx, fields, e.problems());
           }
           return Response::redirect(web::with_done("/initiatives/" + ctx.param("id"), "map.assessment.added.done") +
                                     "#self-assessment");
         },
         "Add a self-assessment from the form");
}

}  // namespace coproduce::map
