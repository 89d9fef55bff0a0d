// The audit trail: who changed what, when, with the record before and after.
// record() runs inside the caller's transaction, so a change and its audit
// event are committed or rolled back together.
#pragma once

#include <boost/json/value.hpp>
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

struct Filter {
  std::string entity_type;  // empty: any
  std::string entity_id;    // empty: any
  int limit = 100;          // clamped to 1..kMaxListLimit
};
inline constexpr int kMaxListLimit = 500;

// The organisation's events, newest first.
std::vector<AuditEvent> list(store::Connection& connection, std::string_view organisation_id,
                             const Filter& filter);

// A copy of `value` without fields whose names mark a secret, at any depth.
boost::json::value without_secrets(const boost::json::value& value);

boost::json::value to_json(const AuditEvent& event);

}  // namespace coproduce::audit
