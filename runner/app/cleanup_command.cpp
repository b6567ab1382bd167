#include "cleanup_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app/backend_options.hpp"
#include "app/run_id.hpp"

namespace dbtest::runner {

int run_cleanup(const Options& options) {
  const std::string run_id = make_run_id();
  const ScratchDir scratch(run_id);
  auto backend = backends::make_backend(options.backend, backend_options(options, run_id, scratch.path()));
  const auto leftovers = backend->find_leftovers();
  for (const auto& leftover : leftovers) {
    if (!options.dry_run) backend->drop_leftover(leftover);
    std::cout << (options.dry_run ? "would drop " : "dropped ") << leftover.name << ": " << leftover.description << "\n";
  }
  std::cout << fmt::format("{} {} database{} of runs that are gone\n", options.dry_run ? "found" : "dropped",
                           leftovers.size(), leftovers.size() == 1 ? "" : "s");
  return 0;
}

}  // namespace dbtest::runner
