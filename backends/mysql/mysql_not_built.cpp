// Compiled instead of mysql_engine.cpp in a build without MySQL/MariaDB.
#include "backends/engines.hpp"
#include "base/errors.hpp"

namespace dbtest::backends {

std::unique_ptr<Backend> make_mysql_backend(const BackendOptions&) {
  throw UsageError("this dbtest was built without MySQL: configure it with -DDBTEST_WITH_MYSQL=ON "
                   "(which needs libmysqlcppconn-dev)");
}

}  // namespace dbtest::backends
