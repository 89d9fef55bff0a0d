#include "map/repository.hpp"

#include <boost/json.hpp>

#include "core/dates.hpp"

namespace coproduce::map::repo {
namespace {

using store::Row;
using store::Value;

Value opt(const std::optional<std::string>& v) { return store::maybe(v); }

constexpr const char* kAreaColumns = "id, name, kind, parent_id, archived_at";
constexpr const char* kServiceColumns = "id, name, provider, sector, archived_at";
constexpr const char* kGroupColumns = "id, name, description, archived_at";
Area area_from(const Row& r) {
  return {r.text(0), r.text(1), parse_area_kind(r.text(2)).value_or(AreaKind::city), r.opt_text(3), !r.is_null(4)};
}
Service service_from(const Row& r) {
  return {r.text(0), r.text(1), r.text(2), parse_sector(r.text(3)).value_or(Sector::public_sector), !r.is_null(4)};
}
Group group_from(const Row& r) { return {r.text(0), r.text(1), r.text(2), !r.is_null(3)}; }
// The archived ones last, when they are asked for.
const char* listed(bool with_archived) {
  return with_archived ? " ORDER BY archived_at IS NOT NULL, name, id" : " AND archived_at IS NULL ORDER BY name, id";
}

constexpr const char* kInitiativeColumns =
    "id, name, summary, area_id, service_id, level, governance_driver, logistical_driver, "
    "started_on";
Initiative initiative_from(const Row& r) {
  Initiative i;
  i.id = r.text(0);
  i.name = r.text(1);
  i.summary = r.text(2);
  i.area_id = r.opt_text(3);
  i.service_id = r.opt_text(4);
  if (auto level = r.opt_text(5)) i.level = parse_level(*level);
  i.governance_driver = r.integer(6) != 0;
  i.logistical_driver = r.integer(7) != 0;
  i.started_on = r.text(8);
  return i;
}

constexpr const char* kContributionColumns =
    "id, initiative_id, person_id, group_id, contributor_label, people, role, phase, kind, "
    "hours_x100, money_minor, currency, description, made_on, status, visibility, source_type, "
    "source_id, recorded_by, recorded_role, decided_by, decided_at, reason, reverses_id, "
    "created_at";
Contribution contribution_from(const Row& r) {
  Contribution c;
  c.id = r.text(0);
  c.initiative_id = r.text(1);
  c.person_id = r.opt_text(2);
  c.group_id = r.opt_text(3);
  c.contributor_label = r.text(4);
  c.people = r.integer(5);
  c.role = parse_contributor_role(r.text(6)).value_or(ContributorRole::community_member);
  c.phase = parse_phase(r.text(7)).value_or(Phase::delivering);
  c.kind = parse_contribution_kind(r.text(8)).value_or(ContributionKind::hours);
  c.hours_x100 = r.integer(9);
  c.money_minor = r.integer(10);
  c.currency = r.text(11);
  c.description = r.text(12);
  c.made_on = r.text(13);
  c.status = parse_status(r.text(14)).value_or(Status::claimed);
  c.visibility = parse_visibility(r.text(15)).value_or(Visibility::aggregate);
  c.source_type = r.text(16);
  c.source_id = r.text(17);
  c.recorded_by = r.opt_text(18);
  c.recorded_role = r.text(19);
  c.decided_by = r.opt_text(20);
  c.decided_at = r.text(21);
  c.reason = r.text(22);
  c.reverses_id = r.opt_text(23);
  c.created_at = r.text(24);
  return c;
}

// Entries with reversed_by_id filled in from the reversing entries among them.
std::vector<Contribution> linked(std::vector<Contribution> entries) {
  link_reversals(entries);
  return entries;
}

template <class T, class F>
std::vector<T> all(Connection& db, const std::string& sql, const store::Params& params, F from) {
  std::vector<T> out;
  for (const Row& r : db.query(sql, params)) out.push_back(from(r));
  return out;
}

template <class T, class F>
std::optional<T> one(Connection& db, const std::string& sql, const store::Params& params, F from) {
  if (auto r = db.query_one(sql, params)) return from(*r);
  return std::nullopt;
}

std::string select(const char* columns, const char* table, const char* where_and_order) {
  return std::string("SELECT ") + columns + " FROM " + table + " WHERE organisation_id = $1" +
         where_and_order;
}

}  // namespace

std::vector<Area> list_areas(Connection& db, Org org, bool with_archived) {
  return all<Area>(db, select(kAreaColumns, "areas", listed(with_archived)), {org}, area_from);
}
std::vector<Service> list_services(Connection& db, Org org, bool with_archived) {
  return all<Service>(db, select(kServiceColumns, "services", listed(with_archived)), {org}, service_from);
}
std::vector<Group> list_groups(Connection& db, Org org, bool with_archived) {
  return all<Group>(db, select(kGroupColumns, "community_groups", listed(with_archived)), {org}, group_from);
}
std::vector<Initiative> list_initiatives(Connection& db, Org org) {
  return all<Initiative>(db, select(kInitiativeColumns, "initiatives", " ORDER BY name, id"),
                         {org}, initiative_from);
}
std::vector<Contribution> list_contributions(Connection& db, Org org) {
  return linked(all<Contribution>(
      db, select(kContributionColumns, "contributions", " ORDER BY made_on, created_at, id"),
      {org}, contribution_from));
}
std::vector<Contribution> list_contributions_of(Connection& db, Org org,
                                                const std::string& initiative) {
  return linked(all<Contribution>(db,
                                  select(kContributionColumns, "contributions",
                                         " AND initiative_id = $2 ORDER BY made_on, created_at, id"),
                                  {org, initiative}, contribution_from));
}
std::vector<Contribution> list_contributions_by_person(Connection& db, Org org,
                                                       const std::string& person) {
  auto entries = all<Contribution>(
      db, select(kContributionColumns, "contributions", " AND person_id = $2 ORDER BY made_on, created_at, id"),
      {org, person}, contribution_from);
  // Reversals of a person's entries carry the same person_id, so the list links itself.
  return linked(std::move(entries));
}
std::map<std::string, std::vector<Tally>> tallies_by_initiative(Connection& db, Org org) {
  auto rows = db.query(
      "SELECT initiative_id, phase, role, counted, currency, entries, people, hours_x100, money_minor "
      "FROM ledger_tallies WHERE organisation_id = $1 AND entries > 0",
      {org});
  std::map<std::string, std::vector<Tally>> out;
  for (const Row& r : rows) {
    Tally t;
    t.phase = parse_phase(r.text(1)).value_or(Phase::delivering);
    t.role = parse_contributor_role(r.text(2)).value_or(ContributorRole::community_member);
    t.counted = r.integer(3) != 0;
    t.currency = r.text(4);
    t.entries = r.integer(5);
    t.people = r.integer(6);
    t.hours_x100 = r.integer(7);
    t.money_minor = r.integer(8);
    out[r.text(0)].push_back(std::move(t));
  }
  return out;
}

std::vector<Contribution> list_contributions_by_status(Connection& db, Org org, Status status) {
  return all<Contribution>(db,
                           select(kContributionColumns, "contributions",
                                  " AND status = $2 ORDER BY created_at, id"),
                           {org, std::string(to_string(status))}, contribution_from);
}
std::vector<Contribution> list_contributions_by_source(Connection& db, Org org,
                                                       const std::string& source_type,
                                                       const std::string& source_id) {
  return all<Contribution>(db,
                           select(kContributionColumns, "contributions",
                                  " AND source_type = $2 AND source_id = $3 ORDER BY created_at, id"),
                           {org, source_type, source_id}, contribution_from);
}
std::vector<Assessment> list_assessments_of(Connection& db, Org org,
                                            const std::string& initiative) {
  std::vector<Assessment> out;
  for (const Row& r :
       db.query(select("id, initiative_id, frame, assessed_on, scores_json, note", "assessments",
                       " AND initiative_id = $2 ORDER BY assessed_on, created_at"),
                {org, initiative})) {
    Assessment a;
    a.id = r.text(0);
    a.initiative_id = r.text(1);
    a.frame = parse_frame(r.text(2)).value_or(Frame::nef_principles);
    a.assessed_on = r.text(3);
    auto scores = boost::json::parse(r.text(4)).as_object();
    for (const auto& [key, value] : scores)
      a.scores[std::string(key)] = static_cast<int>(value.as_int64());
    a.note = r.text(5);
    out.push_back(std::move(a));
  }
  return out;
}

std::optional<Area> find_area(Connection& db, Org org, const std::string& id) {
  return one<Area>(db, select(kAreaColumns, "areas", " AND id = $2"), {org, id}, area_from);
}
std::optional<Service> find_service(Connection& db, Org org, const std::string& id) {
  return one<Service>(db, select(kServiceColumns, "services", " AND id = $2"), {org, id}, service_from);
}
std::optional<Group> find_group(Connection& db, Org org, const std::string& id) {
  return one<Group>(db, select(kGroupColumns, "community_groups", " AND id = $2"), {org, id}, group_from);
}
std::optional<Initiative> find_initiative(Connection& db, Org org, const std::string& id) {
  return one<Initiative>(db, select(kInitiativeColumns, "initiatives", " AND id = $2"), {org, id},
                         initiative_from);
}
std::optional<Contribution> find_contribution(Connection& db, Org org, const std::string& id) {
  auto c = one<Contribution>(db, select(kContributionColumns, "contributions", " AND id = $2"),
                             {org, id}, contribution_from);
  if (c) {
    if (auto reversal = db.query_one(
            "SELECT id FROM contributions WHERE organisation_id = $1 AND reverses_id = $2", {org, id}))
      c->reversed_by_id = reversal->text(0);
  }
  return c;
}

void insert_area(Connection& db, Org org, const Area& a) {
  db.execute(
      "INSERT INTO areas (organisation_id, id, name, kind, parent_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {org, a.id, a.name, std::string(to_string(a.kind)), opt(a.parent_id), core::now_utc()});
}

void insert_service(Connection& db, Org org, const Service& s) {
  db.execute(
      "INSERT INTO services (organisation_id, id, name, provider, sector, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {org, s.id, s.name, s.provider, std::string(to_string(s.sector)), core::now_utc()});
}

void insert_group(Connection& db, Org org, const Group& g) {
  db.execute(
      "INSERT INTO community_groups (organisation_id, id, name, description, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {org, g.id, g.name, g.description, core::now_utc()});
}

void update_area(Connection& db, Org org, const Area& a) {
  db.execute("UPDATE areas SET name = $3, kind = $4, parent_id = $5 WHERE organisation_id = $1 AND id = $2",
             {org, a.id, a.name, std::string(to_string(a.kind)), opt(a.parent_id)});
}

void update_service(Connection& db, Org org, const Service& s) {
  db.execute("UPDATE services SET name = $3, provider = $4, sector = $5 WHERE organisation_id = $1 AND id = $2",
             {org, s.id, s.name, s.provider, std::string(to_string(s.sector))});
}

void update_group(Connection& db, Org org, const Group& g) {
  db.execute("UPDATE community_groups SET name = $3, description = $4 WHERE organisation_id = $1 AND id = $2",
             {org, g.id, g.name, g.description});
}

void set_archived(Connection& db, Org org, ArchiveTable table, const std::string& id, bool archived) {
  const char* name = table == ArchiveTable::areas ? "areas" : table == ArchiveTable::services ? "services"
                                                                                             : "community_groups";
  db.execute(std::string("UPDATE ") + name + " SET archived_at = $3 WHERE organisation_id = $1 AND id = $2",
             {org, id, archived ? Value(core::now_utc()) : store::null()});
}

void insert_initiative(Connection& db, Org org, const Initiative& i) {
  auto now = core::now_utc();
  db.execute(
      "INSERT INTO initiatives (organisation_id, id, name, summary, area_id, service_id, level, "
      "governance_driver, logistical_driver, started_on, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
      {org, i.id, i.name, i.summary, opt(i.area_id), opt(i.service_id),
       i.level ? Value(std::string(to_string(*i.level))) : store::null(),
       std::int64_t{i.governance_driver}, std::int64_t{i.logistical_driver}, i.started_on, now});
}

void update_initiative(Connection& db, Org org, const Initiative& i) {
  db.execute(
      "UPDATE initiatives SET name = $3, summary = $4, area_id = $5, service_id = $6, level = $7, "
      "governance_driver = $8, logistical_driver = $9, started_on = $10, updated_at = $11 "
      "WHERE organisation_id = $1 AND id = $2",
      {org, i.id, i.name, i.summary, opt(i.area_id), opt(i.service_id),
       i.level ? Value(std::string(to_string(*i.level))) : store::null(),
       std::int64_t{i.governance_driver}, std::int64_t{i.logistical_driver}, i.started_on,
       core::now_utc()});
}

namespace {

// Which tally an entry in this state adds to: counted, pending, or none.
enum class Class { none, pending, counted };
Class class_of(Status status, bool is_reversal) {
  if (status == Status::confirmed) return Class::counted;  // a reversal counts negatively
  if (is_reversal || status == Status::void_) return Class::none;
  return Class::pending;
}

// Adds (sign +1) or removes (-1) an entry's amounts to its tally, in the
// caller's transaction. A reversal removes from the counted tally what the
// entry it reverses had added.
void adjust_tally(Connection& db, Org org, const Contribution& c, Class cls, std::int64_t sign) {
  if (cls == Class::none) return;
  if (c.is_reversal()) sign = -sign;
  db.execute(
      "INSERT INTO ledger_tallies (organisation_id, initiative_id, phase, role, counted, currency, "
      "entries, people, hours_x100, money_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "ON CONFLICT (organisation_id, initiative_id, phase, role, counted, currency) DO UPDATE SET "
      "entries = ledger_tallies.entries + excluded.entries, people = ledger_tallies.people + excluded.people, "
      "hours_x100 = ledger_tallies.hours_x100 + excluded.hours_x100, "
      "money_minor = ledger_tallies.money_minor + excluded.money_minor",
      {org, c.initiative_id, std::string(to_string(c.phase)), std::string(to_string(c.role)),
       std::int64_t{cls == Class::counted ? 1 : 0}, c.currency, sign, sign * c.people,
       sign * c.hours_x100, sign * c.money_minor});
}

}  // namespace

void insert_contribution(Connection& db, Org org, const Contribution& c) {
  adjust_tally(db, org, c, class_of(c.status, c.is_reversal()), +1);
  db.execute(
      "INSERT INTO contributions (organisation_id, id, initiative_id, person_id, group_id, "
      "contributor_label, people, role, phase, kind, hours_x100, money_minor, currency, "
      "description, made_on, status, visibility, source_type, source_id, recorded_by, "
      "recorded_role, decided_by, decided_at, reason, reverses_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
      "$19, $20, $21, $22, $23, $24, $25, $26)",
      {org, c.id, c.initiative_id, opt(c.person_id), opt(c.group_id), c.contributor_label,
       c.people, std::string(to_string(c.role)), std::string(to_string(c.phase)),
       std::string(to_string(c.kind)), c.hours_x100, c.money_minor, c.currency, c.description,
       c.made_on, std::string(to_string(c.status)), std::string(to_string(c.visibility)),
       c.source_type, c.source_id, opt(c.recorded_by), c.recorded_role, opt(c.decided_by),
       c.decided_at, c.reason, opt(c.reverses_id), core::now_utc()});
}

bool update_status(Connection& db, Org org, const std::string& id, Status from, Status to,
                   const std::optional<std::string>& decided_by, const std::string& decided_at,
                   const std::string& reason) {
  auto entry = find_contribution(db, org, id);
  if (!entry || entry->status != from) return false;
  bool changed = db.execute(
             "UPDATE contributions SET status = $4, decided_by = $5, decided_at = $6, reason = $7 "
             "WHERE organisation_id = $1 AND id = $2 AND status = $3",
             {org, id, std::string(to_string(from)), std::string(to_string(to)), opt(decided_by),
              decided_at, reason}) == 1;
  if (changed) {
    adjust_tally(db, org, *entry, class_of(from, entry->is_reversal()), -1);
    adjust_tally(db, org, *entry, class_of(to, entry->is_reversal()), +1);
  }
  return changed;
}

bool update_claim(Connection& db, Org org, const Contribution& c) {
  auto before = find_contribution(db, org, c.id);
  if (!before || !before->pending()) return false;
  bool changed = db.execute(
             "UPDATE contributions SET person_id = $3, group_id = $4, contributor_label = $5, "
             "role = $6, phase = $7, kind = $8, hours_x100 = $9, money_minor = $10, currency = $11, "
             "description = $12, made_on = $13, visibility = $14, status = 'claimed', "
             "decided_by = NULL, decided_at = '', reason = '' "
             "WHERE organisation_id = $1 AND id = $2 AND status IN ('claimed', 'disputed')",
             {org, c.id, opt(c.person_id), opt(c.group_id), c.contributor_label,
              std::string(to_string(c.role)), std::string(to_string(c.phase)),
              std::string(to_string(c.kind)), c.hours_x100, c.money_minor, c.currency,
              c.description, c.made_on, std::string(to_string(c.visibility))}) == 1;
  if (changed) {
    adjust_tally(db, org, *before, class_of(before->status, false), -1);
    adjust_tally(db, org, c, Class::pending, +1);  // a changed claim is claimed again
  }
  return changed;
}

void insert_assessment(Connection& db, Org org, const Assessment& a) {
  boost::json::object scores;
  for (const auto& [criterion, score] : a.scores) scores[criterion] = score;
  db.execute(
      "INSERT INTO assessments (organisation_id, id, initiative_id, frame, assessed_on, "
      "scores_json, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {org, a.id, a.initiative_id, std::string(to_string(a.frame)), a.assessed_on,
       boost::json::serialize(scores), a.note, core::now_utc()});
}

}  // namespace coproduce::map::repo
