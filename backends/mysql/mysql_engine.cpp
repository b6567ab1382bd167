#include "backends/engines.hpp"
#include "mysql_backend.hpp"

namespace dbtest::backends {

std::unique_ptr<Backend> make_mysql_backend(const BackendOptions& options) {
  return std::make_unique<MysqlBackend>(options);
}

}  // namespace dbtest::backends
