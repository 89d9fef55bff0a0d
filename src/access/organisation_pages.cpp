// The organisation's public pages and what officers do with them: the
// accessibility statement, privacy notice and cookies page (the standard text
// or the organisation's own, per language, plain text shown escaped with a
// paragraph per blank line; the cookies page always lists the cookies the
// site really sets), their edit pages, the feedback form the Beta banner
// links to with its confirmation, and the officers' page that reads it.
#include "access/organisation.hpp"
#include "access/people_pages.hpp"
#include "core/error.hpp"
#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::access {
namespace {

using http::Context;
using http::Method;
using http::Response;
using web::escape;
using Deps = std::shared_ptr<const PeopleDeps>;
constexpr const char* kManageSettings = "access.manage_settings";
constexpr const char* kReadFeedback = "access.read_feedback";
// The language cookie's life, as web/routes.cpp sets it (one year).
constexpr const char* kLanguageCookieLifeKey = "access.cookies.language.expires";

std::string page_title(const Context& ctx, std::string_view page) {
  return t(ctx, "access.policy." + std::string(page) + ".title");
}

// Plain text as GOV.UK paragraphs; a single line break stays a line break.
std::string text_html(std::string_view text) {
  std::string html;
  for (const auto& paragraph : paragraphs(text)) {
    std::string escaped = escape(paragraph), lines;
    for (char c : escaped) lines += c == '\n' ? std::string("<br>\n") : std::string(1, c);
    html += "<p class=\"govuk-body\">" + lines + "</p>\n";
  }
  return html;
}

std::string date_time(const Context& ctx, const std::string& iso) {
  if (iso.size() < 16) return iso;
  return i18n::format_date(ctx.locale, iso.substr(0, 10)) + ", " + iso.substr(11, 5) + " UTC";
}

// The organisation's name in the page's language.
std::string name_in(const Context& ctx, const OrganisationDetails& o) {
  return ctx.locale == "cy" && !o.name_cy.empty() ? o.name_cy : o.name;
}

OrganisationDetails organisation(store::Connection& c, const Context& ctx) {
  auto o = organisation_details(c, ctx.principal.organisation_id);
  if (!o) throw core::not_found("Organisation");
  return *o;
}

Response html_page(const Context& ctx, const std::string& title, const std::string& html,
                   const web::FormErrors& errors = {}, std::vector<web::Breadcrumb> crumbs = {}, int status = 200,
                   std::string current_nav = {}) {
  auto r = Response::html(web::page(ctx, {title, std::move(crumbs), errors.summary, std::move(current_nav)}, html),
                          status);
  r.set_header("Cache-Control", "no-store");
  return r;
}

// ---- the public policy pages

std::string hours(const Context& ctx, std::chrono::seconds s) {
  return i18n::plural(ctx.locale, "access.cookies.hours", std::chrono::duration_cast<std::chrono::hours>(s).count());
}

// The cookies the site sets, from the names and lives the code uses.
std::string cookies_table(const Deps& d, const Context& ctx) {
  const auto& o = d->options;
  web::Table table;
  table.caption = t(ctx, "access.cookies.caption");
  table.headers = {t(ctx, "access.cookies.name"), t(ctx, "access.cookies.purpose"), t(ctx, "access.cookies.expires")};
  table.stack_on_narrow = true;
  table.rows_html = {
      {"<code>" + escape(o.session_cookie()) + "</code>", escape(t(ctx, "access.cookies.session.purpose")),
       escape(t(ctx, "access.cookies.session.expires",
                {{"idle", hours(ctx, o.session_idle_timeout)}, {"life", hours(ctx, o.session_lifetime)}}))},
      {"<code>" + escape(o.csrf_cookie()) + "</code>", escape(t(ctx, "access.cookies.csrf.purpose")),
       escape(t(ctx, "access.cookies.csrf.expires", {{"life", hours(ctx, o.session_lifetime)}}))},
      {"<code>" + escape(i18n::kLanguageCookie) + "</code>", escape(t(ctx, "access.cookies.language.purpose")),
       escape(t(ctx, kLanguageCookieLifeKey))},
  };
  return "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.cookies.caption")) + "</h2>" +
         para(t(ctx, "access.cookies.only_these")) + web::table(table);
}

Response policy_page(const Deps& d, Context& ctx, std::string_view page) {
  auto c = d->db.acquire();
  auto o = organisation(*c, ctx);
  auto custom = custom_policy(*c, o.id, page, ctx.locale);
  auto title = page_title(ctx, page);
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>";
  html += text_html(custom ? custom->body : standard_policy(page, ctx.locale, name_in(ctx, o)));
  if (page == "cookies") html += cookies_table(d, ctx);
  if (!o.contact_email.empty())
    html += "<h2 class=\"govuk-heading-m\">" + escape(t(ctx, "access.policy.contact")) +
            "</h2><p class=\"govuk-body\">" + escape(t(ctx, "access.policy.email")) +
            " <a class=\"govuk-link\" href=\"mailto:" + escape(o.contact_email) + "\">" + escape(o.contact_email) +
            "</a></p>";
  html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + escape(web::kFeedbackPath) + "\">" +
          escape(t(ctx, "access.policy.feedback_link")) + "</a></p>";
  if (custom)
    html += "<p class=\"govuk-body-s\">" +
            escape(t(ctx, "access.policy.updated", {{"date", i18n::format_date(ctx.locale, custom->updated_at.substr(0, 10))}})) +
            "</p>";
  auto r = Response::html(web::page(ctx, {title, {}, {}, ""}, html));
  return r;
}

// ---- editing a policy page

Response policy_form(const Deps& d, Context& ctx, const http::Fields& typed, const web::FormErrors& errors,
                     int status = 200) {
  const auto& page = ctx.param("page");
  if (!is_policy_page(page)) throw core::localised(404, "not_found", "access.policy.error.no_such_page");
  auto c = d->db.acquire();
  auto o = organisation(*c, ctx);
  auto title = page_title(ctx, page);
  std::string html = "<span class=\"govuk-caption-l\">" + escape(t(ctx, "access.settings.title")) + "</span>" +
                     "<h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>" + para(t(ctx, "access.policy.edit_intro")) +
                     para(t(ctx, "access.policy.edit_plain")) + form_open(ctx, "/settings/policies/" + page);
  for (const char* locale : {"en", "cy"}) {
    std::string field = std::string("body_") + locale;
    auto custom = custom_policy(*c, o.id, page, locale);
    web::Textarea area;
    area.id = area.name = field;
    bool welsh = std::string_view(locale) == "cy";
    area.label = t(ctx, welsh ? "access.policy.text_cy" : "access.policy.text_en");
    area.hint = t(ctx, "access.policy.text_hint", {{"max", i18n::format_number(ctx.locale, kMaxPolicyCharacters)}});
    area.error = errors[field];
    area.value = typed.count(field) ? typed.at(field) : (custom ? custom->body : std::string());
    area.rows = 12;
    html += web::textarea(ctx.locale, area);
    // The standard text as it reads in its own language, naming the organisation as it is named there.
    auto name = welsh && !o.name_cy.empty() ? o.name_cy : o.name;
    html += web::details(t(ctx, welsh ? "access.policy.see_standard_cy" : "access.policy.see_standard_en"),
                         "<div lang=\"" + std::string(locale) + "\">" +
                             text_html(standard_policy(page, locale, name)) + "</div>");
  }
  html += "<div class=\"govuk-button-group\">" + web::button({t(ctx, "access.policy.save"), false, "", ""}) +
          "<a class=\"govuk-link\" href=\"/" + escape(page) + "\">" + escape(t(ctx, "access.policy.view")) +
          "</a></div></form>";
  return html_page(ctx, title, html, errors, {{t(ctx, "access.settings.title"), "/settings"}}, status, "/settings");
}

Response save_policy(const Deps& d, Context& ctx) {
  const auto& page = ctx.param("page");
  if (!is_policy_page(page)) throw core::localised(404, "not_found", "access.policy.error.no_such_page");
  auto form = ctx.request.form();
  http::Fields typed{{"body_en", web::value_of(form, "body_en")}, {"body_cy", web::value_of(form, "body_cy")}};
  try {
    change_policy(d->db, ctx.principal, page, typed["body_en"], typed["body_cy"]);
  } catch (const core::Error& e) {
    if (e.http_status() != 422) throw;
    return policy_form(d, ctx, typed, web::form_errors(ctx, e, "body_en"), 422);
  }
  return Response::redirect(web::with_done("/settings", "access.policy.saved.done"));
}

// ---- feedback

std::string feedback_form(const Context& ctx, const http::Fields& typed, const web::FormErrors& errors) {
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(t(ctx, "access.feedback.title")) + "</h1>" +
                     para(t(ctx, "access.feedback.intro")) + form_open(ctx, std::string(web::kFeedbackPath));
  web::Textarea doing;
  doing.id = doing.name = "doing";
  doing.label = t(ctx, "access.feedback.doing");
  doing.hint = t(ctx, "access.feedback.doing_hint");
  doing.error = errors["doing"];
  doing.value = web::value_of(typed, "doing");
  doing.rows = 3;
  web::Textarea body;
  body.id = body.name = "feedback";
  body.label = t(ctx, "access.feedback.feedback");
  body.hint = t(ctx, "access.feedback.feedback_hint");
  body.error = errors["feedback"];
  body.value = web::value_of(typed, "feedback");
  body.rows = 6;
  web::TextInput email;
  email.id = email.name = "email";
  email.label = t(ctx, "access.feedback.email");
  email.hint = t(ctx, "access.feedback.email_hint");
  email.error = errors["email"];
  email.value = web::value_of(typed, "email");
  email.type = "email";
  email.autocomplete = "email";
  return html + web::textarea(ctx.locale, doing) + web::textarea(ctx.locale, body) + web::text_input(ctx.locale, email) +
         web::button({t(ctx, "access.feedback.send"), false, "", ""}) + "</form>";
}

Response show_feedback_form(const Deps& d, Context& ctx, const http::Fields& typed = {},
                            const web::FormErrors& errors = {}, int status = 200) {
  return anonymous_form_page(
      *d, ctx, web::page(ctx, {t(ctx, "access.feedback.title"), {}, errors.summary, ""}, feedback_form(ctx, typed, errors)),
      status);
}

Response send_feedback(const Deps& d, Context& ctx) {
  auto form = ctx.request.form();
  http::Fields typed{{"doing", web::value_of(form, "doing")},
                     {"feedback", web::value_of(form, "feedback")},
                     {"email", web::value_of(form, "email")}};
  try {
    submit_feedback(d->db, ctx.principal.organisation_id, {typed["doing"], typed["feedback"], typed["email"], ctx.locale},
                    d->public_url);
  } catch (const core::Error& e) {
    if (e.http_status() != 422) throw;
    return show_feedback_form(d, ctx, typed, web::form_errors(ctx, e, "feedback"), 422);
  }
  return Response::redirect(std::string(web::kFeedbackPath) + "/sent");
}

Response feedback_sent(const Deps& d, Context& ctx) {
  auto c = d->db.acquire();
  auto o = organisation(*c, ctx);
  std::string html = "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">" +
                     escape(t(ctx, "access.feedback.sent.title")) + "</h1></div>" +
                     para(t(ctx, "access.feedback.sent.body", {{"organisation", name_in(ctx, o)}})) +
                     "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + escape(web::kMapPath) + "\">" +
                     escape(t(ctx, "access.feedback.sent.back")) + "</a></p>";
  return html_page(ctx, t(ctx, "access.feedback.sent.title"), html);
}

Response feedback_list(const Deps& d, Context& ctx) {
  auto c = d->db.acquire();
  auto title = t(ctx, "access.feedback.list_title");
  std::string html = web::done_banner(ctx) + "<h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>";
  auto items = list_feedback(*c, ctx.principal.organisation_id);
  if (items.empty()) html += para(t(ctx, "access.feedback.none"));
  else html += para(t(ctx, "access.feedback.list_intro"));
  for (const auto& f : items) {
    auto when = date_time(ctx, f.created_at);
    html += "<h2 class=\"govuk-heading-m\">" + escape(when) + "</h2>";
    html += web::summary_list({
        {t(ctx, "access.feedback.doing_short"),
         f.doing.empty() ? escape(t(ctx, "access.feedback.not_given")) : text_html(f.doing)},
        {t(ctx, "access.feedback.feedback_short"), text_html(f.body)},
        {t(ctx, "access.feedback.reply_to"),
         f.reply_email.empty() ? escape(t(ctx, "access.feedback.no_reply"))
                               : "<a class=\"govuk-link\" href=\"mailto:" + escape(f.reply_email) + "\">" +
                                     escape(f.reply_email) + "</a>"},
        {t(ctx, "access.feedback.language"), escape(f.locale == "cy" ? "Cymraeg" : "English")},
    });
    html += form_open(ctx, "/settings/feedback/" + f.id + "/delete") +
            "<button class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">" +
            escape(t(ctx, "access.feedback.delete")) + "<span class=\"govuk-visually-hidden\"> " +
            escape(t(ctx, "access.feedback.delete_which", {{"when", when}})) + "</span></button></form>";
  }
  return html_page(ctx, title, html, {}, {{t(ctx, "access.settings.title"), "/settings"}}, 200, "/settings");
}

}  // namespace

void add_organisation_pages(module::Loader& l, Deps d) {
  using module::kPublic;
  l.permission({kReadFeedback, {core::Role::officer}, "Read and delete the feedback people send"});
  auto bind = [d](Response (*handler)(const Deps&, Context&)) {
    return [d, handler](Context& ctx) { return handler(d, ctx); };
  };
  l.page(Method::get, std::string(web::kAccessibilityPath), kPublic,
         [d](Context& ctx) { return policy_page(d, ctx, "accessibility"); },
         "The organisation's accessibility statement");
  l.page(Method::get, std::string(web::kPrivacyPath), kPublic,
         [d](Context& ctx) { return policy_page(d, ctx, "privacy"); }, "The organisation's privacy notice");
  l.page(Method::get, std::string(web::kCookiesPath), kPublic,
         [d](Context& ctx) { return policy_page(d, ctx, "cookies"); },
         "The cookies this site sets, with the organisation's text");
  l.page(Method::get, "/settings/policies/{page}", kManageSettings,
         [d](Context& ctx) { return policy_form(d, ctx, {}, {}); },
         "Change the text of a policy page (accessibility, privacy, cookies) in English and Welsh");
  l.page(Method::post, "/settings/policies/{page}", kManageSettings, bind(save_policy),
         "Save a policy page's text; an empty box returns that language to the standard text");

  l.page(Method::get, std::string(web::kFeedbackPath), kPublic,
         [d](Context& ctx) { return show_feedback_form(d, ctx); }, "The feedback form");
  l.page(Method::post, std::string(web::kFeedbackPath), kPublic, bind(send_feedback),
         "Send feedback; it is kept for officers and emailed to the organisation's contact address");
  l.page(Method::get, std::string(web::kFeedbackPath) + "/sent", kPublic, bind(feedback_sent),
         "Says that the feedback was sent");
  l.page(Method::get, "/settings/feedback", kReadFeedback, bind(feedback_list), "The feedback people have sent");
  l.page(Method::post, "/settings/feedback/{id}/delete", kReadFeedback,
         [d](Context& ctx) {
           if (!delete_feedback(d->db, ctx.principal, ctx.param("id")))
             throw core::localised(404, "not_found", "access.feedback.error.not_found");
           return Response::redirect(web::with_done("/settings/feedback", "access.feedback.deleted.done"));
         },
         "Delete one piece of feedback");
}

}  // namespace coproduce::access
