// SHA-256, for migration checksums and template fingerprints. The digests are
// stored and compared across runs, so they must not depend on the platform.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dbtest::backends {

class Sha256 {
 public:
  Sha256();
  Sha256& update(std::string_view data);
  // Lower-case hex digest. The object is spent afterwards.
  std::string hex_digest();

 private:
  void compress(const unsigned char* block);
  std::array<std::uint32_t, 8> state_;
  unsigned char block_[64];
  std::size_t used_ = 0;
  std::uint64_t total_bytes_ = 0;
};

inline std::string sha256_hex(std::string_view data) { return Sha256().update(data).hex_digest(); }

}  // namespace dbtest::backends
