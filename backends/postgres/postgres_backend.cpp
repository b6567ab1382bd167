#include "postgres_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "backends/common/clone_pool.hpp"
#include "backends/common/database_names.hpp"
#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "backends/common/leftovers.hpp"
#include "backends/common/ownership_marker.hpp"
#include "backends/common/server_probe.hpp"
#include "backends/common/sha256.hpp"
#include "postgres_catalog.hpp"
#include "postgres_clone_pool.hpp"
#include "postgres_template_locks.hpp"

namespace dbtest::backends {
namespace {

using namespace postgres;

constexpr std::size_t kIdentifierLimit = 63;  // NAMEDATALEN - 1

// Remembers the first database that could not be dropped: the server went
// away, and the run must not end as if all were well.
void note_lost(std::string& problem, const std::string& name, const std::exception& e) {
  if (!problem.empty()) return;
  std::string message = mask_password(e.what());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const bool gone = dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
                    message.find("not connected") != std::string::npos;
  problem = gone ? "the PostgreSQL server could not be reached to drop " + name + " (" + message +
                       "); what the run made is marked, and `dbtest cleanup` removes it once the server is back"
                 : "could not drop " + name + ": " + message + "; it is marked, and `dbtest cleanup` removes it";
}

class PostgresClone : public Clone {
 public:
  PostgresClone(pqxx::connection& admin, std::mutex& admin_mutex, std::string& problem, std::string name, CloneLocation location)
      : admin_(admin),
        admin_mutex_(admin_mutex),
        problem_(problem),
        name_(std::move(name)),
        location_(std::move(location)) {}
  ~PostgresClone() override {
    if (kept_) return;
    // Clones are dropped on several threads at once under --isolation test,
    // and they share the template's connection.
    const std::lock_guard<std::mutex> lock(admin_mutex_);
    try {
      drop_database(admin_, name_);
    } catch (const std::exception& e) {
      note_lost(problem_, name_, e);
    }
  }
  const CloneLocation& location() const override { return location_; }
  std::string keep() override {
    kept_ = true;
    return "psql '" + mask_password(location_.database_url) + "'";
  }

 private:
  bool kept_ = false;
  pqxx::connection& admin_;
  std::mutex& admin_mutex_;
  std::string& problem_;
  std::string name_;
  CloneLocation location_;
};

class PostgresTemplate : public Template {
 public:
  PostgresTemplate(pqxx::connection& admin, std::string& problem, const PostgresServer& server,
                   const BackendOptions& options, const TemplateRequest& request, const std::string& app_db)
      : admin_(admin), problem_(problem), server_(server), options_(options), request_(request) {
    fingerprint_ = sha256_hex(request.fingerprint + "\npostgresql " + std::to_string(admin.server_version() / 10000));
    names_ = database_names(app_db, options.test_db_name, options.run_id, request.keep ? fingerprint_ : "",
                            kIdentifierLimit);
    if (request.keep) {
      with_postgres_errors("waiting for the lock on " + names_.template_name,
                           [&] { lock_build(admin_, names_.template_name); });
      locked_ = true;
      reused_ = try_reuse();
      if (reused_) {
        with_postgres_errors("recording the use of " + names_.template_name, [&] {
          // Used from now on: no dropper takes it from under the clones.
          share_use(admin_, names_.template_name);
          sharing_ = true;
          auto marker = *kept_marker_;
          marker.used = seconds_since_epoch();
          set_marker(admin_, names_.template_name, marker);
          // Reused as it is: other runs may check and reuse it too.
          release_build_lock();
        });
        prune();
        take_stock_of_pool();
        choose_clone_strategy();
      } else if (rebuild_reason_.empty()) {
        new_template_reason_ = compare_with_most_recent();
      }
    }
    if (!reused_) build_empty();
  }

  ~PostgresTemplate() override {
    try {
      if (!request_.keep || !sealed_) drop_database(admin_, names_.template_name);
      if (exclusive_use_) unlock_use_exclusively(admin_, names_.template_name);
      if (locked_) release_build_lock();
      if (sharing_) unshare_use(admin_, names_.template_name);
    } catch (const std::exception& e) {
      note_lost(problem_, names_.template_name, e);
    }
  }

  bool reused() const override { return reused_; }
  std::string rebuild_reason() const override { return rebuild_reason_; }
  std::string new_template_reason() const override { return new_template_reason_; }
  std::vector<std::string> notes() const override { return notes_; }
  std::string url() const override { return server_.url_for(names_.template_name, admin_); }
  std::size_t ready_pool() const override { return pool_.found(); }
  std::string pool_template() const override { return request_.keep && sealed_ ? names_.template_name : ""; }

  void apply(const Migration& m) override {
    if (!migrator_) {
      migrator_ = connect_postgres(server_, names_.template_name);
      pqxx::nontransaction tx(*migrator_);
      tx.exec0("CREATE TABLE dbtest_migrations (name text PRIMARY KEY, checksum text NOT NULL, "
               "applied_at timestamptz NOT NULL DEFAULT now())");
    }
    try {
      pqxx::work tx(*migrator_);
      tx.exec(m.sql);
      tx.exec_params("INSERT INTO dbtest_migrations(name, checksum) VALUES ($1, $2)", m.name, m.checksum);
      tx.commit();
    } catch (const pqxx::broken_connection& e) {
      throw InfrastructureError("the PostgreSQL server went away while applying " + m.path.string() + ": " + e.what());
    } catch (const pqxx::sql_error& e) {
      // libpq's message already names the line ("LINE 4: ...") of the file.
      std::string message = e.what();
      while (!message.empty() && message.back() == '\n') message.pop_back();
      throw UsageError("migration " + m.path.string() + " failed: " + message);
    }
  }

  void seal() override {
    if (reused_) return;
    with_postgres_errors("sealing template " + names_.template_name, [&] {
      if (!migrator_) migrator_ = connect_postgres(server_, names_.template_name);
      auto marker = marker_for_this_process(options_.run_id, "template");
      marker.fingerprint = fingerprint_;
      marker.schema = schema_digest(*migrator_);
      if (request_.keep) marker.used = seconds_since_epoch();
      migrator_.reset();
      set_marker(admin_, names_.template_name, marker);
      seal_template(admin_, names_.template_name);
      require_no_sessions();
    });
    sealed_ = true;
    if (locked_) {
      // Built: other runs may clone it now, and no dropper takes it from
      // under this run's clones.
      with_postgres_errors("locking " + names_.template_name, [&] {
        share_use(admin_, names_.template_name);
        sharing_ = true;
        if (exclusive_use_) {
          unlock_use_exclusively(admin_, names_.template_name);
          exclusive_use_ = false;
        }
        release_build_lock();
      });
      prune();
      take_stock_of_pool();
    }
    choose_clone_strategy();
  }

  // Runs on several threads at once, so each call has a connection of its own.
  std::unique_ptr<Clone> make_clone(int slot, CloneUser) override {
    if (auto pooled = claim_from_pool()) return pooled;
    const std::string name = names_.clone(slot);
    CloneLocation location;
    with_postgres_errors("creating database " + name, [&] {
      auto connection = connect_postgres(server_, "");
      drop_database(*connection, name);  // a clone of this slot that a dead worker left
      const auto marker = marker_for_this_process(options_.run_id, "clone");
      try {
        create_database(*connection, name, marker, names_.template_name, options_.clone_strategy);
      } catch (const pqxx::sql_error& e) {
        if (std::string(e.what()).find("being accessed by other users") == std::string::npos) throw;
        // A stray session on our own template: end it and try once more.
        end_sessions(*connection, names_.template_name);
        create_database(*connection, name, marker, names_.template_name, options_.clone_strategy);
      }
      location = {server_.url_for(name, *connection), server_.libpq_environment(name, *connection)};
    });
    return std::make_unique<PostgresClone>(admin_, admin_mutex_, problem_, name, std::move(location));
  }

 private:
  // A kept template is reused only when it is dbtest's, was built from the
  // same fingerprint, and its schema is still what was built.
  bool try_reuse() {
    std::optional<DatabaseInfo> info;
    with_postgres_errors("looking for a kept template", [&] { info = find_database(admin_, names_.template_name); });
    if (!info) return false;  // the first run with --keepdb
    if (!info->marker) {
      throw UsageError("database " + names_.template_name +
                       " exists but was not made by dbtest; dbtest will not touch it (choose another --test-db-name)");
    }
    std::string digest;
    std::map<std::string, std::string> applied;
    with_postgres_errors("reading the kept template " + names_.template_name, [&] {
      open_template(admin_, names_.template_name);
      {
        auto reader = connect_postgres(server_, names_.template_name);
        digest = schema_digest(*reader);
        applied = applied_migrations(*reader);
      }
      seal_template(admin_, names_.template_name);
    });
    kept_marker_ = info->marker;
    if (info->marker->fingerprint != fingerprint_) {
      rebuild_reason_ = describe_migration_changes(applied, request_.migrations);
      return false;
    }
    if (digest != info->marker->schema) {
      rebuild_reason_ = "the kept template's schema was changed by hand";
      return false;
    }
    // A session left on the template would make every CREATE DATABASE wait
    // and fail; the template is dbtest's, so its sessions may be ended.
    with_postgres_errors("ending sessions on " + names_.template_name, [&] { require_no_sessions(); });
    sealed_ = true;
    return true;
  }

  // A ready clone from the pool, claimed from under any other run that wants
  // it too; nullptr when the pool is empty.
  std::unique_ptr<Clone> claim_from_pool() {
    const auto claimer = marker_for_this_process(options_.run_id, "clone");
    while (const auto name = pool_.next()) {
      std::unique_ptr<Clone> clone;
      with_postgres_errors("claiming " + *name + " from the pool", [&] {
        // Claims share the template's connection with the drops: each is a
        // short transaction, and a connection of their own would put a
        // password authentication (with SCRAM, about 13 ms of CPU) on the
        // way to the first worker.
        const std::lock_guard<std::mutex> lock(admin_mutex_);
        if (!claim_pooled_clone(admin_, *name, claimer)) return;
        clone = std::make_unique<PostgresClone>(
            admin_, admin_mutex_, problem_, *name,
            CloneLocation{server_.url_for(*name, admin_), server_.libpq_environment(*name, admin_)});
      });
      if (clone) return clone;
    }
    return nullptr;
  }

  // Once the template is what its clones copy.
  void choose_clone_strategy() {
    if (!options_.clone_strategy.empty()) return;
    with_postgres_errors("choosing how to clone " + names_.template_name, [&] {
      options_.clone_strategy = default_clone_strategy(admin_, options_.clones_beside_tests);
    });
  }

  // Drops the pooled clones of an earlier version of this template, and
  // notes those that are ready to be claimed.
  void take_stock_of_pool() {
    try {
      with_postgres_errors("looking at the pool of " + names_.template_name, [&] {
        drop_pool_of(admin_, names_.template_name, false, options_.run_id);
        std::map<std::string, OwnershipMarker> marked;
        for (const auto& db : databases_with_markers(admin_)) marked.emplace(db.name, *db.marker);
        pool_.reset(ready_pool_of(marked, names_.template_name));
      });
    } catch (const std::exception& e) {
      notes_.push_back("could not look at the pool of ready clones: " + mask_password(e.what()));
      pool_.reset({});
    }
  }

  void build_empty() {
    with_postgres_errors("creating template " + names_.template_name, [&] {
      if (auto existing = find_database(admin_, names_.template_name)) {
        if (!existing->marker) {
          throw UsageError("database " + names_.template_name +
                           " exists but was not made by dbtest; dbtest will not touch it (choose another --test-db-name)");
        }
        if (locked_) {
          // A kept template built again in place: wait for the runs that
          // still clone from it (no new one comes while the build lock is held).
          lock_use_exclusively(admin_, names_.template_name);
          exclusive_use_ = true;
        }
        drop_database(admin_, names_.template_name);
      }
      auto marker = marker_for_this_process(options_.run_id, "template");
      marker.fingerprint = "building";
      create_database(admin_, names_.template_name, marker);
    });
  }

  void require_no_sessions() {
    const auto stuck = end_sessions(admin_, names_.template_name);
    if (stuck.empty()) return;
    std::string who;
    for (const auto& s : stuck) who += (who.empty() ? "" : "; ") + s;
    throw UsageError("template " + names_.template_name + " is in use and dbtest may not end the session(s): " + who);
  }

  void release_build_lock() {
    locked_ = false;
    unlock_build(admin_, names_.template_name);
  }

  std::vector<KeptTemplate> all_kept() {
    std::map<std::string, OwnershipMarker> marked;
    for (const auto& db : databases_with_markers(admin_)) marked.emplace(db.name, *db.marker);
    return kept_templates_of(marked, names_.base, kIdentifierLimit);
  }

  // No template is kept for this fingerprint: what differs from the one
  // kept most recently, read from its dbtest_migrations, for the run to say.
  std::string compare_with_most_recent() {
    try {
      std::vector<KeptTemplate> kept;
      with_postgres_errors("listing the kept templates", [&] { kept = all_kept(); });
      if (kept.empty()) return "";
      const std::string recent = kept.front().name;
      std::map<std::string, std::string> applied;
      try {
        open_template(admin_, recent);
        {
          auto reader = connect_postgres(server_, recent);
          applied = applied_migrations(*reader);
        }
        seal_template(admin_, recent);
      } catch (const std::exception&) {
        // Another run ended this session to clone the template: say less.
        seal_template(admin_, recent);
        return "what builds the template changed since " + recent + " was built";
      }
      return describe_migration_changes(applied, request_.migrations) + " (since " + recent + ")";
    } catch (const std::exception&) {
      return "";
    }
  }

  // Drops the least recently used kept templates beyond --keep-templates,
  // each only when no live run holds it.
  void prune() {
    try {
      std::vector<KeptTemplate> kept;
      with_postgres_errors("listing the kept templates", [&] { kept = all_kept(); });
      const auto drop = [&](const std::string& name) {
        bool dropped = false;
        with_postgres_errors("dropping " + name, [&] {
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

  pqxx::connection& admin_;
  std::string& problem_;
  const PostgresServer& server_;
  BackendOptions options_;
  TemplateRequest request_;
  DatabaseNames names_;
  std::string fingerprint_;
  std::unique_ptr<pqxx::connection> migrator_;
  std::optional<OwnershipMarker> kept_marker_;  // the kept template's, when one was found
  bool locked_ = false;         // the build lock
  bool sharing_ = false;        // the use lock, shared
  bool exclusive_use_ = false;  // the use lock, to rebuild in place
  bool reused_ = false;
  bool sealed_ = false;
  std::string rebuild_reason_;
  std::string new_template_reason_;
  std::vector<std::string> notes_;
  ReadyClones pool_;
  std::mutex admin_mutex_;  // admin_ on the clone threads: claims from the pool, and clones dropping themselves
};

}  // namespace

PostgresBackend::PostgresBackend(BackendOptions options) : options_(std::move(options)) {
  if (options_.database_url) server_.url = DatabaseUrl::parse(*options_.database_url);
  if (!options_.clone_strategy.empty() && options_.clone_strategy != "wal_log" && options_.clone_strategy != "file_copy") {
    throw UsageError("--pg-clone-strategy must be 'wal_log' or 'file_copy', not '" + options_.clone_strategy + "'");
  }
  admin_ = connect_postgres(server_, "");
  app_db_ = admin_->dbname() ? admin_->dbname() : "";
}

PostgresBackend::~PostgresBackend() = default;

std::unique_ptr<Template> PostgresBackend::create_template(const TemplateRequest& request) {
  return std::make_unique<PostgresTemplate>(*admin_, problem_, server_, options_, request, app_db_);
}

std::vector<Leftover> PostgresBackend::find_leftovers() {
  std::vector<Leftover> out;
  with_postgres_errors("listing dbtest's databases", [&] {
    std::map<std::string, OwnershipMarker> marked;
    for (const auto& db : databases_with_markers(*admin_)) marked.emplace(db.name, *db.marker);
    const auto unmarked = databases_without_markers(*admin_);
    out = leftovers_of_gone_runs(marked, unmarked, options_.run_id);
    const auto names = database_names(app_db_, options_.test_db_name, options_.run_id, "", kIdentifierLimit);
    const auto filler_gone = [&](const std::string& run_id) { return filler_is_gone(*admin_, run_id); };
    add_unmarked_pool_leftovers(out, marked, unmarked, names.base, kIdentifierLimit, filler_gone);
  });
  return out;
}

std::vector<KeptTemplate> PostgresBackend::kept_templates() {
  std::vector<KeptTemplate> out;
  with_postgres_errors("listing the kept templates", [&] {
    const auto names = database_names(app_db_, options_.test_db_name, options_.run_id, "", kIdentifierLimit);
    std::map<std::string, OwnershipMarker> marked;
    for (const auto& db : databases_with_markers(*admin_)) marked.emplace(db.name, *db.marker);
    out = kept_templates_of(marked, names.base, kIdentifierLimit);
  });
  return out;
}

bool PostgresBackend::drop_kept_template(const KeptTemplate& kept) {
  bool dropped = false;
  with_postgres_errors("dropping " + kept.name, [&] {
    dropped = drop_unless_in_use(*admin_, kept.name);
    if (dropped) drop_pool_of(*admin_, kept.name, true, options_.run_id);
  });
  return dropped;
}

int PostgresBackend::fill_pool(const std::string& template_name, int size) {
  int made = 0;
  with_postgres_errors("filling the pool of " + template_name, [&] {
    const auto names = database_names(app_db_, options_.test_db_name, options_.run_id, "", kIdentifierLimit);
    const auto strategy =
        options_.clone_strategy.empty() ? default_clone_strategy(*admin_, false) : options_.clone_strategy;
    made = postgres::fill_pool(*admin_, {template_name, size, options_.run_id, names.base, strategy});
  });
  return made;
}

void PostgresBackend::drop_leftover(const Leftover& leftover) {
  const auto drop = [&] {
    // Check the marker again: only what dbtest made is ever dropped.
    if (leftover.pooled) {
      drop_pooled_clone(*admin_, leftover.name, options_.run_id);
      return;
    }
    const auto info = find_database(*admin_, leftover.name);
    if (!info || (!info->marker && !leftover.unmarked_clone)) return;
    drop_database(*admin_, leftover.name);
  };
  try {
    with_postgres_errors("dropping " + leftover.name, drop);
  } catch (const InfrastructureError&) {
    // Another `dbtest cleanup` on the same server may be dropping the same
    // leftovers, and a lost race can leave this connection unusable. A
    // fresh one finds the database gone, or drops it.
    with_postgres_errors("dropping " + leftover.name, [&] {
      admin_ = connect_postgres(server_, app_db_);
      drop();
    });
  }
}

std::string PostgresBackend::probe_server() {
  // A server that does not answer must not hold the run up for long.
  PostgresServer probe = server_;
  if (probe.url && !probe.url->params.count("connect_timeout")) probe.url->params["connect_timeout"] = "5";
  return probe_by_connecting("PostgreSQL", [&] { connect_postgres(probe, app_db_); });
}

}  // namespace dbtest::backends
