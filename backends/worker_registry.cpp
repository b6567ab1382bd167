// The worker side's one entry: which engines this test binary can open.
// SQLite is always there (it is part of the core fixture library); other
// engines join when the binary links their library and includes its header.
#include <map>
#include <mutex>
#include <string>

#include "backends/sqlite/sqlite_worker.hpp"
#include "backends/worker_database.hpp"

namespace dbtest::backends {
namespace {

struct Engines {
  std::mutex mutex;
  std::map<std::string, WorkerDatabaseOpener, std::less<>> openers{{"sqlite", &open_sqlite_worker_database}};
};

// Built on first use: engines register while statics are initialised, in
// an order no one controls.
Engines& engines() {
  static Engines instance;
  return instance;
}

}  // namespace

bool register_worker_engine(std::string_view engine, WorkerDatabaseOpener open) {
  auto& all = engines();
  std::lock_guard lock(all.mutex);
  all.openers.insert_or_assign(std::string(engine), open);
  return true;
}

WorkerDatabaseOpener find_worker_engine(std::string_view engine) {
  auto& all = engines();
  std::lock_guard lock(all.mutex);
  const auto it = all.openers.find(engine);
  return it == all.openers.end() ? nullptr : it->second;
}

}  // namespace dbtest::backends
