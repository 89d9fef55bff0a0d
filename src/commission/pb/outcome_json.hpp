// JSON rendering of a rule's Outcome (for `coproduce pb run --json` and the platform's
// results pages). Rationals appear exactly as "a/b" strings beside a decimal for display.
#pragma once

#include <boost/json.hpp>

#include "commission/pb/model.hpp"
#include "commission/pb/rules.hpp"

namespace coproduce::commission::pb {

boost::json::value outcome_to_json(const Instance& instance, const Outcome& outcome);

// {"exact": "a/b", "decimal": "12.34"}: the decimal is rounded to 6 places for display.
boost::json::value rational_to_json(const mpq_class& value);

}  // namespace coproduce::commission::pb
