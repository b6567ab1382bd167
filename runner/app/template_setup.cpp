#include "template_setup.hpp"

#include <fmt/format.h>

#include <chrono>

#include "base/file_text.hpp"
#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "backends/common/sha256.hpp"
#include "migrate_command.hpp"
#include "report/text_format.hpp"

namespace dbtest::runner {

std::string template_fingerprint(const Options& options, const std::vector<backends::Migration>& migrations) {
  if (!options.migrate_cmd) return "migrations\n" + backends::fingerprint(migrations);
  backends::Sha256 digest;
  digest.update("migrate-cmd\n").update(*options.migrate_cmd).update(std::string(1, '\0'));
  for (const auto& input : options.migrate_inputs) {
    const auto text = read_file_text(input);
    if (!text) throw UsageError("--migrate-input file not found: " + input.string());
    digest.update(input.generic_string()).update(std::string(1, '\0')).update(backends::sha256_hex(*text));
  }
  return digest.hex_digest();
}

PreparedTemplate prepare_template(const Options& options, backends::Backend& backend,
                                  const std::vector<backends::Migration>& migrations,
                                  const std::filesystem::path& scratch, StatusPrinter& printer) {
  const auto start = std::chrono::steady_clock::now();
  PreparedTemplate prepared;
  prepared.database_template = backend.create_template(
      {template_fingerprint(options, migrations), migrations, options.keepdb, options.keep_templates});
  auto& tmpl = *prepared.database_template;
  // A kept template is named by what builds it: tests that look at it learn
  // its name here.
  prepared.signals["dbtest.template"] = DatabaseUrl::parse(tmpl.url()).database;

  if (!options.migrate_cmd && !migrations.empty()) {
    prepared.signals["dbtest.migrations.count"] = std::to_string(migrations.size());
    prepared.signals["dbtest.migrations.last"] = migrations.back().name;
    prepared.signals["dbtest.migrations.fingerprint"] = backends::fingerprint(migrations);
  }
  if (tmpl.reused()) {
    printer.note(fmt::format("dbtest: reusing the kept {} template: what builds it is unchanged", backend.name()));
    for (const auto& note : tmpl.notes()) printer.note("dbtest: " + note);
    if (tmpl.ready_pool() > 0) {
      printer.note(fmt::format("dbtest: {} ready clone{} of it wait{} in its pool, made after the last run",
                               tmpl.ready_pool(), tmpl.ready_pool() == 1 ? "" : "s", tmpl.ready_pool() == 1 ? "s" : ""));
    }
    return prepared;
  }
  if (!tmpl.rebuild_reason().empty()) {
    printer.note(fmt::format("dbtest: rebuilding the kept {} template: {}", backend.name(), tmpl.rebuild_reason()));
  }
  if (!tmpl.new_template_reason().empty()) {
    printer.note(fmt::format("dbtest: keeping a new {} template beside the kept ones: {}", backend.name(),
                             tmpl.new_template_reason()));
  }
  if (options.migrate_cmd) {
    prepared.signals = run_migrate_command(*options.migrate_cmd, tmpl.url(), scratch);
  } else if (!migrations.empty()) {
    for (const auto& m : migrations) tmpl.apply(m);
  }
  tmpl.seal();
  for (const auto& note : tmpl.notes()) printer.note("dbtest: " + note);
  if (!migrations.empty()) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    printer.note(fmt::format("dbtest: migrated {} file{} into the {} template in {}", migrations.size(),
                             migrations.size() == 1 ? "" : "s", backend.name(), format_seconds(took.count())));
  }
  return prepared;
}

}  // namespace dbtest::runner
