// Runs the server: the modules (app/modules.hpp) loaded into one registry,
// their migrations applied, their routes served.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "module/registry.hpp"

namespace coproduce::app {

struct ServeConfig {
  std::string db_url = "sqlite://coproduce.db";
  bool demo = false;
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;
  std::string assets_dir = COPRODUCE_ASSETS_DIR;
  std::string default_org;
  // "auto": Secure cookies with the __Host- prefix, unless the server listens
  // on loopback only (local use, the demo); "secure" or "insecure" to choose.
  std::string cookies = "auto";
  std::vector<std::string> trusted_proxies;  // addresses or CIDR ranges
  int workers = 64;
  int db_connections = 16;  // the pool each server holds (PostgreSQL allows 100 by default)
  bool access_log = true;
  // How people reach this server, for links in emails; "" means
  // http://ADDRESS:PORT (right for local use only).
  std::string public_url;
  module::Environment::Mail mail;
  int mail_lease_seconds = 60;
  // The secret key's file; "" means default_key_file(db_url).
  std::string key_file;

  bool secure_cookies() const;
};

// Where the secret key lives when no file is named: next to an SQLite
// database ("<file>.key"), "coproduce.key" in the working directory for
// PostgreSQL, and nowhere (a key in memory) for an SQLite database in memory.
std::string default_key_file(const std::string& db_url);

// The environment modules are loaded with, from the server's configuration.
module::Environment environment_for(store::Database& db, const ServeConfig& config);

// Runs until SIGTERM/SIGINT. Returns the process exit code.
int serve(const ServeConfig& config);

}  // namespace coproduce::app
