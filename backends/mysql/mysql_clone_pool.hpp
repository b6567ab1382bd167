// MySQL's side of the pool of ready clones (backends/common/clone_pool.hpp):
// filling it with verified copies of a kept template, claiming a copy from it,
// and telling which of its databases a filler that is gone left behind.
//
// A claim and a drop of a pooled copy both rewrite its marker row with one
// UPDATE that matches only while it still says "pooled", so of two runs, or
// of a run and `dbtest cleanup`, exactly one gets it.
#pragma once

#include <string>
#include <vector>

#include "backends/common/leftovers.hpp"
#include "backends/common/ownership_marker.hpp"
#include "mysql_connection.hpp"

namespace dbtest::backends::mysql {

// Held by the filler's admin session for as long as it runs.
void hold_filler_lock(Session& admin, const std::string& filler_run_id);
bool filler_is_gone(Session& admin, const std::string& filler_run_id);

// Turns the pooled copy `name` into one of `claimer`'s copies. False when it
// is not pooled any more (another run claimed it, or it is gone).
bool claim_pooled_clone(Session& session, const std::string& name, const OwnershipMarker& claimer);

// Drops the pooled copy `name` if it is still pooled; false otherwise.
bool drop_pooled_clone(Session& admin, const std::string& name, const std::string& run_id);

// Drops the pooled copies of `template_name` that may never be handed out
// (all of them when `all`, as when the template itself was dropped).
void drop_pool_of(Session& admin, const std::string& template_name, bool all, const std::string& run_id);

struct PoolFill {
  std::string template_name;
  int size = 0;  // how many ready copies the pool should hold
  std::string filler_run_id;
  std::string base;  // `test_<appdb>` or --test-db-name
  int table_connections = 1;
};

// Makes verified copies of the kept template until its pool holds
// `fill.size`, one after another, holding one of the template's use slots so
// no dropper takes it meanwhile. Returns how many it made; none when the
// template is gone or not a finished one.
// Fillers of one template take turns: one that comes while another fills
// waits, then makes only what the pool still lacks.
int fill_pool(const MysqlServer& server, Session& admin, const PoolFill& fill);


}  // namespace dbtest::backends::mysql
