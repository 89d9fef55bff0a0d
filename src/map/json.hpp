// JSON shapes of the map's records and derived views. to_json() gives the
// whole record (the audit trail's before and after); the API's shapes never
// carry an account id, and name a person only on a named entry.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "map/model.hpp"
#include "map/typology.hpp"
#include "map/view.hpp"

namespace coproduce::module {
class Registry;
}

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
// Who an entry shows: the person's or group's name on a named entry, else its
// label (with no names, for entries whose names were not loaded: the label).
std::string contributor_name(const Contribution& c,
                             const std::map<std::string, std::string>& person_names,
                             const std::map<std::string, std::string>& group_names);
// A ledger entry as the API shows it, with the link back to its source record.
boost::json::value entry_json(std::string_view locale, const Contribution& c,
                              const std::map<std::string, std::string>& person_names,
                              const std::map<std::string, std::string>& group_names,
                              const module::Registry& registry);
// The initiative page's data: summary plus reasons, totals, the entries the
// viewer may see, and assessments.
boost::json::value detail_json(std::string_view locale, const InitiativeDetail&,
                               const module::Registry& registry);

}  // namespace coproduce::map
