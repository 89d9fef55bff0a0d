// Tests for escaping, the page frame, GOV.UK components, the language switch
// route and the copied static assets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "web/components.hpp"
#include "web/html.hpp"
#include "module/testing.hpp"
#include "web/layout.hpp"
#include "web/module.hpp"
#include "web/routes.hpp"

using namespace coproduce;
using namespace coproduce::web;

namespace {

// The web module, and one navigation entry as another module would declare it.
module::Registry& registry() {
  static module::Registry& loaded = module::testing::load(
      {{"web", web::load},
       {"navtest", [](module::Loader& l) { l.nav({"/map", "web.service_name", module::kPublic, 10}); }}});
  return loaded;
}
const bool loaded = (registry(), true);

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

http::Request get(std::string path, std::vector<std::pair<std::string, std::string>> query = {}) {
  http::Request request;
  request.path = std::move(path);
  request.query = std::move(query);
  return request;
}

http::Context context(const http::Request& request, std::string locale = "en") {
  http::Context ctx{request, {}, {}, {}, {}, {}};
  ctx.locale = std::move(locale);
  ctx.csrf_token = "tok\"en<1>";
  return ctx;
}

}  // namespace

TEST(Escape, NeutralisesHostileText) {
  EXPECT_EQ(escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(escape("\" onmouseover=\"evil()"), "&quot; onmouseover=&quot;evil()");
  EXPECT_EQ(escape("Fish & Chips &amp;"), "Fish &amp; Chips &amp;amp;");
  EXPECT_EQ(escape("Caerdydd – £5"), "Caerdydd – £5");
  EXPECT_EQ(escape(""), "");
}

TEST(Urls, EncodeQueryValues) {
  EXPECT_EQ(url_encode("/map?area=a b&x=ŵ"), "%2Fmap%3Farea%3Da%20b%26x%3D%C5%B5");
  EXPECT_EQ(path_with_query("/map", {{"area", "north east"}, {"co", "co_design"}}),
            "/map?area=north%20east&co=co_design");
  EXPECT_EQ(path_with_query("/map", {}), "/map");
  EXPECT_EQ(path_with_query("/areas/Ynys Môn?", {{"a", "1"}}), "/areas/Ynys%20M%C3%B4n%3F?a=1");
}

TEST(Page, HasLangTitleSkipLinkAndAssets) {
  auto request = get("/map");
  auto ctx = context(request, "cy");
  std::string html = page(ctx, {.title = "Map <cydgynhyrchu>"}, "<p>Cynnwys</p>");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"cy\" class=\"govuk-template\">", 0), 0u);
  EXPECT_TRUE(contains(html, "<title>Map &lt;cydgynhyrchu&gt; – coproduce</title>"));
  EXPECT_TRUE(contains(html, "<meta name=\"viewport\""));
  EXPECT_TRUE(contains(html, "href=\"#main-content\" class=\"govuk-skip-link\""));
  EXPECT_TRUE(contains(html, "Neidio i&#39;r prif gynnwys"));
  EXPECT_TRUE(contains(html,
                       "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n"
                       "<p>Cynnwys</p>"));
  EXPECT_TRUE(contains(html, "<body class=\"govuk-template__body\">"));
  EXPECT_TRUE(contains(html, "href=\"/assets/govuk-frontend.min.css\""));
  EXPECT_TRUE(contains(html, "href=\"/assets/app.css\""));
  EXPECT_TRUE(contains(html, "<script src=\"/assets/js-enabled.js\"></script>"));
  EXPECT_TRUE(contains(html, "<script type=\"module\" src=\"/assets/app.js\"></script>"));
  EXPECT_FALSE(contains(html, "<script>")) << "inline scripts would break the CSP";
  EXPECT_TRUE(contains(html, "govuk-phase-banner"));
  EXPECT_TRUE(contains(html, "class=\"govuk-footer\""));
  EXPECT_FALSE(contains(html, "web.")) << "a message key was not found in the catalogue";
}

TEST(Page, LanguageSwitchKeepsPathAndQueryAndMarksTheCurrentLanguage) {
  auto request = get("/map", {{"area", "north east"}, {"lang", "en"}, {"phase", "design"}});
  auto ctx = context(request, "en");
  std::string html = page(ctx, {.title = "Map"}, "");
  EXPECT_TRUE(contains(html, "<nav class=\"govuk-language-navigation\" aria-label=\"Language\">"));
  EXPECT_TRUE(contains(html,
                       "<span class=\"govuk-language-navigation__text\" lang=\"en\" "
                       "aria-current=\"true\">English</span>"));
  EXPECT_TRUE(contains(html,
                       "href=\"/language?lang=cy&amp;return=%2Fmap%3Farea%3Dnorth%2520east"
                       "%26phase%3Ddesign\" lang=\"cy\" hreflang=\"cy\" "
                       "rel=\"alternate\">Cymraeg</a>"))
      << html;
  auto welsh_ctx = context(request, "cy");
  std::string welsh = page(welsh_ctx, {.title = "Map"}, "");
  EXPECT_TRUE(contains(welsh, "lang=\"en\" hreflang=\"en\" rel=\"alternate\">English</a>"));
  EXPECT_TRUE(contains(welsh, "lang=\"cy\" aria-current=\"true\">Cymraeg</span>"));
  EXPECT_TRUE(contains(welsh, "aria-label=\"Iaith\""));
}

TEST(Page, NavigationOffersSignInOrASignOutFormWithTheCsrfToken) {
  auto request = get("/map");
  auto anonymous = context(request);
  std::string html = page(anonymous, {.title = "Map", .current_nav = std::string(kMapPath)}, "");
  EXPECT_TRUE(contains(html, "href=\"/login\">Sign in</a>"));
  EXPECT_TRUE(contains(html, "href=\"/map\" aria-current=\"page\""));
  EXPECT_FALSE(contains(html, "action=\"/logout\""));

  auto signed_in = context(request, "cy");
  signed_in.principal.account_id = "acc1";
  std::string welsh = page(signed_in, {.title = "Map"}, "");
  EXPECT_TRUE(contains(welsh, "<form method=\"post\" action=\"/logout\""));
  EXPECT_TRUE(contains(welsh, "name=\"csrf_token\" value=\"tok&quot;en&lt;1&gt;\""));
  EXPECT_TRUE(contains(welsh, ">Allgofnodi</button>"));
  EXPECT_FALSE(contains(welsh, "Mewngofnodi</a>"));
}

TEST(Page, ErrorSummaryLinksToFieldsAndPrefixesTheTitle) {
  auto request = get("/contributions/new");
  auto ctx = context(request);
  std::string html = page(ctx,
                          {.title = "Record a contribution",
                           .error_summary = {{"hours", "Enter the hours as a whole number"},
                                             {"role", "Choose a <role>"}}},
                          "");
  EXPECT_TRUE(contains(html, "<title>Error: Record a contribution – coproduce</title>"));
  EXPECT_TRUE(contains(html, "class=\"govuk-error-summary\" data-module=\"govuk-error-summary\""));
  EXPECT_TRUE(contains(html, "There is a problem"));
  EXPECT_TRUE(contains(html, "<a href=\"#hours\">Enter the hours as a whole number</a>"));
  EXPECT_TRUE(contains(html, "<a href=\"#role\">Choose a &lt;role&gt;</a>"));
  // The summary comes first inside <main>.
  EXPECT_LT(html.find("id=\"main-content\""), html.find("govuk-error-summary"));

  auto welsh_ctx = context(request, "cy");
  std::string welsh = page(welsh_ctx, {.title = "Cofnodi", .error_summary = {{"x", "y"}}}, "");
  EXPECT_TRUE(contains(welsh, "<title>Gwall: Cofnodi – coproduce</title>"));
  EXPECT_TRUE(contains(welsh, "Mae problem"));
  EXPECT_FALSE(contains(page(ctx, {.title = "Fine"}, ""), "govuk-error-summary"));
}

TEST(Page, BreadcrumbsAreEscapedLinks) {
  auto request = get("/initiatives/1");
  auto ctx = context(request);
  std::string html = page(
      ctx, {.title = "Tackley", .breadcrumbs = {{"Map", "/map"}, {"A & B", "/x?a=1&b=2"}}}, "");
  EXPECT_TRUE(contains(html, "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\">"));
  EXPECT_TRUE(contains(html, "href=\"/x?a=1&amp;b=2\">A &amp; B</a>"));
}

TEST(Components, TextInputTiesLabelHintAndErrorToTheInput) {
  std::string html = text_input("en", {.id = "hours",
                                       .label = "Hours",
                                       .hint = "Whole hours",
                                       .error = "Enter a number",
                                       .value = "\"><script>",
                                       .inputmode = "numeric"});
  EXPECT_TRUE(contains(html, "govuk-form-group--error"));
  EXPECT_TRUE(contains(html, "<label class=\"govuk-label\" for=\"hours\">Hours</label>"));
  EXPECT_TRUE(contains(html, "<div id=\"hours-hint\" class=\"govuk-hint\">Whole hours</div>"));
  EXPECT_TRUE(contains(html,
                       "<p id=\"hours-error\" class=\"govuk-error-message\">"
                       "<span class=\"govuk-visually-hidden\">Error:</span> Enter a number"));
  EXPECT_TRUE(contains(html, "id=\"hours\" name=\"hours\" type=\"text\""));
  EXPECT_TRUE(contains(html, "value=\"&quot;&gt;&lt;script&gt;\""));
  EXPECT_TRUE(contains(html, "inputmode=\"numeric\""));
  EXPECT_TRUE(contains(html, "aria-describedby=\"hours-hint hours-error\""));
  EXPECT_TRUE(contains(html, "govuk-input govuk-input--error"));

  std::string plain = text_input("cy", {.id = "name", .name = "full_name", .label = "Enw"});
  EXPECT_FALSE(contains(plain, "aria-describedby"));
  EXPECT_FALSE(contains(plain, "govuk-form-group--error"));
  EXPECT_TRUE(contains(plain, "id=\"name\" name=\"full_name\""));
  std::string welsh_error = text_input("cy", {.id = "n", .label = "Enw", .error = "Rhowch enw"});
  EXPECT_TRUE(contains(welsh_error, "Gwall:</span> Rhowch enw"));
  EXPECT_TRUE(contains(welsh_error, "aria-describedby=\"n-error\""));
}

TEST(Components, TextareaAndSelect) {
  std::string area = textarea(
      "en", {.id = "notes", .label = "Notes", .hint = "Optional", .value = "</textarea><b>"});
  EXPECT_TRUE(contains(area, "for=\"notes\""));
  EXPECT_TRUE(contains(area, "aria-describedby=\"notes-hint\""));
  EXPECT_TRUE(contains(area, ">&lt;/textarea&gt;&lt;b&gt;</textarea>"));

  std::string choice =
      select("en", {.id = "phase",
                    .label = "Phase",
                    .error = "Choose a phase",
                    .options = {{"design", "Design"}, {"delivering", "Delivering"}},
                    .selected = "delivering"});
  EXPECT_TRUE(contains(choice, "<label class=\"govuk-label\" for=\"phase\">Phase</label>"));
  EXPECT_TRUE(contains(choice, "class=\"govuk-select govuk-select--error\" id=\"phase\""));
  EXPECT_TRUE(contains(choice, "aria-describedby=\"phase-error\""));
  EXPECT_TRUE(contains(choice, "<option value=\"delivering\" selected>Delivering</option>"));
  EXPECT_TRUE(contains(choice, "<option value=\"design\">Design</option>"));
}

TEST(Components, RadiosAndCheckboxesUseAFieldsetAndItemIds) {
  Choices role{.id = "role",
               .legend = "Role",
               .hint = "Who contributed",
               .error = "Choose a role",
               .options = {{"professional", "Professional", "Paid staff"},
                           {"service_user", "Service user"},
                           {"community_member", "Community member"}},
               .selected = {"service_user"}};
  std::string html = radios("en", role);
  EXPECT_TRUE(contains(html,
                       "<fieldset class=\"govuk-fieldset\" "
                       "aria-describedby=\"role-hint role-error\">"));
  EXPECT_TRUE(contains(html, "<legend class=\"govuk-fieldset__legend"));
  EXPECT_TRUE(contains(html, "id=\"role-error\""));
  EXPECT_TRUE(contains(html,
                       "id=\"role\" name=\"role\" type=\"radio\" value=\"professional\" "
                       "aria-describedby=\"role-item-hint\""));
  EXPECT_TRUE(
      contains(html, "<div id=\"role-item-hint\" class=\"govuk-hint govuk-radios__hint\">"));
  EXPECT_TRUE(contains(html,
                       "id=\"role-2\" name=\"role\" type=\"radio\" value=\"service_user\" "
                       "checked>"));
  EXPECT_TRUE(contains(html, "for=\"role-3\">Community member</label>"));
  EXPECT_TRUE(contains(html, "data-module=\"govuk-radios\""));

  role.selected = {"professional", "community_member"};
  role.error.clear();
  std::string boxes = checkboxes("cy", role);
  EXPECT_TRUE(contains(boxes, "type=\"checkbox\" value=\"professional\" checked"));
  EXPECT_TRUE(contains(boxes, "type=\"checkbox\" value=\"community_member\" checked"));
  EXPECT_TRUE(contains(boxes, "aria-describedby=\"role-hint\">"));
  EXPECT_TRUE(contains(boxes, "class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\""));
}

TEST(Components, DateInputExplainsTheFormat) {
  std::string html = date_input("cy", {.id = "when", .label = "Pryd", .value = "2026-11-23"});
  EXPECT_TRUE(contains(html, "for=\"when\""));
  EXPECT_TRUE(
      contains(html, "<div id=\"when-hint\" class=\"govuk-hint\">Er enghraifft, 2026-11-23"));
  EXPECT_TRUE(contains(html, "aria-describedby=\"when-hint\""));
  EXPECT_TRUE(contains(html, "value=\"2026-11-23\""));
}

TEST(Components, CsrfFieldCarriesTheToken) {
  auto request = get("/");
  auto ctx = context(request);
  EXPECT_EQ(csrf_field(ctx),
            "<input type=\"hidden\" name=\"csrf_token\" value=\"tok&quot;en&lt;1&gt;\">");
}

TEST(Components, ButtonsTablesListsAndTheRest) {
  EXPECT_TRUE(
      contains(button({.label = "Save & continue"}),
               "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
               "Save &amp; continue</button>"));
  EXPECT_TRUE(contains(button({.label = "Filter", .secondary = true}), "govuk-button--secondary"));
  EXPECT_TRUE(contains(button_link("Record", "/x"), "href=\"/x\" role=\"button\""));

  std::string list = summary_list({{"Phase <1>", "<b>Design</b>"}});
  EXPECT_TRUE(contains(list, "<dt class=\"govuk-summary-list__key\">Phase &lt;1&gt;</dt>"));
  EXPECT_TRUE(contains(list, "<dd class=\"govuk-summary-list__value\"><b>Design</b></dd>"));

  std::string grid = table({.caption = "Hours",
                            .headers = {"Phase", "Citizens"},
                            .rows_html = {{"Design", "14"}},
                            .numeric = {false, true},
                            .first_cell_is_header = true});
  EXPECT_TRUE(
      contains(grid, "<caption class=\"govuk-table__caption govuk-table__caption--m\">Hours"));
  EXPECT_TRUE(contains(
      grid,
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Citizens"));
  EXPECT_TRUE(contains(grid, "<th scope=\"row\" class=\"govuk-table__header\">Design</th>"));
  EXPECT_TRUE(contains(grid, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">14</td>"));

  EXPECT_EQ(tag("Co-design", "green"),
            "<strong class=\"govuk-tag govuk-tag--green\">Co-design</strong>");
  EXPECT_EQ(inset_text("<p>x</p>"), "<div class=\"govuk-inset-text\"><p>x</p></div>\n");
  EXPECT_TRUE(contains(details("Why <this>?", "<p>Because</p>"),
                       "<span class=\"govuk-details__summary-text\">Why &lt;this&gt;?</span>"));

  std::string saved = notification_banner("cy", "Cadwyd", "", true);
  EXPECT_TRUE(contains(saved, "govuk-notification-banner--success\" role=\"alert\""));
  EXPECT_TRUE(contains(saved, ">Llwyddiant</h2>"));
  EXPECT_TRUE(contains(notification_banner("en", "Note"), "role=\"region\""));
  EXPECT_TRUE(contains(error_message("en", "x", "Bad"), "<p id=\"x-error\""));
}

TEST(Components, PaginationMarksTheCurrentPage) {
  std::string html = pagination("cy", {.previous_href = "/map?page=1",
                                       .next_href = "/map?page=3",
                                       .pages = {{1, "/map?page=1"}, {2, "/map?page=2"}},
                                       .current = 2});
  EXPECT_TRUE(contains(html, "aria-label=\"Tudalennu\""));
  EXPECT_TRUE(
      contains(html, "href=\"/map?page=2\" aria-label=\"Tudalen 2\" aria-current=\"page\">2"));
  EXPECT_TRUE(contains(html, "rel=\"prev\""));
  EXPECT_TRUE(contains(html, "Tudalen nesaf"));
}

TEST(LanguageRoute, SetsTheCookieAndReturnsToTheLocalPath) {
  auto request = get("/language", {{"lang", "cy"}, {"return", "/map?area=north&phase=design"}});
  auto ctx = context(request);
  auto response = switch_language(ctx);
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.header("Location"), "/map?area=north&phase=design");
  auto cookie = response.header("Set-Cookie");
  ASSERT_TRUE(cookie.has_value());
  EXPECT_TRUE(contains(*cookie, "cp_lang=cy"));
  EXPECT_TRUE(contains(*cookie, "Max-Age=31536000"));

  EXPECT_FALSE(contains(*cookie, "Secure"));

  // The server sets `secure` when a trusted proxy says the client used TLS.
  auto behind_tls = get("/language", {{"lang", "cy"}, {"return", "/map"}});
  behind_tls.secure = true;
  auto tls_ctx = context(behind_tls);
  EXPECT_TRUE(contains(switch_language(tls_ctx).header("Set-Cookie").value_or(""), "Secure"));

  auto home = get("/language", {{"lang", "en"}});
  auto home_ctx = context(home);
  EXPECT_EQ(switch_language(home_ctx).header("Location"), "/");
}

TEST(LanguageRoute, RefusesOffSiteReturnPathsAndUnknownLanguages) {
  for (std::string bad :
       {"//evil.com", "http://evil.com", "https://evil.com/x", "javascript:alert(1)", "/\\evil.com",
        "evil.com", "/map\r\nSet-Cookie: x=1", ""}) {
    auto request = get("/language", {{"lang", "cy"}, {"return", bad}});
    auto ctx = context(request);
    auto response = switch_language(ctx);
    EXPECT_EQ(response.status, 422) << bad;
    EXPECT_FALSE(response.header("Location").has_value()) << bad;
    EXPECT_FALSE(response.header("Set-Cookie").has_value()) << bad;
    EXPECT_TRUE(contains(response.body, "return")) << response.body;
  }
  for (std::string bad : {"fr", "", "cy;x"}) {
    auto request = get("/language", {{"lang", bad}, {"return", "/map"}});
    auto ctx = context(request);
    auto response = switch_language(ctx);
    EXPECT_EQ(response.status, 422) << bad;
    EXPECT_TRUE(contains(response.body, "lang")) << response.body;
  }
  EXPECT_EQ(local_return_path("/initiatives/42?x=1#top"), "/initiatives/42?x=1#top");
}

TEST(LanguageRoute, IsRegisteredForEveryone) {
  http::Router router;
  registry().add_routes(router);
  ASSERT_EQ(router.routes().size(), 1u);
  const auto& route = router.routes().front();
  EXPECT_EQ(route.method, http::Method::get);
  EXPECT_EQ(route.pattern, "/language");
  EXPECT_TRUE(route.policy.allows(core::Principal{}));
}

TEST(Assets, GovukFilesAndEveryUrlTheCssNeedsAreCopied) {
  std::filesystem::path assets(COPRODUCE_ASSETS_DIR);
  for (const char* file : {"govuk-frontend.min.css", "govuk-frontend.min.js", "app.css", "app.js",
                           "js-enabled.js", "images/favicon.ico", "images/favicon.svg"})
    EXPECT_TRUE(std::filesystem::exists(assets / file)) << file;
  std::ifstream css_file(assets / "govuk-frontend.min.css");
  std::stringstream css;
  css << css_file.rdbuf();
  std::string text = css.str();
  std::regex url_pattern(R"re(url\((/assets/[^)"']+)\))re");
  int urls = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), url_pattern), end; it != end; ++it) {
    ++urls;
    std::string path = (*it)[1].str().substr(std::string("/assets/").size());
    EXPECT_TRUE(std::filesystem::exists(assets / path)) << path;
  }
  EXPECT_GE(urls, 4) << "the CSS should refer to its fonts and images under /assets/";
}

TEST(ErrorPage, ExplainsTheErrorInThePersonsLanguage) {
  auto request = get("/initiatives/zzz");
  auto ctx = context(request, "cy");
  auto response = error_page(ctx, core::not_found("initiative <zzz>"));
  EXPECT_EQ(response.status, 404);
  EXPECT_TRUE(contains(response.body, "<html lang=\"cy\""));
  EXPECT_TRUE(
      contains(response.body, "<h1 class=\"govuk-heading-l\">Heb ddod o hyd i&#39;r dudalen</h1>"));
  EXPECT_FALSE(contains(response.body, "initiative &lt;zzz&gt;")) << "an English-only detail is not shown in Welsh";
  EXPECT_TRUE(contains(response.body, "href=\"/map\""));
  EXPECT_FALSE(contains(response.body, "web.")) << "a message key was not found";
  auto english = context(request, "en");
  EXPECT_TRUE(contains(error_page(english, core::not_found("initiative <zzz>")).body, "initiative &lt;zzz&gt; not found"))
      << "shown, escaped, in English";
}

TEST(ErrorPage, OffersSignInAndHidesServerInternals) {
  auto request = get("/contributions/new", {{"initiative", "a b"}});
  auto ctx = context(request);
  auto unauthenticated = error_page(ctx, core::unauthenticated());
  EXPECT_EQ(unauthenticated.status, 401);
  EXPECT_TRUE(contains(unauthenticated.body, "Sign in to continue"));
  EXPECT_TRUE(contains(unauthenticated.body,
                       "href=\"/login?return=%2Fcontributions%2Fnew%3Finitiative%3Da%2520b\""));

  auto broken = error_page(ctx, core::Error(500, "internal", "SQLITE_BUSY at /var/lib/x.db"));
  EXPECT_EQ(broken.status, 500);
  EXPECT_TRUE(contains(broken.body, "Sorry, there is a problem with the service"));
  EXPECT_FALSE(contains(broken.body, "SQLITE_BUSY"));

  auto invalid = error_page(ctx, core::invalid("hours", "hours must be a whole number"));
  EXPECT_EQ(invalid.status / 100, 4);
  EXPECT_TRUE(contains(invalid.body, "hours must be a whole number"));
}
