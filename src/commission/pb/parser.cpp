// Parser for the pabulib .pb format: a CSV-style tokenizer (';' separators, '"' quoting
// with "" escapes, LF/CRLF/CR line ends) feeding a META -> PROJECTS -> VOTES state machine.
// Every rejected input names file, line and field; tolerated quirks become warnings.
#include "commission/pb/parser.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_set>

namespace coproduce::commission::pb {

namespace {

std::string format_error(const std::string& file, int line, const std::string& field,
                         const std::string& message) {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line);
  text += ": ";
  if (!field.empty()) text += "field '" + field + "': ";
  return text + message;
}

// Field text quoted for messages, shortened so hostile input cannot flood a log.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() > kMax) return "'" + std::string(text.substr(0, kMax)) + "...'";
  return "'" + std::string(text) + "'";
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// One CSV record: its fields and the line it starts on.
struct Row {
  int line = 0;
  std::size_t size = 0;             // fields in use (the vector keeps spare strings)
  std::vector<std::string> fields;  // reused between rows to avoid reallocating
  bool text_after_quote = false;    // a quoted field was followed by more text
  std::string_view operator[](std::size_t i) const { return fields[i]; }
  bool blank() const { return size == 1 && trim(fields[0]).empty(); }
};

class Tokenizer {
 public:
  Tokenizer(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  // Upper bound on the records left (used to reserve space).
  std::size_t lines_left() const {
    return static_cast<std::size_t>(
               std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_), text_.end(), '\n')) +
           1;
  }

  // Reads the next record into `row`; false at end of input.
  bool next(Row& row) {
    if (pos_ >= text_.size()) return false;
    row.line = line_;
    row.size = 0;
    row.text_after_quote = false;
    while (true) {
      std::string& field = next_field(row);
      bool row_ended = read_field(row, field);
      if (row_ended) return true;
    }
  }

 private:
  std::string& next_field(Row& row) {
    if (row.size == row.fields.size()) row.fields.emplace_back();
    std::string& field = row.fields[row.size++];
    field.clear();
    return field;
  }

  // Consumes a line end at pos_ if there is one.
  bool at_line_end() {
    if (pos_ >= text_.size()) return true;
    char c = text_[pos_];
    if (c == '\n') {
      ++pos_;
      ++line_;
      return true;
    }
    if (c == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
    return false;
  }

  // Reads one field; returns true when the record ended after it.
  bool read_field(Row& row, std::string& field) {
    if (pos_ < text_.size() && text_[pos_] == '"') read_quoted(row, field);
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ';' || c == '\n' || c == '\r') break;
      ++pos_;
    }
    field.append(text_.data() + start, pos_ - start);
    if (pos_ < text_.size() && text_[pos_] == ';') {
      ++pos_;
      return false;
    }
    at_line_end();
    return true;
  }

  void read_quoted(Row& row, std::string& field) {
    int start_line = line_;
    ++pos_;  // opening quote
    while (true) {
      std::size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) {
        throw ParseError(file_, start_line, "", "unterminated quoted field");
      }
      std::string_view chunk = text_.substr(pos_, quote - pos_);
      for (std::size_t i = 0; i < chunk.size(); ++i) {
        bool crlf_start = chunk[i] == '\r' && i + 1 < chunk.size() && chunk[i + 1] == '\n';
        if (chunk[i] == '\n' || (chunk[i] == '\r' && !crlf_start)) ++line_;
      }
      field.append(chunk);
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        field.push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
    if (pos_ < text_.size() && text_[pos_] != ';' && text_[pos_] != '\n' && text_[pos_] != '\r') {
      row.text_after_quote = true;
    }
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

enum class Section { none, meta, projects, votes };

constexpr std::size_t kMaxWarnings = 100;

class Parser {
 public:
  Parser(std::string_view text, std::string name)
      : name_(std::move(name)),
        has_bom_(text.starts_with(kBom)),
        tokenizer_(has_bom_ ? text.substr(kBom.size()) : text, name_) {
    instance_.name = name_;
    if (has_bom_) warn(1, "UTF-8 byte order mark skipped");
  }

  Instance run() {
    Row row;
    int last_line = 0;
    int trailing_blank = 0;  // blank lines not yet known to be followed by content
    while (tokenizer_.next(row)) {
      last_line = row.line;
      if (row.blank()) {
        if (trailing_blank == 0) trailing_blank = row.line;
        continue;
      }
      if (trailing_blank != 0) {
        warn(trailing_blank, "blank line skipped");
        trailing_blank = 0;
      }
      if (row.text_after_quote)
        warn(row.line, "text after a closing quote kept as part of the field");
      if (start_section(row)) continue;
      switch (section_) {
        case Section::none:
          fail(row.line, "", "expected the META section first, found " + quoted(row[0]));
        case Section::meta:
          meta_row(row);
          break;
        case Section::projects:
          project_row(row);
          break;
        case Section::votes:
          vote_row(row);
          break;
      }
    }
    if (section_ != Section::votes) {
      const char* missing = section_ == Section::projects ? "VOTES"
                            : section_ == Section::meta   ? "PROJECTS"
                                                          : "META";
      fail(last_line, "", std::string("missing section ") + missing);
    }
    if (awaiting_header_) fail(last_line, "", "missing header row of section VOTES");
    finish();
    return std::move(instance_);
  }

 private:
  [[noreturn]] void fail(int line, const std::string& field, const std::string& message) {
    throw ParseError(name_, line, field, message);
  }

  void warn(int line, const std::string& message) {
    ++warning_count_;
    if (warning_count_ > kMaxWarnings) return;
    instance_.warnings.push_back(line > 0 ? "line " + std::to_string(line) + ": " + message
                                          : message);
  }

  bool start_section(const Row& row) {
    for (std::size_t i = 1; i < row.size; ++i) {
      if (!trim(row[i]).empty()) return false;
    }
    std::string word = lower(trim(row[0]));
    Section next;
    if (word == "meta")
      next = Section::meta;
    else if (word == "projects")
      next = Section::projects;
    else if (word == "votes")
      next = Section::votes;
    else
      return false;
    std::string upper = word;
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    if (static_cast<int>(next) != static_cast<int>(section_) + 1) {
      fail(row.line, "",
           "section " + upper +
               " out of place (expected META, PROJECTS, VOTES once each, in that order)");
    }
    if (awaiting_header_)
      fail(row.line, "", "section " + upper + " follows a section without a header row");
    if (trim(row[0]) != upper)
      warn(row.line, "section name " + quoted(row[0]) + " not in upper case");
    if (next == Section::projects) interpret_meta(row.line);
    section_ = next;
    awaiting_header_ = true;
    return true;
  }

  std::vector<std::string> read_header(const Row& row, std::string_view section) {
    std::vector<std::string> columns;
    std::unordered_set<std::string_view> seen;
    for (std::size_t i = 0; i < row.size; ++i) {
      std::string_view name = trim(row[i]);
      if (name.empty())
        fail(row.line, "", "empty column name in the " + std::string(section) + " header");
      if (!seen.insert(name).second)
        fail(row.line, std::string(name),
             "column appears twice in the " + std::string(section) + " header");
      columns.emplace_back(name);
    }
    return columns;
  }

  static int column_of(const std::vector<std::string>& columns, std::string_view name) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == name) return static_cast<int>(i);
    }
    return -1;
  }

  int require_column(const Row& row, const std::vector<std::string>& columns, std::string_view name,
                     std::string_view section) {
    int index = column_of(columns, name);
    if (index < 0) {
      fail(row.line, std::string(name),
           "missing required column in the " + std::string(section) + " header");
    }
    return index;
  }

  void check_field_count(const Row& row, std::size_t expected, std::string_view section) {
    if (row.size != expected) {
      fail(row.line, "",
           std::string(section) + " row has " + std::to_string(row.size) +
               " fields but the header has " + std::to_string(expected));
    }
  }

  void meta_row(const Row& row) {
    if (awaiting_header_) {
      awaiting_header_ = false;
      if (row.size == 2 && lower(trim(row[0])) == "key" && lower(trim(row[1])) == "value") return;
      fail(row.line, "", "the META header row must be 'key;value', found " + quoted(row[0]));
    }
    if (row.size < 2) fail(row.line, std::string(trim(row[0])), "META row needs 'key;value'");
    for (std::size_t i = 2; i < row.size; ++i) {
      if (!trim(row[i]).empty()) {
        fail(row.line, std::string(trim(row[0])),
             "META row has " + std::to_string(row.size) +
                 " fields, expected 2 (quote a value containing ';')");
      }
    }
    if (row.size > 2) warn(row.line, "empty fields after a META value ignored");
    std::string key(trim(row[0]));
    if (key.empty()) fail(row.line, "", "META row with an empty key");
    if (!meta_keys_.insert(key).second) {
      warn(row.line, "META key " + quoted(key) + " repeated; the last value is used");
    }
    meta_lines_.push_back(row.line);
    instance_.meta.emplace_back(std::move(key), std::string(row[1]));
  }

  // Last line a META key appears on (the reference parser keeps the last value).
  int meta_line(std::string_view key) const {
    for (std::size_t i = instance_.meta.size(); i-- > 0;) {
      if (instance_.meta[i].first == key) return meta_lines_[i];
    }
    return 0;
  }

  void interpret_meta(int projects_line) {
    const std::string* budget = instance_.meta_value("budget");
    if (budget == nullptr) fail(projects_line, "budget", "missing required META key");
    if (!parse_decimal(trim(*budget), instance_.budget)) {
      fail(meta_line("budget"), "budget", "not a decimal number: " + quoted(*budget));
    }
    if (instance_.budget < 0) fail(meta_line("budget"), "budget", "negative budget");
    const std::string* type = instance_.meta_value("vote_type");
    if (type == nullptr) fail(projects_line, "vote_type", "missing required META key");
    if (!vote_type_from_string(trim(*type), instance_.vote_type)) {
      fail(meta_line("vote_type"), "vote_type",
           "unknown vote type " + quoted(*type) +
               " (expected approval, choose-1, cumulative, scoring or ordinal)");
    }
  }

  void project_row(const Row& row) {
    if (awaiting_header_) {
      awaiting_header_ = false;
      instance_.project_columns = read_header(row, "PROJECTS");
      id_column_ = require_column(row, instance_.project_columns, "project_id", "PROJECTS");
      cost_column_ = require_column(row, instance_.project_columns, "cost", "PROJECTS");
      category_column_ = column_of(instance_.project_columns, "category");
      return;
    }
    const auto& columns = instance_.project_columns;
    check_field_count(row, columns.size(), "PROJECTS");
    Project project;
    project.id = trim(row[id_column_]);
    if (project.id.empty()) fail(row.line, "project_id", "empty project id");
    if (project.id.find(',') != std::string::npos) {
      warn(row.line, "project id " + quoted(project.id) + " contains ',' so no ballot can name it");
    }
    auto [it, inserted] = project_lines_.emplace(project.id, row.line);
    if (!inserted) {
      fail(row.line, "project_id",
           "duplicate project id " + quoted(project.id) + " (first on line " +
               std::to_string(it->second) + ")");
    }
    std::string_view cost = trim(row[cost_column_]);
    if (!parse_decimal(cost, project.cost)) {
      fail(row.line, "cost",
           "not a decimal number: " + quoted(cost) + " (project " + quoted(project.id) + ")");
    }
    if (project.cost < 0) fail(row.line, "cost", "negative cost for project " + quoted(project.id));
    if (category_column_ >= 0) {
      for (std::string_view category : detail::split_list(row[category_column_])) {
        project.categories.emplace_back(category);
      }
    }
    project.fields.reserve(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i)
      project.fields.emplace_back(columns[i], row[i]);
    instance_.projects.push_back(std::move(project));
  }

  void start_votes(const Row& row) {
    instance_.vote_columns = read_header(row, "VOTES");
    voter_column_ = require_column(row, instance_.vote_columns, "voter_id", "VOTES");
    vote_column_ = require_column(row, instance_.vote_columns, "vote", "VOTES");
    points_column_ = column_of(instance_.vote_columns, "points");
    bool scored =
        instance_.vote_type == VoteType::cumulative || instance_.vote_type == VoteType::scoring;
    if (scored && points_column_ < 0) {
      fail(row.line, "points",
           "missing required column for vote_type " + std::string(to_string(instance_.vote_type)));
    }
    if (!scored && points_column_ >= 0) {
      warn(row.line,
           "points column ignored for vote_type " + std::string(to_string(instance_.vote_type)));
      points_column_ = -1;
    }
    instance_.ballots.reserve(tokenizer_.lines_left());
    ballot_lines_.reserve(tokenizer_.lines_left());
    // Views into the project ids: stable from here on, the project list is complete.
    index_.reserve(instance_.projects.size() * 2);
    for (std::size_t i = 0; i < instance_.projects.size(); ++i) {
      index_.emplace(instance_.projects[i].id, static_cast<int>(i));
    }
  }

  void vote_row(const Row& row) {
    if (awaiting_header_) {
      awaiting_header_ = false;
      start_votes(row);
      return;
    }
    const auto& columns = instance_.vote_columns;
    check_field_count(row, columns.size(), "VOTES");
    Ballot ballot;
    ballot.voter_id = trim(row[voter_column_]);
    std::string_view points_text;
    if (points_column_ >= 0) points_text = row[points_column_];
    try {
      detail::read_ballot_items(row[vote_column_], points_column_ >= 0 ? &points_text : nullptr,
                                index_, scratch_, ballot.items, ballot.points);
    } catch (const detail::FieldError& error) {
      fail(row.line, error.field, error.message);
    }
    for (std::string_view id : scratch_.duplicates) {
      warn(row.line, "project " + quoted(id) + " repeated in a ballot" +
                         (points_column_ >= 0 ? "; the later points are used" : "; counted once"));
    }
    if (instance_.vote_type == VoteType::choose_1 && ballot.items.size() > 1) {
      warn(row.line, "choose-1 ballot names " + std::to_string(ballot.items.size()) +
                         " projects; read as approval");
    }
    ballot.fields.reserve(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) ballot.fields.emplace_back(columns[i], row[i]);
    instance_.ballots.push_back(std::move(ballot));
    ballot_lines_.push_back(row.line);
  }

  void check_count(std::string_view key, std::size_t actual) {
    const std::string* declared = instance_.meta_value(key);
    if (declared != nullptr && trim(*declared) != std::to_string(actual)) {
      warn(meta_line(key), "META " + std::string(key) + " is " + quoted(*declared) +
                               " but the file has " + std::to_string(actual));
    }
  }

  // Done once at the end: views into the finished ballot list stay valid.
  void check_voter_ids() {
    std::unordered_map<std::string_view, std::size_t> first;
    first.reserve(instance_.ballots.size());
    for (std::size_t b = 0; b < instance_.ballots.size(); ++b) {
      const std::string& id = instance_.ballots[b].voter_id;
      auto [it, inserted] = first.emplace(id, b);
      if (!inserted) {
        warn(ballot_lines_[b], "voter id repeated (first on line " +
                                   std::to_string(ballot_lines_[it->second]) +
                                   "); both ballots counted");
      }
    }
  }

  void finish() {
    check_voter_ids();
    check_count("num_projects", instance_.projects.size());
    check_count("num_votes", instance_.ballots.size());
    if (instance_.ballots.empty()) warn(0, "no ballots");
    if (warning_count_ > kMaxWarnings) {
      instance_.warnings.push_back("... and " + std::to_string(warning_count_ - kMaxWarnings) +
                                   " more warnings");
    }
  }

  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  std::string name_;
  bool has_bom_;
  Tokenizer tokenizer_;
  Instance instance_;
  Section section_ = Section::none;
  bool awaiting_header_ = false;
  std::vector<int> meta_lines_;
  std::unordered_set<std::string> meta_keys_;
  std::unordered_map<std::string, int> project_lines_;
  int id_column_ = -1, cost_column_ = -1, category_column_ = -1;
  int voter_column_ = -1, vote_column_ = -1, points_column_ = -1;
  detail::IdIndex index_;
  detail::BallotScratch scratch_;
  std::vector<int> ballot_lines_;
  std::size_t warning_count_ = 0;
};

std::string base_name(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

ParseError::ParseError(std::string file, int line, std::string field, const std::string& message)
    : std::runtime_error(format_error(file, line, field, message)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)) {}

std::string_view trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return text.substr(begin, end - begin);
}

bool parse_decimal(std::string_view text, mpq_class& out) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  std::size_t separator = text.find_first_of(".,");
  std::string_view whole = text.substr(0, separator);
  std::string_view fraction =
      separator == std::string_view::npos ? std::string_view{} : text.substr(separator + 1);
  if (whole.empty() && fraction.empty()) return false;
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
  }
  std::size_t digits = whole.size() + fraction.size();
  if (digits <= 18) {  // fast path: fits in 64 bits
    std::int64_t value = 0;
    for (std::string_view part : {whole, fraction}) {
      for (char c : part) value = value * 10 + (c - '0');
    }
    std::int64_t scale = 1;
    for (std::size_t i = 0; i < fraction.size(); ++i) scale *= 10;
    mpz_class numerator, denominator;
    numerator = static_cast<long>(value);
    denominator = static_cast<long>(scale);
    out = mpq_class(numerator, denominator);
  } else {
    std::string all;
    all.reserve(digits);
    all.append(whole).append(fraction);
    mpz_class numerator(all, 10);
    mpz_class denominator;
    mpz_ui_pow_ui(denominator.get_mpz_t(), 10, fraction.size());
    out = mpq_class(numerator, denominator);
  }
  out.canonicalize();
  if (negative) out = -out;
  return true;
}

namespace detail {

void split_list_into(std::string_view text, std::vector<std::string_view>& parts) {
  parts.clear();
  if (trim(text).empty()) return;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    parts.push_back(
        trim(text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) return;
    start = comma + 1;
  }
}

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> parts;
  split_list_into(text, parts);
  return parts;
}

void read_ballot_items(std::string_view vote, const std::string_view* points, const IdIndex& index,
                       BallotScratch& scratch, std::vector<int>& items,
                       std::vector<mpq_class>& points_out) {
  items.clear();
  points_out.clear();
  scratch.duplicates.clear();
  if (scratch.seen_in.size() < index.size()) {
    scratch.seen_in.assign(index.size(), 0);
    scratch.position.assign(index.size(), 0);
    scratch.serial = 0;
  }
  ++scratch.serial;
  std::vector<std::string_view>& ids = scratch.ids;
  std::vector<std::string_view>& values = scratch.values;
  split_list_into(vote, ids);
  if (points != nullptr) {
    split_list_into(*points, values);
    if (values.size() != ids.size()) {
      throw FieldError{"points", std::to_string(values.size()) + " points for " +
                                     std::to_string(ids.size()) + " projects in vote"};
    }
  }
  items.reserve(ids.size());
  if (points != nullptr) points_out.reserve(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    std::string_view id = ids[k];
    if (id.empty())
      throw FieldError{"vote", "empty project id at position " + std::to_string(k + 1)};
    auto found = index.find(id);
    if (found == index.end()) throw FieldError{"vote", "unknown project " + quoted(id)};
    int project = found->second;
    mpq_class value;
    if (points != nullptr && !parse_decimal(values[k], value)) {
      throw FieldError{
          "points", "not a decimal number: " + quoted(values[k]) + " (project " + quoted(id) + ")"};
    }
    auto p = static_cast<std::size_t>(project);
    if (scratch.seen_in[p] == scratch.serial) {
      scratch.duplicates.push_back(id);
      if (points != nullptr) points_out[static_cast<std::size_t>(scratch.position[p])] = value;
      continue;
    }
    scratch.seen_in[p] = scratch.serial;
    scratch.position[p] = static_cast<int>(items.size());
    items.push_back(project);
    if (points != nullptr) points_out.push_back(std::move(value));
  }
}

}  // namespace detail

Instance parse_pb(std::string_view text, std::string name) {
  return Parser(text, std::move(name)).run();
}

Instance read_pb_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError(path, 0, "", std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw ParseError(path, 0, "", "read error");
  return parse_pb(buffer.str(), base_name(path));
}

}  // namespace coproduce::commission::pb
