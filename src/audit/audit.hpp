// The audit trail: who changed what, when, with the record before and after.
// record() runs inside the caller's transaction, so a change and its audit
// event are committed or rolled back together.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::audit {

struct AuditEvent {
  std::string organisation_id;  // "" for deployment-wide events (new accounts, organisations)
  std::string id;
  std::string at;  // ISO-8601 UTC with microseconds, increasing within a process
  std::optional<std::string> actor_account_id;  // nullopt: the system or the demo loader
  std::string action;                           // "create", "update", "delete", "login", ...
  std::string entity_type;
  std::string entity_id;
  std::optional<boost::json::value> before;
  std::optional<boost::json::value> after;
};

// Writes one event in the actor's organisation. Fields that name secrets
// (passwords, hashes, tokens, secrets) are removed from before/after first.
void record(store::Connection& tx, const core::Principal& actor, std::string_view action,
            std::string_view entity_type, std::string_view entity_id,
            const std::optional<boost::json::value>& before,
            const std::optional<boost::json::value>& after);

// Which events to list. Empty texts match everything; dates are YYYY-MM-DD
// (UTC days, both ends included), checked by the caller (core::is_iso_date).
struct Filter {
  std::string entity_type;         // empty: any
  std::string entity_id;           // empty: any
  int limit = 100;                 // clamped to 1..kMaxListLimit
  std::string actor_account_id{};  // empty: anyone (the platform included)
  std::string from{};              // empty: since the beginning
  std::string to{};                // empty: up to now
  int offset = 0;                  // events to skip (paging); negative counts as 0
};
inline constexpr int kMaxListLimit = 500;

// The organisation's events, newest first.
std::vector<AuditEvent> list(store::Connection& connection, std::string_view organisation_id,
                             const Filter& filter);
// Like list, but up to `max_rows` events from filter.offset whatever filter.limit
// says: for downloads, which ask for one more than they allow to know there are more.
std::vector<AuditEvent> list_up_to(store::Connection& connection, std::string_view organisation_id,
                                   const Filter& filter, int max_rows);
// How many of the organisation's events the filter matches (limit and offset ignored).
std::int64_t count(store::Connection& connection, std::string_view organisation_id,
                   const Filter& filter);
// The kinds of record the organisation's trail has events about, sorted.
std::vector<std::string> entity_types(store::Connection& connection,
                                      std::string_view organisation_id);

// The events as CSV (core/csv.hpp), in the order given: a header row, then
// at, actor_account_id, actor (as `actor_name` says it), action, entity_type,
// entity_id, before and after (JSON text, secrets already removed).
std::string to_csv(const std::vector<AuditEvent>& events,
                   const std::function<std::string(const AuditEvent&)>& actor_name);

// A copy of `value` without fields whose names mark a secret, at any depth.
boost::json::value without_secrets(const boost::json::value& value);

boost::json::value to_json(const AuditEvent& event);

}  // namespace coproduce::audit
