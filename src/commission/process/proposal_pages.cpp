// Residents' proposals: the public list, proposing and editing, the officer's
// screening, supporting proposals while shortlisting (and the officer's
// threshold), the professional's valuation and the proposer's answer. Pages
// and API.
#include <boost/json.hpp>

#include "commission/process/lifecycle.hpp"
#include "commission/process/page_support.hpp"
#include "commission/process/proposals.hpp"
#include "commission/process/routes.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "http/fields.hpp"
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

std::string proposals_path(const Process& p) { return process_path(p) + "/proposals"; }
std::string proposal_path(const Process& p, const std::string& id) { return proposals_path(p) + "/" + web::url_encode(id); }

std::string status_colour(const std::string& status) {
  if (status == "feasible" || status == "eligible") return "green";
  if (status == "ineligible" || status == "infeasible") return "red";
  if (status == "merged") return "grey";
  return "blue";
}

json::object proposal_json(const Proposal& p, const core::Principal& reader, const Standing& standing) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", p.id},
                      {"title", p.title},
                      {"title_cy", p.title_cy},
                      {"description", p.description},
                      {"district", p.district},
                      {"category", p.category},
                      {"location", p.location},
                      {"rough_cost_minor", opt(p.rough_cost_minor)},
                      {"status", p.status},
                      {"screening_reason", p.screening_reason},
                      {"merged_into", p.merged_into.empty() ? json::value(nullptr) : json::value(p.merged_into)},
                      {"cost_minor", opt(p.cost_minor)},
                      {"valuation_reason", p.valuation_reason},
                      {"reply", p.reply},
                      {"project_code", p.project_code.empty() ? json::value(nullptr) : json::value(p.project_code)},
                      {"yours", reader.signed_in() && reader.account_id == p.proposer_id},
                      {"supports", standing.supports},
                      {"supported", standing.supported_by_reader},
                      {"shortlisted", standing.shortlisted ? json::value(*standing.shortlisted) : json::value(nullptr)}};
}

// The process's shortlisting: its threshold, whether it is open or closed, and every proposal's supports.
json::object shortlisting_json(store::Connection& c, const core::Principal& reader, const Process& p) {
  auto threshold = shortlist_threshold(c, p.organisation_id, p.id);
  auto standing = shortlist_standing(c, reader, p.organisation_id, p.id);
  json::array items;
  for (const auto& proposal : list_proposals(c, p.organisation_id, p.id)) {
    if (!passed_screening(proposal.status)) continue;
    const Standing& s = standing[proposal.id];
    items.push_back(json::object{{"id", proposal.id},
                                 {"title", proposal.title},
                                 {"supports", s.supports},
                                 {"supported", s.supported_by_reader},
                                 {"shortlisted", s.shortlisted ? json::value(*s.shortlisted) : json::value(nullptr)}});
  }
  return json::object{{"threshold", threshold ? json::value(*threshold) : json::value(nullptr)},
                      {"open", p.phase == "shortlisting"},
                      {"closed", shortlist_closed(c, p.organisation_id, p.id)},
                      {"proposals", std::move(items)}};
}

// ---- the proposal form (new and edit) ------------------------------------------

Response proposal_form(const Context& ctx, const Process& p, const std::string& action, const http::Fields& values,
                       const std::vector<core::FieldProblem>& problems, bool editing) {
  auto errors = web::form_errors(ctx, problems);
  std::string title = t(ctx, editing ? "commission.proposals.edit_title" : "commission.proposals.new_title");
  std::string html = "<span class=\"govuk-caption-l\">" + escape(p.name(ctx.locale)) + "</span><h1 class=\"govuk-heading-l\">" +
                     escape(title) + "</h1>" + para(t(ctx, "commission.proposals.new_intro")) + web::form_open(ctx, action);
  auto input = [&](const std::string& id, const std::string& label_key, const std::string& hint_key = "") {
    web::TextInput field;
    field.id = id;
    field.label = t(ctx, label_key);
    if (!hint_key.empty()) field.hint = t(ctx, hint_key);
    field.error = errors[id];
    field.value = web::value_of(values, id);
    return field;
  };
  html += web::text_input(ctx.locale, input("title", "commission.proposals.field_title"));
  html += web::text_input(ctx.locale, input("title_cy", "commission.proposals.field_title_cy", "commission.proposals.field_title_cy_hint"));
  web::Textarea description;
  description.id = "description";
  description.label = t(ctx, "commission.proposals.field_description");
  description.hint = t(ctx, "commission.proposals.field_description_hint");
  description.error = errors["description"];
  description.value = web::value_of(values, "description");
  html += web::textarea(ctx.locale, description);
  html += web::text_input(ctx.locale, input("district", "commission.project.district"));
  html += web::text_input(ctx.locale, input("category", "commission.project.category"));
  auto cost = input("rough_cost", "commission.proposals.field_rough_cost", "commission.proposals.field_rough_cost_hint");
  cost.inputmode = "decimal";
  cost.width_class = "govuk-input--width-10";
  html += web::text_input(ctx.locale, cost);
  html += web::text_input(ctx.locale, input("location", "commission.proposals.field_location", "commission.proposals.field_location_hint"));
  html += web::button({t(ctx, editing ? "commission.proposals.save" : "commission.proposals.submit"), false, "", ""}) + "</form>";
  return no_store_page(web::page(ctx, page_options(ctx, title, &p, errors.summary, {{t(ctx, "commission.proposals.title"), proposals_path(p)}}), html), problems.empty() ? 200 : 422);
}

http::Fields proposal_fields(const http::Fields& form) {
  http::Fields fields;
  for (const auto& name : proposal_field_names()) fields[name] = web::value_of(form, name);
  return fields;
}

// ---- the list and one proposal ------------------------------------------------------

// A form of the list page shown again: the threshold as typed, or a refused support.
struct ListForm {
  http::Fields typed;
  std::vector<core::FieldProblem> problems;
  int status = 422;
};

bool can_set_threshold(const Context& ctx, const Process& p) {
  auto index = phase_index(p.phase);
  return ctx.principal.has(core::Role::officer) && p.source.empty() && index && *index <= *phase_index("shortlisting");
}

// A button in its own small form: support a proposal, or withdraw the support.
// Its id is where an error summary sends the reader.
std::string support_form(const Context& ctx, const Process& p, const Proposal& proposal, bool supported) {
  std::string action = proposal_path(p, proposal.id) + (supported ? "/support/withdraw" : "/support");
  std::string label = t(ctx, supported ? "commission.shortlist.withdraw" : "commission.shortlist.support");
  std::string hidden = t(ctx, supported ? "commission.shortlist.withdraw_hidden" : "commission.shortlist.support_hidden",
                         {{"title", proposal.title}});
  return web::form_open(ctx, action) + "<button type=\"submit\" id=\"support-" + escape(proposal.id) +
         "\" class=\"govuk-button govuk-!-margin-bottom-0" + std::string(supported ? " govuk-button--secondary" : "") +
         "\" data-module=\"govuk-button\">" + escape(label) + "<span class=\"govuk-visually-hidden\"> " + escape(hidden) +
         "</span></button></form>";
}

Response list_page(store::Database& db, const Context& ctx, const ListForm* form = nullptr) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  auto proposals = list_proposals(*c, p.organisation_id, p.id);
  auto standing = shortlist_standing(*c, ctx.principal, p.organisation_id, p.id);
  auto threshold = shortlist_threshold(*c, p.organisation_id, p.id);
  bool shortlisting = p.phase == "shortlisting";
  bool closed = !shortlisting && shortlist_closed(*c, p.organisation_id, p.id);
  bool can_support = shortlisting && ctx.principal.signed_in();
  auto errors = form ? web::form_errors(ctx, form->problems) : web::FormErrors{};
  std::string title = t(ctx, "commission.proposals.title");
  std::string html = web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" + escape(p.name(ctx.locale)) +
                     "</span><h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>";
  if (p.phase == "proposing") {
    html += para(t(ctx, "commission.proposals.open"));
    if (ctx.principal.signed_in()) html += web::button_link(t(ctx, "commission.proposals.new_title"), proposals_path(p) + "/new");
  }
  auto n = [&](std::int64_t v) { return i18n::format_number(ctx.locale, v); };
  if (shortlisting) {
    html += para(t(ctx, "commission.shortlist.open"));
    html += para(threshold ? t(ctx, "commission.shortlist.threshold_is", {{"threshold", n(*threshold)}})
                           : t(ctx, "commission.shortlist.no_threshold"));
    if (!ctx.principal.signed_in()) html += para(t(ctx, "commission.shortlist.sign_in"));
  } else if (closed) {
    std::int64_t kept = 0, eligible = 0;
    for (const auto& proposal : proposals)
      if (auto s = standing[proposal.id].shortlisted) {
        ++eligible;
        kept += *s ? 1 : 0;
      }
    html += heading(t(ctx, "commission.shortlist.result_heading")) +
            para(t(ctx, "commission.shortlist.result", {{"shortlisted", n(kept)}, {"eligible", n(eligible)}})) +
            para(threshold ? t(ctx, "commission.shortlist.threshold_was", {{"threshold", n(*threshold)}})
                           : t(ctx, "commission.shortlist.no_threshold_was"));
  }
  if (proposals.empty()) {
    html += para(t(ctx, "commission.proposals.none"));
  } else {
    web::Table table;
    table.caption = t(ctx, "commission.proposals.caption");
    table.headers = {t(ctx, "commission.proposals.field_title"), t(ctx, "commission.proposals.status"),
                     t(ctx, "commission.project.district")};
    if (shortlisting || closed) table.headers.push_back(t(ctx, "commission.shortlist.supporters"));
    if (closed) table.headers.push_back(t(ctx, "commission.shortlist.column"));
    if (can_support) table.headers.push_back(t(ctx, "commission.shortlist.your_support"));
    table.numeric = {false, false, false, shortlisting || closed};
    table.stack_on_narrow = true;
    for (const auto& proposal : proposals) {
      const Standing& s = standing[proposal.id];
      bool counts = passed_screening(proposal.status);
      std::vector<std::string> row = {link(proposal_path(p, proposal.id), proposal.title_in(ctx.locale)),
                                      web::tag(t(ctx, "commission.proposal_status." + proposal.status), status_colour(proposal.status)),
                                      escape(proposal.district)};
      if (shortlisting || closed) row.push_back(counts ? escape(n(s.supports)) : std::string());
      if (closed)
        row.push_back(!s.shortlisted ? std::string()
                      : *s.shortlisted ? web::tag(t(ctx, "commission.shortlist.in"), "green")
                                       : web::tag(t(ctx, "commission.shortlist.out"), "grey"));
      if (can_support)
        row.push_back(counts ? support_form(ctx, p, proposal, s.supported_by_reader) : std::string());
      table.rows_html.push_back(std::move(row));
    }
    html += web::table(table);
  }
  if (can_set_threshold(ctx, p)) {
    html += heading(t(ctx, "commission.shortlist.threshold_heading")) + para(t(ctx, "commission.shortlist.threshold_intro")) +
            web::form_open(ctx, process_path(p) + "/shortlisting");
    web::TextInput field;
    field.id = "threshold";
    field.label = t(ctx, "commission.shortlist.threshold_label");
    field.hint = t(ctx, "commission.shortlist.threshold_hint");
    field.error = errors["threshold"];
    field.value = form && form->typed.count("threshold") ? web::value_of(form->typed, "threshold")
                  : threshold                             ? std::to_string(*threshold)
                                                          : std::string();
    field.inputmode = "numeric";
    field.width_class = "govuk-input--width-5";
    html += web::text_input(ctx.locale, field) +
            web::button({t(ctx, "commission.shortlist.threshold_submit"), false, "", ""}) + "</form>";
  }
  auto options = page_options(ctx, title, &p, errors.summary);
  return no_store_page(web::page(ctx, options, html), form && !form->problems.empty() ? form->status : 200);
}

// Runs a support, its withdrawal or the threshold, then back to the list; a
// refusal shows the list again with the error by the button or field.
template <class Action>
Response list_act(store::Database& db, Context& ctx, const std::string& error_target, Action action) {
  ListForm form;
  form.typed = ctx.request.form();
  {
    auto c = db.acquire();
    Process p = process_or_404(*c, ctx, ctx.param("id"));
    try {
      std::string done = c->transaction([&] { return action(*c, p, form.typed); });
      return Response::redirect(web::with_done(proposals_path(p), done));
    } catch (const core::ValidationFailed& failed) {
      form.problems = failed.problems();
    } catch (const core::Error& error) {
      if (error.http_status() != 409 || !error.message_is_key()) throw;
      form.problems = {{error_target.empty() ? error.field() : error_target, error.what()}};
      form.status = 409;
    }
  }
  return list_page(db, ctx, &form);
}

struct Section {
  std::string name;  // screening, valuation or reply
  http::Fields typed;
  std::vector<core::FieldProblem> problems;
  int status = 422;
};

Response detail_page(store::Database& db, const Context& ctx, const Process& p, const std::string& proposal_id,
                     const Section& section) {
  auto c = db.acquire();
  auto found = find_proposal(*c, p.organisation_id, p.id, proposal_id);
  if (!found) throw core::not_found("Proposal " + proposal_id);
  const Proposal& proposal = *found;
  auto errors = web::form_errors(ctx, section.problems);
  auto typed = [&](const std::string& name) { return web::value_of(section.typed, name); };
  bool mine = ctx.principal.signed_in() && ctx.principal.account_id == proposal.proposer_id;
  std::string html = web::done_banner(ctx) + "<span class=\"govuk-caption-l\">" + escape(t(ctx, "commission.proposals.caption_one")) +
                     "</span><h1 class=\"govuk-heading-l\">" + escape(proposal.title_in(ctx.locale)) + "</h1>";
  html += "<p class=\"govuk-body\">" + web::tag(t(ctx, "commission.proposal_status." + proposal.status), status_colour(proposal.status)) + "</p>";
  std::vector<web::SummaryRow> rows = {{t(ctx, "commission.proposals.field_description"), escape(proposal.description)}};
  if (!proposal.district.empty()) rows.push_back({t(ctx, "commission.project.district"), escape(proposal.district)});
  if (!proposal.category.empty()) rows.push_back({t(ctx, "commission.project.category"), escape(proposal.category)});
  if (!proposal.location.empty()) rows.push_back({t(ctx, "commission.proposals.field_location"), escape(proposal.location)});
  if (proposal.rough_cost_minor) rows.push_back({t(ctx, "commission.proposals.field_rough_cost"), escape(money(ctx, *proposal.rough_cost_minor, p.currency))});
  if (!proposal.screening_reason.empty()) rows.push_back({t(ctx, "commission.proposals.screening_reason"), escape(proposal.screening_reason)});
  if (proposal.cost_minor) rows.push_back({t(ctx, "commission.proposals.valued_cost"), escape(money(ctx, *proposal.cost_minor, p.currency))});
  if (!proposal.valuation_reason.empty()) rows.push_back({t(ctx, "commission.proposals.valuation_reason"), escape(proposal.valuation_reason)});
  if (!proposal.reply.empty()) rows.push_back({t(ctx, "commission.proposals.reply"), escape(proposal.reply)});
  Standing standing = shortlist_standing(*c, ctx.principal, p.organisation_id, p.id)[proposal.id];
  if (passed_screening(proposal.status) && (p.phase == "shortlisting" || standing.shortlisted))
    rows.push_back({t(ctx, "commission.shortlist.supporters"), escape(i18n::format_number(ctx.locale, standing.supports))});
  if (standing.shortlisted && p.phase != "shortlisting")
    rows.push_back({t(ctx, "commission.shortlist.column"),
                    escape(t(ctx, *standing.shortlisted ? "commission.shortlist.in" : "commission.shortlist.out"))});
  html += web::summary_list(rows);
  std::string base = proposal_path(p, proposal.id);
  if (mine && p.phase == "proposing")
    html += "<p class=\"govuk-body\">" + link(base + "/edit", t(ctx, "commission.proposals.edit_title")) + "</p>";

  if (ctx.principal.has(core::Role::officer) && p.phase == "screening") {
    html += heading(t(ctx, "commission.proposals.screen")) + web::form_open(ctx, base + "/screening");
    web::Choices decision;
    decision.id = "decision";
    decision.name = "decision";
    decision.legend = t(ctx, "commission.proposals.decision");
    decision.error = errors["decision"];
    decision.options = {{"eligible", t(ctx, "commission.proposal_status.eligible"), ""},
                        {"ineligible", t(ctx, "commission.proposal_status.ineligible"), ""},
                        {"merged", t(ctx, "commission.proposal_status.merged"), ""}};
    if (section.name == "screening" && !typed("decision").empty()) decision.selected = {typed("decision")};
    decision.small = true;
    html += web::radios(ctx.locale, decision);
    web::Select into;
    into.id = "merged_into";
    into.label = t(ctx, "commission.proposals.merged_into");
    into.error = errors["merged_into"];
    into.options.push_back({"", t(ctx, "commission.proposals.merge_none"), ""});
    for (const auto& other : list_proposals(*c, p.organisation_id, p.id))
      if (other.id != proposal.id) into.options.push_back({other.id, other.title, ""});
    into.selected = section.name == "screening" ? typed("merged_into") : std::string();
    html += web::select(ctx.locale, into);
    web::Textarea reason;
    reason.id = "reason";
    reason.label = t(ctx, "commission.proposals.reason");
    reason.hint = t(ctx, "commission.proposals.reason_hint");
    reason.error = section.name == "screening" ? errors["reason"] : std::string();
    reason.value = section.name == "screening" ? typed("reason") : std::string();
    reason.rows = 3;
    html += web::textarea(ctx.locale, reason) + web::button({t(ctx, "commission.proposals.screen_submit"), false, "", ""}) + "</form>";
  }
  bool values = ctx.principal.has(core::Role::professional) || ctx.principal.has(core::Role::officer);
  if (values && p.phase == "valuating" && passed_screening(proposal.status) && standing.shortlisted.value_or(true)) {
    html += heading(t(ctx, "commission.proposals.value")) + web::form_open(ctx, base + "/valuation");
    web::Choices feasible;
    feasible.id = "feasible";
    feasible.name = "feasible";
    feasible.legend = t(ctx, "commission.proposals.feasible_legend");
    feasible.error = errors["feasible"];
    feasible.options = {{"true", t(ctx, "commission.proposal_status.feasible"), ""},
                        {"false", t(ctx, "commission.proposal_status.infeasible"), ""}};
    if (section.name == "valuation" && !typed("feasible").empty()) feasible.selected = {typed("feasible")};
    feasible.small = true;
    html += web::radios(ctx.locale, feasible);
    web::TextInput cost;
    cost.id = "cost";
    cost.label = t(ctx, "commission.proposals.valued_cost");
    cost.hint = t(ctx, "commission.new.budget_hint");
    cost.error = errors["cost"];
    cost.value = section.name == "valuation" ? typed("cost") : std::string();
    cost.inputmode = "decimal";
    cost.width_class = "govuk-input--width-10";
    html += web::text_input(ctx.locale, cost);
    web::Textarea reason;
    reason.id = "valuation_reason";
    reason.name = "reason";
    reason.label = t(ctx, "commission.proposals.valuation_reason");
    reason.hint = t(ctx, "commission.proposals.valuation_reason_hint");
    reason.error = section.name == "valuation" ? errors["reason"] : std::string();
    reason.value = section.name == "valuation" ? typed("reason") : std::string();
    reason.rows = 3;
    html += web::textarea(ctx.locale, reason) + web::button({t(ctx, "commission.proposals.value_submit"), false, "", ""}) + "</form>";
  }
  if (mine && !proposal.reply_until.empty()) {
    html += heading(t(ctx, "commission.proposals.reply")) +
            para(t(ctx, "commission.proposals.reply_intro", {{"date", i18n::format_date(ctx.locale, proposal.reply_until)}})) +
            web::form_open(ctx, base + "/reply");
    web::Textarea reply;
    reply.id = "reply";
    reply.label = t(ctx, "commission.proposals.reply");
    reply.error = errors["reply"];
    reply.value = section.name == "reply" ? typed("reply") : proposal.reply;
    reply.rows = 4;
    html += web::textarea(ctx.locale, reply) + web::button({t(ctx, "commission.proposals.reply_submit"), false, "", ""}) + "</form>";
  }
  // The reason fields carry other ids on the page: the summary links to them.
  auto summary = errors.summary;
  for (auto& e : summary)
    if (e.field_id == "reason" && section.name == "valuation") e.field_id = "valuation_reason";
  return no_store_page(web::page(ctx, page_options(ctx, proposal.title_in(ctx.locale), &p, summary, {{t(ctx, "commission.proposals.title"), proposals_path(p)}}), html),
                  section.problems.empty() ? 200 : section.status);
}

template <class Action>
Response act(store::Database& db, Context& ctx, const std::string& section_name, Action action) {
  auto c = db.acquire();
  Process p = process_or_404(*c, ctx, ctx.param("id"));
  Section section;
  section.name = section_name;
  section.typed = ctx.request.form();
  try {
    std::string done = c->transaction([&] { return action(*c, p, section.typed); });
    return Response::redirect(web::with_done(proposal_path(p, ctx.param("pid")), done));
  } catch (const core::ValidationFailed& failed) {
    section.problems = failed.problems();
  } catch (const core::Error& error) {
    if (error.http_status() != 409 || !error.message_is_key()) throw;
    section.problems = {{error.field(), error.what()}};
    section.status = 409;
  }
  return detail_page(db, ctx, p, ctx.param("pid"), section);
}

}  // namespace

void add_proposal_routes(module::Loader& l) {
  store::Database& db = l.db();
  l.permission({kValuePermission, {core::Role::professional, core::Role::officer},
                "Value residents' proposals: feasibility and cost, or the reason they are not feasible"});
  l.notice_kind({"commission.notice.screened", "commission.notice.screened.label"});
  l.notice_kind({"commission.notice.feasible", "commission.notice.feasible.label"});
  l.notice_kind({"commission.notice.infeasible", "commission.notice.infeasible.label"});
  l.notice_kind({"commission.notice.not_shortlisted", "commission.notice.not_shortlisted.label"});
  l.source({"commission.proposal", "commission.source.proposal", "/pb/{id}"});
  l.source({"commission.valuation", "commission.source.valuation", "/pb/{id}"});
  std::string base = std::string(kListPath) + "/{id}/proposals";

  l.page(Method::get, base, module::kPublic, [&db](Context& ctx) { return list_page(db, ctx); },
         "A process's proposals and where each stands");
  l.page(Method::get, base + "/new", module::kSignedIn,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           if (p.phase != "proposing") throw core::localised(409, "conflict", "commission.error.not_proposing", "phase");
           return proposal_form(ctx, p, proposals_path(p) + "/new", {}, {}, false);
         },
         "Propose a project");
  l.page(Method::post, base + "/new", module::kSignedIn,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           auto form = ctx.request.form();
           try {
             std::string id = c->transaction([&] { return propose(*c, ctx.principal, p.id, proposal_fields(form)); });
             return Response::redirect(web::with_done(proposal_path(p, id), "commission.proposed.done"));
           } catch (const core::ValidationFailed& failed) {
             return proposal_form(ctx, p, proposals_path(p) + "/new", form, failed.problems(), false);
           }
         },
         "Propose a project");
  l.page(Method::get, base + "/{pid}", module::kPublic,
         [&db](Context& ctx) {
           auto c = db.acquire();
           return detail_page(db, ctx, process_or_404(*c, ctx, ctx.param("id")), ctx.param("pid"), {});
         },
         "A proposal: what it is, how it was screened and valued, the proposer's answer");
  l.page(Method::get, base + "/{pid}/edit", module::kSignedIn,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           auto proposal = find_proposal(*c, p.organisation_id, p.id, ctx.param("pid"));
           if (!proposal) throw core::not_found("Proposal " + ctx.param("pid"));
           if (proposal->proposer_id != ctx.principal.account_id)
             throw core::localised(403, "forbidden", "commission.error.not_your_proposal");
           http::Fields values = {{"title", proposal->title}, {"title_cy", proposal->title_cy},
                                  {"description", proposal->description},
                                  {"district", proposal->district}, {"category", proposal->category},
                                  {"location", proposal->location},
                                  {"rough_cost", proposal->rough_cost_minor ? core::format_money_minor(*proposal->rough_cost_minor) : ""}};
           return proposal_form(ctx, p, proposal_path(p, proposal->id) + "/edit", values, {}, true);
         },
         "Change your proposal (until screening)");
  l.page(Method::post, base + "/{pid}/edit", module::kSignedIn,
         [&db](Context& ctx) {
           auto c = db.acquire();
           Process p = process_or_404(*c, ctx, ctx.param("id"));
           auto form = ctx.request.form();
           try {
             c->transaction([&] { edit_proposal(*c, ctx.principal, p.id, ctx.param("pid"), proposal_fields(form)); });
             return Response::redirect(web::with_done(proposal_path(p, ctx.param("pid")), "commission.proposal_saved.done"));
           } catch (const core::ValidationFailed& failed) {
             return proposal_form(ctx, p, proposal_path(p, ctx.param("pid")) + "/edit", form, failed.problems(), true);
           }
         },
         "Change your proposal (until screening)");
  l.page(Method::post, base + "/{pid}/screening", kManagePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "screening", [&](store::Connection& tx, const Process& p, const http::Fields& form) {
             screen(tx, ctx.principal, p.id, ctx.param("pid"), web::value_of(form, "decision"), web::value_of(form, "reason"),
                    web::value_of(form, "merged_into"));
             return std::string("commission.screened.done");
           });
         },
         "Screen a proposal: eligible, not eligible (with a reason) or merged");
  l.page(Method::post, base + "/{pid}/valuation", kValuePermission,
         [&db](Context& ctx) {
           return act(db, ctx, "valuation", [&](store::Connection& tx, const Process& p, const http::Fields& form) {
             std::string feasible = web::value_of(form, "feasible");
             if (feasible != "true" && feasible != "false")
               throw core::ValidationFailed(std::vector<core::FieldProblem>{{"feasible", "commission.error.feasible"}});
             value(tx, ctx.principal, p.id, ctx.param("pid"), feasible == "true", web::value_of(form, "cost"),
                   web::value_of(form, "reason"));
             return std::string("commission.valued.done");
           });
         },
         "Value a proposal: feasible with a cost, or not with a reason");
  l.page(Method::post, base + "/{pid}/reply", module::kSignedIn,
         [&db](Context& ctx) {
           return act(db, ctx, "reply", [&](store::Connection& tx, const Process& p, const http::Fields& form) {
             reply_to_valuation(tx, ctx.principal, p.id, ctx.param("pid"), web::value_of(form, "reply"));
             return std::string("commission.replied.done");
           });
         },
         "Answer the valuation of your proposal");
  l.page(Method::post, base + "/{pid}/support", module::kSignedIn,
         [&db](Context& ctx) {
           return list_act(db, ctx, "support-" + ctx.param("pid"), [&](store::Connection& tx, const Process& p, const http::Fields&) {
             support(tx, ctx.principal, p.id, ctx.param("pid"));
             return std::string("commission.supported.done");
           });
         },
         "Support a proposal while the process is shortlisting");
  l.page(Method::post, base + "/{pid}/support/withdraw", module::kSignedIn,
         [&db](Context& ctx) {
           return list_act(db, ctx, "support-" + ctx.param("pid"), [&](store::Connection& tx, const Process& p, const http::Fields&) {
             withdraw_support(tx, ctx.principal, p.id, ctx.param("pid"));
             return std::string("commission.support_withdrawn.done");
           });
         },
         "Withdraw your support of a proposal while the process is shortlisting");
  l.page(Method::post, std::string(kListPath) + "/{id}/shortlisting", kManagePermission,
         [&db](Context& ctx) {
           return list_act(db, ctx, "", [&](store::Connection& tx, const Process& p, const http::Fields& form) {
             set_shortlist_threshold(tx, ctx.principal, p.id, web::value_of(form, "threshold"));
             return std::string("commission.threshold_set.done");
           });
         },
         "Set the shortlisting threshold: the supports a proposal needs to go forward");

  // API.
  std::string api = "/api/v1/pb/processes/{id}/proposals";
  l.schema("PbProposal", R"({"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"},
      "title_cy": {"type": "string", "description": "The Welsh title; empty when not given"},
      "description": {"type": "string"}, "district": {"type": "string"}, "category": {"type": "string"},
      "location": {"type": "string"}, "rough_cost_minor": {"type": ["integer", "null"]},
      "status": {"type": "string", "enum": ["submitted", "eligible", "ineligible", "merged", "feasible", "infeasible"]},
      "screening_reason": {"type": "string"}, "merged_into": {"type": ["string", "null"]},
      "cost_minor": {"type": ["integer", "null"]}, "valuation_reason": {"type": "string"}, "reply": {"type": "string"},
      "project_code": {"type": ["string", "null"]}, "yours": {"type": "boolean"},
      "supports": {"type": "integer", "description": "Members supporting it in shortlisting"},
      "supported": {"type": "boolean", "description": "Whether the reader supports it"},
      "shortlisted": {"type": ["boolean", "null"], "description": "Whether it made the closed shortlist; null until shortlisting closes, or when it was skipped"}}})");
  const char* body = R"({"type": "object", "properties": {"title": {"type": "string", "maxLength": 200},
      "title_cy": {"type": "string", "maxLength": 200, "description": "The Welsh title, optional"},
      "description": {"type": "string", "maxLength": 4000}, "district": {"type": "string"}, "category": {"type": "string"},
      "rough_cost": {"type": "string", "description": "Currency units, up to two decimals"},
      "location": {"type": "string"}}, "required": ["title", "description"]})";
  auto one = [&db](Context& ctx, const std::string& id, int status) {
    auto c = db.acquire();
    auto proposal = find_proposal(*c, ctx.principal.organisation_id, ctx.param("id"), id);
    auto standing = shortlist_standing(*c, ctx.principal, ctx.principal.organisation_id, ctx.param("id"));
    return Response::json(proposal_json(*proposal, ctx.principal, standing[id]), status);
  };
  l.api(Method::get, api, module::kPublic,
        [&db](Context& ctx) {
          auto c = db.acquire();
          Process p = process_or_404(*c, ctx, ctx.param("id"));
          json::array items;
          auto standing = shortlist_standing(*c, ctx.principal, p.organisation_id, p.id);
          for (const auto& proposal : list_proposals(*c, p.organisation_id, p.id))
            items.push_back(proposal_json(proposal, ctx.principal, standing[proposal.id]));
          return Response::json(json::object{{"proposals", std::move(items)}});
        },
        Api("A process's proposals and where each stands").returns(200, "The proposals", R"({"type": "object",
            "properties": {"proposals": {"type": "array", "items": {"$ref": "#/components/schemas/PbProposal"}}}})"));
  l.api(Method::post, api, module::kSignedIn,
        [&db, one](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, proposal_field_names());
          auto c = db.acquire();
          std::string id = c->transaction([&] { return propose(*c, ctx.principal, ctx.param("id"), fields); });
          return one(ctx, id, 201);
        },
        Api("Propose a project (while the process is proposing)").body(body).returns(201, "The proposal", "PbProposal")
            .error(409, "The process is not taking proposals"));
  l.api(Method::patch, api + "/{pid}", module::kSignedIn,
        [&db, one](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, proposal_field_names());
          auto c = db.acquire();
          c->transaction([&] { edit_proposal(*c, ctx.principal, ctx.param("id"), ctx.param("pid"), fields); });
          return one(ctx, ctx.param("pid"), 200);
        },
        Api("Change your proposal (until screening); every field is given again").body(body)
            .returns(200, "The proposal", "PbProposal").error(409, "Screening has started"));
  l.api(Method::post, api + "/{pid}/screening", kManagePermission,
        [&db, one](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"decision", "reason", "merged_into"});
          auto c = db.acquire();
          c->transaction([&] {
            screen(*c, ctx.principal, ctx.param("id"), ctx.param("pid"), fields["decision"], fields["reason"], fields["merged_into"]);
          });
          return one(ctx, ctx.param("pid"), 200);
        },
        Api("Screen a proposal (during screening)")
            .body(R"({"type": "object", "properties": {"decision": {"type": "string", "enum": ["eligible", "ineligible", "merged"]},
                "reason": {"type": "string", "description": "Required unless eligible; the proposer sees it"},
                "merged_into": {"type": "string"}}, "required": ["decision"]})")
            .returns(200, "The proposal", "PbProposal"));
  l.api(Method::post, api + "/{pid}/valuation", kValuePermission,
        [&db, one](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"feasible", "cost", "reason"});
          if (fields["feasible"] != "true" && fields["feasible"] != "false")
            throw core::ValidationFailed(std::vector<core::FieldProblem>{{"feasible", "commission.error.feasible"}});
          auto c = db.acquire();
          c->transaction([&] {
            value(*c, ctx.principal, ctx.param("id"), ctx.param("pid"), fields["feasible"] == "true", fields["cost"], fields["reason"]);
          });
          return one(ctx, ctx.param("pid"), 200);
        },
        Api("Value a proposal (during valuating): feasible with a cost, or not with a reason")
            .body(R"({"type": "object", "properties": {"feasible": {"type": "boolean"}, "cost": {"type": "string"},
                "reason": {"type": "string"}}, "required": ["feasible"]})")
            .returns(200, "The proposal", "PbProposal"));
  l.api(Method::post, api + "/{pid}/reply", module::kSignedIn,
        [&db, one](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"reply"});
          auto c = db.acquire();
          c->transaction([&] { reply_to_valuation(*c, ctx.principal, ctx.param("id"), ctx.param("pid"), fields["reply"]); });
          return one(ctx, ctx.param("pid"), 200);
        },
        Api("Answer the valuation of your proposal, within 14 days of it")
            .body(R"({"type": "object", "properties": {"reply": {"type": "string", "maxLength": 4000}}, "required": ["reply"]})")
            .returns(200, "The proposal", "PbProposal").error(409, "The window to answer has closed"));

  // Shortlisting.
  l.schema("PbShortlisting", R"({"type": "object", "properties": {
      "threshold": {"type": ["integer", "null"], "description": "The supports a proposal needs to go forward; null: every eligible proposal goes forward"},
      "open": {"type": "boolean", "description": "Whether members can support proposals now"},
      "closed": {"type": "boolean", "description": "Whether the shortlist has been closed"},
      "proposals": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"},
        "title": {"type": "string"}, "supports": {"type": "integer"}, "supported": {"type": "boolean"},
        "shortlisted": {"type": ["boolean", "null"]}}}}}})");
  const char* support_answer = R"({"type": "object", "properties": {"proposal": {"type": "string"},
      "supports": {"type": "integer"}, "supported": {"type": "boolean"}, "changed": {"type": "boolean"}}})";
  auto supported = [&db](Context& ctx, bool changed) {
    auto c = db.acquire();
    auto standing = shortlist_standing(*c, ctx.principal, ctx.principal.organisation_id, ctx.param("id"))[ctx.param("pid")];
    return Response::json(json::object{{"proposal", ctx.param("pid")},
                                       {"supports", standing.supports},
                                       {"supported", standing.supported_by_reader},
                                       {"changed", changed}});
  };
  l.api(Method::get, "/api/v1/pb/processes/{id}/shortlisting", module::kPublic,
        [&db](Context& ctx) {
          auto c = db.acquire();
          Process p = process_or_404(*c, ctx, ctx.param("id"));
          return Response::json(shortlisting_json(*c, ctx.principal, p));
        },
        Api("The process's shortlisting: its threshold and each eligible proposal's supports")
            .returns(200, "The shortlisting", "PbShortlisting"));
  l.api(Method::put, "/api/v1/pb/processes/{id}/shortlisting", kManagePermission,
        [&db](Context& ctx) {
          auto fields = http::fields_from_json(ctx.request.body, {"threshold"});
          auto c = db.acquire();
          c->transaction([&] { set_shortlist_threshold(*c, ctx.principal, ctx.param("id"), fields["threshold"]); });
          return Response::json(shortlisting_json(*c, ctx.principal, process_or_404(*c, ctx, ctx.param("id"))));
        },
        Api("Set the shortlisting threshold (before or during shortlisting)")
            .describe("Proposals with fewer supports than the threshold when the process leaves shortlisting are "
                      "neither valued nor put on the ballot.")
            .body(R"({"type": "object", "properties": {"threshold": {"type": "integer", "minimum": 1,
                "description": "The supports a proposal needs to go forward"}}, "required": ["threshold"]})")
            .returns(200, "The shortlisting", "PbShortlisting")
            .error(409, "Shortlisting is over"));
  l.api(Method::post, api + "/{pid}/support", module::kSignedIn,
        [&db, supported](Context& ctx) {
          auto c = db.acquire();
          bool changed = c->transaction([&] { return support(*c, ctx.principal, ctx.param("id"), ctx.param("pid")); });
          return supported(ctx, changed);
        },
        Api("Support a proposal (during shortlisting); supporting again changes nothing")
            .returns(200, "The proposal's supports", support_answer)
            .error(409, "The process is not shortlisting, or the proposal was not screened eligible"));
  l.api(Method::del, api + "/{pid}/support", module::kSignedIn,
        [&db, supported](Context& ctx) {
          auto c = db.acquire();
          bool changed = c->transaction([&] { return withdraw_support(*c, ctx.principal, ctx.param("id"), ctx.param("pid")); });
          return supported(ctx, changed);
        },
        Api("Withdraw your support of a proposal (during shortlisting)")
            .returns(200, "The proposal's supports", support_answer)
            .error(409, "The process is not shortlisting, or the proposal was not screened eligible"));
}

}  // namespace coproduce::commission::process
