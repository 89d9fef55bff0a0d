#include "commission/process/module.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "commission/pb/parser.hpp"
#include "commission/process/explain.hpp"
#include "commission/process/json.hpp"
#include "commission/process/lifecycle.hpp"
#include "core/dates.hpp"
#include "commission/process/page_support.hpp"
#include "commission/process/open_data.hpp"
#include "commission/process/routes.hpp"
#include "commission/process/turnout.hpp"
#include "commission/process/process.hpp"
#include "core/error.hpp"
#include "i18n/i18n.hpp"
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
using web::escape;

// Councillors (who sign the count off) and officers see it while it is counted.
bool previewing(const Context& ctx, const Process& process) {
  return process.phase == "counting" &&
         (ctx.principal.has(core::Role::councillor) || ctx.principal.has(core::Role::officer));
}

// The process's results while they are public (or previewed); otherwise a 404 naming the process.
Result published_result(store::Connection& c, const Context& ctx, const Process& process) {
  std::optional<Result> result;
  if (results_public(process.phase) || previewing(ctx, process))
    result = load_result(c, ctx.principal.organisation_id, process.id);
  if (!result)
    throw core::Error(404, "not_found", "Participatory budgeting process " + process.id + " (" + process.name_en +
                                            ") has no published results",
                      "id");
  return *result;
}

// ---- pages -----------------------------------------------------------------

Response list_page(store::Database& db, Context& ctx) {
  auto conn = db.acquire();
  auto processes = list_processes(*conn, ctx.principal.organisation_id);
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "commission.list.title")) + "</h1>" +
                     para(t(ctx, "commission.list.intro"));
  if (ctx.principal.has(core::Role::officer))
    html += web::button_link(t(ctx, "commission.new.title"), std::string(kListPath) + "/new");
  if (processes.empty()) {
    html += para(t(ctx, "commission.list.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "commission.list.caption");
    table.headers = {t(ctx, "commission.col.process"), t(ctx, "commission.col.phase"),
                     t(ctx, "commission.col.budget"), t(ctx, "commission.col.ballots")};
    table.numeric = {false, false, true, true};
    table.stack_on_narrow = true;
    for (const auto& p : processes) {
      table.rows_html.push_back({link(process_path(p), p.name(ctx.locale)),
                                 escape(t(ctx, "commission.phase." + p.phase)),
                                 escape(money(ctx, p.budget_minor, p.currency)),
                                 escape(i18n::format_number(ctx.locale, p.voters))});
    }
    html += web::table(table);
  }
  web::PageOptions options;
  options.title = t(ctx, "commission.list.title");
  options.current_nav = std::string(kListPath);
  return Response::html(web::page(ctx, options, html));
}

std::string project_table(const Context& ctx, const Process& process, const std::vector<const ResultProject*>& rows,
                          const std::string& caption, bool chosen) {
  web::Table table;
  table.caption = caption;
  table.headers = {t(ctx, "commission.col.project"), t(ctx, "commission.col.cost"), t(ctx, "commission.col.votes")};
  table.numeric = {false, true, true};
  table.stack_on_narrow = true;
  for (const auto* p : rows) {
    std::string name = project_name(ctx.locale, *p);
    std::string why = t(ctx, chosen ? "commission.results.how_link" : "commission.results.why_link", {{"name", name}});
    table.rows_html.push_back({escape(name) + "<br>" + link(project_path(process, p->code), why),
                               escape(money(ctx, p->cost_minor, process.currency)),
                               escape(i18n::format_number(ctx.locale, p->votes))});
  }
  return web::table(table);
}

// While counting: the count is not public yet; a councillor may override it
// for a project (with a reason) and signs it off.
std::string sign_off_html(const Context& ctx, const Process& process, const Result& result) {
  std::string html = web::notification_banner(ctx.locale, t(ctx, "commission.override.preview"));
  if (!ctx.principal.has(core::Role::councillor)) return html;
  html += heading(t(ctx, "commission.override.title")) + para(t(ctx, "commission.override.intro")) +
          web::form_open(ctx, process_path(process) + "/override");
  web::Select project;
  project.id = "code";
  project.label = t(ctx, "commission.col.project");
  for (const auto& p : result.projects) project.options.push_back({p.code, project_name(ctx.locale, p), ""});
  html += web::select(ctx.locale, project);
  web::Choices chosen;
  chosen.id = "chosen";
  chosen.name = "chosen";
  chosen.legend = t(ctx, "commission.override.legend");
  chosen.options = {{"true", t(ctx, "commission.override.fund"), ""}, {"false", t(ctx, "commission.override.drop"), ""}};
  chosen.selected = {"false"};
  chosen.small = true;
  html += web::radios(ctx.locale, chosen);
  web::Textarea reason;
  reason.id = "reason";
  reason.label = t(ctx, "commission.manage.reason");
  reason.hint = t(ctx, "commission.override.reason_hint");
  reason.rows = 3;
  html += web::textarea(ctx.locale, reason) + web::button({t(ctx, "commission.override.submit"), true, "", ""}) + "</form>";
  html += heading(t(ctx, "commission.sign_off.title")) + para(t(ctx, "commission.sign_off.body")) +
          web::form_open(ctx, process_path(process) + "/sign-off") +
          web::button({t(ctx, "commission.sign_off.submit"), false, "", ""}) + "</form>";
  return html;
}

// Turnout tables: counts under ten (and any that would give one away) withheld.
std::string turnout_html(const Context& ctx, const Turnout& turnout) {
  auto n = [&](std::int64_t v) { return escape(i18n::format_number(ctx.locale, v)); };
  auto voted = [&](const core::Cell& cell) {
    return cell.hidden() ? escape(t(ctx, "commission.turnout.withheld", {{"minimum", std::to_string(core::kSmallestGroup)}}))
                         : n(cell.count);
  };
  std::string html = heading(t(ctx, "commission.turnout.title")) +
                     para(t(ctx, "commission.turnout.rule", {{"minimum", std::to_string(core::kSmallestGroup)}}));
  web::Table channels;
  channels.caption = t(ctx, "commission.turnout.by_channel");
  channels.headers = {t(ctx, "commission.turnout.channel"), t(ctx, "commission.col.ballots")};
  channels.numeric = {false, true};
  channels.first_cell_is_header = true;
  for (const auto& row : turnout.by_channel)
    channels.rows_html.push_back({escape(t(ctx, "commission.channel." + row.group)), voted(row.voted)});
  channels.rows_html.push_back({escape(t(ctx, "commission.turnout.total")), n(turnout.ballots)});
  html += web::table(channels);
  if (!turnout.census) return html;
  html += para(t(ctx, "commission.turnout.census", {{"eligible", i18n::format_number(ctx.locale, turnout.eligible)},
                                                     {"voted", turnout.voted.hidden() ? t(ctx, "commission.turnout.withheld", {{"minimum", std::to_string(core::kSmallestGroup)}})
                                                                                      : i18n::format_number(ctx.locale, turnout.voted.count)}}));
  for (const auto& [caption, rows] : {std::pair{t(ctx, "commission.turnout.by_district"), &turnout.by_district},
                                      std::pair{t(ctx, "commission.turnout.by_age_band"), &turnout.by_age_band}}) {
    web::Table table;
    table.caption = caption;
    table.headers = {t(ctx, "commission.turnout.group"), t(ctx, "commission.turnout.eligible"), t(ctx, "commission.turnout.voted")};
    table.numeric = {false, true, true};
    table.first_cell_is_header = true;
    for (const auto& row : *rows)
      table.rows_html.push_back({escape(row.group.empty() ? t(ctx, "commission.turnout.not_given") : row.group),
                                 n(row.eligible), voted(row.voted)});
    html += web::table(table);
  }
  return html;
}

// The election as .pb files: one, or one per pot when districts have budgets.
std::string pb_file_links(const Context& ctx, const Process& process) {
  std::string path = "/api/v1/pb/processes/" + web::url_encode(process.id) + "/election.pb";
  if (process.district_budgets.empty()) return link(path, t(ctx, "commission.results.pb_file"));
  std::string html;
  auto one = [&](const std::string& district, const std::string& label) {
    html += (html.empty() ? "" : "</li><li>") +
            link(path + "?district=" + web::url_encode(district),
                 t(ctx, "commission.results.pb_file_district", {{"district", label}}));
  };
  for (const auto& [district, budget] : process.district_budgets) one(district, district);
  one("city-wide", t(ctx, "commission.results.city_wide"));
  return html;
}

Response results_page(store::Database& db, Context& ctx) {
  auto conn = db.acquire();
  Process process = process_or_404(*conn, ctx, ctx.param("id"));
  bool preview = previewing(ctx, process);
  if (!results_public(process.phase) && !preview) return overview_page(db, ctx, process);
  Result result = published_result(*conn, ctx, process);
  auto effective = winners(*conn, process.organisation_id, process.id, result.selected);
  auto decided = overrides(*conn, process.organisation_id, process.id);
  std::vector<const ResultProject*> chosen, others;
  std::int64_t spent = 0;
  for (const auto& code : effective)
    for (const auto& p : result.projects)
      if (p.code == code) {
        chosen.push_back(&p);
        spent += p.cost_minor;
      }
  for (const auto& p : result.projects)
    if (std::find(effective.begin(), effective.end(), p.code) == effective.end()) others.push_back(&p);
  result.total_cost_minor = spent;
  std::string name = process.name(ctx.locale);
  std::string spent_share =
      process.budget_minor > 0
          ? t(ctx, "commission.results.spent_share",
              {{"percent", i18n::format_number(ctx.locale, result.total_cost_minor * 100 / process.budget_minor)}})
          : std::string();
  std::string html = web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" + escape(t(ctx, "commission.results.caption")) +
                     "</span><h1 class=\"govuk-heading-l\">" + escape(name) + "</h1>";
  html += web::summary_list({
      {t(ctx, "commission.results.budget"), escape(money(ctx, process.budget_minor, process.currency))},
      {t(ctx, "commission.results.spent"),
       escape(money(ctx, result.total_cost_minor, process.currency) + (spent_share.empty() ? "" : " " + spent_share))},
      {t(ctx, "commission.results.chosen_count"),
       escape(t(ctx, "commission.results.n_of_m", {{"n", i18n::format_number(ctx.locale, std::int64_t(chosen.size()))},
                                                    {"m", i18n::format_number(ctx.locale, std::int64_t(result.projects.size()))}}))},
      {t(ctx, "commission.results.turnout"), escape(i18n::format_number(ctx.locale, result.voters))},
      {t(ctx, "commission.results.rule"), escape(t(ctx, "commission.rule." + result.rule))},
      {t(ctx, "commission.results.tie_break"), escape(t(ctx, "commission.tie." + result.tie_break))},
      {t(ctx, "commission.results.ballot_kind"), escape(t(ctx, "commission.kind." + process.ballot_kind))},
      {t(ctx, "commission.results.definition"),
       "<code class=\"govuk-!-text-break-word\">" + escape(process.definition_sha256) + "</code>"},
  });
  if (preview) html += sign_off_html(ctx, process, result);
  if (!decided.empty()) {
    html += heading(t(ctx, "commission.override.heading")) + "<ul class=\"govuk-list govuk-list--bullet\">";
    for (const auto& o : decided)
      for (const auto& p : result.projects)
        if (p.code == o.code)
          html += "<li>" + escape(t(ctx, o.chosen ? "commission.override.chosen" : "commission.override.dropped",
                                    {{"project", project_name(ctx.locale, p)}, {"reason", o.reason}})) + "</li>";
    html += "</ul>";
  }
  if (!preview)
  html += heading(t(ctx, "commission.results.open_data")) + "<ul class=\"govuk-list\"><li>" +
          pb_file_links(ctx, process) + "</li><li>" +
          link("/api/v1/pb/processes/" + web::url_encode(process.id) + "/ballots.csv", t(ctx, "commission.results.ballots_csv")) +
          "</li></ul>";
  if (!process.signed_off_at.empty())
    html += para(t(ctx, "commission.results.signed_off",
                   {{"date", i18n::format_date(ctx.locale, process.signed_off_at.substr(0, 10))}}));
  html += turnout_html(ctx, turnout(*conn, process.organisation_id, process.id));
  html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "commission.results.chosen_heading")) + "</h2>";
  html += chosen.empty() ? para(t(ctx, "commission.results.none_chosen"))
                         : project_table(ctx, process, chosen, t(ctx, "commission.results.chosen_caption"), true);
  if (!others.empty()) {
    html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "commission.results.others_heading")) + "</h2>";
    html += project_table(ctx, process, others, t(ctx, "commission.results.others_caption"), false);
  }
  web::PageOptions options;
  options.title = name;
  options.current_nav = std::string(kListPath);
  options.breadcrumbs = {{t(ctx, "commission.list.title"), std::string(kListPath)}};
  return Response::html(web::page(ctx, options, html));
}

Response project_page_of(store::Database& db, Context& ctx, const MilestoneForm* form) {
  auto conn = db.acquire();
  Process process = process_or_404(*conn, ctx, ctx.param("id"));
  Result result = published_result(*conn, ctx, process);
  const ResultProject* project = nullptr;
  for (const auto& p : result.projects)
    if (p.code == ctx.param("code")) project = &p;
  if (project == nullptr) throw core::not_found("Project " + ctx.param("code"));
  bool chosen = project->selected_order.has_value();
  std::string name = project_name(ctx.locale, *project);
  std::string html = web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" + escape(process.name(ctx.locale)) +
                     "</span><h1 class=\"govuk-heading-l\">" + escape(name) + "</h1>";
  html += "<p class=\"govuk-body\">" +
          web::tag(t(ctx, chosen ? "commission.project.chosen" : "commission.project.not_chosen"),
                   chosen ? "green" : "grey") +
          "</p>";
  std::vector<web::SummaryRow> rows = {
      {t(ctx, "commission.col.cost"), escape(money(ctx, project->cost_minor, process.currency))},
      {t(ctx, "commission.col.votes"), escape(i18n::format_number(ctx.locale, project->votes))},
  };
  if (chosen)
    rows.push_back({t(ctx, "commission.project.order"), escape(i18n::format_number(ctx.locale, *project->selected_order))});
  rows.push_back({t(ctx, "commission.project.code"), escape(project->code)});
  if (!project->category.empty()) rows.push_back({t(ctx, "commission.project.category"), escape(project->category)});
  if (!project->district.empty()) rows.push_back({t(ctx, "commission.project.district"), escape(project->district)});
  html += web::summary_list(rows);
  html += "<h2 class=\"govuk-heading-m\">" +
          escape(t(ctx, chosen ? "commission.project.why_chosen" : "commission.project.why_not")) + "</h2>";
  for (const auto& line : explain(ctx.locale, process, result, *project)) html += para(line);
  for (const auto& o : overrides(*conn, process.organisation_id, process.id))
    if (o.code == project->code)
      html += web::inset_text(escape(t(ctx, o.chosen ? "commission.override.chosen" : "commission.override.dropped",
                                       {{"project", name}, {"reason", o.reason}})));
  html += delivery_section(*conn, ctx, process, project->code, form);
  html += "<p class=\"govuk-body\">" +
          link(process_path(process), t(ctx, "commission.project.back", {{"name", process.name(ctx.locale)}})) +
          "</p>";
  web::PageOptions options;
  options.title = name;
  options.current_nav = std::string(kListPath);
  options.breadcrumbs = {{t(ctx, "commission.list.title"), std::string(kListPath)},
                         {process.name(ctx.locale), process_path(process)}};
  if (form) options.error_summary = form->errors.summary;
  return Response::html(web::page(ctx, options, html), form && !form->errors.empty() ? 422 : 200);
}

// The demo's finished process: a real election with project names, districts
// and voters' ages, from the pabulib corpus when it is at hand.
constexpr char kDemoElection[] = "Poland_Gdynia_2020_Dabrowa__large.pb";

std::string pabulib_dir() {
  if (const char* dir = std::getenv("COPRODUCE_PABULIB_DIR")) return dir;
  return COPRODUCE_PABULIB_DIR;
}

// The decompressed text of a corpus file, or "" when it or zstd is missing.
std::string corpus_text(const std::string& name) {
  std::string path = pabulib_dir() + "/corpus/" + name + ".zst";
  if (!std::filesystem::exists(path)) return {};
  std::string command = "zstd -q -d -c '" + path + "' 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string text;
  char chunk[1 << 16];
  std::size_t read = 0;
  while ((read = fread(chunk, 1, sizeof chunk, pipe)) > 0) text.append(chunk, read);
  return pclose(pipe) == 0 ? text : std::string();
}

// A process open for voting, with the demo officer's projects: the ballot a
// visitor can try (choose one to three; counted with Equal Shares).
void load_demo_voting(store::Connection& tx, const module::DemoContext& demo) {
  auto officer = core::Principal::system_in(demo.organisation_id);
  std::string id = create_process(tx, officer,
                                  {{"name", "Riverside neighbourhood fund 2027"},
                                   {"name_cy", "Cronfa cymdogaeth Glan yr Afon 2027"},
                                   {"budget", "20000"},
                                   {"ballot_min", "1"},
                                   {"ballot_max", "3"},
                                   {"voting_closes_on", core::days_before(core::today_utc(), -60)}});
  const std::pair<const char*, const char*> projects[] = {
      {"Benches and shade along the river path", "9000"},
      {"Free swimming lessons for children", "6500"},
      {"Repair cafe in the community centre", "4000"},
      {"Bulbs and wildflowers in the park", "2500"},
      {"Bike repair stand by the station", "3000"},
  };
  for (const auto& [name, cost] : projects) add_project(tx, officer, id, {{"name", name}, {"cost", cost}});
  change_phase(tx, officer, id, "ballot_published", "");
  change_phase(tx, officer, id, "voting", "");
}

void load_demo_process(store::Connection& tx, const module::DemoContext& demo) {
  if (demo.organisation_id.empty()) return;
  load_demo_voting(tx, demo);
  std::string text = corpus_text(kDemoElection);
  if (text.empty()) return;
  ImportOptions options;
  options.rule = "mes_cost_add1_greedy";
  options.name_en = "Gdynia 2020, Dąbrowa: large projects";
  options.name_cy = "Gdynia 2020, Dąbrowa: prosiectau mawr";
  import_instance(tx, demo.organisation_id, pb::parse_pb(text, kDemoElection), options);
}

// What the module keeps about a person: projects they follow or lead, paper
// entries they made at a count, results they signed off. Ballots are never
// tied to a person. On deletion: following ends; the rest stays as the
// record of the count, without the person.
json::value export_participation(store::Connection& c, const std::string& account_id) {
  json::array following, leading, signed_off;
  for (const auto& row : c.query("SELECT organisation_id, process_id, code FROM pb_followers WHERE account_id = $1 "
                                 "ORDER BY process_id, code",
                                 {account_id}))
    following.push_back(json::object{{"organisation_id", row.text(0)}, {"process_id", row.text(1)}, {"project", row.text(2)}});
  for (const auto& row : c.query("SELECT organisation_id, process_id, code FROM pb_deliveries WHERE responsible_id = $1 "
                                 "ORDER BY process_id, code",
                                 {account_id}))
    leading.push_back(json::object{{"organisation_id", row.text(0)}, {"process_id", row.text(1)}, {"project", row.text(2)}});
  for (const auto& row : c.query("SELECT organisation_id, id, signed_off_at FROM pb_processes WHERE signed_off_by = $1 "
                                 "ORDER BY id",
                                 {account_id}))
    signed_off.push_back(json::object{{"organisation_id", row.text(0)}, {"process_id", row.text(1)}, {"at", row.text(2)}});
  json::array proposals;
  for (const auto& row : c.query("SELECT organisation_id, process_id, id, title, status, created_at FROM pb_proposals "
                                 "WHERE proposer_id = $1 ORDER BY created_at",
                                 {account_id}))
    proposals.push_back(json::object{{"organisation_id", row.text(0)}, {"process_id", row.text(1)}, {"id", row.text(2)},
                                     {"title", row.text(3)}, {"status", row.text(4)}, {"created_at", row.text(5)}});
  auto entries = c.query_one("SELECT COUNT(*) FROM pb_paper_entries WHERE entered_by = $1", {account_id})->integer(0);
  return json::object{{"proposals", std::move(proposals)},
                      {"following", std::move(following)},
                      {"project_lead", std::move(leading)},
                      {"results_signed_off", std::move(signed_off)},
                      {"paper_ballot_entries", entries}};
}

void erase_participation(store::Connection& tx, const std::string& account_id) {
  tx.execute("DELETE FROM pb_followers WHERE account_id = $1", {account_id});
  // Proposals stay (they are public and may be on the ballot), without their proposer.
  tx.execute("UPDATE pb_proposals SET proposer_id = NULL WHERE proposer_id = $1", {account_id});
  tx.execute("UPDATE pb_proposals SET valued_by = NULL WHERE valued_by = $1", {account_id});
  tx.execute("UPDATE pb_deliveries SET responsible_id = NULL WHERE responsible_id = $1", {account_id});
  tx.execute("UPDATE pb_processes SET signed_off_by = NULL WHERE signed_off_by = $1", {account_id});
  // The entries stay (they are the count's record); "erased" still differs from every other officer.
  tx.execute("UPDATE pb_paper_entries SET entered_by = 'erased' WHERE entered_by = $1", {account_id});
}

void declare_schemas(module::Loader& l) {
  l.schema("PbProcess", R"({"type": "object", "properties": {"id": {"type": "string"},
      "name": {"type": "string"}, "name_cy": {"type": "string"}, "area_id": {"type": ["string", "null"]},
      "currency": {"type": "string"}, "budget_minor": {"type": "integer", "description": "Minor units"},
      "phase": {"type": "string", "enum": ["informing", "proposing", "screening", "shortlisting", "valuating",
        "ballot_published", "voting", "reconciling", "counting", "results_published", "delivering", "closed"]},
      "rule": {"type": "string"}, "tie_break": {"type": "string", "enum": ["by-id", "cost-votes-id"]},
      "ballot_kind": {"type": "string", "enum": ["approval", "choose-1", "cumulative", "scoring", "ordinal"]},
      "definition_sha256": {"type": "string", "description": "SHA-256 of the frozen ballot definition"},
      "source": {"type": "string"}, "voters": {"type": "integer"},
      "ballot_min": {"type": "integer", "description": "Fewest projects a ballot names"},
      "ballot_max": {"type": ["integer", "null"], "description": "Most projects a ballot names; null: no most"},
      "cost_limit_minor": {"type": ["integer", "null"], "description": "Knapsack ballots: most total cost, minor units"},
      "points_total": {"type": ["integer", "null"], "description": "Points ballots: the points each voter shares out"},
      "points_most": {"type": ["integer", "null"], "description": "Points ballots: the most points for one project"},
      "minimum_age": {"type": ["integer", "null"], "description": "Voters online and by code declare they are at least this old"},
      "postcodes": {"type": "array", "items": {"type": "string"},
        "description": "Residence: postcodes, sectors, outward codes or areas a voter's postcode must be in; empty for anyone"},
      "one_district": {"type": "boolean", "description": "A ballot names projects of one district at most, besides city-wide ones"},
      "district_budgets": {"type": "object", "additionalProperties": {"type": "integer"},
        "description": "Districts counted against a budget of their own (minor units); city-wide projects get the rest"},
      "category_limits": {"type": "object", "additionalProperties": {"type": "integer"},
        "description": "The most projects of each category one ballot may name"},
      "voting_closes_on": {"type": ["string", "null"], "format": "date"},
      "initiative_id": {"type": ["string", "null"]},
      "signed_off_at": {"type": ["string", "null"], "description": "When a councillor signed the result off"},
      "results_published": {"type": "boolean"}, "links": {"type": "object"}}})");
  l.schema("PbResults", R"({"type": "object", "properties": {
      "process": {"$ref": "#/components/schemas/PbProcess"},
      "rule": {"type": "string"}, "tie_break": {"type": "string"}, "counted_at": {"type": "string"},
      "voters": {"type": "integer"}, "total_cost_minor": {"type": "integer"},
      "selected": {"type": "array", "items": {"type": "string"}, "description": "Project codes in selection order"},
      "projects": {"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "string"}, "name": {"type": "string"}, "name_cy": {"type": "string", "description": "Welsh name; empty when not given"},
        "category": {"type": "string"},
        "district": {"type": "string"}, "cost_minor": {"type": "integer"}, "votes": {"type": "integer"},
        "selected": {"type": "boolean"}, "selected_order": {"type": ["integer", "null"]},
        "explanation": {"type": "object", "description": "The engine's reasons (mes, mes_round, greedy, phragmen); rationals as {exact: \"a/b\", decimal}"}}}},
      "outcome": {"type": "object", "description": "The whole outcome as coproduce pb run --json prints it"},
      "winners": {"type": "array", "items": {"type": "string"}, "description": "The funded projects after any override: the engine's selection without those overridden out, then those overridden in"},
      "overrides": {"type": "array", "items": {"type": "object"}, "description": "A councillor's overrides of the count, each with its reason"},
      "turnout": {"type": "object", "description": "Ballots by channel; with a census, voters of those eligible by district and age band; counts under ten withheld, as null"}}})");
}

}  // namespace

Response project_page(store::Database& db, Context& ctx, const MilestoneForm* form) {
  return project_page_of(db, ctx, form);
}

void load(module::Loader& l) {
  l.migrations(migration_files());
  l.messages(message_files());
  l.permission({kManagePermission, {core::Role::officer},
                "Run participatory budgeting processes: create, add projects, change phase, issue voting codes"});
  l.permission({kDeliverPermission, {core::Role::professional, core::Role::officer},
                "Deliver a participatory budget's winning projects: milestones (officers, or the project's lead)"});
  l.source({"commission.process", "commission.source.process", "/pb/{id}"});
  l.exports({"commission.csv.title", "/api/v1/pb/processes/{id}/ballots.csv", module::kPublic, false, ballot_columns(),
             "commission.csv.where"});
  l.source({"commission.vote", "commission.source.vote", "/pb/{id}"});
  l.source({"commission.booth", "commission.source.booth", "/pb/{id}"});
  l.source({"commission.project", "commission.source.project", "/pb/{id}"});
  l.source({"commission.milestone", "commission.source.milestone", "/pb/{id}"});
  l.notice_kind({"commission.notice.milestone", "commission.notice.milestone.label"});
  l.permission({kSignOffPermission, {core::Role::councillor},
                "Sign a participatory budget's counted result off, which publishes it"});
  declare_schemas(l);
  l.personal_data({"commission.participation", export_participation, erase_participation});
  store::Database& db = l.db();
  using module::Api;
  using module::kPublic;

  l.api(Method::get, "/api/v1/pb/processes", kPublic,
        [&db](Context& ctx) {
          auto conn = db.acquire();
          json::array items;
          for (const auto& p : list_processes(*conn, ctx.principal.organisation_id)) items.push_back(process_json(p));
          std::size_t count = items.size();
          return Response::json(json::object{{"processes", std::move(items)}, {"count", count}});
        },
        Api("List the organisation's participatory budgeting processes, newest first")
            .query("org", "Another organisation's processes (slug)")
            .returns(200, "The processes",
                     R"({"type": "object", "properties": {
                         "processes": {"type": "array", "items": {"$ref": "#/components/schemas/PbProcess"}},
                         "count": {"type": "integer"}}})"));
  l.api(Method::get, "/api/v1/pb/processes/{id}/results", kPublic,
        [&db](Context& ctx) {
          auto conn = db.acquire();
          Process process = process_or_404(*conn, ctx, ctx.param("id"));
          Result result = published_result(*conn, ctx, process);
          auto body = result_json(process, result);
          body["turnout"] = turnout_json(turnout(*conn, process.organisation_id, process.id));
          json::array winners_after, decided;
          for (const auto& code : winners(*conn, process.organisation_id, process.id, result.selected))
            winners_after.push_back(json::value(code));
          for (const auto& o : overrides(*conn, process.organisation_id, process.id))
            decided.push_back(json::object{{"code", o.code}, {"chosen", o.chosen}, {"reason", o.reason}, {"at", o.decided_at}});
          body["winners"] = std::move(winners_after);
          body["overrides"] = std::move(decided);
          return Response::json(body);
        },
        Api("A process's counted results with the engine's explanation of every project")
            .describe("Public once the results are published; before that, and for an unknown id, 404 naming "
                      "the process.")
            .returns(200, "The results", "PbResults"));

  l.page(Method::get, std::string(kListPath), kPublic, [&db](Context& ctx) { return list_page(db, ctx); },
         "Participatory budgeting processes");
  l.page(Method::get, std::string(kListPath) + "/{id}", kPublic, [&db](Context& ctx) { return results_page(db, ctx); },
         "A process: its phase, ballot and projects; once published, its results (winners with cost and votes, turnout, budget spent)");
  l.page(Method::get, std::string(kListPath) + "/{id}/projects/{code}", kPublic,
         [&db](Context& ctx) { return project_page(db, ctx); },
         "Why a project won or did not, in plain words from the engine's explanation");
  l.nav({std::string(kListPath), "commission.nav", kPublic, 20});
  add_api(l);
  add_vote_pages(l);
  add_manage_pages(l);
  add_channel_routes(l);
  add_delivery_routes(l);
  add_proposal_routes(l);
  l.demo([](store::Connection& tx, module::DemoContext& demo) { load_demo_process(tx, demo); });
}

}  // namespace coproduce::commission::process
