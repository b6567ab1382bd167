// PostgreSQL's side of the pool of ready clones (backends/common/clone_pool.hpp):
// filling it from a kept template, claiming a clone from it, and telling
// which of its databases a filler that is gone left behind.
//
// A claim and a drop of a pooled clone both take the clone's claim lock (an
// advisory lock) and change its marker only while it still says "pooled", so
// of two runs, or of a run and `dbtest cleanup`, exactly one gets it.
#pragma once

#include <pqxx/pqxx>

#include <map>
#include <string>
#include <vector>

#include "backends/common/leftovers.hpp"
#include "backends/common/ownership_marker.hpp"
#include "postgres_connection.hpp"

namespace dbtest::backends::postgres {

// Held by the filler's admin connection for as long as it runs, so others
// can tell it is alive from a lock, whatever its databases' markers say.
void hold_filler_lock(pqxx::connection& admin, const std::string& filler_run_id);
bool filler_is_gone(pqxx::connection& admin, const std::string& filler_run_id);

// Turns the pooled clone `name` into one of `claimer`'s clones. False when
// it is not pooled any more (another run claimed it, or it is gone).
bool claim_pooled_clone(pqxx::connection& connection, const std::string& name, const OwnershipMarker& claimer);

// Drops the pooled clone `name` if it is still pooled; false otherwise.
bool drop_pooled_clone(pqxx::connection& admin, const std::string& name, const std::string& run_id);

// Drops the pooled clones of `template_name` that may never be handed out
// (all of them when `all`, as when the template itself was dropped).
void drop_pool_of(pqxx::connection& admin, const std::string& template_name, bool all, const std::string& run_id);

struct PoolFill {
  std::string template_name;
  int size = 0;                // how many ready clones the pool should hold
  std::string filler_run_id;
  std::string base;            // `test_<appdb>` or --test-db-name
  std::string clone_strategy;  // CREATE DATABASE's STRATEGY, or ""
};

// Makes ready clones of the kept template until its pool holds `fill.size`,
// one after another, holding the template's use lock so no dropper takes it
// meanwhile. Returns how many it made; none when the template is gone or
// not a finished one.
// Fillers of one template take turns: one that comes while another fills
// waits, then makes only what the pool still lacks.
int fill_pool(pqxx::connection& admin, const PoolFill& fill);


}  // namespace dbtest::backends::postgres
