// The PostgreSQL backend on libpq: a lazily filled pool of connections, text
// parameters, and statements prepared once per connection.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace coproduce::store {

// `uri` is a postgresql:// URL already checked by parse_database_url. Opens one
// connection at once so an unreachable server is reported at start.
std::unique_ptr<Database> open_postgres(const std::string& uri, int pool_size);

}  // namespace coproduce::store
