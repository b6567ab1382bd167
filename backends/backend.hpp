// The interface every database engine implements, master side.
//
// A run asks its Backend for one Template, migrates it, seals it, and then asks
// it for one Clone per worker process. Both are guards: destroying a Clone drops
// that clone, destroying a Template drops the template (unless it was kept), so
// every exit path of a run removes what the run created.
//
// The worker side of each engine (opening the clone inside the test process,
// behind worker_database.hpp) lives next to its master side, in
// backends/<engine>/; fixtures/ knows engines only through that interface.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/common/kept_templates.hpp"
#include "backends/common/leftovers.hpp"
#include "backends/common/migrations.hpp"

namespace dbtest::backends {

// What a worker needs to find its clone: the URL it sees as DBTEST_DATABASE_URL
// and any variables the engine's worker side reads besides.
struct CloneLocation {
  std::string database_url;
  std::map<std::string, std::string> environment;
};

// Who opens a clone: dbtest's worker side inside a binary linked with
// dbtest::gtest_main, or any program, which finds it through the
// environment alone (a plain GoogleTest binary).
enum class CloneUser { worker_library, any_program };

class Clone {
 public:
  virtual ~Clone() = default;
  virtual const CloneLocation& location() const = 0;
  // --keep-failed-db: the clone is not removed when the guard goes, and
  // stays for a person to look at. Returns how to open it (a shell command,
  // any password masked), or "" when there is nothing to keep. A kept server
  // database carries the run's marker, so `dbtest cleanup` removes it once
  // the run is over.
  virtual std::string keep() = 0;
};

class Template {
 public:
  virtual ~Template() = default;
  // A template kept by an earlier run and reused as it is: nothing to
  // migrate, nothing to seal.
  virtual bool reused() const = 0;
  // Why a kept template could not be reused and is built again in its place
  // ("the kept template's schema was changed by hand"); empty when it was
  // reused or when no template was kept.
  virtual std::string rebuild_reason() const = 0;
  // With --keepdb and no template kept for this fingerprint while others are:
  // how what builds it differs from the most recently used one
  // ("migrations changed: 0002_events.sql"). Empty otherwise.
  virtual std::string new_template_reason() const { return {}; }
  // What the run did to the other kept templates (dropped the least recently
  // used beyond --keep-templates, or left one another run clones from), one
  // line each, for the run to print.
  virtual std::vector<std::string> notes() const { return {}; }
  // With password: handed to `--migrate-cmd` as DBTEST_DATABASE_URL.
  virtual std::string url() const = 0;
  // Applies one migration in its own transaction where the engine allows, and
  // records its name and checksum in the dbtest_migrations table. Throws
  // UsageError naming the file, the statement's line and the engine's message.
  virtual void apply(const Migration& migration) = 0;
  // Called once after migrating: from here on the template is only copied.
  virtual void seal() = 0;
  // A fresh clone for the worker about to start in `slot`, for `user`: a
  // ready one claimed from the kept template's pool while there are any,
  // else one made now. Called from several threads at once; Clones are
  // destroyed on several threads at once too (--isolation test drops the
  // clones tests are done with in the background). `slot` names the clone:
  // numbers past the workers' slots are fresh clones of that kind.
  virtual std::unique_ptr<Clone> make_clone(int slot, CloneUser user) = 0;
  // How many ready clones the kept template's pool held when the run began.
  virtual std::size_t ready_pool() const { return 0; }
  // The kept template a pool of ready clones is to be filled from once the
  // run is over (`Backend::fill_pool`); empty when the template is not kept
  // or the engine keeps no pool.
  virtual std::string pool_template() const { return {}; }
};

// What a run asks of its template.
struct TemplateRequest {
  // Names what builds the template (migration files, or the migrate command
  // and its inputs): equal fingerprints build equal schemas.
  std::string fingerprint;
  // The migration files, so a rebuild can say which of them changed.
  std::vector<Migration> migrations;
  // --keepdb: keep the template for later runs, and reuse a kept one whose
  // fingerprint and schema still match. Kept templates are named by their
  // fingerprint, so each set of migrations has one of its own.
  bool keep = false;
  // --keep-templates: how many kept templates of the application database
  // stay, this run's included; the least recently used beyond are dropped.
  int keep_templates = 3;
};

struct BackendOptions {
  std::string run_id;
  // Private to this run (mode 0700) and removed at its end.
  std::filesystem::path scratch_dir;
  std::optional<std::string> database_url;
  // SQLite: "memory" (each worker backs the template up into memory) or "file".
  std::string sqlite_mode = "memory";
  // Server engines: the template's name instead of test_<appdb>.
  std::string test_db_name;
  // PostgreSQL: CREATE DATABASE's STRATEGY, "wal_log" or "file_copy"; empty
  // lets the backend choose.
  std::string clone_strategy;
  // --isolation test: clones are made all through the run, beside the tests.
  bool clones_beside_tests = false;
  // --keep-failed-db: where SQLite keeps the clones of failed tests (they
  // live in memory or in the scratch folder otherwise); empty when off.
  std::filesystem::path kept_dir;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<Template> create_template(const TemplateRequest& request) = 0;
  // Databases of runs that are gone (their marker names a process that no
  // longer runs on this host). Never a database without a marker.
  virtual std::vector<Leftover> find_leftovers() = 0;
  virtual void drop_leftover(const Leftover& leftover) = 0;
  // The templates --keepdb kept for this application database (or
  // --test-db-name), most recently used first. Never a leftover: plain
  // `dbtest cleanup` leaves them.
  virtual std::vector<KeptTemplate> kept_templates() { return {}; }
  // Drops a kept template, and the ready clones in its pool, unless a live
  // run is cloning from it or building it, or a filler filling its pool;
  // returns false then, and drops nothing. Never waits for that run.
  virtual bool drop_kept_template(const KeptTemplate& kept) { (void)kept; return false; }
  // Makes ready clones of the kept template `template_name` until its pool
  // holds `size`; how many it made. Run by `dbtest fill-pool`, a process of
  // its own that a --keepdb run starts as it ends.
  virtual int fill_pool(const std::string& template_name, int size) {
    (void)template_name;
    (void)size;
    return 0;
  }
  // What went wrong with the server itself during the run (it went away, so
  // clones could not be dropped), for the run to end with an error; empty
  // when nothing did. Asked after every template and clone is gone.
  virtual std::string server_problem() const { return {}; }
  // Connects afresh: what keeps the server from answering now ("the
  // PostgreSQL server went away during the run: ..."), or "" when it answers.
  // Asked after tests fail, to tell a dead server from failing tests.
  virtual std::string probe_server() { return {}; }
};

// The backend named "sqlite", "postgres"/"postgresql" or "mysql"; with no name,
// the one the URL's scheme names, and SQLite when there is no URL either.
// Throws UsageError for an unknown name or one this build cannot serve.
std::unique_ptr<Backend> make_backend(const std::optional<std::string>& name, const BackendOptions& options);

}  // namespace dbtest::backends
