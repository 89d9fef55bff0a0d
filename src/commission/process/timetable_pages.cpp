#include "commission/process/timetable_pages.hpp"

#include "commission/process/lifecycle.hpp"
#include "commission/process/page_support.hpp"
#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/html.hpp"

namespace coproduce::commission::process {

using web::escape;

namespace {

std::string phase_label(const http::Context& ctx, const std::string& phase) { return t(ctx, "commission.phase." + phase); }

web::DateField date_field(const http::Context& ctx, const std::string& phase) {
  return {starts_field(phase), t(ctx, "commission.timetable.starts", {{"phase", phase_label(ctx, phase)}}), {false, ""}};
}

std::string plan_table(const http::Context& ctx, const Process& p, const std::vector<PhasePlan>& plan) {
  web::Table table;
  table.caption = t(ctx, "commission.timetable.caption");
  table.headers = {t(ctx, "commission.col.phase"), t(ctx, "commission.timetable.from"), t(ctx, "commission.timetable.status")};
  table.first_cell_is_header = true;
  table.stack_on_narrow = true;
  for (const auto& one : plan) {
    std::string from = one.used && !one.starts_on.empty() ? escape(i18n::format_date(ctx.locale, one.starts_on)) : "";
    if (one.used && one.phase == "voting" && !p.voting_closes_on.empty())
      from += (from.empty() ? "" : " ") +
              escape(t(ctx, "commission.timetable.until", {{"date", i18n::format_date(ctx.locale, p.voting_closes_on)}}));
    if (one.used && from.empty()) from = escape(t(ctx, "commission.timetable.not_set"));
    std::string status = one.phase == p.phase ? web::tag(t(ctx, "commission.timetable.now"), "green")
                         : !one.used          ? web::tag(t(ctx, "commission.timetable.not_used"), "grey")
                                              : std::string();
    table.rows_html.push_back({escape(phase_label(ctx, one.phase)), from, status});
  }
  return web::table(table);
}

}  // namespace

std::string timetable_section(store::Connection& c, const http::Context& ctx, const Process& p) {
  auto plan = timetable(c, p.organisation_id, p.id);
  if (!timetable_planned(plan)) return {};
  return "<div id=\"timetable\">" + heading(t(ctx, "commission.timetable.title")) + plan_table(ctx, p, plan) + "</div>";
}

std::string timetable_manage_section(store::Connection& c, const http::Context& ctx, const Process& p,
                                     web::FormErrors& errors, const http::Fields* typed) {
  auto plan = timetable(c, p.organisation_id, p.id);
  std::string html = "<div id=\"timetable\">" + heading(t(ctx, "commission.timetable.title"));
  if (*phase_index(p.phase) >= *phase_index("voting")) {
    // From voting on the plan stands; the closing date moves in its own form.
    return html + para(t(ctx, "commission.timetable.frozen")) + plan_table(ctx, p, plan) + "</div>";
  }
  html += para(t(ctx, "commission.timetable.intro")) + web::form_open(ctx, process_path(p) + "/timetable");
  // One box per phase a process may skip, before the dates.
  web::Choices skip;
  skip.id = "not_used";
  skip.name = "not_used";
  skip.legend = t(ctx, "commission.timetable.skip_legend");
  skip.hint = t(ctx, "commission.timetable.skip_hint");
  skip.small = true;
  for (const auto& one : plan) {
    if (!phase_skippable(one.phase)) continue;
    skip.options.push_back({one.phase, phase_label(ctx, one.phase), ""});
    if (typed ? web::value_of(*typed, one.phase + "_not_used") == "yes" : !one.used) skip.selected.push_back(one.phase);
  }
  html += web::checkboxes(ctx.locale, skip);
  for (const auto& one : plan) {
    auto date = date_field(ctx, one.phase);
    if (typed) web::date_errors(ctx.locale, errors, *typed, date);
    http::Fields values = typed ? *typed : http::Fields{{date.name, one.starts_on}};
    web::DateInput input;
    input.id = date.name;
    input.label = date.label;
    input.hint = one.phase == "voting" ? t(ctx, "commission.timetable.voting_hint") : std::string();
    input.error = typed ? errors[date.name] : std::string();
    input.value = web::date_value(values, date.name);
    html += web::date_input(ctx.locale, input);
  }
  return html + web::button({t(ctx, "commission.timetable.submit"), false, "", ""}) + "</form></div>";
}

TimetableInput timetable_of_form(const http::Context& ctx, http::Fields& form) {
  for (const auto& phase : ctx.request.form_values("not_used"))
    if (phase_index(phase) && phase_skippable(phase)) form[phase + "_not_used"] = "yes";
  http::Fields fields;
  for (const char* phase : kPhases) {
    auto date = date_field(ctx, phase);
    web::take_date(form, fields, date);
    form[date.name] = fields[date.name];
    if (web::value_of(form, std::string(phase) + "_not_used") == "yes") fields[std::string(phase) + "_not_used"] = "yes";
  }
  return timetable_input(fields);
}

}  // namespace coproduce::commission::process
