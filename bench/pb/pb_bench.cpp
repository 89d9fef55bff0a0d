// Times parsing and every rule on named .pb files (each measurement in its own child
// process, so peak memory is its own and CPU time is not blurred by other work), with the
// literal Add1 loop (one exact MES per step, the reference tools' algorithm) as a baseline
// measured in the same run, then the whole corpus with all rules on N threads. Prints
// markdown tables. Usage: see kUsage.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "commission/pb/parser.hpp"
#include "commission/pb/rules.hpp"

namespace pb = coproduce::commission::pb;

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kUsage = R"(usage: pb_bench CORPUS_DIR [options]
Times the PB rules on the largest pabulib instances and on the whole corpus; prints markdown.
  CORPUS_DIR               the unpacked corpus (shared/pabulib/unpack DIR)
  --instances a.pb,b.pb    instances to time one by one (default: the five of issue 3)
  --threads N              threads for the whole-corpus pass (default 2)
  --skip-corpus            time the instances only
  --skip-literal           do not time the literal Add1 loop baseline (minutes on Budapest)
  --help                   this text
)";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_seconds(const rusage& usage) {
  return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, separator);)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

struct Measure {
  bool ok = false;
  std::string note;  // selected count, or why it did not run
  double wall = 0, cpu = 0;
  long peak_kb = 0;
};

// Runs `work` in a child process; its wall time, CPU time and peak RSS are the child's.
// `work` returns a short note that the child sends back through a pipe.
template <typename Work>
Measure in_child(Work work) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) throw std::runtime_error("pipe failed");
  auto start = Clock::now();
  pid_t child = fork();
  if (child == 0) {
    close(pipe_ends[0]);
    std::string note;
    try {
      note = "ok " + work();
    } catch (const std::exception& error) {
      note = std::string("error ") + error.what();
    }
    if (write(pipe_ends[1], note.data(), note.size()) < 0) _exit(2);
    _exit(0);
  }
  close(pipe_ends[1]);
  std::string note;
  char buffer[512];
  for (ssize_t got; (got = read(pipe_ends[0], buffer, sizeof buffer)) > 0;)
    note.append(buffer, std::size_t(got));
  close(pipe_ends[0]);
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  Measure measure;
  measure.wall = seconds_since(start);
  measure.cpu = cpu_seconds(usage);
  measure.peak_kb = usage.ru_maxrss;
  measure.ok = note.rfind("ok ", 0) == 0;
  measure.note = measure.ok ? note.substr(3) : note;
  return measure;
}

void bench_instances(const std::string& dir, const std::vector<std::string>& names,
                     bool literal_baseline) {
  std::cout << "## Largest instances (one process per measurement)\n\n"
            << "| instance | step | wall s | CPU s | peak RSS MB | result |\n"
            << "|---|---|---|---|---|---|\n";
  for (const auto& name : names) {
    const std::string path = dir + "/" + name;
    auto row = [&](const std::string& step, const Measure& m) {
      std::printf("| %s | %s | %.3f | %.3f | %.1f | %s |\n", name.c_str(), step.c_str(), m.wall,
                  m.cpu, double(m.peak_kb) / 1024.0, m.note.c_str());
      std::fflush(stdout);
    };
    row("parse", in_child([&] {
          pb::Instance instance = pb::read_pb_file(path);
          return std::to_string(instance.ballots.size()) + " voters";
        }));
    std::vector<std::pair<std::string, pb::RuleOptions>> steps;
    for (const auto& rule : pb::rule_names()) steps.emplace_back(rule, pb::RuleOptions{});
    if (literal_baseline) {
      pb::RuleOptions literal;
      literal.add1_by_ranges = false;
      steps.emplace_back("mes_cost_add1", literal);
    }
    for (const auto& [rule, options] : steps) {
      // The child parses first and times the rule alone (wall and its own CPU); the peak
      // RSS is the child's, so it includes the parsed instance.
      Measure m = in_child([&] {
        pb::Instance instance = pb::read_pb_file(path);
        rusage before{}, after{};
        getrusage(RUSAGE_SELF, &before);
        auto start = Clock::now();
        pb::Outcome outcome = pb::run_rule(instance, rule, options);
        double wall = seconds_since(start);
        getrusage(RUSAGE_SELF, &after);
        std::ostringstream note;
        note << wall << " " << cpu_seconds(after) - cpu_seconds(before) << " "
             << outcome.selected.size() << " selected";
        if (outcome.mes && outcome.mes->budget_steps > 0)
          note << ", " << outcome.mes->budget_steps << " add1 steps";
        return note.str();
      });
      if (m.ok) {
        std::istringstream fields(m.note);
        fields >> m.wall >> m.cpu;
        std::getline(fields >> std::ws, m.note);
      } else if (m.note.find("does not apply") != std::string::npos) {
        m.note = "not applicable";
        m.wall = m.cpu = 0;
      }
      row(options.add1_by_ranges ? rule : rule + " (baseline: literal loop)", m);
    }
  }
}

void bench_corpus(const std::string& dir, unsigned threads) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".pb") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  const std::vector<std::string> rules = pb::rule_names();
  std::mutex mutex;
  std::map<std::string, double> rule_seconds;
  std::map<std::string, long> rule_runs;
  std::map<std::string, std::pair<double, std::string>> slowest;
  double parse_seconds = 0;
  long errors = 0;
  std::atomic<std::size_t> next{0};
  auto start = Clock::now();
  auto work = [&] {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      auto parse_start = Clock::now();
      pb::Instance instance;
      try {
        instance = pb::read_pb_file(paths[i]);
      } catch (const std::exception& error) {
        std::lock_guard lock(mutex);
        ++errors;
        std::cerr << error.what() << "\n";
        continue;
      }
      double parsed = seconds_since(parse_start);
      for (const auto& rule : rules) {
        auto rule_start = Clock::now();
        try {
          pb::run_rule(instance, rule);
        } catch (const std::invalid_argument&) {
          continue;  // rule not applicable to this vote type
        }
        double took = seconds_since(rule_start);
        std::lock_guard lock(mutex);
        rule_seconds[rule] += took;
        ++rule_runs[rule];
        if (took > slowest[rule].first) slowest[rule] = {took, instance.name};
      }
      std::lock_guard lock(mutex);
      parse_seconds += parsed;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  for (auto& thread : pool) thread.join();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("\n## Whole corpus: %zu files, all rules, %u threads\n\n", paths.size(), threads);
  std::printf("Wall %.1f s, CPU %.1f s, peak RSS %.1f MB, parse errors %ld.\n\n",
              seconds_since(start), cpu_seconds(usage), double(usage.ru_maxrss) / 1024.0, errors);
  std::printf("| step | runs | thread-seconds | slowest instance (s) |\n|---|---|---|---|\n");
  std::printf("| parse | %zu | %.1f | |\n", paths.size(), parse_seconds);
  for (const auto& rule : rules) {
    std::printf("| %s | %ld | %.1f | %s (%.2f) |\n", rule.c_str(), rule_runs[rule],
                rule_seconds[rule], slowest[rule].second.c_str(), slowest[rule].first);
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::cout << kUsage;
      return 0;
    }
  }
  if (argc < 2 || argv[1][0] == '-') {
    std::cerr << kUsage;
    return 2;
  }
  std::string dir = argv[1];
  unsigned threads = 2;
  bool corpus = true, literal_baseline = true;
  std::vector<std::string> instances = {"Poland_Wroclaw_2015_150_-_500.pb", "Poland_Lodz_2022.pb",
                                        "Poland_Krakow_2024.pb", "Poland_Warszawa_2026.pb",
                                        "Hungary_Budapest_2024.pb"};
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      try {
        threads = unsigned(std::stoul(argv[++i]));
      } catch (const std::exception&) {
        threads = 0;
      }
      if (threads == 0 || threads > 256) {
        std::cerr << "pb_bench: --threads wants a number from 1 to 256, got '" << argv[i] << "'\n";
        return 2;
      }
    } else if (arg == "--instances" && i + 1 < argc) {
      instances = split(argv[++i], ',');
    } else if (arg == "--skip-corpus") {
      corpus = false;
    } else if (arg == "--skip-literal") {
      literal_baseline = false;
    } else {
      std::cerr << "pb_bench: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  if (!std::filesystem::is_directory(dir)) {
    std::cerr << "pb_bench: no corpus directory at '" << dir
              << "' (unpack it with shared/pabulib/unpack DIR)\n";
    return 2;
  }
  try {
    bench_instances(dir, instances, literal_baseline);
    if (corpus) bench_corpus(dir, threads);
  } catch (const std::exception& error) {
    std::cerr << "pb_bench: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
