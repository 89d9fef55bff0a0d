// Turns a module's migration files (name, contents) into Migration records,
// refusing malformed names, duplicate numbers and orphan dialect variants.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace coproduce::store {

// Files are "NNNN_name.sql", "NNNN_name.sqlite.sql" or "NNNN_name.postgres.sql".
// Returns migrations sorted by number; throws std::invalid_argument naming the file.
std::vector<Migration> assemble_migrations(
    const std::vector<std::pair<std::string_view, std::string_view>>& files);

}  // namespace coproduce::store
