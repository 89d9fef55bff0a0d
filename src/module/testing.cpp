#include "module/testing.hpp"

namespace coproduce::module::testing {

Registry& load(const std::vector<Module>& modules, store::Database* db, Environment environment) {
  environment.db = db;
  auto* registry = new Registry(std::move(environment));  // never freed: see testing.hpp
  registry->load(modules);
  if (db) store::migrate(*db, registry->migrations());
  return *registry;
}

}  // namespace coproduce::module::testing
