#include "equality/pages.hpp"

#include "core/dates.hpp"
#include "core/error.hpp"
#include "equality/questions.hpp"
#include "equality/report.hpp"
#include "equality/repository.hpp"
#include "i18n/i18n.hpp"
#include "module/registry.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::equality {
namespace {

using http::Context;
using http::Method;
using http::Response;
using web::escape;

std::string t(const Context& ctx, std::string_view key, const i18n::Args& args = {}) {
  return i18n::t(ctx.locale, key, args);
}
std::string para(std::string_view text) { return "<p class=\"govuk-body\">" + escape(text) + "</p>"; }

// Questions whose wording needs a hint (the catalogue has "equality.q.<key>.hint").
bool has_hint(const std::string& key) {
  return key == "gender_same_as_birth" || key == "disabled" || key == "welsh" || key == "carer" || key == "age";
}

std::string answer_label(const Context& ctx, const std::string& question, const std::string& answer) {
  if (answer == kPreferNotToSay) return t(ctx, "equality.a.prefer_not_to_say");
  if (answer == kNotAnswered) return t(ctx, "equality.a.not_answered");
  return t(ctx, "equality.a." + question + "." + answer);
}

Response no_store(Response r) {
  r.set_header("Cache-Control", "no-store");
  return r;
}

std::vector<web::Breadcrumb> crumbs(const Context& ctx) { return {{t(ctx, "access.account.title"), "/account"}}; }

Response form_page(store::Database& db, const module::Registry& registry, Context& ctx, const http::Fields& typed,
                   const std::vector<core::FieldProblem>& problems) {
  std::optional<SavedAnswers> stored;
  {
    auto c = db.acquire();
    stored = find_response(*c, ctx.principal.organisation_id, ctx.principal.account_id);
  }
  auto organisation = registry.organisation_name(ctx);
  auto errors = web::form_errors(ctx, problems);
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "equality.form.title")) +
                     "</h1>";
  html += para(t(ctx, "equality.form.intro", {{"organisation", organisation}}));
  html += para(t(ctx, "equality.form.optional"));
  html += web::details(t(ctx, "equality.form.use_summary"),
                       para(t(ctx, "equality.form.use_count")) + para(t(ctx, "equality.form.use_ten")) +
                           para(t(ctx, "equality.form.use_keep")));
  if (stored)
    html += web::inset_text(escape(t(ctx, "equality.form.answered",
                                     {{"date", i18n::format_date(ctx.locale, stored->updated_at.substr(0, 10))}})));
  html += web::form_open(ctx, kFormPath);
  for (const auto& q : questions()) {
    web::Choices choices;
    choices.id = q.key;
    choices.name = q.key;
    choices.legend = t(ctx, "equality.q." + q.key + ".legend");
    if (has_hint(q.key)) choices.hint = t(ctx, "equality.q." + q.key + ".hint");
    choices.error = errors[q.key];
    for (const auto& a : q.answers) choices.options.push_back({a, answer_label(ctx, q.key, a), ""});
    std::string selected;
    if (!problems.empty()) {
      selected = web::value_of(typed, q.key);
    } else if (stored) {
      auto it = stored->answers.find(q.key);
      if (it != stored->answers.end()) selected = it->second;
    }
    if (!selected.empty()) choices.selected = {selected};
    choices.small = true;
    html += web::radios(ctx.locale, choices);
  }
  web::Choices consent;
  consent.id = std::string(kConsentField);
  consent.name = std::string(kConsentField);
  consent.legend = t(ctx, "equality.consent.legend");
  consent.hint = t(ctx, "equality.consent.hint", {{"organisation", organisation}});
  consent.error = errors[std::string(kConsentField)];
  consent.options = {{std::string(kConsentYes), t(ctx, "equality.consent.label", {{"organisation", organisation}}), ""}};
  html += web::checkboxes(ctx.locale, consent);
  html += web::button({t(ctx, stored ? "equality.form.save_changes" : "equality.form.save"), false, "", ""}) + "</form>";
  if (stored) {
    html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "equality.withdraw.title")) + "</h2>" +
            para(t(ctx, "equality.withdraw.body")) + web::form_open(ctx, std::string(kFormPath) + "/withdraw") +
            "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">" +
            escape(t(ctx, "equality.withdraw.submit")) + "</button></form>";
  }
  return no_store(Response::html(
      web::page(ctx, {t(ctx, "equality.form.title"), crumbs(ctx), errors.summary, "/account"}, html),
      problems.empty() ? 200 : 422));
}

Response save(store::Database& db, const module::Registry& registry, const module::Environment& env, Context& ctx) {
  auto form = ctx.request.form();
  Answers answers;
  auto problems = read_answers(form, answers);
  if (!problems.empty()) return form_page(db, registry, ctx, form, problems);
  auto c = db.acquire();
  c->transaction([&] { save_response(*c, ctx.principal, answers, core::iso_utc(env.now())); });
  return Response::redirect(web::with_done(kFormPath, "equality.saved.done"));
}

Response withdraw(store::Database& db, Context& ctx) {
  auto c = db.acquire();
  bool had = c->transaction([&] { return withdraw_response(*c, ctx.principal); });
  return Response::redirect(web::with_done(kFormPath, had ? "equality.withdrawn.done" : "equality.nothing.done"));
}

std::string cell_text(const Context& ctx, const ReportCell& cell) {
  if (!cell.count) return t(ctx, "equality.report.withheld", {{"minimum", std::to_string(kSmallestGroup)}});
  return t(ctx, "equality.report.cell",
           {{"count", i18n::format_number(ctx.locale, *cell.count)}, {"percent", std::to_string(*cell.percent)}});
}

Response report_page(store::Database& db, Context& ctx) {
  Report report;
  {
    auto c = db.acquire();
    report = build_report(count_responses(*c, ctx.principal.organisation_id));
  }
  auto ten = std::to_string(kSmallestGroup);
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "equality.report.title")) + "</h1>" +
                     para(t(ctx, "equality.report.intro")) +
                     web::inset_text(escape(t(ctx, "equality.report.rule", {{"minimum", ten}})));
  if (!report.breakdown) {
    html += para(t(ctx, "equality.report.too_few", {{"minimum", ten}}));
    return no_store(Response::html(web::page(ctx, {t(ctx, "equality.report.title"), {}, {}, kReportPath}, html)));
  }
  std::vector<web::SummaryRow> summary = {
      {t(ctx, "equality.report.respondents"), escape(i18n::format_number(ctx.locale, report.respondents))}};
  if (report.compared) {
    summary.push_back({t(ctx, "equality.report.contributed"),
                       escape(i18n::format_number(ctx.locale, report.contributed))});
    summary.push_back({t(ctx, "equality.report.not_contributed"),
                       escape(i18n::format_number(ctx.locale, report.not_contributed))});
  }
  html += web::summary_list(summary);
  html += para(t(ctx, report.compared ? "equality.report.compared" : "equality.report.not_compared",
                 {{"minimum", ten}}));
  for (const auto& q : report.questions) {
    web::Table table;
    table.caption = t(ctx, "equality.q." + q.question + ".name");
    table.headers = {t(ctx, "equality.report.answer"), t(ctx, "equality.report.all")};
    if (report.compared) {
      table.headers.push_back(t(ctx, "equality.report.contributed"));
      table.headers.push_back(t(ctx, "equality.report.not_contributed"));
    }
    table.numeric.assign(table.headers.size(), true);
    table.numeric[0] = false;
    table.first_cell_is_header = true;
    table.stack_on_narrow = true;
    for (const auto& row : q.rows) {
      std::vector<std::string> cells = {escape(answer_label(ctx, q.question, row.answer))};
      for (const auto& cell : row.cells) cells.push_back(escape(cell_text(ctx, cell)));
      table.rows_html.push_back(std::move(cells));
    }
    html += web::table(table);
  }
  return no_store(Response::html(web::page(ctx, {t(ctx, "equality.report.title"), {}, {}, kReportPath}, html)));
}

}  // namespace

void add_pages(module::Loader& l) {
  store::Database& db = l.db();
  const module::Registry& registry = l.registry();
  const module::Environment& env = l.environment();
  l.page(Method::get, kFormPath, module::kSignedIn,
         [&db, &registry](Context& ctx) { return form_page(db, registry, ctx, {}, {}); },
         "Your equality monitoring answers: give, change or withdraw them");
  l.page(Method::post, kFormPath, module::kSignedIn,
         [&db, &registry, &env](Context& ctx) { return save(db, registry, env, ctx); },
         "Save your equality monitoring answers, with your consent");
  l.page(Method::post, std::string(kFormPath) + "/withdraw", module::kSignedIn,
         [&db](Context& ctx) { return withdraw(db, ctx); }, "Withdraw (delete) your equality monitoring answers");
  l.page(Method::get, kReportPath, kReportPermission, [&db](Context& ctx) { return report_page(db, ctx); },
         "The organisation's equality monitoring report, in aggregate, no group under ten shown");
  l.nav({kReportPath, "equality.report.nav", kReportPermission, 85});
  l.account_link({kFormPath, "equality.account.link", module::kSignedIn, 10});
}

}  // namespace coproduce::equality
