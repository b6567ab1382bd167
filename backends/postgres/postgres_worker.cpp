// PostgreSQL, worker side: the library dbtest::postgres. Opens the clone a
// worker was handed and serves dbtest::postgres() and TransactionalTest.
#include <pqxx/pqxx>

#include "backends/worker_database.hpp"
#include "base/database_url.hpp"
#include "dbtest/postgres.hpp"

namespace dbtest::backends {
namespace {

class PostgresWorkerDatabase final : public WorkerDatabase {
 public:
  explicit PostgresWorkerDatabase(const std::string& url) : connection_(url) {}
  pqxx::connection& connection() { return connection_; }

  // BEGIN and ROLLBACK go through short-lived nontransactions, so no libpqxx
  // transaction object stays open and the test may use the connection
  // (through pqxx::nontransaction, whose statements run inside this
  // transaction).
  void begin_test_transaction() override { pqxx::nontransaction(connection_).exec0("BEGIN"); }
  void roll_back_test_transaction() override { pqxx::nontransaction(connection_).exec0("ROLLBACK"); }

 private:
  pqxx::connection connection_;
};

std::unique_ptr<WorkerDatabase> open_postgres_worker_database(const WorkerLocation& location) {
  try {
    // libpq reads DBTEST_DATABASE_URL as it is, or its PG* variables without it.
    return std::make_unique<PostgresWorkerDatabase>(location.database_url);
  } catch (const std::exception& e) {
    throw Error("cannot connect to this worker's PostgreSQL database " + mask_password(location.database_url) + ": " +
                mask_password(e.what()));
  }
}

}  // namespace
}  // namespace dbtest::backends

namespace dbtest::internal {

// Registers once, whichever comes first: the initialiser of a file that
// includes <dbtest/postgres.hpp>, or this file's own below.
bool link_postgres_worker() {
  static const bool registered =
      backends::register_worker_engine("postgresql", &backends::open_postgres_worker_database);
  return registered;
}

namespace {
const bool registered_at_start = link_postgres_worker();
}  // namespace

}  // namespace dbtest::internal

namespace dbtest {

pqxx::connection& postgres() {
  auto& db = backends::this_process_database("postgresql", "dbtest::postgres()");
  return static_cast<backends::PostgresWorkerDatabase&>(db).connection();
}

}  // namespace dbtest
