#include "postgres_template_locks.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "backends/common/sha256.hpp"
#include "postgres_catalog.hpp"

namespace dbtest::backends::postgres {

std::int64_t advisory_key(const std::string& purpose, const std::string& name) {
  const std::string digest = sha256_hex(purpose + name).substr(0, 15);
  return static_cast<std::int64_t>(std::stoull(digest, nullptr, 16));
}

bool advisory_call(pqxx::connection& admin, const std::string& function, std::int64_t lock) {
  pqxx::nontransaction tx(admin);
  const auto row = tx.exec1(fmt::format("SELECT {}({})::text", function, lock));
  return row[0].as<std::string>() != "false";
}

namespace {

std::int64_t build_key(const std::string& name) { return advisory_key("dbtest-template:", name); }
std::int64_t use_key(const std::string& name) { return advisory_key("dbtest-template-use:", name); }

bool call(pqxx::connection& admin, const std::string& function, std::int64_t lock) {
  return advisory_call(admin, function, lock);
}

}  // namespace

void lock_build(pqxx::connection& admin, const std::string& name) { call(admin, "pg_advisory_lock", build_key(name)); }
void unlock_build(pqxx::connection& admin, const std::string& name) { call(admin, "pg_advisory_unlock", build_key(name)); }
void share_use(pqxx::connection& admin, const std::string& name) { call(admin, "pg_advisory_lock_shared", use_key(name)); }
void unshare_use(pqxx::connection& admin, const std::string& name) {
  call(admin, "pg_advisory_unlock_shared", use_key(name));
}
void lock_use_exclusively(pqxx::connection& admin, const std::string& name) {
  call(admin, "pg_advisory_lock", use_key(name));
}
void unlock_use_exclusively(pqxx::connection& admin, const std::string& name) {
  call(admin, "pg_advisory_unlock", use_key(name));
}

bool drop_unless_in_use(pqxx::connection& admin, const std::string& name) {
  if (!call(admin, "pg_try_advisory_lock", build_key(name))) return false;
  if (!call(admin, "pg_try_advisory_lock", use_key(name))) {
    unlock_build(admin, name);
    return false;
  }
  try {
    // Check the marker again: only what dbtest made is ever dropped.
    const auto info = find_database(admin, name);
    if (info && info->marker) drop_database(admin, name);
  } catch (...) {
    try {
      unlock_use_exclusively(admin, name);
      unlock_build(admin, name);
    } catch (const std::exception&) {
      // The connection is gone, and its locks with it.
    }
    throw;
  }
  unlock_use_exclusively(admin, name);
  unlock_build(admin, name);
  return true;
}

}  // namespace dbtest::backends::postgres
