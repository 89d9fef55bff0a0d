// `coproduce pb run|check|conform`: the command-line front end of the PB engine.
// Errors go to stderr and end in CLI::RuntimeError(code), which the program's main
// turns into the exit code.
#include "commission/pb/cli.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>

#include "commission/pb/conform.hpp"
#include "commission/pb/constraints.hpp"
#include "commission/pb/outcome_json.hpp"
#include "commission/pb/parser.hpp"
#include "commission/pb/rules.hpp"
#include "commission/pb/writer.hpp"

namespace coproduce::commission::pb {

namespace {

constexpr int kInvalid = 1;  // invalid input file or failed conformance
constexpr int kUsage = 2;    // bad option value

struct RunArgs {
  std::string file, rule, tie_break = "by-id";
  bool json = false;
};

struct ConformArgs {
  std::string corpus_dir, expected_dir;
  std::vector<std::string> rules;
  unsigned jobs = 0;
  std::size_t limit = 0, sample_every = 1;
};

[[noreturn]] void fail(int code, const std::string& message) {
  std::cerr << "coproduce pb: " << message << "\n";
  throw CLI::RuntimeError(code);
}

Instance load_or_fail(const std::string& path) {
  try {
    return read_pb_file(path);
  } catch (const ParseError& error) {
    fail(kInvalid, error.what());
  }
}

std::string decimal_or_fraction(const mpq_class& value) {
  try {
    return decimal_text(value);
  } catch (const std::invalid_argument&) {
    return value.get_str();
  }
}

void run(const RunArgs& args) {
  RuleOptions options;
  if (args.tie_break == "by-id") {
    options.tie_break = TieBreak::by_id;
  } else if (args.tie_break == "cost-votes-id") {
    options.tie_break = TieBreak::fewer_cost_more_votes_then_id;
  } else {
    fail(kUsage, "unknown tie-break '" + args.tie_break + "' (by-id or cost-votes-id)");
  }
  Instance instance = load_or_fail(args.file);
  Outcome outcome;
  try {
    outcome = run_rule(instance, args.rule, options);
  } catch (const std::invalid_argument& error) {
    fail(kUsage, error.what());
  }
  if (args.json) {
    std::cout << boost::json::serialize(outcome_to_json(instance, outcome)) << "\n";
    return;
  }
  for (int index : outcome.selected)
    std::cout << instance.projects[static_cast<std::size_t>(index)].id << "\n";
}

void print_constraints(const Instance& instance) {
  BallotConstraints constraints = ballot_constraints(instance);
  for (const auto& problem : constraints.problems)
    std::cout << "constraint problem: " << problem << "\n";
  if (constraints.empty()) {
    std::cout << "ballot constraints: none\n";
    return;
  }
  std::vector<BallotViolation> violations = check_ballots(instance, constraints);
  std::cout << "ballots breaking constraints: " << violations.size() << "\n";
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < violations.size() && i < kShown; ++i) {
    std::cout << "  ballot " << violations[i].ballot + 1 << ":";
    for (const auto& reason : violations[i].reasons) std::cout << " " << reason << ";";
    std::cout << "\n";
  }
  if (violations.size() > kShown)
    std::cout << "  ... and " << violations.size() - kShown << " more\n";
}

void check_one(const std::string& path) {
  Instance instance = load_or_fail(path);
  std::size_t empty = 0;
  for (const auto& ballot : instance.ballots) empty += ballot.items.empty() ? 1 : 0;
  std::cout << "file: " << instance.name << "\n"
            << "vote type: " << to_string(instance.vote_type) << "\n"
            << "projects: " << instance.projects.size() << "\n"
            << "voters: " << instance.ballots.size() << " (empty ballots: " << empty << ")\n"
            << "budget: " << decimal_or_fraction(instance.budget) << "\n"
            << "warnings: " << instance.warnings.size() << "\n";
  for (const auto& warning : instance.warnings) std::cout << "  " << warning << "\n";
  print_constraints(instance);
  std::cout << "valid\n";
}

// Many files: one line each, then a count; invalid if any file is.
void check_many(const std::vector<std::string>& paths) {
  std::size_t valid = 0, invalid = 0;
  for (const auto& path : paths) {
    try {
      Instance instance = read_pb_file(path);
      ++valid;
      std::cout << "ok " << instance.name << " (" << instance.warnings.size() << " warnings)\n";
    } catch (const ParseError& error) {
      ++invalid;
      std::cout << "INVALID " << error.what() << "\n";
    }
  }
  std::cout << valid << " valid, " << invalid << " invalid\n";
  if (invalid > 0) throw CLI::RuntimeError(kInvalid);
}

void conform(const ConformArgs& args) {
  std::vector<ExpectedRow> rows;
  try {
    rows = read_expected(args.expected_dir, args.rules);
  } catch (const std::exception& error) {
    fail(kUsage, error.what());
  }
  ConformOptions options;
  options.jobs = args.jobs;
  options.limit = args.limit;
  options.sample_every = args.sample_every;
  options.progress = &std::cerr;
  auto load = [&args](const std::string& name) {
    return read_pb_file((std::filesystem::path(args.corpus_dir) / name).string());
  };
  ConformSummary summary = run_conformance(rows, load, options);
  for (const auto& line : summary.failures) std::cout << line << "\n";
  for (const auto& line : summary.differences) std::cout << line << "\n";
  for (const auto& line : summary.slow) std::cerr << "slow: " << line << "\n";
  std::cout << summary.float_differences
            << " float rows differ (mes_cost_eqs reference run in floating point; not counted)\n";
  std::cout << summary.passed << " passed, " << summary.failed << " failed\n";
  if (summary.failed > 0) throw CLI::RuntimeError(kInvalid);
}

// Runs a command; unexpected errors become a message and exit code, never a crash.
template <typename Command>
std::function<void()> guarded(Command command) {
  return [command] {
    try {
      command();
    } catch (const CLI::Error&) {
      throw;
    } catch (const std::exception& error) {
      fail(kInvalid, error.what());
    }
  };
}

}  // namespace

void add_pb_commands(CLI::App& app) {
  CLI::App* pb =
      app.add_subcommand("pb", "participatory budgeting: run rules on .pb files, check, conform");
  pb->require_subcommand(1);

  auto run_args = std::make_shared<RunArgs>();
  CLI::App* run_command =
      pb->add_subcommand("run", "print the projects a rule selects, in selection order");
  run_command->add_option("file", run_args->file, "a pabulib .pb file")->required();
  std::string rules_help = "rule:";
  for (const auto& name : rule_names()) rules_help += " " + name;
  run_command->add_option("--rule", run_args->rule, rules_help)->required();
  run_command->add_option("--tie-break", run_args->tie_break, "by-id (default) or cost-votes-id");
  run_command->add_flag("--json", run_args->json,
                        "print the full outcome with explanations as JSON");
  run_command->callback(guarded([run_args] { run(*run_args); }));

  auto check_files = std::make_shared<std::vector<std::string>>();
  CLI::App* check_command = pb->add_subcommand("check", "validate .pb files and summarise them");
  check_command->add_option("files", *check_files, "one or more .pb files")->required();
  check_command->callback(guarded([check_files] {
    if (check_files->size() == 1) {
      check_one(check_files->front());
    } else {
      check_many(*check_files);
    }
  }));

  auto conform_args = std::make_shared<ConformArgs>();
  CLI::App* conform_command = pb->add_subcommand(
      "conform", "compare every rule with the reference outcomes; prints 'N passed, N failed'");
  conform_command
      ->add_option("corpus_dir", conform_args->corpus_dir, "folder of unpacked .pb files")
      ->required();
  conform_command
      ->add_option("expected_dir", conform_args->expected_dir, "folder of <rule>.tsv files")
      ->required();
  conform_command->add_option("--rules", conform_args->rules, "only these rules (comma list)")
      ->delimiter(',');
  conform_command->add_option("--jobs", conform_args->jobs, "worker threads (default: all cores)");
  conform_command->add_option("--limit", conform_args->limit,
                              "only the first N instances (by name)");
  conform_command
      ->add_option("--sample-every", conform_args->sample_every, "only every K-th instance")
      ->check(CLI::PositiveNumber);
  conform_command->callback(guarded([conform_args] { conform(*conform_args); }));
}

}  // namespace coproduce::commission::pb
