// Who may vote online or with a voting code: the officer sets a minimum age
// and a list of postcodes (residence) before the ballot is published; they
// are frozen with it. A voter declares they are old enough and gives their
// postcode with the ballot: the least that checks the rule, and neither is
// kept. A census (channels.hpp) is the stronger check; paper voters are
// checked in person at the booth.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/roles.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

struct Process;

// "cf10 1ep" -> "CF101EP"; nullopt when it is not shaped like a UK postcode
// (an outward code of 2 to 4 letters and digits starting with a letter, then
// a digit and two letters).
std::optional<std::string> normalised_postcode(std::string_view typed);

// A residence list entry, normalised: a full postcode ("CF10 1EP"), a sector
// ("CF10 1"), an outward code ("CF10") or an area ("CF"); nullopt when it is
// none of these.
std::optional<std::string> normalised_postcode_entry(std::string_view typed);

// Whether a normalised postcode is in the list of normalised entries.
bool postcode_listed(const std::string& postcode, const std::vector<std::string>& entries);

// Sets the rule (before the ballot is published; audited). `minimum_age`
// empty: none; `postcodes` one entry per line or comma, empty: anyone. 422
// naming "minimum_age" (a whole number from 1 to 120) or "postcodes" (an
// entry that is not a postcode, sector, outward code or area; at most 5,000).
void set_eligibility(store::Connection& tx, const core::Principal& officer, const std::string& process_id,
                     const std::string& minimum_age, const std::string& postcodes);

// What a voter declares with their ballot.
struct Declared {
  bool old_enough = false;
  std::string postcode;
};
// The problems with a declaration against the process's rule, as message keys
// naming "old_enough" or "postcode".
std::vector<core::FieldProblem> check_declared(const Process& process, const Declared& declared);
// The same against the stored rule (one row read), throwing core::ValidationFailed.
void require_declared(store::Connection& tx, const std::string& org, const std::string& process_id,
                      const Declared& declared);

}  // namespace coproduce::commission::process
