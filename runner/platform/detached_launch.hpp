// Starting a process that outlives dbtest: the filler of the pool of ready
// clones, which a --keepdb run leaves working as it exits. It is not one of
// dbtest's children in any sense that would end it with dbtest: on POSIX a
// session of its own, on Windows out of dbtest's job and console. Its
// standard streams go nowhere; it gets exactly the environment given.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dbtest::runner::platform {

// Throws InfrastructureError when the process cannot be started.
void launch_detached(const std::filesystem::path& program, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& environment);

}  // namespace dbtest::runner::platform
