#include "backends/engines.hpp"
#include "postgres_backend.hpp"

namespace dbtest::backends {

std::unique_ptr<Backend> make_postgres_backend(const BackendOptions& options) {
  return std::make_unique<PostgresBackend>(options);
}

}  // namespace dbtest::backends
