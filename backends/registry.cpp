#include "backends/backend.hpp"
#include "backends/engines.hpp"
#include "base/database_url.hpp"
#include "base/errors.hpp"

namespace dbtest::backends {

std::unique_ptr<Backend> make_backend(const std::optional<std::string>& name, const BackendOptions& options) {
  std::string chosen = backend_name(name.value_or(""));
  if (chosen.empty()) chosen = options.database_url ? DatabaseUrl::parse(*options.database_url).scheme : "sqlite";
  if (chosen != "sqlite" && chosen != "postgresql" && chosen != "mysql") {
    throw UsageError("unknown backend '" + chosen + "' (expected sqlite, postgres or mysql)");
  }
  if (options.database_url && DatabaseUrl::parse(*options.database_url).scheme != chosen) {
    throw UsageError("--database-url " + mask_password(*options.database_url) + " does not name a " + chosen + " database");
  }
  if (chosen == "sqlite") {
    if (options.database_url) {
      throw UsageError("--database-url names a server database; SQLite builds its template from --migrations or --migrate-cmd");
    }
    return make_sqlite_backend(options);
  }
  if (chosen == "postgresql") return make_postgres_backend(options);
  return make_mysql_backend(options);
}

}  // namespace dbtest::backends
