// CSV as every export writes it (RFC 4180): cells quoted when they hold a
// comma, quote or line break; cells a spreadsheet would run as a formula
// (starting with = + - @ tab or CR) prefixed with an apostrophe.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace coproduce::core {

std::string csv_cell(std::string_view text);
// One record: the cells, comma-separated, ending in CRLF.
std::string csv_row(std::span<const std::string_view> cells);
std::string csv_row(std::initializer_list<std::string_view> cells);

}  // namespace coproduce::core
