// Safeguarding checks: a register, per person of the organisation, of the
// checks they hold (DBS at each level, Access NI, PVG, training). The
// certificate number is stored encrypted and only ever shown masked; no other
// content of a certificate is kept. Each check's recheck date comes from the
// organisation's policy (certificates carry no expiry), and its status is
// derived on read: pending (the original not yet seen) -> valid ->
// renewal_due (inside the window before the recheck date) -> expired; a
// status check that found new information -> suspended.
//
// Only people holding the safeguarding lead designation see or change the
// register; an officer grants and removes the designation. Every view of the
// register or of a person's checks is logged.
//
// Every write runs inside the caller's open transaction, with its audit event.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/roles.hpp"
#include "http/fields.hpp"
#include "module/registry.hpp"
#include "store/database.hpp"

namespace coproduce::deliver {

// Check kinds, as stored and in the API:
// dbs_basic, dbs_standard, dbs_enhanced, dbs_enhanced_children,
// dbs_enhanced_adults, dbs_enhanced_both, access_ni, pvg, training
bool is_check_kind(std::string_view kind);

// True when the person holds a check of this kind whose status on `today`
// (YYYY-MM-DD) is valid or renewal_due. An enhanced check with both barred
// lists also satisfies dbs_enhanced_children, dbs_enhanced_adults and
// dbs_enhanced; a higher DBS level satisfies a lower one. An unknown kind is
// never held. (The store has no separate transaction type: pass the open
// transaction's connection.)
bool holds_valid_check(store::Connection& tx, const std::string& organisation_id, const std::string& person_id,
                       std::string_view kind, std::string_view today);

// ---- the rest of the register ------------------------------------------------------

inline constexpr char kRecheckMonths[] = "deliver.safeguarding.recheck_months";
inline constexpr char kRenewalDays[] = "deliver.safeguarding.renewal_days";
inline constexpr std::int64_t kDefaultRecheckMonths = 36;
inline constexpr std::int64_t kDefaultRenewalDays = 60;
inline constexpr std::size_t kCertificateLimit = 40;
inline constexpr int kMaxReportDays = 730;

// The secret key that seals certificate numbers (libsodium secretbox): 32
// bytes read from a file, which is created (mode 0600, random) on first use
// when missing. An empty path keeps a random key in memory (tests; data in a
// database that does not outlive the process).
class CertificateKey {
 public:
  explicit CertificateKey(std::string path) : path_(std::move(path)) {}
  // hex(nonce || ciphertext); a new random nonce every time.
  std::string seal(std::string_view plain) const;
  // The plain text; throws std::runtime_error when the text was not sealed with this key.
  std::string open(std::string_view sealed) const;
  const std::string& path() const { return path_; }

 private:
  const std::array<unsigned char, 32>& key() const;
  std::string path_;
  mutable std::once_flag once_;
  mutable std::array<unsigned char, 32> key_{};
};

// The policy in force for an organisation.
struct Policy {
  std::int64_t recheck_months = kDefaultRecheckMonths;
  std::int64_t renewal_days = kDefaultRenewalDays;
};
Policy policy_of(store::Connection& c, const std::string& organisation_id);

struct Check {
  std::string id;
  std::string person_id;
  std::string person_name;
  std::string kind;
  std::string masked_number;  // "••••••••1234"
  std::string issued_on;
  bool update_service = false;
  std::optional<std::string> status_checked_on;
  std::optional<std::string> status_result;  // clear | new_information
  std::optional<std::string> seen_by_name;
  std::optional<std::string> seen_on;
  std::string recheck_on;  // from the policy
  std::string status;      // pending | valid | renewal_due | expired | suspended (on the day read)
  std::string created_at;
};

// "AB12345678" -> "••••••••5678" (bullets for all but the last 4 characters, at least 4 bullets).
std::string masked(std::string_view number);
// The date `months` months after a YYYY-MM-DD date (the last day of the month when it has no such day).
std::string add_months(std::string_view iso_date, int months);
// The status on `today` of a check with these facts.
std::string status_on(std::string_view today, const std::string& recheck_on, std::int64_t renewal_days,
                      bool seen, const std::optional<std::string>& status_result);
// The date the check is due for a recheck: `recheck_months` after the issue
// date or, with the Update Service, after the latest clear status check.
std::string recheck_date(const std::string& issued_on, bool update_service,
                         const std::optional<std::string>& status_checked_on,
                         const std::optional<std::string>& status_result, std::int64_t recheck_months);

// ---- the designation ---------------------------------------------------------------
bool is_lead(store::Connection& c, const std::string& organisation_id, const std::string& account_id);
// 403 (deliver.safeguarding.error.not_lead) unless the actor is a lead.
void require_lead(store::Connection& c, const core::Principal& actor);
struct Lead {
  std::string account_id, name, role, granted_at;
};
std::vector<Lead> list_leads(store::Connection& c, const std::string& organisation_id);
// Officers: field account_id, an officer or professional of the organisation (422 naming it).
void grant_lead(store::Connection& tx, const core::Principal& actor, const http::Fields& fields);
void remove_lead(store::Connection& tx, const core::Principal& actor, const std::string& account_id);

// ---- checks (leads only: the callers check require_lead) --------------------------------
std::vector<std::string> check_fields();
// Fields person_id, kind, certificate_number, issued_on, update_service (yes | no), seen_on
// (optional: the actor saw the original that day). Returns the new check's id.
std::string record_check(store::Connection& tx, const CertificateKey& key, const core::Principal& actor,
                         const http::Fields& fields);
std::vector<std::string> status_check_fields();
// Fields checked_on, result (clear | new_information).
void record_status_check(store::Connection& tx, const core::Principal& actor, const std::string& check_id,
                         const http::Fields& fields);
// Field seen_on: the actor saw the original certificate that day.
void record_seen(store::Connection& tx, const core::Principal& actor, const std::string& check_id,
                 const http::Fields& fields);
std::optional<Check> find_check(store::Connection& c, const CertificateKey& key, const std::string& organisation_id,
                                const std::string& check_id, std::string_view today);
// One person's checks, or (empty person) the whole register, by person then kind.
std::vector<Check> checks_of(store::Connection& c, const CertificateKey& key, const std::string& organisation_id,
                             const std::string& person_id, std::string_view today);
// The checks falling due: renewal_due or expired by today + days (pending and
// suspended left out), soonest first.
std::vector<Check> falling_due(store::Connection& c, const CertificateKey& key, const std::string& organisation_id,
                               int days, std::string_view today);
// 422 naming "days" unless 1..730; "" means 60.
int report_days(const std::string& text);
// The person's display name when they are a member of the organisation, else 404.
std::string member_name(store::Connection& c, const std::string& organisation_id, const std::string& person_id);

// Logs one view (what: register | person | report) in the actor's organisation.
void log_view(store::Connection& c, const core::Principal& actor, std::string_view what,
              const std::string& person_id = "");

}  // namespace coproduce::deliver

namespace coproduce::module { class Loader; }
namespace coproduce::deliver {
// Who may reach the register's routes (the handlers then require the
// designation), and who grants the designation.
inline constexpr char kSafeguardingPermission[] = "deliver.safeguarding";
inline constexpr char kLeadsPermission[] = "deliver.safeguarding_leads";
// The routes, pages, settings and hooks of safeguarding (safeguarding_routes.cpp).
void declare_safeguarding(module::Loader& l);
// Its pages (safeguarding_pages.cpp).
void add_safeguarding_pages(module::Loader& l, std::shared_ptr<const CertificateKey> key);

}  // namespace coproduce::deliver
