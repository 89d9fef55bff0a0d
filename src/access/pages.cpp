// The sign-in page: labelled inputs, an error summary linked to the fields,
// errors tied to their inputs, in English or Welsh.
#include "access/pages.hpp"

#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace coproduce::access {
namespace {

// The catalogue key for an error met while signing in.
std::string message_for(std::string_view locale, const FieldError& e) {
  std::string key;
  if (e.code == "invalid") key = "access.login.error." + e.field + "_required";
  else if (e.code == "login_failed") key = "access.login.error.wrong";
  else if (e.code == "rate_limited") key = "access.login.error.too_many";
  else if (e.code == "forbidden") key = "access.login.error.not_member";
  else if (e.code == "busy") key = "access.error.busy";
  else if (e.code == "unverified") key = "access.login.error.unverified";
  auto text = key.empty() ? key : i18n::t(locale, key);
  return text.empty() || text == key ? e.message : text;
}

}  // namespace

std::string render_login_page(const http::Context& ctx, const LoginPage& page) {
  const auto& locale = ctx.locale;
  std::vector<web::FieldError> summary;
  std::string email_error, password_error;
  for (const auto& e : page.errors) {
    auto message = message_for(locale, e);
    summary.push_back({e.field == "password" ? "password" : "email", message});
    (e.field == "password" ? password_error : email_error) = message;
  }
  std::string title = i18n::t(locale, "access.login.title");
  // Sent here by a form whose session had ended: its answers wait on the other side.
  bool kept = ctx.request.query_param("kept") == "1" ||
              (ctx.request.method == http::Method::post && web::value_of(ctx.request.form(), "kept") == "1");
  std::string banner = web::done_banner(ctx);
  if (kept)
    banner += web::notification_banner(locale, i18n::t(locale, "web.kept.sign_in_heading"),
                                       "<p class=\"govuk-body\">" +
                                           web::escape(i18n::t(locale, "web.kept.sign_in_body")) + "</p>\n");
  std::string html = banner + "<h1 class=\"govuk-heading-l\">" + web::escape(title);
  if (!page.organisation_name.empty())
    html = banner + "<h1 class=\"govuk-heading-l\"><span class=\"govuk-caption-l\">" +
           web::escape(page.organisation_name) + "</span>" + web::escape(title);
  html += "</h1><form method=\"post\" action=\"/login\" novalidate>" + web::csrf_field(ctx);
  html += "<input type=\"hidden\" name=\"organisation\" value=\"" +
          web::escape(page.organisation_slug) + "\">";
  html += "<input type=\"hidden\" name=\"return_to\" value=\"" + web::escape(page.return_to) +
          "\">";
  if (kept) html += "<input type=\"hidden\" name=\"kept\" value=\"1\">";
  html += web::text_input(locale, {"email", "email", i18n::t(locale, "access.login.email"), "",
                                   email_error, page.email, "email", "email", "", ""});
  html += web::text_input(locale, {"password", "password", i18n::t(locale, "access.login.password"),
                                   "", password_error, "", "password", "current-password", "", ""});
  html += web::button({i18n::t(locale, "access.login.submit"), false, "", ""});
  html += "</form>";
  html += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/forgot-password\">" +
          web::escape(i18n::t(locale, "access.login.forgot")) + "</a></p>";
  html += "<h2 class=\"govuk-heading-m\">" + web::escape(i18n::t(locale, "access.login.new_here")) + "</h2>" +
          "<p class=\"govuk-body\">" + web::escape(i18n::t(locale, "access.login.new_here_body")) + "</p>" +
          web::button_link(i18n::t(locale, "access.login.create_account"), "/sign-up");
  return web::page(ctx, {title, {}, summary, std::string(web::kSignInPath)}, html);
}

}  // namespace coproduce::access
