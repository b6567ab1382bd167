// PostgreSQL, master side: the template is a database made with CREATE
// DATABASE and migrated once, then marked IS_TEMPLATE and closed to
// connections; each worker process gets CREATE DATABASE ... TEMPLATE.
// Every database made carries an ownership marker in its comment.
#pragma once

#include "backends/backend.hpp"
#include "postgres_connection.hpp"

namespace dbtest::backends {

class PostgresBackend : public Backend {
 public:
  explicit PostgresBackend(BackendOptions options);
  ~PostgresBackend() override;
  std::string_view name() const override { return "postgresql"; }
  std::unique_ptr<Template> create_template(const TemplateRequest& request) override;
  std::vector<Leftover> find_leftovers() override;
  void drop_leftover(const Leftover& leftover) override;
  std::vector<KeptTemplate> kept_templates() override;
  bool drop_kept_template(const KeptTemplate& kept) override;
  int fill_pool(const std::string& template_name, int size) override;
  std::string server_problem() const override { return problem_; }
  std::string probe_server() override;

 private:
  BackendOptions options_;
  PostgresServer server_;
  std::unique_ptr<pqxx::connection> admin_;  // to the application database
  std::string app_db_;
  // Set by a template or clone that could not be dropped.
  std::string problem_;
};

}  // namespace dbtest::backends
