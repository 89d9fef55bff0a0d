// Through the platform, on the whole pabulib corpus: each election is imported
// as a process (stored in the database, counted from the stored ballots) once
// per reference rule that lists it, and the stored selection is compared with
// what the engine selects on the file itself (what `coproduce pb run` prints)
// and with the reference outcome. Prints one line per disagreement and the
// figures. Run by bench/pb_platform/run.sh.
//   pb_platform_check CORPUS_DIR EXPECTED_DIR [--db URL] [--sample-every K] [--limit N]
// CORPUS_DIR holds NAME.pb files (unpacked) or NAME.pb.zst (read through zstd).
//   pb_platform_check --time FILE.pb [--db URL] [--rule R]
// times one election: parse, import (store + count), and the count alone from the
// stored ballots (closing the vote to stored results), best of three.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "access/access.hpp"
#include "app/modules.hpp"
#include "commission/pb/conform.hpp"
#include "commission/pb/parser.hpp"
#include "commission/pb/rules.hpp"
#include "commission/process/lifecycle.hpp"
#include "commission/process/process.hpp"
#include "module/registry.hpp"
#include "store/database.hpp"

using namespace coproduce;
using namespace coproduce::commission;

namespace {

std::string read_text(const std::filesystem::path& dir, const std::string& name) {
  auto plain = dir / name;
  if (std::filesystem::exists(plain)) {
    std::ifstream in(plain, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  std::string command = "zstd -q -d -c '" + (dir / (name + ".zst")).string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string text;
  char chunk[1 << 16];
  std::size_t read = 0;
  while ((read = fread(chunk, 1, sizeof chunk, pipe)) > 0) text.append(chunk, read);
  if (pclose(pipe) != 0) throw std::runtime_error(command + " failed");
  return text;
}

void forget(store::Connection& c, const std::string& org, const std::string& id) {
  for (const char* table : {"pb_result_projects", "pb_results", "pb_ballots", "pb_projects"})
    c.execute(std::string("DELETE FROM ") + table + " WHERE organisation_id = $1 AND process_id = $2", {org, id});
  c.execute("DELETE FROM pb_processes WHERE organisation_id = $1 AND id = $2", {org, id});
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

module::Registry& migrated(store::Database& db) {
  static module::Environment environment;
  environment.db = &db;
  static module::Registry registry(environment);
  registry.load(app::modules());
  store::migrate(db, registry.migrations());
  return registry;
}

int time_one(const std::string& file, const std::string& url, const std::string& rule) {
  auto db = store::open_database(url, 1);
  migrated(*db);
  auto conn = db->acquire();
  std::string org = conn->transaction([&] { return access::create_organisation(*conn, "timing", "Timing", "en"); });
  auto start = std::chrono::steady_clock::now();
  pb::Instance instance = pb::read_pb_file(file);
  double parse = seconds_since(start);
  process::ImportOptions options;
  options.rule = rule;
  start = std::chrono::steady_clock::now();
  std::string id = conn->transaction([&] { return process::import_instance(*conn, org, instance, options); });
  double import = seconds_since(start);
  double best_count = 1e9, best_load = 1e9, best_engine = 1e9;
  for (int run = 0; run < 3; ++run) {
    start = std::chrono::steady_clock::now();
    conn->transaction([&] { process::count(*conn, org, id); });
    best_count = std::min(best_count, seconds_since(start));
    start = std::chrono::steady_clock::now();
    pb::Instance stored = process::load_instance(*conn, org, id);
    best_load = std::min(best_load, seconds_since(start));
    start = std::chrono::steady_clock::now();
    pb::run_rule(instance, rule);
    best_engine = std::min(best_engine, seconds_since(start));
  }
  std::cout << instance.name << ": " << instance.ballots.size() << " ballots, " << instance.projects.size()
            << " projects, rule " << rule << "\n"
            << "parse the file: " << parse << " s\n"
            << "import (store every ballot, then count from the database and store the result): " << import << " s\n"
            << "count from the stored ballots and store the result (best of 3): " << best_count << " s\n"
            << "  of which reading the ballots back (best of 3): " << best_load << " s\n"
            << "  the engine alone on the parsed file (best of 3): " << best_engine << " s\n";
  // The same ballots as a process run in the platform, its papers reconciled:
  // closing the vote is the move to counting (count, store, the ledger) and
  // the councillor's sign-off that publishes the result.
  conn->execute("UPDATE pb_processes SET source = '', phase = 'reconciling' WHERE organisation_id = $1 AND id = $2",
                {org, id});
  auto officer = core::Principal::system_in(org);
  start = std::chrono::steady_clock::now();
  conn->transaction([&] { process::change_phase(*conn, officer, id, "counting", ""); });
  conn->transaction([&] { process::sign_off(*conn, officer, id); });
  std::cout << "close the vote to published results (counting, storing, sign-off): " << seconds_since(start) << " s\n"
            << "process " << id << " in organisation timing\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--time") {
    std::string url = "sqlite::memory:", rule = process::kDefaultRule;
    for (int i = 3; i + 1 < argc; i += 2) {
      if (std::string(argv[i]) == "--db") url = argv[i + 1];
      if (std::string(argv[i]) == "--rule") rule = argv[i + 1];
    }
    return time_one(argv[2], url, rule);
  }
  if (argc < 3) {
    std::cerr << "usage: pb_platform_check CORPUS_DIR EXPECTED_DIR [--db URL] [--sample-every K] [--limit N]\n";
    return 2;
  }
  std::filesystem::path corpus = argv[1];
  std::string expected = argv[2], url = "sqlite::memory:";
  std::size_t every = 1, limit = 0;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string option = argv[i];
    if (option == "--db") url = argv[i + 1];
    else if (option == "--sample-every") every = std::stoul(argv[i + 1]);
    else if (option == "--limit") limit = std::stoul(argv[i + 1]);
    else {
      std::cerr << "unknown option " << option << "\n";
      return 2;
    }
  }
  auto db = store::open_database(url, 1);
  migrated(*db);
  auto conn = db->acquire();
  std::string org = conn->transaction(
      [&] { return access::create_organisation(*conn, "corpus-check", "Corpus check", "en"); });

  std::map<std::string, std::vector<pb::ExpectedRow>> by_file;
  for (auto& row : pb::read_expected(expected)) by_file[row.instance].push_back(std::move(row));
  std::size_t files = 0, pairs = 0, agree = 0, disagree = 0, reference_agree = 0, reference_float = 0, errors = 0,
              seen = 0;
  auto start = std::chrono::steady_clock::now();
  for (const auto& [file, rows] : by_file) {
    if (seen++ % every != 0) continue;
    if (limit != 0 && files >= limit) break;
    ++files;
    pb::Instance instance;
    try {
      instance = pb::parse_pb(read_text(corpus, file), file);
    } catch (const std::exception& error) {
      std::cout << "ERROR " << file << ": " << error.what() << "\n";
      errors += rows.size();
      continue;
    }
    for (const auto& row : rows) {
      ++pairs;
      try {
        process::ImportOptions options;
        options.rule = row.rule;
        std::string id = conn->transaction([&] { return process::import_instance(*conn, org, instance, options); });
        auto result = process::load_result(*conn, org, id);
        pb::Outcome direct = pb::run_rule(instance, row.rule);
        std::vector<std::string> expected_codes;
        for (int index : direct.selected) expected_codes.push_back(instance.projects[std::size_t(index)].id);
        if (result && result->selected == expected_codes) {
          ++agree;
        } else {
          ++disagree;
          std::cout << "DIFFERS " << file << " " << row.rule << "\n";
        }
        std::vector<int> stored;
        if (result)
          for (const auto& code : result->selected) stored.push_back(instance.project_index(code));
        auto verdict = pb::compare_row(instance, row, stored).verdict;
        if (verdict == pb::Verdict::pass) ++reference_agree;
        if (verdict == pb::Verdict::float_difference) ++reference_float;
        conn->transaction([&] { forget(*conn, org, id); });
      } catch (const std::exception& error) {
        ++errors;
        std::cout << "ERROR " << file << " " << row.rule << ": " << error.what() << "\n";
      }
    }
    if (files % 100 == 0) std::cerr << files << " files, " << pairs << " pairs\n";
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << files << " files, " << pairs << " (file, rule) pairs through the platform: " << agree
            << " agree with pb run, " << disagree << " differ, " << errors << " errors; against the reference: "
            << reference_agree << " agree, " << reference_float << " float rows differ (not counted); "
            << seconds << " s\n";
  return disagree == 0 && errors == 0 ? 0 : 1;
}
