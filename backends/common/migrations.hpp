// A folder of SQL migrations: `0001_init.sql`, `0002_orders.sql`, `0010_x.sql`,
// applied in the order of their leading version numbers (numerically, so 0010
// comes after 0002 and after 2 alike).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dbtest::backends {

struct Migration {
  std::uint64_t version = 0;
  std::string name;  // file name, e.g. "0002_orders.sql"
  std::filesystem::path path;
  std::string sql;
  std::string checksum;  // SHA-256 of the file's bytes
};

// Reads every *.sql file of `dir`, ordered by version. Throws UsageError when
// the folder is missing or holds no migration, when a file name does not start
// with a version number, or when two files share a version.
std::vector<Migration> load_migrations(const std::filesystem::path& dir);

// One digest over the names and contents of all migrations, in order: equal
// digests mean the same schema would be built.
std::string fingerprint(const std::vector<Migration>& migrations);

// The 1-based line of `offset` in `text`.
int line_at(const std::string& text, std::size_t offset);

// Why a kept template no longer fits: "migrations changed: 0007_x.sql;
// migrations added: 0008_y.sql", from the name -> checksum pairs the template
// recorded and the migrations now.
std::string describe_migration_changes(const std::map<std::string, std::string>& applied,
                                       const std::vector<Migration>& now);

}  // namespace dbtest::backends
