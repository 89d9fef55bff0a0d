// The map's JSON API and HTML pages, declared through the module loader.
// Reading the map is public (transparency is the first step); recording and
// changing needs a permission, declared next to each route.
#pragma once

#include "module/module.hpp"

namespace coproduce::map {

void add_api_routes(module::Loader& loader);
void add_pages(module::Loader& loader);

}  // namespace coproduce::map
