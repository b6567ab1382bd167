// A durations file: seconds per test, keyed by binary and test name. The
// state folder keeps one (durations.json); --durations-file names another,
// which the parts of a partitioned run share through the repository or a CI
// cache, and `dbtest merge-reports --durations-file` joins the parts' copies.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "schedule/work_plan.hpp"

namespace dbtest::runner {

// The file's durations; empty when it does not exist. A file that cannot be
// read or parsed is described in `warning` and read as empty.
Durations read_durations(const std::filesystem::path& file, std::string& warning);

// Reads a file the user named: one that does not exist yet is empty (the
// first run creates it); one that cannot be read or parsed is a UsageError,
// since parts that read it differently would not cut the suite alike.
Durations read_durations_strictly(const std::filesystem::path& file);

// Writes `durations` as the whole of `file`, atomically. Throws
// InfrastructureError when it cannot.
void write_durations(const std::filesystem::path& file, const Durations& durations);

// Reads `file` (as read_durations does), lets `update` change what it holds,
// and writes the result back atomically: a run adds what it measured without
// holding those durations a second time. Throws InfrastructureError when the
// file cannot be written.
void update_durations_file(const std::filesystem::path& file, const std::function<void(Durations&)>& update);

}  // namespace dbtest::runner
