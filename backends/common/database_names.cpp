#include "database_names.hpp"

#include "base/errors.hpp"
#include "base/test_db_name.hpp"
#include "sha256.hpp"

namespace dbtest::backends {

std::string fit_identifier(const std::string& name, std::size_t limit) {
  if (name.size() <= limit) return name;
  const std::string hash = sha256_hex(name).substr(0, 10);
  return name.substr(0, limit - hash.size() - 1) + "_" + hash;
}

std::string DatabaseNames::clone(int slot) const { return clone_prefix + std::to_string(slot); }

DatabaseNames database_names(const std::string& app_db, const std::string& test_db_name, const std::string& run_id,
                             bool keep_template, std::size_t limit) {
  check_test_db_name(test_db_name);
  if (!test_db_name.empty() && test_db_name.size() > limit) {
    throw UsageError("--test-db-name '" + test_db_name + "' is longer than the server's limit of " +
                     std::to_string(limit) + " bytes");
  }
  const std::string base = test_db_name.empty() ? "test_" + app_db : test_db_name;
  DatabaseNames names;
  names.template_name = fit_identifier(keep_template ? base : base + "_" + run_id, limit);
  // The slot goes after the hash, so clones of one run stay apart even when
  // the prefix had to be shortened.
  names.clone_prefix = fit_identifier(base + "_" + run_id, limit - 4) + "_";
  if (names.template_name == app_db || names.clone(1) == app_db) {
    throw UsageError("the test database name '" + names.template_name + "' would be the application's own database");
  }
  return names;
}

}  // namespace dbtest::backends
