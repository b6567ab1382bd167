#include "mysql_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "backends/common/clone_pool.hpp"
#include "backends/common/database_names.hpp"
#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "backends/common/leftovers.hpp"
#include "backends/common/ownership_marker.hpp"
#include "backends/common/server_probe.hpp"
#include "backends/common/sha256.hpp"
#include "mysql_catalog.hpp"
#include "mysql_clone_pool.hpp"
#include "mysql_copy.hpp"
#include "mysql_script.hpp"
#include "mysql_template_locks.hpp"

namespace dbtest::backends {
namespace {

using namespace mysql;

constexpr std::size_t kIdentifierLimit = 64;
// Connections that fill one copy's tables at once.
constexpr int kTableConnections = 4;
// How long a run waits for another run building the same kept template.
constexpr int kLockWaitSeconds = 3600;

// Remembers the first database that could not be dropped, for the run to
// end with an error instead of as if all were well.
void note_lost(std::string& problem, const std::string& name, const std::exception& e) {
  if (!problem.empty()) return;
  const std::string message = mask_password(e.what());
  problem = dynamic_cast<const InfrastructureError*>(&e)
                ? message + "; what the run made is marked, and `dbtest cleanup` removes it once the server is back"
                : "could not drop " + name + ": " + message + "; it is marked, and `dbtest cleanup` removes it";
}

class MysqlClone : public Clone {
 public:
  MysqlClone(Session& admin, std::mutex& admin_mutex, std::string& problem, std::string name, CloneLocation location)
      : admin_(admin),
        admin_mutex_(admin_mutex),
        problem_(problem),
        name_(std::move(name)),
        location_(std::move(location)) {}
  ~MysqlClone() override {
    if (kept_) return;
    // Clones are dropped on several threads at once under --isolation test,
    // and they share the template's connection.
    const std::lock_guard<std::mutex> lock(admin_mutex_);
    try {
      with_mysql_errors("dropping " + name_, [&] { drop_database(admin_, name_); });
    } catch (const std::exception& e) {
      note_lost(problem_, name_, e);
    }
  }
  const CloneLocation& location() const override { return location_; }
  std::string keep() override {
    kept_ = true;
    const auto url = DatabaseUrl::parse(location_.database_url);
    std::string command = "mysql";
    const auto socket = url.params.find("socket");
    if (socket != url.params.end()) {
      command += " --socket='" + socket->second + "'";
    } else {
      command += " -h " + url.host + (url.port ? " -P " + std::to_string(*url.port) : "");
    }
    if (!url.user.empty()) command += " -u '" + url.user + "'" + (url.password ? " -p" : "");
    return command + " " + url.database;
  }

 private:
  bool kept_ = false;
  Session& admin_;
  std::mutex& admin_mutex_;
  std::string& problem_;
  std::string name_;
  CloneLocation location_;
};

class MysqlTemplate : public Template {
 public:
  MysqlTemplate(Session& admin, std::string& problem, const MysqlServer& server, const BackendOptions& options,
                const TemplateRequest& request, const std::string& app_db)
      : admin_(admin), problem_(problem), server_(server), options_(options), request_(request) {
    std::string version;
    with_mysql_errors("reading the server's version", [&] {
      version = admin_.scalar("SELECT VERSION()").value_or("");
      // Tables that name no character set get the application database's,
      // as they would in production; the server's default without one.
      const auto app = admin_.rows(
          "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
          "WHERE SCHEMA_NAME = " + quote_literal(app_db));
      if (!app.empty()) {
        app_charset_ = app[0].at(0).value_or("");
        app_collation_ = app[0].at(1).value_or("");
      }
    });
    // "10.11.19-MariaDB-0+deb12u1": a new minor version may dump differently.
    const auto second_dot = version.find('.', version.find('.') + 1);
    fingerprint_ = sha256_hex(request.fingerprint + "\nmysql " + version.substr(0, second_dot) +
                              (version.find("MariaDB") != std::string::npos ? " MariaDB" : "") + "\n" + app_charset_ +
                              " " + app_collation_);
    names_ = database_names(app_db, options.test_db_name, options.run_id, request.keep ? fingerprint_ : "",
                            kIdentifierLimit);
    if (request.keep) {
      with_mysql_errors("waiting for the lock on " + names_.template_name, [&] {
        if (!lock_build(admin_, names_.template_name, kLockWaitSeconds)) {
          throw InfrastructureError("gave up waiting for another run to finish building " + names_.template_name);
        }
      });
      locked_ = true;
      reused_ = try_reuse();
      if (reused_) {
        with_mysql_errors("recording the use of " + names_.template_name, [&] {
          // Used from now on: no dropper takes it from under the copies.
          use_slot_ = take_use_slot(admin_, names_.template_name);
          auto marker = *kept_marker_;
          marker.used = seconds_since_epoch();
          update_marker(marker);
          // Reused as it is: other runs may check and reuse it too.
          release_build_lock();
        });
        prune();
        take_stock_of_pool();
      } else if (rebuild_reason_.empty()) {
        new_template_reason_ = compare_with_most_recent();
      }
    }
    if (!reused_) build_empty();
  }

  ~MysqlTemplate() override {
    migrator_.reset();
    claim_session_.reset();
    try {
      if (!request_.keep || !sealed_) {
        with_mysql_errors("dropping " + names_.template_name, [&] { drop_database(admin_, names_.template_name); });
      }
      if (locked_) release_build_lock();
      if (use_slot_ >= 0) {
        with_mysql_errors("releasing the lock on " + names_.template_name,
                          [&] { release_use_slot(admin_, names_.template_name, use_slot_); });
      }
    } catch (const std::exception& e) {
      note_lost(problem_, names_.template_name, e);
    }
  }

  bool reused() const override { return reused_; }
  std::string rebuild_reason() const override { return rebuild_reason_; }
  std::string new_template_reason() const override { return new_template_reason_; }
  std::vector<std::string> notes() const override { return notes_; }
  std::string url() const override { return server_.url_for(names_.template_name); }
  std::size_t ready_pool() const override { return pool_.found(); }
  std::string pool_template() const override { return request_.keep && sealed_ ? names_.template_name : ""; }

  void apply(const Migration& m) override {
    std::vector<ScriptStatement> statements;
    try {
      statements = split_script(m.sql);
    } catch (const UsageError& e) {
      throw UsageError("migration " + m.path.string() + ": " + e.what());
    }
    if (!migrator_) {
      migrator_ = connect_mysql(server_, names_.template_name);
      with_mysql_errors("recording migrations in " + names_.template_name, [&] {
        migrator_->execute(fmt::format("CREATE TABLE IF NOT EXISTS {} (name VARCHAR(255) PRIMARY KEY, "
                                       "checksum CHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT "
                                       "CURRENT_TIMESTAMP) ENGINE=InnoDB",
                                       kMigrationsTable));
      });
    }
    for (const auto& statement : statements) {
      try {
        with_mysql_errors("applying " + m.path.string(), [&] { migrator_->execute(statement.sql); });
      } catch (const UsageError& e) {
        // Most MySQL DDL commits itself, so there is no transaction to roll
        // back: the template is dropped as the run ends.
        const std::string message = server_message(e.what());
        const int line = line_in_statement(message);
        throw UsageError(fmt::format("migration {}, {} {}: {}", m.path.string(),
                                     line ? "line" : "statement starting at line",
                                     statement.line + std::max(line, 1) - 1, message));
      }
    }
    with_mysql_errors("recording " + m.name, [&] {
      migrator_->execute(fmt::format("INSERT INTO {} (name, checksum) VALUES ({}, {})", kMigrationsTable,
                                     quote_literal(m.name), quote_literal(m.checksum)));
    });
  }

  void seal() override {
    if (reused_) return;
    migrator_.reset();
    with_mysql_errors("sealing template " + names_.template_name, [&] {
      auto reader = connect_mysql(server_, names_.template_name);
      auto marker = marker_for_this_process(options_.run_id, "template");
      marker.fingerprint = fingerprint_;
      marker.schema = schema_digest(*reader, names_.template_name);
      if (request_.keep) marker.used = seconds_since_epoch();
      write_marker(*reader, names_.template_name, marker);
      read_contents(*reader);
    });
    sealed_ = true;
    if (locked_) {
      // Built: other runs may copy it now, and no dropper takes it from
      // under this run's copies.
      with_mysql_errors("locking " + names_.template_name,
                        [&] { use_slot_ = take_use_slot(admin_, names_.template_name); });
      release_build_lock();
      prune();
      take_stock_of_pool();
    }
  }

  // Runs on several threads at once, each with connections of its own.
  std::unique_ptr<Clone> make_clone(int slot, CloneUser) override {
    ThreadScope thread;
    if (auto pooled = claim_from_pool()) return pooled;
    const std::string name = names_.clone(slot);
    auto session = connect_mysql(server_, "");
    with_mysql_errors("creating database " + name, [&] {
      drop_database(*session, name);  // a copy of this slot that a dead worker left
    });
    try {
      copy_database(server_, recipe_, name, marker_for_this_process(options_.run_id, "clone"), kTableConnections);
      Inventory copied;
      with_mysql_errors("checking the copy " + name, [&] { copied = read_inventory(*session, name, &inventory_); });
      const std::string difference = compare_inventories(inventory_, copied);
      if (!difference.empty()) {
        throw InfrastructureError("the copy " + name + " of " + names_.template_name +
                                  " does not match it: " + difference);
      }
    } catch (...) {
      try {
        drop_database(*session, name);
      } catch (const std::exception&) {
        // It is marked: `dbtest cleanup` finds it.
      }
      throw;
    }
    return std::make_unique<MysqlClone>(admin_, drop_mutex_, problem_, name, CloneLocation{server_.url_for(name), server_.client_environment()});
  }

 private:
  // The server counts lines from the statement's start ("... near 'x' at
  // line 3"); 0 when it does not say.
  static int line_in_statement(const std::string& message) {
    const auto at = message.rfind("at line ");
    if (at == std::string::npos) return 0;
    try {
      return std::max(1, std::stoi(message.substr(at + 8)));
    } catch (const std::exception&) {
      return 0;
    }
  }

  // The text after "MySQL refused applying <file>: ".
  static std::string server_message(const std::string& what) {
    const auto colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
  }

  // A ready copy from the pool, claimed from under any other run that wants
  // it too; nullptr when the pool is empty.
  std::unique_ptr<Clone> claim_from_pool() {
    const auto claimer = marker_for_this_process(options_.run_id, "clone");
    while (const auto name = pool_.next()) {
      bool claimed = false;
      with_mysql_errors("claiming " + *name + " from the pool", [&] {
        // One session for all claims, each one UPDATE: a new session per
        // claim would cost more than the claim.
        const std::lock_guard<std::mutex> lock(claim_mutex_);
        if (!claim_session_) claim_session_ = connect_mysql(server_, "");
        claimed = claim_pooled_clone(*claim_session_, *name, claimer);
      });
      if (claimed) {
        return std::make_unique<MysqlClone>(admin_, drop_mutex_, problem_, *name,
                                            CloneLocation{server_.url_for(*name), server_.client_environment()});
      }
    }
    return nullptr;
  }

  // Drops the pooled copies of an earlier version of this template, and
  // notes those that are ready to be claimed.
  void take_stock_of_pool() {
    try {
      with_mysql_errors("looking at the pool of " + names_.template_name, [&] {
        drop_pool_of(admin_, names_.template_name, false, options_.run_id);
        pool_.reset(ready_pool_of(databases_with_markers(admin_), names_.template_name));
      });
    } catch (const std::exception& e) {
      notes_.push_back("could not look at the pool of ready copies: " + mask_password(e.what()));
      pool_.reset({});
    }
  }

  bool try_reuse() {
    std::optional<OwnershipMarker> marker;
    bool exists = false;
    with_mysql_errors("looking for a kept template", [&] {
      exists = database_exists(admin_, names_.template_name);
      if (exists) marker = read_marker(admin_, names_.template_name);
    });
    if (!exists) return false;
    if (!marker) refuse_foreign();
    kept_marker_ = marker;
    std::string digest;
    std::map<std::string, std::string> applied;
    with_mysql_errors("reading the kept template " + names_.template_name, [&] {
      auto reader = connect_mysql(server_, names_.template_name);
      digest = schema_digest(*reader, names_.template_name);
      applied = applied_migrations(*reader, names_.template_name);
      if (marker->fingerprint == fingerprint_ && digest == marker->schema) read_contents(*reader);
    });
    if (marker->fingerprint != fingerprint_) {
      rebuild_reason_ = describe_migration_changes(applied, request_.migrations);
      return false;
    }
    if (digest != marker->schema) {
      rebuild_reason_ = "the kept template's schema was changed by hand";
      return false;
    }
    sealed_ = true;
    return true;
  }

  void build_empty() {
    with_mysql_errors("creating template " + names_.template_name, [&] {
      if (database_exists(admin_, names_.template_name)) {
        if (!read_marker(admin_, names_.template_name)) refuse_foreign();
        // A kept template built again in place: wait for the runs that still
        // copy from it (no new one comes while the build lock is held).
        for (int waited = 0; locked_ && !no_run_uses(admin_, names_.template_name); ++waited) {
          if (waited == kLockWaitSeconds) {
            throw InfrastructureError("gave up waiting for other runs to stop using " + names_.template_name);
          }
          std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        drop_database(admin_, names_.template_name);
      }
      auto marker = marker_for_this_process(options_.run_id, "template");
      marker.fingerprint = "building";
      create_database(admin_, names_.template_name, marker, app_charset_, app_collation_);
    });
  }

  // What every copy is made from and checked against.
  void read_contents(Session& reader) {
    recipe_ = read_recipe(reader, names_.template_name);
    inventory_ = read_inventory(reader, names_.template_name);
  }

  [[noreturn]] void refuse_foreign() const {
    throw UsageError("database " + names_.template_name +
                     " exists but was not made by dbtest; dbtest will not touch it (choose another --test-db-name)");
  }

  void release_build_lock() {
    locked_ = false;
    with_mysql_errors("releasing the lock on " + names_.template_name,
                      [&] { unlock_build(admin_, names_.template_name); });
  }

  // Records a reuse in the marker in one statement, so the template is never
  // seen without one.
  void update_marker(const OwnershipMarker& marker) {
    admin_.execute(fmt::format("UPDATE {}.{} SET marker = {}", quote_identifier(names_.template_name), kMarkerTable,
                               quote_literal(marker.encode())));
  }

  std::vector<KeptTemplate> all_kept() {
    return kept_templates_of(databases_with_markers(admin_), names_.base, kIdentifierLimit);
  }

  // No template is kept for this fingerprint: what differs from the one
  // kept most recently, read from its dbtest_migrations, for the run to say.
  std::string compare_with_most_recent() {
    try {
      std::string reason;
      with_mysql_errors("reading the kept templates", [&] {
        const auto kept = all_kept();
        if (kept.empty()) return;
        const std::string recent = kept.front().name;
        reason = describe_migration_changes(applied_migrations(admin_, recent), request_.migrations) + " (since " +
                 recent + ")";
      });
      return reason;
    } catch (const std::exception&) {
      return "";  // dropped meanwhile: nothing to compare with
    }
  }

  // Drops the least recently used kept templates beyond --keep-templates,
  // each only when no live run holds it.
  void prune() {
    try {
      std::vector<KeptTemplate> kept;
      with_mysql_errors("listing the kept templates", [&] { kept = all_kept(); });
      const auto drop = [&](const std::string& name) {
        bool dropped = false;
        with_mysql_errors("dropping " + name, [&] {
          dropped = drop_unless_in_use(admin_, name);
          if (dropped) drop_pool_of(admin_, name, true, options_.run_id);
        });
        return dropped;
      };
      for (auto& note : prune_kept_templates(kept, names_.template_name, request_.keep_templates, drop)) {
        notes_.push_back(std::move(note));
      }
    } catch (const std::exception& e) {
      notes_.push_back("could not drop the kept templates beyond --keep-templates: " + mask_password(e.what()));
    }
  }

  Session& admin_;
  std::string& problem_;
  const MysqlServer& server_;
  BackendOptions options_;
  TemplateRequest request_;
  std::string app_charset_;
  std::string app_collation_;
  DatabaseNames names_;
  std::string fingerprint_;
  std::unique_ptr<Session> migrator_;
  CopyRecipe recipe_;
  Inventory inventory_;
  std::optional<OwnershipMarker> kept_marker_;  // the kept template's, when one was found
  bool locked_ = false;  // the build lock
  int use_slot_ = -1;    // the use slot this run holds, once it clones
  bool reused_ = false;
  bool sealed_ = false;
  std::string rebuild_reason_;
  std::string new_template_reason_;
  std::vector<std::string> notes_;
  ReadyClones pool_;
  std::mutex claim_mutex_;
  std::mutex drop_mutex_;  // clones use admin_ to drop themselves
  std::unique_ptr<Session> claim_session_;  // claims from the pool, one at a time
};

}  // namespace

MysqlBackend::MysqlBackend(BackendOptions options) : options_(std::move(options)) {
  if (!options_.database_url) {
    throw UsageError("--backend mysql needs --database-url mysql://USER@HOST:PORT/APPDB (a password goes after USER and a ':')");
  }
  server_.url = DatabaseUrl::parse(*options_.database_url);
  app_db_ = server_.url.database;
  if (app_db_.empty() && options_.test_db_name.empty()) {
    throw UsageError("--database-url " + server_.describe() +
                     " names no database: dbtest names its databases after the application's (mysql://user@host/appdb)");
  }
  admin_ = connect_mysql(server_, "");
}

MysqlBackend::~MysqlBackend() = default;

std::unique_ptr<Template> MysqlBackend::create_template(const TemplateRequest& request) {
  return std::make_unique<MysqlTemplate>(*admin_, problem_, server_, options_, request, app_db_);
}

std::vector<Leftover> MysqlBackend::find_leftovers() {
  std::vector<Leftover> out;
  with_mysql_errors("listing dbtest's databases", [&] {
    const auto marked = mysql::databases_with_markers(*admin_);
    const auto unmarked = mysql::databases_without_markers(*admin_, marked);
    out = leftovers_of_gone_runs(marked, unmarked, options_.run_id);
    const auto names = database_names(app_db_, options_.test_db_name, options_.run_id, "", kIdentifierLimit);
    const auto filler_gone = [&](const std::string& run_id) { return mysql::filler_is_gone(*admin_, run_id); };
    add_unmarked_pool_leftovers(out, marked, unmarked, names.base, kIdentifierLimit, filler_gone);
  });
  return out;
}

std::vector<KeptTemplate> MysqlBackend::kept_templates() {
  std::vector<KeptTemplate> out;
  with_mysql_errors("listing the kept templates", [&] {
    const auto names = database_names(app_db_, options_.test_db_name, options_.run_id, "", kIdentifierLimit);
    out = kept_templates_of(mysql::databases_with_markers(*admin_), names.base, kIdentifierLimit);
  });
  return out;
}

bool MysqlBackend::drop_kept_template(const KeptTemplate& kept) {
  bool dropped = false;
  with_mysql_errors("dropping " + kept.name, [&] {
    dropped = mysql::drop_unless_in_use(*admin_, kept.name);
    if (dropped) mysql::drop_pool_of(*admin_, kept.name, true, options_.run_id);
  });
  return dropped;
}

int MysqlBackend::fill_pool(const std::string& template_name, int size) {
  int made = 0;
  with_mysql_errors("filling the pool of " + template_name, [&] {
    const auto names = database_names(app_db_, options_.test_db_name, options_.run_id, "", kIdentifierLimit);
    made = mysql::fill_pool(server_, *admin_, {template_name, size, options_.run_id, names.base, kTableConnections});
  });
  return made;
}

void MysqlBackend::drop_leftover(const Leftover& leftover) {
  with_mysql_errors("dropping " + leftover.name, [&] {
    if (leftover.pooled) {
      mysql::drop_pooled_clone(*admin_, leftover.name, options_.run_id);
      return;
    }
    // Check the marker again: only what dbtest made is ever dropped.
    if (!mysql::database_exists(*admin_, leftover.name)) return;
    if (!mysql::read_marker(*admin_, leftover.name) && !leftover.unmarked_clone) return;
    mysql::drop_database(*admin_, leftover.name);
  });
}

std::string MysqlBackend::probe_server() {
  return probe_by_connecting("MySQL", [&] { connect_mysql(server_, app_db_); });
}

}  // namespace dbtest::backends
