#include "backends/engines.hpp"
#include "sqlite_backend.hpp"

namespace dbtest::backends {

std::unique_ptr<Backend> make_sqlite_backend(const BackendOptions& options) {
  return std::make_unique<SqliteBackend>(options);
}

}  // namespace dbtest::backends
