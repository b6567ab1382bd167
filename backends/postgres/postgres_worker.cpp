// PostgreSQL, worker side: the library dbtest::postgres. Opens the clone a
// worker was handed and serves dbtest::postgres() and TransactionalTest.
#include <pqxx/pqxx>

#include <map>
#include <optional>
#include <string>
#include <utility>

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
  void commit_test_transaction() override { pqxx::nontransaction(connection_).exec0("COMMIT"); }

  void note_id_counters() override { noted_ = sequences(); }

  // One statement sets back every sequence that moved; none when none did.
  void restore_id_counters() override {
    std::string setvals;
    for (const auto& [name, now] : sequences()) {
      const auto was = noted_.find(name);
      if (was == noted_.end() || was->second == now) continue;
      setvals += std::string(setvals.empty() ? "SELECT " : ", ") + "setval(" + connection_.quote(name) + "::regclass, " +
                 was->second.first + ", " + (was->second.second ? "true" : "false") + ")";
    }
    if (!setvals.empty()) pqxx::nontransaction(connection_).exec(setvals);
  }

  // One round trip whatever the number of tables: query_to_xml() counts
  // each table inside the server.
  std::map<std::string, std::int64_t> row_counts() override {
    pqxx::nontransaction work(connection_);
    std::map<std::string, std::int64_t> counts;
    for (const auto& row : work.exec(
             "SELECT CASE WHEN n.nspname = current_schema() THEN quote_ident(c.relname)"
             "            ELSE quote_ident(n.nspname) || '.' || quote_ident(c.relname) END,"
             "       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),"
             "                                            false, true, '')))[1]::text::bigint"
             "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
             " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
             "   AND n.nspname NOT LIKE 'pg\\_%'")) {
      counts[row[0].as<std::string>()] = row[1].as<std::int64_t>();
    }
    return counts;
  }

 private:
  // Each sequence's state as setval() takes it: last_value and is_called,
  // read from the sequence itself (pg_sequences shows no value for one that
  // was restarted or set with is_called false). The sequences are listed
  // once; one made later, or one this role may not read and set, is out
  // of reach.
  using Sequences = std::map<std::string, std::pair<std::string, bool>>;
  Sequences sequences() {
    try {
      return read_sequences();
    } catch (const pqxx::sql_error&) {
      // A test dropped a sequence: list them again, once.
      sequence_query_.reset();
      return read_sequences();
    }
  }
  Sequences read_sequences() {
    pqxx::nontransaction work(connection_);
    if (!sequence_query_) {
      std::string query;
      for (const auto& row : work.exec("SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences "
                                             "WHERE has_sequence_privilege(format('%I.%I', schemaname, sequencename), "
                                             "'SELECT, UPDATE')")) {
        const auto name = row[0].as<std::string>();
        query += std::string(query.empty() ? "" : " UNION ALL ") + "SELECT " + work.quote(name) +
                 ", last_value::text, is_called FROM " + name;
      }
      sequence_query_ = query;
    }
    Sequences out;
    if (sequence_query_->empty()) return out;
    for (const auto& row : work.exec(*sequence_query_)) {
      out[row[0].as<std::string>()] = {row[1].as<std::string>(), row[2].as<bool>()};
    }
    return out;
  }

  pqxx::connection connection_;
  Sequences noted_;
  std::optional<std::string> sequence_query_;
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
