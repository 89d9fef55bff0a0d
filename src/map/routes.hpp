// Registers the map's JSON API and HTML pages with the router. Reading the
// map is public (transparency is the first step); recording and changing
// needs a role, declared next to each route.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"

namespace coproduce::map {

void add_api_routes(http::Router& router, store::Database& db);
void add_page_routes(http::Router& router, store::Database& db);

}  // namespace coproduce::map
