// SQLite, master side: the template is a file in the run's scratch folder;
// each worker gets either an in-memory copy it makes itself with the online
// backup API (the default) or, with --sqlite-mode file, an on-disk copy.
#pragma once

#include "backends/backend.hpp"

namespace dbtest::backends {

class SqliteBackend : public Backend {
 public:
  explicit SqliteBackend(BackendOptions options);
  std::string_view name() const override { return "sqlite"; }
  std::unique_ptr<Template> create_template(const TemplateRequest& request) override;
  // Clones live in memory or in the run's own scratch folder, which goes with
  // the run: nothing outlives it on a server.
  std::vector<Leftover> find_leftovers() override { return {}; }
  void drop_leftover(const Leftover&) override {}

 private:
  BackendOptions options_;
};

}  // namespace dbtest::backends
