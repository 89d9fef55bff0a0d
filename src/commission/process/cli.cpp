#include "commission/process/cli.hpp"

#include <iostream>
#include <memory>

#include "access/repository.hpp"
#include "access/access.hpp"
#include "commission/pb/parser.hpp"
#include "commission/process/json.hpp"
#include "commission/process/open_data.hpp"
#include "commission/process/process.hpp"
#include "core/error.hpp"

namespace coproduce::commission::process {

namespace {

constexpr int kInvalid = 1;

struct ImportArgs {
  std::string file, db = "sqlite://coproduce.db", org;
  ImportOptions options;
};

struct ResultsArgs {
  std::string process, db = "sqlite://coproduce.db", org;
  bool json = false;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "coproduce pb: " << message << "\n";
  throw CLI::RuntimeError(kInvalid);
}

std::string described(const core::Error& error) {
  return error.field().empty() ? std::string(error.what()) : error.field() + ": " + error.what();
}

void add_db(CLI::App* command, std::string& url) {
  command->add_option("--db", url, "Database URL: sqlite:///path/to/file.db or postgresql://user@host:port/dbname")
      ->envname("COPRODUCE_DB")
      ->capture_default_str();
}

// The organisation named by slug; without one, the first organisation, or a
// new one ("pb") in a database that has none yet.
std::string organisation(store::Connection& tx, const std::string& slug) {
  if (!slug.empty()) {
    auto org = access::find_organisation_by_slug(tx, slug);
    if (!org) fail("org: unknown organisation '" + slug + "'");
    return org->id;
  }
  if (auto first = access::first_organisation(tx)) return first->id;
  return access::create_organisation(tx, "pb", "Participatory budgeting", "en");
}

template <class Command>
std::function<void()> guarded(Command command) {
  return [command] {
    try {
      command();
    } catch (const CLI::Error&) {
      throw;
    } catch (const core::Error& error) {
      fail(described(error));
    } catch (const std::exception& error) {
      fail(error.what());
    }
  };
}

void run_import(const ImportArgs& args, const std::function<void(store::Database&)>& prepare) {
  pb::Instance instance;
  try {
    instance = pb::read_pb_file(args.file);
  } catch (const pb::ParseError& error) {
    fail(error.what());
  }
  auto db = store::open_database(args.db, 1);
  prepare(*db);
  auto conn = db->acquire();
  std::string id = conn->transaction([&] {
    std::string org = organisation(*conn, args.org);
    return import_instance(*conn, org, instance, args.options);
  });
  std::cout << id << "\n";
}

// The organisation of a process: the one named, else the process's own.
std::string organisation_of(store::Connection& conn, const ResultsArgs& args) {
  if (!args.org.empty()) {
    auto found = access::find_organisation_by_slug(conn, args.org);
    if (!found) fail("org: unknown organisation '" + args.org + "'");
    return found->id;
  }
  auto row = conn.query_one("SELECT organisation_id FROM pb_processes WHERE id = $1", {args.process});
  if (!row) fail("no participatory budgeting process " + args.process);
  return row->text(0);
}

void run_export(const ResultsArgs& args, const std::function<void(store::Database&)>& prepare) {
  auto db = store::open_database(args.db, 1);
  prepare(*db);
  auto conn = db->acquire();
  std::string org = organisation_of(*conn, args);
  auto process = find_process(*conn, org, args.process);
  if (!process) fail("no participatory budgeting process " + args.process);
  if (!results_public(process->phase))
    fail("process " + args.process + " is in phase " + process->phase + ": it is exported once its results are published");
  std::cout << export_pb(*conn, org, args.process);
}

void run_results(const ResultsArgs& args, const std::function<void(store::Database&)>& prepare) {
  auto db = store::open_database(args.db, 1);
  prepare(*db);
  auto conn = db->acquire();
  std::string org = organisation_of(*conn, args);
  auto process = find_process(*conn, org, args.process);
  if (!process) fail("no participatory budgeting process " + args.process);
  auto result = load_result(*conn, org, args.process);
  if (!result) fail("process " + args.process + " has not been counted");
  if (args.json) {
    std::cout << boost::json::serialize(result_json(*process, *result)) << "\n";
    return;
  }
  for (const auto& code : result->selected) std::cout << code << "\n";
}

}  // namespace

void add_process_commands(CLI::App& pb, std::function<void(store::Database&)> prepare) {
  auto import_args = std::make_shared<ImportArgs>();
  CLI::App* import_command = pb.add_subcommand(
      "import", "Create a finished participatory budgeting process from a .pb file, count it, print its id");
  import_command->add_option("file", import_args->file, "a pabulib .pb file")->required();
  add_db(import_command, import_args->db);
  import_command->add_option("--org", import_args->org,
                             "Organisation (slug); default: the first one, or a new organisation 'pb' "
                             "in a database without any");
  std::string rules_help = "Counting rule (default " + std::string(kDefaultRule) + "), as pb run takes it";
  import_command->add_option("--rule", import_args->options.rule, rules_help);
  import_command->add_option("--tie-break", import_args->options.tie_break, "by-id (default) or cost-votes-id");
  import_command->add_option("--name", import_args->options.name_en, "Name in English; default: from the file");
  import_command->add_option("--name-cy", import_args->options.name_cy, "Name in Welsh; default: the English name");
  import_command->callback(guarded([import_args, prepare] { run_import(*import_args, prepare); }));

  auto results_args = std::make_shared<ResultsArgs>();
  CLI::App* results_command = pb.add_subcommand(
      "results", "Print a process's selected project codes in selection order (as pb run does)");
  results_command->add_option("process", results_args->process, "the process id")->required();
  add_db(results_command, results_args->db);
  results_command->add_option("--org", results_args->org, "Organisation (slug) the process belongs to");
  results_command->add_flag("--json", results_args->json, "print the results with explanations as JSON");
  results_command->callback(guarded([results_args, prepare] { run_results(*results_args, prepare); }));

  auto export_args = std::make_shared<ResultsArgs>();
  CLI::App* export_command = pb.add_subcommand(
      "export", "Print a process with published results as a pabulib .pb file (voters numbered, nothing else about them)");
  export_command->add_option("process", export_args->process, "the process id")->required();
  add_db(export_command, export_args->db);
  export_command->add_option("--org", export_args->org, "Organisation (slug) the process belongs to");
  export_command->callback(guarded([export_args, prepare] { run_export(*export_args, prepare); }));
}

}  // namespace coproduce::commission::process
