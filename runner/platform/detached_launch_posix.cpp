#include "detached_launch.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>

#include <cstring>

#include "base/errors.hpp"

namespace dbtest::runner::platform {
namespace {

// posix_spawn's objects, destroyed however the launch ends.
struct SpawnObjects {
  SpawnObjects() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnObjects() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnObjects(const SpawnObjects&) = delete;
  SpawnObjects& operator=(const SpawnObjects&) = delete;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
};

}  // namespace

void launch_detached(const std::filesystem::path& program, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& environment) {
  std::vector<std::string> argument_text{program.string()};
  argument_text.insert(argument_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argument_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment_text;
  for (const auto& [name, value] : environment) environment_text.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& e : environment_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  SpawnObjects spawn;
  posix_spawn_file_actions_addopen(&spawn.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&spawn.actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&spawn.actions, 1, 2);
  // A session of its own: the terminal's Ctrl-C and hang-up do not reach it,
  // and it does not die with dbtest's process group.
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&spawn.attributes, &none);
  posix_spawnattr_setsigdefault(&spawn.attributes, &defaults);
  posix_spawnattr_setflags(&spawn.attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, program.c_str(), &spawn.actions, &spawn.attributes, argv.data(), envp.data());
  if (error != 0) throw InfrastructureError("could not start " + program.string() + ": " + std::strerror(error));
}

}  // namespace dbtest::runner::platform
