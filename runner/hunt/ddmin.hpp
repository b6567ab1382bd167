// Finding which earlier tests make a test fail: delta debugging (Zeller and
// Hildebrandt's ddmin) over the tests that ran before it on its clone.
//
// The candidates are the tests that ran before TEST, in the order they ran;
// this code only sees their positions 0..n-1. A probe runs a subset of them,
// in that order, and then TEST, on a fresh clone, and says whether TEST
// failed. Every subset handed to a probe is in ascending order, so tests
// always run in the order they originally ran.
//
// Probes are asked for in batches: the probes of one ddmin round are
// independent of each other, so a caller with several workers can run a
// batch in parallel. A round is cut into batches of at most `batch_width`
// probes, and the search stops at the first batch with a failure in it.
//
// Probe counts, with one culprit among n: plain ddmin already behaves as a
// binary search. A round at granularity 2 probes both halves, and the
// failing half becomes the set, at granularity 2 again: two probes per
// halving, about 2·log2(n) in all (200 candidates: at most 16, plus the two
// first checks of bisect). Culprits that act only together are where ddmin
// is slow: once no half fails alone it splits finer and tries complements
// (2 such culprits among 200: 63 probes on average, 75 at most; 3: 112 on
// average). So bisect narrows first: halving, and when neither half fails
// alone, halving one half with the other as background; that costs about
// 2·log2(n) probes per culprit (2 among 200: 31 on average, 34 at most; 3:
// 43 on average, 51 at most). ddmin then runs on what is left, which makes
// the result 1-minimal whatever the failure's logic, and costs only a few
// probes when the narrowing already found a minimal set.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace dbtest::runner {

// Positions in the candidate list, ascending.
using Subset = std::vector<std::size_t>;

// Runs each subset, then TEST, and returns for each whether TEST failed
// (true: the failure was reproduced), in the order given. Must return
// exactly one answer per subset; std::invalid_argument otherwise. The empty
// subset means TEST alone.
using Probe = std::function<std::vector<bool>(const std::vector<Subset>& subsets)>;

struct ProbeRecord {
  Subset subset;
  bool failed = false;

  friend bool operator==(const ProbeRecord&, const ProbeRecord&) = default;
};

struct DdminOptions {
  // The most probes in one call of the probe; 0: a whole round at once.
  std::size_t batch_width = 0;
  // Stop after this many probes, with the smallest failing set found so
  // far; 0: no limit.
  std::size_t max_probes = 0;
};

struct DdminResult {
  // The failure-inducing subset, ascending. 1-minimal when `minimal`:
  // leaving out any one of its tests makes TEST pass.
  Subset culprits;
  // false when max_probes ran out first; `culprits` then still fails.
  bool minimal = true;
  // Every probe run, in the order run. A subset is never probed twice.
  std::vector<ProbeRecord> probes;
};

// Plain ddmin over candidates 0..candidate_count-1. Assumes, without
// probing, that all of them then TEST fails and TEST alone passes: bisect
// checks that.
DdminResult ddmin(std::size_t candidate_count, const Probe& probe, const DdminOptions& options = {});

enum class BisectVerdict {
  fails_alone,      // TEST fails without any candidate before it
  no_culprit,       // TEST passes after all candidates: the failure was not reproduced
  culprits_found,   // see BisectResult::culprits
};

struct BisectResult {
  BisectVerdict verdict = BisectVerdict::no_culprit;
  Subset culprits;  // with culprits_found
  bool minimal = true;
  // Every probe run, the two first checks included.
  std::vector<ProbeRecord> probes;
};

// Probes TEST alone and all candidates then TEST (in one batch, or alone
// first with batches of one). When the first passes and the second fails,
// narrows the candidates down, then runs ddmin on what is left. max_probes
// counts the two first checks but never skips them.
BisectResult bisect(std::size_t candidate_count, const Probe& probe, const DdminOptions& options = {});

}  // namespace dbtest::runner
