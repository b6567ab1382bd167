// The interface every database engine implements, master side.
//
// A run asks its Backend for one Template, migrates it, seals it, and then asks
// it for one Clone per worker process. Both are guards: destroying a Clone drops
// that clone, destroying a Template drops the template (unless it was kept), so
// every exit path of a run removes what the run created.
//
// The worker side of each engine (opening the clone inside the test process)
// lives next to its master side, in backends/<engine>/.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "backends/common/migrations.hpp"

namespace dbtest::backends {

// What a worker needs to find its clone: the URL it sees as DBTEST_DATABASE_URL
// and any variables the engine's worker side reads besides.
struct CloneLocation {
  std::string database_url;
  std::map<std::string, std::string> environment;
};

class Clone {
 public:
  virtual ~Clone() = default;
  virtual const CloneLocation& location() const = 0;
};

class Template {
 public:
  virtual ~Template() = default;
  // With password: handed to `--migrate-cmd` as DBTEST_DATABASE_URL.
  virtual std::string url() const = 0;
  // Applies one migration in its own transaction where the engine allows, and
  // records its name and checksum in the dbtest_migrations table. Throws
  // UsageError naming the file, the statement's line and the engine's message.
  virtual void apply(const Migration& migration) = 0;
  // Called once after migrating: from here on the template is only copied.
  virtual void seal() = 0;
  // A fresh clone for the worker process about to start in `slot`.
  virtual std::unique_ptr<Clone> make_clone(int slot) = 0;
};

struct BackendOptions {
  std::string run_id;
  // Private to this run (mode 0700) and removed at its end.
  std::filesystem::path scratch_dir;
  std::optional<std::string> database_url;
  // SQLite: "memory" (each worker backs the template up into memory) or "file".
  std::string sqlite_mode = "memory";
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<Template> create_template() = 0;
};

// The backend named "sqlite", "postgres"/"postgresql" or "mysql"; with no name,
// the one the URL's scheme names, and SQLite when there is no URL either.
// Throws UsageError for an unknown name or one this build cannot serve.
std::unique_ptr<Backend> make_backend(const std::optional<std::string>& name, const BackendOptions& options);

}  // namespace dbtest::backends
