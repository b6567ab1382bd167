// The advisory locks that keep a kept template from being dropped while a
// run uses it. Two session locks per template name, on the admin connection:
//
// - the build lock, exclusive: a run holds it while it checks a kept
//   template and, when it must, builds it, so two runs never build one
//   template twice;
// - the use lock: a run holds it shared from the moment it decided to clone
//   from a kept template (taken while it still holds the build lock) until
//   its template guard goes, after its last clone.
//
// Whoever drops a kept template it does not hold (pruning beyond
// --keep-templates, `dbtest cleanup --templates`) takes both locks with
// pg_try_advisory_lock, never waiting: if either is held, a live run is
// building or cloning from the template, and it is left alone. A run that
// must rebuild a template in place (changed by hand) holds the build lock and
// waits for the use lock: no new user can come while it holds the build lock,
// so it waits only for the runs that already clone from it. Session locks
// go with their session, so a killed run never leaves a template locked.
#pragma once

#include <pqxx/pqxx>

#include <cstdint>
#include <string>

namespace dbtest::backends::postgres {

// The number of the advisory lock for `purpose` ("dbtest-template:") and a
// name: a digest of both.
std::int64_t advisory_key(const std::string& purpose, const std::string& name);
// Calls a pg_*advisory* function on `lock`; what it returned, as a bool.
bool advisory_call(pqxx::connection& admin, const std::string& function, std::int64_t lock);

void lock_build(pqxx::connection& admin, const std::string& template_name);
void unlock_build(pqxx::connection& admin, const std::string& template_name);
void share_use(pqxx::connection& admin, const std::string& template_name);
void unshare_use(pqxx::connection& admin, const std::string& template_name);
// Waits until no other run uses the template; the caller holds the build lock.
void lock_use_exclusively(pqxx::connection& admin, const std::string& template_name);
void unlock_use_exclusively(pqxx::connection& admin, const std::string& template_name);

// Drops the kept template `name` when no live run builds or uses it, and
// when it still carries dbtest's marker; false when a run holds it. Never
// waits.
bool drop_unless_in_use(pqxx::connection& admin, const std::string& name);

}  // namespace dbtest::backends::postgres
