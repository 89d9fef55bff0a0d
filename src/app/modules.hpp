// The app's wiring: the list of modules, in order (a module may use what the
// ones before it declared). Adding a module is one line here.
#pragma once

#include <vector>

#include "module/registry.hpp"

namespace coproduce::app {

const std::vector<module::Module>& modules();

// The platform's own routes: liveness, the home redirect and the OpenAPI
// document assembled from every module's declarations.
void load_platform(module::Loader& loader);

}  // namespace coproduce::app
