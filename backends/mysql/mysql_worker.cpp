// MySQL and MariaDB, worker side: the library dbtest::mysql. Opens the copy
// a worker was handed and serves dbtest::mysql() and TransactionalTest.
#include <cppconn/connection.h>

#include "backends/worker_database.hpp"
#include "base/database_url.hpp"
#include "dbtest/mysql.hpp"
#include "mysql_connection.hpp"
#include "protocol/environment.hpp"

namespace dbtest::backends::mysql {
namespace {

// On InnoDB tables; a statement that commits implicitly (DDL) ends the
// transaction early, as it would in the application.
class MysqlWorkerDatabase final : public WorkerDatabase {
 public:
  explicit MysqlWorkerDatabase(std::unique_ptr<Session> session) : session_(std::move(session)) {}
  sql::Connection& connection() { return session_->connection(); }

  void begin_test_transaction() override { session_->execute("START TRANSACTION"); }
  void roll_back_test_transaction() override { session_->execute("ROLLBACK"); }

 private:
  std::unique_ptr<Session> session_;
};

std::unique_ptr<WorkerDatabase> open_mysql_worker_database(const WorkerLocation& location) {
  if (location.database_url.empty()) {
    throw Error(std::string(protocol::kDatabaseUrlVariable) +
                " is not set: run this binary under dbtest, or point the variable at a migrated database "
                "(mysql://user:password@host:port/db)");
  }
  try {
    MysqlServer server{DatabaseUrl::parse(location.database_url)};
    return std::make_unique<MysqlWorkerDatabase>(connect_mysql(server, server.url.database));
  } catch (const std::exception& e) {
    throw Error("cannot connect to this worker's MySQL database: " + mask_password(e.what()));
  }
}

}  // namespace
}  // namespace dbtest::backends::mysql

namespace dbtest::internal {

// Registers once, whichever comes first: the initialiser of a file that
// includes <dbtest/mysql.hpp>, or this file's own below.
bool link_mysql_worker() {
  static const bool registered =
      backends::register_worker_engine("mysql", &backends::mysql::open_mysql_worker_database);
  return registered;
}

namespace {
const bool registered_at_start = link_mysql_worker();
}  // namespace

}  // namespace dbtest::internal

namespace dbtest {

sql::Connection& mysql() {
  auto& db = backends::this_process_database("mysql", "dbtest::mysql()");
  return static_cast<backends::mysql::MysqlWorkerDatabase&>(db).connection();
}

}  // namespace dbtest
