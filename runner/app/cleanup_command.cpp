#include "cleanup_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app/backend_options.hpp"
#include "app/run_id.hpp"
#include "app/scratch_dir.hpp"

namespace dbtest::runner {
namespace {

std::string count_of(std::size_t n, const char* noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }

// `dbtest cleanup --templates`: the templates --keepdb kept, each dropped
// unless a live run holds it, which the backend tells without waiting.
int cleanup_kept_templates(backends::Backend& backend, bool dry_run) {
  const auto kept = backend.kept_templates();
  const auto now = backends::seconds_since_epoch();
  std::size_t dropped = 0, busy = 0;
  for (const auto& k : kept) {
    const std::string about = fmt::format("kept {} template, last used {}, fingerprint {}", backend.name(),
                                          backends::time_ago(k.marker.used, now), k.marker.fingerprint.substr(0, 12));
    if (dry_run) {
      std::cout << "would drop " << k.name << ": " << about << "\n";
    } else if (backend.drop_kept_template(k)) {
      std::cout << "dropped " << k.name << ": " << about << "\n";
      ++dropped;
    } else {
      std::cout << "skipped " << k.name << ": " << about << "; a live run is using it\n";
      ++busy;
    }
  }
  if (dry_run) {
    std::cout << "found " << count_of(kept.size(), "kept template") << "\n";
  } else {
    std::cout << "dropped " << count_of(dropped, "kept template")
              << (busy ? fmt::format(", skipped {} in use", busy) : std::string()) << "\n";
  }
  return 0;
}

}  // namespace

int run_cleanup(const Options& options) {
  const std::string run_id = make_run_id();
  const ScratchDir scratch(run_id, scratch_parent());
  auto backend = backends::make_backend(options.backend, backend_options(options, run_id, scratch.path()));
  if (options.templates) return cleanup_kept_templates(*backend, options.dry_run);
  const auto leftovers = backend->find_leftovers();
  for (const auto& leftover : leftovers) {
    if (!options.dry_run) backend->drop_leftover(leftover);
    std::cout << (options.dry_run ? "would drop " : "dropped ") << leftover.name << ": " << leftover.description << "\n";
  }
  // The folders of SQLite templates and copies, and of captured output, of
  // runs killed before they could remove them.
  const auto folders = find_scratch_leftovers(scratch_parent(), run_id);
  for (const auto& folder : folders) {
    std::error_code ignored;
    if (!options.dry_run) std::filesystem::remove_all(folder.path, ignored);
    std::cout << (options.dry_run ? "would remove " : "removed ") << folder.path.string() << ": " << folder.description
              << "\n";
  }
  // SQLite databases kept by --keep-failed-db: files, which carry no marker,
  // in a folder of their own.
  std::size_t kept = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kept_databases_folder(options.state_dir), ec)) {
    std::error_code ignored;
    if (!options.dry_run) std::filesystem::remove(entry.path(), ignored);
    std::cout << (options.dry_run ? "would remove " : "removed ") << entry.path().string()
              << ": a failed test's database kept by --keep-failed-db\n";
    ++kept;
  }
  const std::string databases = count_of(leftovers.size() + kept, "database");
  const std::string removed = count_of(folders.size(), "folder");
  std::cout << (options.dry_run ? "found " + databases + " and " : "dropped " + databases + " and removed ") << removed
            << " of runs that are gone\n";
  return 0;
}

}  // namespace dbtest::runner
