// Test helper: a fixed sample of the shared pabulib corpus, read straight from the
// .pb.zst files (via `zstd -d -c`) so tests need no unpacked copy.
#pragma once

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace coproduce::commission::pb::testing {

inline std::string pabulib_dir() {
  return PABULIB_DIR;
}

// Decompressed text of corpus/<name>.zst; throws when zstd fails.
inline std::string read_corpus_text(const std::string& name) {
  std::string path = pabulib_dir() + "/corpus/" + name + ".zst";
  std::string command = "zstd -q -d -c '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string text;
  char buffer[1 << 16];
  std::size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, read);
  if (pclose(pipe) != 0) throw std::runtime_error(command + " failed");
  return text;
}

struct CorpusEntry {
  std::string file, vote_type;
  long bytes = 0;
};

inline std::vector<CorpusEntry> corpus_index() {
  std::ifstream in(pabulib_dir() + "/index.tsv");
  if (!in) throw std::runtime_error("cannot open " + pabulib_dir() + "/index.tsv");
  std::vector<CorpusEntry> entries;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> columns;
    std::size_t start = 0, tab;
    while ((tab = line.find('\t', start)) != std::string::npos) {
      columns.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    columns.push_back(line.substr(start));
    if (columns.size() < 10) throw std::runtime_error("index.tsv: short row: " + line);
    entries.push_back({columns[0], columns[5], std::stol(columns[9])});
  }
  return entries;
}

// Per vote type: the `smallest` smallest files plus `spread` files evenly spaced by name,
// all under `max_bytes` (CI time). Fixed, because the corpus snapshot is.
inline std::vector<std::string> corpus_sample(std::size_t spread = 10, std::size_t smallest = 3,
                                              long max_bytes = 150000) {
  std::map<std::string, std::vector<CorpusEntry>> by_type;
  for (const auto& entry : corpus_index()) {
    if (entry.bytes <= max_bytes) by_type[entry.vote_type].push_back(entry);
  }
  std::vector<std::string> sample;
  auto add = [&sample](const std::string& file) {
    if (std::find(sample.begin(), sample.end(), file) == sample.end()) sample.push_back(file);
  };
  for (auto& [type, entries] : by_type) {
    std::sort(entries.begin(), entries.end(),
              [](const CorpusEntry& a, const CorpusEntry& b) { return a.file < b.file; });
    for (std::size_t i = 0; i < spread && i < entries.size(); ++i)
      add(entries[i * entries.size() / spread].file);
    std::sort(entries.begin(), entries.end(),
              [](const CorpusEntry& a, const CorpusEntry& b) { return a.bytes < b.bytes; });
    for (std::size_t i = 0; i < smallest && i < entries.size(); ++i) add(entries[i].file);
  }
  return sample;
}

}  // namespace coproduce::commission::pb::testing
