// The officer's pages for running a process: create it, add projects, move
// it through its phases, set the ballot's districts and category limits, set
// the closing date, issue voting codes.
#include <map>
#include <set>

#include "commission/pb/parser.hpp"
#include "commission/pb/rules.hpp"
#include "commission/process/eligibility.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/page_support.hpp"
#include "commission/process/proposals.hpp"
#include "commission/process/routes.hpp"
#include "commission/process/timetable_pages.hpp"
#include "commission/process/voting.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "map/repository.hpp"
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

constexpr char kNewPath[] = "/pb/new";

std::string manage_path(const Process& p) { return process_path(p) + "/manage"; }

web::TextInput input(const std::string& id, std::string label, const web::FormErrors& errors,
                     const http::Fields& typed) {
  web::TextInput field;
  field.id = id;
  field.label = std::move(label);
  field.error = errors[id];
  field.value = web::value_of(typed, id);
  return field;
}

// ---- creating a process -------------------------------------------------------

Response new_page(store::Database& db, const Context& ctx, const http::Fields& typed,
                  const std::vector<core::FieldProblem>& problems) {
  auto errors = web::form_errors(ctx, problems);
  std::string title = t(ctx, "commission.new.title");
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>" + para(t(ctx, "commission.new.intro")) +
                     web::form_open(ctx, kNewPath);
  auto name = input("name", t(ctx, "commission.new.name"), errors, typed);
  html += web::text_input(ctx.locale, name);
  auto name_cy = input("name_cy", t(ctx, "commission.new.name_cy"), errors, typed);
  name_cy.hint = t(ctx, "commission.new.name_cy_hint");
  html += web::text_input(ctx.locale, name_cy);
  auto budget = input("budget", t(ctx, "commission.new.budget"), errors, typed);
  budget.hint = t(ctx, "commission.new.budget_hint");
  budget.inputmode = "decimal";
  budget.width_class = "govuk-input--width-10";
  html += web::text_input(ctx.locale, budget);
  {
    auto c = db.acquire();
    web::Select area;
    area.id = "area_id";
    area.label = t(ctx, "commission.new.area");
    area.error = errors["area_id"];
    area.options.push_back({"", t(ctx, "commission.new.no_area"), ""});
    for (const auto& a : map::repo::list_areas(*c, ctx.principal.organisation_id)) area.options.push_back({a.id, a.name, ""});
    area.selected = web::value_of(typed, "area_id");
    html += web::select(ctx.locale, area);
  }
  web::Choices kind;
  kind.id = "ballot_kind";
  kind.name = "ballot_kind";
  kind.legend = t(ctx, "commission.new.ballot_kind");
  kind.hint = t(ctx, "commission.new.ballot_kind_hint");
  kind.error = errors["ballot_kind"];
  for (const char* k : {"approval", "cumulative", "ordinal"})
    kind.options.push_back({k, t(ctx, std::string("commission.kind.") + k), t(ctx, std::string("commission.new.kind_hint.") + k)});
  kind.selected = {web::value_of(typed, "ballot_kind").empty() ? "approval" : web::value_of(typed, "ballot_kind")};
  html += web::radios(ctx.locale, kind);
  auto min = input("ballot_min", t(ctx, "commission.new.ballot_min"), errors, typed);
  min.hint = t(ctx, "commission.new.ballot_min_hint");
  min.inputmode = "numeric";
  min.width_class = "govuk-input--width-3";
  if (min.value.empty() && problems.empty()) min.value = "1";
  html += web::text_input(ctx.locale, min);
  auto max = input("ballot_max", t(ctx, "commission.new.ballot_max"), errors, typed);
  max.hint = t(ctx, "commission.new.ballot_max_hint");
  max.inputmode = "numeric";
  max.width_class = "govuk-input--width-3";
  html += web::text_input(ctx.locale, max);
  auto limit = input("cost_limit", t(ctx, "commission.new.cost_limit"), errors, typed);
  limit.hint = t(ctx, "commission.new.cost_limit_hint");
  limit.inputmode = "decimal";
  limit.width_class = "govuk-input--width-10";
  html += web::text_input(ctx.locale, limit);
  auto points_total = input("points_total", t(ctx, "commission.new.points_total"), errors, typed);
  points_total.hint = t(ctx, "commission.new.points_total_hint");
  points_total.inputmode = "numeric";
  points_total.width_class = "govuk-input--width-4";
  html += web::text_input(ctx.locale, points_total);
  auto points_most = input("points_most", t(ctx, "commission.new.points_most"), errors, typed);
  points_most.hint = t(ctx, "commission.new.points_most_hint");
  points_most.inputmode = "numeric";
  points_most.width_class = "govuk-input--width-4";
  html += web::text_input(ctx.locale, points_most);
  web::Select rule;
  rule.id = "rule";
  rule.label = t(ctx, "commission.results.rule");
  rule.hint = t(ctx, "commission.new.rule_hint");
  rule.error = errors["rule"];
  for (const auto& r : pb::rule_names()) rule.options.push_back({r, t(ctx, "commission.rule." + r), ""});
  rule.selected = web::value_of(typed, "rule").empty() ? std::string(kDefaultRule) : web::value_of(typed, "rule");
  html += web::select(ctx.locale, rule);
  web::Choices tie;
  tie.id = "tie_break";
  tie.name = "tie_break";
  tie.legend = t(ctx, "commission.results.tie_break");
  tie.error = errors["tie_break"];
  tie.options = {{"by-id", t(ctx, "commission.tie.by-id"), ""}, {"cost-votes-id", t(ctx, "commission.tie.cost-votes-id"), ""}};
  tie.selected = {web::value_of(typed, "tie_break").empty() ? "by-id" : web::value_of(typed, "tie_break")};
  tie.small = true;
  html += web::radios(ctx.locale, tie);
  html += web::button({t(ctx, "commission.new.submit"), false, "", ""}) + "</form>";
  return no_store_page(web::page(ctx, page_options(ctx, title, nullptr, errors.summary), html), problems.empty() ? 200 : 422);
}

Response create(store::Database& db, Context& ctx) {
  auto form = ctx.request.form();
  http::Fields fields;
  for (const auto& name : process_field_names())
    if (auto it = form.find(name); it != form.end()) fields[name] = it->second;
  try {
    auto c = db.acquire();
    std::string id = c->transaction([&] { return create_process(*c, ctx.principal, fields); });
    return Response::redirect(web::with_done(std::string(kListPath) + "/" + web::url_encode(id) + "/manage",
                                             "commission.created.done"));
  } catch (const core::ValidationFailed& failed) {
    return new_page(db, ctx, form, failed.problems());
  }
}

// ---- managing one process ---------------------------------------------------------

struct Section {
  std::string name;  // which form the problems belong to: project, phase, closing, codes
  http::Fields typed;
  std::vector<core::FieldProblem> problems;
  int status = 422;
};

// Districts and categories the ballot may limit: those the projects and
// proposals name, and those already given a budget or limit, sorted.
std::pair<std::set<std::string>, std::set<std::string>> districts_and_categories(store::Connection& c, const Process& p,
                                                                                  const std::vector<Project>& projects) {
  std::set<std::string> districts, categories;
  auto add = [&](const std::string& district, const std::string& category) {
    if (!district.empty()) districts.insert(district);
    for (auto one : pb::detail::split_list(category)) categories.emplace(one);
  };
  for (const auto& project : projects) add(project.district, project.category);
  for (const auto& proposal : list_proposals(c, p.organisation_id, p.id))
    if (proposal.status == "eligible" || proposal.status == "feasible") add(proposal.district, proposal.category);
  for (const auto& [district, budget] : p.district_budgets) districts.insert(district);
  for (const auto& [category, most] : p.rules.category_most) categories.insert(category);
  return {districts, categories};
}

// The districts-and-categories form: one box per district (its budget) and
// per category (its most projects), each row's name in a hidden field.
std::string limits_form(const Context& ctx, const Process& p, const std::set<std::string>& districts,
                        const std::set<std::string>& categories, const web::FormErrors& errors, const Section& section) {
  bool again = section.name == "limits";
  std::string html = heading(t(ctx, "commission.manage.limits")) + para(t(ctx, "commission.manage.limits_intro")) +
                     web::form_open(ctx, process_path(p) + "/ballot-limits");
  web::Choices one;
  one.id = "one_district";
  one.name = "one_district";
  one.legend = t(ctx, "commission.manage.one_district_legend");
  one.error = again ? errors["one_district"] : std::string();
  one.options.push_back({"yes", t(ctx, "commission.manage.one_district"), t(ctx, "commission.manage.one_district_hint")});
  if (again ? web::value_of(section.typed, "one_district") == "yes" : p.rules.one_district) one.selected = {"yes"};
  html += web::checkboxes(ctx.locale, one);
  auto rows = [&](const std::set<std::string>& names, const std::string& prefix, const std::string& box,
                  const std::string& label_key, const std::string& hint, const std::map<std::string, std::int64_t>& now,
                  bool amounts) {
    std::string out;
    int i = 0;
    for (const auto& name : names) {
      std::string n = std::to_string(++i);
      out += "<input type=\"hidden\" name=\"" + prefix + "-" + n + "\" value=\"" + escape(name) + "\">";
      web::TextInput input;
      input.id = box + "-" + n;
      input.label = t(ctx, label_key, {{"name", name}});
      input.hint = hint;
      input.error = again ? errors[input.id] : std::string();
      auto it = now.find(name);
      input.value = again ? web::value_of(section.typed, input.id)
                  : it == now.end() ? std::string()
                  : amounts ? core::format_money_minor(it->second) : std::to_string(it->second);
      input.inputmode = amounts ? "decimal" : "numeric";
      input.width_class = amounts ? "govuk-input--width-10" : "govuk-input--width-4";
      out += web::text_input(ctx.locale, input);
    }
    return out;
  };
  html += heading(t(ctx, "commission.manage.district_budgets"), "s");
  html += districts.empty() ? para(t(ctx, "commission.manage.no_districts"))
                            : rows(districts, "district", "budget", "commission.manage.district_budget",
                                   t(ctx, "commission.manage.district_budget_hint"), p.district_budgets, true);
  html += heading(t(ctx, "commission.manage.category_limits"), "s");
  html += categories.empty() ? para(t(ctx, "commission.manage.no_categories"))
                             : rows(categories, "category", "most", "commission.manage.category_most",
                                    t(ctx, "commission.manage.category_most_hint"), p.rules.category_most, false);
  return html + web::button({t(ctx, "commission.manage.limits_submit"), false, "", ""}) + "</form>";
}

// Who may vote online and by code: a minimum age and a residence list.
std::string eligibility_form(const Context& ctx, const Process& p, const web::FormErrors& errors, const Section& section) {
  bool again = section.name == "eligibility";
  std::string html = heading(t(ctx, "commission.manage.eligibility")) + para(t(ctx, "commission.manage.eligibility_intro")) +
                     web::form_open(ctx, process_path(p) + "/eligibility");
  web::TextInput age;
  age.id = "minimum_age";
  age.label = t(ctx, "commission.manage.minimum_age");
  age.hint = t(ctx, "commission.manage.minimum_age_hint");
  age.error = again ? errors["minimum_age"] : std::string();
  age.value = again ? web::value_of(section.typed, "minimum_age")
                    : p.rules.minimum_age ? std::to_string(*p.rules.minimum_age) : std::string();
  age.inputmode = "numeric";
  age.width_class = "govuk-input--width-3";
  html += web::text_input(ctx.locale, age);
  web::Textarea postcodes;
  postcodes.id = "postcodes";
  postcodes.label = t(ctx, "commission.manage.postcodes");
  postcodes.hint = t(ctx, "commission.manage.postcodes_hint");
  postcodes.error = again ? errors["postcodes"] : std::string();
  std::string listed;
  for (const auto& entry : p.rules.postcodes) listed += (listed.empty() ? "" : "\n") + entry;
  postcodes.value = again ? web::value_of(section.typed, "postcodes") : listed;
  postcodes.rows = 4;
  html += web::textarea(ctx.locale, postcodes);
  return html + web::button({t(ctx, "commission.manage.eligibility_submit"), false, "", ""}) + "</form>";
}

// The form back as the lifecycle takes it: rows 1, 2, ... while they are there.
BallotLimitsInput limits_of_form(const http::Fields& form) {
  BallotLimitsInput input;
  input.one_district = web::value_of(form, "one_district") == "yes";
  for (int i = 1; i <= 1000; ++i) {
    std::string n = std::to_string(i);
    bool district = form.count("district-" + n), category = form.count("category-" + n);
    if (!district && !category) break;
    if (district)
      input.district_budgets.push_back({web::value_of(form, "district-" + n), web::value_of(form, "budget-" + n), "budget-" + n});
    if (category)
      input.category_limits.push_back({web::value_of(form, "category-" + n), web::value_of(form, "most-" + n), "most-" + n});
  }
  return input;
}

Response manage_page(store::Database& db, const Context& ctx, const Process& p, const Section& section) {
  auto c = db.acquire();
  auto projects = list_projects(*c, p.organisation_id, p.id);
  auto errors = web::form_errors(ctx, section.problems);
  web::DateField closing{"voting_closes_on", t(ctx, "commission.overview.closes"), {true, ""}};
  if (section.name == "closing") web::date_errors(ctx.locale, errors, section.typed, closing);
  std::string title = t(ctx, "commission.manage.title");
  std::string html = web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" + escape(p.name(ctx.locale)) +
                     "</span><h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>";
  html += web::summary_list({{t(ctx, "commission.col.phase"), web::tag(t(ctx, "commission.phase." + p.phase))},
                             {t(ctx, "commission.results.budget"), escape(money(ctx, p.budget_minor, p.currency))}});
  if (p.rule.rfind("mes", 0) == 0 && p.rules.min < 3) html += web::inset_text(escape(t(ctx, "commission.manage.mes_advice")));

  // Projects.
  html += heading(t(ctx, "commission.overview.projects"));
  if (projects.empty()) {
    html += para(t(ctx, "commission.overview.no_projects"));
  } else {
    web::Table table;
    table.caption = t(ctx, "commission.overview.projects_caption");
    table.headers = {t(ctx, "commission.project.code"), t(ctx, "commission.col.project"), t(ctx, "commission.col.cost")};
    table.numeric = {false, false, true};
    table.stack_on_narrow = true;
    for (const auto& project : projects)
      table.rows_html.push_back({escape(project.code), escape(project.name_in(ctx.locale)), escape(money(ctx, project.cost_minor, p.currency))});
    html += web::table(table);
  }
  if (!ballot_frozen(p.phase)) {
    http::Fields values = section.name == "project" ? section.typed : http::Fields{};
    html += heading(t(ctx, "commission.manage.add_project"), "s") + web::form_open(ctx, process_path(p) + "/projects");
    html += web::text_input(ctx.locale, input("name", t(ctx, "commission.manage.project_name"), errors, values));
    auto welsh = input("name_cy", t(ctx, "commission.manage.project_name_cy"), errors, values);
    welsh.hint = t(ctx, "commission.manage.project_name_cy_hint");
    html += web::text_input(ctx.locale, welsh);
    auto cost = input("cost", t(ctx, "commission.col.cost"), errors, values);
    cost.hint = t(ctx, "commission.new.budget_hint");
    cost.inputmode = "decimal";
    cost.width_class = "govuk-input--width-10";
    html += web::text_input(ctx.locale, cost);
    html += web::text_input(ctx.locale, input("district", t(ctx, "commission.project.district"), errors, values));
    html += web::text_input(ctx.locale, input("category", t(ctx, "commission.project.category"), errors, values));
    html += web::button({t(ctx, "commission.manage.add_project_submit"), false, "", ""}) + "</form>";
    auto [districts, categories] = districts_and_categories(*c, p, projects);
    html += limits_form(ctx, p, districts, categories, errors, section);
    html += eligibility_form(ctx, p, errors, section);
  } else {
    html += para(t(ctx, "commission.manage.frozen"));
  }

  // Phase.
  html += heading(t(ctx, "commission.manage.phase")) + para(t(ctx, "commission.manage.phase_rules")) +
          web::form_open(ctx, process_path(p) + "/phase");
  web::Select phase;
  phase.id = "phase";
  phase.label = t(ctx, "commission.manage.phase_to");
  phase.error = errors["phase"];
  auto here = *phase_index(p.phase);
  for (std::size_t i = 0; i < std::size(kPhases); ++i)
    if (i != here && std::string_view(kPhases[i]) != "results_published")
      phase.options.push_back({kPhases[i], t(ctx, "commission.phase." + std::string(kPhases[i])), ""});
  phase.selected = section.name == "phase" ? web::value_of(section.typed, "phase")
                   : here + 1 < std::size(kPhases) ? std::string(kPhases[here + 1]) : std::string();
  html += web::select(ctx.locale, phase);
  web::Textarea reason;
  reason.id = "reason";
  reason.label = t(ctx, "commission.manage.reason");
  reason.hint = t(ctx, "commission.manage.reason_hint");
  reason.error = section.name == "phase" ? errors["reason"] : std::string();
  reason.value = section.name == "phase" ? web::value_of(section.typed, "reason") : std::string();
  reason.rows = 3;
  html += web::textarea(ctx.locale, reason) + web::button({t(ctx, "commission.manage.phase_submit"), false, "", ""}) +
          "</form>";

  // Timetable.
  html += timetable_manage_section(*c, ctx, p, errors, section.name == "timetable" ? &section.typed : nullptr);

  // Closing date.
  if (*phase_index(p.phase) <= *phase_index("voting")) {
    html += heading(t(ctx, "commission.manage.closing")) + web::form_open(ctx, process_path(p) + "/closing-date");
    http::Fields values = section.name == "closing" ? section.typed : http::Fields{{"voting_closes_on", p.voting_closes_on}};
    web::DateInput date;
    date.id = "voting_closes_on";
    date.label = t(ctx, "commission.overview.closes");
    date.hint = t(ctx, "commission.manage.closing_hint");
    date.error = section.name == "closing" ? errors["voting_closes_on"] : std::string();
    date.value = web::date_value(values, "voting_closes_on");
    html += web::date_input(ctx.locale, date);
    web::Textarea why;
    why.id = "closing_reason";
    why.name = "reason";
    why.label = t(ctx, "commission.manage.reason");
    why.hint = t(ctx, "commission.manage.closing_reason_hint");
    why.error = section.name == "closing" ? errors["reason"] : std::string();
    why.value = section.name == "closing" ? web::value_of(section.typed, "reason") : std::string();
    why.rows = 2;
    html += web::textarea(ctx.locale, why) + web::button({t(ctx, "commission.manage.closing_submit"), false, "", ""}) +
            "</form>";

    html += heading(t(ctx, "commission.manage.codes")) + para(t(ctx, "commission.manage.codes_intro")) +
            web::form_open(ctx, process_path(p) + "/codes");
    auto count = input("count", t(ctx, "commission.manage.codes_count"), errors,
                       section.name == "codes" ? section.typed : http::Fields{});
    count.hint = t(ctx, "commission.manage.codes_hint");
    count.inputmode = "numeric";
    count.width_class = "govuk-input--width-5";
    html += web::text_input(ctx.locale, count) +
            web::button({t(ctx, "commission.manage.codes_submit"), true, "", ""}) + "</form>";
  }
  return no_store_page(web::page(ctx, page_options(ctx, title, &p, errors.summary), html),
                  section.problems.empty() ? 200 : section.status);
}

// Runs a manage form's action; its problems (or a 409) show on the manage page.
template <class Action>
Response act(store::Database& db, Context& ctx, const std::string& section_name, Action action,
             const std::string& done_key) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  if (!p.source.empty()) throw core::localised(409, "conflict", "commission.error.imported", "phase");
  Section section;
  section.name = section_name;
  section.typed = ctx.request.form();
  try {
    c->transaction([&] { action(*c, p, section.typed); });
    return Response::redirect(web::with_done(manage_path(p), done_key));
  } catch (const core::ValidationFailed& failed) {
    section.problems = failed.problems();
  } catch (const core::Error& error) {
    if (error.http_status() != 409 || !error.message_is_key()) throw;
    section.problems = {{error.field(), error.what()}};
    section.status = 409;
  }
  return manage_page(db, ctx, process_or_404(*c, ctx, p.id), section);
}

Response codes_page(const Context& ctx, const Process& p, const std::vector<std::string>& codes) {
  std::string title = t(ctx, "commission.codes.title");
  std::string html = "<span class=\"govuk-caption-l\">" + escape(p.name(ctx.locale)) +
                     "</span><h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>" +
                     web::inset_text(escape(t(ctx, "commission.codes.once"))) +
                     para(t(ctx, "commission.codes.where", {{"path", process_path(p) + "/vote-with-code"}})) +
                     "<ol class=\"govuk-list govuk-list--number\" id=\"codes\">";
  for (const auto& code : codes) html += "<li><code>" + escape(code) + "</code></li>";
  html += "</ol><p class=\"govuk-body\">" + link(manage_path(p), t(ctx, "commission.manage.title")) + "</p>";
  return no_store_page(web::page(ctx, page_options(ctx, title, &p, {}), html), 201);
}

}  // namespace

void add_manage_pages(module::Loader& l) {
  store::Database& db = l.db();
  std::string base = std::string(kListPath) + "/{id}";
  l.page(Method::get, kNewPath, kManagePermission, [&db](Context& ctx) { return new_page(db, ctx, {}, {}); },
         "Create a participatory budgeting process");
  l.page(Method::post, kNewPath, kManagePermission, [&db](Context& ctx) { return create(db, ctx); },
         "Create a participatory budgeting process");
  l.page(Method::get, base + "/manage", kManagePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           if (!p.source.empty()) throw core::localised(409, "conflict", "commission.error.imported", "phase");
           return manage_page(db, ctx, p, {});
         },
         "Run a process: add projects, change its phase, set the closing date, issue voting codes");
  l.page(Method::post, base + "/projects", kManagePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "project",
                      [&](store::Connection& tx, const Process& p, const http::Fields& form) {
                        http::Fields fields;
                        for (const auto& name : project_field_names()) fields[name] = web::value_of(form, name);
                        add_project(tx, ctx.principal, p.id, fields);
                      },
                      "commission.project_added.done");
         },
         "Add a project to the ballot");
  l.page(Method::post, base + "/ballot-limits", kManagePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "limits",
                      [&](store::Connection& tx, const Process& p, const http::Fields& form) {
                        set_ballot_limits(tx, ctx.principal, p.id, limits_of_form(form));
                      },
                      "commission.limits_set.done");
         },
         "Set the ballot's districts (one district per ballot, district budgets) and category limits");
  l.page(Method::post, base + "/eligibility", kManagePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "eligibility",
                      [&](store::Connection& tx, const Process& p, const http::Fields& form) {
                        set_eligibility(tx, ctx.principal, p.id, web::value_of(form, "minimum_age"),
                                        web::value_of(form, "postcodes"));
                      },
                      "commission.eligibility_set.done");
         },
         "Set who may vote online and by code: a minimum age and a residence list of postcodes");
  l.page(Method::post, base + "/phase", kManagePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "phase",
                      [&](store::Connection& tx, const Process& p, const http::Fields& form) {
                        change_phase(tx, ctx.principal, p.id, web::value_of(form, "phase"), web::value_of(form, "reason"));
                      },
                      "commission.phase_changed.done");
         },
         "Move a process to another phase");
  l.page(Method::post, base + "/closing-date", kManagePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "closing",
                      [&](store::Connection& tx, const Process& p, const http::Fields& form) {
                        http::Fields fields;
                        web::take_date(form, fields, {"voting_closes_on", t(ctx, "commission.overview.closes"), {true, ""}});
                        http::Fields& typed = const_cast<http::Fields&>(form);
                        typed["voting_closes_on"] = fields["voting_closes_on"];
                        move_closing_date(tx, ctx.principal, p.id, fields["voting_closes_on"], web::value_of(form, "reason"));
                      },
                      "commission.closing_moved.done");
         },
         "Set or move the last day of voting");
  l.page(Method::post, base + "/timetable", kManagePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "timetable",
                      [&](store::Connection& tx, const Process& p, const http::Fields& form) {
                        set_timetable(tx, ctx.principal, p.id, timetable_of_form(ctx, const_cast<http::Fields&>(form)));
                      },
                      "commission.timetable.done");
         },
         "Plan the date each phase starts, and which phases are not used (before voting)");
  l.page(Method::post, base + "/codes", kManagePermission,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           auto form = ctx.request.form();
           std::string typed = web::value_of(form, "count");
           int count = 0;
           if (!typed.empty() && typed.size() <= 5 && typed.find_first_not_of("0123456789") == std::string::npos)
             count = std::stoi(typed);
           try {
             auto codes = c->transaction([&] { return issue_codes(*c, ctx.principal, p.id, count); });
             return codes_page(ctx, p, codes);
           } catch (const core::ValidationFailed& failed) {
             return manage_page(db, ctx, p, {"codes", form, failed.problems(), 422});
           }
         },
         "Issue single-use voting codes (shown once)");
}

}  // namespace coproduce::commission::process
