// The contribution ledger's rules: who may record what in which role, the
// checks every entry passes, and the status changes (each a conditional
// UPDATE, so two people deciding at once cannot both win).
#include "map/ledger.hpp"

#include "notify/notices.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "map/cache.hpp"
#include "map/json.hpp"
#include "map/repository.hpp"
#include "notify/notices.hpp"

namespace coproduce::map {
namespace {

constexpr std::size_t kReasonText = 1000;
constexpr std::int64_t kMaxPeople = 100'000'000;

bool is_officer(const core::Principal& p) { return p.has(core::Role::officer); }

bool may_confirm(const core::Principal& p) { return p.system || can_confirm(p); }

std::optional<core::Role> role_in(store::Connection& c, const std::string& org,
                                  const std::string& account) {
  auto row = c.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2",
                         {org, account});
  return row ? core::parse_role(row->text(0)) : std::nullopt;
}

class Problems {
 public:
  void add(const std::string& field, const std::string& key) {
    for (const auto& p : list_)
      if (p.field == field) return;  // one problem per field is enough
    list_.push_back({field, key});
  }
  std::vector<Problem> list_;
};

}  // namespace

std::vector<ContributorRole> contributor_roles_of(core::Role role) {
  switch (role) {
    case core::Role::professional:
    case core::Role::officer:
      return {ContributorRole::professional};
    case core::Role::resident:
    case core::Role::community_member:
    case core::Role::councillor:
      return {ContributorRole::service_user, ContributorRole::community_member};
  }
  return {};
}

Ledger::Ledger(store::Connection& tx, const core::Principal& actor, Mode mode)
    : tx_(tx), actor_(actor), for_module_(mode == Mode::for_module) {}

bool Ledger::records_for_others() const { return actor_.system || for_module_ || is_officer(actor_); }

void Ledger::require_actor() {
  if (!actor_.system && (!actor_.signed_in() || !actor_.role)) throw core::unauthenticated();
}

std::vector<Problem> Ledger::check(const Contribution& entry) {
  Contribution e = entry;
  // Members other than officers record their own work.
  if (!e.person_id && !records_for_others()) e.person_id = actor_.account_id;
  Problems p;
  const auto& org = actor_.organisation_id;
  if (e.hours_x100 < 0) p.add("hours", "map.error.not_a_number");
  if (e.hours_x100 > kMaxHoursX100) p.add("hours", "map.error.too_large");
  if (e.money_minor < 0) p.add("money", "map.error.not_a_number");
  if (e.money_minor > kMaxMoneyMinor) p.add("money", "map.error.too_large");
  if (e.kind == ContributionKind::hours && e.hours_x100 == 0) p.add("hours", "map.error.hours_needed");
  if (e.kind == ContributionKind::money && e.money_minor == 0) p.add("money", "map.error.money_needed");
  if ((e.kind == ContributionKind::in_kind || e.kind == ContributionKind::expertise) &&
      core::trimmed(e.description).empty())
    p.add("description", "map.error.description_needed");
  if (e.description.size() > kLongText) p.add("description", "map.error.too_long");
  bool iso = e.currency.size() == 3 && std::all_of(e.currency.begin(), e.currency.end(),
                                                   [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!iso) p.add("currency", "map.error.not_a_currency");
  if (e.made_on.empty()) p.add("made_on", "map.error.required");
  else if (!core::is_iso_date(e.made_on)) p.add("made_on", "map.error.not_a_date");
  else if (!core::is_plausible_date(e.made_on)) p.add("made_on", "map.error.year_range");
  else if (e.made_on > core::today_utc()) p.add("made_on", "map.error.future_date");
  auto label = core::trimmed(e.contributor_label);
  if (label.size() > kShortText) p.add("contributor_label", "map.error.too_long");
  if (label.empty() && e.visibility == Visibility::pseudonym && !e.group_id)
    p.add("contributor_label", "map.error.required");
  if (e.people < 1 || e.people > kMaxPeople) p.add("people", "map.error.not_a_number");
  if (e.group_id && (!core::looks_like_id(*e.group_id) || !repo::find_group(tx_, org, *e.group_id)))
    p.add("group_id", "map.error.unknown_reference");
  if (e.visibility == Visibility::named && !e.person_id && !e.group_id)
    p.add("visibility", "map.error.named_needs_someone");
  if (e.source_type.empty() || e.source_type.size() > kShortText) p.add("source_type", "map.error.required");

  // Who: a member records only for themselves, in a role they hold; an officer
  // (or the platform) may record for another member in a role that member
  // holds, or for someone outside the platform described by a label.
  if (e.person_id) {
    auto held = core::looks_like_id(*e.person_id) ? role_in(tx_, org, *e.person_id) : std::nullopt;
    bool for_someone_else = *e.person_id != actor_.account_id;
    if (!held) p.add("person_id", "map.error.unknown_reference");
    else if (for_someone_else && !records_for_others())
      p.add("person_id", "map.error.only_yourself");
    else {
      auto roles = contributor_roles_of(*held);
      if (std::find(roles.begin(), roles.end(), e.role) == roles.end())
        p.add("role", "map.error.role_not_held");
    }
  }
  return p.list_;
}

std::string Ledger::record(Contribution e) {
  require_actor();
  const auto& org = actor_.organisation_id;
  if (!core::looks_like_id(e.initiative_id) || !repo::find_initiative(tx_, org, e.initiative_id))
    throw core::not_found("Initiative");
  // Members other than officers record their own work.
  if (!e.person_id && !records_for_others()) e.person_id = actor_.account_id;
  e.contributor_label = core::trimmed(e.contributor_label);
  auto problems = check(e);
  if (e.status != Status::claimed && e.status != Status::confirmed)
    problems.push_back({"status", "map.error.not_a_choice"});
  bool confirm = e.status == Status::confirmed;
  if (confirm && !may_confirm(actor_) && !for_module_)
    problems.push_back({"confirm", "map.error.cannot_confirm"});
  if (!problems.empty()) throw ValidationFailed(problems);

  e.id = core::new_id();
  if (e.source_id.empty()) e.source_id = e.id;
  e.recorded_by = actor_.system ? std::nullopt : std::optional(actor_.account_id);
  e.recorded_role = actor_.role ? std::string(core::to_string(*actor_.role)) : "system";
  e.reverses_id.reset();
  e.reversed_by_id.reset();
  e.reason.clear();
  e.decided_by.reset();
  e.decided_at.clear();
  if (confirm) {
    e.decided_by = e.recorded_by;
    e.decided_at = core::now_utc();
  }
  repo::insert_contribution(tx_, org, e);
  audit::record(tx_, actor_, "record", "contribution", e.id, std::nullopt, to_json(e));
  bump_map_version(tx_, org);
  return e.id;
}

Contribution Ledger::require(const std::string& id) {
  require_actor();
  auto found = core::looks_like_id(id) ? repo::find_contribution(tx_, actor_.organisation_id, id)
                                       : std::nullopt;
  if (!found) throw core::not_found("Contribution");
  return *found;
}

Contribution Ledger::get(const std::string& id) {
  auto found = core::looks_like_id(id) ? repo::find_contribution(tx_, actor_.organisation_id, id)
                                       : std::nullopt;
  if (!found) throw core::not_found("Contribution");
  return *found;
}

std::vector<Contribution> Ledger::of_source(const std::string& source_type,
                                            const std::string& source_id) {
  return repo::list_contributions_by_source(tx_, actor_.organisation_id, source_type, source_id);
}

std::string Ledger::checked_reason(const std::string& reason) {
  auto text = core::trimmed(reason);
  if (text.empty()) throw ValidationFailed(std::vector<Problem>{{"reason", "map.error.reason_needed"}});
  if (text.size() > kReasonText) throw ValidationFailed(std::vector<Problem>{{"reason", "map.error.too_long"}});
  return text;
}

void Ledger::change_status(const Contribution& before, Status to, const std::string& reason,
                           const char* action) {
  const auto& org = actor_.organisation_id;
  auto decided_by = actor_.system ? std::nullopt : std::optional(actor_.account_id);
  if (!repo::update_status(tx_, org, before.id, before.status, to, decided_by, core::now_utc(), reason))
    throw core::localised(409, "conflict", "map.error.decided_first", "status");
  auto after = repo::find_contribution(tx_, org, before.id);
  audit::record(tx_, actor_, action, "contribution", before.id, to_json(before), to_json(*after));
  bump_map_version(tx_, org);
}

// The person who recorded an entry hears of a decision on it, unless they made
// it themselves (an officer confirming their own record) or a module recorded
// it for nobody in particular.
void Ledger::tell_recorder(const Contribution& entry, const char* kind, const std::string& reason) {
  if (!entry.recorded_by || *entry.recorded_by == actor_.account_id) return;
  auto initiative = tx_.query_one("SELECT name FROM initiatives WHERE organisation_id = $1 AND id = $2",
                                  {actor_.organisation_id, entry.initiative_id});
  notify::send_notice(tx_, notify::Notice{actor_.organisation_id, *entry.recorded_by, kind,
                                          {{"initiative", initiative ? initiative->text(0) : std::string()},
                                           {"reason", reason}},
                                          "/contributions/" + entry.id});
}

void Ledger::update_claim(const std::string& id, Contribution changed) {
  auto before = require(id);
  bool own = before.recorded_by && *before.recorded_by == actor_.account_id;
  if (!own && !is_officer(actor_) && !actor_.system)
    throw core::localised(403, "forbidden", "map.error.not_yours");
  if (!before.pending())
    throw core::localised(409, "conflict", before.confirmed() ? "map.error.confirmed_is_reversed" : "map.error.void_final", "status");
  changed.id = id;
  changed.initiative_id = before.initiative_id;
  changed.source_type = before.source_type;
  changed.source_id = before.source_id;
  changed.people = before.people;
  if (!changed.person_id) changed.person_id = before.person_id;
  changed.contributor_label = core::trimmed(changed.contributor_label);
  // The person stays the recorder's own unless an officer moves it.
  if (!is_officer(actor_) && !actor_.system) changed.person_id = before.person_id;
  auto problems = check(changed);
  if (!problems.empty()) throw ValidationFailed(problems);
  if (!repo::update_claim(tx_, actor_.organisation_id, changed))
    throw core::localised(409, "conflict", "map.error.decided_first", "status");
  auto after = repo::find_contribution(tx_, actor_.organisation_id, id);
  audit::record(tx_, actor_, "update", "contribution", id, to_json(before), to_json(*after));
  bump_map_version(tx_, actor_.organisation_id);
}

void Ledger::confirm(const std::string& id) {
  auto before = require(id);
  if (!may_confirm(actor_))
    throw core::localised(403, "forbidden", "map.error.confirmers_only");
  if (before.confirmed()) throw core::localised(409, "conflict", "map.error.already_confirmed", "id");
  if (before.status == Status::void_) throw core::localised(409, "conflict", "map.error.void_final", "status");
  change_status(before, Status::confirmed, "", "confirm");
  tell_recorder(before, "map.notice.confirmed", "");
}

void Ledger::dispute(const std::string& id, const std::string& reason) {
  auto before = require(id);
  if (!may_confirm(actor_))
    throw core::localised(403, "forbidden", "map.error.confirmers_only");
  auto why = checked_reason(reason);
  if (before.status != Status::claimed)
    throw core::localised(409, "conflict", "map.error.only_claims_disputed", "status");
  change_status(before, Status::disputed, why, "dispute");
  tell_recorder(before, "map.notice.disputed", why);
}

void Ledger::void_entry(const std::string& id, const std::string& reason) {
  auto before = require(id);
  bool own = before.recorded_by && *before.recorded_by == actor_.account_id;
  if (!own && !is_officer(actor_) && !actor_.system)
    throw core::localised(403, "forbidden", "map.error.not_yours");
  auto why = checked_reason(reason);
  if (!before.pending())
    throw core::localised(409, "conflict", before.confirmed() ? "map.error.confirmed_is_reversed" : "map.error.already_void", "status");
  change_status(before, Status::void_, why, "void");
}

std::string Ledger::reverse(const std::string& id, const std::string& reason) {
  auto original = require(id);
  if (!is_officer(actor_) && !actor_.system)
    throw core::localised(403, "forbidden", "map.error.officers_reverse");
  auto why = checked_reason(reason);
  if (!original.confirmed())
    throw core::localised(409, "conflict", "map.error.only_confirmed_reversed", "status");
  if (original.is_reversal()) throw core::localised(409, "conflict", "map.error.reversal_not_reversed", "status");
  if (original.reversed()) throw core::localised(409, "conflict", "map.error.already_reversed", "status");

  Contribution reversal = original;
  reversal.id = core::new_id();
  reversal.reverses_id = original.id;
  reversal.reversed_by_id.reset();
  reversal.status = Status::confirmed;
  reversal.recorded_by = actor_.system ? std::nullopt : std::optional(actor_.account_id);
  reversal.recorded_role = actor_.role ? std::string(core::to_string(*actor_.role)) : "system";
  reversal.decided_by = reversal.recorded_by;
  reversal.decided_at = core::now_utc();
  reversal.reason = why;
  const auto& org = actor_.organisation_id;
  try {
    repo::insert_contribution(tx_, org, reversal);
  } catch (const store::DatabaseError& e) {
    if (e.unique_violation()) throw core::localised(409, "conflict", "map.error.already_reversed", "status");
    throw;
  }
  auto after = original;
  after.reversed_by_id = reversal.id;
  audit::record(tx_, actor_, "reverse", "contribution", original.id, to_json(original), to_json(after));
  audit::record(tx_, actor_, "record", "contribution", reversal.id, std::nullopt, to_json(reversal));
  bump_map_version(tx_, org);
  return reversal.id;
}

}  // namespace coproduce::map
