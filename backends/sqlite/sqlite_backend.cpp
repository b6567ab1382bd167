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

// --keep-failed-db keeps a clone as a file in the kept folder: a file clone
// is moved there; an in-memory one, which dies with its worker, is written
// there by the worker (kSqliteKeepPathVariable) when its test failed.
class SqliteClone : public Clone {
 public:
  SqliteClone(CloneLocation location, fs::path file, fs::path keep_path)
      : location_(std::move(location)), file_(std::move(file)), keep_path_(std::move(keep_path)) {}
  ~SqliteClone() override {
    if (!file_.empty()) remove_database_file(file_);
    if (!kept_ && !keep_path_.empty()) remove_database_file(keep_path_);
  }
  const CloneLocation& location() const override { return location_; }
  std::string keep() override {
    if (keep_path_.empty()) return "";
    std::error_code ec;
    if (!file_.empty()) {
      fs::create_directories(keep_path_.parent_path(), ec);
      fs::rename(file_, keep_path_, ec);
      if (ec) {
        // Another file system, or a file still open on Windows: copy it.
        ec.clear();
        fs::copy_file(file_, keep_path_, fs::copy_options::overwrite_existing, ec);
        if (ec) return "";
      } else {
        file_.clear();
      }
    } else if (!fs::exists(keep_path_, ec)) {
      return "";
    }
    kept_ = true;
    return "sqlite3 '" + keep_path_.string() + "'";
  }

 private:
  CloneLocation location_;
  fs::path file_;       // empty for an in-memory clone, which dies with its worker
  fs::path keep_path_;  // where --keep-failed-db keeps it; empty when off
  bool kept_ = false;
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
    const fs::path keep_path =
        options_.kept_dir.empty() ? fs::path() : fs::absolute(options_.kept_dir / ("failed_" + id + ".sqlite3"));
    if (!keep_path.empty()) fs::create_directories(keep_path.parent_path());
    // A program of its own opens a path: an in-memory database lives only
    // in the process that made it.
    if (options_.sqlite_mode == "file" || user == CloneUser::any_program) {
      const fs::path file = fs::absolute(options_.scratch_dir / ("clone_" + id + ".sqlite3"));
      auto from = open_sqlite(path_.string());
      auto to = open_sqlite(file.string());
      sqlite_backup(from.get(), to.get());
      return std::make_unique<SqliteClone>(
          CloneLocation{"sqlite:" + file.string(), {{protocol::kSqlitePathVariable, file.string()}}}, file, keep_path);
    }
    CloneLocation location{"sqlite:file:dbtest_" + id + "?mode=memory&cache=shared",
                           {{protocol::kSqliteSourceVariable, path_.string()}}};
    if (!keep_path.empty()) location.environment[protocol::kSqliteKeepPathVariable] = keep_path.string();
    return std::make_unique<SqliteClone>(std::move(location), fs::path(), keep_path);
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
