#include "server_probe.hpp"

#include "base/errors.hpp"

namespace dbtest::backends {

std::string probe_by_connecting(const std::string& engine, const std::function<void()>& connect) {
  try {
    connect();
    return {};
  } catch (const InfrastructureError& e) {
    return "the " + engine + " server went away during the run: " + e.what();
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace dbtest::backends
