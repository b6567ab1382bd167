#include "ddmin.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

namespace dbtest::runner {
namespace {

// The probes asked for so far and what they said, so that no subset is run
// twice (at granularity 2 a half's complement is the other half).
class ProbeRunner {
 public:
  ProbeRunner(const Probe& probe, const DdminOptions& options) : probe_(probe), options_(options) {}

  // A fact known without probing.
  void assume(const Subset& subset, bool failed) { known_.emplace(subset, failed); }

  // The first subset of `round` that fails, or nullopt. Probes in order, in
  // batches, and stops after the first batch with a failure. Sets
  // `out_of_probes` when max_probes ended the round early, unless
  // `within_budget` is false.
  std::optional<std::size_t> first_failing(const std::vector<Subset>& round, bool within_budget = true) {
    const std::size_t width = options_.batch_width == 0 ? round.size() : options_.batch_width;
    std::size_t next = 0;
    while (next < round.size()) {
      const std::size_t limit = within_budget ? std::min(width, budget_left()) : width;
      std::vector<Subset> batch;
      std::size_t end = next;
      for (; end < round.size(); ++end) {
        const auto& subset = round[end];
        if (known_.count(subset) || std::find(batch.begin(), batch.end(), subset) != batch.end()) continue;
        if (batch.size() == limit) break;
        batch.push_back(subset);
      }
      if (!batch.empty()) run(batch);
      for (std::size_t i = next; i < end; ++i) {
        if (known_.at(round[i])) return i;
      }
      if (batch.empty() && end < round.size()) {
        out_of_probes = true;
        return std::nullopt;
      }
      next = end;
    }
    return std::nullopt;
  }

  std::vector<ProbeRecord> log;
  bool out_of_probes = false;

 private:
  std::size_t budget_left() const {
    if (options_.max_probes == 0) return static_cast<std::size_t>(-1);
    return options_.max_probes > log.size() ? options_.max_probes - log.size() : 0;
  }

  void run(const std::vector<Subset>& batch) {
    const auto answers = probe_(batch);
    if (answers.size() != batch.size()) {
      throw std::invalid_argument("a probe answered " + std::to_string(answers.size()) + " of " +
                                  std::to_string(batch.size()) + " subsets");
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      known_.emplace(batch[i], answers[i]);
      log.push_back({batch[i], answers[i]});
    }
  }

  const Probe& probe_;
  const DdminOptions& options_;
  std::map<Subset, bool> known_;
};

// `set` cut into `n` consecutive parts whose sizes differ by one at most.
std::vector<Subset> split(const Subset& set, std::size_t n) {
  std::vector<Subset> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t size = set.size() / n + (i < set.size() % n ? 1 : 0);
    parts.emplace_back(set.begin() + static_cast<std::ptrdiff_t>(start),
                       set.begin() + static_cast<std::ptrdiff_t>(start + size));
    start += size;
  }
  return parts;
}

Subset complement_of_part(const std::vector<Subset>& parts, std::size_t left_out) {
  Subset rest;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != left_out) rest.insert(rest.end(), parts[i].begin(), parts[i].end());
  }
  return rest;
}

// Zeller's ddmin from `current`, a set known to fail: at granularity n, a
// failing part becomes the set (back to granularity 2); failing that, a
// failing complement does (granularity n-1); failing that, the granularity
// doubles, until parts are single tests. Returns a 1-minimal set unless the
// probes ran out, and says which in `minimal`.
Subset ddmin_from(Subset current, ProbeRunner& runner, bool& minimal) {
  std::size_t n = 2;
  minimal = true;
  while (current.size() >= 2) {
    const auto parts = split(current, std::min(n, current.size()));
    std::vector<Subset> round = parts;
    // With two parts the complements are the parts again.
    if (parts.size() > 2) {
      for (std::size_t i = 0; i < parts.size(); ++i) round.push_back(complement_of_part(parts, i));
    }
    const auto failing = runner.first_failing(round);
    if (runner.out_of_probes) {
      minimal = false;
      break;
    }
    if (failing && *failing < parts.size()) {
      current = round[*failing];
      n = 2;
    } else if (failing) {
      current = round[*failing];
      n = std::max<std::size_t>(n - 1, 2);
    } else if (parts.size() < current.size()) {
      n = std::min(current.size(), 2 * parts.size());
    } else {
      break;
    }
  }
  return current;
}

Subset united(const Subset& a, const Subset& b) {
  Subset both;
  both.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both;
}

// The narrowing phase, by halving: a part of `set` that still fails when run
// with `background` (merged in original order). Requires that set+background
// fails and that background alone passes. When the probes run out it
// returns a larger part, which still fails.
//
// Both halves are probed at once; one that fails alone becomes the set. When
// neither does, culprits sit in both halves and act together: the first
// half is narrowed with the whole second half as background, then the second
// with what was found in the first. That costs about 2·log2(n) probes per
// culprit, where ddmin at finer granularities costs several times that.
Subset narrow(const Subset& set, const Subset& background, ProbeRunner& runner) {
  if (set.size() <= 1 || runner.out_of_probes) return set;
  const auto halves = split(set, 2);
  const auto failing = runner.first_failing({united(halves[0], background), united(halves[1], background)});
  if (runner.out_of_probes) return set;
  if (failing) return narrow(halves[*failing], background, runner);
  const Subset first = narrow(halves[0], united(background, halves[1]), runner);
  if (runner.out_of_probes) return united(first, halves[1]);
  const Subset with_first = united(background, first);
  // What was found in the first half may not need the second half at all.
  const auto second_needed = !runner.first_failing({with_first}).has_value();
  if (runner.out_of_probes) return united(first, halves[1]);
  if (!second_needed) return first;
  return united(first, narrow(halves[1], with_first, runner));
}

}  // namespace

DdminResult ddmin(std::size_t candidate_count, const Probe& probe, const DdminOptions& options) {
  ProbeRunner runner(probe, options);
  Subset all(candidate_count);
  std::iota(all.begin(), all.end(), std::size_t{0});
  runner.assume(all, true);
  runner.assume({}, false);
  DdminResult result;
  result.culprits = ddmin_from(std::move(all), runner, result.minimal);
  result.probes = std::move(runner.log);
  return result;
}

BisectResult bisect(std::size_t candidate_count, const Probe& probe, const DdminOptions& options) {
  ProbeRunner runner(probe, options);
  Subset all(candidate_count);
  std::iota(all.begin(), all.end(), std::size_t{0});
  // TEST alone first: if it fails there, what ran before does not matter.
  const auto first = runner.first_failing({Subset{}, all}, false);
  BisectResult result;
  if (!first || *first == 0) {
    result.verdict = first ? BisectVerdict::fails_alone : BisectVerdict::no_culprit;
    result.probes = std::move(runner.log);
    return result;
  }
  result.verdict = BisectVerdict::culprits_found;
  Subset narrowed = narrow(all, {}, runner);
  // The narrowed set fails; ddmin makes it 1-minimal even when the failure
  // does not grow with the set (a later test that cleans up, say). After a
  // good narrowing it only confirms, with a few probes.
  runner.assume(narrowed, true);
  result.culprits = ddmin_from(std::move(narrowed), runner, result.minimal);
  result.probes = std::move(runner.log);
  return result;
}

}  // namespace dbtest::runner
