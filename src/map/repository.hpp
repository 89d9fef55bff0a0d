// Reads and writes the map's records through the store interface. Every
// query is scoped by organisation: an id from another organisation is simply
// not found. Writes expect to run inside the caller's transaction, so the
// caller can write the audit record in the same one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <map>

#include "map/model.hpp"
#include "map/typology.hpp"
#include "store/database.hpp"

namespace coproduce::map::repo {

using store::Connection;
using Org = const std::string&;

// Without the archived ones unless asked (the pages that manage them ask).
std::vector<Area> list_areas(Connection&, Org org, bool with_archived = false);
std::vector<Service> list_services(Connection&, Org org, bool with_archived = false);
std::vector<Group> list_groups(Connection&, Org org, bool with_archived = false);
std::vector<Initiative> list_initiatives(Connection&, Org org);
// All of an organisation's contributions (one query; grouped by the caller).
std::vector<Contribution> list_contributions(Connection&, Org org);
std::vector<Contribution> list_contributions_of(Connection&, Org org, const std::string& initiative);
std::vector<Contribution> list_contributions_by_person(Connection&, Org org, const std::string& person);
// Every initiative's entries summed by the database (counted and pending
// apart): what the map is derived from, whatever the size of the ledger.
std::map<std::string, std::vector<Tally>> tallies_by_initiative(Connection&, Org org);
std::vector<Contribution> list_contributions_by_status(Connection&, Org org, Status status);
std::vector<Contribution> list_contributions_by_source(Connection&, Org org,
                                                       const std::string& source_type,
                                                       const std::string& source_id);
std::vector<Assessment> list_assessments_of(Connection&, Org org, const std::string& initiative);

std::optional<Area> find_area(Connection&, Org org, const std::string& id);
std::optional<Service> find_service(Connection&, Org org, const std::string& id);
std::optional<Group> find_group(Connection&, Org org, const std::string& id);
std::optional<Initiative> find_initiative(Connection&, Org org, const std::string& id);
std::optional<Contribution> find_contribution(Connection&, Org org, const std::string& id);

void insert_area(Connection&, Org org, const Area&);
void insert_service(Connection&, Org org, const Service&);
void insert_group(Connection&, Org org, const Group&);
void insert_initiative(Connection&, Org org, const Initiative&);
void update_area(Connection&, Org org, const Area&);
void update_service(Connection&, Org org, const Service&);
void update_group(Connection&, Org org, const Group&);
enum class ArchiveTable { areas, services, groups };
void set_archived(Connection&, Org org, ArchiveTable table, const std::string& id, bool archived);
void update_initiative(Connection&, Org org, const Initiative&);
// Ledger entries: inserted whole; a claim's fields change only while it is
// claimed or disputed; the status moves from `from` to `to` only if it is
// still `from` (false otherwise, so two deciders cannot both win).
void insert_contribution(Connection&, Org org, const Contribution&);
bool update_status(Connection&, Org org, const std::string& id, Status from, Status to,
                   const std::optional<std::string>& decided_by, const std::string& decided_at,
                   const std::string& reason);
bool update_claim(Connection&, Org org, const Contribution&);
void insert_assessment(Connection&, Org org, const Assessment&);

}  // namespace coproduce::map::repo
