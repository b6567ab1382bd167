#include "run_id.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <random>

namespace dbtest::runner {

std::string make_run_id() {
  std::random_device device;
  std::uint64_t bits = (std::uint64_t{device()} << 32) ^ device();
  return fmt::format("{:012x}", bits & 0xffffffffffffULL);
}

}  // namespace dbtest::runner
