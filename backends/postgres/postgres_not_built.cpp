// Compiled instead of postgres_engine.cpp in a build without PostgreSQL.
#include "backends/engines.hpp"
#include "base/errors.hpp"

namespace dbtest::backends {

std::unique_ptr<Backend> make_postgres_backend(const BackendOptions&) {
  throw UsageError("this dbtest was built without PostgreSQL: configure it with -DDBTEST_WITH_POSTGRES=ON "
                   "(which needs libpqxx-dev)");
}

}  // namespace dbtest::backends
