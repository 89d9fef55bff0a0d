// Assembles migrations from file names (see migration_files.hpp).
#include "store/migration_files.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace coproduce::store {
namespace {

enum class Variant { common, sqlite, postgres };

struct FileName {
  int number;
  std::string name;
  Variant variant;
};

[[noreturn]] void bad(std::string_view file, const std::string& problem) {
  throw std::invalid_argument("migration file '" + std::string(file) + "': " + problem);
}

FileName parse_file_name(std::string_view file) {
  std::string_view rest = file;
  Variant variant = Variant::common;
  if (rest.ends_with(".sqlite.sql")) {
    variant = Variant::sqlite;
    rest.remove_suffix(11);
  } else if (rest.ends_with(".postgres.sql")) {
    variant = Variant::postgres;
    rest.remove_suffix(13);
  } else if (rest.ends_with(".sql")) {
    rest.remove_suffix(4);
  } else {
    bad(file, "name must end in .sql, .sqlite.sql or .postgres.sql");
  }
  if (rest.size() < 6 || rest[4] != '_' ||
      !std::all_of(rest.begin(), rest.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
    bad(file, "name must be NNNN_name (four digits, underscore, name)");
  }
  std::string_view name = rest.substr(5);
  if (!std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      })) {
    bad(file, "name after the number may hold only a-z, 0-9 and '_'");
  }
  return {std::stoi(std::string(rest.substr(0, 4))), std::string(name), variant};
}

}  // namespace

std::vector<Migration> assemble_migrations(
    const std::vector<std::pair<std::string_view, std::string_view>>& files) {
  struct Parts {
    std::string name;
    std::string first_file;
    bool has_common = false, has_sqlite = false, has_postgres = false;
    Migration migration;
  };
  std::map<int, Parts> by_number;
  for (const auto& [file, contents] : files) {
    FileName parsed = parse_file_name(file);
    auto [it, inserted] = by_number.try_emplace(parsed.number);
    Parts& parts = it->second;
    if (inserted) {
      parts.name = parsed.name;
      parts.first_file = file;
      parts.migration.number = parsed.number;
      parts.migration.name = parsed.name;
    } else if (parts.name != parsed.name) {
      bad(file, "number " + std::to_string(parsed.number) + " is already used by '" +
                    parts.first_file + "'; each migration needs its own number");
    }
    bool& seen = parsed.variant == Variant::common   ? parts.has_common
                 : parsed.variant == Variant::sqlite ? parts.has_sqlite
                                                     : parts.has_postgres;
    if (seen) bad(file, "appears twice");
    seen = true;
    std::string& target = parsed.variant == Variant::common   ? parts.migration.sql
                          : parsed.variant == Variant::sqlite ? parts.migration.sqlite_sql
                                                              : parts.migration.postgres_sql;
    target = std::string(contents);
  }
  std::vector<Migration> migrations;
  for (auto& [number, parts] : by_number) {
    if (!parts.has_common && !(parts.has_sqlite && parts.has_postgres)) {
      bad(parts.first_file,
          "a migration needs NNNN_name.sql, or both .sqlite.sql and .postgres.sql variants");
    }
    migrations.push_back(std::move(parts.migration));
  }
  return migrations;
}

}  // namespace coproduce::store
