// Reading the pabulib .pb format into an Instance, with errors naming file, line and field.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "commission/pb/model.hpp"

namespace coproduce::commission::pb {

class ParseError : public std::runtime_error {
 public:
  ParseError(std::string file, int line, std::string field, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }  // 1-based; 0 when the problem concerns the whole file
  const std::string& field() const { return field_; }

 private:
  std::string file_;
  int line_;
  std::string field_;
};

// Parses .pb text; `name` is used in errors and kept as Instance::name. Throws ParseError.
Instance parse_pb(std::string_view text, std::string name);
// Reads and parses a file; the instance name is the file's base name.
Instance read_pb_file(const std::string& path);

// Exact value of a decimal number: optional '-', digits with an optional '.' or ','
// fraction ("12", "4000.0", "1331751,11", ".5"). Exponents and separators are rejected.
bool parse_decimal(std::string_view text, mpq_class& out);

// Text without leading/trailing spaces and tabs (the reference parser strips every field).
std::string_view trim(std::string_view text);

namespace detail {

using IdIndex = std::unordered_map<std::string_view, int>;

// A problem in one column of a ballot, turned into a ParseError by the caller.
struct FieldError {
  std::string field;
  std::string message;
};

// Reusable state for reading ballots: which projects the current ballot already named.
struct BallotScratch {
  std::vector<unsigned> seen_in;  // per project: serial of the last ballot naming it
  std::vector<int> position;      // per project: its position in that ballot's items
  unsigned serial = 0;
  std::vector<std::string_view> duplicates;   // ids repeated in the last ballot read
  std::vector<std::string_view> ids, values;  // split lists, reused between ballots
};

// Reads a `vote` list (and `points` list when `points` is non-null) with the model's
// duplicate rules into items/points. Throws FieldError.
void read_ballot_items(std::string_view vote, const std::string_view* points, const IdIndex& index,
                       BallotScratch& scratch, std::vector<int>& items,
                       std::vector<mpq_class>& points_out);

// Splits a comma list into trimmed parts; an empty or blank text gives no parts.
std::vector<std::string_view> split_list(std::string_view text);
void split_list_into(std::string_view text, std::vector<std::string_view>& parts);

}  // namespace detail
}  // namespace coproduce::commission::pb
