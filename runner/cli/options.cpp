#include "options.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <set>
#include <iostream>

#include "base/test_db_name.hpp"
#include "base/errors.hpp"
#include "gtest_environment.hpp"
#include "profile_defaults.hpp"
#include "protocol/environment.hpp"

namespace dbtest::runner {


namespace {

// CLI11's own range messages print the limits of a double; these say what
// the option wants instead.
CLI::Validator positive_seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        std::size_t used = 0;
        try {
          value = std::stod(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != text.size() || !std::isfinite(value) || value <= 0) {
          return "must be a positive number of seconds, not '" + text + "'";
        }
        return {};
      },
      "SECONDS");
}

CLI::Validator whole_number_from(int least) {
  return CLI::Validator(
      [least](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.size() < 10 && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoi(text) < least) {
          return "must be a whole number of at least " + std::to_string(least) + ", not '" + text + "'";
        }
        return {};
      },
      "N");
}


// GoogleTest flags dbtest decides itself: a binary given one with --test-arg
// would undo what dbtest asked of it. The dbtest option to use instead.
const std::map<std::string, std::string>& flags_dbtest_owns() {
  static const std::map<std::string, std::string> flags = {
      {"filter", "--filter"},
      {"output", "--junit-xml"},
      {"list_tests", "--list"},
      {"shuffle", "--shuffle"},
      {"repeat", "--repeat"},
      {"also_run_disabled_tests", "--run-disabled"},
      {"random_seed", "--shuffle SEED"},
      {"fail_fast", "--failfast"},
  };
  return flags;
}

// Refuses an argument that sets a flag dbtest owns, in every form GoogleTest
// reads: --gtest_x, -gtest_x and /gtest_x, with '-' for '_', bare or =VALUE.
void check_test_arg(const std::string& arg) {
  std::string name = arg;
  for (const char* lead : {"--", "-", "/"}) {
    if (name.rfind(lead, 0) == 0) {
      name.erase(0, std::string(lead).size());
      break;
    }
  }
  if (name.size() == arg.size()) return;
  name = name.substr(0, name.find('='));
  for (auto& c : name) c = c == '-' ? '_' : c;
  if (name.rfind("gtest_", 0) != 0) return;
  const auto it = flags_dbtest_owns().find(name.substr(6));
  if (it == flags_dbtest_owns().end()) return;
  throw UsageError("--test-arg " + arg + " is dbtest's to decide: use dbtest's " + it->second + " instead");
}

// A subcommand takes the options it uses and no other: `dbtest cleanup
// --parallel 0` would otherwise be accepted and the option ignored.
// `takes` are the options of the whole command it uses; `own` those it has
// itself, for the message.
void check_subcommand_options(const CLI::App& app, const std::string& command, const std::set<std::string>& takes,
                              const std::vector<std::string>& own = {}) {
  for (const auto* option : app.get_options()) {
    if (option->count() == 0) continue;
    const std::string name = option->get_name();
    if (name == "--help" || takes.count(name) > 0) continue;
    std::vector<std::string> all(takes.begin(), takes.end());
    all.insert(all.end(), own.begin(), own.end());
    std::string list;
    for (std::size_t i = 0; i < all.size(); ++i) list += (i == 0 ? "" : i + 1 == all.size() ? " and " : ", ") + all[i];
    throw UsageError("dbtest " + command + " does not take " + (name.empty() ? option->get_single_name() : name) +
                     " (it takes " + list + ")");
  }
}

}  // namespace

namespace {

// A count of workers or tests: a whole number from 1 to 999999.
std::optional<int> count_in(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int n = std::stoi(text);
  return n >= 1 ? std::optional<int>(n) : std::nullopt;
}

}  // namespace

std::optional<int> parse_parallel(const std::string& text, const std::string& source) {
  if (text == "auto") return std::nullopt;
  const auto count = count_in(text);
  if (!count) throw UsageError(source + " must be 'auto' or a whole number from 1 to 999999, not '" + text + "'");
  return count;
}

namespace {

// NAME:N=PATTERNS
Options::Group parse_group(const std::string& text, const std::vector<Options::Group>& earlier) {
  const auto colon = text.find(':');
  const auto eq = text.find('=', colon == std::string::npos ? 0 : colon);
  const std::string form = "--group takes NAME:N=PATTERNS (at most N of the tests PATTERNS selects at once), not '" +
                           text + "'";
  if (colon == std::string::npos || colon == 0 || eq == std::string::npos || eq + 1 == text.size()) {
    throw UsageError(form);
  }
  Options::Group group{text.substr(0, colon), 0, text.substr(eq + 1)};
  const std::string count = text.substr(colon + 1, eq - colon - 1);
  const auto limit = count_in(count);
  if (!limit) throw UsageError("--group " + text + ": N must be a whole number from 1 to 999999, not '" + count + "'");
  group.limit = *limit;
  for (const auto& other : earlier) {
    if (other.name == group.name) throw UsageError("--group " + group.name + " is given twice");
  }
  return group;
}

// PATTERNS[@N]
Options::Stage parse_stage(const std::string& text) {
  Options::Stage stage{text, 0};
  // No test name holds '@': what follows the last one is the worker count.
  if (const auto at = text.rfind('@'); at != std::string::npos) {
    const std::string count = text.substr(at + 1);
    const auto workers = count_in(count);
    if (!workers) {
      throw UsageError("--stage " + text + ": the worker count after '@' must be a whole number from 1 to 999999, not '" +
                       count + "'");
    }
    stage = {text.substr(0, at), *workers};
  }
  if (stage.patterns.empty()) {
    throw UsageError("--stage takes PATTERNS[@N] (the tests of one stage, and at most N workers for it), not '" + text + "'");
  }
  return stage;
}

}  // namespace

namespace {

ParsedCommandLine parse_with_profile(int argc, const char* const* argv,
                                     const std::map<std::string, std::string>& environment,
                                     const std::filesystem::path& working_folder,
                                     std::optional<AppliedProfile>& profile) {
  CLI::App app{"dbtest: runs a database-backed GoogleTest suite in parallel, each worker on its own clone of a "
               "database that was migrated once.",
               "dbtest"};
  // CLI11 on Windows would take /path/to/app_tests for an option /path;
  // dbtest's options are --name on every OS.
  app.allow_windows_style_options(false);
  app.set_version_flag("--version", "dbtest " + std::string(kDbtestVersion));
  app.footer("Exit status: 0 all passed, 1 a test failed, 2 usage or infrastructure error, 130 interrupted.\n"
             "Every option is described in docs/options.md.");

  Options o;
  std::vector<std::string> binaries;
  std::string parallel;
  std::string dist = "suite";
  std::vector<std::string> signals;
  std::vector<std::string> groups;
  std::vector<std::string> stages;
  std::string migrations;
  std::string junit;
  std::string events;
  std::string trace;
  std::string state_dir = o.state_dir.string();

  app.add_option("binaries", binaries, "GoogleTest binaries linked with dbtest::gtest_main");
  app.add_option("--test-arg", o.test_args, "an argument for every test binary (repeatable; --test-arg=ARG when ARG begins with -)")
      ->allow_extra_args(false)
      ->type_name("ARG");
  auto* parallel_option =
      app.add_option("-j,--parallel", parallel, "workers: N, or 'auto' for the usable CPUs (env DBTEST_PARALLEL)");
  app.add_option("--serial", o.serial, "tests (--filter's syntax) that run while no other test runs");
  app.add_option("--group", groups, "NAME:N=PATTERNS: at most N of the matching tests run at once; repeatable");
  app.add_option("--stage", stages, "PATTERNS[@N]: tests that all end before the next stage starts, on at most N workers; repeatable, in order");
  app.add_flag("--keep-going", o.keep_going, "run later stages even after a stage had a failure");
  app.add_option("--dist", dist,
                 "'suite' keeps each test suite on one worker; 'test' spreads single tests; 'isosuite' runs one suite "
                 "at a time, spread over every worker")
      ->check(CLI::IsMember({"suite", "test", "isosuite"}));
  app.add_option("--backend", o.backend, "sqlite (default), postgres or mysql");
  app.add_option("--database-url", o.database_url, "server and credentials of the application database");
  app.add_option("--sqlite-mode", o.sqlite_mode, "'memory': each worker copies the template into memory; 'file': an on-disk copy per worker")
      ->check(CLI::IsMember({"memory", "file"}));
  auto* migrations_option =
      app.add_option("--migrations", migrations, "folder of *.sql migrations applied once, in version order");
  auto* migrate_cmd_option = app.add_option("--migrate-cmd", o.migrate_cmd, "command that migrates DBTEST_DATABASE_URL instead of --migrations");
  std::vector<std::string> migrate_inputs;
  app.add_option("--migrate-input", migrate_inputs, "a file --migrate-cmd reads; its contents are part of the --keepdb fingerprint")
      ->allow_extra_args(false);
  app.add_flag("--keepdb", o.keepdb, "keep the migrated template and reuse it while what builds it is unchanged");
  app.add_option("--keep-templates", o.keep_templates,
                 "with --keepdb, keep at most N templates (one per set of migrations), dropping the least recently "
                 "used (default 3)")
      ->check(whole_number_from(1));
  app.add_option("--keep-pool", o.keep_pool,
                 "with --keepdb on a server, leave N ready clones of the template for the next run, made in the "
                 "background after the run (default: as many as it had workers; 0: none)")
      ->check(whole_number_from(0));
  auto* test_db_name_option = app.add_option("--test-db-name", o.test_db_name, "the template's name on a server (default test_<appdb>)");
  app.add_option("--pg-clone-strategy", o.pg_clone_strategy, "PostgreSQL's CREATE DATABASE strategy for clones (default from PostgreSQL 15: file_copy, and wal_log under --isolation test)")
      ->check(CLI::IsMember({"wal_log", "file_copy"}));
  auto* filter_option = app.add_option("--filter", o.filter, "GoogleTest filter: POSITIVE[:POSITIVE...][-NEGATIVE[:NEGATIVE...]]");
  app.add_flag("--list", o.list_only, "print the tests that would run, in order, and exit");
  auto* run_disabled_option = app.add_flag("--run-disabled", o.run_disabled, "also run DISABLED_ tests");
  auto* failfast_option = app.add_flag("-x,--failfast", o.failfast, "stop handing out work after the first failure");
  app.add_option("--timeout", o.timeout_seconds, "seconds a single test may take before its worker is killed")
      ->check(positive_seconds());
  app.add_option("--run-timeout", o.run_timeout_seconds,
                 "seconds the whole run may take; then running tests are killed and the run ends with exit 2")
      ->check(positive_seconds());
  app.add_option("--list-timeout", o.list_timeout_seconds,
                 "seconds a binary may take to list its tests before it is killed (default 60)")
      ->check(positive_seconds());
  app.add_option("--signal", signals, "KEY=VALUE handed to every worker; tests read it with dbtest::signal()")
      ->allow_extra_args(false);
  app.add_option("--expect-signal", o.expected_signals, "fail the run when no worker published KEY")
      ->allow_extra_args(false);
  std::string isolation;
  app.add_option("--isolation", isolation,
                 "'worker': a worker's tests share its clone, each in a transaction (the default); 'test': every "
                 "test starts on a fresh clone, for tests that commit")
      ->check(CLI::IsMember({"worker", "test"}));
  auto* pool_size_option =
      app.add_option("--pool-size", o.pool_size,
                     "with --isolation test, how many fresh clones are made ahead of the tests (default: twice the "
                     "workers)")
          ->check(whole_number_from(1));
  app.add_flag("--isolate-cwd", o.isolate_cwd,
               "start each worker in an empty working folder of its own (for tests that write fixed relative paths)");
  app.add_flag("-v,--verbose", o.verbose, "list every test as it finishes and the published signals");
  app.add_option("--durations", o.durations, "show the N slowest tests")->check(whole_number_from(0));
  auto* junit_option = app.add_option("--junit-xml", junit, "write a JUnit XML report to PATH");
  std::string partition;
  auto* partition_option =
      app.add_option("--partition", partition, "run part I of N of the selection: hash, slice or time (docs/ci.md)")
          ->type_name("[KIND:]I/N");
  std::string durations_file;
  auto* durations_file_option = app.add_option(
      "--durations-file", durations_file, "read test durations from PATH instead of the state folder, and merge into it after the run")
      ->type_name("PATH");
  app.add_option("--slow-after", o.slow_after_seconds, "name a test still running after SECONDS, and again at each multiple (default 60)")
      ->check(positive_seconds());
  auto* events_option =
      app.add_option("--events", events, "write the run as newline-delimited JSON events to PATH, as they happen");
  auto* trace_option =
      app.add_option("--trace", trace, "write the run to PATH as a Chrome trace (open it in ui.perfetto.dev)");
  auto* state_dir_option = app.add_option("--state-dir", state_dir, "where test durations of earlier runs are kept")->capture_default_str();
  app.add_option("--output-limit", o.output_limit, "bytes of one test's output kept (head and tail)")
      ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{8} << 20));
  app.add_option("--max-worker-restarts", o.max_worker_restarts, "worker crashes tolerated before the run stops")
      ->check(whole_number_from(0));
  app.add_flag("--reverse", o.reverse, "hand out work in the reverse of the planned order");
  std::string shuffle;
  auto* shuffle_option =
      app.add_option("--shuffle", shuffle, "hand out work in an order made from SEED (a fresh one when none is given)")
          ->expected(0, 1)
          ->type_name("[=SEED]");
  app.add_flag("--last-failed", o.last_failed, "run only the tests that failed in the last run");
  app.add_flag("--failed-first", o.failed_first, "run the tests that failed in the last run before the others");
  app.add_flag("--resume", o.resume, "continue the last run, which did not finish: run only the tests it left without a result");
  auto* repeat_option = app.add_option("--repeat", o.repeat, "run the selection N times and count how often each test passed")
      ->check(CLI::Range(1, 100000))
      ->type_name("N");
  std::string check_clean;
  auto* check_clean_option =
      app.add_option("--check-clean", check_clean,
                     "after each test, name the tables it left changed: report (the default), reclone or fail")
          ->expected(0, 1)
          ->type_name("[=report|reclone|fail]");
  app.add_flag("--keep-failed-db", o.keep_failed_db,
               "keep the database of a worker whose test failed (at most 5 per run); `dbtest cleanup` removes them");
  app.add_flag("--warnings-as-errors", o.warnings_as_errors, "a test that calls dbtest::warn() fails instead of passing with warnings");
  app.add_option("--retries", o.retries, "rerun a failed test up to N times on a fresh clone; a pass then is flaky")
      ->check(CLI::Range(0, 100))
      ->type_name("N");
  std::string sequence;
  app.add_option("--sequence", sequence, "run exactly TEST[:TEST...] in this order on one worker with a fresh clone")
      ->type_name("TESTS");
  std::string replay;
  app.add_option("--replay", replay, "run again exactly what worker WORKER ran in run RUN (or 'last'), on fresh clones")
      ->type_name("RUN:WORKER");
  app.add_option("--bisect", o.bisect, "find the tests that make TEST fail when they run before it")
      ->type_name("TEST");
  app.add_option("--pair", o.pair, "run each candidate then TEST, each on a fresh clone, and list those that make it fail")
      ->type_name("TEST");
  std::vector<std::string> named_binaries;
  app.add_option("--test-binary", named_binaries, "a test binary (same as a name after --)")->allow_extra_args(false);

  auto* cleanup = app.add_subcommand(
      "cleanup", "drop the databases that runs which are gone left on the server (found by their dbtest marker)");
  cleanup->add_flag("--dry-run", o.dry_run, "list them, drop nothing");
  cleanup->add_flag("--templates", o.templates,
                    "drop the templates --keepdb kept for the application database (or --test-db-name) instead, "
                    "except those a live run uses");
  cleanup->fallthrough();  // --backend and --database-url belong to the whole command
  // Started by a --keepdb run as it ends; not for people, so not in --help.
  auto* fill_pool = app.add_subcommand("fill-pool", "");
  fill_pool->group("");
  fill_pool->add_option("--template", o.pool.template_name)->required();
  fill_pool->add_option("--size", o.pool.size)->required()->check(CLI::Range(1, 1000));
  fill_pool->fallthrough();
  auto* merge = app.add_subcommand("merge-reports", "join the reports of a partitioned run's parts into one");
  std::string merged_junit;
  std::string merged_events;
  std::string merged_durations;
  std::vector<std::string> merge_inputs;
  auto* merge_junit = merge->add_option("--junit-xml", merged_junit, "write the JUnit XML reports IN... as one, to OUT")
                          ->type_name("OUT");
  auto* merge_events = merge->add_option("--events", merged_events, "write the event streams IN... as one, to OUT")
                           ->type_name("OUT");
  auto* merge_durations =
      merge->add_option("--durations-file", merged_durations, "write the durations files IN... as one, to OUT")
          ->type_name("OUT");
  merge->add_option("inputs", merge_inputs, "the parts' reports")->type_name("IN");
  std::string config_path;
  auto* config_option =
      app.add_option("--config", config_path, "the config file (default: dbtest.toml here or in the nearest folder above)")
          ->type_name("PATH");
  std::string profile_name;
  auto* profile_option =
      app.add_option("--profile", profile_name, "the profile of the config file to use (env DBTEST_PROFILE; default 'default')")
          ->type_name("NAME");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return {};
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return {};
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return {};
  } catch (const CLI::ExtrasError&) {
    // Names the option; CLI11 lists every argument it did not place.
    for (const auto& arg : app.remaining()) {
      if (arg.size() > 1 && arg[0] == '-' && arg != "--") throw UsageError("unknown option " + arg + " (see dbtest --help)");
    }
    throw UsageError("unexpected arguments before -- (see dbtest --help)");
  } catch (const CLI::ValidationError& e) {
    // "--timeout: must be ..." reads better as "--timeout must be ...".
    std::string message = e.what();
    const auto colon = message.find(": must be ");
    if (colon == std::string::npos) throw UsageError(message + " (see dbtest --help)");
    throw UsageError(message.erase(colon, 1));
  } catch (const CLI::ParseError& e) {
    throw UsageError(std::string(e.what()) + " (see dbtest --help)");
  }
  // merge-reports joins the files it is given; no profile applies to it.
  if (fill_pool->parsed()) {
    const auto url = environment.find(kPoolDatabaseUrlVariable);
    if (url != environment.end() && !url->second.empty()) o.database_url = url->second;
    o.command = Command::fill_pool;
    return {std::move(o), {}};
  }
  if (!merge->parsed()) profile = apply_profile(app,
                          {config_option->count() > 0 ? std::optional(config_path) : std::nullopt,
                           profile_option->count() > 0 ? std::optional(profile_name) : std::nullopt, working_folder},
                          environment,
                          !cleanup->parsed() ? ProfileUse::run
                          : o.templates      ? ProfileUse::cleanup_templates
                                             : ProfileUse::cleanup);

  // An option given with an empty value is a mistake, not an absent option.
  for (const auto* option : {parallel_option, migrations_option, junit_option, events_option, trace_option,
                             state_dir_option, test_db_name_option, migrate_cmd_option, partition_option,
                             durations_file_option}) {
    if (option->count() > 0 && option->as<std::string>().empty()) {
      throw UsageError(option->get_name() + " needs a value, not an empty string");
    }
  }
  // Before the binaries: `--shuffle build/app_tests` takes the path for a seed.
  if (shuffle_option->count() > 0 && shuffle.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError("--shuffle takes a seed of digits only, not '" + shuffle + "' (write --shuffle=SEED)");
  }
  for (const auto& b : named_binaries) o.binaries.emplace_back(b);
  for (const auto& b : binaries) o.binaries.emplace_back(b);
  for (const auto& f : migrate_inputs) o.migrate_inputs.emplace_back(f);
  check_test_db_name(o.test_db_name);
  for (const auto& arg : o.test_args) check_test_arg(arg);
  o.state_dir = state_dir;  // cleanup too: it removes kept SQLite databases there
  if (merge->parsed()) {
    check_subcommand_options(app, "merge-reports", {}, {"--junit-xml", "--events", "--durations-file"});
    int outputs = 0;
    for (const auto* option : {merge_junit, merge_events, merge_durations}) outputs += option->count() > 0 ? 1 : 0;
    if (outputs != 1) {
      throw UsageError("dbtest merge-reports takes one of --junit-xml OUT, --events OUT and --durations-file OUT, "
                       "then the parts' files");
    }
    o.merge.kind = merge_junit->count() > 0    ? MergeRequest::Kind::junit_xml
                   : merge_events->count() > 0 ? MergeRequest::Kind::events
                                               : MergeRequest::Kind::durations;
    const std::string output = merge_junit->count() > 0    ? merged_junit
                               : merge_events->count() > 0 ? merged_events
                                                           : merged_durations;
    if (output.empty()) throw UsageError("dbtest merge-reports needs an output file, not an empty string");
    if (merge_inputs.empty()) throw UsageError("dbtest merge-reports needs the parts' files to merge after " + output);
    o.merge.output = output;
    for (const auto& input : merge_inputs) o.merge.inputs.emplace_back(input);
    o.command = Command::merge_reports;
    return {std::move(o), {}};
  }
  if (cleanup->parsed()) {
    if (!o.binaries.empty()) throw UsageError("dbtest cleanup takes no test binary: '" + o.binaries.front().string() + "'");
    if (o.templates) {
      check_subcommand_options(app, "cleanup --templates",
                               {"--backend", "--config", "--database-url", "--profile", "--state-dir", "--test-db-name"});
    } else {
      check_subcommand_options(app, "cleanup", {"--backend", "--config", "--database-url", "--profile", "--state-dir"});
    }
    o.command = Command::cleanup;
    return {std::move(o), {}};
  }
  if (o.binaries.empty()) throw UsageError("no test binary given (usage: dbtest [OPTIONS] -- TEST_BINARY...)");

  if (parallel_option->count() > 0) {
    o.parallel = parse_parallel(parallel, "--parallel");
  } else if (auto it = environment.find(protocol::kParallelVariable); it != environment.end() && !it->second.empty()) {
    o.parallel = parse_parallel(it->second, protocol::kParallelVariable);
  }
  o.dist = dist == "test" ? Distribution::test : dist == "isosuite" ? Distribution::isosuite : Distribution::suite;
  if (!migrations.empty()) o.migrations = migrations;
  if (o.migrations && o.migrate_cmd) throw UsageError("--migrations and --migrate-cmd exclude each other");
  if (!junit.empty()) o.junit_xml = junit;
  if (!durations_file.empty()) o.durations_file = durations_file;
  if (partition_option->count() > 0) o.partition = parse_partition(partition, "--partition");
  if (const auto it = environment.find("GITHUB_ACTIONS"); it != environment.end()) o.github_annotations = it->second == "true";
  if (const auto it = environment.find("GITHUB_WORKSPACE"); it != environment.end()) o.github_workspace = it->second;
  if (!events.empty()) o.events = events;
  if (!trace.empty()) o.trace = trace;
  if (o.events && o.trace && std::filesystem::path(events) == std::filesystem::path(trace)) {
    throw UsageError("--events and --trace need two different files, not both " + events);
  }

  if (shuffle_option->count() > 0) o.shuffle = shuffle;
  GtestEnvironment gtest_env(environment);
  apply_gtest_environment(gtest_env, o, filter_option->count() > 0, repeat_option->count() > 0,
                          shuffle_option->count() > 0, run_disabled_option->count() > 0, failfast_option->count() > 0);
  apply_shard_and_bazel_environment(gtest_env, o, partition_option->count() > 0, filter_option->count() > 0,
                                    junit_option->count() > 0);
  // An option that came from GoogleTest's variables says so when it clashes.
  try {
    if (o.reverse && o.shuffle) throw UsageError("--reverse and --shuffle exclude each other");
    for (std::size_t begin = 0; !sequence.empty();) {
      const auto end = sequence.find(':', begin);
      const std::string name = sequence.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
      if (name.empty()) throw UsageError("--sequence takes test names separated by ':', not '" + sequence + "'");
      o.sequence.push_back(name);
      if (end == std::string::npos) break;
      begin = end + 1;
    }
    if (!replay.empty()) {
      const auto colon = replay.rfind(':');
      const std::string worker = colon == std::string::npos ? "" : replay.substr(colon + 1);
      const bool number = !worker.empty() && worker.size() < 6 && worker.find_first_not_of("0123456789") == std::string::npos;
      if (colon == 0 || !number || std::stoi(worker) < 1) {
        throw UsageError("--replay takes RUN:WORKER (a run id or 'last', and a worker number), not '" + replay + "'");
      }
      o.replay = {replay.substr(0, colon), std::stoi(worker)};
    }
    int ways = 0;
    for (bool given : {!o.sequence.empty(), o.replay.has_value(), !o.bisect.empty(), !o.pair.empty()}) ways += given ? 1 : 0;
    if (ways > 1) throw UsageError("--sequence, --replay, --bisect and --pair exclude each other");
    if (o.resume && (ways > 0 || o.repeat > 1 || o.last_failed)) {
      throw UsageError("--resume continues a run of the same selection: drop --sequence, --replay, --bisect, --pair, "
                       "--repeat and --last-failed");
    }
    if (ways == 1 && (o.reverse || o.shuffle || o.last_failed || o.failed_first || o.repeat > 1)) {
      throw UsageError("--sequence, --replay, --bisect and --pair choose the order themselves: drop --reverse, --shuffle, "
                       "--last-failed, --failed-first and --repeat");
    }
    if (o.last_failed && o.failed_first) throw UsageError("--last-failed and --failed-first exclude each other");
    if (o.partition && ways > 0) {
      throw UsageError("--partition cuts the selection into parts; --sequence, --replay, --bisect and --pair choose "
                       "their tests themselves: drop one");
    }
  } catch (const UsageError& e) {
    if (gtest_env.origins.empty()) throw;
    std::string origins;
    for (const auto& origin : gtest_env.origins) origins += (origins.empty() ? "" : "; ") + origin;
    throw UsageError(std::string(e.what()) + " (" + origins + ")");
  }

  for (const auto& g : groups) o.groups.push_back(parse_group(g, o.groups));
  for (const auto& s : stages) o.stages.push_back(parse_stage(s));
  if (o.dist == Distribution::isosuite && !o.stages.empty()) {
    throw UsageError("--stage and --dist isosuite exclude each other: isosuite runs one suite at a time already");
  }
  if (check_clean_option->count() > 0) {
    o.check_clean = check_clean.empty() ? "report" : check_clean;
    if (o.check_clean != "report" && o.check_clean != "reclone" && o.check_clean != "fail") {
      throw UsageError("--check-clean takes report, reclone or fail, not '" + check_clean + "'");
    }
  }
  o.fresh_database_per_test = isolation == "test";
  if (pool_size_option->count() > 0 && !o.fresh_database_per_test) {
    throw UsageError("--pool-size needs --isolation test: it is the number of fresh clones made ahead of the tests");
  }
  if (o.fresh_database_per_test && !o.check_clean.empty()) {
    throw UsageError("--check-clean and --isolation test exclude each other: under --isolation test no test sees "
                     "what another left");
  }
  if (o.fresh_database_per_test && o.dist == Distribution::isosuite) {
    throw UsageError("--dist isosuite and --isolation test exclude each other: a suite's shared set-up lives in a "
                     "worker's database, which --isolation test replaces before every test");
  }
  if (o.keep_going && o.stages.empty()) throw UsageError("--keep-going needs --stage: it lets later stages run after a failure");
  for (const auto& s : signals) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--signal takes KEY=VALUE, not '" + s + "'");
    o.signals[s.substr(0, eq)] = s.substr(eq + 1);
  }
  if (profile) apply_profile_rules(profile->profile, o);
  return {std::move(o), std::move(gtest_env.notes)};
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv,
                                     const std::map<std::string, std::string>& environment,
                                     const std::filesystem::path& working_folder) {
  std::optional<AppliedProfile> profile;
  try {
    return parse_with_profile(argc, argv, environment,
                              working_folder.empty() ? std::filesystem::current_path() : working_folder, profile);
  } catch (const UsageError& e) {
    // An option the profile set is named with the line that set it.
    if (profile) throw profile->explain(e);
    throw;
  }
}

}  // namespace dbtest::runner
