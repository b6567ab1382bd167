#include "run_id.hpp"

#include <fmt/format.h>

#include <random>

#include "backends/common/errors.hpp"

namespace dbtest::runner {

std::string make_run_id() {
  std::random_device device;
  std::uint64_t bits = (std::uint64_t{device()} << 32) ^ device();
  return fmt::format("{:012x}", bits & 0xffffffffffffULL);
}

ScratchDir::ScratchDir(const std::string& run_id) {
  namespace fs = std::filesystem;
  std::error_code ec;
  path_ = fs::temp_directory_path(ec) / ("dbtest-" + run_id);
  if (ec || !fs::create_directory(path_, ec) || ec) {
    throw backends::InfrastructureError("cannot create a scratch folder " + path_.string() + (ec ? ": " + ec.message() : ""));
  }
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::replace, ec);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace dbtest::runner
