// Which databases on a server are leftovers of runs that are gone, from their
// ownership markers: the same rule for every server engine.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ownership_marker.hpp"

namespace dbtest::backends {

// A database an earlier run left behind, found by its ownership marker.
struct Leftover {
  std::string name;
  std::string description;  // "template of run 3f2a… (pid 4242 on ci-7), gone"
  // A clone the run made but was killed before it could mark: found by its
  // run id next to that run's marked databases, never by name alone.
  bool unmarked_clone = false;
  // A clone in a pool: dropped only while it is still pooled, never once a
  // run has claimed it.
  bool pooled = false;
};

// `marked`: every database with a marker, by name; `unmarked`: the names of
// the others this account can see. A marked database is a leftover when its
// run is not `current_run_id` and is gone, except a kept template, which is
// meant to outlive its run, and a ready clone in a pool (clone_pool.hpp)
// whose template is still the one it was made from. An unmarked one is a leftover only when its name
// carries the id of such a gone run: a clone killed between its CREATE and
// its marker, never a database matched by name alone.
std::vector<Leftover> leftovers_of_gone_runs(const std::map<std::string, OwnershipMarker>& marked,
                                             const std::vector<std::string>& unmarked,
                                             const std::string& current_run_id);

}  // namespace dbtest::backends
