// Tests for catalogues (every module's files agree across en and cy), plural
// rules, locale formatting and language negotiation.
#include "i18n/i18n.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <limits>
#include <thread>

#include "core/error.hpp"
#include "i18n/catalogue.hpp"

using namespace coproduce;
using namespace coproduce::i18n;

namespace {

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

http::Request request_with(std::vector<std::pair<std::string, std::string>> query,
                           std::vector<std::pair<std::string, std::string>> headers) {
  http::Request request;
  request.query = std::move(query);
  request.headers = std::move(headers);
  return request;
}

const char* kEnglishFixture = R"({
  "demo.greeting": "Hello {name}",
  "demo.only_english": "Only in English",
  "demo.items": {"one": "{count} item", "other": "{count} items"}
})";
const char* kWelshFixture = R"({
  "demo.greeting": "Helo {name}",
  "demo.items": {"zero": "zero {count}", "one": "one {count}", "two": "two {count}",
                 "few": "few {count}", "many": "many {count}", "other": "other {count}"}
})";

Catalogue fixture_catalogue() {
  Catalogue catalogue;
  catalogue.add_file({"demo", "en", "demo/en.json", kEnglishFixture});
  catalogue.add_file({"demo", "cy", "demo/cy.json", kWelshFixture});
  return catalogue;
}

}  // namespace

TEST(Catalogues, InstalledFilesAreReadByTAndInstallingTwiceIsHarmless) {
  install({{"demo", "en", "demo/en.json", kEnglishFixture}, {"demo", "cy", "demo/cy.json", kWelshFixture}});
  install({{"demo", "en", "demo/en.json", kEnglishFixture}});
  EXPECT_EQ(t("cy", "demo.greeting", {{"name", "Mair"}}), "Helo Mair");
  EXPECT_EQ(t("cy", "demo.only_english"), "Only in English");  // falls back to English
  EXPECT_EQ(plural("cy", "demo.items", 2), "two 2");
  // The same path with other text is refused, and nothing of that call is added.
  EXPECT_THROW(install({{"later", "en", "later/en.json", R"({"later.a": "A"})"},
                        {"demo", "en", "demo/en.json", R"({"demo.greeting": "Hi"})"}}),
               std::runtime_error);
  EXPECT_EQ(t("en", "later.a"), "later.a");
  EXPECT_EQ(t("en", "demo.greeting", {{"name", "Mair"}}), "Hello Mair");
}

TEST(Catalogues, CheckCatchesAKeyMissingFromWelsh) {
  auto problems = check_catalogues({{"demo", "en", "demo/en.json", kEnglishFixture},
                                    {"demo", "cy", "demo/cy.json", kWelshFixture}});
  ASSERT_EQ(problems.size(), 1u) << joined_lines(problems);
  EXPECT_NE(problems[0].find("\"demo.only_english\": missing from cy.json"), std::string::npos)
      << problems[0];
}

TEST(Catalogues, CheckCatchesPlaceholderPluralAndNamespaceMistakes) {
  auto problems = check_catalogues(
      {{"demo", "en", "demo/en.json", R"({"demo.a": "{name}", "demo.n": {"one": "x", "other": "y"},
                                          "other.key": "z"})"},
       {"demo", "cy", "demo/cy.json", R"({"demo.a": "{enw}", "demo.n": {"one": "x", "other": "y"},
                                          "other.key": "z"})"}});
  std::string all = joined_lines(problems);
  EXPECT_NE(all.find("placeholders {name} differ from cy.json's {enw}"), std::string::npos) << all;
  EXPECT_NE(all.find("plural form \"zero\" is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("plural form \"many\" is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("key must start with \"demo.\""), std::string::npos) << all;
}

TEST(Catalogues, CheckCatchesAMissingLocaleFileAndBadJson) {
  auto problems = check_catalogues({{"solo", "en", "solo/en.json", R"({"solo.a": "A"})"},
                                    {"bad", "en", "bad/en.json", R"({"bad.a": )"},
                                    {"bad", "cy", "bad/cy.json", R"({"bad.a": 3})"}});
  std::string all = joined_lines(problems);
  EXPECT_NE(all.find("module solo has no messages/cy.json"), std::string::npos) << all;
  EXPECT_NE(all.find("bad/en.json: not valid JSON"), std::string::npos) << all;
  EXPECT_NE(all.find("\"bad.a\" must be a string or an object"), std::string::npos) << all;
}

TEST(Catalogues, DuplicateKeysAcrossFilesAreRefused) {
  Catalogue catalogue;
  catalogue.add_file({"a", "en", "a/en.json", R"({"a.x": "1"})"});
  EXPECT_THROW(catalogue.add_file({"b", "en", "b/en.json", R"({"a.x": "2"})"}), std::runtime_error);
}

TEST(Messages, FillPlaceholdersAndFallBack) {
  auto catalogue = fixture_catalogue();
  EXPECT_EQ(catalogue.text("en", "demo.greeting", {{"name", "Tackley"}}), "Hello Tackley");
  EXPECT_EQ(catalogue.text("cy", "demo.greeting", {{"name", "Tackley"}}), "Helo Tackley");
  EXPECT_EQ(catalogue.text("cy", "demo.only_english", {}), "Only in English");
  EXPECT_EQ(catalogue.text("cy", "demo.nowhere", {}), "demo.nowhere");
  EXPECT_EQ(catalogue.text("fr", "demo.greeting", {{"name", "X"}}), "Hello X");
  EXPECT_EQ(catalogue.text("en", "demo.greeting", {}), "Hello {name}");
  EXPECT_EQ(t("cy", "no.such.key"), "no.such.key");
}

TEST(Plurals, WelshUsesAllSixCategories) {
  auto catalogue = fixture_catalogue();
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 0, {}), "zero 0");
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 1, {}), "one 1");
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 2, {}), "two 2");
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 3, {}), "few 3");
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 6, {}), "many 6");
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 7, {}), "other 7");
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 100, {}), "other 100");
  EXPECT_EQ(catalogue.plural("cy", "demo.items", 1000, {}), "other 1,000");
  EXPECT_EQ(plural_categories("cy"),
            (std::set<std::string>{"zero", "one", "two", "few", "many", "other"}));
}

TEST(Plurals, EnglishUsesOneAndOther) {
  auto catalogue = fixture_catalogue();
  EXPECT_EQ(catalogue.plural("en", "demo.items", 0, {}), "0 items");
  EXPECT_EQ(catalogue.plural("en", "demo.items", 1, {}), "1 item");
  EXPECT_EQ(catalogue.plural("en", "demo.items", 2, {}), "2 items");
  EXPECT_EQ(catalogue.plural("en", "demo.items", 1234, {}), "1,234 items");
  EXPECT_EQ(plural_categories("en"), (std::set<std::string>{"one", "other"}));
}

TEST(Formatting, Numbers) {
  EXPECT_EQ(format_number("en", 1234567), "1,234,567");
  EXPECT_EQ(format_number("cy", 1234567), "1,234,567");
  EXPECT_EQ(format_number("en", -42), "-42");
  EXPECT_EQ(format_number("cy", 0), "0");
}

TEST(Formatting, MoneyIsExact) {
  EXPECT_EQ(format_money("en", 123456, "GBP"), "£1,234.56");
  EXPECT_EQ(format_money("cy", 123456, "GBP"), "£1,234.56");
  EXPECT_EQ(format_money("en", 5, "GBP"), "£0.05");
  EXPECT_EQ(format_money("en", -250, "GBP"), "-£2.50");
  EXPECT_EQ(format_money("en", 41500000, "GBP"), "£415,000.00");
  // Beyond double precision: every digit survives.
  EXPECT_EQ(format_money("en", std::numeric_limits<std::int64_t>::max(), "GBP"),
            "£92,233,720,368,547,758.07");
  EXPECT_EQ(format_money("en", std::numeric_limits<std::int64_t>::min(), "GBP"),
            "-£92,233,720,368,547,758.08");
  EXPECT_EQ(format_money("en", 250, "EUR"), "€2.50");
  EXPECT_EQ(format_money("en", 1234, "JPY"), "JP¥1,234");  // no minor unit
}

TEST(Formatting, MoneyRefusesABadCurrencyCode) {
  for (std::string_view bad : {"", "gbp", "GB", "GBPX", "£"}) {
    try {
      format_money("en", 1, bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const core::Error& e) {
      EXPECT_EQ(e.field(), "currency");
    }
  }
}

TEST(Formatting, DatesInLongForm) {
  EXPECT_EQ(format_date("en", "2026-11-23"), "23 November 2026");
  EXPECT_EQ(format_date("cy", "2026-11-23"), "23 Tachwedd 2026");
  EXPECT_EQ(format_date("cy", "2024-02-29"), "29 Chwefror 2024");
  EXPECT_EQ(format_date("en", "1989-01-01"), "1 January 1989");
  EXPECT_EQ(format_date("en", "1900-02-28"), "28 February 1900");
  EXPECT_EQ(format_date("en", "1066-10-14"), "14 October 1066");  // proleptic Gregorian
}

TEST(Formatting, DatesRefuseWhatIsNotADate) {
  for (std::string_view bad : {"", "2026-02-30", "23/11/2026", "2026-13-01", "2026-11-23T10:00"}) {
    try {
      format_date("en", bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const core::Error& e) {
      EXPECT_EQ(e.field(), "date");
    }
  }
}

// Requests are served on several threads; the shared ICU objects must give
// the same answers under concurrent use.
TEST(Formatting, IsSafeAcrossThreads) {
  const Catalogue catalogue = fixture_catalogue();
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&catalogue, &wrong, t] {
      std::string locale = t % 2 ? "cy" : "en";
      std::string expected_date = t % 2 ? "23 Tachwedd 2026" : "23 November 2026";
      for (int i = 0; i < 500; ++i) {
        if (format_date(locale, "2026-11-23") != expected_date) ++wrong;
        if (format_money(locale, 123456, "GBP") != "£1,234.56") ++wrong;
        if (catalogue.plural(locale, "demo.items", 1000 + i, {})
                .find(format_number(locale, 1000 + i)) == std::string::npos)
          ++wrong;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Negotiation, DefaultsToEnglish) {
  EXPECT_EQ(negotiate(request_with({}, {})), "en");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "fr-FR, de;q=0.5"}})), "en");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", ""}})), "en");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", ";;;q=,,"}})), "en");
}

TEST(Negotiation, FollowsAcceptLanguageWithQValues) {
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "cy-GB"}})), "cy");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "cy-GB,cy;q=0.9,en;q=0.8"}})), "cy");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "en-GB,en;q=0.9,cy;q=0.8"}})), "en");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "en;q=0.5, cy;q=0.8"}})), "cy");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "fr, CY;q=0.1"}})), "cy");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "cy;q=0, en;q=0.2"}})), "en");
  EXPECT_EQ(negotiate(request_with({}, {{"accept-language", "cy;q=0"}})), "en");
}

TEST(Negotiation, CookieBeatsAcceptLanguage) {
  EXPECT_EQ(negotiate(request_with(
                {}, {{"cookie", "session=abc; cp_lang=cy"}, {"accept-language", "en-GB"}})),
            "cy");
  EXPECT_EQ(negotiate(request_with({}, {{"cookie", "cp_lang=en"}, {"accept-language", "cy"}})),
            "en");
  // An unsupported remembered value is ignored, not obeyed.
  EXPECT_EQ(negotiate(request_with({}, {{"cookie", "cp_lang=xx"}, {"accept-language", "cy"}})),
            "cy");
  EXPECT_EQ(negotiate(request_with({}, {{"cookie", "not_cp_lang=cy"}})), "en");
}

TEST(Negotiation, QueryParameterWins) {
  EXPECT_EQ(negotiate(request_with({{"lang", "cy"}},
                                   {{"cookie", "cp_lang=en"}, {"accept-language", "en"}})),
            "cy");
  EXPECT_EQ(negotiate(request_with({{"lang", "en"}}, {{"cookie", "cp_lang=cy"}})), "en");
  EXPECT_EQ(negotiate(request_with({{"lang", "klingon"}}, {{"cookie", "cp_lang=cy"}})), "cy");
}
