// Audit trail storage: writing events inside the caller's transaction, and
// listing, counting and exporting (CSV) them for an organisation's officers.
#include "audit/audit.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/csv.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
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

namespace {

// Every filter in one statement: an empty parameter matches everything. `to`
// includes its whole day, so it becomes "before the next day" ($6).
constexpr std::string_view kFiltered =
    " FROM audit_events WHERE organisation_id = $1 "
    "AND ($2 = '' OR entity_type = $2) AND ($3 = '' OR entity_id = $3) "
    "AND ($4 = '' OR actor_account_id = $4) AND ($5 = '' OR at >= $5) AND ($6 = '' OR at < $6)";

std::vector<store::Value> filter_params(std::string_view organisation_id, const Filter& filter) {
  if (!filter.from.empty() && !core::is_iso_date(filter.from))
    throw core::invalid("from", "from must be a date written YYYY-MM-DD");
  if (!filter.to.empty() && !core::is_iso_date(filter.to))
    throw core::invalid("to", "to must be a date written YYYY-MM-DD");
  return {std::string(organisation_id), filter.entity_type, filter.entity_id,
          filter.actor_account_id, filter.from,
          filter.to.empty() ? std::string() : core::days_before(filter.to, -1)};
}

}  // namespace

std::vector<AuditEvent> list(store::Connection& connection, std::string_view organisation_id,
                             const Filter& filter) {
  return list_up_to(connection, organisation_id, filter, std::clamp(filter.limit, 1, kMaxListLimit));
}

std::vector<AuditEvent> list_up_to(store::Connection& connection, std::string_view organisation_id,
                                   const Filter& filter, int max_rows) {
  auto params = filter_params(organisation_id, filter);
  params.emplace_back(static_cast<std::int64_t>(std::max(max_rows, 1)));
  params.emplace_back(static_cast<std::int64_t>(std::max(filter.offset, 0)));
  auto rows = connection.query(
      "SELECT organisation_id, id, at, actor_account_id, action, entity_type, entity_id, "
      "before_json, after_json" + std::string(kFiltered) + " ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8",
      params);
  std::vector<AuditEvent> events;
  events.reserve(rows.size());
  for (const auto& row : rows) {
    events.push_back(AuditEvent{row.text(0), row.text(1), row.text(2), row.opt_text(3), row.text(4),
                                row.text(5), row.text(6), parse_column(row.opt_text(7)),
                                parse_column(row.opt_text(8))});
  }
  return events;
}

std::int64_t count(store::Connection& connection, std::string_view organisation_id,
                   const Filter& filter) {
  auto row = connection.query_one("SELECT COUNT(*)" + std::string(kFiltered),
                                  filter_params(organisation_id, filter));
  return row ? row->integer(0) : 0;
}

std::vector<std::string> entity_types(store::Connection& connection,
                                      std::string_view organisation_id) {
  std::vector<std::string> types;
  for (const auto& row : connection.query(
           "SELECT DISTINCT entity_type FROM audit_events WHERE organisation_id = $1 ORDER BY entity_type",
           {std::string(organisation_id)}))
    types.push_back(row.text(0));
  return types;
}

std::string to_csv(const std::vector<AuditEvent>& events,
                   const std::function<std::string(const AuditEvent&)>& actor_name) {
  std::string out = core::csv_row(
      {"at", "actor_account_id", "actor", "action", "entity_type", "entity_id", "before", "after"});
  auto json_text = [](const std::optional<boost::json::value>& v) {
    return v ? boost::json::serialize(*v) : std::string();
  };
  for (const auto& e : events) {
    auto before = json_text(e.before), after = json_text(e.after);
    auto actor = actor_name(e);
    out += core::csv_row({e.at, e.actor_account_id.value_or(""), actor, e.action, e.entity_type,
                          e.entity_id, before, after});
  }
  return out;
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
