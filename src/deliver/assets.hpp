// Community assets: what the community manages or lends (a hall, a minibus, a
// garden), each with a steward and a status (listed, requested, leased,
// transferred); bookings of them, within one day, with clashes refused; and
// donated goods. A free, confirmed booking for an initiative and a donation
// are in-kind contributions on the map, valued in money where a value is
// given. See docs/community-assets.md for the rules.
//
// Every write runs inside the caller's open transaction, with its audit event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "http/fields.hpp"
#include "module/registry.hpp"
#include "store/database.hpp"

namespace coproduce::deliver {

inline constexpr char kBookingSource[] = "deliver.booking";
inline constexpr char kDonationSource[] = "deliver.donation";
inline constexpr char kAssetsPermission[] = "deliver.assets";              // see and book assets, record gifts
inline constexpr char kAssetsManagePermission[] = "deliver.assets.manage";  // add assets, name stewards

inline constexpr const char* kAssetKinds[] = {"building", "vehicle", "land", "equipment", "other"};
inline constexpr const char* kAssetStatuses[] = {"listed", "requested", "leased", "transferred"};

struct Asset {
  std::string id;
  std::string name;
  std::string description;
  std::string kind;
  std::string steward_id;
  std::string steward_name;
  std::optional<std::string> group_id;
  std::string group_name;
  std::string status;
  std::optional<std::int64_t> hourly_value_minor;
  std::string created_at;
};

struct Booking {
  std::string id;
  std::string asset_id;
  std::optional<std::string> booked_by;
  std::string booked_by_name;
  std::optional<std::string> initiative_id;
  std::string initiative_name;
  std::string purpose;
  std::string starts_at;  // YYYY-MM-DDTHH:MM, local
  std::string ends_at;
  std::string status;  // requested | confirmed | cancelled
  std::int64_t charge_minor = 0;
  std::optional<std::string> contribution_id;
  std::string reason;
  std::string created_at;
};

struct Donation {
  std::string id;
  std::string initiative_id;
  std::string initiative_name;
  std::string donor_name;
  std::string description;
  std::optional<std::int64_t> value_minor;
  std::string made_on;
  std::string contribution_id;
  std::string created_at;
};

// ---- assets ----------------------------------------------------------------------
std::vector<std::string> asset_fields();
// Officers. Fields name, description, kind, steward_id (a member), group_id
// (optional), hourly_value (money, optional). Returns the new asset's id, listed.
std::string add_asset(store::Connection& tx, const core::Principal& actor, const http::Fields& fields);
std::optional<Asset> find_asset(store::Connection& c, const std::string& organisation_id, const std::string& id);
std::vector<Asset> list_assets(store::Connection& c, const std::string& organisation_id);
// The steward or an officer: a move along listed -> requested -> leased ->
// transferred (requested and leased may return to listed); the reason is
// required, and audited with the move.
void change_asset_status(store::Connection& tx, const core::Principal& actor, const std::string& asset_id,
                         const std::string& status, const std::string& reason);
// Whether the actor answers for the asset: its steward, or an officer.
bool stewards(const core::Principal& actor, const Asset& asset);

// ---- bookings --------------------------------------------------------------------
std::vector<std::string> booking_fields();
// Members. Fields on (YYYY-MM-DD, today or later), starts and ends (HH:MM, 24
// hours, the end after the start), purpose, initiative_id (optional: what the
// booking serves). The steward's and officers' bookings are confirmed at once,
// others' requested. A clash with a requested or confirmed booking is refused
// (409 naming "starts"). Returns the booking's id.
std::string book(store::Connection& tx, const module::Registry& registry, const core::Principal& actor,
                 const std::string& asset_id, const http::Fields& fields);
// The steward or an officer: requested -> confirmed, with an optional charge
// (money); a free booking for an initiative becomes an in-kind contribution
// on its day.
void confirm_booking(store::Connection& tx, const core::Principal& actor, const std::string& booking_id,
                     const std::string& charge);
// The booker, the steward or an officer: requested or confirmed -> cancelled,
// reversing its contribution. A reason is required from the steward or an
// officer cancelling someone else's booking (the booker sees it).
void cancel_booking(store::Connection& tx, const core::Principal& actor, const std::string& booking_id,
                    const std::string& reason);
std::optional<Booking> find_booking(store::Connection& c, const std::string& organisation_id, const std::string& id);
// The asset's bookings from `from` (a YYYY-MM-DD day) on, not cancelled, by time.
std::vector<Booking> bookings_of(store::Connection& c, const std::string& organisation_id,
                                 const std::string& asset_id, const std::string& from);
// Records in the ledger the use of every free, confirmed booking for an
// initiative whose day has come (`today`, YYYY-MM-DD), each in its own
// transaction; the module runs it in the background. Returns how many.
int record_uses_due(store::Database& db, const std::string& today);
// The in-kind value of `minutes` of use at `hourly` per hour, to the nearest minor unit.
std::int64_t use_value(std::int64_t hourly_minor, std::int64_t minutes);

// ---- donated goods --------------------------------------------------------------
std::vector<std::string> donation_fields();
// Members record what they gave; officers may record a community group's
// gift (group_id). Fields initiative_id, description, value (money, optional),
// made_on (not in the future), group_id. Recorded by an officer it is
// confirmed; by the donor, claimed until an officer confirms it on the map.
std::string record_donation(store::Connection& tx, const core::Principal& actor, const http::Fields& fields);
std::vector<Donation> list_donations(store::Connection& c, const std::string& organisation_id);

// The routes, permissions and sources above, declared by the deliver module's load().
void declare_assets(module::Loader& loader);

}  // namespace coproduce::deliver
