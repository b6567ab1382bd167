#include "scratch_dir.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include "base/errors.hpp"
#include "backends/common/leftovers.hpp"
#include "backends/common/ownership_marker.hpp"
#include "platform/handles.hpp"

namespace dbtest::runner {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPrefix = "dbtest-";
constexpr const char* kMarkerFile = "owner";

}  // namespace

fs::path scratch_parent() {
  std::error_code ec;
  fs::path parent = fs::temp_directory_path(ec);
  if (ec) throw InfrastructureError("cannot find the temporary folder: " + ec.message());
  return parent;
}

ScratchDir::ScratchDir(const std::string& run_id, const fs::path& parent) {
  path_ = parent / (kPrefix + run_id);
  std::error_code ec;
  if (!platform::create_private_directory(path_, ec)) {
    throw InfrastructureError("cannot create a scratch folder " + path_.string() + ": " + ec.message());
  }
  std::ofstream(path_ / kMarkerFile) << backends::marker_for_this_process(run_id, "scratch folder").encode() << "\n";
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::vector<ScratchLeftover> find_scratch_leftovers(const fs::path& temp_dir, const std::string& current_run_id) {
  std::map<std::string, backends::OwnershipMarker> marked;
  std::error_code ec;
  for (fs::directory_iterator it(temp_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kPrefix, 0) != 0 || !it->is_directory(ec)) continue;
    std::ifstream in(it->path() / kMarkerFile);
    std::string text;
    std::getline(in, text);
    if (auto marker = backends::OwnershipMarker::decode(text)) marked.emplace(name, *marker);
  }
  std::vector<ScratchLeftover> out;
  for (const auto& leftover : backends::leftovers_of_gone_runs(marked, {}, current_run_id)) {
    out.push_back({temp_dir / leftover.name, leftover.description});
  }
  return out;
}

}  // namespace dbtest::runner
