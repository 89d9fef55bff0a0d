#include "commission/process/turnout.hpp"

#include <boost/json.hpp>

namespace coproduce::commission::process {
namespace json = boost::json;

namespace {

// Rows of (group, eligible, voted), the voted column suppressed against its shown total.
std::vector<TurnoutRow> suppressed(const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>>& rows) {
  std::vector<std::int64_t> counts;
  core::Relation all;
  for (const auto& [group, eligible, voted] : rows) {
    all.push_back(counts.size());
    counts.push_back(voted);
  }
  auto cells = core::suppress(counts, {all});
  std::vector<TurnoutRow> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back({std::get<0>(rows[i]), std::get<1>(rows[i]), cells[i]});
  return out;
}

json::value cell_json(const core::Cell& cell) {
  return cell.hidden() ? json::value(nullptr) : json::value(cell.count);
}

json::array rows_json(const std::vector<TurnoutRow>& rows, bool with_eligible) {
  json::array out;
  for (const auto& r : rows) {
    json::object row{{"group", r.group}, {"voted", cell_json(r.voted)}, {"withheld", r.voted.hidden()}};
    if (with_eligible) row["eligible"] = r.eligible;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

Turnout turnout(store::Connection& c, const std::string& org, const std::string& process_id) {
  Turnout t;
  std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> channels;
  for (const auto& row : c.query("SELECT channel, COUNT(*) FROM pb_ballots WHERE organisation_id = $1 AND process_id = $2 "
                                 "GROUP BY channel ORDER BY channel",
                                 {org, process_id})) {
    channels.emplace_back(row.text(0), 0, row.integer(1));
    t.ballots += row.integer(1);
  }
  t.by_channel = suppressed(channels);
  t.eligible = c.query_one("SELECT COUNT(*) FROM pb_census WHERE organisation_id = $1 AND process_id = $2",
                           {org, process_id})
                   ->integer(0);
  t.census = t.eligible > 0;
  if (!t.census) return t;
  std::int64_t voted = c.query_one("SELECT COUNT(*) FROM pb_voted WHERE organisation_id = $1 AND process_id = $2",
                                   {org, process_id})
                           ->integer(0);
  t.voted = core::suppress({voted}, {})[0];
  for (const char* column : {"district", "age_band"}) {
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> rows;
    for (const auto& row : c.query(std::string("SELECT p.") + column + ", COUNT(*), COUNT(v.identifier_sha256) "
                                   "FROM pb_census p LEFT JOIN pb_voted v ON v.organisation_id = p.organisation_id "
                                   "AND v.process_id = p.process_id AND v.identifier_sha256 = p.identifier_sha256 "
                                   "WHERE p.organisation_id = $1 AND p.process_id = $2 GROUP BY p." + column +
                                   " ORDER BY p." + column,
                                   {org, process_id}))
      rows.emplace_back(row.text(0), row.integer(1), row.integer(2));
    (std::string(column) == "district" ? t.by_district : t.by_age_band) = suppressed(rows);
  }
  return t;
}

json::object turnout_json(const Turnout& t) {
  json::object out{{"ballots", t.ballots},
                   {"minimum_group", core::kSmallestGroup},
                   {"by_channel", rows_json(t.by_channel, false)},
                   {"census", t.census}};
  if (t.census) {
    out["eligible"] = t.eligible;
    out["voted"] = cell_json(t.voted);
    out["by_district"] = rows_json(t.by_district, true);
    out["by_age_band"] = rows_json(t.by_age_band, true);
  }
  return out;
}

}  // namespace coproduce::commission::process
