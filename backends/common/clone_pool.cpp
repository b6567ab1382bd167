#include "clone_pool.hpp"

#include <algorithm>

namespace dbtest::backends {
namespace {

constexpr std::size_t kRunIdLength = 12;

bool is_hex(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

bool is_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string pooled_clone_name(const DatabaseNames& filler_names, int k) {
  return filler_names.clone_prefix + "p" + std::to_string(k);
}

OwnershipMarker pooled_marker(const std::string& filler_run_id, const std::string& template_name,
                              const OwnershipMarker& template_marker) {
  auto marker = marker_for_this_process(filler_run_id, "pooled");
  marker.pool_of = template_name;
  marker.fingerprint = template_marker.fingerprint;
  marker.schema = template_marker.schema;
  marker.built_by = template_marker.run_id;
  return marker;
}

bool pooled_clone_is_current(const OwnershipMarker& marker, const std::map<std::string, OwnershipMarker>& marked) {
  if (marker.kind != "pooled" || marker.pool_of.empty()) return false;
  const auto source = marked.find(marker.pool_of);
  if (source == marked.end()) return false;
  const auto& t = source->second;
  return t.kind == "template" && t.fingerprint != "building" && !t.fingerprint.empty() &&
         t.fingerprint == marker.fingerprint && t.schema == marker.schema && t.run_id == marker.built_by;
}

std::vector<std::string> ready_pool_of(const std::map<std::string, OwnershipMarker>& marked,
                                       const std::string& template_name) {
  std::vector<std::string> out;
  for (const auto& [name, m] : marked) {
    if (m.pool_of == template_name && pooled_clone_is_current(m, marked)) out.push_back(name);
  }
  return out;
}

std::vector<std::string> stale_pool_of(const std::map<std::string, OwnershipMarker>& marked,
                                       const std::string& template_name) {
  std::vector<std::string> out;
  for (const auto& [name, m] : marked) {
    if (m.kind != "pooled" || m.pool_of != template_name || pooled_clone_is_current(m, marked)) continue;
    if (!run_may_be_alive(m)) out.push_back(name);
  }
  return out;
}

std::optional<std::string> filler_of_unmarked(const std::string& name, const std::string& base, std::size_t limit) {
  const auto p = name.rfind("_p");
  if (p == std::string::npos || !is_digits(name.substr(p + 2)) || p < kRunIdLength + 1) return std::nullopt;
  const std::string run_id = name.substr(p - kRunIdLength, kRunIdLength);
  if (!is_hex(run_id)) return std::nullopt;
  // Only a name this base's filler with that run id would make.
  DatabaseNames names;
  names.clone_prefix = fit_identifier(base + "_" + run_id, limit - 4) + "_";
  if (name.rfind(names.clone_prefix + "p", 0) != 0) return std::nullopt;
  return run_id;
}

std::vector<std::string> pool_bases(const std::map<std::string, OwnershipMarker>& marked, const std::string& base,
                                    std::size_t limit) {
  std::vector<std::string> bases{base};
  for (const auto& [name, marker] : marked) {
    if (marker.kind != "template" || marker.fingerprint.empty() || name.size() <= kKeptDigestLength + 1) continue;
    const std::string candidate = name.substr(0, name.size() - kKeptDigestLength - 1);
    const bool kept = kept_template_name(candidate, marker.fingerprint, limit) == name;
    if (kept && std::find(bases.begin(), bases.end(), candidate) == bases.end()) bases.push_back(candidate);
  }
  return bases;
}

std::vector<Leftover> unmarked_pool_leftovers(const std::vector<std::string>& unmarked, const std::string& base,
                                              std::size_t limit,
                                              const std::function<bool(const std::string&)>& filler_is_gone) {
  std::vector<Leftover> out;
  for (const auto& name : unmarked) {
    const auto filler = filler_of_unmarked(name, base, limit);
    if (!filler || !filler_is_gone(*filler)) continue;
    out.push_back({name, "pooled clone of filler " + *filler + ", which was killed before it was marked", true});
  }
  return out;
}

void add_unmarked_pool_leftovers(std::vector<Leftover>& out, const std::map<std::string, OwnershipMarker>& marked,
                                 const std::vector<std::string>& unmarked, const std::string& base, std::size_t limit,
                                 const std::function<bool(const std::string&)>& filler_is_gone) {
  for (const auto& pool_base : pool_bases(marked, base, limit)) {
    for (auto& leftover : unmarked_pool_leftovers(unmarked, pool_base, limit, filler_is_gone)) {
      const bool known = std::any_of(out.begin(), out.end(), [&](const Leftover& l) { return l.name == leftover.name; });
      if (!known) out.push_back(std::move(leftover));
    }
  }
}

void ReadyClones::reset(std::vector<std::string> names) {
  const std::lock_guard<std::mutex> lock(mutex_);
  names_ = std::move(names);
  found_ = names_.size();
}

std::optional<std::string> ReadyClones::next() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (names_.empty()) return std::nullopt;
  std::string name = std::move(names_.back());
  names_.pop_back();
  return name;
}

}  // namespace dbtest::backends
