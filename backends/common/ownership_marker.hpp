// The mark every database dbtest creates carries: which run made it, on which
// host, in which process, and for a template what built it. dbtest drops only
// databases that carry a marker, and cleans up only those whose run is gone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dbtest::backends {

struct OwnershipMarker {
  std::string run_id;
  std::string host;
  std::int64_t pid = 0;
  std::string kind;         // "template", "clone" or "pooled" (a ready clone waiting for a run)
  std::string fingerprint;  // templates: what built it; pooled clones: their template's
  std::string schema;       // templates: digest of the schema when it was built; pooled clones: their template's
  std::int64_t used = 0;    // kept templates: when a run last built or reused it (Unix seconds)
  std::string pool_of{};    // pooled clones: the kept template they were made from
  std::string built_by{};   // pooled clones: the run that built that template, so a rebuild is told apart

  // "dbtest:" followed by compact JSON, short enough for a database comment.
  std::string encode() const;
  // nullopt for text that is not a dbtest marker.
  static std::optional<OwnershipMarker> decode(const std::string& text);
};

// This process as a marker sees it.
OwnershipMarker marker_for_this_process(const std::string& run_id, const std::string& kind);

// Whether the run that wrote `marker` may still be alive: true for another
// host, where dbtest cannot tell.
bool run_may_be_alive(const OwnershipMarker& marker);

}  // namespace dbtest::backends
