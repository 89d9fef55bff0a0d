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

#include <string>
#include <string_view>

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

}  // namespace coproduce::deliver
