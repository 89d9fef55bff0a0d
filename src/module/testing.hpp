// For a module's tests: the registry of the modules it needs (itself and
// those it builds on, in order), with their messages installed and, given a
// database, their migrations applied. Kept alive for the test process, as the
// app keeps its own: handlers and the page frame refer to it.
#pragma once

#include <vector>

#include "module/registry.hpp"

namespace coproduce::module::testing {

Registry& load(const std::vector<Module>& modules, store::Database* db = nullptr,
               Environment environment = {});

}  // namespace coproduce::module::testing
