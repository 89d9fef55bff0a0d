// .pb writer: META, PROJECTS, VOTES with CSV-style quoting. Verbatim text is reused when
// it parses back to the same values, so parse(write(x)) == x for every parsed file.
#include "commission/pb/writer.hpp"

#include <algorithm>
#include <stdexcept>

#include "commission/pb/parser.hpp"

namespace coproduce::commission::pb {

namespace {

void append_field(std::string& out, std::string_view value) {
  bool needs_quotes = value.find_first_of(";\"\r\n") != std::string_view::npos;
  if (!needs_quotes) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_row(std::string& out, const std::vector<std::string_view>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(';');
    append_field(out, fields[i]);
  }
  out.push_back('\n');
}

// The text read for column `i` named `column`: found by position when the fields are in
// header order (always, for parsed instances), else by name.
const std::string* column_text(const Fields& fields, std::size_t i, const std::string& column) {
  if (i < fields.size() && fields[i].first == column) return &fields[i].second;
  return field_value(fields, column);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += parts[i];
  }
  return out;
}

// Verbatim number text if it still reads as `value`, else canonical decimal text.
std::string number_text(const std::string* verbatim, const mpq_class& value) {
  mpq_class read;
  if (verbatim != nullptr && parse_decimal(trim(*verbatim), read) && read == value)
    return *verbatim;
  return decimal_text(value);
}

std::vector<std::string> columns_or_default(const std::vector<std::string>& columns,
                                            std::vector<std::string> defaults,
                                            const Fields* first_fields) {
  if (!columns.empty()) return columns;
  if (first_fields != nullptr) {
    for (const auto& [name, value] : *first_fields) {
      bool known = false;
      for (const auto& column : defaults) known = known || column == name;
      if (!known) defaults.push_back(name);
    }
  }
  return defaults;
}

// Index of the row the reader uses for a META key (the last one), or -1.
long last_row(const Fields& meta, std::string_view key) {
  for (std::size_t i = meta.size(); i-- > 0;) {
    if (meta[i].first == key) return static_cast<long>(i);
  }
  return -1;
}

void write_meta(std::string& out, const Instance& instance) {
  out += "META\nkey;value\n";
  // Only the effective (last) budget and vote_type rows must agree with the members;
  // earlier repeats are written as read.
  long budget_row = last_row(instance.meta, "budget");
  long type_row = last_row(instance.meta, "vote_type");
  for (std::size_t i = 0; i < instance.meta.size(); ++i) {
    const auto& [key, value] = instance.meta[i];
    std::string text = value;
    if (static_cast<long>(i) == budget_row) {
      text = number_text(&value, instance.budget);
    } else if (static_cast<long>(i) == type_row) {
      VoteType type;
      if (!vote_type_from_string(trim(value), type) || type != instance.vote_type) {
        text = std::string(to_string(instance.vote_type));
      }
    }
    append_row(out, {key, text});
  }
  if (budget_row < 0) append_row(out, {"budget", decimal_text(instance.budget)});
  if (type_row < 0) append_row(out, {"vote_type", to_string(instance.vote_type)});
}

void write_projects(std::string& out, const Instance& instance) {
  out += "PROJECTS\n";
  std::vector<std::string> defaults{"project_id", "cost"};
  bool any_category = false;
  for (const auto& project : instance.projects)
    any_category = any_category || !project.categories.empty();
  if (any_category) defaults.emplace_back("category");
  auto columns =
      columns_or_default(instance.project_columns, defaults,
                         instance.projects.empty() ? nullptr : &instance.projects[0].fields);
  append_row(out, {columns.begin(), columns.end()});
  std::vector<std::string> texts(columns.size());
  for (const auto& project : instance.projects) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string* verbatim = column_text(project.fields, i, columns[i]);
      if (columns[i] == "project_id") {
        texts[i] = verbatim != nullptr && trim(*verbatim) == project.id ? *verbatim : project.id;
      } else if (columns[i] == "cost") {
        texts[i] = number_text(verbatim, project.cost);
      } else if (columns[i] == "category") {
        std::vector<std::string> read;
        if (verbatim != nullptr) {
          for (std::string_view part : detail::split_list(*verbatim)) read.emplace_back(part);
        }
        texts[i] = verbatim != nullptr && read == project.categories ? *verbatim
                                                                     : join(project.categories);
      } else {
        texts[i] = verbatim != nullptr ? *verbatim : std::string();
      }
    }
    append_row(out, {texts.begin(), texts.end()});
  }
}

void write_votes(std::string& out, const Instance& instance) {
  out += "VOTES\n";
  bool scored =
      instance.vote_type == VoteType::cumulative || instance.vote_type == VoteType::scoring;
  std::vector<std::string> defaults{"voter_id", "vote"};
  if (scored) defaults.emplace_back("points");
  auto columns =
      columns_or_default(instance.vote_columns, defaults,
                         instance.ballots.empty() ? nullptr : &instance.ballots[0].fields);
  append_row(out, {columns.begin(), columns.end()});

  detail::IdIndex index;
  for (std::size_t i = 0; i < instance.projects.size(); ++i) {
    index.emplace(instance.projects[i].id, static_cast<int>(i));
  }
  detail::BallotScratch scratch;
  std::vector<int> items;
  std::vector<mpq_class> points;
  std::vector<std::string> texts(columns.size());
  for (const auto& ballot : instance.ballots) {
    for (int item : ballot.items) {
      if (item < 0 || static_cast<std::size_t>(item) >= instance.projects.size()) {
        throw std::invalid_argument("ballot of voter '" + ballot.voter_id +
                                    "' names project index " + std::to_string(item) +
                                    " outside the project list");
      }
    }
    const std::string* vote = field_value(ballot.fields, "vote");
    const std::string* point_text = field_value(ballot.fields, "points");
    bool verbatim_ballot = false;
    if (vote != nullptr && (!scored || point_text != nullptr)) {
      std::string_view point_view = point_text != nullptr ? std::string_view(*point_text) : "";
      try {
        detail::read_ballot_items(*vote, scored ? &point_view : nullptr, index, scratch, items,
                                  points);
        verbatim_ballot = items == ballot.items && (!scored || points == ballot.points);
      } catch (const detail::FieldError&) {
        verbatim_ballot = false;
      }
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string* verbatim = column_text(ballot.fields, i, columns[i]);
      if (columns[i] == "voter_id") {
        texts[i] =
            verbatim != nullptr && trim(*verbatim) == ballot.voter_id ? *verbatim : ballot.voter_id;
      } else if (columns[i] == "vote" && !verbatim_ballot) {
        std::vector<std::string> ids;
        for (int item : ballot.items)
          ids.push_back(instance.projects[static_cast<std::size_t>(item)].id);
        texts[i] = join(ids);
      } else if (columns[i] == "points" && scored && !verbatim_ballot) {
        std::vector<std::string> values;
        for (const auto& value : ballot.points) values.push_back(decimal_text(value));
        texts[i] = join(values);
      } else {
        texts[i] = verbatim != nullptr ? *verbatim : std::string();
      }
    }
    append_row(out, {texts.begin(), texts.end()});
  }
}

}  // namespace

std::string decimal_text(const mpq_class& value) {
  // A fraction in lowest terms has a finite decimal form iff its denominator is 2^a 5^b;
  // it then needs max(a, b) places.
  mpz_class rest = value.get_den();
  auto strip = [&rest](unsigned long factor) {
    mp_bitcnt_t count =
        mpz_remove(rest.get_mpz_t(), rest.get_mpz_t(), mpz_class(factor).get_mpz_t());
    return static_cast<unsigned long>(count);
  };
  unsigned long twos = strip(2), fives = strip(5);
  if (rest != 1)
    throw std::invalid_argument("value " + value.get_str() + " has no finite decimal form");
  unsigned long places = std::max(twos, fives);
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, places);
  mpz_class scaled = value.get_num() * (scale / value.get_den());
  bool negative = scaled < 0;
  if (negative) scaled = -scaled;
  std::string digits = scaled.get_str();
  if (places > 0) {
    if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
    digits.insert(digits.size() - places, ".");
  }
  return negative ? "-" + digits : digits;
}

std::string write_pb(const Instance& instance) {
  std::string out;
  write_meta(out, instance);
  write_projects(out, instance);
  write_votes(out, instance);
  return out;
}

}  // namespace coproduce::commission::pb
