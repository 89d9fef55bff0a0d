// Conformance runner: expected/*.tsv rows against our rules, on a pool of std::threads.
#include "commission/pb/conform.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <thread>

#include "commission/pb/rules.hpp"

namespace coproduce::commission::pb {

namespace {

constexpr double kSlowSeconds = 10;  // rows slower than this are listed in the summary

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string join_ids(const std::vector<std::string>& ids) {
  constexpr std::size_t kMaxShown = 40;
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < kMaxShown; ++i) out += (i > 0 ? "," : "") + ids[i];
  if (ids.size() > kMaxShown) out += ",... (" + std::to_string(ids.size()) + " in all)";
  return "[" + out + "]";
}

void read_rule_file(const std::filesystem::path& path, std::vector<ExpectedRow>& rows) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  std::string rule = path.stem().string();
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 || line.empty()) continue;  // header
    std::vector<std::string> columns = split(line, '\t');
    if (columns.size() < 2) {
      throw std::runtime_error(path.string() + ":" + std::to_string(number) +
                               ": expected instance<TAB>selected");
    }
    ExpectedRow row{rule, columns[0], {}, {}, {}};
    if (!columns[1].empty()) row.selected = split(columns[1], ',');
    if (rule == "max_welfare") {
      if (columns.size() < 3) {
        throw std::runtime_error(path.string() + ":" + std::to_string(number) +
                                 ": missing welfare column");
      }
      row.welfare = columns[2];
    }
    if (rule == "mes_cost_eqs") row.arithmetic = columns.size() >= 3 ? columns[2] : "exact";
    rows.push_back(std::move(row));
  }
}

std::vector<std::string> ids_of(const Instance& instance, const std::vector<int>& selected) {
  std::vector<std::string> ids;
  for (int index : selected)
    ids.push_back(instance.projects.at(static_cast<std::size_t>(index)).id);
  return ids;
}

RowResult compare_welfare(const Instance& instance, const ExpectedRow& row,
                          const std::vector<int>& selected) {
  std::vector<mpq_class> approvals(instance.projects.size(), 0);
  for (const Ballot& ballot : instance.ballots) {
    for (int item : ballot.items) approvals[static_cast<std::size_t>(item)] += 1;
  }
  mpq_class welfare = 0, cost = 0;
  for (int index : selected) {
    const Project& project = instance.projects.at(static_cast<std::size_t>(index));
    welfare += project.cost * approvals[static_cast<std::size_t>(index)];
    cost += project.cost;
  }
  mpq_class expected;
  if (expected.set_str(row.welfare, 10) != 0) {
    return {Verdict::fail, "unreadable expected welfare '" + row.welfare + "'"};
  }
  expected.canonicalize();
  if (cost > instance.budget) {
    return {Verdict::fail,
            "infeasible: cost " + cost.get_str() + " > budget " + instance.budget.get_str()};
  }
  if (welfare != expected) {
    return {Verdict::fail, "welfare " + welfare.get_str() + ", expected " + expected.get_str()};
  }
  return {};
}

}  // namespace

std::vector<ExpectedRow> read_expected(const std::string& expected_dir,
                                       const std::vector<std::string>& rules) {
  std::vector<std::filesystem::path> files;
  if (rules.empty()) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(expected_dir, error)) {
      if (entry.path().extension() == ".tsv") files.push_back(entry.path());
    }
    if (error) throw std::runtime_error(expected_dir + ": " + error.message());
    std::sort(files.begin(), files.end());
  } else {
    for (const auto& rule : rules)
      files.push_back(std::filesystem::path(expected_dir) / (rule + ".tsv"));
  }
  std::vector<ExpectedRow> rows;
  for (const auto& file : files) read_rule_file(file, rows);
  return rows;
}

RowResult compare_row(const Instance& instance, const ExpectedRow& row,
                      const std::vector<int>& selected) {
  if (row.rule == "max_welfare") return compare_welfare(instance, row, selected);
  std::vector<std::string> ours = ids_of(instance, selected);
  std::vector<std::string> expected = row.selected;
  if (row.rule == "phragmen") {  // the reference lists a sorted set
    std::sort(ours.begin(), ours.end());
    std::sort(expected.begin(), expected.end());
  }
  if (ours == expected) return {};
  Verdict verdict = row.arithmetic == "float" ? Verdict::float_difference : Verdict::fail;
  std::size_t first = 0;
  while (first < ours.size() && first < expected.size() && ours[first] == expected[first]) ++first;
  return {verdict, "expected " + join_ids(expected) + ", got " + join_ids(ours) +
                       " (first difference at position " + std::to_string(first + 1) + ")"};
}

RowResult check_row(const Instance& instance, const ExpectedRow& row) {
  try {
    Outcome outcome = run_rule(instance, row.rule, RuleOptions{});
    return compare_row(instance, row, outcome.selected);
  } catch (const std::exception& error) {
    return {Verdict::fail, std::string("rule error: ") + error.what()};
  } catch (...) {
    return {Verdict::fail, "rule error: unknown exception"};
  }
}

ConformSummary run_conformance(const std::vector<ExpectedRow>& rows, const InstanceLoader& load,
                               const ConformOptions& options) {
  std::map<std::string, std::vector<const ExpectedRow*>> by_instance;
  for (const auto& row : rows) by_instance[row.instance].push_back(&row);
  std::vector<const std::vector<const ExpectedRow*>*> tasks;
  std::size_t position = 0;
  std::size_t every = std::max<std::size_t>(options.sample_every, 1);
  for (const auto& [name, instance_rows] : by_instance) {
    if (position++ % every != 0) continue;
    if (options.limit != 0 && tasks.size() >= options.limit) break;
    tasks.push_back(&instance_rows);
  }

  ConformSummary summary;
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  using Clock = std::chrono::steady_clock;
  struct Running {
    std::string what;  // "rule instance", empty when idle
    Clock::time_point since;
  };
  unsigned jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<Running> running(jobs);

  auto record = [&](const ExpectedRow& row, const RowResult& result, double seconds) {
    std::lock_guard lock(mutex);
    std::string where = row.rule + " " + row.instance + ": " + result.detail;
    switch (result.verdict) {
      case Verdict::pass:
        ++summary.passed;
        break;
      case Verdict::fail:
        ++summary.failed;
        summary.failures.push_back("FAIL " + where);
        break;
      case Verdict::float_difference:
        ++summary.float_differences;
        summary.differences.push_back("FLOAT-DIFF " + where);
        break;
    }
    if (seconds >= kSlowSeconds) {
      char shown[32];
      std::snprintf(shown, sizeof shown, "%.1f s", seconds);
      summary.slow.push_back(row.rule + " " + row.instance + " " + shown);
    }
  };
  auto start = [&](unsigned worker, const std::string& what) {
    std::lock_guard lock(mutex);
    running[worker] = {what, Clock::now()};
  };
  auto work = [&](unsigned worker) {
    for (std::size_t t = next++; t < tasks.size(); t = next++) {
      const auto& task_rows = *tasks[t];
      try {
        start(worker, "loading " + task_rows.front()->instance);
        Instance instance = load(task_rows.front()->instance);
        for (const ExpectedRow* row : task_rows) {
          start(worker, row->rule + " " + row->instance);
          Clock::time_point began = Clock::now();
          RowResult result = check_row(instance, *row);
          record(*row, result, std::chrono::duration<double>(Clock::now() - began).count());
        }
      } catch (const std::exception& error) {
        for (const ExpectedRow* row : task_rows) {
          record(*row, {Verdict::fail, std::string("cannot load instance: ") + error.what()}, 0);
        }
      }
      std::lock_guard lock(mutex);
      running[worker].what.clear();
      ++done;
      finished.notify_all();
    }
  };
  // Progress names what each worker has been busy with for long, to spot slow rules.
  auto report = [&] {
    *options.progress << "conform: " << done << "/" << tasks.size() << " instances, "
                      << summary.passed << " passed, " << summary.failed << " failed";
    for (const auto& busy : running) {
      auto seconds = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - busy.since);
      if (!busy.what.empty() && seconds.count() >= 5) {
        *options.progress << "; " << busy.what << " for " << seconds.count() << " s";
      }
    }
    *options.progress << std::endl;
  };

  std::vector<std::thread> workers;
  for (unsigned j = 0; j < jobs && j < tasks.size(); ++j) workers.emplace_back(work, j);
  {
    std::unique_lock lock(mutex);
    while (
        !finished.wait_for(lock, std::chrono::seconds(5), [&] { return done == tasks.size(); })) {
      if (options.progress != nullptr) report();
    }
  }
  for (auto& worker : workers) worker.join();
  std::sort(summary.failures.begin(), summary.failures.end());
  std::sort(summary.differences.begin(), summary.differences.end());
  std::sort(summary.slow.begin(), summary.slow.end());
  return summary;
}

}  // namespace coproduce::commission::pb
