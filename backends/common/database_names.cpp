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

std::string kept_template_name(const std::string& base, const std::string& fingerprint, std::size_t limit) {
  return fit_identifier(base, limit - kKeptDigestLength - 1) + "_" + fingerprint.substr(0, kKeptDigestLength);
}

DatabaseNames database_names(const std::string& app_db, const std::string& test_db_name, const std::string& run_id,
                             const std::string& kept_fingerprint, std::size_t limit) {
  check_test_db_name(test_db_name);
  if (!test_db_name.empty() && test_db_name.size() > limit) {
    throw UsageError("--test-db-name '" + test_db_name + "' is longer than the server's limit of " +
                     std::to_string(limit) + " bytes");
  }
  const std::string base = test_db_name.empty() ? "test_" + app_db : test_db_name;
  DatabaseNames names;
  names.base = base;
  names.template_name = kept_fingerprint.empty() ? fit_identifier(base + "_" + run_id, limit)
                                                 : kept_template_name(base, kept_fingerprint, limit);
  // The slot goes after the hash, so clones of one run stay apart even when
  // the prefix had to be shortened.
  names.clone_prefix = fit_identifier(base + "_" + run_id, limit - 4) + "_";
  // Every name grows from the base: one equal to the application's database
  // would put dbtest's databases beside it under its very name.
  for (const auto& name : {base, names.template_name, names.clone(1)}) {
    if (name == app_db) throw UsageError("the test database name '" + name + "' would be the application's own database");
  }
  return names;
}

}  // namespace dbtest::backends
