#include "mysql_template_locks.hpp"

#include <fmt/format.h>

#include "backends/common/sha256.hpp"
#include "base/errors.hpp"
#include "mysql_catalog.hpp"

namespace dbtest::backends::mysql {
namespace {

// Lock names are limited to 64 characters.
std::string build_lock(const std::string& template_name) {
  return "dbtest-template-" + sha256_hex(template_name).substr(0, 40);
}
std::string use_slot(const std::string& template_name, int slot) {
  return fmt::format("dbtest-use-{}-{}", sha256_hex(template_name).substr(0, 40), slot);
}

}  // namespace

bool lock_build(Session& admin, const std::string& name, int wait_seconds) {
  return admin.scalar(fmt::format("SELECT GET_LOCK({}, {})", quote_literal(build_lock(name)), wait_seconds))
             .value_or("0") == "1";
}

void unlock_build(Session& admin, const std::string& name) {
  admin.execute("DO RELEASE_LOCK(" + quote_literal(build_lock(name)) + ")");
}

int take_use_slot(Session& admin, const std::string& name) {
  for (int slot = 0; slot < kUseSlots; ++slot) {
    if (admin.scalar(fmt::format("SELECT GET_LOCK({}, 0)", quote_literal(use_slot(name, slot)))).value_or("0") == "1") {
      return slot;
    }
  }
  throw InfrastructureError(fmt::format("{} runs already copy from the kept template {}; try again when one ends",
                                        kUseSlots, name));
}

void release_use_slot(Session& admin, const std::string& name, int slot) {
  admin.execute("DO RELEASE_LOCK(" + quote_literal(use_slot(name, slot)) + ")");
}

bool no_run_uses(Session& admin, const std::string& name) {
  std::string sql = "SELECT 1";
  for (int slot = 0; slot < kUseSlots; ++slot) sql += " AND IS_FREE_LOCK(" + quote_literal(use_slot(name, slot)) + ")";
  return admin.scalar(sql).value_or("0") == "1";
}

bool drop_unless_in_use(Session& admin, const std::string& name) {
  if (!lock_build(admin, name, 0)) return false;
  try {
    const bool free = no_run_uses(admin, name);
    // Check the marker again: only what dbtest made is ever dropped.
    if (free && database_exists(admin, name) && read_marker(admin, name)) drop_database(admin, name);
    unlock_build(admin, name);
    return free;
  } catch (...) {
    try {
      unlock_build(admin, name);
    } catch (const std::exception&) {
      // The session is gone, and its locks with it.
    }
    throw;
  }
}

}  // namespace dbtest::backends::mysql
