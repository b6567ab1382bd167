#include "mysql_clone_pool.hpp"

#include <fmt/format.h>

#include "backends/common/clone_pool.hpp"
#include "backends/common/database_names.hpp"
#include "backends/common/sha256.hpp"
#include "base/errors.hpp"
#include "mysql_catalog.hpp"
#include "mysql_copy.hpp"
#include "mysql_template_locks.hpp"

namespace dbtest::backends::mysql {
namespace {

constexpr std::size_t kIdentifierLimit = 64;
// How long a filler waits for a run that builds the template.
constexpr int kLockWaitSeconds = 600;

std::string filler_lock(const std::string& run_id) { return "dbtest-pool-filler-" + run_id; }
// Lock names are limited to 64 characters.
std::string fill_lock(const std::string& template_name) {
  return "dbtest-pool-fill-" + sha256_hex(template_name).substr(0, 40);
}

}  // namespace

void hold_filler_lock(Session& admin, const std::string& run_id) {
  admin.scalar("SELECT GET_LOCK(" + quote_literal(filler_lock(run_id)) + ", 0)");
}

bool filler_is_gone(Session& admin, const std::string& run_id) {
  return admin.scalar("SELECT IS_FREE_LOCK(" + quote_literal(filler_lock(run_id)) + ")").value_or("0") == "1";
}

bool claim_pooled_clone(Session& session, const std::string& name, const OwnershipMarker& claimer) {
  try {
    session.execute(fmt::format("UPDATE {}.{} SET marker = {} WHERE marker LIKE {}", quote_identifier(name),
                                kMarkerTable, quote_literal(claimer.encode()),
                                quote_literal("dbtest:%\"kind\":\"pooled\"%")));
  } catch (const UsageError&) {
    return false;  // dropped meanwhile: its marker table is gone
  }
  return session.scalar("SELECT ROW_COUNT()").value_or("0") == "1";
}

bool drop_pooled_clone(Session& admin, const std::string& name, const std::string& run_id) {
  if (!database_exists(admin, name)) return false;
  if (!claim_pooled_clone(admin, name, marker_for_this_process(run_id, "clone"))) return false;
  drop_database(admin, name);
  return true;
}

void drop_pool_of(Session& admin, const std::string& template_name, bool all, const std::string& run_id) {
  const auto marked = databases_with_markers(admin);
  std::vector<std::string> doomed = stale_pool_of(marked, template_name);
  if (all) {
    for (const auto& name : ready_pool_of(marked, template_name)) doomed.push_back(name);
  }
  for (const auto& name : doomed) drop_pooled_clone(admin, name, run_id);
}

namespace {

// fill_pool's work, while it holds the template's fill lock.
int fill_pool_alone(const MysqlServer& server, Session& admin, const PoolFill& fill) {
  if (!lock_build(admin, fill.template_name, kLockWaitSeconds)) return 0;
  std::optional<OwnershipMarker> source;
  int slot = -1;
  try {
    if (database_exists(admin, fill.template_name)) source = read_marker(admin, fill.template_name);
    if (source && source->kind == "template" && !source->fingerprint.empty() && source->fingerprint != "building") {
      slot = take_use_slot(admin, fill.template_name);
    }
  } catch (...) {
    unlock_build(admin, fill.template_name);
    throw;
  }
  unlock_build(admin, fill.template_name);
  if (slot < 0) return 0;

  auto reader = connect_mysql(server, fill.template_name);
  const auto recipe = read_recipe(*reader, fill.template_name);
  const auto inventory = read_inventory(*reader, fill.template_name);
  reader.reset();
  const auto names = database_names("", fill.base, fill.filler_run_id, "", kIdentifierLimit);
  const auto marker = pooled_marker(fill.filler_run_id, fill.template_name, *source);
  const auto ready = ready_pool_of(databases_with_markers(admin), fill.template_name).size();
  int made = 0;
  for (int k = 1; static_cast<int>(ready) + made < std::min(fill.size, kMaxPoolSize); ++k) {
    const std::string name = pooled_clone_name(names, k);
    try {
      // Marked as the filler's own copy while it is made: no run may claim
      // it before it is whole and checked.
      copy_database(server, recipe, name, marker_for_this_process(fill.filler_run_id, "clone"), fill.table_connections);
      const std::string difference = compare_inventories(inventory, read_inventory(admin, name, &inventory));
      if (!difference.empty()) {
        throw InfrastructureError("the copy " + name + " of " + fill.template_name + " does not match it: " + difference);
      }
      admin.execute(fmt::format("UPDATE {}.{} SET marker = {}", quote_identifier(name), kMarkerTable,
                                quote_literal(marker.encode())));
    } catch (...) {
      try {
        drop_database(admin, name);
      } catch (const std::exception&) {
        // It is marked: `dbtest cleanup` finds it.
      }
      throw;
    }
    ++made;
  }
  release_use_slot(admin, fill.template_name, slot);
  return made;
}

}  // namespace

int fill_pool(const MysqlServer& server, Session& admin, const PoolFill& fill) {
  hold_filler_lock(admin, fill.filler_run_id);
  // One filler per template at a time: the next counts the pool once the
  // one before has filled it, so two runs that end together do not make
  // twice the pool.
  const std::string lock = quote_literal(fill_lock(fill.template_name));
  if (admin.scalar(fmt::format("SELECT GET_LOCK({}, {})", lock, kLockWaitSeconds)).value_or("0") != "1") return 0;
  const int made = fill_pool_alone(server, admin, fill);
  admin.execute("DO RELEASE_LOCK(" + lock + ")");
  return made;
}

}  // namespace dbtest::backends::mysql
