#include "hunt_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "hunt/ddmin.hpp"
#include "probe_runner.hpp"
#include "run_plan.hpp"

namespace dbtest::runner {
namespace {


struct Target {
  int binary = 0;
  std::string name;
};

struct Candidates {
  std::vector<std::string> tests;  // in the order they ran
  std::string source;              // where they come from, for people
};

Target find_target(const Selection& selection, const std::string& option, const std::string& name) {
  std::set<int> binaries;
  for (const auto& t : selection.tests) {
    if (t.test.full_name() == name) binaries.insert(t.binary);
  }
  if (binaries.empty()) throw UsageError(option + ": no selected test is named '" + name + "'");
  if (binaries.size() > 1) {
    throw UsageError(option + ": '" + name + "' is in several test binaries; give only the one to hunt in");
  }
  return {*binaries.begin(), name};
}

// What ran before the target on its worker's clone the last time it failed;
// failing that, everything else its binary holds.
Candidates find_candidates(const Selection& selection, const RunHistory& history, const Target& target,
                           StatusPrinter& printer) {
  std::set<std::string> selected;
  for (const auto& t : selection.tests) {
    if (t.binary == target.binary && t.test.full_name() != target.name) selected.insert(t.test.full_name());
  }
  std::vector<std::string> warnings;
  auto runs = history.load_all(warnings);
  for (const auto& w : warnings) printer.note("dbtest: warning: " + w);
  std::erase_if(runs, [](const RunRecord& r) { return r.order == "sequence"; });
  const std::string& key = selection.binary_keys.at(static_cast<std::size_t>(target.binary));
  if (const RunRecord* failed = latest_run_where_failed(runs, key, target.name)) {
    const auto binary = std::find(failed->binaries.begin(), failed->binaries.end(), key) - failed->binaries.begin();
    if (auto before = tests_before(*failed, static_cast<int>(binary), target.name)) {
      Candidates c;
      std::vector<std::string> left_out;
      for (const auto& t : *before) {
        (selected.count(t.name) ? c.tests : left_out).push_back(t.name);
      }
      c.source = fmt::format("the {} test{} that ran before it on its worker in run {} ({}), where it failed",
                             c.tests.size(), c.tests.size() == 1 ? "" : "s", failed->id, failed->started_at);
      // A filter that leaves out the culprit makes a hunt find nothing.
      if (!left_out.empty()) {
        c.source += fmt::format("; {} more not selected by --filter ({}{})", left_out.size(), left_out.front(),
                                left_out.size() > 1 ? ", ..." : "");
      }
      return c;
    }
  }
  Candidates c;
  for (const auto& t : selection.tests) {
    if (selected.count(t.test.full_name())) c.tests.push_back(t.test.full_name());
  }
  c.source = fmt::format("every other selected test of {} ({}), as no recorded run shows it failing",
                         selection.binary_names.at(static_cast<std::size_t>(target.binary)), c.tests.size());
  return c;
}

std::string shell_word(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:@,+") ==
                           std::string::npos) {
    return word;
  }
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The dbtest command that runs `sequence` as the hunt did: the same database
// options, the sequence on one fresh worker. Passwords are masked.
std::string reproduce_command(const Options& options, const Selection& selection, int binary,
                              const std::vector<std::string>& sequence) {
  std::vector<std::string> words = {"dbtest"};
  if (options.backend) words.insert(words.end(), {"--backend", *options.backend});
  if (options.database_url) words.insert(words.end(), {"--database-url", mask_password(*options.database_url)});
  if (!options.test_db_name.empty()) words.insert(words.end(), {"--test-db-name", options.test_db_name});
  if (options.migrations) words.insert(words.end(), {"--migrations", options.migrations->string()});
  if (options.migrate_cmd) words.insert(words.end(), {"--migrate-cmd", *options.migrate_cmd});
  std::string joined;
  for (const auto& name : sequence) joined += (joined.empty() ? "" : ":") + name;
  words.insert(words.end(), {"--sequence", joined, "--", selection.binary_names.at(static_cast<std::size_t>(binary))});
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + shell_word(w);
  return out;
}

std::vector<std::string> then(std::vector<std::string> tests, const std::string& last) {
  tests.push_back(last);
  return tests;
}

bool reproduced(const std::optional<Outcome>& outcome) { return outcome && is_failure(*outcome); }

int bisect(const Options& options, const Selection& selection, const Target& target, const Candidates& candidates,
           RunSession& session, StatusPrinter& printer) {
  const int workers = requested_workers(options);
  ProbeRunner runner(session, selection, target.binary, workers);
  int batch = 0;
  const Probe probe = [&](const std::vector<Subset>& subsets) {
    std::vector<std::vector<std::string>> sequences;
    for (const auto& subset : subsets) {
      std::vector<std::string> tests;
      for (auto i : subset) tests.push_back(candidates.tests.at(i));
      sequences.push_back(then(std::move(tests), target.name));
    }
    const auto outcomes = runner.run(sequences, target.name);
    std::vector<bool> failed;
    ++batch;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      failed.push_back(reproduced(outcomes[i]));
      printer.note(fmt::format("dbtest: probe {}: {} candidate{} then {}: {}", runner.probes_run() - outcomes.size() + i + 1,
                               subsets[i].size(), subsets[i].size() == 1 ? "" : "s", target.name,
                               !outcomes[i] ? "did not run" : failed.back() ? "FAILED" : "passed"));
    }
    return failed;
  };
  DdminOptions ddmin_options;
  ddmin_options.batch_width = static_cast<std::size_t>(workers);
  const auto result = runner::bisect(candidates.tests.size(), probe, ddmin_options);
  const std::string tally = fmt::format("{} probe{} in {} round{}", result.probes.size(),
                                        result.probes.size() == 1 ? "" : "s", batch, batch == 1 ? "" : "s");
  switch (result.verdict) {
    case BisectVerdict::fails_alone:
      printer.note(fmt::format("dbtest: {} fails alone on a fresh clone: no other test is needed to make it fail ({})",
                               target.name, tally));
      printer.note("dbtest: reproduce: " + reproduce_command(options, selection, target.binary, {target.name}));
      break;
    case BisectVerdict::no_culprit:
      printer.note(fmt::format("dbtest: {} passes after all {} candidates on a fresh clone: no culprit among them ({}); "
                               "it may depend on timing or on something outside the database",
                               target.name, candidates.tests.size(), tally));
      break;
    case BisectVerdict::culprits_found: {
      std::vector<std::string> culprits;
      for (auto i : result.culprits) culprits.push_back(candidates.tests.at(i));
      std::string list;
      for (const auto& c : culprits) list += (list.empty() ? "" : ", ") + c;
      printer.note(fmt::format("dbtest: {} fails when {} run{} before it ({}{})", target.name, list,
                               culprits.size() == 1 ? "s" : "", tally, result.minimal ? "" : "; not narrowed to the end"));
      printer.note("dbtest: reproduce: " + reproduce_command(options, selection, target.binary, then(culprits, target.name)));
      break;
    }
  }
  return 0;
}

int pair(const Options& options, const Selection& selection, const Target& target, const Candidates& candidates,
         RunSession& session, StatusPrinter& printer) {
  ProbeRunner runner(session, selection, target.binary, requested_workers(options));
  // The same first checks as a bisect: alone, and after every candidate.
  const auto first = runner.run({{target.name}, then(candidates.tests, target.name)}, target.name);
  if (reproduced(first[0])) {
    printer.note(fmt::format("dbtest: {} fails alone on a fresh clone: no other test is needed to make it fail", target.name));
    return 0;
  }
  if (!reproduced(first[1])) {
    printer.note(fmt::format("dbtest: {} passes after all {} candidates on a fresh clone: no culprit among them; "
                             "it may depend on timing or on something outside the database",
                             target.name, candidates.tests.size()));
    return 0;
  }
  std::vector<std::vector<std::string>> sequences;
  for (const auto& c : candidates.tests) sequences.push_back({c, target.name});
  const auto outcomes = runner.run(sequences, target.name);
  std::vector<std::string> culprits;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (reproduced(outcomes[i])) culprits.push_back(candidates.tests[i]);
  }
  if (culprits.empty()) {
    printer.note(fmt::format("dbtest: no single candidate makes {} fail ({} pairs run); several may only together: "
                             "try --bisect",
                             target.name, sequences.size()));
    return 0;
  }
  printer.note(fmt::format("dbtest: {} of {} candidates make {} fail when run just before it:", culprits.size(),
                           candidates.tests.size(), target.name));
  for (const auto& c : culprits) {
    printer.note("  " + c + "\n    reproduce: " + reproduce_command(options, selection, target.binary, {c, target.name}));
  }
  return 0;
}

}  // namespace

int run_hunt(const Options& options, const Selection& selection, const RunHistory& history, RunSession& session,
             StatusPrinter& printer) {
  const bool bisecting = !options.bisect.empty();
  const Target target = find_target(selection, bisecting ? "--bisect" : "--pair", bisecting ? options.bisect : options.pair);
  const Candidates candidates = find_candidates(selection, history, target, printer);
  printer.note(fmt::format("dbtest: {} {}: candidates are {}", bisecting ? "bisecting" : "pairing", target.name,
                           candidates.source));
  try {
    return bisecting ? bisect(options, selection, target, candidates, session, printer)
                     : pair(options, selection, target, candidates, session, printer);
  } catch (const ProbeRunner::Interrupted&) {
    printer.note("dbtest: interrupted");
    return 130;
  }
}

}  // namespace dbtest::runner
