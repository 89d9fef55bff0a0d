// Time credits: a time bank where members give each other hours, kept as a
// double-entry ledger. An exchange moves hours from a payer's account (who
// received help) to a payee's (who gave the time): proposed by one side,
// confirmed by the other or by the platform after the organisation's number
// of days, or disputed (final). Confirming writes two movements that sum to
// zero, after locking both accounts, and is refused when either balance would
// cross its limit. A confirmed exchange is corrected only by a reversal (an
// exchange the other way, confirmed at once, at most one per exchange).
// Confirmed exchanges enter the contribution ledger as hours of mutual help
// by the payee, in the delivering phase, on the time bank's initiative.
//
// Every write runs inside the caller's open transaction, with its audit event.
// Hours are integer hundredths throughout.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/roles.hpp"
#include "deliver/checker.hpp"
#include "http/fields.hpp"
#include "module/registry.hpp"
#include "store/database.hpp"

namespace coproduce::deliver {

inline constexpr std::size_t kTitleLimit = 120;
inline constexpr std::size_t kTextLimit = 1000;
inline constexpr char kSourceType[] = "deliver.exchange";
inline constexpr char kAutoConfirmDays[] = "deliver.auto_confirm_days";
inline constexpr char kLowerLimitHours[] = "deliver.lower_limit_hours";
inline constexpr char kUpperLimitHours[] = "deliver.upper_limit_hours";
inline constexpr char kNoticeProposed[] = "deliver.notice.proposed";
inline constexpr char kNoticeDisputed[] = "deliver.notice.disputed";

struct Limits {
  std::int64_t lower_x100 = 0;  // the lowest balance allowed (zero or below)
  std::int64_t upper_x100 = 0;  // the highest
};

struct TimeAccount {
  std::string id;
  std::optional<std::string> person_id;
  std::optional<std::string> group_id;
  std::string name;  // the person's display name or the group's name
  Limits limits;     // in force: the account's own, else the organisation's
  bool own_limits = false;
};

struct Listing {
  std::string id;
  std::string account_id;
  std::string owner_name;
  std::string kind;  // offer | request
  std::string title;
  std::string description;
  std::int64_t hours_x100 = 0;
  bool active = true;
  std::string created_at;
};

struct Exchange {
  std::string id;
  std::string payer_account_id, payee_account_id;
  std::string payer_name, payee_name;
  std::int64_t hours_x100 = 0;
  std::string description;
  std::string made_on;
  std::string status;  // proposed | confirmed | disputed
  std::string proposer_account_id;
  std::optional<std::string> decided_at;
  std::string reason;
  std::optional<std::string> reverses_id;
  std::optional<std::string> reversed_by_id;  // derived on read
  std::optional<std::string> contribution_id;
  std::string created_at;
};

struct Movement {
  std::string exchange_id;
  std::int64_t amount_x100 = 0;
  std::string made_on;
  std::string description;
  std::string created_at;
};

// A confirmation (or proposal, or reversal) that would take a balance past
// its limit: 409 naming "hours", with what the message needs.
class LimitExceeded : public core::Error {
 public:
  LimitExceeded(bool lower, std::string account_name, std::int64_t limit_x100);
  bool lower() const { return lower_; }
  const std::string& account_name() const { return account_name_; }
  std::int64_t limit_x100() const { return limit_x100_; }

 private:
  bool lower_;
  std::string account_name_;
  std::int64_t limit_x100_;
};

// 150 -> "1.5", -200 -> "-2", 125 -> "1.25" (locale-free).
std::string hours_text(std::int64_t x100);

// ---- accounts ------------------------------------------------------------------
std::optional<TimeAccount> find_account(store::Connection& c, const module::Registry& registry,
                                        const std::string& organisation_id, const std::string& account_id);
std::optional<TimeAccount> account_of_person(store::Connection& c, const module::Registry& registry,
                                             const std::string& organisation_id, const std::string& person_id);
// The actor's own account, opened when they have none.
TimeAccount open_own_account(store::Connection& tx, const module::Registry& registry, const core::Principal& actor);
// A community group's account (officers), opened when it has none; 422 naming
// group_id for a group not in the organisation.
TimeAccount open_group_account(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                               const std::string& group_id);
// Every account of the organisation, by name.
std::vector<TimeAccount> list_accounts(store::Connection& c, const module::Registry& registry,
                                       const std::string& organisation_id);
// An account's own limits (officers); an empty value returns it to the
// organisation's. Fields lower_limit, upper_limit (hours).
void set_limits(store::Connection& tx, const core::Principal& actor, const std::string& account_id,
                const http::Fields& fields);
// The sum of the account's movements.
std::int64_t balance(store::Connection& c, const std::string& organisation_id, const std::string& account_id);
std::vector<Movement> movements_of(store::Connection& c, const std::string& organisation_id,
                                   const std::string& account_id);
// Whether the actor may act for the account: their own, or (officers) a group's.
bool acts_for(const core::Principal& actor, const TimeAccount& account);

// ---- the time bank's initiative ---------------------------------------------------
std::optional<std::string> time_bank_initiative(store::Connection& c, const std::string& organisation_id);
// Officers: 422 naming initiative_id for an initiative not in the organisation.
void choose_initiative(store::Connection& tx, const core::Principal& actor, const std::string& initiative_id);

// ---- offers and requests -------------------------------------------------------------
std::vector<std::string> listing_fields();
// Fields kind, title, description, hours. Opens the actor's account if needed.
std::string add_listing(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                        const http::Fields& fields);
std::vector<Listing> list_listings(store::Connection& c, const std::string& organisation_id, const std::string& kind);
// Withdraws (inactive) one of the actor's own listings.
void withdraw_listing(store::Connection& tx, const core::Principal& actor, const std::string& listing_id);

// ---- exchanges --------------------------------------------------------------------
std::vector<std::string> exchange_fields();
// Fields direction (gave | received), other_account_id, hours, description,
// made_on (YYYY-MM-DD) and, for officers acting for a group, account_id.
// Returns the new exchange's id. Every problem names its field (422).
std::string propose(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                    const http::Fields& fields);
// proposed -> confirmed by the other side (403 for the proposing side, 409
// when no longer proposed, LimitExceeded at a limit). `system` confirmations
// come from confirm_due.
void confirm(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
             const std::string& exchange_id);
// proposed -> disputed by the other side, with an optional reason.
void dispute(store::Connection& tx, const core::Principal& actor, const std::string& exchange_id,
             const std::string& reason);
// Officers: the reversing exchange of a confirmed one (and of its ledger
// entry); returns its id. 409 when not confirmed, a reversal, or reversed.
std::string reverse(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                    const std::string& exchange_id, const std::string& reason);
std::optional<Exchange> find_exchange(store::Connection& c, const std::string& organisation_id,
                                      const std::string& exchange_id);
// The exchanges an account is part of, newest first; or (empty account) all the organisation's.
std::vector<Exchange> exchanges_of(store::Connection& c, const std::string& organisation_id,
                                   const std::string& account_id);

// Confirms every exchange proposed at least the organisation's number of days
// before `now` (each in its own transaction; one at a limit stays proposed).
// Returns how many it confirmed.
int confirm_due(store::Database& db, const module::Registry& registry, std::chrono::system_clock::time_point now);

}  // namespace coproduce::deliver
