#!/usr/bin/env bash
# Measures dbtest's runner overhead and parallel efficiency on this machine and
# writes docs/benchmarks.md (the whole file, every time).
#
#   bench/run_benchmarks.sh [BUILD_DIR]
#
# BUILD_DIR (argument, or environment BUILD_DIR; default build-bench in the
# source tree) is configured as a Release build when it has no CMakeCache.txt
# yet; the three targets the benchmark needs are then built in it.
#
# Environment:
#   RUNS=5          the least number of timed runs of a measurement, which
#                   also lasts at least 3 s (the median is reported); one
#                   untimed warm-up run comes first
#   OUTPUT=FILE     where the report goes (default docs/benchmarks.md);
#                   OUTPUT=- prints it only
#   NO_HYPERFINE=1  time with the shell even when hyperfine is installed
#   SKIP_BUILD=1    use the binaries in BUILD_DIR as they are
#   IDLE_WAIT=120   seconds to wait, before each measurement, for other work on
#                   the machine to calm down (0: do not wait)
#   ATTEMPTS=3      measurements disturbed by other work (over 10 % of the
#                   CPUs) are taken again, up to this many times in all; the
#                   least disturbed attempt is reported
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${1:-${BUILD_DIR:-$ROOT/build-bench}}
RUNS=${RUNS:-5}
OUTPUT=${OUTPUT:-$ROOT/docs/benchmarks.md}
NO_HYPERFINE=${NO_HYPERFINE:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
IDLE_WAIT=${IDLE_WAIT:-120}
ATTEMPTS=${ATTEMPTS:-3}

TRIVIAL_TESTS=2000
TRIVIAL_SMALL_FILTER='TrivialSuite0*'  # TrivialSuite00..09: 10 suites x 20 tests
TRIVIAL_SMALL_TESTS=200
CPU_TESTS=400
CPU_MS_PER_TEST=5
FAST_US_PER_TEST=500
PARALLEL=2

TARGET_OVERHEAD_US=20
TARGET_VS_CTEST=50
TARGET_PARALLEL_SPEEDUP=1.8

log() { echo "run_benchmarks: $*" >&2; }
die() { log "error: $*"; exit 1; }

case $RUNS in '' | *[!0-9]* | 0) die "RUNS must be a whole number of at least 1, not '$RUNS'" ;; esac
case $ATTEMPTS in '' | *[!0-9]* | 0) die "ATTEMPTS must be a whole number of at least 1, not '$ATTEMPTS'" ;; esac
case $IDLE_WAIT in '' | *[!0-9]*) die "IDLE_WAIT must be a whole number of seconds, not '$IDLE_WAIT'" ;; esac

# ---------------------------------------------------------------- build
if [[ $SKIP_BUILD != 1 ]]; then
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    log "configuring $BUILD_DIR (Release)"
    cmake -S "$ROOT" -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DDBTEST_BUILD_EXAMPLES=OFF -DDBTEST_BUILD_TESTS=OFF -DDBTEST_BUILD_BENCH=ON >&2
  fi
  if grep -q '^DBTEST_BUILD_BENCH:BOOL=OFF$' "$BUILD_DIR/CMakeCache.txt"; then
    die "$BUILD_DIR was configured with -DDBTEST_BUILD_BENCH=OFF; configure it with ON, or use another build dir"
  fi
  log "building dbtest, bench_trivial_tests and bench_cpu_tests in $BUILD_DIR"
  cmake --build "$BUILD_DIR" --target dbtest bench_trivial_tests bench_cpu_tests >&2
fi

DBTEST=$BUILD_DIR/runner/dbtest
TRIVIAL=$BUILD_DIR/bench/bench_trivial_tests
CPU=$BUILD_DIR/bench/bench_cpu_tests
for exe in "$DBTEST" "$TRIVIAL" "$CPU"; do
  [[ -x $exe ]] || die "$exe is missing; build it first, or drop SKIP_BUILD"
done
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
CXX_PATH=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
[[ $BUILD_TYPE == Release ]] || log "warning: $BUILD_DIR is a '${BUILD_TYPE:-unset}' build, not Release"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dbtest-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------- timing
USE_HYPERFINE=0
if [[ $NO_HYPERFINE != 1 ]] && command -v hyperfine >/dev/null; then USE_HYPERFINE=1; fi
if [[ $USE_HYPERFINE == 1 ]]; then
  CPU_STAT="hyperfine reports the mean of the runs"
  TIMER="hyperfine $(hyperfine --version | awk '{print $2}') (--shell=none, 1 warm-up run, then at least $RUNS timed runs and at least 3 s of them; the median)"
else
  CPU_STAT="the median of the runs"
  TIMER="bash's time keyword (1 warm-up run, then at least $RUNS timed runs and at least 3 s of them; the median)"
fi

declare -A WALL CPUTIME OTHER COUNT TRIES

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# "busy total" jiffies of all CPUs since boot.
cpu_jiffies() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit}' /proc/stat; }

# Waits up to IDLE_WAIT seconds for the machine to be mostly idle (under 25 %
# of all CPUs busy over a second), so other work does not skew a measurement.
wait_for_idle() {
  local deadline=$((SECONDS + IDLE_WAIT)) b0 t0 b1 t1 busy
  while :; do
    read -r b0 t0 < <(cpu_jiffies)
    sleep 1
    read -r b1 t1 < <(cpu_jiffies)
    busy=$(calc '%.0f' "($b1 - $b0) * 100 / ($t1 - $t0 > 0 ? $t1 - $t0 : 1)")
    ((busy < 25)) && return 0
    if ((SECONDS >= deadline)); then
      log "the machine is still ${busy} % busy with other work; measuring anyway"
      return 0
    fi
  done
}

# CPU ticks used so far by this shell's waited-for children (hyperfine, or the
# timed commands, and everything they waited for).
children_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }

# measure_once KEY PREPARE COMMAND...: one attempt at a measurement; sets
# WALL, CPUTIME, COUNT and OTHER for KEY.
measure_once() {
  local key=$1 prepare=$2
  shift 2
  local b0 t0 b1 t1 c0 c1
  read -r b0 t0 < <(cpu_jiffies)
  c0=$(children_ticks)
  if [[ $USE_HYPERFINE == 1 ]]; then
    local quoted
    quoted=$(printf '%q ' "$@")
    local prep=()
    [[ -n $prepare ]] && prep=(--prepare "$prepare")
    hyperfine --shell=none "${prep[@]}" --warmup 1 --min-runs "$RUNS" --style none \
      --export-csv "$WORK/$key.csv" --export-json "$WORK/$key.json" -- "$quoted" >/dev/null 2>"$WORK/$key.hyperfine.err" || {
      cat "$WORK/$key.hyperfine.err" >&2
      die "hyperfine failed on: $*"
    }
    # command,mean,stddev,median,user,system,min,max
    WALL[$key]=$(awk -F, 'NR == 2 {print $4}' "$WORK/$key.csv")
    CPUTIME[$key]=$(awk -F, 'NR == 2 {print $5 + $6}' "$WORK/$key.csv")
    COUNT[$key]=$(awk '/"times": \[/ {inside = 1; next} inside && /\]/ {exit} inside {n++} END {print n + 0}' "$WORK/$key.json")
  else
    local TIMEFORMAT='%R %U %S' i start=$SECONDS
    [[ -n $prepare ]] && bash -c "$prepare"
    "$@" >/dev/null 2>&1 || die "failed: $*"  # warm-up
    : >"$WORK/$key.times"
    # Like hyperfine: at least RUNS runs, and at least 3 seconds of them.
    for ((i = 0; i < RUNS || (SECONDS - start < 3 && i < 1000); i++)); do
      [[ -n $prepare ]] && bash -c "$prepare"
      { time "$@" >/dev/null 2>&1; } 2>>"$WORK/$key.times" || die "failed: $*"
    done
    COUNT[$key]=$i
    WALL[$key]=$(awk '{print $1}' "$WORK/$key.times" | median)
    CPUTIME[$key]=$(awk '{print $2 + $3}' "$WORK/$key.times" | median)
  fi
  c1=$(children_ticks)
  read -r b1 t1 < <(cpu_jiffies)
  # Busy time of all CPUs less what this benchmark's processes used, as a share of all CPUs.
  OTHER[$key]=$(calc '%.0f' "(d = (($b1 - $b0) - ($c1 - $c0)) / ($t1 - $t0 > 0 ? $t1 - $t0 : 1) * 100) > 0 ? d : 0")
}

# measure KEY [--prepare SHELL_COMMAND] COMMAND...: median wall seconds into
# WALL[KEY]; CPU seconds (user + system of the command and its children) into
# CPUTIME[KEY]; the number of timed runs into COUNT[KEY]; the share of all
# CPUs that other processes used meanwhile into OTHER[KEY]. When other work
# took over 10 % of the machine, the measurement is taken again (ATTEMPTS in
# all at most) and the least disturbed attempt is kept.
measure() {
  local key=$1 prepare=""
  shift
  if [[ $1 == --prepare ]]; then
    prepare=$2
    shift 2
  fi
  local attempt best_other="" best_wall best_cpu best_count
  for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
    wait_for_idle
    log "timing $key (attempt $attempt): $*"
    measure_once "$key" "$prepare" "$@"
    log "$key attempt $attempt: median ${WALL[$key]} s, other processes ${OTHER[$key]} % of the CPUs"
    if [[ -z $best_other ]] || ((OTHER[$key] < best_other)); then
      best_other=${OTHER[$key]} best_wall=${WALL[$key]} best_cpu=${CPUTIME[$key]} best_count=${COUNT[$key]}
    fi
    ((best_other <= 10)) && break
  done
  TRIES[$key]=$((attempt > ATTEMPTS ? ATTEMPTS : attempt))
  WALL[$key]=$best_wall CPUTIME[$key]=$best_cpu COUNT[$key]=$best_count OTHER[$key]=$best_other
}

# calc EXPRESSION: evaluates with awk, prints with the given printf format.
calc() { awk "BEGIN {printf \"$1\", ($2)}"; }

# ---------------------------------------------------------------- checks
# Every command is run once, checked for the right counts, before it is timed:
# a fast wrong answer must not turn into a good number.
expect_line() {
  local what=$1 pattern=$2 file=$3
  grep -Eq -- "$pattern" "$file" || {
    log "$what did not print /$pattern/; its output ends with:"
    tail -n 20 "$file" >&2
    exit 1
  }
}

check_alone() {  # check_alone BINARY COUNT [GTEST ARGS...]
  local bin=$1 count=$2
  shift 2
  "$bin" "$@" >"$WORK/check.out" 2>&1 || die "$bin $* exited with $?"
  expect_line "$bin" "^\[  PASSED  \] $count tests\.$" "$WORK/check.out"
}

check_dbtest() {  # check_dbtest NAME COUNT DBTEST ARGS...; keeps dbtest's Time: line
  local name=$1 count=$2
  shift 2
  "$DBTEST" "$@" >"$WORK/check.out" 2>&1 || die "dbtest $* exited with $?"
  expect_line "dbtest $*" "^$count passed, 0 failed, 0 skipped$" "$WORK/check.out"
  [[ $(tail -n 1 "$WORK/check.out") == "$count passed, 0 failed, 0 skipped" ]] ||
    die "dbtest $*: the summary is not the last line"
  grep -m1 '^Time:' "$WORK/check.out" >"$WORK/$name.breakdown" || true
}

# ---------------------------------------------------------------- the runs
STATE=$WORK/state  # durations persist across the runs of one measurement, as in real use

check_alone "$TRIVIAL" "$TRIVIAL_TESTS"
measure trivial_alone "$TRIVIAL"

check_dbtest trivial_dbtest "$TRIVIAL_TESTS" --parallel "$PARALLEL" --state-dir "$STATE/trivial" -- "$TRIVIAL"
measure trivial_dbtest "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/trivial" -- "$TRIVIAL"
# The same with an empty state directory every time: a first run, with no
# durations known from before.
measure trivial_dbtest_cold --prepare "rm -rf '$STATE/cold'" \
  "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/cold" -- "$TRIVIAL"

# Not targets, but they show where the time goes: one worker instead of two
# (both on a first run, as b₀), and one batch per test instead of one per suite.
measure trivial_dbtest_j1 --prepare "rm -rf '$STATE/j1'" \
  "$DBTEST" --parallel 1 --state-dir "$STATE/j1" -- "$TRIVIAL"
check_dbtest trivial_dbtest_dist_test "$TRIVIAL_TESTS" --parallel "$PARALLEL" --dist test --state-dir "$STATE/dist" -- "$TRIVIAL"
measure trivial_dbtest_dist_test "$DBTEST" --parallel "$PARALLEL" --dist test --state-dir "$STATE/dist" -- "$TRIVIAL"

check_alone "$TRIVIAL" "$TRIVIAL_SMALL_TESTS" "--gtest_filter=$TRIVIAL_SMALL_FILTER"
measure trivial_small_alone "$TRIVIAL" "--gtest_filter=$TRIVIAL_SMALL_FILTER"

check_dbtest trivial_small_dbtest "$TRIVIAL_SMALL_TESTS" --parallel "$PARALLEL" --state-dir "$STATE/small" \
  --filter "$TRIVIAL_SMALL_FILTER" -- "$TRIVIAL"
measure trivial_small_dbtest "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/small" \
  --filter "$TRIVIAL_SMALL_FILTER" -- "$TRIVIAL"

# One process per test, as ctest runs what gtest_discover_tests registered.
CTEST_DIR=$WORK/ctest
mkdir -p "$CTEST_DIR"
"$TRIVIAL" --gtest_list_tests | awk -v bin="$TRIVIAL" '
  /^[^ ]/ { suite = $1; next }
  /^  /   { name = suite $1
            printf "add_test([=[%s]=] \"%s\" \"--gtest_filter=%s\")\n", name, bin, name }' \
  >"$CTEST_DIR/CTestTestfile.cmake"
registered=$(grep -c '^add_test' "$CTEST_DIR/CTestTestfile.cmake")
[[ $registered == "$TRIVIAL_TESTS" ]] || die "listed $registered tests for ctest, not $TRIVIAL_TESTS"
ctest -j"$PARALLEL" --test-dir "$CTEST_DIR" >"$WORK/check.out" 2>&1 || die "ctest exited with $?"
expect_line ctest "tests passed, 0 tests failed out of $TRIVIAL_TESTS$" "$WORK/check.out"
measure trivial_ctest ctest -j"$PARALLEL" --test-dir "$CTEST_DIR"

check_alone "$CPU" "$CPU_TESTS"
measure cpu_alone "$CPU"

check_dbtest cpu_dbtest "$CPU_TESTS" --parallel "$PARALLEL" --state-dir "$STATE/cpu" -- "$CPU"
measure cpu_dbtest "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/cpu" -- "$CPU"

# Not a target: the same suite with tests of 0.5 ms, shorter than GoogleTest's
# millisecond clock, on a first run (empty state directory) and on a later run
# (durations known from before).
export BENCH_CPU_MICROSECONDS=$FAST_US_PER_TEST
check_alone "$CPU" "$CPU_TESTS"
measure fast_alone "$CPU"
check_dbtest fast_dbtest "$CPU_TESTS" --parallel "$PARALLEL" --state-dir "$STATE/fast" -- "$CPU"
measure fast_dbtest_cold --prepare "rm -rf '$STATE/fast_cold'" \
  "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/fast_cold" -- "$CPU"
measure fast_dbtest "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/fast" -- "$CPU"
FAST_ZERO_DURATIONS=$(grep -c '"[^"]*bench_cpu_tests::[^"]*": 0\.0,\?$' "$STATE/fast/durations.json" 2>/dev/null || true)
unset BENCH_CPU_MICROSECONDS

# System calls of one dbtest run of the 2,000 trivial tests (all processes),
# when strace is installed: what the runner does per test.
SYSCALLS=
if command -v strace >/dev/null; then
  if strace -f -c -o "$WORK/strace.txt" "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/strace" -- "$TRIVIAL" \
    >/dev/null 2>&1; then
    # % time, seconds, usecs/call, calls, [errors], syscall: calls is field 4, the name the last.
    SYSCALLS=$(awk -v n="$TRIVIAL_TESTS" '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" {
        if ($4 / n >= 0.1) printf "%s %.1f\n", $NF, $4 / n }' "$WORK/strace.txt" | sort -k2,2gr | head -n 8 |
      awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2} END {print ""}')
  fi
fi

# ---------------------------------------------------------------- results
OVERHEAD_US=$(calc '%.1f' "(${WALL[trivial_dbtest]} - ${WALL[trivial_alone]}) / $TRIVIAL_TESTS * 1e6")
SLOPE_US=$(calc '%.1f' "((${WALL[trivial_dbtest]} - ${WALL[trivial_small_dbtest]}) - (${WALL[trivial_alone]} - ${WALL[trivial_small_alone]})) / ($TRIVIAL_TESTS - $TRIVIAL_SMALL_TESTS) * 1e6")
FIXED_MS=$(calc '%.1f' "((${WALL[trivial_dbtest]} - ${WALL[trivial_alone]}) - ($TRIVIAL_TESTS * $SLOPE_US / 1e6)) * 1e3")
J1_OVERHEAD_US=$(calc '%.1f' "(${WALL[trivial_dbtest_j1]} - ${WALL[trivial_alone]}) / $TRIVIAL_TESTS * 1e6")
TRIVIAL_ZERO_DURATIONS=$(grep -c '"[^"]*bench_trivial_tests::[^"]*": 0\.0,\?$' "$STATE/trivial/durations.json" 2>/dev/null || true)
DIST_OVERHEAD_US=$(calc '%.1f' "(${WALL[trivial_dbtest_dist_test]} - ${WALL[trivial_alone]}) / $TRIVIAL_TESTS * 1e6")
COLD_OVERHEAD_US=$(calc '%.1f' "(${WALL[trivial_dbtest_cold]} - ${WALL[trivial_alone]}) / $TRIVIAL_TESTS * 1e6")
CPU_OVERHEAD_US=$(calc '%.1f' "(${CPUTIME[trivial_dbtest]} - ${CPUTIME[trivial_alone]}) / $TRIVIAL_TESTS * 1e6")
VS_CTEST=$(calc '%.1f' "${WALL[trivial_ctest]} / ${WALL[trivial_dbtest]}")
CTEST_PER_TEST_MS=$(calc '%.2f' "${WALL[trivial_ctest]} / $TRIVIAL_TESTS * 1e3")
PAR_SPEEDUP=$(calc '%.2f' "${WALL[cpu_alone]} / ${WALL[cpu_dbtest]}")
FAST_SPEEDUP_COLD=$(calc '%.2f' "${WALL[fast_alone]} / ${WALL[fast_dbtest_cold]}")
FAST_SPEEDUP=$(calc '%.2f' "${WALL[fast_alone]} / ${WALL[fast_dbtest]}")
PAR_EFFICIENCY=$(calc '%.0f' "${WALL[cpu_alone]} / ${WALL[cpu_dbtest]} / $PARALLEL * 100")

verdict() {  # verdict VALUE OP TARGET
  if awk "BEGIN {exit !($1 $2 $3)}"; then echo met; else echo "**NOT met**"; fi
}
V_OVERHEAD=$(verdict "$OVERHEAD_US" '<=' "$TARGET_OVERHEAD_US")
V_CTEST=$(verdict "$VS_CTEST" '>=' "$TARGET_VS_CTEST")
V_PAR=$(verdict "$PAR_SPEEDUP" '>=' "$TARGET_PARALLEL_SPEEDUP")

s() { calc '%.3f' "$1"; }  # seconds, 3 decimals

summary_table() {
  cat <<EOF
| Measurement | Result | Target | Verdict |
| --- | ---: | ---: | --- |
| dbtest overhead per test, 2,000 trivial tests: (b − a) / 2,000 | $OVERHEAD_US µs | ≤ $TARGET_OVERHEAD_US µs | $V_OVERHEAD |
| dbtest vs one process per test (\`ctest -j$PARALLEL\`), 2,000 trivial tests: c / b | $VS_CTEST× | ≥ $TARGET_VS_CTEST× | $V_CTEST |
| parallel speed-up, 400 tests × $CPU_MS_PER_TEST ms CPU: alone / \`dbtest --parallel $PARALLEL\` | $PAR_SPEEDUP× ($PAR_EFFICIENCY % of ideal) | ≥ $TARGET_PARALLEL_SPEEDUP× | $V_PAR |
| *(not a target)* the same with an empty \`--state-dir\` each run (first run): (b₀ − a) / 2,000 | $COLD_OVERHEAD_US µs | — | — |
| *(not a target)* the same with \`--parallel 1\` and an empty \`--state-dir\` each run: (b₁ − a) / 2,000 | $J1_OVERHEAD_US µs | — | — |
| *(not a target)* the same with \`--dist test\` (one batch per test): (bₜ − a) / 2,000 | $DIST_OVERHEAD_US µs | — | — |
| *(not a target)* marginal overhead per test, slope between 200 and 2,000 tests, minus the binary's own slope | $SLOPE_US µs | — | — |
| *(not a target)* dbtest fixed cost implied by that slope (start-up, discovery, migration, workers, teardown) | $FIXED_MS ms | — | — |
| *(not a target)* dbtest CPU time per test, user + system of all processes: (b − a) / 2,000 | $CPU_OVERHEAD_US µs | — | — |
| *(not a target)* parallel speed-up, 400 tests × $FAST_US_PER_TEST µs CPU, first run (empty \`--state-dir\`): f / g₀ | $FAST_SPEEDUP_COLD× | — | — |
| *(not a target)* parallel speed-up, 400 tests × $FAST_US_PER_TEST µs CPU, later run (durations known): f / g | $FAST_SPEEDUP× | — | — |
EOF
}

RAW_ROWS=(
  "trivial_alone|a|2,000 trivial tests, the binary alone|\`bench_trivial_tests\`"
  "trivial_dbtest|b|2,000 trivial tests under dbtest|\`dbtest --parallel $PARALLEL --state-dir DIR -- bench_trivial_tests\`"
  "trivial_dbtest_cold|b₀|2,000 trivial tests under dbtest, empty state directory each run|\`dbtest --parallel $PARALLEL --state-dir EMPTY_DIR -- bench_trivial_tests\`"
  "trivial_dbtest_j1|b₁|2,000 trivial tests under dbtest, one worker, empty state directory each run|\`dbtest --parallel 1 --state-dir EMPTY_DIR -- bench_trivial_tests\`"
  "trivial_dbtest_dist_test|bₜ|2,000 trivial tests under dbtest, one batch per test|\`dbtest --parallel $PARALLEL --dist test --state-dir DIR -- bench_trivial_tests\`"
  "trivial_ctest|c|2,000 trivial tests, one process per test|\`ctest -j$PARALLEL --test-dir DIR\` (2,000 \`add_test\`, each \`--gtest_filter=Suite.Test\`)"
  "trivial_small_alone|a′|200 trivial tests, the binary alone|\`bench_trivial_tests --gtest_filter='$TRIVIAL_SMALL_FILTER'\`"
  "trivial_small_dbtest|b′|200 trivial tests under dbtest|\`dbtest --parallel $PARALLEL --filter '$TRIVIAL_SMALL_FILTER' ... -- bench_trivial_tests\`"
  "cpu_alone|d|400 × $CPU_MS_PER_TEST ms CPU, the binary alone (serial)|\`bench_cpu_tests\`"
  "cpu_dbtest|e|400 × $CPU_MS_PER_TEST ms CPU under dbtest|\`dbtest --parallel $PARALLEL --state-dir DIR -- bench_cpu_tests\`"
  "fast_alone|f|400 × $FAST_US_PER_TEST µs CPU, the binary alone (serial)|\`BENCH_CPU_MICROSECONDS=$FAST_US_PER_TEST bench_cpu_tests\`"
  "fast_dbtest_cold|g₀|400 × $FAST_US_PER_TEST µs CPU under dbtest, empty state directory each run|\`BENCH_CPU_MICROSECONDS=$FAST_US_PER_TEST dbtest --parallel $PARALLEL --state-dir EMPTY_DIR -- bench_cpu_tests\`"
  "fast_dbtest|g|400 × $FAST_US_PER_TEST µs CPU under dbtest, durations known|\`BENCH_CPU_MICROSECONDS=$FAST_US_PER_TEST dbtest --parallel $PARALLEL --state-dir DIR -- bench_cpu_tests\`"
)
label_of() {
  local row
  for row in "${RAW_ROWS[@]}"; do
    [[ ${row%%|*} == "$1" ]] && { IFS='|' read -r _ row _ <<<"$row"; echo "$row"; return 0; }
  done
  echo "$1"
}

raw_table() {
  echo "| | Run | Command | Runs | Wall time (median) | CPU time (user + sys) | Other processes' CPU use | Attempts |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
  local row key label what cmd
  for row in "${RAW_ROWS[@]}"; do
    IFS='|' read -r key label what cmd <<<"$row"
    echo "| $label | $what | $cmd | ${COUNT[$key]} | $(s "${WALL[$key]}") s | $(s "${CPUTIME[$key]}") s | ${OTHER[$key]} % | ${TRIES[$key]} |"
  done
}

breakdown() {  # dbtest's own phase timings, from the checked runs
  local entry name label
  for entry in trivial_dbtest:b trivial_small_dbtest:b′ trivial_dbtest_dist_test:bₜ cpu_dbtest:e; do
    name=${entry%%:*} label=${entry#*:}
    [[ -s $WORK/$name.breakdown ]] && echo "- $label: $(sed 's/^Time: //' "$WORK/$name.breakdown")"
  done
  return 0
}

NPROC=$(nproc)
CPU_MODEL=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
OS=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
KERNEL=$(uname -r)
CXX_VERSION=$("${CXX_PATH:-c++}" --version 2>/dev/null | head -n 1 || echo unknown)
CMAKE_VERSION=$(cmake --version | head -n 1)
TMP_FS=$(df -T "${TMPDIR:-/tmp}" 2>/dev/null | awk 'NR == 2 {print $2}' || true)
REVISION=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $REVISION != unknown && -n $(git -C "$ROOT" status --porcelain -- . ':!bench' ':!docs' 2>/dev/null) ]]; then
  REVISION="$REVISION, with uncommitted changes"
fi
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')

notes() {
  local any=0
  if [[ $V_OVERHEAD != met ]]; then
    any=1
    echo "**Overhead per test: target missed.** dbtest added $OVERHEAD_US µs of wall time per test over the"
    echo "binary alone, against a target of $TARGET_OVERHEAD_US µs."
  elif awk "BEGIN {exit !($OVERHEAD_US > 0.8 * $TARGET_OVERHEAD_US)}"; then
    echo "**Overhead per test: met, narrowly.** dbtest added $OVERHEAD_US µs of wall time per test over the"
    echo "binary alone, against a target of $TARGET_OVERHEAD_US µs; differences between runs of a few µs per test"
    echo "(other work on the machine, the page cache) can tip it either way."
  else
    echo "**Overhead per test.** dbtest added $OVERHEAD_US µs of wall time per test over the binary alone,"
    echo "against a target of $TARGET_OVERHEAD_US µs."
  fi
  if awk "BEGIN {exit !($SLOPE_US > $TARGET_OVERHEAD_US)}"; then
    echo "The fixed start-up cost is not what decides it: the slope between 200 and 2,000 tests puts the"
    echo "marginal cost at $SLOPE_US µs per test by itself, and the fixed cost at about $FIXED_MS ms."
  else
    echo "The marginal cost, the slope between 200 and 2,000 tests, is $SLOPE_US µs per test; the rest is a"
    echo "fixed cost of about $FIXED_MS ms a run (start-up, discovery, template, workers, teardown)."
  fi
  if awk "BEGIN {exit !(${WALL[trivial_dbtest]} > 1.05 * ${WALL[trivial_dbtest_cold]})}"; then
    echo "A later run (b) is slower than a first one (b₀): $(s "${WALL[trivial_dbtest]}") s against $(s "${WALL[trivial_dbtest_cold]}") s."
  else
    echo "An empty state directory makes no great difference ($(s "${WALL[trivial_dbtest_cold]}") s against $(s "${WALL[trivial_dbtest]}") s)."
  fi
  echo "The extra CPU time is $CPU_OVERHEAD_US µs per test across dbtest and its workers."
  if awk "BEGIN {exit !($J1_OVERHEAD_US > 1.2 * $COLD_OVERHEAD_US)}"; then
    echo "On first runs, one worker (b₁) costs $J1_OVERHEAD_US µs per test and two (b₀) $COLD_OVERHEAD_US µs: the second"
    echo "worker takes part of the work off the critical path, but not all of it, since the master handles"
    echo "every message."
  else
    echo "On first runs, one worker (b₁) costs $J1_OVERHEAD_US µs per test and two (b₀) $COLD_OVERHEAD_US µs, about the"
    echo "same: a second worker hardly shortens a run of near-empty tests, which suggests that the master,"
    echo "handling every message of every worker, sets the pace."
  fi
  if [[ -n $TRIVIAL_ZERO_DURATIONS ]] && ((TRIVIAL_ZERO_DURATIONS > 0)); then
    echo "$TRIVIAL_ZERO_DURATIONS of the $TRIVIAL_TESTS durations that (b) keeps in its state directory are 0.0 s:"
    echo "GoogleTest reports whole milliseconds, and dbtest plans such a test as 0.5 ms (f, g₀ and g check"
    echo "that later runs still spread quick tests over every worker)."
  fi
  if [[ -n $SYSCALLS ]]; then
    echo "System calls per test in one run (\`strace -f -c\`, all processes, the most frequent): $SYSCALLS."
  fi
  echo "To see where the time goes: \`perf record -g\` a few runs of (b) on a build with"
  echo "\`-fno-omit-frame-pointer\`, then \`perf report --sort comm,sym\`."
  echo
  if [[ $V_CTEST != met ]]; then
    any=1
    cat <<EOF
**Speed-up over one process per test: target missed.** \`ctest -j$PARALLEL\` took $CTEST_PER_TEST_MS ms per test
(start a process, load the shared libraries the binary links, initialise GoogleTest, run one test);
dbtest took $(s "${WALL[trivial_dbtest]}") s for all 2,000, a ratio of $VS_CTEST×.

EOF
  fi
  if [[ $V_PAR != met ]]; then
    any=1
    cat <<EOF
**Parallel speed-up: target missed.** 400 tests of $CPU_MS_PER_TEST ms of CPU each took $(s "${WALL[cpu_alone]}") s
alone and $(s "${WALL[cpu_dbtest]}") s under \`dbtest --parallel $PARALLEL\` ($PAR_SPEEDUP×, $PAR_EFFICIENCY % of the ideal
$PARALLEL×). The ideal needs both cores free for the whole run; other processes used
${OTHER[cpu_dbtest]} % of the machine while the dbtest run was measured and ${OTHER[cpu_alone]} % during the serial
run. dbtest's CPU time for the run was $(s "${CPUTIME[cpu_dbtest]}") s against $(s "${CPUTIME[cpu_alone]}") s alone.

EOF
  fi
  if awk "BEGIN {exit !($FAST_SPEEDUP < 0.8 * $FAST_SPEEDUP_COLD)}"; then
    cat <<EOF
**Sub-millisecond tests on a later run (not a target, but a problem).** 400 tests of $FAST_US_PER_TEST µs of CPU
took $(s "${WALL[fast_alone]}") s alone and $(s "${WALL[fast_dbtest_cold]}") s under \`dbtest --parallel $PARALLEL\` with an empty state directory
($FAST_SPEEDUP_COLD×), but $(s "${WALL[fast_dbtest]}") s once the state directory held the durations of a previous run
($FAST_SPEEDUP×): no faster than running the binary alone, as if one worker did all the work.
GoogleTest reports test times in whole milliseconds, and $FAST_ZERO_DURATIONS of the $CPU_TESTS durations dbtest kept for
these tests are 0.0 s; the scheduling that uses them does not spread work it believes takes no time.

EOF
  fi
  if [[ $any == 0 ]]; then
    echo "Every target was met on this run."
    echo
  fi
  local disturbed=() key
  for key in trivial_alone trivial_dbtest trivial_dbtest_cold trivial_dbtest_j1 trivial_dbtest_dist_test \
    trivial_ctest trivial_small_alone trivial_small_dbtest cpu_alone cpu_dbtest fast_alone fast_dbtest_cold fast_dbtest; do
    ((OTHER[$key] > 10)) && disturbed+=("$(label_of "$key") (${OTHER[$key]} %)")
  done
  if ((${#disturbed[@]} > 0)); then
    local list
    list=$(printf '%s, ' "${disturbed[@]}")
    cat <<EOF
The machine was not idle. Even the least disturbed of $ATTEMPTS attempts ran beside other work using
over 10 % of all CPUs for ${list%, }. Such a run is slower than it would be on an idle machine;
where it is a baseline (a, a′, c, d, f) that flatters dbtest, where it is a dbtest run it penalises it.
CPU times are less affected than wall times.

EOF
  fi
}

report() {
  cat <<EOF
# Benchmarks

<!-- Generated by bench/run_benchmarks.sh, which rewrites the whole file; do not edit by hand. -->

What is measured, on the two suites in \`bench/\` (both link \`dbtest::fixtures\` and
\`dbtest::gtest_main\`):

- **Runner overhead.** \`bench_trivial_tests\` has 2,000 tests (100 suites × 20) that each do one
  \`EXPECT_EQ\`. It is timed (a) alone, as a plain GoogleTest binary; (b) under
  \`dbtest --parallel $PARALLEL\` (SQLite, in-memory clones, no migrations); and (c) one process per test,
  $PARALLEL at a time, the way \`ctest -j$PARALLEL\` runs what \`gtest_discover_tests\` registers: a generated
  \`CTestTestfile.cmake\` with one \`add_test(... --gtest_filter=Suite.Test)\` per test listed by
  \`--gtest_list_tests\`. dbtest's overhead per test is (b − a) / 2,000, the whole extra wall time with
  its fixed start-up cost included; its speed-up over one process per test is c / b.
- **Parallel efficiency.** \`bench_cpu_tests\` has 400 tests (20 suites × 20) that each spin until
  \`clock_gettime(CLOCK_THREAD_CPUTIME_ID)\` shows $CPU_MS_PER_TEST ms of CPU, 2 s of work in all. The speed-up is
  the binary alone (serial) over \`dbtest --parallel $PARALLEL\`. The same suite is also run with
  \`BENCH_CPU_MICROSECONDS=$FAST_US_PER_TEST\` (400 tests of $FAST_US_PER_TEST µs, shorter than GoogleTest's millisecond clock),
  as a first run (g₀, empty state directory) and as a later one (g, durations known); not a target.

Every command is first run once and checked (every test passed; dbtest's last line is
\`N passed, 0 failed, 0 skipped\`), then timed with
$TIMER.
The wall time's median is the headline. CPU time is user + system of the command and every process
it waited for ($CPU_STAT). dbtest keeps one state directory per measurement, so after the
warm-up run it schedules with known durations, as on a developer's second run; b₀ uses an empty
one every time.
Before each measurement the script waits up to ${IDLE_WAIT} s for the machine to be under 25 % busy.
"Other processes' CPU use" is the share of all CPUs that anything but the benchmark used while a
measurement ran; when it was over 10 %, the measurement was taken again (up to $ATTEMPTS attempts in
all) and the least disturbed attempt is the one shown.

## Machine

| | |
| --- | --- |
| CPUs (\`nproc\`) | $NPROC |
| CPU model | ${CPU_MODEL:-unknown} |
| Memory | ${MEM:-unknown} |
| OS | $OS, Linux $KERNEL |
| Compiler | $CXX_VERSION |
| Build | ${BUILD_TYPE:-unknown} build; $CMAKE_VERSION |
| dbtest revision | $REVISION |
| Temporary directory | ${TMPDIR:-/tmp} (${TMP_FS:-unknown}); dbtest keeps its scratch files there |
| Date | $DATE |

## Results

$(summary_table)

## Raw timings

$(raw_table)

dbtest's own phase timings (its \`Time:\` line) in the checked runs:

$(breakdown)

## Notes

$(notes)
Regenerate with \`bench/run_benchmarks.sh [BUILD_DIR]\` (\`RUNS=N\` for more repetitions; see the
script's header for the other settings).
EOF
}

echo
summary_table
echo
raw_table
if [[ $OUTPUT != - ]]; then
  mkdir -p "$(dirname "$OUTPUT")"
  report >"$OUTPUT.tmp.$$"
  mv "$OUTPUT.tmp.$$" "$OUTPUT"
  log "wrote $OUTPUT"
fi
