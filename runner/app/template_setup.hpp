// Step two of a run: a template the workers' clones come from. Built from
// --migrations or --migrate-cmd, or, with --keepdb, reused from an earlier run
// while what builds it is unchanged.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "cli/options.hpp"
#include "report/status_printer.hpp"

namespace dbtest::runner {

struct PreparedTemplate {
  std::unique_ptr<backends::Template> database_template;
  // Facts the migration step publishes to every worker.
  std::map<std::string, std::string> signals;
};

PreparedTemplate prepare_template(const Options& options, backends::Backend& backend,
                                  const std::vector<backends::Migration>& migrations,
                                  const std::filesystem::path& scratch, StatusPrinter& printer);

// What builds the template, as one digest: the migration files' names and
// contents, or the migrate command and the files --migrate-input names.
std::string template_fingerprint(const Options& options, const std::vector<backends::Migration>& migrations);

}  // namespace dbtest::runner
