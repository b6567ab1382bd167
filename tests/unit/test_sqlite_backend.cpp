// The SQLite backend against real database files in a temporary folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "backends/common/migrations.hpp"
#include "backends/sqlite/sqlite_backend.hpp"
#include "backends/sqlite/sqlite_connection.hpp"
#include "backends/sqlite/sqlite_worker.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

namespace fs = std::filesystem;
using backends::BackendOptions;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Rows of a query, each row's columns joined by '|'.
std::vector<std::string> query(sqlite3* db, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot prepare " << sql << ": " << sqlite3_errmsg(db);
    return rows;
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      if (i) row += '|';
      const auto* text = sqlite3_column_text(stmt, i);
      row += text ? reinterpret_cast<const char*>(text) : "NULL";
    }
    rows.push_back(row);
  }
  sqlite3_finalize(stmt);
  return rows;
}

std::vector<std::string> query_file(const fs::path& file, const std::string& sql) {
  auto db = backends::open_sqlite(file.string());
  return query(db.get(), sql);
}

BackendOptions options_of(const std::string& run_id, const std::filesystem::path& scratch,
                          const std::optional<std::string>& url, const std::string& mode) {
  BackendOptions o;
  o.run_id = run_id;
  o.scratch_dir = scratch;
  o.database_url = url;
  o.sqlite_mode = mode;
  return o;
}

std::string path_of(const std::string& url) { return url.substr(std::string("sqlite:").size()); }

// Named after the class under test, so tests read "SqliteBackend.<behaviour>".
class SqliteBackend : public ::testing::Test {
 protected:
  BackendOptions options(const std::string& mode = "memory") { return options_of("run42", scratch.path(), std::nullopt, mode); }

  backends::Migration migration(const std::string& name, const std::string& sql) {
    write_file(migrations_dir / name, sql);
    for (const auto& m : backends::load_migrations(migrations_dir.path())) {
      if (m.name == name) return m;
    }
    throw std::runtime_error("migration not loaded");
  }

  TempDir scratch;
  TempDir migrations_dir;
};

TEST_F(SqliteBackend, TemplateIsAFileInTheScratchFolder) {
  backends::SqliteBackend backend(options());
  EXPECT_EQ(backend.name(), "sqlite");
  auto tmpl = backend.create_template({});
  const std::string url = tmpl->url();
  ASSERT_THAT(url, StartsWith("sqlite:"));
  const fs::path file = path_of(url);
  EXPECT_TRUE(file.is_absolute());
  EXPECT_EQ(file.parent_path(), fs::absolute(scratch.path()));
  EXPECT_TRUE(fs::exists(file));
}

TEST_F(SqliteBackend, TemplateIsMigratedAndRecordsEveryMigration) {
  backends::SqliteBackend backend(options());
  auto tmpl = backend.create_template({});
  const auto first = migration("0001_customers.sql",
                               "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                               "INSERT INTO customers(name) VALUES ('Ada');\n");
  const auto second = migration("0002_orders.sql",
                                "-- orders belong to customers\n"
                                "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers(id));\n"
                                "INSERT INTO orders(customer) SELECT id FROM customers;\n");
  tmpl->apply(first);
  tmpl->apply(second);
  tmpl->seal();

  const fs::path file = path_of(tmpl->url());
  EXPECT_THAT(query_file(file, "SELECT name, checksum FROM dbtest_migrations ORDER BY name"),
              ::testing::ElementsAre("0001_customers.sql|" + first.checksum, "0002_orders.sql|" + second.checksum));
  EXPECT_THAT(query_file(file, "SELECT count(*) FROM dbtest_migrations WHERE applied_at LIKE '____-__-__T%Z'"),
              ::testing::ElementsAre("2"));
  EXPECT_THAT(query_file(file, "SELECT c.name FROM orders o JOIN customers c ON c.id = o.customer"),
              ::testing::ElementsAre("Ada"));
}

TEST_F(SqliteBackend, SqlErrorNamesFileLineAndSqliteMessage) {
  backends::SqliteBackend backend(options());
  auto tmpl = backend.create_template({});
  const auto m = migration("0003_broken.sql",
                           "CREATE TABLE fine (x INTEGER);\n"
                           "INSERT INTO fine VALUES (1);\n"
                           "\n"
                           "INSERT INTO missing_table VALUES (2);\n"
                           "CREATE TABLE never (y INTEGER);\n");
  try {
    tmpl->apply(m);
    FAIL() << "apply did not throw";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, HasSubstr("0003_broken.sql"));
    EXPECT_THAT(message, HasSubstr("line 4"));
    EXPECT_THAT(message, HasSubstr("no such table: missing_table"));
  }
}

TEST_F(SqliteBackend, SqlErrorLinePointsAtTheStatementNotAtCommentsBeforeIt) {
  backends::SqliteBackend backend(options());
  auto tmpl = backend.create_template({});
  const auto m = migration("0001_x.sql",
                           "CREATE TABLE t (x INTEGER);\n"  // 1
                           "-- a comment\n"                  // 2
                           "/* a block\n"                    // 3
                           "   comment */\n"                 // 4
                           "\n"                              // 5
                           "SELEC 1;\n");                    // 6
  try {
    tmpl->apply(m);
    FAIL() << "apply did not throw";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr("line 6"));
    EXPECT_THAT(e.what(), HasSubstr("syntax error"));
  }
}

TEST_F(SqliteBackend, FailedMigrationIsRolledBackWhole) {
  backends::SqliteBackend backend(options());
  auto tmpl = backend.create_template({});
  tmpl->apply(migration("0001_ok.sql", "CREATE TABLE kept (x INTEGER);\nINSERT INTO kept VALUES (1);\n"));
  const auto broken = migration("0002_broken.sql",
                                "CREATE TABLE half (x INTEGER);\n"
                                "INSERT INTO kept VALUES (2);\n"
                                "INSERT INTO nowhere VALUES (3);\n");
  EXPECT_THROW(tmpl->apply(broken), UsageError);
  tmpl->seal();

  const fs::path file = path_of(tmpl->url());
  EXPECT_THAT(query_file(file, "SELECT count(*) FROM sqlite_master WHERE name = 'half'"), ::testing::ElementsAre("0"));
  EXPECT_THAT(query_file(file, "SELECT x FROM kept"), ::testing::ElementsAre("1"));
  EXPECT_THAT(query_file(file, "SELECT name FROM dbtest_migrations"), ::testing::ElementsAre("0001_ok.sql"));
}

TEST_F(SqliteBackend, TemplateStaysUsableAfterAFailedMigration) {
  backends::SqliteBackend backend(options());
  auto tmpl = backend.create_template({});
  EXPECT_THROW(tmpl->apply(migration("0001_bad.sql", "CREATE TABL x;")), UsageError);
  EXPECT_NO_THROW(tmpl->apply(migration("0002_good.sql", "CREATE TABLE good (x INTEGER);")));
}

TEST_F(SqliteBackend, MigrationWithOnlyCommentsIsRecorded) {
  backends::SqliteBackend backend(options());
  auto tmpl = backend.create_template({});
  tmpl->apply(migration("0001_nothing.sql", "-- nothing yet\n/* really nothing */\n"));
  tmpl->seal();
  EXPECT_THAT(query_file(path_of(tmpl->url()), "SELECT name FROM dbtest_migrations"),
              ::testing::ElementsAre("0001_nothing.sql"));
}

TEST_F(SqliteBackend, FileModeCloneIsACopyWithTheDataRemovedWithTheClone) {
  backends::SqliteBackend backend(options("file"));
  auto tmpl = backend.create_template({});
  tmpl->apply(migration("0001_t.sql", "CREATE TABLE t (x TEXT);\nINSERT INTO t VALUES ('from the template');\n"));
  tmpl->seal();

  auto clone = tmpl->make_clone(1, backends::CloneUser::worker_library);
  ASSERT_TRUE(clone);
  const std::string url = clone->location().database_url;
  ASSERT_THAT(url, StartsWith("sqlite:"));
  const fs::path file = path_of(url);
  EXPECT_NE(file, fs::path(path_of(tmpl->url())));
  ASSERT_TRUE(fs::exists(file));
  EXPECT_THAT(query_file(file, "SELECT x FROM t"), ::testing::ElementsAre("from the template"));

  // Writes to the clone do not reach the template.
  {
    auto db = backends::open_sqlite(file.string());
    backends::sqlite_exec(db.get(), "INSERT INTO t VALUES ('clone only')");
  }
  EXPECT_THAT(query_file(path_of(tmpl->url()), "SELECT count(*) FROM t"), ::testing::ElementsAre("1"));

  clone.reset();
  EXPECT_FALSE(fs::exists(file));
  EXPECT_TRUE(fs::exists(path_of(tmpl->url())));
}

TEST_F(SqliteBackend, FileModeClonesAreDistinctFiles) {
  backends::SqliteBackend backend(options("file"));
  auto tmpl = backend.create_template({});
  tmpl->seal();
  auto a = tmpl->make_clone(1, backends::CloneUser::worker_library);
  auto b = tmpl->make_clone(1, backends::CloneUser::worker_library);  // the same slot, a restarted worker
  auto c = tmpl->make_clone(2, backends::CloneUser::worker_library);
  EXPECT_NE(a->location().database_url, b->location().database_url);
  EXPECT_NE(a->location().database_url, c->location().database_url);
  EXPECT_NE(b->location().database_url, c->location().database_url);
}

TEST_F(SqliteBackend, MemoryModeCloneIsASharedCacheUriWithTheTemplateAsSource) {
  backends::SqliteBackend backend(options("memory"));
  auto tmpl = backend.create_template({});
  tmpl->apply(migration("0001_t.sql", "CREATE TABLE t (x TEXT);\nINSERT INTO t VALUES ('copied');\n"));
  tmpl->seal();

  auto clone = tmpl->make_clone(3, backends::CloneUser::worker_library);
  const auto& location = clone->location();
  EXPECT_THAT(location.database_url, StartsWith("sqlite:file:"));
  EXPECT_THAT(location.database_url, HasSubstr("mode=memory&cache=shared"));
  ASSERT_EQ(location.environment.count("DBTEST_SQLITE_SOURCE"), 1u);
  EXPECT_EQ(location.environment.at("DBTEST_SQLITE_SOURCE"), path_of(tmpl->url()));
  EXPECT_NE(location.database_url, tmpl->make_clone(3, backends::CloneUser::worker_library)->location().database_url);

  // What a worker does with it: back the template up into memory.
  const auto url = DatabaseUrl::parse(location.database_url);
  auto db = backends::open_sqlite_clone(url.database, location.environment.at("DBTEST_SQLITE_SOURCE"));
  EXPECT_THAT(query(db.get(), "SELECT x FROM t"), ::testing::ElementsAre("copied"));
  EXPECT_THAT(query(db.get(), "PRAGMA foreign_keys"), ::testing::ElementsAre("1"));
  // Nothing of the clone lands on disk.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch.path())) ++files;
  EXPECT_EQ(files, 1u);  // the template alone
}

TEST_F(SqliteBackend, TemplateFileIsRemovedWithTheTemplate) {
  backends::SqliteBackend backend(options());
  fs::path file;
  {
    auto tmpl = backend.create_template({});
    tmpl->apply(migration("0001_t.sql", "CREATE TABLE t (x INTEGER);"));
    file = path_of(tmpl->url());
    ASSERT_TRUE(fs::exists(file));
  }
  EXPECT_FALSE(fs::exists(file));
  EXPECT_FALSE(fs::exists(file.string() + "-journal"));
}

TEST_F(SqliteBackend, SealedTemplateFileIsRemovedWithTheTemplate) {
  backends::SqliteBackend backend(options("file"));
  fs::path file;
  {
    auto tmpl = backend.create_template({});
    tmpl->seal();
    file = path_of(tmpl->url());
  }
  EXPECT_FALSE(fs::exists(file));
  EXPECT_TRUE(fs::is_empty(scratch.path()));
}

TEST_F(SqliteBackend, NewTemplateStartsFromAnEmptyDatabase) {
  backends::SqliteBackend backend(options());
  {
    auto tmpl = backend.create_template({});
    tmpl->apply(migration("0001_t.sql", "CREATE TABLE t (x INTEGER);"));
    tmpl->seal();
  }
  auto tmpl = backend.create_template({});
  tmpl->seal();
  EXPECT_THAT(query_file(path_of(tmpl->url()), "SELECT count(*) FROM sqlite_master WHERE name = 't'"),
              ::testing::ElementsAre("0"));
}

TEST_F(SqliteBackend, UnknownSqliteModeIsAUsageError) {
  EXPECT_THROW(backends::SqliteBackend(options("disk")), UsageError);
}

TEST(MakeBackend, ChoosesSqliteWithoutNameOrUrl) {
  TempDir scratch;
  auto backend = backends::make_backend(std::nullopt, options_of("r", scratch.path(), std::nullopt, "memory"));
  EXPECT_EQ(backend->name(), "sqlite");
  EXPECT_EQ(backends::make_backend("sqlite", options_of("r", scratch.path(), std::nullopt, "memory"))->name(), "sqlite");
}

TEST(MakeBackend, SqliteTakesNoDatabaseUrl) {
  // SQLite's template is built from migrations, not copied from a server.
  TempDir scratch;
  try {
    backends::make_backend(std::nullopt, options_of("r", scratch.path(), "sqlite:x.db", "memory"));
    FAIL() << "did not throw";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr("--database-url"));
  }
}

TEST(MakeBackend, RejectsUnknownAndUnbuiltBackends) {
  TempDir scratch;
  EXPECT_THROW(backends::make_backend("oracle", options_of("r", scratch.path(), std::nullopt, "memory")), UsageError);
  EXPECT_THROW(backends::make_backend("mysql", options_of("r", scratch.path(), std::nullopt, "memory")), UsageError);
}

TEST(MakeBackend, UrlOfAnotherEngineIsAUsageErrorThatHidesThePassword) {
  TempDir scratch;
  try {
    backends::make_backend("sqlite", options_of("r", scratch.path(), "postgresql://app:s3cret@db/app", "memory"));
    FAIL() << "did not throw";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("s3cret")));
    EXPECT_THAT(e.what(), HasSubstr("***"));
  }
}

}  // namespace
}  // namespace dbtest::unit
