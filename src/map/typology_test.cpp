#include "map/typology.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace coproduce::map;

namespace {

Contribution make(ContributorRole role, Phase phase, bool confirmed = true,
                  std::int64_t hours_x100 = 100) {
  static int next = 0;
  Contribution c;
  c.id = "c" + std::to_string(++next);
  c.role = role;
  c.phase = phase;
  c.hours_x100 = hours_x100;
  c.made_on = "2024-01-01";
  c.status = confirmed ? Status::confirmed : Status::claimed;
  return c;
}

constexpr auto kPro = ContributorRole::professional;
constexpr auto kUser = ContributorRole::service_user;
constexpr auto kCommunity = ContributorRole::community_member;

}  // namespace

TEST(Typology, NoContributionsIsUnclassifiedAndNamesTheMissingPhases) {
  auto t = derive_typology(Initiative{}, std::vector<Contribution>{});
  EXPECT_EQ(t.cell, Cell::unclassified);
  EXPECT_FALSE(t.counts_as_coproduction);
  EXPECT_EQ(t.phases_needing_contributions.size(), 5u);
  EXPECT_TRUE(t.active_cos.empty());
}

TEST(Typology, EachCellFromItsAxes) {
  struct Case {
    std::vector<Contribution> cs;
    Cell expected;
  };
  std::vector<Case> cases = {
      {{make(kPro, Phase::planning), make(kPro, Phase::delivering)},
       Cell::traditional_professional},
      {{make(kPro, Phase::planning), make(kCommunity, Phase::design),
        make(kPro, Phase::delivering)},
       Cell::professional_with_coplanning},
      {{make(kUser, Phase::planning), make(kPro, Phase::managing)}, Cell::not_applicable},
      {{make(kPro, Phase::design), make(kUser, Phase::delivering),
        make(kPro, Phase::delivering)},
       Cell::user_codelivery},
      {{make(kPro, Phase::commissioning), make(kCommunity, Phase::planning),
        make(kUser, Phase::managing), make(kPro, Phase::delivering)},
       Cell::full_coproduction},
      {{make(kCommunity, Phase::planning), make(kUser, Phase::delivering),
        make(kPro, Phase::delivering)},
       Cell::codelivery_little_planning},
      {{make(kPro, Phase::planning), make(kCommunity, Phase::delivering)},
       Cell::community_delivery_professional_plan},
      {{make(kPro, Phase::planning), make(kCommunity, Phase::planning),
        make(kCommunity, Phase::managing)},
       Cell::community_delivery_coplanned},
      {{make(kCommunity, Phase::planning), make(kUser, Phase::delivering)}, Cell::self_organised},
  };
  for (const auto& c : cases) EXPECT_EQ(derive_typology({}, c.cs).cell, c.expected);
}

TEST(Typology, UnconfirmedContributionsDoNotCount) {
  auto t = derive_typology({}, {make(kPro, Phase::planning), make(kPro, Phase::delivering),
                                make(kUser, Phase::delivering, /*confirmed=*/false)});
  EXPECT_EQ(t.cell, Cell::traditional_professional);
  EXPECT_FALSE(t.counts_as_coproduction);
  EXPECT_EQ(t.unconfirmed_contributions, 1);
  EXPECT_NE(std::find(t.hints.begin(), t.hints.end(), Hint::unconfirmed_contributions),
            t.hints.end());
}

TEST(Typology, ReasonsCountContributionsPerPhase) {
  std::vector<Contribution> cs = {make(kPro, Phase::design), make(kPro, Phase::design)};
  for (int i = 0; i < 14; ++i) cs.push_back(make(kCommunity, Phase::design));
  auto t = derive_typology({}, cs);
  EXPECT_EQ(t.planning.value, Axis::shared);
  ASSERT_EQ(t.planning.phases[2], Phase::design);
  EXPECT_EQ(t.planning.professional_count[2], 2);
  EXPECT_EQ(t.planning.citizen_count[2], 14);
  EXPECT_EQ(t.planning.contribution_ids.size(), 16u);
  EXPECT_EQ(t.delivery.value, Axis::unknown);
  EXPECT_EQ(t.cell, Cell::unclassified);
  EXPECT_EQ(t.phases_needing_contributions,
            (std::vector<Phase>{Phase::managing, Phase::delivering}));
}

TEST(Typology, ActiveCosNeedCitizensAndCoproduction) {
  auto t = derive_typology({}, {make(kPro, Phase::planning), make(kUser, Phase::monitoring),
                                make(kPro, Phase::delivering), make(kCommunity, Phase::design)});
  EXPECT_TRUE(t.counts_as_coproduction);
  EXPECT_EQ(t.active_cos, (std::vector<Co>{Co::design, Co::assessment}));
  // Citizens alone (no professional anywhere) is not co-production: no Co is active.
  auto alone = derive_typology({}, {make(kUser, Phase::planning), make(kUser, Phase::delivering)});
  EXPECT_FALSE(alone.counts_as_coproduction);
  EXPECT_TRUE(alone.active_cos.empty());
}

TEST(Typology, TotalsSplitCitizenAndProfessionalHours) {
  auto t = derive_typology({}, {make(kPro, Phase::delivering, true, 250),
                                make(kUser, Phase::delivering, true, 1000),
                                make(kUser, Phase::delivering, false, 9999)});
  const auto& d = t.totals[static_cast<int>(Phase::delivering)];
  EXPECT_EQ(d.professional_hours_x100, 250);
  EXPECT_EQ(d.citizen_hours_x100, 1000);
  EXPECT_EQ(d.citizen_contributions, 1);
}

TEST(Typology, MoneyIsTotalledPerCurrencyNeverAcross) {
  auto pounds = make(kUser, Phase::commissioning, true, 0);
  pounds.money_minor = 500;
  auto euros = pounds;
  euros.currency = "EUR";
  euros.money_minor = 700;
  auto more_pounds = pounds;
  auto t = derive_typology({}, {pounds, euros, more_pounds});
  const auto& c = t.totals[static_cast<int>(Phase::commissioning)].citizen_money_minor;
  EXPECT_EQ(c, (std::map<std::string, std::int64_t>{{"EUR", 700}, {"GBP", 1000}}));
}

TEST(Typology, HintsWhenDeclaredDriversDisagree) {
  Initiative governance;
  governance.governance_driver = true;
  auto t = derive_typology(governance, {make(kPro, Phase::planning), make(kUser, Phase::delivering)});
  EXPECT_NE(std::find(t.hints.begin(), t.hints.end(), Hint::governance_without_citizen_planning),
            t.hints.end());
  auto na = derive_typology({}, {make(kUser, Phase::planning), make(kPro, Phase::delivering)});
  EXPECT_EQ(na.hints.front(), Hint::not_applicable_cell);
}

TEST(Typology, CellNamesRoundTripAndGridIsABijection) {
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 3; ++col) {
      Cell c = cell_at(row, col);
      EXPECT_EQ(grid_position(c), (std::array<int, 2>{row, col}));
      EXPECT_EQ(parse_cell(to_string(c)), c);
    }
  EXPECT_FALSE(parse_cell("centre"));
}

RC_GTEST_PROP(TypologyProperty, CellAgreesWithAxesAndCoproductionWithRoles, ()) {
  auto n = *rc::gen::inRange(0, 30);
  std::vector<Contribution> cs;
  for (int i = 0; i < n; ++i) {
    auto role = *rc::gen::element(kPro, kUser, kCommunity);
    auto phase = static_cast<Phase>(*rc::gen::inRange(0, 7));
    cs.push_back(make(role, phase, *rc::gen::arbitrary<bool>()));
  }
  auto t = derive_typology({}, cs);
  bool pro = false, cit = false;
  for (const auto& c : cs)
    if (c.confirmed()) (is_citizen(c.role) ? cit : pro) = true;
  RC_ASSERT(t.counts_as_coproduction == (pro && cit));
  if (t.planning.value == Axis::unknown || t.delivery.value == Axis::unknown) {
    RC_ASSERT(t.cell == Cell::unclassified);
    RC_ASSERT(!t.phases_needing_contributions.empty());
  } else {
    auto pos = grid_position(t.cell);
    RC_ASSERT(pos[0] == static_cast<int>(t.delivery.value) - 1);
    RC_ASSERT(pos[1] == static_cast<int>(t.planning.value) - 1);
  }
  // Order of contributions never changes the answer.
  std::reverse(cs.begin(), cs.end());
  RC_ASSERT(derive_typology({}, cs).cell == t.cell);
}
