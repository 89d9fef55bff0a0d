// Tests for escaping, the page frame, GOV.UK components, the language switch
// route and the copied static assets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "web/components.hpp"
#include "web/forms.hpp"
#include "web/kept_form.hpp"
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

TEST(Components, DateInputIsAFieldsetOfThreeNumericBoxes) {
  std::string html = date_input("cy", {.id = "when", .label = "Pryd", .value = core::parts_of("2026-11-03")});
  EXPECT_TRUE(contains(html, "<fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"when-hint\">"));
  EXPECT_TRUE(contains(html, "<legend class=\"govuk-fieldset__legend\">Pryd</legend>"));
  EXPECT_TRUE(contains(html, "<div id=\"when-hint\" class=\"govuk-hint\">Er enghraifft, 27 3 2026</div>"));
  EXPECT_TRUE(contains(html, "<div class=\"govuk-date-input\" id=\"when\">"));
  EXPECT_TRUE(contains(html, "<label class=\"govuk-label govuk-date-input__label\" for=\"when-day\">Diwrnod</label>"));
  EXPECT_TRUE(contains(html, "for=\"when-month\">Mis</label>"));
  EXPECT_TRUE(contains(html, "for=\"when-year\">Blwyddyn</label>"));
  EXPECT_TRUE(contains(html, "<input class=\"govuk-input govuk-date-input__input govuk-input--width-2\" "
                             "id=\"when-day\" name=\"when-day\" type=\"text\" value=\"3\" inputmode=\"numeric\">"));
  EXPECT_TRUE(contains(html, "id=\"when-month\" name=\"when-month\" type=\"text\" value=\"11\" inputmode=\"numeric\""));
  EXPECT_TRUE(contains(html, "govuk-input--width-4\" id=\"when-year\" name=\"when-year\" type=\"text\" value=\"2026\""));
  EXPECT_FALSE(contains(html, "error"));
  // A hint of the form's own comes before the example; a name other than the id names the boxes.
  std::string named = date_input("en", {.id = "d", .name = "made_on", .label = "Date", .hint = "The day you did it."});
  EXPECT_TRUE(contains(named, "The day you did it. For example, 27 3 2026"));
  EXPECT_TRUE(contains(named, "id=\"d-day\" name=\"made_on-day\""));
}

TEST(Components, DateInputMarksOnlyTheBoxesInError) {
  // The month is missing: only the month box is marked; what was typed is shown again, escaped.
  std::string html = date_input("en", {.id = "made_on", .label = "Date of the contribution",
                                       .error = "Date of the contribution must include a month",
                                       .value = {"27", "", "2026\"<"}});
  EXPECT_TRUE(contains(html, "<div class=\"govuk-form-group govuk-form-group--error\">"));
  EXPECT_TRUE(contains(html, "aria-describedby=\"made_on-hint made_on-error\""));
  EXPECT_TRUE(contains(html, "<p id=\"made_on-error\" class=\"govuk-error-message\"><span "
                             "class=\"govuk-visually-hidden\">Error:</span> Date of the contribution must include a month</p>"));
  EXPECT_TRUE(contains(html, "govuk-input--width-2\" id=\"made_on-day\""));
  EXPECT_TRUE(contains(html, "govuk-input--width-2 govuk-input--error\" id=\"made_on-month\""));
  EXPECT_TRUE(contains(html, "value=\"2026&quot;&lt;\""));
  EXPECT_EQ(date_error_target("made_on", {"27", "", "2026"}), "made_on-month");
  // 31 April: the day.
  std::string april = date_input("en", {.id = "d", .label = "D", .error = "x", .value = {"31", "4", "2026"}});
  EXPECT_TRUE(contains(april, "govuk-input--width-2 govuk-input--error\" id=\"d-day\""));
  EXPECT_TRUE(contains(april, "govuk-input--width-2\" id=\"d-month\""));
  EXPECT_TRUE(contains(april, "govuk-input--width-4\" id=\"d-year\""));
  EXPECT_EQ(date_error_target("d", {"31", "4", "2026"}), "d-day");
  EXPECT_EQ(date_error_target("d", {"1", "4", "26"}), "d-year");
  // A real date that breaks another rule (in the future, before "from"): all three.
  std::string later = date_input("en", {.id = "d", .label = "D", .error = "x", .value = {"1", "4", "2099"}});
  EXPECT_TRUE(contains(later, "govuk-input--width-2 govuk-input--error\" id=\"d-day\""));
  EXPECT_TRUE(contains(later, "govuk-input--width-2 govuk-input--error\" id=\"d-month\""));
  EXPECT_TRUE(contains(later, "govuk-input--width-4 govuk-input--error\" id=\"d-year\""));
  EXPECT_EQ(date_error_target("d", {"1", "4", "2099"}), "d-day");
}

TEST(Forms, DatesAreReadFromTheBoxesAndTheirErrorsNameTheDate) {
  web::DateField made_on{"made_on", "Date of the contribution", {.required = true, .latest = "2026-03-27"}};
  // A real date: YYYY-MM-DD for the commands, the boxes kept as typed.
  http::Fields fields;
  auto good = take_date({{"made_on-day", "7"}, {"made_on-month", "3"}, {"made_on-year", "2026"}}, fields, made_on);
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(fields["made_on"], "2026-03-07");
  EXPECT_EQ(fields["made_on-day"], "7");
  EXPECT_EQ(date_value(fields, "made_on"), (core::DateParts{"7", "3", "2026"}));
  // Wrong boxes: a value no date check accepts, so nothing is written.
  http::Fields wrong;
  take_date({{"made_on-day", "27"}, {"made_on-year", "2026"}}, wrong, made_on);
  EXPECT_FALSE(core::is_iso_date(wrong["made_on"]));
  EXPECT_FALSE(wrong["made_on"].empty());
  // Blank: "" when optional, refused when required.
  http::Fields blank;
  take_date({}, blank, {"started_on", "Start date", {}});
  EXPECT_EQ(blank["started_on"], "");
  take_date({}, blank, made_on);
  EXPECT_FALSE(blank["made_on"].empty());
  // A stored date shows in the boxes.
  EXPECT_EQ(date_value({{"made_on", "2024-02-29"}}, "made_on"), (core::DateParts{"29", "2", "2024"}));

  // The messages, in English and Welsh, each naming the date.
  auto message = [&](std::string_view locale, core::DateParts typed) {
    return date_message(locale, made_on.label, core::read_date(typed, made_on.rules));
  };
  EXPECT_EQ(message("en", {"27", "", "2026"}), "Date of the contribution must include a month");
  EXPECT_EQ(message("en", {"", "", "2026"}), "Date of the contribution must include a day and month");
  EXPECT_EQ(message("en", {"31", "4", "2026"}), "Date of the contribution must be a real date");
  EXPECT_EQ(message("en", {"1", "3", "26"}), "Date of the contribution must include a year with 4 numbers, for example 2026");
  EXPECT_EQ(message("en", {"28", "3", "2026"}), "Date of the contribution must be today or in the past");
  EXPECT_EQ(message("en", {"", "", ""}), "Date of the contribution must include a day, month and year");
  EXPECT_EQ(message("en", {"1", "1", "1850"}), "Date of the contribution must be in a year from 1900 to 2100");
  EXPECT_EQ(message("en", {"27", "3", "2026"}), "");
  EXPECT_EQ(date_message("cy", "Dyddiad y cyfraniad", core::read_date({"27", "", "2026"})),
            "Dyddiad y cyfraniad: rhaid i'r dyddiad gynnwys mis");

  // The commands named the field; the page says why and links to the first box in error.
  FormErrors errors;
  errors.by_field["made_on"] = "Enter a real date as YYYY-MM-DD";
  errors.summary.push_back({"made_on", "Enter a real date as YYYY-MM-DD"});
  errors.by_field["hours"] = "Enter the hours";
  errors.summary.push_back({"hours", "Enter the hours"});
  date_errors("en", errors, {{"made_on-day", "31"}, {"made_on-month", ""}, {"made_on-year", "2026"}}, made_on);
  EXPECT_EQ(errors["made_on"], "Date of the contribution must include a month");
  EXPECT_EQ(errors.summary[0].field_id, "made_on-month");
  EXPECT_EQ(errors.summary[0].message, "Date of the contribution must include a month");
  EXPECT_EQ(errors.summary[1].field_id, "hours");
  // A rule only the command knows (a good date): its message stays, the link goes to the day.
  FormErrors other;
  other.by_field["made_on"] = "Before the start";
  other.summary.push_back({"made_on", "Before the start"});
  date_errors("en", other, {{"made_on", "2026-03-01"}}, made_on);
  EXPECT_EQ(other["made_on"], "Before the start");
  EXPECT_EQ(other.summary[0].field_id, "made_on-day");
  // No problem for the date: nothing changes.
  FormErrors none;
  date_errors("en", none, {{"made_on-day", "x"}}, made_on);
  EXPECT_TRUE(none.empty());
}

TEST(KeptForm, FillsTheFormPostingToTheKeptActionAndNothingElse) {
  auto request = get("/things/new");
  auto ctx = context(request);
  std::string form =
      form_open(ctx, "/things") +
      text_input("en", {.id = "name", .label = "Name", .value = "typed before"}) +
      text_input("en", {.id = "secret", .label = "Password", .type = "password"}) +
      textarea("en", {.id = "note", .label = "Note", .value = "old"}) +
      select("en", {.id = "phase", .label = "Phase", .options = {{"design", "Design"}, {"delivery", "Delivery"}},
                    .selected = "design"}) +
      radios("en", {.id = "kind", .name = "kind", .legend = "Kind", .options = {{"hours", "Hours"}, {"money", "Money"}},
                    .selected = {"hours"}}) +
      checkboxes("en", {.id = "d", .name = "driver", .legend = "Drivers",
                        .options = {{"a", "A"}, {"b", "B"}, {"c", "C"}}, .selected = {"a"}}) +
      date_input("en", {.id = "made_on", .label = "Date"}) + "</form>";
  std::string other = "<form method=\"post\" action=\"/other\" novalidate>" +
                      text_input("en", {.id = "name", .label = "Name"}) + "</form>";
  std::string html = other + form;
  http::KeptForm kept{"/things",
                      {{"name", "Ynys Môn & \"Co\""}, {"secret", "x"}, {"note", "<b>new</b>"}, {"phase", "delivery"},
                       {"kind", "money"}, {"driver", "b"}, {"driver", "c"}, {"made_on-day", "7"},
                       {"made_on-month", "3"}, {"made_on-year", "2026"}, {"csrf_token", "forged"}}};
  ASSERT_TRUE(fill_kept_form(html, kept));
  auto filled = html.substr(other.size());
  EXPECT_EQ(html.substr(0, other.size()), other) << "another form is left alone";
  EXPECT_TRUE(contains(filled, "value=\"Ynys Môn &amp; &quot;Co&quot;\""));
  EXPECT_FALSE(contains(filled, "typed before"));
  EXPECT_TRUE(contains(filled, "&lt;b&gt;new&lt;/b&gt;</textarea>"));
  EXPECT_TRUE(contains(filled, "<option value=\"delivery\" selected>"));
  EXPECT_TRUE(contains(filled, "<option value=\"design\">"));
  EXPECT_TRUE(contains(filled, "value=\"money\" checked"));
  EXPECT_FALSE(contains(filled, "value=\"hours\" checked"));
  EXPECT_FALSE(contains(filled, "value=\"a\" checked"));
  EXPECT_TRUE(contains(filled, "value=\"b\" checked"));
  EXPECT_TRUE(contains(filled, "value=\"c\" checked"));
  EXPECT_TRUE(contains(filled, "name=\"made_on-day\" type=\"text\" inputmode=\"numeric\" value=\"7\">"));
  EXPECT_TRUE(contains(filled, "name=\"made_on-year\" type=\"text\" inputmode=\"numeric\" value=\"2026\">"));
  EXPECT_FALSE(contains(filled, "forged")) << "the CSRF token stays the page's own";
  EXPECT_TRUE(contains(filled, "name=\"csrf_token\" value=\"tok&quot;en&lt;1&gt;\""));
  EXPECT_FALSE(contains(filled, "value=\"x\"")) << "a password box stays empty";
  // No form posting there: nothing changes.
  std::string without = other;
  EXPECT_FALSE(fill_kept_form(without, {"/elsewhere", {{"name", "x"}}}));
  EXPECT_EQ(without, other);
}

TEST(Components, CsrfFieldCarriesTheToken) {
  auto request = get("/");
  auto ctx = context(request);
  EXPECT_EQ(csrf_field(ctx),
            "<input type=\"hidden\" name=\"csrf_token\" value=\"tok&quot;en&lt;1&gt;\">"
            "<input type=\"hidden\" name=\"form_page\" value=\"/\">");
  // A form shown again after a POST still says where it lives; never another site.
  auto posted = get("/things");
  posted.method = http::Method::post;
  posted.body = "form_page=%2Fthings%2Fnew%3Fa%3D1&name=x";
  posted.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  EXPECT_EQ(form_page_of(context(posted)), "/things/new?a=1");
  posted.body = "form_page=%2F%2Fevil.example";
  EXPECT_EQ(form_page_of(context(posted)), "");
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
  // The web module's pages: the language switch and the data dictionary, both for everyone.
  std::vector<std::string> patterns;
  for (const auto& route : router.routes()) {
    patterns.push_back(route.pattern);
    EXPECT_EQ(route.method, http::Method::get) << route.pattern;
    EXPECT_TRUE(route.policy.allows(core::Principal{})) << route.pattern;
  }
  EXPECT_EQ(patterns, (std::vector<std::string>{"/language", "/data-dictionary"}));
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
