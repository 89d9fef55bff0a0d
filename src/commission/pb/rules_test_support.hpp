// Test helper: small elections written as compact specs and parsed like real .pb files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "commission/pb/parser.hpp"

namespace coproduce::commission::pb::testing {

struct ProjectSpec {
  std::string id;
  std::string cost;
};

// An election with the given budget, projects and ballots ("a,b" per voter; for
// cumulative, "a:3,b:1"). Ballots are approval unless `vote_type` says otherwise.
inline Instance election(const std::string& budget, const std::vector<ProjectSpec>& projects,
                         const std::vector<std::string>& ballots,
                         const std::string& vote_type = "approval") {
  std::string text = "META\nkey;value\nbudget;" + budget + "\nvote_type;" + vote_type +
                     "\nnum_projects;" + std::to_string(projects.size()) + "\nnum_votes;" +
                     std::to_string(ballots.size()) + "\nPROJECTS\nproject_id;cost;votes\n";
  for (const auto& project : projects) text += project.id + ";" + project.cost + ";0\n";
  bool points = vote_type == "cumulative";
  text += points ? "VOTES\nvoter_id;vote;points\n" : "VOTES\nvoter_id;vote\n";
  for (std::size_t i = 0; i < ballots.size(); ++i) {
    text += "v" + std::to_string(i) + ";";
    if (!points) {
      text += ballots[i] + "\n";
      continue;
    }
    std::string ids, values, item;
    std::string rest = ballots[i] + ",";
    for (std::size_t start = 0, comma; (comma = rest.find(',', start)) != std::string::npos;
         start = comma + 1) {
      item = rest.substr(start, comma - start);
      if (item.empty()) continue;
      auto colon = item.find(':');
      ids += (ids.empty() ? "" : ",") + item.substr(0, colon);
      values += (values.empty() ? "" : ",") + item.substr(colon + 1);
    }
    text += ids + ";" + values + "\n";
  }
  return parse_pb(text, "test.pb");
}

inline std::vector<std::string> ids(const Instance& instance, const std::vector<int>& selected) {
  std::vector<std::string> result;
  for (int p : selected) result.push_back(instance.projects[std::size_t(p)].id);
  return result;
}

}  // namespace coproduce::commission::pb::testing
