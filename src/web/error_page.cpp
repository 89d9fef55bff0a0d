// The HTML page for an error: a heading that says what happened in the
// person's language, what they can do next, and a way back to the map.
#include "i18n/i18n.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"
#include "web/routes.hpp"

namespace coproduce::web {
namespace {

struct Explanation {
  const char* title_key;
  const char* help_key;  // nullptr: no general advice
};

Explanation explain(int status) {
  const char* help = status == 404   ? "web.error.not_found_help"
                     : status == 429 ? "web.error.too_many_help"
                     : status >= 500 ? "web.error.server_help"
                                     : nullptr;
  return {http::general_error_key(status, false), help};
}

std::string paragraph(std::string_view text) {
  return "<p class=\"govuk-body\">" + escape(text) + "</p>\n";
}

std::string link(std::string_view href, std::string_view text) {
  return "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" + escape(href) + "\">" +
         escape(text) + "</a></p>\n";
}

}  // namespace

http::Response error_page(http::Context& ctx, const core::Error& error) {
  int status = error.http_status();
  Explanation explanation = explain(status);
  std::string title = i18n::t(ctx.locale, explanation.title_key);
  std::string html = "<h1 class=\"govuk-heading-l\">" + escape(title) + "</h1>\n";
  // A detail written only in English (a plain core::Error) is shown to English
  // readers only: the heading already says what happened in every language.
  if (status < 500 && error.message_is_key())
    html += paragraph(i18n::t(ctx.locale, error.what()));
  else if (status < 500 && ctx.locale == "en" && error.what() != title)
    html += paragraph(error.what());
  if (explanation.help_key) html += paragraph(i18n::t(ctx.locale, explanation.help_key));
  if (status == 401) {
    std::string back = path_with_query(ctx.request.path, ctx.request.query);
    html += link(std::string(kSignInPath) + "?return=" + url_encode(back),
                 i18n::t(ctx.locale, "web.nav.sign_in"));
  }
  html += link(kMapPath, i18n::t(ctx.locale, "web.error.go_to_map"));
  return http::Response::html(page(ctx, {.title = title}, html), status);
}

}  // namespace coproduce::web
