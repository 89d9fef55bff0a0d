#include "core/csv.hpp"

namespace coproduce::core {

std::string csv_cell(std::string_view text) {
  std::string cell(text);
  // Formula injection: =, +, -, @, tab and CR start a formula in spreadsheets.
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos)
    cell.insert(0, "'");
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_row(std::span<const std::string_view> cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_cell(cells[i]);
  }
  return out + "\r\n";
}

std::string csv_row(std::initializer_list<std::string_view> cells) {
  return csv_row(std::span<const std::string_view>(cells.begin(), cells.size()));
}

}  // namespace coproduce::core
