// The process page before its results are public, the ballot (online for
// members, with a voting code for anyone), the receipt check, and the
// councillor's sign-off. Every page works without JavaScript: the running
// total is worked out by the server when the voter asks for it.
#include <boost/json.hpp>

#include <algorithm>
#include <optional>

#include "commission/process/lifecycle.hpp"
#include "commission/process/page_support.hpp"
#include "commission/process/routes.hpp"
#include "commission/process/timetable_pages.hpp"
#include "commission/process/voting.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::commission::process {
namespace {

using http::Context;
using http::Method;
using http::Response;
using web::escape;

std::string vote_path(const Process& p) { return process_path(p) + "/vote"; }
std::string code_vote_path(const Process& p) { return process_path(p) + "/vote-with-code"; }
std::string receipt_path(const Process& p) { return process_path(p) + "/receipt"; }
std::string manage_path(const Process& p) { return process_path(p) + "/manage"; }

bool can(const Context& ctx, core::Role role) { return ctx.principal.has(role); }

std::string phase_tag(const Context& ctx, const Process& p) {
  return web::tag(t(ctx, "commission.phase." + p.phase), voting_open(p.phase) ? "green" : "blue");
}

// "Choose from 1 to 5 projects", "Choose at least 2 projects", and the cost limit.
std::vector<std::string> ballot_rule_lines(const Context& ctx, const Process& p) {
  std::vector<std::string> lines;
  auto n = [&](std::int64_t v) { return i18n::format_number(ctx.locale, v); };
  if (p.rules.max && *p.rules.max == p.rules.min)
    lines.push_back(t(ctx, "commission.ballot.choose_exactly", {{"n", n(p.rules.min)}}));
  else if (p.rules.max)
    lines.push_back(t(ctx, "commission.ballot.choose_between", {{"min", n(p.rules.min)}, {"max", n(*p.rules.max)}}));
  else
    lines.push_back(t(ctx, "commission.ballot.choose_at_least", {{"min", n(p.rules.min)}}));
  if (p.rules.cost_limit_minor)
    lines.push_back(t(ctx, "commission.ballot.cost_limit", {{"amount", money(ctx, *p.rules.cost_limit_minor, p.currency)}}));
  if (p.rules.points_total)
    lines.push_back(t(ctx, "commission.ballot.points_total", {{"points", n(*p.rules.points_total)}}));
  if (p.rules.points_most)
    lines.push_back(t(ctx, "commission.ballot.points_most", {{"points", n(*p.rules.points_most)}}));
  if (p.rules.minimum_age)
    lines.push_back(t(ctx, "commission.ballot.minimum_age", {{"age", n(*p.rules.minimum_age)}}));
  if (!p.rules.postcodes.empty()) {
    std::string areas;
    for (std::size_t i = 0; i < p.rules.postcodes.size() && i < 10; ++i) areas += (i ? ", " : "") + p.rules.postcodes[i];
    if (p.rules.postcodes.size() > 10) areas += " …";
    lines.push_back(t(ctx, "commission.ballot.residents_only", {{"areas", areas}}));
  }
  if (p.rules.one_district) lines.push_back(t(ctx, "commission.ballot.one_district"));
  for (const auto& [category, most] : p.rules.category_most)
    lines.push_back(t(ctx, "commission.ballot.category_most", {{"n", n(most)}, {"category", category}}));
  for (const auto& [district, budget] : p.district_budgets)
    lines.push_back(t(ctx, "commission.ballot.district_budget", {{"district", district}, {"amount", money(ctx, budget, p.currency)}}));
  return lines;
}

std::string summary(const Context& ctx, const Process& p) {
  std::string rules_html;
  for (const auto& line : ballot_rule_lines(ctx, p)) rules_html += (rules_html.empty() ? "" : "<br>") + escape(line);
  std::vector<web::SummaryRow> rows = {
      {t(ctx, "commission.col.phase"), phase_tag(ctx, p)},
      {t(ctx, "commission.results.budget"), escape(money(ctx, p.budget_minor, p.currency))},
      {t(ctx, "commission.overview.ballot"), rules_html},
      {t(ctx, "commission.results.rule"), escape(t(ctx, "commission.rule." + p.rule))},
  };
  if (!p.voting_closes_on.empty())
    rows.push_back({t(ctx, "commission.overview.closes"), escape(i18n::format_date(ctx.locale, p.voting_closes_on))});
  if (!p.definition_sha256.empty())
    rows.push_back({t(ctx, "commission.results.definition"),
                    "<code class=\"govuk-!-text-break-word\">" + escape(p.definition_sha256) + "</code>"});
  return web::summary_list(rows);
}

// What the reader can do now, by phase and role: plain sentences with links.
std::string what_you_can_do(const Context& ctx, const Process& p) {
  std::vector<std::string> items;
  bool officer = can(ctx, core::Role::officer);
  if (voting_open(p.phase)) {
    if (ctx.principal.signed_in())
      items.push_back(link(vote_path(p), t(ctx, "commission.now.vote")));
    else
      items.push_back(escape(t(ctx, "commission.now.sign_in_to_vote")));
    items.push_back(link(code_vote_path(p), t(ctx, "commission.now.vote_with_code")));
    items.push_back(link(receipt_path(p), t(ctx, "commission.now.check_receipt")));
  } else if (p.phase == "proposing") {
    items.push_back(link(process_path(p) + "/proposals", t(ctx, ctx.principal.signed_in() ? "commission.now.propose"
                                                                                        : "commission.now.read_proposals")));
  } else if (!ballot_frozen(p.phase)) {
    items.push_back(escape(t(ctx, "commission.now.preparing")));
    items.push_back(link(process_path(p) + "/proposals", t(ctx, "commission.now.read_proposals")));
  } else if (p.phase == "ballot_published") {
    items.push_back(escape(t(ctx, "commission.now.read_ballot")));
  } else {
    items.push_back(escape(t(ctx, "commission.now.counting")));
    items.push_back(link(receipt_path(p), t(ctx, "commission.now.check_receipt")));
  }
  bool paper_open = p.phase == "voting" || p.phase == "reconciling";
  if (paper_open && (officer || can(ctx, core::Role::professional)))
    items.push_back(link(process_path(p) + "/booth", t(ctx, "commission.now.booth")));
  if (paper_open && (officer || can(ctx, core::Role::councillor)))
    items.push_back(link(process_path(p) + "/reconcile", t(ctx, "commission.now.reconcile")));
  if (officer && p.source.empty() && !ballot_frozen(p.phase))
    items.push_back(link(process_path(p) + "/census", t(ctx, "commission.now.census")));
  if (officer && p.source.empty()) items.push_back(link(manage_path(p), t(ctx, "commission.now.manage")));
  std::string html = heading(t(ctx, "commission.now.title")) + "<ul class=\"govuk-list govuk-list--bullet\">";
  for (const auto& item : items) html += "<li>" + item + "</li>";
  html += "</ul>";
  return html;
}

std::string projects_table(const Context& ctx, const Process& p, const std::vector<Project>& projects) {
  if (projects.empty()) return para(t(ctx, "commission.overview.no_projects"));
  web::Table table;
  table.caption = t(ctx, "commission.overview.projects_caption");
  table.headers = {t(ctx, "commission.col.project"), t(ctx, "commission.col.cost"),
                   t(ctx, "commission.project.district"), t(ctx, "commission.project.category")};
  table.numeric = {false, true, false, false};
  table.stack_on_narrow = true;
  for (const auto& project : projects)
    table.rows_html.push_back({escape(project.name_in(ctx.locale)), escape(money(ctx, project.cost_minor, p.currency)),
                               escape(project.district), escape(project.category)});
  return web::table(table);
}

// ---- the ballot -----------------------------------------------------------

bool needs_letter_code(store::Connection& c, const Context& ctx, const Process& p) {
  return has_census(c, p.organisation_id, p.id) && own_marks(c, ctx.principal, p.id).codes.empty();
}

struct BallotForm {
  Marks marks;
  Declared declared;  // old enough, postcode: asked when the process has the rule
  http::Fields typed;  // the points or ranks boxes as typed, shown again
  std::string code;
  bool with_code = false;
  bool letter_code = false;  // a census: a member's first ballot gives their letter's code
  std::vector<core::FieldProblem> problems;
  bool checked_total = false;  // the voter asked for the running total
};

// A box's whole number from 0 to `most`, or nullopt.
std::optional<std::int64_t> box_number(const std::string& typed, std::int64_t most) {
  std::string digits(core::trimmed(typed));
  if (digits.empty() || digits.size() > 7 || digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  std::int64_t value = std::stoll(digits);
  return value <= most ? std::optional(value) : std::nullopt;
}

// The marks a ballot form sends: ticked boxes; points per project ("points-{code}",
// empty or 0 for none); or ranks ("rank-{code}", 1 best), which must run 1, 2, 3 ...
Marks marks_of_form(const Context& ctx, const Process& p, const std::vector<Project>& projects, BallotForm& form) {
  if (p.ballot_kind == "approval") return Marks{ctx.request.form_values("choices")};
  auto fields = ctx.request.form();
  Marks marks;
  std::vector<std::pair<std::int64_t, std::string>> ranked;
  for (const auto& project : projects) {
    std::string box = (p.ballot_kind == "cumulative" ? "points-" : "rank-") + project.code;
    std::string typed = web::value_of(fields, box);
    form.typed[box] = typed;
    if (core::trimmed(typed).empty()) continue;
    if (p.ballot_kind == "cumulative") {
      auto points = box_number(typed, 1'000'000);
      if (!points) form.problems = {{"choices", "commission.error.points_number"}};
      else if (*points > 0) marks.codes.push_back(project.code), marks.points.push_back(*points);
    } else {
      auto rank = box_number(typed, std::int64_t(projects.size()));
      if (!rank || *rank == 0) form.problems = {{"choices", "commission.error.rank_number"}};
      else ranked.emplace_back(*rank, project.code);
    }
  }
  std::sort(ranked.begin(), ranked.end());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (ranked[i].first != std::int64_t(i + 1) && form.problems.empty())
      form.problems = {{"choices", i > 0 && ranked[i].first == ranked[i - 1].first ? "commission.error.ranks_repeated"
                                                                                  : "commission.error.ranks_gap"}};
    marks.codes.push_back(ranked[i].second);
  }
  return marks;
}

std::string running_total(const Context& ctx, const Process& p, const std::vector<Project>& projects,
                          const Marks& marks) {
  auto n = [&](std::int64_t v) { return i18n::format_number(ctx.locale, v); };
  std::int64_t count = 0, points = 0;
  for (const auto& project : projects)
    if (std::find(marks.codes.begin(), marks.codes.end(), project.code) != marks.codes.end()) ++count;
  for (auto given : marks.points) points += given;
  std::string amount = money(ctx, cost_of(projects, marks.codes), p.currency);
  std::string html = "<div class=\"govuk-inset-text\" id=\"running-total\" aria-live=\"polite\">";
  if (p.ballot_kind == "cumulative")
    html += para(t(ctx, "commission.ballot.total_points", {{"points", n(points)}, {"of", n(p.rules.points_total.value_or(0))},
                                                           {"n", n(count)}, {"amount", amount}}));
  else if (p.ballot_kind == "ordinal")
    html += para(t(ctx, "commission.ballot.total_ranked", {{"n", n(count)}, {"amount", amount}}));
  else
    html += para(t(ctx, "commission.ballot.total", {{"n", n(count)}, {"amount", amount}}));
  for (const auto& line : ballot_rule_lines(ctx, p)) html += para(line);
  return html + "</div>";
}

// What a project's box says under its name: cost, district, category.
std::string project_hint(const Context& ctx, const Process& p, const Project& project) {
  std::string hint = money(ctx, project.cost_minor, p.currency);
  if (!project.district.empty()) hint += " · " + project.district;
  if (!project.category.empty()) hint += " · " + project.category;
  return hint;
}

// The projects with a box each (points, or a rank to choose), in one fieldset
// whose error the summary reaches through the first box ("choices").
std::string marks_fieldset(const Context& ctx, const Process& p, const std::vector<Project>& projects,
                           const BallotForm& form, const std::string& error) {
  bool points = p.ballot_kind == "cumulative";
  std::string html = std::string("<div class=\"govuk-form-group") + (error.empty() ? "" : " govuk-form-group--error") +
                     "\"><fieldset class=\"govuk-fieldset\" aria-describedby=\"marks-hint" +
                     (error.empty() ? "" : " choices-error") + "\"><legend class=\"govuk-fieldset__legend "
                     "govuk-fieldset__legend--m\">" +
                     escape(t(ctx, points ? "commission.ballot.legend_points" : "commission.ballot.legend_ranks")) +
                     "</legend><div id=\"marks-hint\" class=\"govuk-hint\">" +
                     escape(t(ctx, points ? "commission.ballot.points_hint" : "commission.ballot.ranks_hint")) + "</div>";
  if (!error.empty()) html += web::error_message(ctx.locale, "choices", error);
  for (std::size_t i = 0; i < projects.size(); ++i) {
    const Project& project = projects[i];
    std::string id = i == 0 ? "choices" : "choices-" + std::to_string(i + 1);
    std::string box = (points ? "points-" : "rank-") + project.code;
    auto at = std::find(form.marks.codes.begin(), form.marks.codes.end(), project.code);
    std::string given;
    if (auto typed = form.typed.find(box); typed != form.typed.end()) given = typed->second;
    else if (at != form.marks.codes.end())
      given = points ? std::to_string(form.marks.points[std::size_t(at - form.marks.codes.begin())])
                     : std::to_string(at - form.marks.codes.begin() + 1);
    if (points) {
      web::TextInput input;
      input.id = id;
      input.name = box;
      input.label = project.name_in(ctx.locale);
      input.hint = project_hint(ctx, p, project);
      input.value = given;
      input.inputmode = "numeric";
      input.width_class = "govuk-input--width-3";
      html += web::text_input(ctx.locale, input);
    } else {
      web::Select rank;
      rank.id = id;
      rank.name = box;
      rank.label = project.name_in(ctx.locale);
      rank.hint = project_hint(ctx, p, project);
      rank.options.push_back({"", t(ctx, "commission.ballot.not_ranked"), ""});
      std::int64_t most = p.rules.max.value_or(std::int64_t(projects.size()));
      for (std::int64_t r = 1; r <= std::min<std::int64_t>(most, std::int64_t(projects.size())); ++r)
        rank.options.push_back({std::to_string(r), i18n::format_number(ctx.locale, r), ""});
      rank.selected = given;
      html += web::select(ctx.locale, rank);
    }
  }
  return html + "</fieldset></div>";
}

Response ballot_page(const module::Environment& env, const Context& ctx, const Process& p,
                     const std::vector<Project>& projects, const BallotForm& form) {
  auto errors = web::form_errors(ctx, form.problems);
  std::string title = t(ctx, form.with_code ? "commission.ballot.code_title" : "commission.ballot.title");
  std::string html = "<span class=\"govuk-caption-l\">" + escape(p.name(ctx.locale)) + "</span><h1 class=\"govuk-heading-l\">" +
                     escape(title) + "</h1>";
  html += para(t(ctx, p.ballot_kind == "cumulative" ? "commission.ballot.intro_points"
                      : p.ballot_kind == "ordinal"  ? "commission.ballot.intro_ranks"
                                                    : "commission.ballot.intro"));
  if (p.rule.rfind("mes", 0) == 0) html += para(t(ctx, "commission.ballot.mes_advice"));
  if (!p.voting_closes_on.empty())
    html += para(t(ctx, "commission.ballot.closes", {{"date", i18n::format_date(ctx.locale, p.voting_closes_on)}}));
  html += running_total(ctx, p, projects, form.marks);
  html += web::form_open(ctx, form.with_code ? code_vote_path(p) : vote_path(p));
  if (form.with_code || form.letter_code) {
    web::TextInput code;
    code.id = "code";
    code.label = t(ctx, form.with_code ? "commission.ballot.code_label" : "commission.ballot.letter_code_label");
    code.hint = t(ctx, "commission.ballot.code_hint");
    code.error = errors["code"];
    code.value = form.code;
    code.autocomplete = "off";
    code.width_class = "govuk-input--width-20";
    html += web::text_input(ctx.locale, code);
  }
  if (p.rules.minimum_age) {
    web::Choices age;
    age.id = "old_enough";
    age.name = "old_enough";
    age.legend = t(ctx, "commission.ballot.age_legend");
    age.error = errors["old_enough"];
    age.options.push_back({"yes", t(ctx, "commission.ballot.old_enough", {{"age", i18n::format_number(ctx.locale, *p.rules.minimum_age)}}),
                           t(ctx, "commission.ballot.old_enough_hint")});
    if (form.declared.old_enough) age.selected = {"yes"};
    age.small = true;
    html += web::checkboxes(ctx.locale, age);
  }
  if (!p.rules.postcodes.empty()) {
    web::TextInput postcode;
    postcode.id = "postcode";
    postcode.label = t(ctx, "commission.ballot.postcode");
    postcode.hint = t(ctx, "commission.ballot.postcode_hint");
    postcode.error = errors["postcode"];
    postcode.value = form.declared.postcode;
    postcode.autocomplete = "postal-code";
    postcode.width_class = "govuk-input--width-10";
    html += web::text_input(ctx.locale, postcode);
  }
  if (p.ballot_kind == "approval") {
    web::Choices choices;
    choices.id = "choices";
    choices.name = "choices";
    choices.legend = t(ctx, "commission.ballot.legend");
    choices.hint = ballot_rule_lines(ctx, p).front();
    choices.error = errors["choices"];
    for (const auto& project : projects)
      choices.options.push_back({project.code, project.name_in(ctx.locale), project_hint(ctx, p, project)});
    choices.selected = form.marks.codes;
    html += web::checkboxes(ctx.locale, choices);
  } else {
    html += marks_fieldset(ctx, p, projects, form, errors["choices"]);
  }
  html += "<div class=\"govuk-button-group\">" +
          web::button({t(ctx, "commission.ballot.cast"), false, "action", "cast"}) +
          web::button({t(ctx, "commission.ballot.check_total"), true, "action", "check"}) + "</div></form>";
  int status = form.problems.empty() ? 200 : 422;
  std::string page = web::page(ctx, page_options(ctx, title, &p, errors.summary), html);
  if (form.with_code) return anonymous_form(env, ctx, std::move(page), status);
  Response r = Response::html(std::move(page), status);
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response receipt_page(const Context& ctx, const Process& p, const Cast& cast) {
  std::string html = web::notification_banner(ctx.locale, t(ctx, cast.replaced ? "commission.receipt.replaced"
                                                                                : "commission.receipt.cast"),
                                              {}, true);
  html += "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "commission.receipt.title")) + "</h1>";
  html += para(t(ctx, "commission.receipt.keep"));
  html += "<p class=\"govuk-body govuk-!-font-size-36 govuk-!-font-weight-bold\" id=\"receipt-code\">" +
          escape(cast.receipt) + "</p>";
  html += para(t(ctx, "commission.receipt.private"));
  html += "<p class=\"govuk-body\">" + link(receipt_path(p), t(ctx, "commission.now.check_receipt")) + "</p>";
  html += "<p class=\"govuk-body\">" + link(process_path(p), t(ctx, "commission.project.back", {{"name", p.name(ctx.locale)}})) + "</p>";
  Response r = Response::html(web::page(ctx, page_options(ctx, t(ctx, "commission.receipt.title"), &p), html));
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response cast(store::Database& db, const module::Environment& env, Context& ctx, bool with_code) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  auto projects = list_projects(*c, p.organisation_id, p.id);
  BallotForm form;
  form.with_code = with_code;
  form.marks = marks_of_form(ctx, p, projects, form);
  auto fields = ctx.request.form();
  form.code = web::value_of(fields, "code");
  form.declared = {web::value_of(fields, "old_enough") == "yes", web::value_of(fields, "postcode")};
  form.letter_code = !with_code && needs_letter_code(*c, ctx, p);
  // A box that does not read (letters, a gap in the ranks) is shown with its
  // problem before anything else is checked.
  if (!form.problems.empty()) return ballot_page(env, ctx, p, projects, form);
  if (web::value_of(fields, "action") == "check") {
    form.checked_total = true;
    form.problems = check_marks(p, projects, form.marks);
    return ballot_page(env, ctx, p, projects, form);
  }
  // Every problem the voter can fix at once: the declaration and the ballot.
  form.problems = check_declared(p, form.declared);
  if (!form.problems.empty()) {
    for (auto& problem : check_marks(p, projects, form.marks)) form.problems.push_back(problem);
    return ballot_page(env, ctx, p, projects, form);
  }
  try {
    Cast done = c->transaction([&] {
      return with_code ? cast_with_code(*c, p.organisation_id, p.id, form.code, form.marks, form.declared)
                       : cast_online(*c, ctx.principal, p.id, form.marks, form.code, form.declared);
    });
    return receipt_page(ctx, p, done);
  } catch (const core::ValidationFailed& failed) {
    form.problems = failed.problems();
  } catch (const core::Error& error) {
    if (error.http_status() != 409 || !error.message_is_key()) throw;
    form.problems = {{error.field().empty() ? "choices" : error.field(), error.what()}};
  }
  return ballot_page(env, ctx, p, projects, form);
}

Response show_ballot(store::Database& db, const module::Environment& env, Context& ctx, bool with_code) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  if (!voting_open(p.phase)) throw core::localised(409, "conflict", "commission.error.not_voting", "choices");
  BallotForm form;
  form.with_code = with_code;
  if (!with_code) form.marks = own_marks(*c, ctx.principal, p.id);
  form.letter_code = !with_code && needs_letter_code(*c, ctx, p);
  return ballot_page(env, ctx, p, list_projects(*c, p.organisation_id, p.id), form);
}

// ---- receipts ---------------------------------------------------------------

Response receipt_check_page(store::Database& db, const module::Environment& env, Context& ctx, bool posted) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  std::string typed = posted ? web::value_of(ctx.request.form(), "receipt") : std::string();
  std::vector<core::FieldProblem> problems;
  std::string answer;
  if (posted) {
    if (normalised_code(typed).empty()) {
      problems.push_back({"receipt", "commission.error.receipt_missing"});
    } else {
      switch (check_receipt(*c, p.organisation_id, p.id, typed)) {
        case ReceiptState::unknown: answer = web::inset_text(escape(t(ctx, "commission.receipt.unknown"))); break;
        case ReceiptState::in_ballot_box:
          answer = web::notification_banner(ctx.locale, t(ctx, "commission.receipt.in_box"), {}, true);
          break;
        case ReceiptState::counted:
          answer = web::notification_banner(ctx.locale, t(ctx, "commission.receipt.counted"), {}, true);
          break;
      }
    }
  }
  auto errors = web::form_errors(ctx, problems);
  std::string title = t(ctx, "commission.receipt.check_title");
  std::string html = answer + "<span class=\"govuk-caption-l\">" + escape(p.name(ctx.locale)) +
                     "</span><h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>" +
                     para(t(ctx, "commission.receipt.check_intro")) + web::form_open(ctx, receipt_path(p));
  web::TextInput input;
  input.id = "receipt";
  input.label = t(ctx, "commission.receipt.label");
  input.hint = t(ctx, "commission.ballot.code_hint");
  input.error = errors["receipt"];
  input.value = typed;
  input.autocomplete = "off";
  input.width_class = "govuk-input--width-20";
  html += web::text_input(ctx.locale, input) + web::button({t(ctx, "commission.receipt.check"), false, "", ""}) +
          "</form>";
  return anonymous_form(env, ctx, web::page(ctx, page_options(ctx, title, &p, errors.summary), html),
                        problems.empty() ? 200 : 422);
}

}  // namespace

Response overview_page(store::Database& db, Context& ctx, const Process& p) {
  auto c = db.acquire();
  auto projects = list_projects(*c, p.organisation_id, p.id);
  std::string html = web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" +
                     escape(t(ctx, "commission.overview.caption")) + "</span><h1 class=\"govuk-heading-l\">" +
                     escape(p.name(ctx.locale)) + "</h1>";
  html += summary(ctx, p);
  html += what_you_can_do(ctx, p);
  html += timetable_section(*c, ctx, p);
  html += heading(t(ctx, "commission.overview.projects"));
  html += projects_table(ctx, p, projects);
  return Response::html(web::page(ctx, page_options(ctx, p.name(ctx.locale), nullptr), html));
}

void add_vote_pages(module::Loader& l) {
  store::Database& db = l.db();
  const module::Environment& env = l.environment();
  std::string base = std::string(kListPath) + "/{id}";
  l.page(Method::get, base + "/vote", module::kSignedIn,
         [&db, &env](Context& ctx) { return show_ballot(db, env, ctx, false); },
         "Your ballot: choose projects, see the running total, cast or change your vote");
  l.page(Method::post, base + "/vote", module::kSignedIn,
         [&db, &env](Context& ctx) { return cast(db, env, ctx, false); },
         "Cast or change your ballot, or work out its running total");
  l.page(Method::get, base + "/vote-with-code", module::kPublic,
         [&db, &env](Context& ctx) { return show_ballot(db, env, ctx, true); },
         "The ballot for people voting with a single-use voting code");
  l.page(Method::post, base + "/vote-with-code", module::kPublic,
         [&db, &env](Context& ctx) { return cast(db, env, ctx, true); },
         "Cast a ballot with a voting code, or work out its running total");
  l.page(Method::get, base + "/receipt", module::kPublic,
         [&db, &env](Context& ctx) { return receipt_check_page(db, env, ctx, false); },
         "Check with your receipt code that your ballot is in the count");
  l.page(Method::post, base + "/receipt", module::kPublic,
         [&db, &env](Context& ctx) { return receipt_check_page(db, env, ctx, true); },
         "Check a receipt code (the ballot's choices are never shown)");
  l.page(Method::post, base + "/override", kSignOffPermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           auto form = ctx.request.form();
           std::string chosen = web::value_of(form, "chosen");
           if (chosen != "true" && chosen != "false")
             throw core::ValidationFailed(std::vector<core::FieldProblem>{{"chosen", "commission.error.override_choice"}});
           c->transaction([&] {
             override_project(*c, ctx.principal, p.id, web::value_of(form, "code"), chosen == "true",
                              web::value_of(form, "reason"));
           });
           return Response::redirect(web::with_done(process_path(p), "commission.overridden.done"));
         },
         "Override the count for one project before signing it off (with a reason, public)");
  l.page(Method::post, base + "/sign-off", kSignOffPermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           c->transaction([&] { sign_off(*c, ctx.principal, p.id); });
           return Response::redirect(web::with_done(process_path(p), "commission.signed_off.done"));
         },
         "Sign the counted result off, which publishes it");
}

}  // namespace coproduce::commission::process
