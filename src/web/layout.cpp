// Renders the shared page frame in GOV.UK Frontend 6 markup. Scripts are
// external files (no inline script) so a strict Content-Security-Policy holds.
#include "web/layout.hpp"

#include "i18n/i18n.hpp"
#include "web/components.hpp"
#include "web/html.hpp"
#include "web/kept_form.hpp"

namespace coproduce::web {
namespace {

FrameSource& frame_source() {
  static FrameSource source;
  return source;
}

std::string head(const http::Context& ctx, const PageOptions& opts) {
  std::string title = i18n::t(ctx.locale, "web.page_title", {{"title", opts.title}});
  if (!opts.error_summary.empty()) title = i18n::t(ctx.locale, "web.error_prefix") + " " + title;
  return "<!DOCTYPE html>\n<html lang=\"" + escape(ctx.locale) +
         "\" class=\"govuk-template\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) +
         "</title>\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
         "viewport-fit=cover\">\n"
         "<meta name=\"theme-color\" content=\"#1d70b8\">\n"
         "<link rel=\"icon\" sizes=\"48x48\" href=\"/assets/images/favicon.ico\">\n"
         "<link rel=\"icon\" sizes=\"any\" href=\"/assets/images/favicon.svg\" "
         "type=\"image/svg+xml\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/govuk-frontend.min.css\">\n"
         "<link rel=\"stylesheet\" href=\"/assets/app.css\">\n</head>\n";
}

// A catalogue sentence with one link inside it: the link's text is a
// message of its own, so translators keep the sentence whole.
std::string sentence_with_link(std::string_view locale, std::string_view key, std::string_view link_key,
                               std::string_view href) {
  constexpr std::string_view kMark = "\x1e";  // survives escaping, never in a message
  std::string text = escape(i18n::t(locale, key, {{"link", std::string(kMark)}}));
  auto at = text.find(kMark);
  std::string link = "<a class=\"govuk-link\" href=\"" + escape(href) + "\">" +
                     escape(i18n::t(locale, link_key)) + "</a>";
  return at == std::string::npos ? text + " " + link : text.replace(at, kMark.size(), link);
}

std::string phase_banner(std::string_view locale) {
  return "<div class=\"govuk-phase-banner\">\n<p class=\"govuk-phase-banner__content\">"
         "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">" +
         escape(i18n::t(locale, "web.phase_banner.tag")) +
         "</strong><span class=\"govuk-phase-banner__text\">" +
         sentence_with_link(locale, "web.phase_banner.text", "web.phase_banner.feedback", kFeedbackPath) +
         "</span></p>\n</div>\n";
}

std::string language_navigation(const http::Context& ctx) {
  std::string html = "<nav class=\"govuk-language-navigation\" aria-label=\"" +
                     escape(i18n::t(ctx.locale, "web.language.label")) +
                     "\">\n<ul class=\"govuk-language-navigation__list\">\n";
  for (const auto& locale : i18n::locales()) {
    std::string name = escape(i18n::t(locale, "web.language." + locale));
    html += "<li class=\"govuk-language-navigation__list-item\">";
    if (locale == ctx.locale)
      html += "<span class=\"govuk-language-navigation__text\" lang=\"" + locale +
              "\" aria-current=\"true\">" + name + "</span>";
    else
      html += "<a class=\"govuk-language-navigation__link\" href=\"" +
              escape(language_switch_href(ctx.request, locale)) + "\" lang=\"" + locale +
              "\" hreflang=\"" + locale + "\" rel=\"alternate\">" + name + "</a>";
    html += "</li>\n";
  }
  return html + "</ul>\n</nav>\n";
}

std::string navigation_item(std::string_view href, const std::string& label,
                            const PageOptions& opts) {
  if (href != opts.current_nav)
    return "<li class=\"govuk-service-navigation__item\"><a "
           "class=\"govuk-service-navigation__link\" "
           "href=\"" +
           escape(href) + "\">" + escape(label) + "</a></li>\n";
  return "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
         "<a class=\"govuk-service-navigation__link\" href=\"" +
         escape(href) +
         "\" aria-current=\"page\"><strong class=\"govuk-service-navigation__active-fallback\">" +
         escape(label) + "</strong></a></li>\n";
}

std::string navigation_items(const Frame& frame, const PageOptions& opts) {
  std::string html;
  for (const auto& item : frame.navigation) html += navigation_item(item.href, item.label, opts);
  return html;
}

// The account's links, then signing out: a POST form carrying the CSRF token,
// since it changes state.
std::string account_items(const http::Context& ctx, const Frame& frame, const PageOptions& opts) {
  if (!ctx.principal.signed_in())
    return navigation_item(kSignInPath, i18n::t(ctx.locale, "web.nav.sign_in"), opts);
  std::string html;
  for (const auto& item : frame.account_links) html += navigation_item(item.href, item.label, opts);
  return html + "<li class=\"govuk-service-navigation__item\"><form method=\"post\" action=\"" +
         std::string(kSignOutPath) + "\" class=\"app-sign-out\">" + csrf_field(ctx) +
         "<button type=\"submit\" class=\"govuk-service-navigation__link app-link-button\">" +
         escape(i18n::t(ctx.locale, "web.nav.sign_out")) + "</button></form></li>\n";
}

std::string organisation_line(const Frame& frame) {
  if (frame.organisation_name.empty()) return {};
  return "<p class=\"govuk-body-s app-organisation\">" + escape(frame.organisation_name) + "</p>\n";
}

std::string header(const http::Context& ctx, const PageOptions& opts) {
  Frame frame = frame_source() ? frame_source()(ctx) : Frame{};
  return "<header class=\"govuk-template__header\">\n"
         "<section aria-label=\"" +
         escape(i18n::t(ctx.locale, "web.service_information")) +
         "\" class=\"govuk-service-navigation\" data-module=\"govuk-service-navigation\">\n"
         "<div class=\"govuk-width-container\">\n<div "
         "class=\"govuk-service-navigation__container\">\n"
         "<span class=\"govuk-service-navigation__service-name\"><a href=\"/\" "
         "class=\"govuk-service-navigation__link\">" +
         escape(i18n::t(ctx.locale, "web.service_name")) + "</a></span>\n<nav aria-label=\"" +
         escape(i18n::t(ctx.locale, "web.nav.label")) +
         "\" class=\"govuk-service-navigation__wrapper\">\n"
         "<button type=\"button\" class=\"govuk-service-navigation__toggle "
         "govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" hidden "
         "aria-hidden=\"true\">" +
         escape(i18n::t(ctx.locale, "web.nav.label")) +
         "</button>\n<ul class=\"govuk-service-navigation__list\" id=\"navigation\">\n" +
         navigation_items(frame, opts) + account_items(ctx, frame, opts) + "</ul>\n</nav>\n</div>\n" +
         language_navigation(ctx) +
         "</div>\n</section>\n<div class=\"govuk-width-container\">\n" + organisation_line(frame) +
         phase_banner(ctx.locale) +
         "</div>\n</header>\n";
}

std::string breadcrumbs(std::string_view locale, const std::vector<Breadcrumb>& crumbs) {
  if (crumbs.empty()) return {};
  std::string html = "<nav class=\"govuk-breadcrumbs\" aria-label=\"" +
                     escape(i18n::t(locale, "web.breadcrumbs.label")) +
                     "\">\n<ol class=\"govuk-breadcrumbs__list\">\n";
  for (const auto& crumb : crumbs)
    html +=
        "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
        "href=\"" +
        escape(crumb.href) + "\">" + escape(crumb.label) + "</a></li>\n";
  return html + "</ol>\n</nav>\n";
}

std::string footer_link(std::string_view href, const std::string& label) {
  return "<li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"" +
         escape(href) + "\">" + escape(label) + "</a></li>\n";
}

std::string footer(std::string_view locale) {
  return "<footer class=\"govuk-template__footer\">\n<div class=\"govuk-footer\">\n"
         "<div class=\"govuk-width-container\">\n<div class=\"govuk-footer__meta\">\n"
         "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">\n"
         "<h2 class=\"govuk-visually-hidden\">" +
         escape(i18n::t(locale, "web.footer.support_links")) +
         "</h2>\n<ul class=\"govuk-footer__inline-list\">\n" +
         footer_link(kAccessibilityPath, i18n::t(locale, "web.footer.accessibility")) +
         footer_link(kPrivacyPath, i18n::t(locale, "web.footer.privacy")) +
         footer_link(kCookiesPath, i18n::t(locale, "web.footer.cookies")) +
         footer_link("/api/v1/openapi.json", i18n::t(locale, "web.footer.api")) +
         "</ul>\n<div class=\"govuk-footer__meta-custom\">" +
         escape(i18n::t(locale, "web.footer.about")) +
         "</div>\n</div>\n</div>\n</div>\n</div>\n</footer>\n";
}

}  // namespace

void set_frame_source(FrameSource source) { frame_source() = std::move(source); }

std::string error_summary(std::string_view locale, const std::vector<FieldError>& errors) {
  if (errors.empty()) return {};
  std::string html =
      "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n"
      "<div role=\"alert\">\n<h2 class=\"govuk-error-summary__title\">" +
      escape(i18n::t(locale, "web.error_summary.title")) +
      "</h2>\n<div class=\"govuk-error-summary__body\">\n"
      "<ul class=\"govuk-list govuk-error-summary__list\">\n";
  for (const auto& error : errors)
    html +=
        "<li><a href=\"#" + escape(error.field_id) + "\">" + escape(error.message) + "</a></li>\n";
  return html + "</ul>\n</div>\n</div>\n</div>\n";
}

std::string language_switch_href(const http::Request& request, std::string_view locale) {
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& param : request.query)
    if (param.first != "lang") kept.push_back(param);
  std::string return_to = path_with_query(request.path.empty() ? "/" : request.path, kept);
  return std::string(kLanguagePath) + "?lang=" + url_encode(locale) +
         "&return=" + url_encode(return_to);
}

std::string page(const http::Context& ctx, const PageOptions& opts, std::string_view main_html) {
  std::string html = head(ctx, opts);
  html +=
      "<body class=\"govuk-template__body\">\n"
      "<script src=\"/assets/js-enabled.js\"></script>\n"
      "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">" +
      escape(i18n::t(ctx.locale, "web.skip_link")) + "</a>\n";
  html += header(ctx, opts);
  html += "<div class=\"govuk-width-container\">\n" + breadcrumbs(ctx.locale, opts.breadcrumbs);
  html += "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n" +
          error_summary(ctx.locale, opts.error_summary);
  // Answers typed before the session ended, given back in their form to check and send.
  std::string filled;
  if (ctx.kept_form) {
    filled = main_html;
    if (fill_kept_form(filled, *ctx.kept_form)) {
      html += notification_banner(ctx.locale, i18n::t(ctx.locale, "web.kept.heading"),
                                  "<p class=\"govuk-body\">" + escape(i18n::t(ctx.locale, "web.kept.body")) +
                                      "</p>\n");
      main_html = filled;
    }
  }
  html += main_html;
  html += "\n</main>\n</div>\n" + footer(ctx.locale);
  html += "<script type=\"module\" src=\"/assets/app.js\"></script>\n</body>\n</html>\n";
  return html;
}

}  // namespace coproduce::web
