#include "deliver/assets.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "deliver/checker.hpp"
#include "map/ledger.hpp"
#include "map/repository.hpp"

namespace coproduce::deliver {
namespace {

namespace json = boost::json;
using core::FieldProblem;

constexpr std::size_t kNameLimit = 120;
constexpr std::size_t kTextLimit = 1000;

bool is_officer(const core::Principal& p) { return p.has(core::Role::officer); }

bool one_of(const std::string& value, const auto& list) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* v) { return value == v; });
}

std::string value(const http::Fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : core::trimmed(it->second);
}

bool is_member(store::Connection& c, const std::string& org, const std::string& person) {
  return core::looks_like_id(person) &&
         c.query_one("SELECT 1 FROM memberships WHERE organisation_id = $1 AND account_id = $2", {org, person});
}

// "09:30" -> 570 minutes; nullopt unless HH:MM on a 24-hour clock.
std::optional<int> minutes_of(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  int h = (text[0] - '0') * 10 + (text[1] - '0'), m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

// "9:30" and "9.30" are read as "09:30": how people type times.
std::string normalised_time(std::string text) {
  std::replace(text.begin(), text.end(), '.', ':');
  if (text.size() == 4 && text[1] == ':') text = "0" + text;
  return text;
}

// The contributor role a member contributes in: the first their role allows.
map::ContributorRole role_of(store::Connection& c, const std::string& org, const std::string& person) {
  auto held = c.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2", {org, person});
  auto role = held ? core::parse_role(held->text(0)) : std::nullopt;
  return role ? map::contributor_roles_of(*role).front() : map::ContributorRole::community_member;
}

constexpr const char* kAssetColumns =
    "a.id, a.name, a.description, a.kind, a.steward_id, COALESCE(p.display_name, ''), a.group_id, "
    "COALESCE(g.name, ''), a.status, a.hourly_value_minor, a.created_at FROM community_assets a "
    "LEFT JOIN accounts p ON p.id = a.steward_id "
    "LEFT JOIN community_groups g ON g.organisation_id = a.organisation_id AND g.id = a.group_id ";

Asset asset_from(const store::Row& r) {
  return {r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5),
          r.opt_text(6), r.text(7), r.text(8), r.opt_integer(9), r.text(10)};
}

constexpr const char* kBookingColumns =
    "b.id, b.asset_id, b.booked_by, COALESCE(p.display_name, ''), b.initiative_id, COALESCE(i.name, ''), b.purpose, "
    "b.starts_at, b.ends_at, b.status, b.charge_minor, b.contribution_id, b.reason, b.created_at FROM asset_bookings b "
    "LEFT JOIN accounts p ON p.id = b.booked_by "
    "LEFT JOIN initiatives i ON i.organisation_id = b.organisation_id AND i.id = b.initiative_id ";

Booking booking_from(const store::Row& r) {
  return {r.text(0), r.text(1), r.opt_text(2), r.text(3), r.opt_text(4), r.text(5), r.text(6),
          r.text(7), r.text(8), r.text(9), r.integer(10), r.opt_text(11), r.text(12), r.text(13)};
}

Asset require_asset(store::Connection& c, const std::string& org, const std::string& id) {
  auto a = core::looks_like_id(id) ? find_asset(c, org, id) : std::nullopt;
  if (!a) throw core::not_found("Asset");
  return *a;
}

Booking require_booking(store::Connection& c, const std::string& org, const std::string& id) {
  auto b = core::looks_like_id(id) ? find_booking(c, org, id) : std::nullopt;
  if (!b) throw core::not_found("Booking");
  return *b;
}

// Bookings of one asset are written one at a time: PostgreSQL locks the
// asset's row; SQLite's transactions began IMMEDIATE, so writers already are.
void lock_asset(store::Connection& tx, const std::string& org, const std::string& asset_id) {
  if (tx.dialect() == store::Dialect::postgresql)
    tx.query("SELECT id FROM community_assets WHERE organisation_id = $1 AND id = $2 FOR UPDATE", {org, asset_id});
}

bool clashes(store::Connection& c, const std::string& org, const std::string& asset_id, const std::string& starts,
             const std::string& ends, const std::string& except_id) {
  return c.query_one("SELECT 1 FROM asset_bookings WHERE organisation_id = $1 AND asset_id = $2 AND id <> $3 "
                     "AND status <> 'cancelled' AND starts_at < $4 AND ends_at > $5",
                     {org, asset_id, except_id, ends, starts})
      .has_value();
}

std::int64_t minutes_between(const std::string& starts, const std::string& ends) {
  auto a = minutes_of(starts.substr(11)), b = minutes_of(ends.substr(11));
  return a && b ? *b - *a : 0;
}

// A free, confirmed booking for an initiative: the asset's use, given in kind
// by its group (or its steward), valued at its hourly value when it has one.
std::string record_use(store::Connection& tx, const core::Principal& actor, const Asset& asset, const Booking& b) {
  const auto& org = actor.organisation_id;
  map::Contribution entry;
  entry.initiative_id = *b.initiative_id;
  if (asset.group_id) {
    entry.group_id = asset.group_id;
    entry.role = map::ContributorRole::community_member;
  } else {
    entry.person_id = asset.steward_id;
    entry.role = role_of(tx, org, asset.steward_id);
  }
  entry.phase = map::Phase::delivering;
  entry.kind = map::ContributionKind::in_kind;
  auto minutes = minutes_between(b.starts_at, b.ends_at);
  entry.money_minor = asset.hourly_value_minor ? use_value(*asset.hourly_value_minor, minutes) : 0;
  entry.description = asset.name + ": " + b.starts_at.substr(0, 10) + " " + b.starts_at.substr(11) + "-" +
                      b.ends_at.substr(11);
  entry.made_on = b.starts_at.substr(0, 10);
  entry.status = map::Status::confirmed;
  entry.visibility = map::Visibility::aggregate;
  entry.source_type = kBookingSource;
  entry.source_id = b.id;
  map::Ledger ledger(tx, actor, map::Ledger::Mode::for_module);
  return ledger.record(entry);
}

// The use enters the ledger on its day (the ledger takes no future work):
// at once for a booking today or earlier, else from record_uses_due.
void record_use_if_due(store::Connection& tx, const core::Principal& actor, const Asset& asset, const Booking& b) {
  if (b.status != "confirmed" || b.charge_minor != 0 || !b.initiative_id || b.contribution_id) return;
  if (b.starts_at.substr(0, 10) > core::today_utc()) return;
  auto contribution = record_use(tx, actor, asset, b);
  tx.execute("UPDATE asset_bookings SET contribution_id = $3 WHERE organisation_id = $1 AND id = $2",
             {actor.organisation_id, b.id, contribution});
}

std::string initiative_field(Checker& check, store::Connection& c, const std::string& org, const std::string& id,
                             bool required) {
  if (id.empty()) {
    if (required) check.problem("initiative_id", "deliver.donation.error.initiative_required");
    return id;
  }
  if (!core::looks_like_id(id) || !map::repo::find_initiative(c, org, id))
    check.problem("initiative_id", "deliver.error.unknown_initiative");
  return id;
}

std::string group_field(Checker& check, store::Connection& c, const std::string& org, const std::string& id) {
  if (!id.empty() && (!core::looks_like_id(id) || !map::repo::find_group(c, org, id)))
    check.problem("group_id", "deliver.error.unknown_group");
  return id;
}

}  // namespace

// ---- assets ----------------------------------------------------------------------

std::vector<std::string> asset_fields() {
  return {"name", "description", "kind", "steward_id", "group_id", "hourly_value"};
}

std::string add_asset(store::Connection& tx, const core::Principal& actor, const http::Fields& fields) {
  if (!is_officer(actor)) throw core::forbidden();
  const auto& org = actor.organisation_id;
  Checker check(fields);
  auto name = check.text("name", kNameLimit, "deliver.asset.error.name_required");
  auto description = check.text("description", kTextLimit, "");
  auto kind = value(fields, "kind");
  if (!one_of(kind, kAssetKinds)) check.problem("kind", "deliver.asset.error.kind_required");
  auto steward = value(fields, "steward_id");
  if (steward.empty()) check.problem("steward_id", "deliver.asset.error.steward_required");
  else if (!is_member(tx, org, steward)) check.problem("steward_id", "deliver.asset.error.steward_unknown");
  auto group = group_field(check, tx, org, value(fields, "group_id"));
  auto hourly = check.money("hourly_value");
  check.throw_if_any();
  auto id = core::new_id();
  tx.execute("INSERT INTO community_assets (organisation_id, id, name, description, kind, steward_id, group_id, "
             "status, hourly_value_minor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'listed', $8, $9)",
             {org, id, name, description, kind, steward, group.empty() ? store::null() : store::Value(group),
              store::maybe(hourly), core::now_utc()});
  audit::record(tx, actor, "create", "community_asset", id, std::nullopt,
                json::object{{"name", name}, {"kind", kind}, {"steward_id", steward}});
  return id;
}

std::optional<Asset> find_asset(store::Connection& c, const std::string& org, const std::string& id) {
  auto row = c.query_one(std::string("SELECT ") + kAssetColumns + "WHERE a.organisation_id = $1 AND a.id = $2",
                         {org, id});
  if (!row) return std::nullopt;
  return asset_from(*row);
}

std::vector<Asset> list_assets(store::Connection& c, const std::string& org) {
  std::vector<Asset> out;
  for (const auto& r : c.query(std::string("SELECT ") + kAssetColumns + "WHERE a.organisation_id = $1 ORDER BY a.name, a.id",
                               {org}))
    out.push_back(asset_from(r));
  return out;
}

bool stewards(const core::Principal& actor, const Asset& asset) {
  return is_officer(actor) || (actor.signed_in() && actor.account_id == asset.steward_id);
}

void change_asset_status(store::Connection& tx, const core::Principal& actor, const std::string& asset_id,
                         const std::string& status, const std::string& reason) {
  const auto& org = actor.organisation_id;
  lock_asset(tx, org, asset_id);
  auto asset = require_asset(tx, org, asset_id);
  if (!stewards(actor, asset)) throw core::localised(403, "forbidden", "deliver.asset.error.not_steward", "id");
  std::vector<FieldProblem> problems;
  static const std::vector<std::pair<std::string, std::string>> moves = {
      {"listed", "requested"},  {"requested", "listed"}, {"requested", "leased"}, {"requested", "transferred"},
      {"leased", "transferred"}, {"leased", "listed"}};
  if (!one_of(status, kAssetStatuses)) problems.push_back({"status", "deliver.asset.error.status_required"});
  else if (std::find(moves.begin(), moves.end(), std::pair{asset.status, status}) == moves.end())
    problems.push_back({"status", "deliver.asset.error.status_move"});
  auto why = core::trimmed(reason);
  if (why.empty()) problems.push_back({"reason", "deliver.asset.error.reason_required"});
  else if (why.size() > kTextLimit) problems.push_back({"reason", "deliver.error.too_long"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  tx.execute("UPDATE community_assets SET status = $3 WHERE organisation_id = $1 AND id = $2", {org, asset_id, status});
  audit::record(tx, actor, "update", "community_asset", asset_id, json::object{{"status", asset.status}},
                json::object{{"status", status}, {"reason", why}});
}

// ---- bookings --------------------------------------------------------------------

std::vector<std::string> booking_fields() { return {"on", "starts", "ends", "purpose", "initiative_id"}; }

std::int64_t use_value(std::int64_t hourly_minor, std::int64_t minutes) {
  return (hourly_minor * minutes + 30) / 60;
}

std::string book(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                 const std::string& asset_id, const http::Fields& fields) {
  (void)registry;
  if (!actor.signed_in()) throw core::unauthenticated();
  const auto& org = actor.organisation_id;
  lock_asset(tx, org, asset_id);
  auto asset = require_asset(tx, org, asset_id);
  Checker check(fields);
  auto on = check.text("on", 10, "deliver.asset.error.date_required");
  if (!on.empty() && (!core::is_iso_date(on) || !core::is_plausible_date(on)))
    check.problem("on", "deliver.error.date_invalid");
  else if (!on.empty() && on < core::today_utc())
    check.problem("on", "deliver.asset.error.date_past");
  auto starts = normalised_time(check.text("starts", 5, "deliver.asset.error.time_required"));
  auto ends = normalised_time(check.text("ends", 5, "deliver.asset.error.time_required"));
  auto start_minutes = minutes_of(starts), end_minutes = minutes_of(ends);
  if (!starts.empty() && !start_minutes) check.problem("starts", "deliver.asset.error.time_invalid");
  if (!ends.empty() && !end_minutes) check.problem("ends", "deliver.asset.error.time_invalid");
  else if (start_minutes && end_minutes && *end_minutes <= *start_minutes)
    check.problem("ends", "deliver.asset.error.ends_before");
  auto purpose = check.text("purpose", kTextLimit, "deliver.asset.error.purpose_required");
  auto initiative = initiative_field(check, tx, org, value(fields, "initiative_id"), false);
  if (asset.status == "transferred") check.problem("on", "deliver.asset.error.transferred");
  check.throw_if_any();
  auto starts_at = on + "T" + starts, ends_at = on + "T" + ends;
  if (clashes(tx, org, asset_id, starts_at, ends_at, ""))
    throw core::localised(409, "clash", "deliver.asset.error.clash", "starts");
  auto id = core::new_id();
  bool at_once = stewards(actor, asset);
  tx.execute("INSERT INTO asset_bookings (organisation_id, id, asset_id, booked_by, initiative_id, purpose, starts_at, "
             "ends_at, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
             {org, id, asset_id, actor.account_id, initiative.empty() ? store::null() : store::Value(initiative),
              purpose, starts_at, ends_at, at_once ? "confirmed" : "requested", core::now_utc()});
  audit::record(tx, actor, "create", "asset_booking", id, std::nullopt,
                json::object{{"asset_id", asset_id}, {"starts_at", starts_at}, {"ends_at", ends_at}});
  if (at_once) {
    tx.execute("UPDATE asset_bookings SET decided_by = $3 WHERE organisation_id = $1 AND id = $2",
               {org, id, actor.account_id});
    record_use_if_due(tx, actor, asset, require_booking(tx, org, id));
  }
  return id;
}

void confirm_booking(store::Connection& tx, const core::Principal& actor, const std::string& booking_id,
                     const std::string& charge) {
  const auto& org = actor.organisation_id;
  auto b = require_booking(tx, org, booking_id);
  lock_asset(tx, org, b.asset_id);
  b = require_booking(tx, org, booking_id);  // as it stands once locked
  auto asset = require_asset(tx, org, b.asset_id);
  if (!stewards(actor, asset)) throw core::localised(403, "forbidden", "deliver.asset.error.not_steward", "id");
  http::Fields fields{{"charge", charge}};
  Checker check(fields);
  auto charged = check.money("charge").value_or(0);
  check.throw_if_any();
  if (b.status != "requested") throw core::localised(409, "conflict", "deliver.asset.error.not_requested", "id");
  tx.execute("UPDATE asset_bookings SET status = 'confirmed', charge_minor = $3, decided_by = $4 "
             "WHERE organisation_id = $1 AND id = $2",
             {org, b.id, charged, actor.account_id});
  audit::record(tx, actor, "update", "asset_booking", b.id, json::object{{"status", b.status}},
                json::object{{"status", "confirmed"}, {"charge_minor", charged}});
  record_use_if_due(tx, actor, asset, require_booking(tx, org, b.id));
}

void cancel_booking(store::Connection& tx, const core::Principal& actor, const std::string& booking_id,
                    const std::string& reason) {
  const auto& org = actor.organisation_id;
  auto b = require_booking(tx, org, booking_id);
  auto asset = require_asset(tx, org, b.asset_id);
  bool own = actor.signed_in() && b.booked_by && *b.booked_by == actor.account_id;
  if (!own && !stewards(actor, asset)) throw core::not_found("Booking");
  auto why = core::trimmed(reason);
  if (!own && why.empty())
    throw core::ValidationFailed(std::vector<FieldProblem>{{"reason", "deliver.booking.error.reason_required"}});
  if (why.size() > kTextLimit) throw core::ValidationFailed(std::vector<FieldProblem>{{"reason", "deliver.error.too_long"}});
  if (b.status == "cancelled") throw core::localised(409, "conflict", "deliver.asset.error.cancelled", "id");
  if (b.contribution_id) {
    map::Ledger ledger(tx, actor, map::Ledger::Mode::for_module);
    ledger.reverse(*b.contribution_id, why.empty() ? "Booking cancelled" : why);
  }
  tx.execute("UPDATE asset_bookings SET status = 'cancelled', reason = $3, decided_by = $4 "
             "WHERE organisation_id = $1 AND id = $2",
             {org, b.id, why, actor.account_id});
  audit::record(tx, actor, "update", "asset_booking", b.id, json::object{{"status", b.status}},
                json::object{{"status", "cancelled"}});
}

std::optional<Booking> find_booking(store::Connection& c, const std::string& org, const std::string& id) {
  auto row = c.query_one(std::string("SELECT ") + kBookingColumns + "WHERE b.organisation_id = $1 AND b.id = $2",
                         {org, id});
  if (!row) return std::nullopt;
  return booking_from(*row);
}

std::vector<Booking> bookings_of(store::Connection& c, const std::string& org, const std::string& asset_id,
                                 const std::string& from) {
  std::vector<Booking> out;
  for (const auto& r : c.query(std::string("SELECT ") + kBookingColumns +
                                   "WHERE b.organisation_id = $1 AND b.asset_id = $2 AND b.status <> 'cancelled' "
                                   "AND b.ends_at >= $3 ORDER BY b.starts_at, b.id LIMIT 200",
                               {org, asset_id, from}))
    out.push_back(booking_from(r));
  return out;
}

int record_uses_due(store::Database& db, const std::string& today) {
  auto c = db.acquire();
  auto due = c->query("SELECT organisation_id, id FROM asset_bookings WHERE status = 'confirmed' AND charge_minor = 0 "
                      "AND initiative_id IS NOT NULL AND contribution_id IS NULL AND starts_at < $1 "
                      "ORDER BY organisation_id, starts_at LIMIT 1000",
                      {today + "T99"});
  int recorded = 0;
  for (const auto& row : due) {
    auto org = row.text(0), id = row.text(1);
    c->transaction([&] {
      auto actor = core::Principal::system_in(org);
      auto b = find_booking(*c, org, id);
      if (!b) return;
      lock_asset(*c, org, b->asset_id);
      b = find_booking(*c, org, id);
      auto asset = find_asset(*c, org, b->asset_id);
      if (!asset || b->contribution_id) return;
      record_use_if_due(*c, actor, *asset, *b);
      ++recorded;
    });
  }
  return recorded;
}

// ---- donated goods --------------------------------------------------------------

std::vector<std::string> donation_fields() { return {"initiative_id", "description", "value", "made_on", "group_id"}; }

std::string record_donation(store::Connection& tx, const core::Principal& actor, const http::Fields& fields) {
  if (!actor.signed_in()) throw core::unauthenticated();
  const auto& org = actor.organisation_id;
  Checker check(fields);
  auto initiative = initiative_field(check, tx, org, value(fields, "initiative_id"), true);
  auto description = check.text("description", kTextLimit, "deliver.donation.error.description_required");
  auto worth = check.money("value");
  auto made_on = check.date("made_on");
  auto group = group_field(check, tx, org, value(fields, "group_id"));
  if (!group.empty() && !is_officer(actor)) check.problem("group_id", "deliver.donation.error.group_officers");
  check.throw_if_any();
  auto id = core::new_id();
  map::Contribution entry;
  entry.initiative_id = initiative;
  if (!group.empty()) {
    entry.group_id = group;
    entry.role = map::ContributorRole::community_member;
  } else {
    entry.person_id = actor.account_id;
    entry.role = role_of(tx, org, actor.account_id);
  }
  entry.phase = map::Phase::delivering;
  entry.kind = map::ContributionKind::in_kind;
  entry.money_minor = worth.value_or(0);
  entry.description = description;
  entry.made_on = made_on;
  entry.status = is_officer(actor) ? map::Status::confirmed : map::Status::claimed;
  entry.visibility = map::Visibility::aggregate;
  entry.source_type = kDonationSource;
  entry.source_id = id;
  map::Ledger ledger(tx, actor, map::Ledger::Mode::for_module);
  auto contribution = ledger.record(entry);
  tx.execute("INSERT INTO asset_donations (organisation_id, id, initiative_id, donor_id, group_id, description, "
             "value_minor, made_on, contribution_id, recorded_by, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
             {org, id, initiative, group.empty() ? store::Value(actor.account_id) : store::null(),
              group.empty() ? store::null() : store::Value(group), description, store::maybe(worth), made_on,
              contribution, actor.account_id, core::now_utc()});
  audit::record(tx, actor, "create", "asset_donation", id, std::nullopt,
                json::object{{"initiative_id", initiative}, {"value_minor", worth ? json::value(*worth) : json::value()}});
  return id;
}

std::vector<Donation> list_donations(store::Connection& c, const std::string& org) {
  std::vector<Donation> out;
  for (const auto& r : c.query("SELECT d.id, d.initiative_id, COALESCE(i.name, ''), COALESCE(g.name, p.display_name, ''), "
                               "d.description, d.value_minor, d.made_on, d.contribution_id, d.created_at "
                               "FROM asset_donations d "
                               "LEFT JOIN initiatives i ON i.organisation_id = d.organisation_id AND i.id = d.initiative_id "
                               "LEFT JOIN community_groups g ON g.organisation_id = d.organisation_id AND g.id = d.group_id "
                               "LEFT JOIN accounts p ON p.id = d.donor_id "
                               "WHERE d.organisation_id = $1 ORDER BY d.made_on DESC, d.id LIMIT 200",
                               {org}))
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.opt_integer(5), r.text(6), r.text(7),
                   r.text(8)});
  return out;
}

}  // namespace coproduce::deliver
