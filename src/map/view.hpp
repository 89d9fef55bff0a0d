// The map as people read it: every initiative with its derived typology,
// filtered by area (including sub-areas), service, phase, Co or cell.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "http/request.hpp"
#include "map/model.hpp"
#include "map/typology.hpp"
#include "store/database.hpp"

namespace coproduce::map {

struct InitiativeView {
  Initiative initiative;
  Typology typology;
  std::optional<Area> area;
  std::optional<Service> service;
};

struct MapData {
  std::vector<Area> areas;
  std::vector<Service> services;
  std::vector<Group> groups;
  std::vector<InitiativeView> initiatives;
};

// Four queries, whatever the number of initiatives; the contributions are
// summed by the database (repo::tallies_by_initiative), never read one by one.
MapData load_map(store::Connection& db, const std::string& org);

struct MapFilter {
  std::optional<std::string> area_id;  // this area and every area inside it
  std::optional<std::string> service_id;
  std::optional<Phase> phase;          // has a confirmed contribution in this phase
  std::optional<Co> co;                // this Co is active
  std::optional<Cell> cell;
  bool empty() const { return !area_id && !service_id && !phase && !co && !cell; }
};

// Reads area, service, phase, co and cell from the query string. Unknown
// values are a 422 naming the parameter (an empty value means "any").
MapFilter parse_filter(const http::Request& request);
std::vector<const InitiativeView*> apply(const MapData& data, const MapFilter& filter);

// Who is looking at the ledger. The public sees confirmed entries, never an
// aggregate-only one as a row; the organisation's members also see claims and
// disputes; officers, and the person an entry is about, see every entry.
class Viewer {
 public:
  static Viewer of(const core::Principal& principal);
  static Viewer anyone() { return Viewer(); }
  bool is_member() const { return member_; }
  bool is_officer() const { return officer_; }
  const std::string& account_id() const { return account_id_; }
  bool sees_row(const Contribution& c) const;

 private:
  bool member_ = false, officer_ = false;
  std::string account_id_;
};

struct InitiativeDetail {
  InitiativeView view;
  std::vector<Contribution> contributions;  // every entry: the typology is derived from these
  std::vector<Contribution> listed;         // the entries the viewer may see, as rows
  int aggregate_only = 0;                   // counted entries not listed: aggregate-only
  std::vector<Assessment> assessments;
  std::map<std::string, std::string> group_names;   // group id -> name
  std::map<std::string, std::string> person_names;  // account id -> name, for named entries
};

// Throws core::not_found when the id is not an initiative of `org`.
InitiativeDetail load_initiative(store::Connection& db, const std::string& org,
                                 const std::string& id, const Viewer& viewer = Viewer::anyone());

// Display names of the people of named entries (account id -> name).
std::map<std::string, std::string> names_of_named(store::Connection& db,
                                                  const std::vector<Contribution>& entries);

}  // namespace coproduce::map
