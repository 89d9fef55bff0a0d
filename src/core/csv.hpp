// CSV as every export writes it (RFC 4180): cells quoted when they hold a
// comma, quote or line break; cells a spreadsheet would run as a formula
// (starting with = + - @ tab or CR) prefixed with an apostrophe.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coproduce::core {

std::string csv_cell(std::string_view text);
// One record: the cells, comma-separated, ending in CRLF.
std::string csv_row(std::span<const std::string_view> cells);
std::string csv_row(std::initializer_list<std::string_view> cells);

// Reads CSV (RFC 4180: quoted cells with "" for a quote, CRLF or LF line
// ends, a UTF-8 byte order mark ignored) into records of cells. Blank lines
// are skipped. Throws CsvError naming the line for an unclosed quote, text
// after a closing quote, a cell longer than `max_cell` bytes, or more than
// `max_records` records.
struct CsvError {
  std::size_t line;     // 1-based
  std::string problem;  // "unclosed_quote", "text_after_quote", "cell_too_long", "too_many_records"
};
struct CsvRecord {
  std::size_t line;  // where it starts, 1-based
  std::vector<std::string> cells;
};
std::vector<CsvRecord> read_csv(std::string_view text, std::size_t max_records, std::size_t max_cell = 1000);

}  // namespace coproduce::core
