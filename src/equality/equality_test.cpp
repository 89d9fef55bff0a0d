// Tests for equality monitoring: the suppression of small groups (primary and
// secondary, and an invariant over many random tables), the questions'
// validation, the report built from counts, the repository on SQLite and
// PostgreSQL (answers saved, changed and withdrawn; audit events without
// values; contributors counted from the ledger; personal data), and the pages
// and API through the real request pipeline.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "access/test_client.hpp"
#include "access/test_support.hpp"
#include "equality/module.hpp"
#include "equality/questions.hpp"
#include "equality/report.hpp"
#include "equality/repository.hpp"
#include "core/disclosure.hpp"
#include "map/module.hpp"

using namespace coproduce;
using namespace coproduce::equality;

namespace {

std::vector<bool> hidden(const std::vector<Cell>& cells) {
  std::vector<bool> out;
  for (const auto& c : cells) out.push_back(c.hidden());
  return out;
}

// ---- suppression (pure) -----------------------------------------------------

TEST(Suppression, CountsOfTenOrMoreAreShown) {
  auto cells = suppress({10, 25, 40}, {{0, 1, 2}});
  EXPECT_EQ(hidden(cells), (std::vector<bool>{false, false, false}));
}

TEST(Suppression, EveryCountUnderTenIsHiddenZeroIncluded) {
  auto cells = suppress({9, 0, 1, 30}, {});
  EXPECT_EQ(cells[0].shown, Shown::primary);
  EXPECT_EQ(cells[1].shown, Shown::primary);
  EXPECT_EQ(cells[2].shown, Shown::primary);
  EXPECT_EQ(cells[3].shown, Shown::shown);
}

TEST(Suppression, ALoneHiddenCellInASumTakesTheSmallestShownCellWithIt) {
  // 40 + 15 + 4 = 59 is shown: hiding only the 4 would leave it as 59 - 55.
  auto cells = suppress({40, 15, 4, 22}, {{0, 1, 2, 3}});
  EXPECT_EQ(cells[2].shown, Shown::primary);
  EXPECT_EQ(cells[1].shown, Shown::secondary);
  EXPECT_EQ(cells[0].shown, Shown::shown);
  EXPECT_EQ(cells[3].shown, Shown::shown);
}

TEST(Suppression, TwoHiddenCellsStandingForTenOrMoreNeedNoMore) {
  auto cells = suppress({40, 6, 5, 22}, {{0, 1, 2, 3}});
  EXPECT_EQ(hidden(cells), (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(cells[1].shown, Shown::primary);
}

TEST(Suppression, HiddenCellsStandingForFewerThanTenTakeAnother) {
  // 3 + 4 = 7 would say each is at most 7; 0 + 0 would say both are 0.
  EXPECT_EQ(hidden(suppress({40, 3, 4, 22}, {{0, 1, 2, 3}})), (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(hidden(suppress({30, 0, 0, 12}, {{0, 1, 2, 3}})), (std::vector<bool>{false, true, true, true}));
  // Everyone gave one answer: showing it would tell each person's answer.
  EXPECT_EQ(hidden(suppress({25, 0, 0}, {{0, 1, 2}})), (std::vector<bool>{true, true, true}));
  // A balance (one cell the sum of the others) needs only a second hidden cell.
  EXPECT_EQ(hidden(suppress({25, 15, 10, 1}, {}, {{0, 1, 3}})), (std::vector<bool>{false, true, false, true}));
}

TEST(Suppression, TiesTakeTheFirstCell) {
  auto cells = suppress({12, 12, 5}, {{0, 1, 2}});
  EXPECT_EQ(hidden(cells), (std::vector<bool>{true, false, true}));
}

TEST(Suppression, ARowSplitInTwoSpreadsTheHidingUntilNoSumHasOneHiddenCell) {
  // Answer A: 25 answered, 15 contributed, 10 not; answer B: 12, 11, 1.
  auto table = suppress_table({{25, 15, 10}, {12, 11, 1}}, true);
  // B's 1 is hidden; its row (12 = 11 + 1) then hides the 11; the
  // "not contributed" column (10 + 1) hides the 10, and row A the 15.
  EXPECT_EQ(table.rows[1][2].shown, Shown::primary);
  EXPECT_TRUE(table.rows[1][1].hidden());
  EXPECT_TRUE(table.rows[0][2].hidden());
  EXPECT_TRUE(table.rows[0][1].hidden());
  EXPECT_FALSE(table.rows[0][0].hidden());
  EXPECT_FALSE(table.rows[1][0].hidden());
}

TEST(Suppression, RefusesRelationsOutsideTheTable) {
  EXPECT_THROW(suppress({1, 2}, {{0, 2}}), std::out_of_range);
  EXPECT_THROW(suppress_table({{1, 2}}, true), std::invalid_argument);
}

// Over many random tables: no count under ten is shown, no sum has exactly one
// hidden cell, and no hidden cell can be worked out from one sum.
TEST(Suppression, NoRandomTableShowsASmallCountOrLetsOneBeWorkedOut) {
  std::mt19937 random(20261206);
  for (int round = 0; round < 2000; ++round) {
    std::size_t rows = 2 + random() % 9;
    bool parts = random() % 2 == 0;
    std::vector<std::vector<std::int64_t>> counts;
    for (std::size_t r = 0; r < rows; ++r) {
      std::int64_t contributed = random() % 3 == 0 ? random() % 10 : random() % 40;
      std::int64_t others = random() % 3 == 0 ? random() % 10 : random() % 40;
      if (parts)
        counts.push_back({contributed + others, contributed, others});
      else
        counts.push_back({contributed + others});
    }
    auto table = suppress_table(counts, parts);
    std::size_t columns = parts ? 3 : 1;
    for (std::size_t c = 0; c < columns; ++c) {
      int hidden_in_column = 0;
      for (std::size_t r = 0; r < rows; ++r) {
        const auto& cell = table.rows[r][c];
        EXPECT_EQ(cell.count, counts[r][c]);
        if (cell.count < kSmallestGroup) {
          EXPECT_TRUE(cell.hidden()) << "round " << round;
        }
        hidden_in_column += cell.hidden();
      }
      EXPECT_NE(hidden_in_column, 1) << "round " << round << " column " << c;
      std::int64_t hidden_total = 0;
      bool any_shown = false;
      for (std::size_t r = 0; r < rows; ++r) {
        if (table.rows[r][c].hidden()) hidden_total += counts[r][c];
        any_shown = any_shown || !table.rows[r][c].hidden();
      }
      if (hidden_in_column > 0 && any_shown) {
        EXPECT_GE(hidden_total, kSmallestGroup) << "round " << round << " column " << c;
      }
    }
    if (parts)
      for (std::size_t r = 0; r < rows; ++r) {
        int hidden_in_row = table.rows[r][0].hidden() + table.rows[r][1].hidden() + table.rows[r][2].hidden();
        EXPECT_NE(hidden_in_row, 1) << "round " << round << " row " << r;
      }
  }
}

TEST(Suppression, PercentagesAreWholeAndRoundHalfUp) {
  EXPECT_EQ(percent(1, 3), 33);
  EXPECT_EQ(percent(2, 3), 67);
  EXPECT_EQ(percent(1, 8), 13);  // 12.5
  EXPECT_EQ(percent(10, 10), 100);
  EXPECT_EQ(percent(0, 0), 0);
}

// ---- the questions ----------------------------------------------------------

TEST(Questions, EveryQuestionOffersPreferNotToSayLast) {
  ASSERT_EQ(questions().size(), 9u);
  for (const auto& q : questions()) EXPECT_EQ(q.answers.back(), kPreferNotToSay) << q.key;
  EXPECT_NE(find_question("ethnic_group"), nullptr);
  EXPECT_EQ(find_question("income"), nullptr);
}

TEST(Questions, AnswersAreReadWithConsentAndBlanksAreNotAnswered) {
  Answers answers;
  auto problems = read_answers({{"sex", "female"}, {"age", ""}, {"welsh", "prefer_not_to_say"}, {"consent", "yes"},
                                {"csrf_token", "x"}},
                               answers);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(answers, (Answers{{"sex", "female"}, {"welsh", "prefer_not_to_say"}}));
}

TEST(Questions, EachBadFieldIsNamedAndNothingIsKept) {
  Answers answers;
  auto problems = read_answers({{"sex", "robot"}, {"age", std::string(5000, '1')}, {"disabled", "yes"}}, answers);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "age");
  EXPECT_EQ(problems[0].message_key, "equality.error.too_long");
  EXPECT_EQ(problems[1].field, "sex");
  EXPECT_EQ(problems[1].message_key, "equality.error.unknown_answer");
  EXPECT_EQ(problems[2].field, "consent");
  EXPECT_EQ(problems[2].message_key, "equality.error.consent");
  EXPECT_TRUE(answers.empty());
  EXPECT_EQ(read_answers({{"consent", "no"}}, answers).at(0).field, "consent");
  EXPECT_TRUE(read_answers({{"consent", "yes"}}, answers).empty());  // consent with no answers at all
}

// ---- the report (pure) --------------------------------------------------------

Counts counts_of(std::int64_t respondents, std::int64_t contributed,
                 std::map<std::string, std::pair<std::int64_t, std::int64_t>> sex) {
  Counts c;
  c.respondents = respondents;
  c.contributed = contributed;
  c.answers["sex"] = std::move(sex);
  return c;
}

const QuestionReport& question(const Report& r, const std::string& key) {
  for (const auto& q : r.questions)
    if (q.question == key) return q;
  throw std::out_of_range(key);
}
const ReportRow& row(const QuestionReport& q, const std::string& answer) {
  for (const auto& r : q.rows)
    if (r.answer == answer) return r;
  throw std::out_of_range(answer);
}

TEST(Report, FewerThanTenRespondentsGiveNoBreakdownAtAll) {
  auto report = build_report(counts_of(9, 0, {{"female", {9, 0}}}));
  EXPECT_FALSE(report.breakdown);
  EXPECT_TRUE(report.questions.empty());
  auto json = to_json(report);
  EXPECT_TRUE(json.at("respondents").is_null());
  EXPECT_TRUE(json.at("questions").as_array().empty());
}

TEST(Report, EveryQuestionHasItsAnswersPreferNotToSayAndNotAnswered) {
  auto report = build_report(counts_of(30, 4, {{"female", {14, 2}}, {"male", {12, 2}}, {"prefer_not_to_say", {1, 0}}}));
  EXPECT_TRUE(report.breakdown);
  EXPECT_FALSE(report.compared);  // only 4 contributed
  ASSERT_EQ(report.questions.size(), questions().size());
  const auto& sex = question(report, "sex");
  ASSERT_EQ(sex.rows.size(), 4u);
  EXPECT_EQ(row(sex, "female").cells.size(), 1u);
  EXPECT_EQ(row(sex, "female").cells[0].count, 14);
  EXPECT_EQ(row(sex, "female").cells[0].percent, 47);
  EXPECT_FALSE(row(sex, "prefer_not_to_say").cells[0].count);  // 1
  EXPECT_FALSE(row(sex, "not_answered").cells[0].count);        // 3
  EXPECT_FALSE(row(sex, "male").cells[0].count);  // 12, withheld: 1 + 3 alone would stand for under ten
  // Nobody answered about age: showing the 30 "not answered" would say every
  // other count is 0, so nothing is shown.
  for (const auto& r : question(report, "age").rows) EXPECT_FALSE(r.cells[0].count) << r.answer;
  auto json = to_json(report);
  EXPECT_EQ(json.at("respondents"), 30);
  EXPECT_TRUE(json.at("contributed").is_null());
}

TEST(Report, ASingleSmallCellTakesAnotherWithIt) {
  // female 20, male 15, prefer not to say 10: only "not answered" (3) is small.
  auto report = build_report(counts_of(48, 0, {{"female", {20, 0}}, {"male", {15, 0}}, {"prefer_not_to_say", {10, 0}}}));
  const auto& sex = question(report, "sex");
  EXPECT_FALSE(row(sex, "not_answered").cells[0].count);
  EXPECT_FALSE(row(sex, "prefer_not_to_say").cells[0].count);  // withheld: the smallest of the rest
  EXPECT_EQ(row(sex, "female").cells[0].count, 20);
  EXPECT_EQ(row(sex, "male").cells[0].count, 15);
}

TEST(Report, ComparesContributorsWhenTenOrMoreAreOnEachSide) {
  auto report = build_report(counts_of(40, 20, {{"female", {22, 12}}, {"male", {18, 8}}}));
  ASSERT_TRUE(report.compared);
  EXPECT_EQ(report.contributed, 20);
  EXPECT_EQ(report.not_contributed, 20);
  const auto& sex = question(report, "sex");
  const auto& female = row(sex, "female");
  ASSERT_EQ(female.cells.size(), 3u);
  EXPECT_EQ(female.cells[0].count, 22);
  // The zeros (prefer not to say, not answered) stand for no one, so each
  // column hides its smallest shown count too: male's 18, female's 12
  // contributors and her 10 others. Male's others (10) can stand: its row
  // hides two cells, its column hides cells standing for ten.
  const auto& male = row(sex, "male");
  EXPECT_FALSE(male.cells[0].count);
  EXPECT_FALSE(male.cells[1].count);
  EXPECT_EQ(male.cells[2].count, 10);
  EXPECT_EQ(male.cells[2].percent, 50);
  EXPECT_FALSE(female.cells[1].count);
  EXPECT_FALSE(female.cells[2].count);
  EXPECT_EQ(row(sex, "not_answered").cells.size(), 3u);
  auto json = to_json(report);
  EXPECT_EQ(json.at("contributed"), 20);
  const auto& first = json.at("questions").as_array()[1].at("answers").as_array()[0];  // sex: female
  EXPECT_EQ(first.at("answer"), "female");
  EXPECT_EQ(first.at("all").at("count"), 22);
  EXPECT_TRUE(first.at("contributed").at("count").is_null());
  EXPECT_EQ(first.at("contributed").at("withheld"), true);
}

TEST(Report, NineOnOneSideOfTheComparisonHidesTheComparison) {
  auto report = build_report(counts_of(40, 31, {{"female", {40, 31}}}));
  EXPECT_FALSE(report.compared);  // 9 have not contributed
  EXPECT_EQ(report.contributed, 0);
  EXPECT_EQ(row(question(report, "sex"), "female").cells.size(), 1u);
}

// ---- the repository, on both backends -------------------------------------------

std::vector<module::Module> all_modules() {
  auto list = access::testing::modules();
  list.push_back({"map", map::load});
  list.push_back({"equality", equality::load});
  return list;
}

class Repository : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = store::open_database(store::testing::fresh_database_url(GetParam()));
    registry_ = &module::testing::load(all_modules(), db_.get());
    auto c = db_->acquire();
    c->transaction([&] {
      org_ = access::create_organisation(*c, "north", "North Council", "en");
      other_org_ = access::create_organisation(*c, "south", "South Council", "en");
      c->execute("INSERT INTO initiatives (organisation_id, id, name, summary, created_at, updated_at) "
                 "VALUES ($1, 'i1', 'Garden', 'A garden', '2026-01-01', '2026-01-01')",
                 {org_});
    });
  }
  // A member of the organisation (a password hash per account is slow: the
  // accounts are written directly).
  core::Principal member(const std::string& name, const std::string& org = {}) {
    core::Principal p;
    p.organisation_id = org.empty() ? org_ : org;
    p.account_id = core::new_id();
    p.role = core::Role::resident;
    auto c = db_->acquire();
    c->execute("INSERT INTO accounts (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, 'x', 'now')",
               {p.account_id, name + "-" + p.account_id + "@example.org", name});
    c->execute("INSERT INTO memberships (organisation_id, account_id, role, created_at) VALUES ($1, $2, 'resident', 'now')",
               {p.organisation_id, p.account_id});
    return p;
  }
  void contribution(const core::Principal& p, const std::string& status, const std::string& id,
                    const std::string& reverses = {}) {
    db_->acquire()->execute(
        "INSERT INTO contributions (organisation_id, id, initiative_id, contributor_label, role, phase, kind, made_on, "
        "created_at, person_id, status, reverses_id) VALUES ($1, $2, 'i1', 'x', 'service_user', 'delivering', 'hours', "
        "'2026-01-01', 'now', $3, $4, $5)",
        {p.organisation_id, id, p.account_id, status, reverses.empty() ? store::null() : store::Value(reverses)});
  }
  void answer(const core::Principal& p, Answers answers) {
    auto c = db_->acquire();
    c->transaction([&] { save_response(*c, p, answers, "2026-12-06T10:00:00Z"); });
  }

  std::unique_ptr<store::Database> db_;
  module::Registry* registry_ = nullptr;
  std::string org_, other_org_;
};

TEST_P(Repository, AnswersAreSavedChangedAndWithdrawnWithAuditEventsThatHoldNoValues) {
  auto ann = member("Ann");
  auto c = db_->acquire();
  EXPECT_FALSE(find_response(*c, org_, ann.account_id));
  answer(ann, {{"sex", "female"}, {"religion", "jewish"}});
  auto saved = find_response(*c, org_, ann.account_id);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->answers, (Answers{{"sex", "female"}, {"religion", "jewish"}}));
  EXPECT_EQ(saved->consented_at, "2026-12-06T10:00:00Z");
  answer(ann, {{"sex", "prefer_not_to_say"}});
  EXPECT_EQ(find_response(*c, org_, ann.account_id)->answers, (Answers{{"sex", "prefer_not_to_say"}}));
  EXPECT_FALSE(find_response(*c, other_org_, ann.account_id));
  bool withdrawn = c->transaction([&] { return withdraw_response(*c, ann); });
  EXPECT_TRUE(withdrawn);
  EXPECT_FALSE(find_response(*c, org_, ann.account_id));
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM equality_answers")->integer(0), 0);
  EXPECT_FALSE(c->transaction([&] { return withdraw_response(*c, ann); }));

  std::vector<std::string> actions;
  for (const auto& r : c->query("SELECT action, before_json, after_json FROM audit_events "
                                "WHERE entity_type = 'equality_response' ORDER BY at")) {
    actions.push_back(r.text(0));
    EXPECT_TRUE(r.is_null(1));
    EXPECT_TRUE(r.is_null(2));
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "update", "delete"}));
  for (const auto& r : c->query("SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_events"))
    for (const char* value : {"female", "jewish", "prefer_not_to_say"}) EXPECT_EQ(r.text(0).find(value), std::string::npos);
}

TEST_P(Repository, CountsOnlyCurrentMembersAndContributorsWithAConfirmedUnreversedEntry) {
  std::vector<core::Principal> people;
  for (int i = 0; i < 12; ++i) people.push_back(member("P" + std::to_string(i)));
  for (int i = 0; i < 12; ++i) answer(people[i], {{"sex", i < 7 ? "female" : "male"}});
  contribution(people[0], "confirmed", "c0");
  contribution(people[0], "confirmed", "c0b");  // two entries: still one person
  contribution(people[1], "claimed", "c1");     // not confirmed
  contribution(people[2], "confirmed", "c2");
  contribution(people[2], "confirmed", "c2r", "c2");  // reversed: no longer counts
  contribution(people[8], "confirmed", "c8");
  auto stranger = member("Stranger", other_org_);
  answer(stranger, {{"sex", "male"}});
  // Someone who has left the organisation is not counted.
  db_->acquire()->execute("DELETE FROM memberships WHERE account_id = $1", {people[11].account_id});

  auto counts = count_responses(*db_->acquire(), org_);
  EXPECT_EQ(counts.respondents, 11);
  EXPECT_EQ(counts.contributed, 2);  // people 0 and 8
  EXPECT_EQ(counts.answers["sex"]["female"], (std::pair<std::int64_t, std::int64_t>{7, 1}));
  EXPECT_EQ(counts.answers["sex"]["male"], (std::pair<std::int64_t, std::int64_t>{4, 1}));
  auto report = build_report(counts);
  EXPECT_TRUE(report.breakdown);
  EXPECT_FALSE(report.compared);
  EXPECT_EQ(count_responses(*db_->acquire(), other_org_).respondents, 1);
}

TEST_P(Repository, DownloadMyDataHoldsTheAnswersAndDeletingTheAccountErasesThem) {
  auto ann = member("Ann");
  auto ann_south = ann;
  ann_south.organisation_id = other_org_;
  db_->acquire()->execute("INSERT INTO memberships (organisation_id, account_id, role, created_at) VALUES ($1, $2, 'resident', 'now')",
                          {other_org_, ann.account_id});
  answer(ann, {{"ethnic_group", "asian"}});
  answer(ann_south, {{"welsh", "speak"}});
  const module::PersonalData* part = nullptr;
  for (const auto& p : registry_->personal_data())
    if (p.name == "equality.answers") part = &p;
  ASSERT_NE(part, nullptr);
  auto c = db_->acquire();
  auto data = part->export_data(*c, ann.account_id).as_array();
  ASSERT_EQ(data.size(), 2u);
  auto text = boost::json::serialize(data);
  EXPECT_NE(text.find("\"ethnic_group\":\"asian\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"welsh\":\"speak\""), std::string::npos) << text;
  c->transaction([&] { part->erase(*c, ann.account_id); });
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM equality_responses")->integer(0), 0);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM equality_answers")->integer(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Repository, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgresql),
                         [](const auto& info) { return store::testing::dialect_name(info.param); });

// ---- pages and API through the request pipeline ------------------------------------

using access::testing::body_json;
using access::testing::form_body;
using access::testing::make_request;

// A browser-like client over every module this one needs (cookies kept,
// language negotiated as the server does).
class Client {
 public:
  explicit Client(store::Database& db) : registry_(load(db)) {
    registry_.add_routes(router_);
    dispatcher_ = std::make_unique<http::Dispatcher>(http::Dispatcher{
        router_,
        [this](const http::Request& request, http::Context& ctx) {
          ctx.locale = i18n::negotiate(request);
          registry_.authenticator()(request, ctx);
          registry_.prepare(ctx);
        },
        registry_.csrf_check(), registry_.error_page(), {},
        [](const std::string& locale, const std::string& key) { return i18n::t(locale, key); }});
  }
  http::Response send(http::Request request) {
    std::string cookie;
    for (const auto& [name, value] : cookies_) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    if (!cookie.empty()) request.headers.emplace_back("cookie", cookie);
    if (!csrf_.empty()) request.headers.emplace_back("x-csrf-token", csrf_);
    bool signed_in = false;
    auto response = dispatcher_->handle(request, "test", &signed_in);
    for (const auto& [name, value] : response.headers)
      if (name == "Set-Cookie") {
        auto eq = value.find('='), semi = value.find(';');
        cookies_[value.substr(0, eq)] = value.substr(eq + 1, semi == std::string::npos ? semi : semi - eq - 1);
      }
    return response;
  }
  http::Response get(const std::string& target) { return send(make_request(http::Method::get, target)); }
  http::Response post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields) {
    return send(make_request(http::Method::post, target, form_body(fields), "application/x-www-form-urlencoded"));
  }
  http::Response json(http::Method method, const std::string& target, const std::string& body) {
    return send(make_request(method, target, body, body.empty() ? "" : "application/json"));
  }
  void sign_in(const std::string& email) {
    auto r = json(http::Method::post, "/api/v1/session",
                  boost::json::serialize(boost::json::object{
                      {"email", email}, {"password", access::testing::kPassword}, {"organisation", "north"}}));
    ASSERT_EQ(r.status, 201) << r.body;
    csrf_ = std::string(body_json(r).at("csrf_token").as_string());
  }

 private:
  static module::Registry& load(store::Database& db) {
    module::Environment environment;
    environment.db = &db;
    auto* registry = new module::Registry(environment);  // kept: handlers refer to it
    registry->load(all_modules());
    return *registry;
  }
  module::Registry& registry_;
  http::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

class Pages : public access::testing::AccessFixture {
 protected:
  void SetUp() override {
    db_ = store::open_database(store::testing::fresh_database_url(GetParam()));
    module::testing::load(all_modules(), db_.get());
    auto c = db_->acquire();
    c->transaction([&] {
      north_ = access::create_organisation(*c, "north", "North Council", "en");
      alice_ = access::create_account(*c, "alice@example.org", "Alice", access::testing::kPassword);
      bob_ = access::create_account(*c, "bob@example.org", "Bob", access::testing::kPassword);
      access::add_membership(*c, north_, alice_, core::Role::officer);
      access::add_membership(*c, north_, bob_, core::Role::resident);
    });
  }
  std::int64_t stored() { return count("equality_responses") + count("equality_answers"); }
};

TEST_P(Pages, TheAccountPageLeadsToTheFormWhichSavesChangesAndWithdrawsAnswers) {
  Client bob(*db_);
  bob.sign_in("bob@example.org");
  auto account = bob.get("/account");
  ASSERT_EQ(account.status, 200) << account.body;
  EXPECT_NE(account.body.find("href=\"/account/equality\">Equality monitoring questions</a>"), std::string::npos);
  auto form = bob.get("/account/equality");
  ASSERT_EQ(form.status, 200);
  EXPECT_EQ(form.header("Cache-Control"), "no-store");
  EXPECT_NE(form.body.find("I agree to North Council keeping my answers"), std::string::npos);
  EXPECT_EQ(form.body.find("Withdraw and delete my answers"), std::string::npos);

  auto saved = bob.post("/account/equality", {{"sex", "male"}, {"welsh", "understand"}, {"consent", "yes"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("Location"), "/account/equality?done=equality.saved.done");
  auto again = bob.get("/account/equality?done=equality.saved.done");
  EXPECT_NE(again.body.find("Your equality monitoring answers are saved"), std::string::npos);
  EXPECT_NE(again.body.find("value=\"male\" checked"), std::string::npos) << "the saved answer is chosen";
  EXPECT_NE(again.body.find("Withdraw and delete my answers"), std::string::npos);

  auto welsh = bob.get("/account/equality?lang=cy");
  EXPECT_NE(welsh.body.find("Rwy&#39;n cytuno i North Council gadw fy atebion"), std::string::npos);
  EXPECT_NE(welsh.body.find("Gallaf ddeall Cymraeg llafar yn unig"), std::string::npos);

  auto data = bob.get("/account/data");
  ASSERT_EQ(data.status, 200);
  EXPECT_NE(data.body.find("\"welsh\":\"understand\""), std::string::npos) << data.body.substr(0, 400);

  auto withdrawn = bob.post("/account/equality/withdraw", {});
  EXPECT_EQ(withdrawn.status, 303);
  EXPECT_EQ(withdrawn.header("Location"), "/account/equality?done=equality.withdrawn.done");
  EXPECT_EQ(stored(), 0);
}

TEST_P(Pages, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  Client bob(*db_);
  bob.sign_in("bob@example.org");
  auto events = count("audit_events");
  auto missing = bob.post("/account/equality", {{"sex", "female"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_NE(missing.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(missing.body.find("href=\"#consent\">Select the box to agree"), std::string::npos);
  EXPECT_NE(missing.body.find("id=\"consent-error\""), std::string::npos);
  EXPECT_NE(missing.body.find("value=\"female\" checked"), std::string::npos) << "the choice is kept";
  auto unknown = bob.post("/account/equality", {{"sex", "robot"}, {"consent", "yes"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("href=\"#sex\">Choose one of the answers listed"), std::string::npos);
  auto oversize = bob.post("/account/equality", {{"religion", std::string(10000, 'x')}, {"consent", "yes"}});
  EXPECT_EQ(oversize.status, 422);
  EXPECT_NE(oversize.body.find("href=\"#religion\">The answer sent is too long"), std::string::npos);

  auto api = bob.json(http::Method::put, "/api/v1/equality/answers", R"({"carer": "sometimes", "consent": "yes"})");
  EXPECT_EQ(api.status, 422);
  EXPECT_EQ(body_json(api).at("error").at("field"), "carer");
  auto no_consent = bob.json(http::Method::put, "/api/v1/equality/answers", R"({"carer": "no"})");
  EXPECT_EQ(body_json(no_consent).at("error").at("field"), "consent");
  auto stray = bob.json(http::Method::put, "/api/v1/equality/answers", R"({"name": "Bob", "consent": "yes"})");
  EXPECT_EQ(stray.status, 422);
  EXPECT_EQ(body_json(stray).at("error").at("field"), "name");
  auto welsh = bob.json(http::Method::put, "/api/v1/equality/answers?lang=cy", R"({"sex": "x", "consent": "yes"})");
  EXPECT_EQ(welsh.status, 422);
  EXPECT_EQ(body_json(welsh).at("error").at("field"), "sex");
  EXPECT_EQ(stored(), 0);
  EXPECT_EQ(count("audit_events"), events);

  auto good = bob.json(http::Method::put, "/api/v1/equality/answers", R"({"carer": "20_49", "consent": "yes"})");
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(body_json(good).at("answers").at("carer"), "20_49");
  EXPECT_EQ(body_json(bob.get("/api/v1/equality/answers")).at("answered"), true);
  EXPECT_EQ(bob.json(http::Method::del, "/api/v1/equality/answers", "").status, 204);
  EXPECT_EQ(stored(), 0);
}

TEST_P(Pages, OnlyOfficersSeeTheReportAndItNeverShowsAGroupUnderTen) {
  // 21 residents answer (the password hash is skipped: written directly).
  auto c = db_->acquire();
  for (int i = 0; i < 21; ++i) {
    core::Principal p;
    p.organisation_id = north_;
    p.account_id = core::new_id();
    p.role = core::Role::resident;
    c->execute("INSERT INTO accounts (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, 'x', 'now')",
               {p.account_id, "r" + std::to_string(i) + "@example.org", "R" + std::to_string(i)});
    c->execute("INSERT INTO memberships (organisation_id, account_id, role, created_at) VALUES ($1, $2, 'resident', 'now')",
               {north_, p.account_id});
    c->transaction([&] { save_response(*c, p, {{"sex", i < 11 ? "female" : "male"}}, "2026-12-06T10:00:00Z"); });
  }
  Client bob(*db_);
  bob.sign_in("bob@example.org");
  EXPECT_EQ(bob.get("/equality").status, 403);
  EXPECT_EQ(bob.get("/api/v1/equality/report").status, 403);

  Client alice(*db_);
  alice.sign_in("alice@example.org");
  auto page = alice.get("/equality");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("11 (52%)"), std::string::npos);
  EXPECT_NE(page.body.find("fewer than 10 or withheld"), std::string::npos);
  EXPECT_EQ(page.body.find("10 (48%)"), std::string::npos) << "male is withheld with the zeros";
  EXPECT_EQ(page.body.find("Bob"), std::string::npos) << "no names";
  auto welsh = alice.get("/equality?lang=cy");
  EXPECT_NE(welsh.body.find("llai na 10 neu wedi"), std::string::npos);
  auto api = alice.get("/api/v1/equality/report");
  ASSERT_EQ(api.status, 200);
  auto json = body_json(api);
  EXPECT_EQ(json.at("respondents"), 21);
  auto sex = json.at("questions").as_array()[1].at("answers").as_array();
  EXPECT_EQ(sex[0].at("all").at("count"), 11);
  EXPECT_TRUE(sex[1].at("all").at("count").is_null());
  EXPECT_EQ(api.body.find("r1@example.org"), std::string::npos);

  // Twelve withdraw: nine are too few, and the breakdown goes.
  c->execute("DELETE FROM equality_answers WHERE account_id IN (SELECT account_id FROM equality_responses WHERE "
             "organisation_id = $1 ORDER BY account_id LIMIT 12)",
             {north_});
  c->execute("DELETE FROM equality_responses WHERE account_id NOT IN (SELECT account_id FROM equality_answers)");
  auto few = alice.get("/equality");
  EXPECT_NE(few.body.find("Fewer than 10 people have answered so far"), std::string::npos);
  EXPECT_EQ(few.body.find("govuk-table"), std::string::npos);
}

ACCESS_ON_BOTH_BACKENDS(Pages);

}  // namespace
