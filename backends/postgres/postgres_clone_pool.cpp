#include "postgres_clone_pool.hpp"

#include "backends/common/clone_pool.hpp"
#include "backends/common/database_names.hpp"
#include "postgres_catalog.hpp"
#include "postgres_template_locks.hpp"

namespace dbtest::backends::postgres {
namespace {

constexpr std::size_t kIdentifierLimit = 63;

std::int64_t filler_key(const std::string& run_id) { return advisory_key("dbtest-pool-filler:", run_id); }
std::int64_t claim_key(const std::string& name) { return advisory_key("dbtest-pool-claim:", name); }
std::int64_t fill_key(const std::string& template_name) { return advisory_key("dbtest-pool-fill:", template_name); }

std::map<std::string, OwnershipMarker> marked_databases(pqxx::connection& admin) {
  std::map<std::string, OwnershipMarker> marked;
  for (const auto& db : databases_with_markers(admin)) marked.emplace(db.name, *db.marker);
  return marked;
}

}  // namespace

void hold_filler_lock(pqxx::connection& admin, const std::string& run_id) {
  advisory_call(admin, "pg_advisory_lock", filler_key(run_id));
}

bool filler_is_gone(pqxx::connection& admin, const std::string& run_id) {
  if (!advisory_call(admin, "pg_try_advisory_lock", filler_key(run_id))) return false;
  advisory_call(admin, "pg_advisory_unlock", filler_key(run_id));
  return true;
}

bool claim_pooled_clone(pqxx::connection& connection, const std::string& name, const OwnershipMarker& claimer) {
  pqxx::work tx(connection);
  tx.exec1("SELECT pg_advisory_xact_lock(" + std::to_string(claim_key(name)) + ")");
  const auto rows = tx.exec_params(
      "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = $1", name);
  if (rows.empty()) return false;
  const auto marker = OwnershipMarker::decode(rows[0][0].as<std::string>());
  if (!marker || marker->kind != "pooled") return false;
  tx.exec0("COMMENT ON DATABASE " + quote_identifier(connection, name) + " IS " +
           quote_literal(connection, claimer.encode()));
  tx.commit();
  return true;
}

bool drop_pooled_clone(pqxx::connection& admin, const std::string& name, const std::string& run_id) {
  if (!claim_pooled_clone(admin, name, marker_for_this_process(run_id, "clone"))) return false;
  drop_database(admin, name);
  return true;
}

void drop_pool_of(pqxx::connection& admin, const std::string& template_name, bool all, const std::string& run_id) {
  const auto marked = marked_databases(admin);
  std::vector<std::string> doomed = stale_pool_of(marked, template_name);
  if (all) {
    for (const auto& name : ready_pool_of(marked, template_name)) doomed.push_back(name);
  }
  for (const auto& name : doomed) drop_pooled_clone(admin, name, run_id);
}

namespace {

// fill_pool's work, while it holds the template's fill lock.
int fill_pool_alone(pqxx::connection& admin, const PoolFill& fill) {
  // Taken under the build lock, as a run takes it: the template is finished
  // and nobody rebuilds or drops it while the pool is filled.
  lock_build(admin, fill.template_name);
  const auto source = find_database(admin, fill.template_name);
  const bool usable = source && source->marker && source->marker->kind == "template" &&
                      source->marker->fingerprint != "building" && source->is_template;
  if (usable) share_use(admin, fill.template_name);
  unlock_build(admin, fill.template_name);
  if (!usable) return 0;

  const auto names = database_names("", fill.base, fill.filler_run_id, "", kIdentifierLimit);
  const auto marker = pooled_marker(fill.filler_run_id, fill.template_name, *source->marker);
  const auto ready = ready_pool_of(marked_databases(admin), fill.template_name).size();
  int made = 0;
  for (int k = 1; static_cast<int>(ready) + made < std::min(fill.size, kMaxPoolSize); ++k) {
    const std::string name = pooled_clone_name(names, k);
    create_database(admin, name, marker, fill.template_name, fill.clone_strategy);
    ++made;
  }
  unshare_use(admin, fill.template_name);
  return made;
}

}  // namespace

int fill_pool(pqxx::connection& admin, const PoolFill& fill) {
  hold_filler_lock(admin, fill.filler_run_id);
  // One filler per template at a time: the next counts the pool once the
  // one before has filled it, so two runs that end together do not make
  // twice the pool.
  advisory_call(admin, "pg_advisory_lock", fill_key(fill.template_name));
  const int made = fill_pool_alone(admin, fill);
  advisory_call(admin, "pg_advisory_unlock", fill_key(fill.template_name));
  return made;
}

}  // namespace dbtest::backends::postgres
