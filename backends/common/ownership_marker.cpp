#include "ownership_marker.hpp"

#include <nlohmann/json.hpp>

#include "base/process_info.hpp"

namespace dbtest::backends {
namespace {
constexpr const char* kPrefix = "dbtest:";
}

std::string OwnershipMarker::encode() const {
  nlohmann::json j = {{"run", run_id}, {"host", host}, {"pid", pid}, {"kind", kind}};
  if (!fingerprint.empty()) j["fingerprint"] = fingerprint;
  if (!schema.empty()) j["schema"] = schema;
  if (used != 0) j["used"] = used;
  if (!pool_of.empty()) j["of"] = pool_of;
  if (!built_by.empty()) j["built"] = built_by;
  return kPrefix + j.dump();
}

std::optional<OwnershipMarker> OwnershipMarker::decode(const std::string& text) {
  if (text.rfind(kPrefix, 0) != 0) return std::nullopt;
  const auto j = nlohmann::json::parse(text.substr(7), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    OwnershipMarker m;
    m.run_id = j.at("run").get<std::string>();
    m.host = j.at("host").get<std::string>();
    m.pid = j.at("pid").get<std::int64_t>();
    m.kind = j.at("kind").get<std::string>();
    m.fingerprint = j.value("fingerprint", "");
    m.schema = j.value("schema", "");
    m.used = j.value("used", std::int64_t{0});
    m.pool_of = j.value("of", "");
    m.built_by = j.value("built", "");
    return m;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

OwnershipMarker marker_for_this_process(const std::string& run_id, const std::string& kind) {
  OwnershipMarker marker;
  marker.run_id = run_id;
  marker.host = host_name();
  marker.pid = current_pid();
  marker.kind = kind;
  return marker;
}

bool run_may_be_alive(const OwnershipMarker& marker) {
  if (marker.host != host_name()) return true;
  return process_exists(marker.pid);
}

}  // namespace dbtest::backends
