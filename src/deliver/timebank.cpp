#include "deliver/timebank.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "map/ledger.hpp"
#include "map/repository.hpp"
#include "notify/notices.hpp"

namespace coproduce::deliver {
namespace {

namespace json = boost::json;
using core::FieldProblem;

constexpr const char* kAccountColumns =
    "a.id, a.person_id, a.group_id, COALESCE(p.display_name, g.name, ''), a.lower_limit_x100, a.upper_limit_x100 "
    "FROM time_accounts a LEFT JOIN accounts p ON p.id = a.person_id "
    "LEFT JOIN community_groups g ON g.organisation_id = a.organisation_id AND g.id = a.group_id ";

Limits organisation_limits(store::Connection& c, const module::Registry& registry, const std::string& org) {
  return {-registry.setting(c, org, kLowerLimitHours) * 100, registry.setting(c, org, kUpperLimitHours) * 100};
}

TimeAccount account_from(const store::Row& r, const Limits& defaults) {
  TimeAccount a;
  a.id = r.text(0);
  a.person_id = r.opt_text(1);
  a.group_id = r.opt_text(2);
  a.name = r.text(3);
  a.limits = defaults;
  if (auto lower = r.opt_integer(4)) {
    a.limits.lower_x100 = *lower;
    a.own_limits = true;
  }
  if (auto upper = r.opt_integer(5)) {
    a.limits.upper_x100 = *upper;
    a.own_limits = true;
  }
  return a;
}

bool is_officer(const core::Principal& p) { return p.has(core::Role::officer); }


std::string value(const http::Fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

json::value exchange_json(const Exchange& e) {
  return json::object{{"id", e.id},
                      {"payer_account_id", e.payer_account_id},
                      {"payee_account_id", e.payee_account_id},
                      {"hours_x100", e.hours_x100},
                      {"made_on", e.made_on},
                      {"status", e.status},
                      {"reverses_id", e.reverses_id ? json::value(*e.reverses_id) : json::value()}};
}

Exchange exchange_from(const store::Row& r) {
  Exchange e;
  e.id = r.text(0);
  e.payer_account_id = r.text(1);
  e.payee_account_id = r.text(2);
  e.hours_x100 = r.integer(3);
  e.description = r.text(4);
  e.made_on = r.text(5);
  e.status = r.text(6);
  e.proposer_account_id = r.text(7);
  e.decided_at = r.opt_text(8);
  e.reason = r.text(9);
  e.reverses_id = r.opt_text(10);
  e.contribution_id = r.opt_text(11);
  e.created_at = r.text(12);
  e.payer_name = r.text(13);
  e.payee_name = r.text(14);
  e.reversed_by_id = r.opt_text(15);
  return e;
}

constexpr const char* kExchangeSelect =
    "SELECT x.id, x.payer_account_id, x.payee_account_id, x.hours_x100, x.description, x.made_on, x.status, "
    "x.proposer_account_id, x.decided_at, x.reason, x.reverses_id, x.contribution_id, x.created_at, "
    "COALESCE(pp.display_name, pg.name, ''), COALESCE(ep.display_name, eg.name, ''), "
    "(SELECT r.id FROM time_exchanges r WHERE r.organisation_id = x.organisation_id AND r.reverses_id = x.id) "
    "FROM time_exchanges x "
    "JOIN time_accounts pa ON pa.organisation_id = x.organisation_id AND pa.id = x.payer_account_id "
    "LEFT JOIN accounts pp ON pp.id = pa.person_id "
    "LEFT JOIN community_groups pg ON pg.organisation_id = pa.organisation_id AND pg.id = pa.group_id "
    "JOIN time_accounts ea ON ea.organisation_id = x.organisation_id AND ea.id = x.payee_account_id "
    "LEFT JOIN accounts ep ON ep.id = ea.person_id "
    "LEFT JOIN community_groups eg ON eg.organisation_id = ea.organisation_id AND eg.id = ea.group_id "
    "WHERE x.organisation_id = $1 ";

TimeAccount require_account(store::Connection& c, const module::Registry& registry, const std::string& org,
                            const std::string& id) {
  auto a = core::looks_like_id(id) ? find_account(c, registry, org, id) : std::nullopt;
  if (!a) throw core::not_found("Account");
  return *a;
}

// Locks the exchange and both accounts (PostgreSQL: row locks, accounts in id
// order so that two confirmations never wait on each other in a circle;
// SQLite: the transaction began IMMEDIATE, so writers are already one at a time).
void lock_for_movement(store::Connection& tx, const std::string& org, const std::string& exchange_id,
                       const std::string& a, const std::string& b) {
  if (tx.dialect() != store::Dialect::postgresql) return;
  if (!exchange_id.empty())
    tx.query("SELECT id FROM time_exchanges WHERE organisation_id = $1 AND id = $2 FOR UPDATE", {org, exchange_id});
  tx.query("SELECT id FROM time_accounts WHERE organisation_id = $1 AND id IN ($2, $3) ORDER BY id FOR UPDATE",
           {org, a, b});
}

// Refuses (LimitExceeded) when moving `hours` from payer to payee would take
// either balance past its limit.
void check_limits(store::Connection& c, const std::string& org, const TimeAccount& payer, const TimeAccount& payee,
                  std::int64_t hours) {
  if (balance(c, org, payer.id) - hours < payer.limits.lower_x100)
    throw LimitExceeded(true, payer.name, payer.limits.lower_x100);
  if (balance(c, org, payee.id) + hours > payee.limits.upper_x100)
    throw LimitExceeded(false, payee.name, payee.limits.upper_x100);
}

void write_movements(store::Connection& tx, const std::string& org, const Exchange& e, const std::string& now) {
  tx.execute("INSERT INTO time_movements (organisation_id, exchange_id, account_id, amount_x100, created_at) "
             "VALUES ($1, $2, $3, $4, $5)",
             {org, e.id, e.payer_account_id, -e.hours_x100, now});
  tx.execute("INSERT INTO time_movements (organisation_id, exchange_id, account_id, amount_x100, created_at) "
             "VALUES ($1, $2, $3, $4, $5)",
             {org, e.id, e.payee_account_id, e.hours_x100, now});
}

std::string require_initiative(store::Connection& c, const std::string& org) {
  auto initiative = time_bank_initiative(c, org);
  if (!initiative) throw core::localised(409, "conflict", "deliver.error.no_initiative", "initiative_id");
  return *initiative;
}

// The contribution of the one who gave the time (the payee), confirmed.
std::string record_contribution(store::Connection& tx, const module::Registry& registry,
                                const core::Principal& actor, const std::string& org, const Exchange& e) {
  auto initiative = require_initiative(tx, org);
  auto payee = require_account(tx, registry, org, e.payee_account_id);
  map::Contribution entry;
  entry.initiative_id = initiative;
  entry.person_id = payee.person_id;
  entry.group_id = payee.group_id;
  entry.role = map::ContributorRole::community_member;
  if (payee.person_id) {
    auto held = tx.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2",
                             {org, *payee.person_id});
    auto role = held ? core::parse_role(held->text(0)) : std::nullopt;
    if (role) {
      auto roles = map::contributor_roles_of(*role);
      if (std::find(roles.begin(), roles.end(), entry.role) == roles.end()) entry.role = roles.front();
    }
  }
  entry.phase = map::Phase::delivering;
  entry.kind = map::ContributionKind::hours;
  entry.hours_x100 = e.hours_x100;
  entry.made_on = e.made_on;
  entry.status = map::Status::confirmed;
  entry.visibility = map::Visibility::aggregate;
  entry.source_type = kSourceType;
  entry.source_id = e.id;
  map::Ledger ledger(tx, actor, map::Ledger::Mode::for_module);
  return ledger.record(entry);
}

Exchange require_exchange(store::Connection& c, const std::string& org, const std::string& id) {
  auto e = core::looks_like_id(id) ? find_exchange(c, org, id) : std::nullopt;
  if (!e) throw core::not_found("Exchange");
  return *e;
}

// The exchange as the actor may see it: a side they act for, or an officer.
Exchange visible_exchange(store::Connection& c, const module::Registry& registry, const core::Principal& actor,
                          const std::string& id, TimeAccount* payer, TimeAccount* payee) {
  const auto& org = actor.organisation_id;
  auto e = require_exchange(c, org, id);
  *payer = require_account(c, registry, org, e.payer_account_id);
  *payee = require_account(c, registry, org, e.payee_account_id);
  if (!actor.system && !is_officer(actor) && !acts_for(actor, *payer) && !acts_for(actor, *payee))
    throw core::not_found("Exchange");
  return e;
}

// The side that answers a proposal: the one that did not propose it.
void require_other_side(const core::Principal& actor, const Exchange& e, const TimeAccount& payer,
                        const TimeAccount& payee) {
  if (actor.system) return;
  const TimeAccount& answering = e.proposer_account_id == payer.id ? payee : payer;
  const TimeAccount& proposing = e.proposer_account_id == payer.id ? payer : payee;
  if (acts_for(actor, answering)) return;
  if (acts_for(actor, proposing))
    throw core::localised(403, "forbidden", "deliver.error.own_proposal", "id");
  throw core::localised(403, "forbidden", "deliver.error.not_your_exchange", "id");
}

}  // namespace

LimitExceeded::LimitExceeded(bool lower, std::string account_name, std::int64_t limit_x100)
    : core::Error(409, "limit", lower ? "The balance would go below its limit of " + hours_text(limit_x100) + " hours"
                                      : "The balance would go above its limit of " + hours_text(limit_x100) + " hours",
                  "hours"),
      lower_(lower),
      account_name_(std::move(account_name)),
      limit_x100_(limit_x100) {}

std::string hours_text(std::int64_t x100) {
  std::string sign = x100 < 0 ? "-" : "";
  std::int64_t v = x100 < 0 ? -x100 : x100;
  std::string out = sign + std::to_string(v / 100);
  auto cents = v % 100;
  if (cents == 0) return out;
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  if (cents % 10) out += static_cast<char>('0' + cents % 10);
  return out;
}

// ---- accounts -------------------------------------------------------------------

std::optional<TimeAccount> find_account(store::Connection& c, const module::Registry& registry,
                                        const std::string& org, const std::string& account_id) {
  auto row = c.query_one(std::string("SELECT ") + kAccountColumns + "WHERE a.organisation_id = $1 AND a.id = $2",
                         {org, account_id});
  if (!row) return std::nullopt;
  return account_from(*row, organisation_limits(c, registry, org));
}

std::optional<TimeAccount> account_of_person(store::Connection& c, const module::Registry& registry,
                                             const std::string& org, const std::string& person_id) {
  auto row = c.query_one(std::string("SELECT ") + kAccountColumns +
                             "WHERE a.organisation_id = $1 AND a.person_id = $2",
                         {org, person_id});
  if (!row) return std::nullopt;
  return account_from(*row, organisation_limits(c, registry, org));
}

TimeAccount open_own_account(store::Connection& tx, const module::Registry& registry, const core::Principal& actor) {
  if (!actor.signed_in()) throw core::unauthenticated();
  const auto& org = actor.organisation_id;
  if (auto found = account_of_person(tx, registry, org, actor.account_id)) return *found;
  // Two first requests at once (two tabs) both get here: the second finds the first's account.
  auto id = core::new_id();
  if (tx.execute("INSERT INTO time_accounts (organisation_id, id, person_id, created_at) VALUES ($1, $2, $3, $4) "
                 "ON CONFLICT (organisation_id, person_id) DO NOTHING",
                 {org, id, actor.account_id, core::now_utc()}) == 0)
    return *account_of_person(tx, registry, org, actor.account_id);
  audit::record(tx, actor, "create", "time_account", id, std::nullopt, json::object{{"person_id", actor.account_id}});
  return *find_account(tx, registry, org, id);
}

TimeAccount open_group_account(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                               const std::string& group_id) {
  const auto& org = actor.organisation_id;
  if (!core::looks_like_id(group_id) || !map::repo::find_group(tx, org, group_id))
    throw core::ValidationFailed(std::vector<core::FieldProblem>{{"group_id", "deliver.error.unknown_group"}});
  if (auto row = tx.query_one("SELECT id FROM time_accounts WHERE organisation_id = $1 AND group_id = $2",
                              {org, group_id}))
    return *find_account(tx, registry, org, row->text(0));
  auto id = core::new_id();
  tx.execute("INSERT INTO time_accounts (organisation_id, id, group_id, created_at) VALUES ($1, $2, $3, $4)",
             {org, id, group_id, core::now_utc()});
  audit::record(tx, actor, "create", "time_account", id, std::nullopt, json::object{{"group_id", group_id}});
  return *find_account(tx, registry, org, id);
}

std::vector<TimeAccount> list_accounts(store::Connection& c, const module::Registry& registry,
                                       const std::string& org) {
  auto defaults = organisation_limits(c, registry, org);
  std::vector<TimeAccount> out;
  // Groups, and people who are still members.
  for (const auto& row : c.query(std::string("SELECT ") + kAccountColumns + "WHERE a.organisation_id = $1 "
                                     "AND (a.group_id IS NOT NULL OR EXISTS (SELECT 1 FROM memberships m "
                                     "WHERE m.organisation_id = a.organisation_id AND m.account_id = a.person_id)) "
                                     "ORDER BY COALESCE(p.display_name, g.name, ''), a.id",
                                 {org}))
    out.push_back(account_from(row, defaults));
  return out;
}

void set_limits(store::Connection& tx, const core::Principal& actor, const std::string& account_id,
                const http::Fields& fields) {
  const auto& org = actor.organisation_id;
  auto before = core::looks_like_id(account_id)
                    ? tx.query_one("SELECT lower_limit_x100, upper_limit_x100 FROM time_accounts "
                                   "WHERE organisation_id = $1 AND id = $2",
                                   {org, account_id})
                    : std::nullopt;
  if (!before) throw core::not_found("Account");
  std::vector<FieldProblem> problems;
  auto read = [&](const std::string& name) -> std::optional<std::int64_t> {
    auto text = core::trimmed(value(fields, name));
    if (text.empty()) return std::nullopt;
    auto parsed = core::parse_money_minor(text);
    if (!parsed || *parsed > 100000'00) {
      problems.push_back({name, "deliver.error.limit_number"});
      return std::nullopt;
    }
    return *parsed;
  };
  auto lower = read("lower_limit");
  auto upper = read("upper_limit");
  if (!problems.empty()) throw core::ValidationFailed(problems);
  store::Value lower_value = lower ? store::Value(-*lower) : store::null();
  store::Value upper_value = upper ? store::Value(*upper) : store::null();
  tx.execute("UPDATE time_accounts SET lower_limit_x100 = $3, upper_limit_x100 = $4 "
             "WHERE organisation_id = $1 AND id = $2",
             {org, account_id, lower_value, upper_value});
  audit::record(tx, actor, "update", "time_account", account_id,
                json::object{{"lower_limit_x100", before->is_null(0) ? json::value() : json::value(before->integer(0))},
                             {"upper_limit_x100", before->is_null(1) ? json::value() : json::value(before->integer(1))}},
                json::object{{"lower_limit_x100", lower ? json::value(-*lower) : json::value()},
                             {"upper_limit_x100", upper ? json::value(*upper) : json::value()}});
}

std::int64_t balance(store::Connection& c, const std::string& org, const std::string& account_id) {
  return c.query_one("SELECT COALESCE(SUM(amount_x100), 0) FROM time_movements "
                     "WHERE organisation_id = $1 AND account_id = $2",
                     {org, account_id})
      ->integer(0);
}

std::vector<Movement> movements_of(store::Connection& c, const std::string& org, const std::string& account_id) {
  std::vector<Movement> out;
  for (const auto& r : c.query("SELECT m.exchange_id, m.amount_x100, x.made_on, x.description, m.created_at "
                               "FROM time_movements m JOIN time_exchanges x "
                               "  ON x.organisation_id = m.organisation_id AND x.id = m.exchange_id "
                               "WHERE m.organisation_id = $1 AND m.account_id = $2 "
                               "ORDER BY m.created_at DESC, m.exchange_id",
                               {org, account_id}))
    out.push_back({r.text(0), r.integer(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

bool acts_for(const core::Principal& actor, const TimeAccount& account) {
  if (account.person_id) return actor.signed_in() && *account.person_id == actor.account_id;
  return is_officer(actor);
}

// ---- the initiative ------------------------------------------------------------------

std::optional<std::string> time_bank_initiative(store::Connection& c, const std::string& org) {
  auto row = c.query_one("SELECT initiative_id FROM time_bank_settings WHERE organisation_id = $1", {org});
  if (!row) return std::nullopt;
  return row->text(0);
}

void choose_initiative(store::Connection& tx, const core::Principal& actor, const std::string& initiative_id) {
  const auto& org = actor.organisation_id;
  auto id = core::trimmed(initiative_id);
  if (id.empty()) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"initiative_id", "deliver.error.initiative_required"}});
  if (!core::looks_like_id(id) || !map::repo::find_initiative(tx, org, id))
    throw core::ValidationFailed(std::vector<core::FieldProblem>{{"initiative_id", "deliver.error.unknown_initiative"}});
  auto before = time_bank_initiative(tx, org);
  if (before)
    tx.execute("UPDATE time_bank_settings SET initiative_id = $2, updated_at = $3 WHERE organisation_id = $1",
               {org, id, core::now_utc()});
  else
    tx.execute("INSERT INTO time_bank_settings (organisation_id, initiative_id, updated_at) VALUES ($1, $2, $3)",
               {org, id, core::now_utc()});
  audit::record(tx, actor, "update", "time_bank", org,
                before ? std::optional<json::value>(json::object{{"initiative_id", *before}}) : std::nullopt,
                json::object{{"initiative_id", id}});
}

// ---- listings -------------------------------------------------------------------------

std::vector<std::string> listing_fields() { return {"kind", "title", "description", "hours"}; }

std::string add_listing(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                        const http::Fields& fields) {
  Checker check(fields);
  auto kind = value(fields, "kind");
  if (kind.empty()) check.problem("kind", "deliver.error.kind_required");
  else if (kind != "offer" && kind != "request") check.problem("kind", "deliver.error.kind_required");
  auto title = check.text("title", kTitleLimit, "deliver.error.title_required");
  auto description = check.text("description", kTextLimit, "");
  auto hours = check.hours("hours");
  check.throw_if_any();
  auto account = open_own_account(tx, registry, actor);
  auto id = core::new_id();
  tx.execute("INSERT INTO time_listings (organisation_id, id, account_id, kind, title, description, hours_x100, "
             "active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
             {actor.organisation_id, id, account.id, kind, title, description, hours, core::now_utc()});
  audit::record(tx, actor, "create", "time_listing", id, std::nullopt,
                json::object{{"kind", kind}, {"hours_x100", hours}});
  return id;
}

std::vector<Listing> list_listings(store::Connection& c, const std::string& org, const std::string& kind) {
  std::vector<Listing> out;
  for (const auto& r : c.query("SELECT l.id, l.account_id, COALESCE(p.display_name, g.name, ''), l.kind, l.title, "
                               "l.description, l.hours_x100, l.active, l.created_at FROM time_listings l "
                               "JOIN time_accounts a ON a.organisation_id = l.organisation_id AND a.id = l.account_id "
                               "LEFT JOIN accounts p ON p.id = a.person_id "
                               "LEFT JOIN community_groups g ON g.organisation_id = a.organisation_id "
                               "  AND g.id = a.group_id "
                               "WHERE l.organisation_id = $1 AND l.kind = $2 AND l.active = 1 "
                               "ORDER BY l.created_at DESC, l.id",
                               {org, kind}))
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.integer(6), r.integer(7) != 0,
                   r.text(8)});
  return out;
}

void withdraw_listing(store::Connection& tx, const core::Principal& actor, const std::string& listing_id) {
  const auto& org = actor.organisation_id;
  auto row = core::looks_like_id(listing_id)
                 ? tx.query_one("SELECT a.person_id FROM time_listings l JOIN time_accounts a "
                                "ON a.organisation_id = l.organisation_id AND a.id = l.account_id "
                                "WHERE l.organisation_id = $1 AND l.id = $2 AND l.active = 1",
                                {org, listing_id})
                 : std::nullopt;
  if (!row || (row->opt_text(0) != actor.account_id && !is_officer(actor))) throw core::not_found("Listing");
  tx.execute("UPDATE time_listings SET active = 0 WHERE organisation_id = $1 AND id = $2", {org, listing_id});
  audit::record(tx, actor, "withdraw", "time_listing", listing_id, std::nullopt, std::nullopt);
}

// ---- exchanges ------------------------------------------------------------------------

std::vector<std::string> exchange_fields() {
  return {"direction", "other_account_id", "hours", "description", "made_on", "account_id"};
}

std::string propose(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                    const http::Fields& fields) {
  const auto& org = actor.organisation_id;
  Checker check(fields);
  auto direction = value(fields, "direction");
  if (direction != "gave" && direction != "received") check.problem("direction", "deliver.error.direction_required");
  // The side the actor acts for: their own account, or a group's (officers).
  std::optional<TimeAccount> mine;
  auto acting = core::trimmed(value(fields, "account_id"));
  if (!acting.empty()) {
    auto found = core::looks_like_id(acting) ? find_account(tx, registry, org, acting) : std::nullopt;
    if (!found || !acts_for(actor, *found)) check.problem("account_id", "deliver.error.not_your_account");
    else mine = found;
  }
  auto other_id = core::trimmed(value(fields, "other_account_id"));
  std::optional<TimeAccount> other;
  if (other_id.empty()) check.problem("other_account_id", "deliver.error.other_required");
  else {
    other = core::looks_like_id(other_id) ? find_account(tx, registry, org, other_id) : std::nullopt;
    bool member = other && (other->group_id ||
                            tx.query_one("SELECT 1 FROM memberships WHERE organisation_id = $1 AND account_id = $2",
                                         {org, *other->person_id}));
    if (!member) check.problem("other_account_id", "deliver.error.unknown_account");
  }
  auto hours = check.hours("hours");
  auto description = check.text("description", kTextLimit, "deliver.error.description_required");
  auto made_on = check.date("made_on");
  if (acting.empty() && other && other->person_id == std::optional(actor.account_id))
    check.problem("other_account_id", "deliver.error.yourself");
  if (mine && other && mine->id == other->id) check.problem("other_account_id", "deliver.error.yourself");
  check.throw_if_any();
  auto initiative = require_initiative(tx, org);
  (void)initiative;
  if (!mine) mine = open_own_account(tx, registry, actor);
  const TimeAccount& payer = direction == "gave" ? *other : *mine;
  const TimeAccount& payee = direction == "gave" ? *mine : *other;
  check_limits(tx, org, payer, payee, hours);  // refused at once when it could never be confirmed now
  auto id = core::new_id();
  tx.execute("INSERT INTO time_exchanges (organisation_id, id, payer_account_id, payee_account_id, hours_x100, "
             "description, made_on, status, proposer_account_id, proposed_by, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8, $9, $10)",
             {org, id, payer.id, payee.id, hours, description, made_on, mine->id,
              actor.signed_in() ? store::Value(actor.account_id) : store::null(), core::now_utc()});
  // The other side hears that it waits for their answer.
  if (other->person_id)
    notify::send_notice(tx, notify::Notice{org, *other->person_id, kNoticeProposed,
                                           {{"name", mine->name}, {"hours", hours_text(hours)}, {"description", description}},
                                           "/time-credits/exchanges/" + id});
  audit::record(tx, actor, "propose", "time_exchange", id, std::nullopt,
                json::object{{"payer_account_id", payer.id}, {"payee_account_id", payee.id}, {"hours_x100", hours},
                             {"made_on", made_on}});
  return id;
}

void confirm(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
             const std::string& exchange_id) {
  const auto& org = actor.organisation_id;
  TimeAccount payer, payee;
  auto first = visible_exchange(tx, registry, actor, exchange_id, &payer, &payee);
  lock_for_movement(tx, org, first.id, payer.id, payee.id);
  auto e = require_exchange(tx, org, exchange_id);  // as it stands once locked
  if (e.status != "proposed")
    throw core::localised(409, "conflict",
                          e.status == "confirmed" ? "deliver.error.already_confirmed" : "deliver.error.not_proposed",
                          "status");
  require_other_side(actor, e, payer, payee);
  check_limits(tx, org, payer, payee, e.hours_x100);
  auto now = core::now_utc();
  write_movements(tx, org, e, now);
  auto contribution = record_contribution(tx, registry, actor, org, e);
  tx.execute("UPDATE time_exchanges SET status = 'confirmed', decided_by = $3, decided_at = $4, contribution_id = $5 "
             "WHERE organisation_id = $1 AND id = $2 AND status = 'proposed'",
             {org, e.id, actor.system ? store::null() : store::Value(actor.account_id), now, contribution});
  auto after = e;
  after.status = "confirmed";
  audit::record(tx, actor, "confirm", "time_exchange", e.id, exchange_json(e), exchange_json(after));
}

void dispute(store::Connection& tx, const core::Principal& actor, const std::string& exchange_id,
             const std::string& reason) {
  const auto& org = actor.organisation_id;
  auto text = core::trimmed(reason);
  if (text.size() > kTextLimit) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"reason", "deliver.error.too_long"}});
  auto e = require_exchange(tx, org, exchange_id);
  if (tx.dialect() == store::Dialect::postgresql)
    tx.query("SELECT id FROM time_exchanges WHERE organisation_id = $1 AND id = $2 FOR UPDATE", {org, e.id});
  e = require_exchange(tx, org, exchange_id);
  // Visibility and side, with the accounts as the registry reads them.
  auto payer = tx.query_one("SELECT person_id, group_id FROM time_accounts WHERE organisation_id = $1 AND id = $2",
                            {org, e.payer_account_id});
  auto payee = tx.query_one("SELECT person_id, group_id FROM time_accounts WHERE organisation_id = $1 AND id = $2",
                            {org, e.payee_account_id});
  TimeAccount pa, pe;
  pa.id = e.payer_account_id;
  pa.person_id = payer->opt_text(0);
  pa.group_id = payer->opt_text(1);
  pe.id = e.payee_account_id;
  pe.person_id = payee->opt_text(0);
  pe.group_id = payee->opt_text(1);
  if (!is_officer(actor) && !acts_for(actor, pa) && !acts_for(actor, pe)) throw core::not_found("Exchange");
  if (e.status != "proposed")
    throw core::localised(409, "conflict",
                          e.status == "confirmed" ? "deliver.error.already_confirmed" : "deliver.error.not_proposed",
                          "status");
  require_other_side(actor, e, pa, pe);
  auto now = core::now_utc();
  tx.execute("UPDATE time_exchanges SET status = 'disputed', decided_by = $3, decided_at = $4, reason = $5 "
             "WHERE organisation_id = $1 AND id = $2",
             {org, e.id, actor.account_id, now, text});
  // The proposer hears of it, with the reason.
  const auto& proposer = e.proposer_account_id == pa.id ? pa : pe;
  const auto& answering_name = e.proposer_account_id == pa.id ? e.payee_name : e.payer_name;
  if (proposer.person_id)
    notify::send_notice(tx, notify::Notice{org, *proposer.person_id, kNoticeDisputed,
                                           {{"name", answering_name}, {"hours", hours_text(e.hours_x100)},
                                            {"description", e.description}, {"reason", text}},
                                           "/time-credits/exchanges/" + e.id});
  auto after = e;
  after.status = "disputed";
  audit::record(tx, actor, "dispute", "time_exchange", e.id, exchange_json(e), exchange_json(after));
}

std::string reverse(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                    const std::string& exchange_id, const std::string& reason) {
  const auto& org = actor.organisation_id;
  if (!is_officer(actor) && !actor.system)
    throw core::localised(403, "forbidden", "deliver.error.officers_reverse", "id");
  auto text = core::trimmed(reason);
  if (text.empty()) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"reason", "deliver.error.reason_required"}});
  if (text.size() > kTextLimit) throw core::ValidationFailed(std::vector<core::FieldProblem>{{"reason", "deliver.error.too_long"}});
  auto original = require_exchange(tx, org, exchange_id);
  auto payer = require_account(tx, registry, org, original.payer_account_id);
  auto payee = require_account(tx, registry, org, original.payee_account_id);
  lock_for_movement(tx, org, original.id, payer.id, payee.id);
  original = require_exchange(tx, org, exchange_id);
  if (original.status != "confirmed")
    throw core::localised(409, "conflict", "deliver.error.only_confirmed_reversed", "status");
  if (original.reverses_id) throw core::localised(409, "conflict", "deliver.error.reversal_not_reversed", "status");
  if (original.reversed_by_id) throw core::localised(409, "conflict", "deliver.error.already_reversed", "status");
  // The other way: the payee pays back.
  check_limits(tx, org, payee, payer, original.hours_x100);
  Exchange reversal = original;
  reversal.id = core::new_id();
  reversal.payer_account_id = original.payee_account_id;
  reversal.payee_account_id = original.payer_account_id;
  reversal.reverses_id = original.id;
  auto now = core::now_utc();
  std::optional<std::string> contribution;
  if (original.contribution_id) {
    map::Ledger ledger(tx, actor, map::Ledger::Mode::for_module);
    contribution = ledger.reverse(*original.contribution_id, text);
  }
  try {
    tx.execute("INSERT INTO time_exchanges (organisation_id, id, payer_account_id, payee_account_id, hours_x100, "
               "description, made_on, status, proposer_account_id, proposed_by, decided_by, decided_at, reason, "
               "reverses_id, contribution_id, created_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $9, $9, $10, $11, $12, $13, $10)",
               {org, reversal.id, reversal.payer_account_id, reversal.payee_account_id, original.hours_x100,
                original.description, original.made_on, reversal.payer_account_id,
                actor.system ? store::null() : store::Value(actor.account_id), now, text, original.id,
                store::maybe(contribution)});
  } catch (const store::DatabaseError& error) {
    if (error.unique_violation())
      throw core::localised(409, "conflict", "deliver.error.already_reversed", "status");
    throw;
  }
  write_movements(tx, org, reversal, now);
  audit::record(tx, actor, "reverse", "time_exchange", original.id, exchange_json(original),
                json::object{{"reversal_id", reversal.id}, {"reason", text}});
  return reversal.id;
}

std::optional<Exchange> find_exchange(store::Connection& c, const std::string& org, const std::string& id) {
  auto row = c.query_one(std::string(kExchangeSelect) + "AND x.id = $2", {org, id});
  if (!row) return std::nullopt;
  return exchange_from(*row);
}

std::vector<Exchange> exchanges_of(store::Connection& c, const std::string& org, const std::string& account_id) {
  std::vector<Exchange> out;
  auto rows = account_id.empty()
                  ? c.query(std::string(kExchangeSelect) + "ORDER BY x.created_at DESC, x.id LIMIT 500", {org})
                  : c.query(std::string(kExchangeSelect) +
                                // Two index lookups: with OR, SQLite scanned the organisation's every exchange.
                                "AND x.id IN (SELECT id FROM time_exchanges WHERE organisation_id = $1 "
                                "  AND payer_account_id = $2 UNION ALL SELECT id FROM time_exchanges "
                                "  WHERE organisation_id = $1 AND payee_account_id = $2) "
                                "ORDER BY x.created_at DESC, x.id LIMIT 500",
                            {org, account_id});
  for (const auto& r : rows) out.push_back(exchange_from(r));
  return out;
}

int confirm_due(store::Database& db, const module::Registry& registry, std::chrono::system_clock::time_point now) {
  auto c = db.acquire();
  std::vector<std::pair<std::string, std::string>> due;
  for (const auto& row :
       c->query("SELECT DISTINCT organisation_id FROM time_exchanges WHERE status = 'proposed' ORDER BY organisation_id")) {
    auto org = row.text(0);
    auto days = registry.setting(*c, org, kAutoConfirmDays);
    auto cutoff = core::iso_utc(now - std::chrono::hours(24 * days));
    for (const auto& x : c->query("SELECT id FROM time_exchanges WHERE organisation_id = $1 AND status = 'proposed' "
                                  "AND created_at <= $2 ORDER BY created_at, id",
                                  {org, cutoff}))
      due.emplace_back(org, x.text(0));
  }
  int confirmed = 0;
  for (const auto& [org, id] : due) {
    try {
      c->transaction([&] { confirm(*c, registry, core::Principal::system_in(org), id); });
      ++confirmed;
    } catch (const core::Error&) {
      // At a limit, or answered meanwhile: it stays as it is.
    }
  }
  return confirmed;
}

}  // namespace coproduce::deliver
