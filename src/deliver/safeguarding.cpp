#include "deliver/safeguarding.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "audit/audit.hpp"
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"

namespace coproduce::deliver {
namespace {

namespace json = boost::json;
using core::FieldProblem;

constexpr std::string_view kKinds[] = {"dbs_basic",           "dbs_standard", "dbs_enhanced",
                                       "dbs_enhanced_children", "dbs_enhanced_adults", "dbs_enhanced_both",
                                       "access_ni",           "pvg",          "training"};

void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

std::string value(const http::Fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : core::trimmed(it->second);
}

// Whether a check of kind `held` satisfies a requirement of kind `wanted`.
bool satisfies(std::string_view held, std::string_view wanted) {
  if (held == wanted) return true;
  auto rank = [](std::string_view k) {
    if (k == "dbs_basic") return 1;
    if (k == "dbs_standard") return 2;
    if (k == "dbs_enhanced") return 3;
    if (k == "dbs_enhanced_children" || k == "dbs_enhanced_adults") return 4;
    if (k == "dbs_enhanced_both") return 5;
    return 0;
  };
  int h = rank(held), w = rank(wanted);
  if (h == 0 || w == 0) return false;  // Access NI, PVG and training only by themselves
  if (w == 4) return held == "dbs_enhanced_both";  // the other barred list does not do
  return h > w;
}

std::int64_t setting_value(store::Connection& c, const std::string& org, std::string_view key, std::int64_t fallback,
                           std::int64_t min, std::int64_t max) {
  // organisation_settings belongs to the access module; the same reading as module::Registry::setting.
  auto row = c.query_one("SELECT value FROM organisation_settings WHERE organisation_id = $1 AND key = $2",
                         {org, std::string(key)});
  if (!row || row->is_null(0)) return fallback;
  const auto& text = row->text(0);
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return fallback;
  auto v = std::stoll(text);
  return v < min || v > max ? fallback : v;
}

constexpr const char* kCheckSelect =
    "SELECT c.id, c.person_id, COALESCE(p.display_name, ''), c.kind, c.certificate_sealed, c.issued_on, "
    "c.update_service, c.status_checked_on, c.status_result, s.display_name, c.seen_on, c.created_at, c.seen_by "
    "FROM safeguarding_checks c JOIN accounts p ON p.id = c.person_id "
    "LEFT JOIN accounts s ON s.id = c.seen_by WHERE c.organisation_id = $1 ";

Check check_from(const store::Row& r, const CertificateKey& key, const Policy& policy, std::string_view today) {
  Check k;
  k.id = r.text(0);
  k.person_id = r.text(1);
  k.person_name = r.text(2);
  k.kind = r.text(3);
  k.masked_number = masked(key.open(r.text(4)));
  k.issued_on = r.text(5);
  k.update_service = r.integer(6) != 0;
  k.status_checked_on = r.opt_text(7);
  k.status_result = r.opt_text(8);
  k.seen_by_name = r.opt_text(9);
  k.seen_on = r.opt_text(10);
  k.created_at = r.text(11);
  if (k.seen_on && !k.seen_by_name) k.seen_by_name = std::string();
  k.recheck_on = recheck_date(k.issued_on, k.update_service, k.status_checked_on, k.status_result,
                              policy.recheck_months);
  k.status = status_on(today, k.recheck_on, policy.renewal_days, k.seen_on.has_value(), k.status_result);
  return k;
}

// A date field: required, a real YYYY-MM-DD in the plausible years, not after today.
std::string date_field(const http::Fields& f, const std::string& name, const std::string& required_key,
                       std::vector<FieldProblem>& problems, bool required = true) {
  auto v = value(f, name);
  if (v.empty()) {
    if (required) problems.push_back({name, required_key});
    return v;
  }
  if (v.size() != 10 || !core::is_plausible_date(v)) problems.push_back({name, "deliver.safeguarding.error.date_invalid"});
  else if (v > core::today_utc()) problems.push_back({name, "deliver.safeguarding.error.date_future"});
  return v;
}

json::value check_audit(const std::string& person_id, const std::string& kind) {
  // Never the certificate number, sealed or not.
  return json::object{{"person_id", person_id}, {"kind", kind}};
}

std::optional<std::string> person_of_check(store::Connection& c, const std::string& org, const std::string& id) {
  if (!core::looks_like_id(id)) return std::nullopt;
  auto row = c.query_one("SELECT person_id FROM safeguarding_checks WHERE organisation_id = $1 AND id = $2", {org, id});
  if (!row) return std::nullopt;
  return row->text(0);
}

}  // namespace

// ---- the key -----------------------------------------------------------------------------

const std::array<unsigned char, 32>& CertificateKey::key() const {
  std::call_once(once_, [this] {
    ensure_sodium();
    if (path_.empty()) {
      crypto_secretbox_keygen(key_.data());
      return;
    }
    std::ifstream in(path_, std::ios::binary);
    if (in) {
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (bytes.size() != key_.size())
        throw std::runtime_error("the key file " + path_ + " does not hold 32 bytes");
      std::copy(bytes.begin(), bytes.end(), key_.begin());
      return;
    }
    crypto_secretbox_keygen(key_.data());
    // Created with 0600 from the start (O_EXCL: never over a file another process just made).
    auto old_mask = ::umask(077);
    std::FILE* out = std::fopen(path_.c_str(), "wbx");
    ::umask(old_mask);
    if (!out) {
      // Another process may have created it in between: read theirs.
      std::ifstream again(path_, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
      if (bytes.size() != key_.size()) throw std::runtime_error("cannot create the key file " + path_);
      std::copy(bytes.begin(), bytes.end(), key_.begin());
      return;
    }
    bool written = std::fwrite(key_.data(), 1, key_.size(), out) == key_.size();
    written = std::fflush(out) == 0 && written;
    std::fclose(out);
    ::chmod(path_.c_str(), 0600);
    if (!written) throw std::runtime_error("cannot write the key file " + path_);
  });
  return key_;
}

std::string CertificateKey::seal(std::string_view plain) const {
  const auto& k = key();
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, k.data());
  std::string hex(box.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(box.data()), box.size());
  hex.pop_back();
  return hex;
}

std::string CertificateKey::open(std::string_view sealed) const {
  const auto& k = key();
  std::string box(sealed.size() / 2, '\0');
  std::size_t length = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(), sealed.size(), nullptr,
                     &length, nullptr) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    throw std::runtime_error("a sealed certificate number is damaged");
  box.resize(length);
  const auto* nonce = reinterpret_cast<const unsigned char*>(box.data());
  std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, nonce, k.data()) != 0)
    throw std::runtime_error("a certificate number was sealed with another key");
  return plain;
}

// ---- dates and status ----------------------------------------------------------------------

bool is_check_kind(std::string_view kind) {
  for (auto k : kKinds)
    if (k == kind) return true;
  return false;
}

std::string masked(std::string_view number) {
  std::string tail(number.size() > 4 ? number.substr(number.size() - 4) : number);
  std::string out;
  for (int i = 0; i < 8; ++i) out += "\xE2\x80\xA2";  // •
  return out + tail;
}

std::string add_months(std::string_view iso_date, int months) {
  using namespace std::chrono;
  int y = std::stoi(std::string(iso_date.substr(0, 4)));
  unsigned m = unsigned(std::stoi(std::string(iso_date.substr(5, 2))));
  unsigned d = unsigned(std::stoi(std::string(iso_date.substr(8, 2))));
  year_month ym = year{y} / month{m} + std::chrono::months{months};
  auto end = year_month_day_last(ym.year(), month_day_last(ym.month())).day();
  year_month_day ymd(ym.year(), ym.month(), day{d} > end ? end : day{d});
  char out[16];  // room for any year the compiler can imagine: -Werror=format-truncation
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return out;
}

std::string recheck_date(const std::string& issued_on, bool update_service,
                         const std::optional<std::string>& status_checked_on,
                         const std::optional<std::string>& status_result, std::int64_t recheck_months) {
  std::string base = issued_on;
  if (update_service && status_checked_on && status_result == "clear" && *status_checked_on > base)
    base = *status_checked_on;
  return add_months(base, int(recheck_months));
}

std::string status_on(std::string_view today, const std::string& recheck_on, std::int64_t renewal_days, bool seen,
                      const std::optional<std::string>& status_result) {
  if (status_result == "new_information") return "suspended";
  if (!seen) return "pending";
  if (today >= recheck_on) return "expired";
  if (today >= core::days_before(recheck_on, int(renewal_days))) return "renewal_due";
  return "valid";
}

Policy policy_of(store::Connection& c, const std::string& organisation_id) {
  return {setting_value(c, organisation_id, kRecheckMonths, kDefaultRecheckMonths, 1, 120),
          setting_value(c, organisation_id, kRenewalDays, kDefaultRenewalDays, 1, 365)};
}

bool holds_valid_check(store::Connection& tx, const std::string& organisation_id, const std::string& person_id,
                       std::string_view kind, std::string_view today) {
  if (!is_check_kind(kind)) return false;
  auto policy = policy_of(tx, organisation_id);
  for (const auto& r : tx.query("SELECT kind, issued_on, update_service, status_checked_on, status_result, seen_on "
                                "FROM safeguarding_checks WHERE organisation_id = $1 AND person_id = $2",
                                {organisation_id, person_id})) {
    if (!satisfies(r.text(0), kind)) continue;
    auto recheck = recheck_date(r.text(1), r.integer(2) != 0, r.opt_text(3), r.opt_text(4), policy.recheck_months);
    auto status = status_on(today, recheck, policy.renewal_days, !r.is_null(5), r.opt_text(4));
    if (status == "valid" || status == "renewal_due") return true;
  }
  return false;
}

// ---- the designation ------------------------------------------------------------------------

bool is_lead(store::Connection& c, const std::string& organisation_id, const std::string& account_id) {
  if (account_id.empty()) return false;
  return c
      .query_one("SELECT 1 FROM safeguarding_leads l JOIN memberships m ON m.organisation_id = l.organisation_id "
                 "AND m.account_id = l.account_id WHERE l.organisation_id = $1 AND l.account_id = $2 "
                 "AND m.role IN ('officer', 'professional')",
                 {organisation_id, account_id})
      .has_value();
}

void require_lead(store::Connection& c, const core::Principal& actor) {
  if (!is_lead(c, actor.organisation_id, actor.account_id))
    throw core::localised(403, "forbidden", "deliver.safeguarding.error.not_lead");
}

std::vector<Lead> list_leads(store::Connection& c, const std::string& organisation_id) {
  std::vector<Lead> out;
  for (const auto& r : c.query("SELECT l.account_id, a.display_name, COALESCE(m.role, ''), l.granted_at "
                               "FROM safeguarding_leads l JOIN accounts a ON a.id = l.account_id "
                               "LEFT JOIN memberships m ON m.organisation_id = l.organisation_id "
                               "AND m.account_id = l.account_id WHERE l.organisation_id = $1 "
                               "ORDER BY a.display_name, l.account_id",
                               {organisation_id}))
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3)});
  return out;
}

void grant_lead(store::Connection& tx, const core::Principal& actor, const http::Fields& fields) {
  auto id = value(fields, "account_id");
  if (id.empty())
    throw core::ValidationFailed(std::vector<FieldProblem>{{"account_id", "deliver.safeguarding.error.lead_required"}});
  auto member = core::looks_like_id(id)
                    ? tx.query_one("SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2",
                                   {actor.organisation_id, id})
                    : std::nullopt;
  if (!member || (member->text(0) != "officer" && member->text(0) != "professional"))
    throw core::ValidationFailed(std::vector<FieldProblem>{{"account_id", "deliver.safeguarding.error.lead_role"}});
  if (tx.query_one("SELECT 1 FROM safeguarding_leads WHERE organisation_id = $1 AND account_id = $2",
                   {actor.organisation_id, id}))
    return;  // already a lead: nothing to change
  tx.execute("INSERT INTO safeguarding_leads (organisation_id, account_id, granted_by, granted_at) "
             "VALUES ($1, $2, $3, $4)",
             {actor.organisation_id, id, actor.account_id, core::now_utc()});
  audit::record(tx, actor, "grant", "safeguarding_lead", id, std::nullopt, json::object{{"account_id", id}});
}

void remove_lead(store::Connection& tx, const core::Principal& actor, const std::string& account_id) {
  if (!core::looks_like_id(account_id) ||
      tx.execute("DELETE FROM safeguarding_leads WHERE organisation_id = $1 AND account_id = $2",
                 {actor.organisation_id, account_id}) == 0)
    throw core::not_found("Safeguarding lead");
  audit::record(tx, actor, "remove", "safeguarding_lead", account_id, json::object{{"account_id", account_id}},
                std::nullopt);
}

// ---- checks ---------------------------------------------------------------------------------

std::vector<std::string> check_fields() {
  return {"person_id", "kind", "certificate_number", "issued_on", "update_service", "seen_on"};
}
std::vector<std::string> status_check_fields() { return {"checked_on", "result"}; }

std::string member_name(store::Connection& c, const std::string& organisation_id, const std::string& person_id) {
  auto row = core::looks_like_id(person_id)
                 ? c.query_one("SELECT a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id "
                               "WHERE m.organisation_id = $1 AND m.account_id = $2",
                               {organisation_id, person_id})
                 : std::nullopt;
  if (!row) throw core::not_found("Person");
  return row->text(0);
}

std::string record_check(store::Connection& tx, const CertificateKey& key, const core::Principal& actor,
                         const http::Fields& fields) {
  std::vector<FieldProblem> problems;
  const auto& org = actor.organisation_id;
  auto person = value(fields, "person_id");
  if (person.empty()) problems.push_back({"person_id", "deliver.safeguarding.error.person_required"});
  else if (!core::looks_like_id(person) ||
           !tx.query_one("SELECT 1 FROM memberships WHERE organisation_id = $1 AND account_id = $2", {org, person}))
    problems.push_back({"person_id", "deliver.safeguarding.error.person_unknown"});
  auto kind = value(fields, "kind");
  if (!is_check_kind(kind)) problems.push_back({"kind", "deliver.safeguarding.error.kind_required"});
  auto number = value(fields, "certificate_number");
  if (number.empty()) {
    problems.push_back({"certificate_number", "deliver.safeguarding.error.number_required"});
  } else if (number.size() < 4 || number.size() > kCertificateLimit ||
             number.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789- ") !=
                 std::string::npos) {
    problems.push_back({"certificate_number", "deliver.safeguarding.error.number_invalid"});
  }
  auto issued = date_field(fields, "issued_on", "deliver.safeguarding.error.issued_required", problems);
  auto update = value(fields, "update_service");
  if (update != "yes" && update != "no")
    problems.push_back({"update_service", "deliver.safeguarding.error.update_service_required"});
  auto seen = date_field(fields, "seen_on", "", problems, false);
  bool issued_ok = !issued.empty() && std::none_of(problems.begin(), problems.end(),
                                                   [](const auto& p) { return p.field == "issued_on"; });
  if (!seen.empty() && issued_ok && seen < issued &&
      std::none_of(problems.begin(), problems.end(), [](const auto& p) { return p.field == "seen_on"; }))
    problems.push_back({"seen_on", "deliver.safeguarding.error.seen_before_issue"});
  if (!problems.empty()) throw core::ValidationFailed(problems);

  auto id = core::new_id();
  auto now = core::now_utc();
  tx.execute("INSERT INTO safeguarding_checks (organisation_id, id, person_id, kind, certificate_sealed, issued_on, "
             "update_service, seen_by, seen_on, recorded_by, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
             {org, id, person, kind, key.seal(number), issued, std::int64_t(update == "yes" ? 1 : 0),
              seen.empty() ? store::null() : store::Value(actor.account_id),
              seen.empty() ? store::null() : store::Value(seen), actor.account_id, now});
  auto after = check_audit(person, kind);
  after.as_object()["issued_on"] = issued;
  after.as_object()["update_service"] = update == "yes";
  after.as_object()["seen_on"] = seen.empty() ? json::value() : json::value(seen);
  audit::record(tx, actor, "create", "safeguarding_check", id, std::nullopt, after);
  return id;
}

void record_status_check(store::Connection& tx, const core::Principal& actor, const std::string& check_id,
                         const http::Fields& fields) {
  const auto& org = actor.organisation_id;
  auto person = person_of_check(tx, org, check_id);
  if (!person) throw core::not_found("Check");
  std::vector<FieldProblem> problems;
  auto on = date_field(fields, "checked_on", "deliver.safeguarding.error.checked_on_required", problems);
  auto result = value(fields, "result");
  if (result != "clear" && result != "new_information")
    problems.push_back({"result", "deliver.safeguarding.error.result_required"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  auto before = tx.query_one("SELECT status_checked_on, status_result FROM safeguarding_checks "
                             "WHERE organisation_id = $1 AND id = $2",
                             {org, check_id});
  tx.execute("UPDATE safeguarding_checks SET status_checked_on = $3, status_result = $4, status_checked_by = $5 "
             "WHERE organisation_id = $1 AND id = $2",
             {org, check_id, on, result, actor.account_id});
  audit::record(tx, actor, "status_check", "safeguarding_check", check_id,
                json::object{{"checked_on", before->is_null(0) ? json::value() : json::value(before->text(0))},
                             {"result", before->is_null(1) ? json::value() : json::value(before->text(1))}},
                json::object{{"person_id", *person}, {"checked_on", on}, {"result", result}});
}

void record_seen(store::Connection& tx, const core::Principal& actor, const std::string& check_id,
                 const http::Fields& fields) {
  const auto& org = actor.organisation_id;
  auto person = person_of_check(tx, org, check_id);
  if (!person) throw core::not_found("Check");
  std::vector<FieldProblem> problems;
  auto on = date_field(fields, "seen_on", "deliver.safeguarding.error.seen_required", problems);
  auto issued = tx.query_one("SELECT issued_on FROM safeguarding_checks WHERE organisation_id = $1 AND id = $2",
                             {org, check_id})
                    ->text(0);
  if (problems.empty() && on < issued) problems.push_back({"seen_on", "deliver.safeguarding.error.seen_before_issue"});
  if (!problems.empty()) throw core::ValidationFailed(problems);
  tx.execute("UPDATE safeguarding_checks SET seen_by = $3, seen_on = $4 WHERE organisation_id = $1 AND id = $2",
             {org, check_id, actor.account_id, on});
  audit::record(tx, actor, "seen", "safeguarding_check", check_id, std::nullopt,
                json::object{{"person_id", *person}, {"seen_on", on}});
}

std::optional<Check> find_check(store::Connection& c, const CertificateKey& key, const std::string& organisation_id,
                                const std::string& check_id, std::string_view today) {
  if (!core::looks_like_id(check_id)) return std::nullopt;
  auto row = c.query_one(std::string(kCheckSelect) + "AND c.id = $2", {organisation_id, check_id});
  if (!row) return std::nullopt;
  return check_from(*row, key, policy_of(c, organisation_id), today);
}

std::vector<Check> checks_of(store::Connection& c, const CertificateKey& key, const std::string& organisation_id,
                             const std::string& person_id, std::string_view today) {
  auto policy = policy_of(c, organisation_id);
  std::vector<Check> out;
  auto rows = person_id.empty()
                  ? c.query(std::string(kCheckSelect) + "ORDER BY p.display_name, c.person_id, c.kind, c.issued_on",
                            {organisation_id})
                  : c.query(std::string(kCheckSelect) + "AND c.person_id = $2 ORDER BY c.kind, c.issued_on",
                            {organisation_id, person_id});
  for (const auto& r : rows) out.push_back(check_from(r, key, policy, today));
  return out;
}

std::vector<Check> falling_due(store::Connection& c, const CertificateKey& key, const std::string& organisation_id,
                               int days, std::string_view today) {
  auto horizon = core::days_before(today, -days);
  std::vector<Check> out;
  for (auto& k : checks_of(c, key, organisation_id, "", today)) {
    if (k.status == "pending" || k.status == "suspended") continue;
    if (k.status == "expired" || k.recheck_on <= horizon) out.push_back(std::move(k));
  }
  std::stable_sort(out.begin(), out.end(), [](const Check& a, const Check& b) { return a.recheck_on < b.recheck_on; });
  return out;
}

int report_days(const std::string& text) {
  if (text.empty()) return 60;
  if (text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(text) < 1 || std::stoi(text) > kMaxReportDays)
    throw core::ValidationFailed(std::vector<FieldProblem>{{"days", "deliver.safeguarding.error.days_range"}});
  return std::stoi(text);
}

void log_view(store::Connection& c, const core::Principal& actor, std::string_view what, const std::string& person_id) {
  c.execute("INSERT INTO safeguarding_views (organisation_id, id, viewer_id, person_id, what, viewed_at) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            {actor.organisation_id, core::new_id(), actor.account_id,
             person_id.empty() ? store::null() : store::Value(person_id), std::string(what), core::now_utc()});
}

}  // namespace coproduce::deliver
