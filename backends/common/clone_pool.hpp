// The pool of ready clones that a --keepdb run leaves for the next one: which
// databases belong to it, and when one may be handed out. The same rules for
// every server engine; the engines add how a clone is claimed atomically and
// how a filler shows it is alive (a lock its connection holds).
//
// A pool is filled after a run by `dbtest fill-pool`, a detached process of
// its own with a run id of its own. Each clone it makes is named
// `<base>_<filler run>_p<k>`, so one killed between CREATE DATABASE and its
// marker is still recognised as the pool's, and marked "pooled" with the
// template's name, fingerprint and schema digest. A run claims a pooled
// clone by turning that marker into its own clone marker in one atomic step,
// so a clone is handed to one worker of one run, never twice.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "database_names.hpp"
#include "leftovers.hpp"
#include "ownership_marker.hpp"

namespace dbtest::backends {

// The largest pool a filler makes for one template.
inline constexpr int kMaxPoolSize = 99;

// The k-th clone a filler whose names are `filler_names` makes (1-based).
std::string pooled_clone_name(const DatabaseNames& filler_names, int k);

// The marker of a clone pooled from `template_name`, whose own marker is
// `template_marker`, made by the filler with `filler_run_id`.
OwnershipMarker pooled_marker(const std::string& filler_run_id, const std::string& template_name,
                              const OwnershipMarker& template_marker);

// Whether `marker` (of a pooled clone) was made from the template named in it
// as that template is now: built by the same run, with the same fingerprint
// and schema, and finished. `marked`: every database with a marker, by name.
bool pooled_clone_is_current(const OwnershipMarker& marker, const std::map<std::string, OwnershipMarker>& marked);

// The pooled clones of `template_name` that may be handed out, in name order.
std::vector<std::string> ready_pool_of(const std::map<std::string, OwnershipMarker>& marked,
                                       const std::string& template_name);

// The pooled clones of `template_name` that may never be handed out: made
// from another version of it, by fillers that are gone.
std::vector<std::string> stale_pool_of(const std::map<std::string, OwnershipMarker>& marked,
                                       const std::string& template_name);

// For a database without a marker named `<base>_<run>_p<k>`: the filler's run
// id, to ask the engine whether that filler still runs. nullopt for any
// other name, which is never taken for the pool's.
std::optional<std::string> filler_of_unmarked(const std::string& name, const std::string& base, std::size_t limit);

// The bases whose pools may hold such databases: `base` (the one the command
// line names) and that of every kept template among `marked`, so that plain
// `dbtest cleanup` finds the half-made clones of a pool whatever
// --test-db-name its run had.
std::vector<std::string> pool_bases(const std::map<std::string, OwnershipMarker>& marked, const std::string& base,
                                    std::size_t limit);

// Databases without a marker named like a pooled clone of `base` whose
// filler `filler_is_gone` says no longer runs: killed between CREATE DATABASE
// and its marker.
std::vector<Leftover> unmarked_pool_leftovers(const std::vector<std::string>& unmarked, const std::string& base,
                                              std::size_t limit,
                                              const std::function<bool(const std::string&)>& filler_is_gone);

// Adds to `out` what unmarked_pool_leftovers finds for every base of
// pool_bases, each database once.
void add_unmarked_pool_leftovers(std::vector<Leftover>& out, const std::map<std::string, OwnershipMarker>& marked,
                                 const std::vector<std::string>& unmarked, const std::string& base, std::size_t limit,
                                 const std::function<bool(const std::string&)>& filler_is_gone);

// The ready clones a run found in its template's pool and has not tried to
// claim yet; the clone threads take them one at a time.
class ReadyClones {
 public:
  void reset(std::vector<std::string> names);
  // The next one to try, or nullopt when none is left.
  std::optional<std::string> next();
  // How many there were when the run found them.
  std::size_t found() const { return found_; }

 private:
  std::mutex mutex_;
  std::vector<std::string> names_;
  std::size_t found_ = 0;
};

}  // namespace dbtest::backends
