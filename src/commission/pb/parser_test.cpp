// Parser and writer tests: hand-written files, every error naming file/line/field,
// round trips on hand-written and sampled corpus files, and kept fuzz inputs.
#include "commission/pb/parser.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "commission/pb/testdata/corpus_sample.hpp"
#include "commission/pb/writer.hpp"

namespace coproduce::commission::pb {
namespace {

std::filesystem::path testdata() {
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> ids(const Instance& instance, const Ballot& ballot) {
  std::vector<std::string> out;
  for (int item : ballot.items) out.push_back(instance.projects[static_cast<std::size_t>(item)].id);
  return out;
}

bool has_warning(const Instance& instance, std::string_view text) {
  for (const auto& warning : instance.warnings) {
    if (warning.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Parser, ReadsApprovalFileWithOptionalColumnsInAnyOrder) {
  Instance instance = read_pb_file((testdata() / "approval.pb").string());
  EXPECT_EQ(instance.name, "approval.pb");
  EXPECT_EQ(instance.vote_type, VoteType::approval);
  EXPECT_EQ(instance.budget, mpq_class(2001, 2));  // "1000,50"
  ASSERT_EQ(instance.projects.size(), 4u);
  EXPECT_EQ(instance.projects[0].id, "p1");
  EXPECT_EQ(instance.projects[0].cost, mpq_class(1601, 4));  // 400.25
  EXPECT_EQ(instance.projects[0].categories, (std::vector<std::string>{"environment", "sport"}));
  EXPECT_EQ(*field_value(instance.projects[0].fields, "name"), "Park \"green\" corner");
  EXPECT_TRUE(instance.projects[3].categories.empty());
  EXPECT_EQ(instance.project_index("p10"), 2);
  EXPECT_EQ(instance.project_index("p4"), -1);
  EXPECT_EQ(*instance.meta_value("description"), "Small approval election; hand-written");
  EXPECT_EQ(instance.vote_columns, (std::vector<std::string>{"vote", "voter_id", "age"}));
  ASSERT_EQ(instance.ballots.size(), 5u);
  EXPECT_EQ(instance.ballots[0].voter_id, "v1");
  EXPECT_EQ(ids(instance, instance.ballots[2]), (std::vector<std::string>{"p1", "p2", "p10"}));
  EXPECT_TRUE(instance.ballots[3].items.empty());  // an empty ballot still counts as a voter
  EXPECT_EQ(ids(instance, instance.ballots[4]), (std::vector<std::string>{"p10"}));
  EXPECT_TRUE(instance.ballots[0].points.empty());
  EXPECT_TRUE(has_warning(instance, "line 28: project 'p10' repeated in a ballot; counted once"));
}

TEST(Parser, CumulativeDuplicateKeepsFirstPositionAndLaterPoints) {
  Instance instance = read_pb_file((testdata() / "cumulative.pb").string());
  ASSERT_EQ(instance.ballots.size(), 4u);
  const Ballot& c = instance.ballots[2];
  EXPECT_EQ(ids(instance, c), (std::vector<std::string>{"2", "1"}));
  EXPECT_EQ(c.points, (std::vector<mpq_class>{1, 4}));
  EXPECT_EQ(instance.ballots[3].points, (std::vector<mpq_class>{mpq_class(1, 2), mpq_class(3, 2)}));
  EXPECT_TRUE(has_warning(instance, "the later points are used"));
}

TEST(Parser, OrdinalKeepsRankOrder) {
  Instance instance = read_pb_file((testdata() / "ordinal.pb").string());
  EXPECT_EQ(instance.vote_type, VoteType::ordinal);
  EXPECT_EQ(ids(instance, instance.ballots[0]), (std::vector<std::string>{"C", "A", "B"}));
  EXPECT_EQ(ids(instance, instance.ballots[1]), (std::vector<std::string>{"A", "B"}));
}

TEST(Parser, ToleratesBomCrlfMultilineQuotesAndMissingFinalNewline) {
  Instance instance = read_pb_file((testdata() / "quirks.pb").string());
  EXPECT_EQ(instance.vote_type, VoteType::choose_1);
  EXPECT_EQ(instance.budget, mpq_class(21, 2));
  ASSERT_EQ(instance.projects.size(), 2u);
  EXPECT_EQ(*field_value(instance.projects[0].fields, "name"), "line one\r\nline two");
  EXPECT_EQ(*field_value(instance.projects[1].fields, "name"), "semi;colon");
  ASSERT_EQ(instance.ballots.size(), 2u);
  EXPECT_EQ(ids(instance, instance.ballots[1]), (std::vector<std::string>{"y"}));
  EXPECT_TRUE(has_warning(instance, "line 1: UTF-8 byte order mark skipped"));
}

TEST(Parser, LineNumbersCountLinesInsideQuotedFields) {
  try {
    parse_pb(
        "META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
        "1;1;\"two\nlines\"\nVOTES\nvoter_id;vote\na;9\n",
        "multi.pb");
    FAIL() << "expected a ParseError";
  } catch (const ParseError& error) {
    EXPECT_EQ(error.line(), 11);
    EXPECT_EQ(error.field(), "vote");
  }
}

TEST(Parser, DecimalsAreExact) {
  mpq_class value;
  ASSERT_TRUE(parse_decimal("1331751.11", value));
  EXPECT_EQ(value, mpq_class(133175111, 100));
  ASSERT_TRUE(parse_decimal("1331751,11", value));
  EXPECT_EQ(value, mpq_class(133175111, 100));
  ASSERT_TRUE(parse_decimal("4000.0", value));
  EXPECT_EQ(value, 4000);
  ASSERT_TRUE(parse_decimal("-2.5", value));
  EXPECT_EQ(value, mpq_class(-5, 2));
  ASSERT_TRUE(parse_decimal("123456789012345678901234.5", value));
  EXPECT_EQ(value, mpq_class("246913578024691357802469/2"));
  for (const char* bad : {"", "-", ".", "1e3", "1 000", "12a", "1.2.3", "+1", "0x10"}) {
    EXPECT_FALSE(parse_decimal(bad, value)) << bad;
  }
}

struct BadFile {
  const char* what;
  std::string text;
  int line;
  const char* field;
  const char* message_part;
};

const std::string kMeta = "META\nkey;value\nbudget;100\nvote_type;approval\n";
const std::string kProjects = "PROJECTS\nproject_id;cost\n1;10\n2;20\n";

class ParserErrors : public ::testing::TestWithParam<BadFile> {};

TEST_P(ParserErrors, NameFileLineAndField) {
  const BadFile& bad = GetParam();
  try {
    parse_pb(bad.text, "bad.pb");
    FAIL() << bad.what << ": expected a ParseError";
  } catch (const ParseError& error) {
    EXPECT_EQ(error.file(), "bad.pb") << bad.what;
    EXPECT_EQ(error.line(), bad.line) << bad.what << ": " << error.what();
    EXPECT_EQ(error.field(), bad.field) << bad.what << ": " << error.what();
    EXPECT_NE(std::string(error.what()).find(bad.message_part), std::string::npos)
        << bad.what << ": " << error.what();
    std::string prefix = bad.line > 0 ? "bad.pb:" + std::to_string(bad.line) + ": " : "bad.pb: ";
    EXPECT_EQ(std::string(error.what()).rfind(prefix, 0), 0u) << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, ParserErrors,
    ::testing::Values(
        BadFile{"unknown project", kMeta + kProjects + "VOTES\nvoter_id;vote\na;1\nb;1,3\n", 12,
                "vote", "unknown project '3'"},
        BadFile{"bad cost", kMeta + "PROJECTS\nproject_id;cost\n1;10\n2;2O\n", 8, "cost",
                "not a decimal number: '2O'"},
        BadFile{"negative cost", kMeta + "PROJECTS\nproject_id;cost\n1;-10\n", 7, "cost",
                "negative cost"},
        BadFile{"bad budget", "META\nkey;value\nbudget;lots\nvote_type;approval\n" + kProjects, 3,
                "budget", "not a decimal number"},
        BadFile{"missing budget", "META\nkey;value\nvote_type;approval\n" + kProjects, 4, "budget",
                "missing required META key"},
        BadFile{"unknown vote type", "META\nkey;value\nbudget;1\nvote_type;approve\n" + kProjects,
                4, "vote_type", "unknown vote type 'approve'"},
        BadFile{"missing VOTES", kMeta + kProjects, 8, "", "missing section VOTES"},
        BadFile{"missing META", kProjects, 1, "", "section PROJECTS out of place"},
        BadFile{"no sections", "hello\n", 1, "", "expected the META section first"},
        BadFile{"VOTES before PROJECTS", kMeta + "VOTES\nvoter_id;vote\n", 5, "",
                "section VOTES out of place"},
        BadFile{"missing cost column", kMeta + "PROJECTS\nproject_id;votes\n1;10\n", 6, "cost",
                "missing required column"},
        BadFile{"missing vote column", kMeta + kProjects + "VOTES\nvoter_id;ballot\n", 10, "vote",
                "missing required column"},
        BadFile{"duplicate column", kMeta + "PROJECTS\nproject_id;cost;cost\n", 6, "cost",
                "column appears twice"},
        BadFile{"too many fields", kMeta + kProjects + "VOTES\nvoter_id;vote\na;1;extra\n", 11, "",
                "VOTES row has 3 fields but the header has 2"},
        BadFile{"too few fields", kMeta + "PROJECTS\nproject_id;cost;name\n1;10\n", 7, "",
                "PROJECTS row has 2 fields but the header has 3"},
        BadFile{"duplicate project", kMeta + "PROJECTS\nproject_id;cost\n1;10\n1;20\n", 8,
                "project_id", "duplicate project id '1' (first on line 7)"},
        BadFile{"empty project id", kMeta + "PROJECTS\nproject_id;cost\n ;10\n", 7, "project_id",
                "empty project id"},
        BadFile{"points count",
                "META\nkey;value\nbudget;100\nvote_type;cumulative\n" + kProjects +
                    "VOTES\nvoter_id;vote;points\na;1,2;3\n",
                11, "points", "1 points for 2 projects"},
        BadFile{"bad points",
                "META\nkey;value\nbudget;100\nvote_type;cumulative\n" + kProjects +
                    "VOTES\nvoter_id;vote;points\na;1,2;3,x\n",
                11, "points", "not a decimal number: 'x'"},
        BadFile{"missing points column",
                "META\nkey;value\nbudget;100\nvote_type;scoring\n" + kProjects +
                    "VOTES\nvoter_id;vote\n",
                10, "points", "missing required column for vote_type scoring"},
        BadFile{"empty item", kMeta + kProjects + "VOTES\nvoter_id;vote\na;1,,2\n", 11, "vote",
                "empty project id at position 2"},
        BadFile{"unterminated quote", kMeta + "PROJECTS\nproject_id;cost;name\n1;10;\"open\n", 7,
                "", "unterminated quoted field"},
        BadFile{"bad META header", "META\nbudget;1\n", 2, "",
                "the META header row must be 'key;value'"},
        BadFile{"META row without value", "META\nkey;value\nbudget\n", 3, "budget",
                "META row needs 'key;value'"},
        BadFile{"META row with extra field", "META\nkey;value\nbudget;1;2\n", 3, "budget",
                "META row has 3 fields"},
        BadFile{"section twice", kMeta + kProjects + "VOTES\nvoter_id;vote\nPROJECTS\n", 11, "",
                "section PROJECTS out of place"},
        BadFile{"section without header", kMeta + "PROJECTS\nVOTES\n", 6, "",
                "follows a section without a header row"},
        BadFile{"empty input", "", 0, "", "missing section META"}));

TEST(Parser, MissingFileIsAParseErrorWithoutLine) {
  try {
    read_pb_file("/nonexistent/none.pb");
    FAIL() << "expected a ParseError";
  } catch (const ParseError& error) {
    EXPECT_EQ(error.line(), 0);
    EXPECT_NE(std::string(error.what()).find("cannot open"), std::string::npos);
  }
}

TEST(Parser, WarnsAboutTolerableQuirks) {
  Instance instance = parse_pb(
      "META\nkey;value\nbudget;100\nbudget;100\nvote_type;choose-1\nnum_votes;3\n\n"
      "PROJECTS\nproject_id;cost\n1;10\n2;\"2\"0\n\"3,4\";1\nVOTES\nvoter_id;vote\na;1,2\na;2\n",
      "quirky.pb");
  EXPECT_EQ(instance.projects[1].cost, 20);
  EXPECT_TRUE(has_warning(instance, "line 4: META key 'budget' repeated"));
  EXPECT_TRUE(has_warning(instance, "line 7: blank line skipped"));
  EXPECT_TRUE(has_warning(instance, "line 11: text after a closing quote"));
  EXPECT_TRUE(has_warning(instance, "line 12: project id '3,4' contains ',' so no ballot can name it"));
  EXPECT_TRUE(has_warning(instance, "line 15: choose-1 ballot names 2 projects"));
  EXPECT_TRUE(has_warning(instance, "line 16: voter id repeated (first on line 15)"));
  EXPECT_TRUE(has_warning(instance, "line 6: META num_votes is '3' but the file has 2"));
}

TEST(Writer, DecimalText) {
  EXPECT_EQ(decimal_text(mpq_class(133175111, 100)), "1331751.11");
  EXPECT_EQ(decimal_text(mpq_class(-1, 8)), "-0.125");
  EXPECT_EQ(decimal_text(mpq_class(4000)), "4000");
  EXPECT_THROW(decimal_text(mpq_class(1, 3)), std::invalid_argument);
}

TEST(Writer, RoundTripsHandWrittenFiles) {
  for (const char* name : {"approval.pb", "cumulative.pb", "ordinal.pb", "quirks.pb"}) {
    Instance original = read_pb_file((testdata() / name).string());
    Instance again = parse_pb(write_pb(original), original.name);
    EXPECT_EQ(again, original) << name;
  }
}

TEST(Writer, QuotesFieldsThatNeedIt) {
  Instance instance = read_pb_file((testdata() / "approval.pb").string());
  std::string text = write_pb(instance);
  EXPECT_NE(text.find("\"Park \"\"green\"\" corner\";p1;400.25"), std::string::npos);
  EXPECT_NE(text.find("description;\"Small approval election; hand-written\"\n"),
            std::string::npos);
}

TEST(Writer, RegeneratesEditedValues) {
  Instance instance = read_pb_file((testdata() / "cumulative.pb").string());
  instance.budget = mpq_class(1001, 10);
  instance.projects[0].cost = mpq_class(1, 4);
  instance.ballots[0].items = {2};
  instance.ballots[0].points = {mpq_class(7, 2)};
  Instance again = parse_pb(write_pb(instance), instance.name);
  EXPECT_EQ(again.budget, mpq_class(1001, 10));
  EXPECT_EQ(*again.meta_value("budget"), "100.1");
  EXPECT_EQ(again.projects[0].cost, mpq_class(1, 4));
  EXPECT_EQ(again.ballots[0].items, (std::vector<int>{2}));
  EXPECT_EQ(again.ballots[0].points, (std::vector<mpq_class>{mpq_class(7, 2)}));
}

TEST(Writer, WritesProgrammaticInstances) {
  Instance instance;
  instance.name = "built.pb";
  instance.budget = 50;
  instance.vote_type = VoteType::approval;
  instance.projects = {Project{"a", 30, {"x"}, {}}, Project{"b", 20, {}, {}}};
  instance.ballots = {Ballot{"1", {1, 0}, {}, {}}, Ballot{"2", {}, {}, {}}};
  Instance parsed = parse_pb(write_pb(instance), "built.pb");
  EXPECT_EQ(parsed.budget, 50);
  EXPECT_EQ(parsed.projects[0].categories, (std::vector<std::string>{"x"}));
  EXPECT_EQ(parsed.ballots[0].items, (std::vector<int>{1, 0}));
  EXPECT_TRUE(parsed.ballots[1].items.empty());
  instance.ballots[0].items = {5};
  EXPECT_THROW(write_pb(instance), std::invalid_argument);
}

TEST(Corpus, SampleParsesAndRoundTrips) {
  std::vector<std::string> sample = testing::corpus_sample();
  ASSERT_GE(sample.size(), 40u);
  for (const auto& file : sample) {
    Instance original = parse_pb(testing::read_corpus_text(file), file);
    EXPECT_FALSE(original.ballots.empty()) << file;
    Instance again = parse_pb(write_pb(original), file);
    EXPECT_EQ(again, original) << file;
  }
}

// Its speed is measured in bench/pb (docs/performance.md), not asserted here:
// a timing assertion fails on a busy machine, not on slow code.
TEST(Corpus, LargestFileParsesWhole) {
  std::string text = testing::read_corpus_text("Poland_Wroclaw_2015_150_-_500.pb");
  Instance instance = parse_pb(text, "Poland_Wroclaw_2015_150_-_500.pb");
  EXPECT_EQ(instance.ballots.size(), 131778u);
  EXPECT_EQ(instance.vote_type, VoteType::choose_1);
}

// Inputs that once crashed or hung the parser under libFuzzer stay here as tests.
TEST(Fuzz, KeptInputsGiveAnInstanceOrAParseError) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testdata() / "fuzz")) {
    ++count;
    std::string text = slurp(entry.path());
    try {
      Instance instance = parse_pb(text, entry.path().filename().string());
      EXPECT_EQ(parse_pb(write_pb(instance), instance.name), instance) << entry.path();
    } catch (const ParseError& error) {
      EXPECT_FALSE(std::string(error.what()).empty());
    }
  }
  EXPECT_GT(count, 0u);
}

}  // namespace
}  // namespace coproduce::commission::pb
