// Wires the modules into one server: storage, access, pages, the map, and the
// operational routes (/healthz, /api/v1/openapi.json).
#pragma once

#include <cstdint>
#include <string>

#include "http/router.hpp"
#include "store/database.hpp"

namespace coproduce::app {

struct ServeConfig {
  std::string db_url = "sqlite://coproduce.db";
  bool demo = false;
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;
  std::string assets_dir = COPRODUCE_ASSETS_DIR;
  std::string default_org;
  bool secure_cookies = false;
  bool access_log = true;
};

// Every route of the application (also used by tests that walk the route table).
void add_all_routes(http::Router& router, store::Database& db, const ServeConfig& config);

// Runs until SIGTERM/SIGINT. Returns the process exit code.
int serve(const ServeConfig& config);

}  // namespace coproduce::app
