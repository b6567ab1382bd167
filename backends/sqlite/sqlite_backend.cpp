#include "sqlite_backend.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <filesystem>

#include "base/errors.hpp"
#include "protocol/environment.hpp"
#include "sqlite_connection.hpp"

namespace dbtest::backends {
namespace {

namespace fs = std::filesystem;

void remove_database_file(const fs::path& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path.string() + suffix, ignored);
}

// The position of the first character of a statement that is not white space
// or comment, so an error points at the statement's own line.
std::size_t statement_start(const char* sql) {
  const char* p = sql;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') ++p;
    if (p[0] == '-' && p[1] == '-') {
      while (*p && *p != '\n') ++p;
    } else if (p[0] == '/' && p[1] == '*') {
      const char* end = std::strstr(p + 2, "*/");
      p = end ? end + 2 : p + std::strlen(p);
    } else {
      return static_cast<std::size_t>(p - sql);
    }
  }
}

class SqliteClone : public Clone {
 public:
  SqliteClone(CloneLocation location, fs::path file) : location_(std::move(location)), file_(std::move(file)) {}
  ~SqliteClone() override {
    if (!file_.empty()) remove_database_file(file_);
  }
  const CloneLocation& location() const override { return location_; }

 private:
  CloneLocation location_;
  fs::path file_;  // empty for an in-memory clone, which dies with its worker
};

class SqliteTemplate : public Template {
 public:
  SqliteTemplate(BackendOptions options)
      : options_(std::move(options)), path_(fs::absolute(options_.scratch_dir / "template.sqlite3")) {
    remove_database_file(path_);
    db_ = open_sqlite(path_.string());
    sqlite_exec(db_.get(),
                "CREATE TABLE dbtest_migrations ("
                " name TEXT PRIMARY KEY, checksum TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
  }
  ~SqliteTemplate() override {
    db_.reset();
    remove_database_file(path_);
  }

  std::string url() const override { return "sqlite:" + path_.string(); }
  bool reused() const override { return false; }
  std::string rebuild_reason() const override { return ""; }

  void apply(const Migration& m) override {
    sqlite3* db = db_.get();
    sqlite_exec(db, "BEGIN");
    try {
      run_script(m);
      record(m);
      sqlite_exec(db, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void seal() override {
    // Workers open the file themselves; the master's connection must not hold
    // a lock or unflushed pages while they copy it.
    db_.reset();
  }

  std::unique_ptr<Clone> make_clone(int slot, CloneUser user) override {
    const std::string id = options_.run_id + "_" + std::to_string(slot) + "_" + std::to_string(++clones_made_);
    // A program of its own opens a path: an in-memory database lives only
    // in the process that made it.
    if (options_.sqlite_mode == "file" || user == CloneUser::any_program) {
      const fs::path file = fs::absolute(options_.scratch_dir / ("clone_" + id + ".sqlite3"));
      auto from = open_sqlite(path_.string());
      auto to = open_sqlite(file.string());
      sqlite_backup(from.get(), to.get());
      return std::make_unique<SqliteClone>(
          CloneLocation{"sqlite:" + file.string(), {{protocol::kSqlitePathVariable, file.string()}}}, file);
    }
    CloneLocation location{"sqlite:file:dbtest_" + id + "?mode=memory&cache=shared",
                           {{protocol::kSqliteSourceVariable, path_.string()}}};
    return std::make_unique<SqliteClone>(std::move(location), fs::path());
  }

 private:
  void run_script(const Migration& m) {
    sqlite3* db = db_.get();
    const char* base = m.sql.c_str();
    const char* next = base;
    while (*next) {
      const std::size_t start = static_cast<std::size_t>(next - base) + statement_start(next);
      sqlite3_stmt* stmt = nullptr;
      const char* tail = nullptr;
      int rc = sqlite3_prepare_v2(db, next, -1, &stmt, &tail);
      if (rc == SQLITE_OK && stmt) {
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        }
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
      }
      const std::string message = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
      sqlite3_finalize(stmt);
      if (rc != SQLITE_OK) {
        throw UsageError("migration " + m.path.string() + ", line " + std::to_string(line_at(m.sql, start)) +
                         ": " + message);
      }
      next = tail;
    }
  }

  void record(const Migration& m) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_.get(), "INSERT INTO dbtest_migrations(name, checksum) VALUES (?1, ?2)", -1, &stmt, nullptr);
    sqlite3_bind_text(stmt, 1, m.name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, m.checksum.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
      throw UsageError("migration " + m.path.string() + " could not be recorded: " + sqlite3_errmsg(db_.get()));
    }
  }

  BackendOptions options_;
  fs::path path_;
  SqliteHandle db_;
  std::atomic<int> clones_made_{0};  // make_clone runs on several threads
};

}  // namespace

SqliteBackend::SqliteBackend(BackendOptions options) : options_(std::move(options)) {
  if (options_.sqlite_mode != "memory" && options_.sqlite_mode != "file") {
    throw UsageError("--sqlite-mode must be 'memory' or 'file', not '" + options_.sqlite_mode + "'");
  }
}

std::unique_ptr<Template> SqliteBackend::create_template(const TemplateRequest&) {
  return std::make_unique<SqliteTemplate>(options_);
}

}  // namespace dbtest::backends
