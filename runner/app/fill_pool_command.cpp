#include "fill_pool_command.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/process/environment.hpp>

#include "app/backend_options.hpp"
#include "app/run_id.hpp"
#include "platform/detached_launch.hpp"

namespace dbtest::runner {

int run_fill_pool(const Options& options) {
  // Server engines only: no scratch folder, which a test of the run that
  // started it could see.
  auto backend = backends::make_backend(options.backend, backend_options(options, make_run_id(), {}));
  backend->fill_pool(options.pool.template_name, options.pool.size);
  return 0;
}

void start_pool_filler(const Options& options, const std::string& backend, const std::string& template_name, int size) {
  std::vector<std::string> args{"--backend", backend};
  if (!options.test_db_name.empty()) args.insert(args.end(), {"--test-db-name", options.test_db_name});
  if (!options.pg_clone_strategy.empty()) args.insert(args.end(), {"--pg-clone-strategy", options.pg_clone_strategy});
  args.insert(args.end(), {"fill-pool", "--template", template_name, "--size", std::to_string(size)});
  std::map<std::string, std::string> environment;
  for (const auto& entry : boost::this_process::environment()) environment[entry.get_name()] = entry.to_string();
  if (options.database_url) environment[kPoolDatabaseUrlVariable] = *options.database_url;
  platform::launch_detached(boost::dll::program_location().string(), args, environment);
}

}  // namespace dbtest::runner
