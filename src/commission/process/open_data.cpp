#include "commission/process/open_data.hpp"

#include <algorithm>
#include <set>

#include "commission/pb/writer.hpp"
#include "commission/process/process.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"

namespace coproduce::commission::process {

namespace {

void set_field(pb::Fields& fields, const std::string& key, const std::string& value) {
  for (auto& [k, v] : fields)
    if (k == key) {
      v = value;
      return;
    }
  fields.emplace_back(key, value);
}

}  // namespace

std::string export_pb(store::Connection& c, const std::string& org, const std::string& process_id,
                      const std::optional<std::string>& district) {
  auto process = find_process(c, org, process_id);
  if (!process) throw core::not_found("Participatory budgeting process " + process_id);
  pb::Instance instance = load_instance(c, org, process_id);
  // With district budgets the process is several elections, counted apart:
  // one file each, as pabulib keeps a city's districts.
  if (!process->district_budgets.empty()) {
    if (!district) throw core::invalid("district", "This process counts each district's budget apart: name the district "
                                                   "(district=city-wide for the city-wide projects)");
    auto pots = pots_of(*process, instance);
    std::string wanted = *district == "city-wide" ? std::string() : *district;
    auto pot = std::find_if(pots.begin(), pots.end(), [&](const Pot& p) { return p.district == wanted; });
    if (pot == pots.end()) throw core::not_found("District " + *district + " of process " + process_id);
    instance = pot_instance(instance, *pot);
  }
  for (std::size_t i = 0; i < instance.ballots.size(); ++i) {
    auto& ballot = instance.ballots[i];
    ballot.voter_id = std::to_string(i + 1);
    set_field(ballot.fields, "voter_id", ballot.voter_id);
  }
  set_field(instance.meta, "num_projects", std::to_string(instance.projects.size()));
  set_field(instance.meta, "num_votes", std::to_string(instance.ballots.size()));
  set_field(instance.meta, "rule", process->rule);
  // The ballot's limits, for a process run in the platform (an imported file's
  // limits were its own and are not kept).
  if (process->source.empty()) {
    set_field(instance.meta, "min_length", std::to_string(process->rules.min));
    if (process->rules.max) set_field(instance.meta, "max_length", std::to_string(*process->rules.max));
    if (process->rules.cost_limit_minor)
      set_field(instance.meta, "max_sum_cost", pb::decimal_text(units_of(*process->rules.cost_limit_minor)));
    if (process->rules.points_total) set_field(instance.meta, "max_sum_points", std::to_string(*process->rules.points_total));
    if (process->rules.points_most) set_field(instance.meta, "max_points", std::to_string(*process->rules.points_most));
    // Category limits as pabulib writes them: the categories listed, and a
    // most for each (the number of projects where there is no limit).
    if (!process->rules.category_most.empty()) {
      std::set<std::string> names;
      for (const auto& project : instance.projects) names.insert(project.categories.begin(), project.categories.end());
      std::string listed, most;
      for (const auto& name : names) {
        auto limit = process->rules.category_most.find(name);
        listed += (listed.empty() ? "" : ",") + name;
        most += (most.empty() ? "" : ",") +
                std::to_string(limit == process->rules.category_most.end() ? std::int64_t(instance.projects.size())
                                                                          : limit->second);
      }
      if (!names.empty()) {
        set_field(instance.meta, "categories", listed);
        set_field(instance.meta, "max_length_per_category", most);
      }
    }
  }
  return pb::write_pb(instance);
}

const std::vector<module::Column>& ballot_columns() {
  static const std::vector<module::Column> columns = {
      {"ballot", "commission.csv.ballot", "", {}},
      {"projects", "commission.csv.projects", "", {}},
      {"points", "commission.csv.points", "", {}},
  };
  return columns;
}

std::string ballots_csv(store::Connection& c, const std::string& org, const std::string& process_id) {
  std::string out;
  std::vector<std::string_view> header;
  for (const auto& column : ballot_columns()) header.push_back(column.name);
  out += core::csv_row(header);
  std::int64_t n = 0;
  for (const auto& row : c.query("SELECT choices, points FROM pb_ballots WHERE organisation_id = $1 AND process_id = $2 "
                                 "ORDER BY position",
                                 {org, process_id})) {
    std::string projects = row.text(0), points = row.text(1);
    for (auto& ch : projects) if (ch == ',') ch = ';';
    for (auto& ch : points) if (ch == ',') ch = ';';
    out += core::csv_row({std::to_string(++n), projects, points});
  }
  return out;
}

}  // namespace coproduce::commission::process
