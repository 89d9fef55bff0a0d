#include "map/demo_data.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace coproduce::map;

TEST(DemoData, EachCaseStudyLandsInItsOwnCell) {
  const auto& d = demo_data();
  ASSERT_EQ(d.initiatives.size(), 6u);
  std::set<Cell> cells;
  for (const auto& demo : d.initiatives) {
    std::vector<Contribution> mine;
    for (const auto& c : d.contributions)
      if (c.initiative_id == demo.initiative.id) mine.push_back(c);
    auto t = derive_typology(demo.initiative, mine);
    EXPECT_EQ(t.cell, demo.expected_cell) << demo.initiative.name;
    EXPECT_TRUE(t.counts_as_coproduction) << demo.initiative.name;
    cells.insert(t.cell);
  }
  EXPECT_EQ(cells.size(), 6u);
}

TEST(DemoData, ReferencesResolve) {
  const auto& d = demo_data();
  std::set<std::string> initiatives, groups, areas, services;
  for (const auto& i : d.initiatives) initiatives.insert(i.initiative.id);
  for (const auto& g : d.groups) groups.insert(g.id);
  for (const auto& a : d.areas) {
    if (a.parent_id) {
      EXPECT_TRUE(areas.count(*a.parent_id)) << a.id;  // parents come first
    }
    areas.insert(a.id);
  }
  for (const auto& s : d.services) services.insert(s.id);
  for (const auto& i : d.initiatives) {
    EXPECT_TRUE(areas.count(*i.initiative.area_id));
    EXPECT_TRUE(services.count(*i.initiative.service_id));
  }
  for (const auto& c : d.contributions) {
    EXPECT_TRUE(initiatives.count(c.initiative_id)) << c.id;
    if (c.group_id) {
      EXPECT_TRUE(groups.count(*c.group_id)) << c.id;
    }
  }
  for (const auto& a : d.assessments) EXPECT_TRUE(initiatives.count(a.initiative_id));
}
