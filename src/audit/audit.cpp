// Audit trail storage: writing events inside the caller's transaction and
// listing them for an organisation's officers.
#include "audit/audit.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/ids.hpp"

namespace coproduce::audit {
namespace {

// Substrings of a field name that mark a secret ("password_hash", "csrf_secret", "token").
constexpr std::array<std::string_view, 4> kSecretMarkers = {"password", "secret", "token", "hash"};

bool names_secret(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kSecretMarkers.begin(), kSecretMarkers.end(),
                     [&](std::string_view m) { return lower.find(m) != std::string::npos; });
}

// Microseconds, strictly increasing within the process, so the events of one
// request (and of quick successive ones) list in the order they were written.
std::string now_ordered() {
  static std::atomic<std::int64_t> last{0};
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::int64_t previous = last.load();
  std::int64_t micros;
  do {
    micros = std::max<std::int64_t>(now, previous + 1);
  } while (!last.compare_exchange_weak(previous, micros));
  std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[48];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%06dZ", static_cast<int>(micros % 1'000'000));
  return buf;
}

store::Value json_column(const std::optional<boost::json::value>& value) {
  if (!value) return store::null();
  return boost::json::serialize(without_secrets(*value));
}

std::optional<boost::json::value> parse_column(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  boost::json::error_code ec;
  auto value = boost::json::parse(*text, ec);
  if (ec) return boost::json::value(*text);  // keep unreadable history visible rather than lose it
  return value;
}

}  // namespace

boost::json::value without_secrets(const boost::json::value& value) {
  if (const auto* object = value.if_object()) {
    boost::json::object clean;
    for (const auto& [key, field] : *object)
      if (!names_secret(key)) clean[key] = without_secrets(field);
    return clean;
  }
  if (const auto* array = value.if_array()) {
    boost::json::array clean;
    for (const auto& element : *array) clean.push_back(without_secrets(element));
    return clean;
  }
  return value;
}

void record(store::Connection& tx, const core::Principal& actor, std::string_view action,
            std::string_view entity_type, std::string_view entity_id,
            const std::optional<boost::json::value>& before,
            const std::optional<boost::json::value>& after) {
  tx.execute(
      "INSERT INTO audit_events (organisation_id, id, at, actor_account_id, action, entity_type, "
      "entity_id, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {actor.organisation_id, core::new_id(), now_ordered(),
       actor.signed_in() ? store::Value(actor.account_id) : store::null(), std::string(action),
       std::string(entity_type), std::string(entity_id), json_column(before), json_column(after)});
}

std::vector<AuditEvent> list(store::Connection& connection, std::string_view organisation_id,
                             const Filter& filter) {
  int limit = std::clamp(filter.limit, 1, kMaxListLimit);
  // Empty filters match everything, so one statement serves every combination.
  auto rows = connection.query(
      "SELECT organisation_id, id, at, actor_account_id, action, entity_type, entity_id, "
      "before_json, after_json FROM audit_events WHERE organisation_id = $1 "
      "AND ($2 = '' OR entity_type = $2) AND ($3 = '' OR entity_id = $3) "
      "ORDER BY at DESC, id DESC LIMIT $4",
      {std::string(organisation_id), filter.entity_type, filter.entity_id,
       static_cast<std::int64_t>(limit)});
  std::vector<AuditEvent> events;
  events.reserve(rows.size());
  for (const auto& row : rows) {
    events.push_back(AuditEvent{row.text(0), row.text(1), row.text(2), row.opt_text(3), row.text(4),
                                row.text(5), row.text(6), parse_column(row.opt_text(7)),
                                parse_column(row.opt_text(8))});
  }
  return events;
}

boost::json::value to_json(const AuditEvent& event) {
  boost::json::object out;
  out["id"] = event.id;
  out["at"] = event.at;
  out["actor_account_id"] =
      event.actor_account_id ? boost::json::value(*event.actor_account_id) : nullptr;
  out["action"] = event.action;
  out["entity_type"] = event.entity_type;
  out["entity_id"] = event.entity_id;
  out["before"] = event.before ? *event.before : nullptr;
  out["after"] = event.after ? *event.after : nullptr;
  return out;
}

}  // namespace coproduce::audit
