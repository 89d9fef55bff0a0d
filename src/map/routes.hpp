// The map's JSON API and HTML pages, declared through the module loader.
// Reading the map is public (transparency is the first step); recording and
// changing needs a permission, declared next to each route.
#pragma once

#include <string>
#include <vector>

#include "map/model.hpp"
#include "module/module.hpp"

namespace coproduce::map {

void add_api_routes(module::Loader& loader);
void add_pages(module::Loader& loader);               // the map and initiatives
void add_contribution_pages(module::Loader& loader);  // the ledger's pages
void add_load_routes(module::Loader& loader);         // load per person, pages and API
void add_dashboard_pages(module::Loader& loader);     // what awaits a decision, bulk decisions
void add_reference_pages(module::Loader& loader);     // areas, services and groups: add, change, archive
void add_assessment_pages(module::Loader& loader);    // self-assessment forms

// The initiative page's self-assessment section: scores over time as a chart
// and a table, the notes, and (given add_href) the way to add one.
std::string assessments_section(const http::Context& ctx, const std::vector<Assessment>& assessments,
                                const std::string& add_href);

}  // namespace coproduce::map
