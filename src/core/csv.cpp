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

namespace coproduce::core {

std::vector<CsvRecord> read_csv(std::string_view text, std::size_t max_records, std::size_t max_cell) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  std::size_t i = 0, line = 1;
  while (i < text.size()) {
    CsvRecord record{line, {}};
    std::string cell;
    bool end_of_record = false;
    while (!end_of_record) {
      cell.clear();
      if (i < text.size() && text[i] == '"') {
        ++i;
        std::size_t opened = line;
        while (true) {
          if (i >= text.size()) throw CsvError{opened, "unclosed_quote"};
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              cell += '"';
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            cell += c;
          }
          if (cell.size() > max_cell) throw CsvError{line, "cell_too_long"};
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw CsvError{line, "text_after_quote"};
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          cell += text[i++];
          if (cell.size() > max_cell) throw CsvError{line, "cell_too_long"};
        }
      }
      record.cells.push_back(cell);
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      end_of_record = true;
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
    }
    bool blank = record.cells.size() == 1 && record.cells[0].empty();
    if (!blank) {
      if (records.size() == max_records) throw CsvError{record.line, "too_many_records"};
      records.push_back(std::move(record));
    }
  }
  return records;
}

}  // namespace coproduce::core
