// The in-memory form of one participatory-budgeting election (.pb file): the shared
// contract between the format code (parser, writer, CLI) and the voting rules.
#pragma once

#include <gmpxx.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coproduce::commission::pb {

enum class VoteType { approval, choose_1, cumulative, scoring, ordinal };
std::string_view to_string(VoteType);
// Reads the META `vote_type` spelling ("choose-1", ...); returns false when unknown.
bool vote_type_from_string(std::string_view text, VoteType& out);

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Project {
  std::string id;                       // project_id text, verbatim
  mpq_class cost;                       // exact ("4000.0", "1331751,11" accepted)
  std::vector<std::string> categories;  // from optional `category` column (comma list)
  Fields fields;                        // every column as read, header order (for writing back)
  bool operator==(const Project&) const = default;
};

struct Ballot {
  std::string voter_id;
  // Indices into Instance::projects, in file order.
  // approval/choose-1: duplicates removed (first kept).
  // cumulative/scoring: duplicate id -> later points replace earlier, position of first kept.
  // ordinal: rank order, best first (duplicates: first kept).
  std::vector<int> items;
  std::vector<mpq_class> points;  // aligned with items for cumulative/scoring; empty otherwise
  Fields fields;                  // every column as read (for writing back)
  bool operator==(const Ballot&) const = default;
};

struct Instance {
  std::string name;  // file name, e.g. "Poland_Lodz_2022.pb"
  Fields meta;       // META rows, in order
  mpq_class budget;
  VoteType vote_type = VoteType::approval;
  std::vector<Project> projects;  // file order
  std::vector<Ballot> ballots;    // every VOTES row, empty ballots included (they count as voters)
  std::vector<std::string> project_columns, vote_columns;  // header order
  std::vector<std::string>
      warnings;  // quirks tolerated (duplicate id in a ballot, ...), each naming line

  const std::string* meta_value(std::string_view key) const;  // last row with the key, or nullptr
  int project_index(std::string_view id) const;               // -1 when absent
  // Same election and same text fields; `warnings` describe the source text, not the
  // election, so they are not compared (parse(write_pb(x)) == x holds).
  bool operator==(const Instance& other) const;
};

// Value of a named column in a fields list, or nullptr.
const std::string* field_value(const Fields& fields, std::string_view key);

}  // namespace coproduce::commission::pb
