// Small lookups on the election model.
#include "commission/pb/model.hpp"

namespace coproduce::commission::pb {

std::string_view to_string(VoteType type) {
  switch (type) {
    case VoteType::approval:
      return "approval";
    case VoteType::choose_1:
      return "choose-1";
    case VoteType::cumulative:
      return "cumulative";
    case VoteType::scoring:
      return "scoring";
    case VoteType::ordinal:
      return "ordinal";
  }
  return "unknown";
}

bool vote_type_from_string(std::string_view text, VoteType& out) {
  for (VoteType type : {VoteType::approval, VoteType::choose_1, VoteType::cumulative,
                        VoteType::scoring, VoteType::ordinal}) {
    if (text == to_string(type)) {
      out = type;
      return true;
    }
  }
  return false;
}

const std::string* field_value(const Fields& fields, std::string_view key) {
  for (const auto& [name, value] : fields) {
    if (name == key) return &value;
  }
  return nullptr;
}

// The last row wins, as in the reference parser (a repeated key overwrites).
const std::string* Instance::meta_value(std::string_view key) const {
  for (auto row = meta.rbegin(); row != meta.rend(); ++row) {
    if (row->first == key) return &row->second;
  }
  return nullptr;
}

// A linear scan: instances have at most a few hundred projects, and the model stays a
// plain aggregate (no cache to go stale when callers edit `projects`).
int Instance::project_index(std::string_view id) const {
  for (std::size_t i = 0; i < projects.size(); ++i) {
    if (projects[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

bool Instance::operator==(const Instance& other) const {
  return name == other.name && meta == other.meta && budget == other.budget &&
         vote_type == other.vote_type && projects == other.projects && ballots == other.ballots &&
         project_columns == other.project_columns && vote_columns == other.vote_columns;
}

}  // namespace coproduce::commission::pb
