// Who may use what, as Markdown: every permission with the roles that hold
// it, then every route with its permission. `coproduce routes` prints it and
// docs/permissions.md is its output (a test keeps the two the same), so a
// change of who may do what shows in review.
#pragma once

#include <string>

#include "module/registry.hpp"

namespace coproduce::app {

std::string routes_table(const module::Registry& registry);

}  // namespace coproduce::app
