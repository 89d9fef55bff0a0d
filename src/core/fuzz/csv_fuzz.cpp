// libFuzzer entry point for the CSV writer every export uses: any cells, read
// back by an independent RFC 4180 reader, give the same cells in the same
// columns (a cell that could run as a formula gains one leading apostrophe),
// and no cell read back starts a formula.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/csv.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

bool starts_formula(const std::string& cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos;
}

// One record ending in CRLF; aborts on anything RFC 4180 does not allow.
std::vector<std::string> read_record(const std::string& text) {
  std::vector<std::string> cells(1);
  std::size_t i = 0;
  bool quoted = false, was_quoted = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c != '"') cells.back() += c;
      else if (i + 1 < text.size() && text[i + 1] == '"') cells.back() += text[++i];
      else quoted = false;
    } else if (c == '"') {
      require(cells.back().empty() && !was_quoted);  // a quote opens a cell or nothing
      quoted = was_quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
      was_quoted = false;
    } else if (c == '\r') {
      require(text.substr(i) == "\r\n");  // the record's end, and nothing after it
      return cells;
    } else {
      require(c != '\n' && !was_quoted);  // no bare line break; nothing after a closing quote
      cells.back() += c;
    }
  }
  std::abort();  // no CRLF at the end
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  std::vector<std::string> cells;
  while (input.remaining_bytes() > 0 && cells.size() < 64) cells.push_back(input.ConsumeRandomLengthString(256));
  if (cells.empty()) return 0;
  std::vector<std::string_view> views(cells.begin(), cells.end());
  auto read = read_record(coproduce::core::csv_row(views));
  require(read.size() == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    require(read[i] == (starts_formula(cells[i]) ? "'" + cells[i] : cells[i]));
    require(!starts_formula(read[i]));
  }
  return 0;
}
