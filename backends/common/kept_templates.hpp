// Templates kept by --keepdb: which of a server's databases they are, and
// which of them a run drops so that at most --keep-templates stay. The same
// rules for every server engine; the engines add the locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ownership_marker.hpp"

namespace dbtest::backends {

struct KeptTemplate {
  std::string name;
  OwnershipMarker marker;
};

// The finished kept templates among `marked` (every database with a marker,
// by name) whose names grow from `base` (`test_<appdb>` or --test-db-name):
// those named kept_template_name(base, their own fingerprint), so a
// template is never taken for another application's, nor a clone or a
// template still being built for a kept one; and one named `base` alone,
// kept by a dbtest that did not name them by fingerprint yet, so pruning and
// `cleanup --templates` remove it. Most recently used first.
std::vector<KeptTemplate> kept_templates_of(const std::map<std::string, OwnershipMarker>& marked, const std::string& base,
                                            std::size_t identifier_limit);

// Which of `kept` to drop so that at most `limit` stay, counting `own`, the
// template the run uses, which is never dropped: the least recently used
// beyond the limit, oldest first. Equal times are broken by name, so the
// choice does not depend on the server's order.
std::vector<KeptTemplate> least_recently_used_beyond(std::vector<KeptTemplate> kept, const std::string& own, int limit);

// Drops the least recently used of `kept` beyond `limit` (never `own`)
// through `drop_unless_in_use`, which returns false for a template a live
// run holds and leaves it. Returns what happened to each, for the run's
// output. The engine's errors pass through.
std::vector<std::string> prune_kept_templates(const std::vector<KeptTemplate>& kept, const std::string& own, int limit,
                                              const std::function<bool(const std::string&)>& drop_unless_in_use);

// Now, as a marker records a last use.
std::int64_t seconds_since_epoch();

// "just now", "5 minutes ago", "3 days ago": how long ago `then` was.
std::string time_ago(std::int64_t then, std::int64_t now);

}  // namespace dbtest::backends
