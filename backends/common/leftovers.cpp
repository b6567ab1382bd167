#include "leftovers.hpp"

#include <fmt/format.h>

#include "clone_pool.hpp"

namespace dbtest::backends {

std::vector<Leftover> leftovers_of_gone_runs(const std::map<std::string, OwnershipMarker>& marked,
                                             const std::vector<std::string>& unmarked,
                                             const std::string& current_run_id) {
  std::vector<Leftover> out;
  std::map<std::string, OwnershipMarker> gone_runs;
  for (const auto& [name, m] : marked) {
    if (m.run_id == current_run_id || run_may_be_alive(m)) continue;
    gone_runs.emplace(m.run_id, m);
    // A kept template has a name without its run's id.
    if (m.kind == "template" && m.fingerprint != "building" && name.find(m.run_id) == std::string::npos) continue;
    // A ready clone in a pool outlives the filler that made it; one made
    // from a template that was rebuilt or dropped since is stale.
    if (m.kind == "pooled") {
      if (pooled_clone_is_current(m, marked)) continue;
      out.push_back({name, fmt::format("pooled clone of {}, which was rebuilt or dropped since", m.pool_of), false, true});
      continue;
    }
    out.push_back({name, fmt::format("{} of run {} (pid {} on {}), which is gone", m.kind, m.run_id, m.pid, m.host)});
  }
  for (const auto& name : unmarked) {
    for (const auto& [run_id, m] : gone_runs) {
      if (name.find("_" + run_id + "_") == std::string::npos) continue;
      out.push_back(
          {name, fmt::format("clone of run {} (pid {} on {}), killed before it was marked", run_id, m.pid, m.host), true});
    }
  }
  return out;
}

}  // namespace dbtest::backends
