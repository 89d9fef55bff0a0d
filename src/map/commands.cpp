#include "map/commands.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "map/cache.hpp"
#include "map/json.hpp"
#include "map/ledger.hpp"
#include "map/repository.hpp"

namespace coproduce::map {
namespace {


// Collects every problem in one pass, so a form can show them all at once.
class Checker {
 public:
  Checker(const Fields& fields) : fields_(fields) {}

  std::string text(const std::string& name, bool required, std::size_t max) {
    auto it = fields_.find(name);
    std::string value = it == fields_.end() ? "" : core::trimmed(it->second);
    if (value.empty() && required) problem(name, "map.error.required");
    if (value.size() > max) problem(name, "map.error.too_long");
    return value;
  }
  template <class T, class Parse>
  std::optional<T> choice(const std::string& name, bool required, Parse parse) {
    auto value = text(name, required, kShortText);
    if (value.empty()) return std::nullopt;
    auto parsed = parse(value);
    if (!parsed) problem(name, "map.error.not_a_choice");
    return parsed;
  }
  std::int64_t hundredths(const std::string& name, std::int64_t max) {
    auto value = text(name, false, kShortText);
    if (value.empty()) return 0;
    auto parsed = core::parse_money_minor(value);  // same grammar: up to two decimals
    if (!parsed) {
      problem(name, "map.error.not_a_number");
      return 0;
    }
    if (*parsed > max) problem(name, "map.error.too_large");
    return *parsed;
  }
  std::string date(const std::string& name, bool required) {
    auto value = text(name, required, 10);
    if (!value.empty() && !core::is_iso_date(value)) problem(name, "map.error.not_a_date");
    else if (!value.empty() && !core::is_plausible_date(value)) problem(name, "map.error.year_range");
    else if (!value.empty() && value > core::today_utc()) problem(name, "map.error.future_date");
    return value;
  }
  bool flag(const std::string& name) {
    auto value = text(name, false, 10);
    if (value.empty() || value == "false" || value == "0" || value == "off") return false;
    if (value == "true" || value == "1" || value == "on") return true;
    problem(name, "map.error.not_a_choice");
    return false;
  }
  void problem(const std::string& field, const std::string& key) {
    for (const auto& p : problems_)
      if (p.field == field) return;  // one problem per field is enough
    problems_.push_back({field, key});
  }
  void throw_if_any() const {
    if (!problems_.empty()) throw ValidationFailed(problems_);
  }

 private:
  const Fields& fields_;
  std::vector<Problem> problems_;
};

// Optional reference to another record of the same organisation.
template <class Find>
std::optional<std::string> reference(Checker& check, store::Connection& db, const std::string& org,
                                     const std::string& name, const std::string& value,
                                     Find find) {
  if (value.empty()) return std::nullopt;
  if (!core::looks_like_id(value) || !find(db, org, value)) {
    check.problem(name, "map.error.unknown_reference");
    return std::nullopt;
  }
  return value;
}

Initiative initiative_from(Checker& check, store::Connection& db, const std::string& org) {
  Initiative i;
  i.name = check.text("name", true, kShortText);
  i.summary = check.text("summary", false, kLongText);
  i.area_id = reference(check, db, org, "area_id", check.text("area_id", false, 40),
                        repo::find_area);
  i.service_id = reference(check, db, org, "service_id", check.text("service_id", false, 40),
                           repo::find_service);
  i.level = check.choice<NeedhamCarrLevel>("level", false, parse_level);
  i.governance_driver = check.flag("governance_driver");
  i.logistical_driver = check.flag("logistical_driver");
  i.started_on = check.date("started_on", false);
  return i;
}


// Gives a validated record a fresh id, inserts it, and in the same
// transaction writes its audit event and bumps the map's version.
template <class T, class Insert>
std::string insert_new(store::Connection& db, const core::Principal& actor, const char* type,
                       T& record, Insert insert) {
  record.id = core::new_id();
  insert(db, actor.organisation_id, record);
  audit::record(db, actor, "create", type, record.id, std::nullopt, to_json(record));
  bump_map_version(db, actor.organisation_id);
  return record.id;
}

// The frame of every "create" command: in one transaction, `read` fills a new
// record from the fields (reporting problems to the checker); when every field
// is valid the record gets its id, row, audit event and version bump.
template <class T, class Read, class Insert>
std::string create(store::Database& database, const core::Principal& actor, const Fields& f,
                   const char* type, Read read, Insert insert) {
  auto db = database.acquire();
  return db->transaction([&] {
    Checker check(f);
    T record;
    read(check, *db, record);
    check.throw_if_any();
    return insert_new(*db, actor, type, record, insert);
  });
}

}  // namespace

Fields fields_from_initiative(const Initiative& i) {
  Fields f = {{"name", i.name},
              {"summary", i.summary},
              {"governance_driver", i.governance_driver ? "true" : "false"},
              {"logistical_driver", i.logistical_driver ? "true" : "false"},
              {"started_on", i.started_on}};
  if (i.area_id) f["area_id"] = *i.area_id;
  if (i.service_id) f["service_id"] = *i.service_id;
  if (i.level) f["level"] = std::string(to_string(*i.level));
  return f;
}

bool can_confirm(const core::Principal& p) {
  return p.has_any({core::Role::professional, core::Role::officer});
}

const std::vector<std::string>& contribution_fields() {
  static const std::vector<std::string> f = {
      "contributor_label", "group_id", "person_id", "role", "phase", "kind", "hours", "money",
      "currency", "description", "made_on", "visibility", "confirm"};
  return f;
}
const std::vector<std::string>& reason_fields() {
  static const std::vector<std::string> f = {"reason"};
  return f;
}
const std::vector<std::string>& initiative_fields() {
  static const std::vector<std::string> f = {"name", "summary", "area_id", "service_id", "level",
                                             "governance_driver", "logistical_driver",
                                             "started_on"};
  return f;
}
const std::vector<std::string>& area_fields() {
  static const std::vector<std::string> f = {"name", "kind", "parent_id"};
  return f;
}
const std::vector<std::string>& service_fields() {
  static const std::vector<std::string> f = {"name", "provider", "sector"};
  return f;
}
const std::vector<std::string>& group_fields() {
  static const std::vector<std::string> f = {"name", "description"};
  return f;
}
const std::vector<std::string>& assessment_fields() {
  static const std::vector<std::string> f = [] {
    std::vector<std::string> names = {"frame", "assessed_on", "note"};
    for (Frame frame : {Frame::nef_principles, Frame::five_steps})
      for (const auto& c : criteria_of(frame)) names.push_back("score_" + c);
    return names;
  }();
  return f;
}

namespace {

// A ledger entry from form or JSON fields; syntax problems go to the checker,
// the ledger checks the rest.
Contribution entry_from(Checker& check, const core::Principal& actor, const Fields& f) {
  Contribution c;
  c.contributor_label = check.text("contributor_label", false, kShortText);
  if (auto group = check.text("group_id", false, 40); !group.empty()) c.group_id = group;
  if (auto person = check.text("person_id", false, 40); !person.empty()) c.person_id = person;
  auto role = check.choice<ContributorRole>("role", true, parse_contributor_role);
  auto phase = check.choice<Phase>("phase", true, parse_phase);
  auto kind = check.choice<ContributionKind>("kind", true, parse_contribution_kind);
  auto visibility = check.choice<Visibility>("visibility", false, parse_visibility);
  c.hours_x100 = check.hundredths("hours", kMaxHoursX100);
  c.money_minor = check.hundredths("money", kMaxMoneyMinor);
  c.currency = check.text("currency", false, 3);
  if (c.currency.empty()) c.currency = "GBP";
  c.description = check.text("description", false, kLongText);
  c.made_on = check.date("made_on", true);
  bool confirm = f.count("confirm") ? check.flag("confirm") : can_confirm(actor);
  if (confirm && !can_confirm(actor)) check.problem("confirm", "map.error.cannot_confirm");
  if (role) c.role = *role;
  if (phase) c.phase = *phase;
  if (kind) c.kind = *kind;
  if (visibility) c.visibility = *visibility;
  c.status = confirm ? Status::confirmed : Status::claimed;
  return c;
}

}  // namespace

std::string record_contribution(store::Database& database, const core::Principal& actor,
                                const std::string& initiative_id, const Fields& f) {
  auto db = database.acquire();
  return db->transaction([&] {
    if (!core::looks_like_id(initiative_id) ||
        !repo::find_initiative(*db, actor.organisation_id, initiative_id))
      throw core::not_found("Initiative");
    Checker check(f);
    Contribution c = entry_from(check, actor, f);
    c.initiative_id = initiative_id;
    Ledger ledger(*db, actor);
    // Every problem at once: the fields' syntax, then the ledger's rules.
    for (const auto& p : ledger.check(c)) check.problem(p.field, p.message_key);
    check.throw_if_any();
    return ledger.record(c);
  });
}

void update_contribution(store::Database& database, const core::Principal& actor,
                         const std::string& id, const Fields& f) {
  auto db = database.acquire();
  db->transaction([&] {
    Ledger ledger(*db, actor);
    auto before = ledger.get(id);
    // A partial change: fields not sent keep their values.
    Fields merged = {{"contributor_label", before.contributor_label},
                     {"role", std::string(to_string(before.role))},
                     {"phase", std::string(to_string(before.phase))},
                     {"kind", std::string(to_string(before.kind))},
                     {"visibility", std::string(to_string(before.visibility))},
                     {"hours", hours_text(before.hours_x100)},
                     {"money", core::format_money_minor(before.money_minor)},
                     {"currency", before.currency},
                     {"description", before.description},
                     {"made_on", before.made_on},
                     {"confirm", "false"}};
    if (before.group_id) merged["group_id"] = *before.group_id;
    if (before.person_id) merged["person_id"] = *before.person_id;
    for (const auto& [k, v] : f) merged[k] = v;
    merged["confirm"] = "false";  // confirming is its own decision
    Checker check(merged);
    Contribution c = entry_from(check, actor, merged);
    c.initiative_id = before.initiative_id;
    if (!c.person_id) c.person_id = before.person_id;
    for (const auto& p : ledger.check(c)) check.problem(p.field, p.message_key);
    check.throw_if_any();
    ledger.update_claim(id, c);
  });
}

void confirm_contribution(store::Database& database, const core::Principal& actor,
                          const std::string& id) {
  auto db = database.acquire();
  db->transaction([&] { Ledger(*db, actor).confirm(id); });
}

void dispute_contribution(store::Database& database, const core::Principal& actor,
                          const std::string& id, const std::string& reason) {
  auto db = database.acquire();
  db->transaction([&] { Ledger(*db, actor).dispute(id, reason); });
}

void void_contribution(store::Database& database, const core::Principal& actor,
                       const std::string& id, const std::string& reason) {
  auto db = database.acquire();
  db->transaction([&] { Ledger(*db, actor).void_entry(id, reason); });
}

int decide_contributions(store::Database& database, const core::Principal& actor,
                         const std::vector<std::string>& given, const std::string& action, const std::string& reason) {
  constexpr std::size_t kMostAtOnce = 200;
  std::vector<Problem> problems;
  // The limit counts what was sent, repeats included: it bounds the work before any is done.
  if (given.size() > kMostAtOnce) problems.push_back({"ids", "map.dashboard.error.too_many"});
  std::vector<std::string> ids;  // each once, in the order given
  if (problems.empty())
    for (const auto& id : given)
      if (std::ranges::find(ids, id) == ids.end()) ids.push_back(id);
  bool confirming = action == "confirm";
  if (!confirming && action != "dispute") problems.push_back({"action", "map.dashboard.error.action"});
  if (given.empty()) problems.push_back({"ids", "map.dashboard.error.none_chosen"});
  if (action == "dispute" && core::trimmed(reason).empty()) problems.push_back({"reason", "map.error.reason_needed"});
  if (!problems.empty()) throw ValidationFailed(problems);
  auto db = database.acquire();
  return db->transaction([&] {
    // Every entry is checked before any is decided, so the answer names the
    // problem and nothing is half done.
    for (const auto& id : ids) {
      auto c = core::looks_like_id(id) ? repo::find_contribution(*db, actor.organisation_id, id) : std::nullopt;
      bool awaiting = c && (confirming ? c->pending() : c->status == Status::claimed);
      if (!awaiting) throw ValidationFailed(std::vector<Problem>{{"ids", "map.dashboard.error.not_awaiting"}});
    }
    Ledger ledger(*db, actor);
    for (const auto& id : ids) confirming ? ledger.confirm(id) : ledger.dispute(id, reason);
    return static_cast<int>(ids.size());
  });
}

std::string reverse_contribution(store::Database& database, const core::Principal& actor,
                                 const std::string& id, const std::string& reason) {
  auto db = database.acquire();
  return db->transaction([&] { return Ledger(*db, actor).reverse(id, reason); });
}

std::string create_initiative(store::Database& database, const core::Principal& actor,
                              const Fields& f) {
  auto db = database.acquire();
  return db->transaction([&] { return create_initiative_in(*db, actor, f); });
}

std::string create_initiative_in(store::Connection& tx, const core::Principal& actor, const Fields& f) {
  Checker check(f);
  Initiative i = initiative_from(check, tx, actor.organisation_id);
  check.throw_if_any();
  return insert_new(tx, actor, "initiative", i, repo::insert_initiative);
}

void update_initiative(store::Database& database, const core::Principal& actor,
                       const std::string& id, const Fields& f) {
  auto db = database.acquire();
  db->transaction([&] {
    auto before = core::looks_like_id(id)
                      ? repo::find_initiative(*db, actor.organisation_id, id)
                      : std::nullopt;
    if (!before) throw core::not_found("Initiative");
    // A partial update: fields not sent keep their values.
    Fields merged = fields_from_initiative(*before);
    for (const auto& [k, v] : f) merged[k] = v;
    Checker check(merged);
    Initiative i = initiative_from(check, *db, actor.organisation_id);
    check.throw_if_any();
    i.id = id;
    repo::update_initiative(*db, actor.organisation_id, i);
    audit::record(*db, actor, "update", "initiative", id, to_json(*before), to_json(i));
    bump_map_version(*db, actor.organisation_id);
  });
}

namespace {

// Each reference record's fields, read and checked for create and update alike.
void read_area(Checker& check, store::Connection& db, const std::string& org, Area& a) {
  a.name = check.text("name", true, kShortText);
  if (auto kind = check.choice<AreaKind>("kind", true, parse_area_kind)) a.kind = *kind;
  a.parent_id = reference(check, db, org, "parent_id", check.text("parent_id", false, 40), repo::find_area);
  // An area may not sit inside itself, however deep.
  auto up = a.parent_id;
  for (int depth = 0; up && !a.id.empty() && depth < 64; ++depth) {
    if (*up == a.id) {
      check.problem("parent_id", "map.error.area_inside_itself");
      break;
    }
    auto parent = repo::find_area(db, org, *up);
    up = parent ? parent->parent_id : std::nullopt;
  }
}
void read_service(Checker& check, store::Connection&, const std::string&, Service& v) {
  v.name = check.text("name", true, kShortText);
  v.provider = check.text("provider", true, kShortText);
  if (auto sector = check.choice<Sector>("sector", true, parse_sector)) v.sector = *sector;
}
void read_group(Checker& check, store::Connection&, const std::string&, Group& g) {
  g.name = check.text("name", true, kShortText);
  g.description = check.text("description", false, kLongText);
}

// The frame of every reference record's update: a partial update (fields not
// sent keep their values), checked whole, audited, the map rebuilt.
template <class T, class Find, class ToFields, class Read, class Update>
void update(store::Database& database, const core::Principal& actor, const std::string& id, const Fields& f,
            const char* type, const char* what, Find find, ToFields to_fields, Read read, Update write) {
  auto db = database.acquire();
  db->transaction([&] {
    auto before = core::looks_like_id(id) ? find(*db, actor.organisation_id, id) : std::nullopt;
    if (!before) throw core::not_found(what);
    Fields merged = to_fields(*before);
    for (const auto& [k, v] : f) merged[k] = v;
    Checker check(merged);
    T record;
    record.id = id;
    record.archived = before->archived;
    read(check, *db, actor.organisation_id, record);
    check.throw_if_any();
    write(*db, actor.organisation_id, record);
    audit::record(*db, actor, "update", type, id, to_json(*before), to_json(record));
    bump_map_version(*db, actor.organisation_id);
  });
}

Fields area_fields_of(const Area& a) {
  return {{"name", a.name}, {"kind", std::string(to_string(a.kind))}, {"parent_id", a.parent_id.value_or("")}};
}
Fields service_fields_of(const Service& v) {
  return {{"name", v.name}, {"provider", v.provider}, {"sector", std::string(to_string(v.sector))}};
}
Fields group_fields_of(const Group& g) { return {{"name", g.name}, {"description", g.description}}; }

}  // namespace

std::string create_area(store::Database& database, const core::Principal& actor, const Fields& f) {
  return create<Area>(database, actor, f, "area",
      [&](Checker& check, store::Connection& db, Area& a) { read_area(check, db, actor.organisation_id, a); },
      repo::insert_area);
}

std::string create_service(store::Database& database, const core::Principal& actor, const Fields& f) {
  return create<Service>(database, actor, f, "service",
      [&](Checker& check, store::Connection& db, Service& v) { read_service(check, db, actor.organisation_id, v); },
      repo::insert_service);
}

std::string create_group(store::Database& database, const core::Principal& actor, const Fields& f) {
  return create<Group>(database, actor, f, "group",
      [&](Checker& check, store::Connection& db, Group& g) { read_group(check, db, actor.organisation_id, g); },
      repo::insert_group);
}

void update_area(store::Database& db, const core::Principal& actor, const std::string& id, const Fields& f) {
  update<Area>(db, actor, id, f, "area", "Area", repo::find_area, area_fields_of, read_area, repo::update_area);
}

void update_service(store::Database& db, const core::Principal& actor, const std::string& id, const Fields& f) {
  update<Service>(db, actor, id, f, "service", "Service", repo::find_service, service_fields_of, read_service,
                  repo::update_service);
}

void update_group(store::Database& db, const core::Principal& actor, const std::string& id, const Fields& f) {
  update<Group>(db, actor, id, f, "group", "Group", repo::find_group, group_fields_of, read_group,
                repo::update_group);
}

void set_archived(store::Database& database, const core::Principal& actor, ReferenceKind kind,
                  const std::string& id, bool archived) {
  auto db = database.acquire();
  db->transaction([&] {
    const auto& org = actor.organisation_id;
    auto change = [&](auto found, const char* type, const char* what, repo::ArchiveTable table) {
      if (!found) throw core::not_found(what);
      if (found->archived == archived) return;  // already so: nothing to record
      auto before = to_json(*found);
      repo::set_archived(*db, org, table, id, archived);
      found->archived = archived;
      audit::record(*db, actor, archived ? "archive" : "restore", type, id, before, to_json(*found));
      bump_map_version(*db, org);
    };
    bool valid = core::looks_like_id(id);
    switch (kind) {
      case ReferenceKind::area:
        return change(valid ? repo::find_area(*db, org, id) : std::nullopt, "area", "Area", repo::ArchiveTable::areas);
      case ReferenceKind::service:
        return change(valid ? repo::find_service(*db, org, id) : std::nullopt, "service", "Service",
                      repo::ArchiveTable::services);
      case ReferenceKind::group:
        return change(valid ? repo::find_group(*db, org, id) : std::nullopt, "group", "Group",
                      repo::ArchiveTable::groups);
    }
  });
}

std::string add_assessment(store::Database& database, const core::Principal& actor,
                           const std::string& initiative_id, const Fields& f) {
  auto db = database.acquire();
  return db->transaction([&] {
    if (!core::looks_like_id(initiative_id) ||
        !repo::find_initiative(*db, actor.organisation_id, initiative_id))
      throw core::not_found("Initiative");
    Checker check(f);
    Assessment a;
    auto frame = check.choice<Frame>("frame", true, parse_frame);
    a.assessed_on = check.date("assessed_on", true);
    a.note = check.text("note", false, kLongText);
    if (frame) {
      for (const auto& criterion : criteria_of(*frame)) {
        std::string name = "score_" + criterion;
        auto value = check.text(name, true, 1);
        if (value.size() == 1 && value[0] >= '0' && value[0] <= '4')
          a.scores[criterion] = value[0] - '0';
        else if (!value.empty())
          check.problem(name, "map.error.score_range");
      }
    }
    check.throw_if_any();
    a.frame = *frame;
    a.initiative_id = initiative_id;
    return insert_new(*db, actor, "assessment", a, repo::insert_assessment);
  });
}

}  // namespace coproduce::map
