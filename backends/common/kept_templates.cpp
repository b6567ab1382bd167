#include "kept_templates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "database_names.hpp"

namespace dbtest::backends {
namespace {

bool more_recent(const KeptTemplate& a, const KeptTemplate& b) {
  if (a.marker.used != b.marker.used) return a.marker.used > b.marker.used;
  return a.name < b.name;
}

}  // namespace

std::vector<KeptTemplate> kept_templates_of(const std::map<std::string, OwnershipMarker>& marked, const std::string& base,
                                            std::size_t identifier_limit) {
  std::vector<KeptTemplate> out;
  for (const auto& [name, marker] : marked) {
    if (marker.kind != "template" || marker.fingerprint.size() < kKeptDigestLength || marker.fingerprint == "building") {
      continue;
    }
    // `base` itself: a template kept before kept templates were named by
    // their fingerprint, which no run reuses any more.
    if (name != kept_template_name(base, marker.fingerprint, identifier_limit) && name != base) continue;
    out.push_back({name, marker});
  }
  std::sort(out.begin(), out.end(), more_recent);
  return out;
}

std::vector<KeptTemplate> least_recently_used_beyond(std::vector<KeptTemplate> kept, const std::string& own, int limit) {
  kept.erase(std::remove_if(kept.begin(), kept.end(), [&](const KeptTemplate& k) { return k.name == own; }), kept.end());
  std::sort(kept.begin(), kept.end(), more_recent);
  // The run's own template takes one of the places.
  const auto others_kept = static_cast<std::size_t>(std::max(limit - 1, 0));
  if (kept.size() <= others_kept) return {};
  std::vector<KeptTemplate> out(kept.begin() + static_cast<std::ptrdiff_t>(others_kept), kept.end());
  std::reverse(out.begin(), out.end());
  return out;
}

std::int64_t seconds_since_epoch() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string time_ago(std::int64_t then, std::int64_t now) {
  if (then <= 0) return "at an unknown time";
  const std::int64_t s = std::max<std::int64_t>(now - then, 0);
  const auto ago = [](std::int64_t n, const char* unit) { return fmt::format("{} {}{} ago", n, unit, n == 1 ? "" : "s"); };
  if (s < 60) return "just now";
  if (s < 3600) return ago(s / 60, "minute");
  if (s < 86400) return ago(s / 3600, "hour");
  return ago(s / 86400, "day");
}

std::vector<std::string> prune_kept_templates(const std::vector<KeptTemplate>& kept, const std::string& own, int limit,
                                              const std::function<bool(const std::string&)>& drop_unless_in_use) {
  std::vector<std::string> notes;
  for (const auto& old : least_recently_used_beyond(kept, own, limit)) {
    if (drop_unless_in_use(old.name)) {
      notes.push_back(fmt::format("dropped the kept template {}, last used {}, beyond --keep-templates {}", old.name,
                                  time_ago(old.marker.used, seconds_since_epoch()), limit));
    } else {
      notes.push_back(
          fmt::format("left the kept template {} beyond --keep-templates {}: another run is using it", old.name, limit));
    }
  }
  return notes;
}

}  // namespace dbtest::backends
