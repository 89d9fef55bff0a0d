// JSON shapes of the map's records and derived views (API responses, audit
// before/after, CSV source). Public shapes only: no account ids.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "map/model.hpp"
#include "map/typology.hpp"
#include "map/view.hpp"

namespace coproduce::map {

boost::json::value to_json(const Area&);
boost::json::value to_json(const Service&);
boost::json::value to_json(const Group&);
boost::json::value to_json(const Initiative&);
boost::json::value to_json(const Contribution&);
boost::json::value to_json(const Assessment&);

// Hours as exact decimal text: 1250 -> "12.5", 100 -> "1".
std::string hours_text(std::int64_t hours_x100);

// "planning is shared: 2 professional and 14 citizen contributions in design"
std::string axis_reason_text(std::string_view locale, std::string_view axis_key,
                             const AxisReason& reason);

// The typology with its reasons in `locale`.
boost::json::value typology_json(std::string_view locale, const Typology&);
// One row of the map: the initiative, its area/service, typology summary and links.
boost::json::value summary_json(std::string_view locale, const InitiativeView&);
// The initiative page's data: summary plus reasons, totals, contributions, assessments.
boost::json::value detail_json(std::string_view locale, const InitiativeDetail&);

}  // namespace coproduce::map
