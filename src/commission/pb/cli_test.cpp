// CLI tests: `pb run`, `pb check` and `pb conform` through CLI11, output captured.
#include "commission/pb/cli.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace coproduce::commission::pb {
namespace {

std::filesystem::path testdata() {
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}

struct Result {
  int code = 0;
  std::string out, err;
};

// Runs `coproduce ARGS...` in-process; `code` is the exit code main would return.
Result run(std::vector<std::string> args) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  add_pb_commands(app);
  std::vector<const char*> argv{"coproduce"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  Result result;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    result.code = error.get_exit_code();
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

TEST(Cli, RunPrintsSelectedIdsInSelectionOrder) {
  // greedy by approvals: p1 (3, ties p10 by id text) and p10 fit in 1000.50; p2 (300)
  // no longer fits; the free, unsupported p3 is visited last and fits.
  Result result =
      run({"pb", "run", (testdata() / "approval.pb").string(), "--rule", "greedy_cost"});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.out, "p1\np10\np3\n");
}

TEST(Cli, RunJsonPrintsAnObject) {
  Result result =
      run({"pb", "run", (testdata() / "approval.pb").string(), "--rule", "greedy_cost", "--json"});
  EXPECT_EQ(result.code, 0) << result.err;
  ASSERT_FALSE(result.out.empty());
  EXPECT_EQ(result.out.front(), '{');
}

TEST(Cli, RunRejectsUnknownRuleAndTieBreak) {
  Result rule = run({"pb", "run", (testdata() / "approval.pb").string(), "--rule", "nope"});
  EXPECT_EQ(rule.code, 2);
  EXPECT_NE(rule.err.find("nope"), std::string::npos);
  Result tie = run({"pb", "run", (testdata() / "approval.pb").string(), "--rule", "greedy_cost",
                    "--tie-break", "random"});
  EXPECT_EQ(tie.code, 2);
  EXPECT_NE(tie.err.find("unknown tie-break 'random'"), std::string::npos);
}

TEST(Cli, CheckSummarisesAValidFile) {
  Result result = run({"pb", "check", (testdata() / "approval.pb").string()});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_NE(result.out.find("vote type: approval\n"), std::string::npos);
  EXPECT_NE(result.out.find("projects: 4\n"), std::string::npos);
  EXPECT_NE(result.out.find("voters: 5 (empty ballots: 1)\n"), std::string::npos);
  EXPECT_NE(result.out.find("budget: 1000.5\n"), std::string::npos);
  EXPECT_NE(result.out.find("ballots breaking constraints: 4\n"), std::string::npos);
  EXPECT_NE(result.out.find("  ballot 4: 0 projects, fewer than min_length 1;"), std::string::npos);
  EXPECT_NE(result.out.find("valid\n"), std::string::npos);
}

TEST(Cli, CheckRejectsAnInvalidFileWithItsLocation) {
  std::filesystem::path bad = std::filesystem::temp_directory_path() / "coproduce_cli_bad.pb";
  std::ofstream(bad) << "META\nkey;value\nbudget;ten\nvote_type;approval\nPROJECTS\n";
  Result result = run({"pb", "check", bad.string()});
  EXPECT_EQ(result.code, 1);
  EXPECT_NE(result.err.find("coproduce_cli_bad.pb:3: field 'budget': not a decimal number"),
            std::string::npos)
      << result.err;
  Result many = run({"pb", "check", (testdata() / "ordinal.pb").string(), bad.string()});
  EXPECT_EQ(many.code, 1);
  EXPECT_NE(many.out.find("ok ordinal.pb (0 warnings)\n"), std::string::npos);
  EXPECT_NE(many.out.find("1 valid, 1 invalid\n"), std::string::npos);
  std::filesystem::remove(bad);
}

TEST(Cli, ConformPrintsCountsAndFailsOnAMismatch) {
  std::filesystem::path expected =
      std::filesystem::temp_directory_path() / "coproduce_cli_expected";
  std::filesystem::create_directories(expected);
  std::ofstream(expected / "greedy_cost.tsv") << "instance\tselected\napproval.pb\tp1,p10,p3\n"
                                              << "ordinal.pb\tB\n";
  Result result = run({"pb", "conform", testdata().string(), expected.string(), "--jobs", "2"});
  EXPECT_EQ(result.code, 1);
  EXPECT_NE(result.out.find("FAIL greedy_cost ordinal.pb: expected [B]"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\n1 passed, 1 failed\n"), std::string::npos) << result.out;
  Result limited = run({"pb", "conform", testdata().string(), expected.string(), "--limit", "1"});
  EXPECT_EQ(limited.code, 0);
  EXPECT_NE(limited.out.find("\n1 passed, 0 failed\n"), std::string::npos) << limited.out;
  std::filesystem::remove_all(expected);
}

}  // namespace
}  // namespace coproduce::commission::pb
