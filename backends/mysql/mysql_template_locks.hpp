// The named locks that keep a kept template from being dropped while a run
// copies from it. GET_LOCK has no shared mode, so "shared" is made of
// exclusive locks:
//
// - the build lock, one per template: a run holds it while it checks a kept
//   template and, when it must, builds it; nobody else takes a use slot or
//   drops the template while it is held;
// - the use slots, kUseSlots named locks per template: a run that clones from
//   the template takes the first free one while it holds the build lock, and
//   holds it until its template guard goes, after its last copy.
//
// Whoever drops a kept template it does not use (pruning beyond
// --keep-templates, `dbtest cleanup --templates`) takes the build lock
// without waiting and then checks that every slot is free (IS_FREE_LOCK):
// since slots are only taken under the build lock, none can be taken between
// that check and the DROP. A held build lock or a held slot means a live run
// is building or using the template, and it is left alone. A run that must
// rebuild a template in place (changed by hand) holds the build lock and
// waits until the slots are free. Named locks go with their session, so a
// killed run never leaves a template locked.
#pragma once

#include <string>

#include "mysql_connection.hpp"

namespace dbtest::backends::mysql {

// How many runs may copy from one kept template at once.
inline constexpr int kUseSlots = 32;

// Waits up to `wait_seconds` for the build lock; false when it did not come.
bool lock_build(Session& admin, const std::string& template_name, int wait_seconds);
void unlock_build(Session& admin, const std::string& template_name);
// Takes a free use slot (the caller holds the build lock); its number.
// Throws InfrastructureError when all kUseSlots are taken.
int take_use_slot(Session& admin, const std::string& template_name);
void release_use_slot(Session& admin, const std::string& template_name, int slot);
// Whether no other session holds a use slot of the template.
bool no_run_uses(Session& admin, const std::string& template_name);

// Drops the kept template `name` when no live run builds or uses it, and
// when it still carries dbtest's marker; false when a run holds it. Never
// waits.
bool drop_unless_in_use(Session& admin, const std::string& name);

}  // namespace dbtest::backends::mysql
