// MySQL and MariaDB, master side. There are no template databases, so the
// template is an ordinary database migrated once, and each worker process
// gets a full copy of it (mysql_copy.hpp), checked against the template
// before the worker starts. Every database made holds an ownership marker in
// its dbtest_meta table.
#pragma once

#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "mysql_connection.hpp"

namespace dbtest::backends {

class MysqlBackend : public Backend {
 public:
  explicit MysqlBackend(BackendOptions options);
  ~MysqlBackend() override;
  std::string_view name() const override { return "mysql"; }
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
  mysql::MysqlServer server_;
  std::unique_ptr<mysql::Session> admin_;
  std::string app_db_;
  std::string problem_;
};

}  // namespace dbtest::backends
