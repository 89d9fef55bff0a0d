// A process's turnout, in aggregate only: ballots by channel, and with a
// census, people who voted out of those eligible, by district and by age
// band. No count of voters under ten is shown, nor one that would let a
// hidden one be worked out (core/disclosure.hpp).
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/disclosure.hpp"
#include "store/database.hpp"

namespace coproduce::commission::process {

struct TurnoutRow {
  std::string group;          // a channel, a district or an age band ("" when not given)
  std::int64_t eligible = 0;  // on the census (0 for channels)
  core::Cell voted;
};

struct Turnout {
  std::int64_t ballots = 0;
  bool census = false;
  std::int64_t eligible = 0;
  core::Cell voted;  // census people who voted
  std::vector<TurnoutRow> by_channel, by_district, by_age_band;
};

Turnout turnout(store::Connection& c, const std::string& org, const std::string& process_id);
boost::json::object turnout_json(const Turnout& t);

}  // namespace coproduce::commission::process
