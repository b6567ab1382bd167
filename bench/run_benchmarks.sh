#!/usr/bin/env bash
# Measures dbtest's runner overhead and parallel efficiency on this machine,
# the set-up of a PostgreSQL run against migrating every database
# separately, and the copies of a MySQL run against mysqldump | mysql
# (bench/mysql_benchmark.sh, which this script sources), and writes
# docs/benchmarks.md (the whole file, every time).
#
#   bench/run_benchmarks.sh [BUILD_DIR]
#
# BUILD_DIR (argument, or environment BUILD_DIR; default build-bench in the
# source tree) is configured as a Release build when it has no CMakeCache.txt
# yet; the five targets the benchmark needs are then built in it.
#
# The PostgreSQL part starts a throwaway PostgreSQL 15 server of its own
# (ci/postgres-server.sh, in a folder under /tmp) and stops it when it is
# done or the script exits. Without postgresql-15 installed it is skipped,
# and the report says so; the SQLite part runs all the same. The MySQL part
# does the same with a throwaway MariaDB server (ci/mysql-server.sh), and is
# skipped without mariadb-server.
#
# Environment:
#   RUNS=5          the least number of timed runs of a measurement, which
#                   also lasts at least 3 s (the median is reported); one
#                   untimed warm-up run comes first
#   OUTPUT=FILE     where the report goes (default docs/benchmarks.md);
#                   OUTPUT=- prints it (the whole report) instead
#   NO_HYPERFINE=1  time with the shell even when hyperfine is installed
#   SKIP_BUILD=1    use the binaries in BUILD_DIR as they are
#   IDLE_WAIT=120   seconds to wait, before each measurement, for other work on
#                   the machine to calm down (0: do not wait)
#   ATTEMPTS=3      measurements disturbed by other work (over 10 % of the
#                   CPUs) are taken again, up to this many times in all; the
#                   least disturbed attempt is reported
#   SKIP_POSTGRES=1 leave the PostgreSQL part out (the report says so)
#   SKIP_MYSQL=1    leave the MySQL part out (the report says so)
#   SKIP_SQLITE=1   leave the SQLite part (runner overhead, parallel
#                   efficiency) out: for working on the server parts, e.g.
#                   SKIP_SQLITE=1 SKIP_POSTGRES=1 for the MySQL part alone. The
#                   report is then only printed, unless OUTPUT names a file:
#                   docs/benchmarks.md holds one full run, every row from it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${1:-${BUILD_DIR:-$ROOT/build-bench}}
RUNS=${RUNS:-5}
OUTPUT_SET=${OUTPUT:+1}
OUTPUT=${OUTPUT:-$ROOT/docs/benchmarks.md}
NO_HYPERFINE=${NO_HYPERFINE:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
IDLE_WAIT=${IDLE_WAIT:-120}
ATTEMPTS=${ATTEMPTS:-3}
SKIP_POSTGRES=${SKIP_POSTGRES:-0}
SKIP_MYSQL=${SKIP_MYSQL:-0}
SKIP_SQLITE=${SKIP_SQLITE:-0}
if [[ $SKIP_SQLITE == 1 && -z $OUTPUT_SET ]]; then
  OUTPUT=-  # a partial run does not overwrite the report of a full one
fi

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

# PostgreSQL: a reference schema of PG_TABLES tables of PG_ROWS rows, in
# PG_FILES migration files generated at run time; PG_WORKERS workers.
PG_TABLES=50
PG_FILES=5
PG_ROWS=1000
PG_WORKERS=8
PG_SUITES=8
PG_TESTS=24  # bench_postgres_tests: 8 suites x 3 tests
PG_CLONE_REPS=5  # psql \timing repetitions of one CREATE DATABASE
TARGET_PG_SETUP_SPEEDUP=3    # dbtest's set-up against 8 databases migrated 8 at a time
TARGET_PG_KEEPDB_RATIO=0.10  # --keepdb: the second run's set-up against the first's

log() { echo "run_benchmarks: $*" >&2; }
die() {
  log "error: $*"
  [[ -n ${WORK:-} && -d $WORK ]] && echo "$*" >>"$WORK/errors"
  exit 1
}

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
  log "building dbtest, bench_trivial_tests, bench_cpu_tests, bench_postgres_tests and bench_mysql_tests in $BUILD_DIR"
  cmake --build "$BUILD_DIR" --target dbtest bench_trivial_tests bench_cpu_tests bench_postgres_tests bench_mysql_tests >&2
fi

DBTEST=$BUILD_DIR/runner/dbtest
TRIVIAL=$BUILD_DIR/bench/bench_trivial_tests
CPU=$BUILD_DIR/bench/bench_cpu_tests
PG_TEST_BIN=$BUILD_DIR/bench/bench_postgres_tests
MY_TEST_BIN=$BUILD_DIR/bench/bench_mysql_tests
for exe in "$DBTEST" "$TRIVIAL" "$CPU" "$PG_TEST_BIN" "$MY_TEST_BIN"; do
  [[ -x $exe ]] || die "$exe is missing; build it first, or drop SKIP_BUILD"
done
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
CXX_PATH=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
[[ $BUILD_TYPE == Release ]] || log "warning: $BUILD_DIR is a '${BUILD_TYPE:-unset}' build, not Release"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dbtest-bench.XXXXXX")
PG_DIR=""        # the throwaway server's folder while it runs
PG_POSTMASTER="" # its postmaster's pid
PG_URL=""
cleanup() {
  # Stopping the throwaway server removes it with whatever it holds.
  if [[ -n $PG_DIR ]]; then
    "$ROOT/ci/postgres-server.sh" stop "$PG_DIR" >/dev/null 2>&1 || log "warning: could not stop the server in $PG_DIR"
  fi
  if [[ -n ${MY_DIR:-} ]]; then
    "$ROOT/ci/mysql-server.sh" stop "$MY_DIR" >/dev/null 2>&1 || log "warning: could not stop the server in $MY_DIR"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The MySQL part's settings and functions (run further down).
. "$ROOT/bench/mysql_benchmark.sh"

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
# timed commands, and everything they waited for; MEASURER is the subshell
# that runs them, if not this shell), and by the benchmark's
# PostgreSQL server while it runs (it is no child of this shell): the
# postmaster, the backends it reaped and the processes it still has; and by
# its MariaDB server (one process; its threads, live and gone, count in it).
children_ticks() {
  local own server=0 my=0
  own=$(awk '{print $16 + $17}' "/proc/${MEASURER:-$$}/stat")
  if [[ -n $PG_POSTMASTER ]]; then
    # Fields after the ") " that ends the command name: 2 ppid, 12-15 utime stime cutime cstime.
    server=$({ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$PG_POSTMASTER" '
      { pid = $1; sub(/^.*\) /, "") }
      pid == pm { t += $12 + $13 + $14 + $15 }
      $2 == pm { t += $12 + $13 }
      END { print t + 0 }')
  fi
  if [[ -n ${MY_SERVER_PID:-} ]]; then
    my=$({ cat "/proc/$MY_SERVER_PID/stat" 2>/dev/null || true; } | awk '{ sub(/^.*\) /, ""); print $12 + $13 + 0 }')
  fi
  echo $((own + server + ${my:-0}))
}

# run_failure FILE: why the last failed run that dbtest_run.sh logged in FILE failed.
run_failure() {
  grep -h -E '^(dbtest_run:|dbtest: error:)' "$1" 2>/dev/null | tail -n 2 | sed 's/; its output ends with:$//' |
    paste -s -d ' ' -
}

# measure_failed KEY MESSAGE: ends the script (or the subshell) when a timed
# command failed; a command that logs its runs said why in KEY.runs.failed.
measure_failed() {
  log "$2"
  if [[ -f $WORK/$1.runs.failed ]]; then
    die "$1: $(run_failure "$WORK/$1.runs.failed")"
  fi
  die "$1 failed"
}

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
      measure_failed "$key" "hyperfine failed on: $*"
    }
    # command,mean,stddev,median,user,system,min,max
    WALL[$key]=$(awk -F, 'NR == 2 {print $4}' "$WORK/$key.csv")
    CPUTIME[$key]=$(awk -F, 'NR == 2 {print $5 + $6}' "$WORK/$key.csv")
    COUNT[$key]=$(awk '/"times": \[/ {inside = 1; next} inside && /\]/ {exit} inside {n++} END {print n + 0}' "$WORK/$key.json")
  else
    local TIMEFORMAT='%R %U %S' i start=$SECONDS
    [[ -n $prepare ]] && bash -c "$prepare"
    "$@" >/dev/null 2>&1 || measure_failed "$key" "failed: $*"  # warm-up
    : >"$WORK/$key.times"
    # Like hyperfine: at least RUNS runs, and at least 3 seconds of them.
    for ((i = 0; i < RUNS || (SECONDS - start < 3 && i < 1000); i++)); do
      [[ -n $prepare ]] && bash -c "$prepare"
      { time "$@" >/dev/null 2>&1; } 2>>"$WORK/$key.times" || measure_failed "$key" "failed: $*"
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
  local attempt best_other="" best_wall best_cpu best_count best_attempt
  for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
    wait_for_idle
    log "timing $key (attempt $attempt): $*"
    # A command may log each of its runs into $WORK/KEY.runs (the PostgreSQL
    # runs do): that of the attempt kept is kept.
    rm -f "$WORK/$key.runs"
    measure_once "$key" "$prepare" "$@"
    [[ -f $WORK/$key.runs ]] && mv "$WORK/$key.runs" "$WORK/$key.runs.$attempt"
    log "$key attempt $attempt: median ${WALL[$key]} s, other processes ${OTHER[$key]} % of the CPUs"
    if [[ -z $best_other ]] || ((OTHER[$key] < best_other)); then
      best_other=${OTHER[$key]} best_wall=${WALL[$key]} best_cpu=${CPUTIME[$key]} best_count=${COUNT[$key]}
      best_attempt=$attempt
    fi
    ((best_other <= 10)) && break
  done
  TRIES[$key]=$((attempt > ATTEMPTS ? ATTEMPTS : attempt))
  WALL[$key]=$best_wall CPUTIME[$key]=$best_cpu COUNT[$key]=$best_count OTHER[$key]=$best_other
  if [[ -f $WORK/$key.runs.$best_attempt ]]; then cp "$WORK/$key.runs.$best_attempt" "$WORK/$key.runs"; fi
}

# calc EXPRESSION: evaluates with awk, prints with the given printf format.
calc() { awk "BEGIN {printf \"$1\", ($2)}"; }
thousands() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }  # 50000 -> 50,000

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

SQLITE_STATUS=""  # why the SQLite part was skipped; empty when it ran
if [[ $SKIP_SQLITE == 1 ]]; then SQLITE_STATUS="left out on request (\`SKIP_SQLITE=1\`)"; fi
SYSCALLS= FAST_ZERO_DURATIONS=
sqlite_measure() {
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
  if command -v strace >/dev/null; then
    if strace -f -c -o "$WORK/strace.txt" "$DBTEST" --parallel "$PARALLEL" --state-dir "$STATE/strace" -- "$TRIVIAL" \
      >/dev/null 2>&1; then
      # % time, seconds, usecs/call, calls, [errors], syscall: calls is field 4, the name the last.
      SYSCALLS=$(awk -v n="$TRIVIAL_TESTS" '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" {
          if ($4 / n >= 0.1) printf "%s %.1f\n", $NF, $4 / n }' "$WORK/strace.txt" | sort -k2,2gr | head -n 8 |
        awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2} END {print ""}')
    fi
  fi
}
if [[ -z $SQLITE_STATUS ]]; then sqlite_measure; fi

# ---------------------------------------------------------------- PostgreSQL
# The set-up of a PostgreSQL run for PG_WORKERS workers (one migrated
# template, then a clone per worker) against what pytest-django with xdist
# and Rails do: migrate every worker's database separately. Then --keepdb: a
# first run, which builds and keeps the template, against a second one, which
# reuses it. Against a throwaway server of the script's own. The server is
# started and stopped here; the measurements run in a subshell, so that one
# that fails ends the PostgreSQL part (the report says why), not the script.
PG_BIN=/usr/lib/postgresql/15/bin
PG_STATUS=""  # why the part was skipped or stopped; empty when it ran
V_PG_SETUP="" V_PG_KEEP=""
PG_WORK=$WORK/pg
PG_MIGRATIONS=$PG_WORK/migrations
PG_LEFTOVERS=""
declare -A PG_MS PG_WALLS

# pg_psql [PSQL ARGS...]: psql as the server's `dbtest` role, over TCP.
pg_psql() { psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" "$@"; }
pg_value() { pg_psql -At -c "$1"; }

# Writes PG_FILES migration files of PG_TABLES / PG_FILES tables each into
# DIR: an id, a few int, text and timestamp columns, one index besides the
# primary key, PG_ROWS rows from generate_series.
pg_generate_schema() {
  local dir=$1 f t n first last per=$((PG_TABLES / PG_FILES))
  mkdir -p "$dir"
  for ((f = 1; f <= PG_FILES; f++)); do
    first=$(((f - 1) * per + 1)) last=$((f * per))
    for ((t = first; t <= last; t++)); do
      n=$(printf 'ref_%02d' "$t")
      cat <<EOF
CREATE TABLE $n (
  id bigserial PRIMARY KEY,
  account_id integer NOT NULL,
  name text NOT NULL,
  email text NOT NULL,
  status smallint NOT NULL DEFAULT 0,
  quantity integer NOT NULL,
  price_cents bigint,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz
);
CREATE INDEX ${n}_account_created_idx ON $n (account_id, created_at);
INSERT INTO $n (account_id, name, email, status, quantity, price_cents, notes, created_at, updated_at)
SELECT (i * 7919) % 500, 'item $t-' || i, 'user' || i || '@example.com', i % 5, i % 97, (i * 137) % 100000,
       repeat(md5('$t/' || i), 5), timestamptz '2024-01-01 00:00+00' + i * interval '1 hour',
       CASE WHEN i % 3 = 0 THEN timestamptz '2024-06-01 00:00+00' + i * interval '1 minute' END
  FROM generate_series(1, $PG_ROWS) AS i;

EOF
    done >"$dir/$(printf '%04d_reference_tables_%02d_to_%02d.sql' "$f" "$first" "$last")"
  done
}

# write_dbtest_run FILE: the script that runs dbtest once, checked, and logs
# its times (the PostgreSQL and the MySQL part use it).
write_dbtest_run() {
  cat >"$1" <<'EOF'
#!/usr/bin/env bash
# dbtest_run.sh LOG EXPECT TESTS WORKERS DBTEST ARGS...: one dbtest run,
# checked (exit status 0; the last line "TESTS passed, 0 failed, 0 skipped";
# EXPECT somewhere in the output; WORKERS worker processes each ran a query),
# appended to LOG as one line of seconds:
#   wall discovering migrating cloning running tearing_down first_ready last_ready
# (wall from just before the start to the end; discovering .. tearing_down
# from dbtest's Time: line; *_ready: from the start to the first and to the
# last worker process's first query, which bench_postgres_tests and
# bench_mysql_tests stamp).
set -uo pipefail
log=$1 expect=$2 tests=$3 workers=$4
shift 4
out=$(mktemp) stamps=$(mktemp -d)
trap 'rm -rf "$out" "$stamps"' EXIT
fail() {
  # hyperfine keeps no output of a failed command: LOG.failed keeps it.
  { echo "dbtest_run: $*; its output ends with:"; tail -n 20 "$out"; } | tee -a "$log.failed" >&2
  exit 1
}
secs() {  # "0.444 s" or "2 min 05 s" -> seconds
  local re_min='^([0-9]+) min ([0-9]+) s$' re_s='^([0-9.]+) s$'
  if [[ $1 =~ $re_min ]]; then echo $((10#${BASH_REMATCH[1]} * 60 + 10#${BASH_REMATCH[2]}))
  elif [[ $1 =~ $re_s ]]; then echo "${BASH_REMATCH[1]}"
  else return 1; fi
}
start=$(date +%s%N)
BENCH_PG_STAMP_DIR=$stamps BENCH_MY_STAMP_DIR=$stamps "$@" >"$out" 2>&1
rc=$?
end=$(date +%s%N)
((rc == 0)) || fail "exited with $rc"
[[ $(tail -n 1 "$out") == "$tests passed, 0 failed, 0 skipped" ]] || fail "the last line is not '$tests passed, 0 failed, 0 skipped'"
grep -qF -- "$expect" "$out" || fail "it did not print '$expect'"
n=$(find "$stamps" -type f | wc -l)
((n == workers)) || fail "$n worker processes ran a query, not $workers"
re='^Time: discovering (.+), migrating (.+), cloning (.+), running (.+), tearing down (.+)$'
line=$(grep -m1 '^Time:' "$out")
[[ $line =~ $re ]] || fail "no 'Time: discovering X, migrating X, cloning X, running X, tearing down X' line"
phases=()
for i in 1 2 3 4 5; do phases+=("$(secs "${BASH_REMATCH[$i]}")") || fail "cannot read '${BASH_REMATCH[$i]}'"; done
first=$(sort -n "$stamps"/* | head -n 1)
last=$(sort -n "$stamps"/* | tail -n 1)
awk -v w=$((end - start)) -v f=$((first - start)) -v l=$((last - start)) -v p="${phases[*]}" \
  'BEGIN {printf "%.6f %s %.6f %.6f\n", w / 1e9, p, f / 1e9, l / 1e9}' >>"$log"
EOF
}

# The helper scripts the timed commands run (hyperfine runs them without a shell).
pg_write_helpers() {
  local user password host port re='^postgresql://([^:@/]+):([^@/]+)@([^:/]+):([0-9]+)/'
  [[ $PG_URL =~ $re ]] || die "cannot read user, password, host and port from $PG_URL"
  user=${BASH_REMATCH[1]} password=${BASH_REMATCH[2]} host=${BASH_REMATCH[3]} port=${BASH_REMATCH[4]}
  # libpq's settings for createdb, dropdb and psql: the same server, role and
  # password (scram-sha-256 over TCP) as dbtest's --database-url.
  cat >"$PG_WORK/env.sh" <<EOF
export PGHOST=$(printf %q "$host") PGPORT=$port PGUSER=$(printf %q "$user") PGPASSWORD=$(printf %q "$password")
export PGDATABASE=app PGOPTIONS='-c client_min_messages=warning'
MIGRATIONS=$(printf %q "$PG_MIGRATIONS")
DATABASES=$PG_WORKERS
EOF
  cat >"$PG_WORK/baseline_one.sh" <<'EOF'
#!/usr/bin/env bash
# baseline_one.sh I: createdb bench_base_I, then every migration file with
# psql, in file order, each in a transaction of its own.
set -euo pipefail
. "$(dirname "$0")/env.sh"
createdb "bench_base_$1"
for file in "$MIGRATIONS"/*.sql; do
  psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "bench_base_$1" -f "$file" >/dev/null
done
EOF
  cat >"$PG_WORK/baseline.sh" <<'EOF'
#!/usr/bin/env bash
# baseline.sh parallel|serial: migrates DATABASES databases separately, all at
# once (xargs -P) or one after another.
set -euo pipefail
dir=$(dirname "$0")
. "$dir/env.sh"
case $1 in
  parallel) seq 1 "$DATABASES" | xargs -P "$DATABASES" -n 1 bash "$dir/baseline_one.sh" ;;
  serial) for ((i = 1; i <= DATABASES; i++)); do bash "$dir/baseline_one.sh" "$i"; done ;;
  *) exit 2 ;;
esac
EOF
  cat >"$PG_WORK/drop_baseline.sh" <<'EOF'
#!/usr/bin/env bash
# drop_baseline.sh: drops what baseline.sh made.
set -euo pipefail
. "$(dirname "$0")/env.sh"
args=()
for ((i = 1; i <= DATABASES; i++)); do args+=(-c "DROP DATABASE IF EXISTS bench_base_$i"); done
psql -X -q -v ON_ERROR_STOP=1 "${args[@]}"
EOF
  cat >"$PG_WORK/drop_template.sh" <<'EOF'
#!/usr/bin/env bash
# drop_template.sh NAME: drops the template --keepdb kept under NAME, if any.
set -euo pipefail
. "$(dirname "$0")/env.sh"
# A plain DROP DATABASE: it ends an autovacuum worker in the database by
# itself, where WITH (FORCE) fails for a role that is not a superuser.
if [[ $(psql -X -At -v ON_ERROR_STOP=1 -c "SELECT 1 FROM pg_database WHERE datname = '$1'") == 1 ]]; then
  psql -X -q -v ON_ERROR_STOP=1 -c "ALTER DATABASE \"$1\" IS_TEMPLATE false" -c "DROP DATABASE \"$1\""
fi
EOF
  write_dbtest_run "$PG_WORK/dbtest_run.sh"
}

# pg_statement_ms: runs the SQL on stdin in one psql session with \timing on;
# prints every statement's time in milliseconds, one a line.
pg_statement_ms() {
  { echo '\timing on'; cat; } | pg_psql | awk '/^Time: / {print $2}'
}

# pg_clones_wall SESSIONS: seconds to make PG_WORKERS clones of the kept
# template from SESSIONS psql sessions at once (the clones of slot i go to
# session i mod SESSIONS, as a queue would hand them out); drops them after.
pg_clones_wall() {
  local sessions=$1 j i start end pids=() drop=()
  start=$(date +%s%N)
  for ((j = 0; j < sessions; j++)); do
    for ((i = j + 1; i <= PG_WORKERS; i += sessions)); do
      echo "CREATE DATABASE bench_probe_$i TEMPLATE \"$PG_KEEP_NAME\";"
    done | pg_psql >/dev/null &
    pids+=($!)
  done
  for j in "${pids[@]}"; do wait "$j" || die "making clones of $PG_KEEP_NAME with psql failed"; done
  end=$(date +%s%N)
  for ((i = 1; i <= PG_WORKERS; i++)); do drop+=(-c "DROP DATABASE bench_probe_$i"); done
  pg_psql "${drop[@]}"
  calc '%.6f' "$((end - start)) / 1e9"
}

# Starts the throwaway server, or says in PG_STATUS why there is none.
pg_start_server() {
  if [[ $SKIP_POSTGRES == 1 ]]; then
    PG_STATUS="left out on request (\`SKIP_POSTGRES=1\`)"
    return 1
  fi
  if [[ ! -x $PG_BIN/initdb || ! -x $PG_BIN/pg_ctl ]]; then
    PG_STATUS="postgresql-15 is not installed (no \`$PG_BIN/initdb\`; \`ci/install-deps.sh\` installs it)"
    return 1
  fi
  local tool exports
  for tool in psql createdb; do
    command -v "$tool" >/dev/null || { PG_STATUS="the PostgreSQL client \`$tool\` is not installed"; return 1; }
  done
  log "starting a throwaway PostgreSQL server"
  PG_DIR=$(mktemp -d /tmp/dbtest-pg.XXXXXX)
  if ! exports=$("$ROOT/ci/postgres-server.sh" start "$PG_DIR" 2>"$WORK/pg-server.log"); then
    tail -n 20 "$WORK/pg-server.log" >&2
    PG_STATUS="the throwaway server did not start: \`ci/postgres-server.sh start\` said \"$(grep 'error' "$WORK/pg-server.log" | tail -n 1 | tr '|`' '/\047')\""
    pg_stop_server
    return 1
  fi
  eval "$exports"
  PG_URL=$DBTEST_TEST_POSTGRES_URL PG_PORT=$DBTEST_TEST_POSTGRES_PORT
  unset DBTEST_TEST_POSTGRES_URL DBTEST_TEST_POSTGRES_NOCREATEDB_URL DBTEST_TEST_POSTGRES_DIR \
    DBTEST_TEST_POSTGRES_BIN DBTEST_TEST_POSTGRES_PORT
  PG_POSTMASTER=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  # No autovacuum: with it, dbtest runs fail now and then when an autovacuum
  # worker is in the template or a clone that dbtest ends or drops (its role
  # may not end that worker), and its work would run beside the measurements.
  # As the superuser, over the server's socket (trust).
  if ! psql -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres \
    -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null; then
    PG_STATUS="could not turn autovacuum off on the throwaway server"
    pg_stop_server
    return 1
  fi
  return 0
}

pg_stop_server() {
  [[ -n $PG_DIR ]] || return 0
  "$ROOT/ci/postgres-server.sh" stop "$PG_DIR" >/dev/null 2>&1 || log "warning: could not stop the server in $PG_DIR"
  PG_DIR="" PG_POSTMASTER=""
}

# The measurements; run in a subshell, they leave what the report needs in
# $WORK/pg_results.sh.
pg_measure() {
  MEASURER=$BASHPID  # children_ticks: the hyperfine runs are this subshell's children
  sleep 1  # the reload that turned autovacuum off
  [[ $(pg_value "SHOW autovacuum") == off ]] || die "autovacuum is still on"
  PG_VERSION=$(pg_value "SHOW server_version")
  PG_SETTINGS=$(pg_value "SELECT string_agg(name || ' = ' || current_setting(name), ', ' ORDER BY name)
    FROM pg_settings WHERE name IN ('autovacuum', 'fsync', 'full_page_writes', 'shared_buffers', 'synchronous_commit', 'wal_level')")

  mkdir -p "$PG_WORK"
  pg_generate_schema "$PG_MIGRATIONS"
  pg_write_helpers
  PG_KEEP_NAME=bench_keepdb_$(date +%s)_$$

  local run="$PG_WORK/dbtest_run.sh"
  local common=(--parallel "$PG_WORKERS" --backend postgres --database-url "$PG_URL" --migrations "$PG_MIGRATIONS")
  local built="migrated $PG_FILES files into the postgresql template"
  local reused="reusing the kept postgresql template"

  # p: a fresh run (no --keepdb): template, 8 clones, tests, everything dropped.
  bash "$run" "$WORK/pg_check.runs" "$built" "$PG_TESTS" "$PG_WORKERS" "$DBTEST" "${common[@]}" -- "$PG_TEST_BIN" ||
    die "the PostgreSQL run failed its check: $(run_failure "$WORK/pg_check.runs.failed")"
  measure pg_dbtest bash "$run" "$WORK/pg_dbtest.runs" "$built" "$PG_TESTS" "$PG_WORKERS" \
    "$DBTEST" "${common[@]}" -- "$PG_TEST_BIN"
  # pᶠ: the same with the clones made by copying files (not a target).
  measure pg_dbtest_file_copy bash "$run" "$WORK/pg_dbtest_file_copy.runs" "$built" "$PG_TESTS" "$PG_WORKERS" \
    "$DBTEST" "${common[@]}" --pg-clone-strategy file_copy -- "$PG_TEST_BIN"
  # pʰ: the same with every test holding its worker for a second, so that no
  # clone is dropped while others are made (not a target).
  export BENCH_PG_TEST_SLEEP_MS=1000
  measure pg_dbtest_hold bash "$run" "$WORK/pg_dbtest_hold.runs" "$built" "$PG_TESTS" "$PG_WORKERS" \
    "$DBTEST" "${common[@]}" -- "$PG_TEST_BIN"
  unset BENCH_PG_TEST_SLEEP_MS

  # q, q₁: PG_WORKERS databases, each created and migrated by itself.
  bash "$PG_WORK/drop_baseline.sh"
  bash "$PG_WORK/baseline.sh" parallel || die "the baseline failed"
  local i tables rows
  for ((i = 1; i <= PG_WORKERS; i++)); do
    tables=$(psql -X -At "${PG_URL%/*}/bench_base_$i" -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ref\_%'")
    rows=$(psql -X -At "${PG_URL%/*}/bench_base_$i" -c "SELECT count(*) FROM ref_$PG_TABLES")
    [[ $tables == "$PG_TABLES" && $rows == "$PG_ROWS" ]] ||
      die "the baseline's database bench_base_$i has $tables reference tables and $rows rows in the last, not $PG_TABLES and $PG_ROWS"
  done
  measure pg_base_parallel --prepare "bash '$PG_WORK/drop_baseline.sh'" bash "$PG_WORK/baseline.sh" parallel
  measure pg_base_serial --prepare "bash '$PG_WORK/drop_baseline.sh'" bash "$PG_WORK/baseline.sh" serial
  bash "$PG_WORK/drop_baseline.sh"

  # k₁: --keepdb with no kept template (dropped before every run): builds and keeps it.
  local keep=("${common[@]}" --keepdb --test-db-name "$PG_KEEP_NAME")
  bash "$PG_WORK/drop_template.sh" "$PG_KEEP_NAME"
  bash "$run" "$WORK/pg_check.runs" "$built" "$PG_TESTS" "$PG_WORKERS" "$DBTEST" "${keep[@]}" -- "$PG_TEST_BIN" ||
    die "the first --keepdb run failed its check: $(run_failure "$WORK/pg_check.runs.failed")"
  measure pg_keep_first --prepare "bash '$PG_WORK/drop_template.sh' '$PG_KEEP_NAME'" \
    bash "$run" "$WORK/pg_keep_first.runs" "$built" "$PG_TESTS" "$PG_WORKERS" "$DBTEST" "${keep[@]}" -- "$PG_TEST_BIN"
  # k₂: --keepdb with the template the first run kept.
  bash "$run" "$WORK/pg_check.runs" "$reused" "$PG_TESTS" "$PG_WORKERS" "$DBTEST" "${keep[@]}" -- "$PG_TEST_BIN" ||
    die "the second --keepdb run failed its check: $(run_failure "$WORK/pg_check.runs.failed")"
  measure pg_keep_second \
    bash "$run" "$WORK/pg_keep_second.runs" "$reused" "$PG_TESTS" "$PG_WORKERS" "$DBTEST" "${keep[@]}" -- "$PG_TEST_BIN"

  # What one clone of the kept template costs, and what is in it.
  wait_for_idle
  log "timing CREATE DATABASE with psql"
  PG_TEMPLATE_BYTES=$(pg_value "SELECT pg_database_size('$PG_KEEP_NAME')")
  PG_EMPTY_BYTES=$(pg_value "SELECT pg_database_size('template1')")
  pg_psql -c "CREATE DATABASE bench_probe TEMPLATE \"$PG_KEEP_NAME\""
  local probe="${PG_URL%/*}/bench_probe" sum=""
  for ((i = 1; i <= PG_TABLES; i++)); do sum+="${sum:+ + }(SELECT count(*) FROM $(printf 'ref_%02d' "$i"))"; done
  PG_DATA_BYTES=$(psql -X -At "$probe" -c "SELECT sum(pg_total_relation_size(oid)) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'ref\_%'")
  rows=$(psql -X -At "$probe" -c "SELECT $sum")
  tables=$(psql -X -At "$probe" -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ref\_%'")
  PG_INDEXES=$(psql -X -At "$probe" -c "SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'ref\_%'")
  pg_psql -c "DROP DATABASE bench_probe"
  [[ $tables == "$PG_TABLES" && $rows == $((PG_TABLES * PG_ROWS)) ]] ||
    die "the kept template holds $tables reference tables and $rows rows, not $PG_TABLES and $((PG_TABLES * PG_ROWS))"

  local what sql
  for what in empty wal_log file_copy; do
    sql=""
    for ((i = 0; i < PG_CLONE_REPS; i++)); do
      case $what in
        empty) sql+="CREATE DATABASE bench_probe;" ;;
        *) sql+="CREATE DATABASE bench_probe TEMPLATE \"$PG_KEEP_NAME\" STRATEGY $what;" ;;
      esac
      sql+=$'\n'"DROP DATABASE bench_probe;"$'\n'
    done
    pg_statement_ms <<<"$sql" >"$WORK/pg_ms_$what"
    [[ $(wc -l <"$WORK/pg_ms_$what") == $((2 * PG_CLONE_REPS)) ]] || die "psql's \\timing gave no time for every statement"
    PG_MS[create_$what]=$(awk 'NR % 2 == 1' "$WORK/pg_ms_$what" | median)
    PG_MS[drop_$what]=$(awk 'NR % 2 == 0' "$WORK/pg_ms_$what" | median)
  done
  # How many clones dbtest makes at once, as its source says.
  PG_CLONES_AT_ONCE=$(sed -n 's/.*kConcurrentClones *= *\([0-9][0-9]*\);.*/\1/p' \
    "$ROOT/runner/workers/process_worker_pool.hpp" 2>/dev/null | head -n 1)
  local sessions
  for sessions in 1 ${PG_CLONES_AT_ONCE:-} "$PG_WORKERS"; do
    [[ -n ${PG_WALLS[$sessions]:-} ]] && continue
    PG_WALLS[$sessions]=$(for i in 1 2 3; do pg_clones_wall "$sessions"; echo; done | median)
    [[ -n ${PG_WALLS[$sessions]} ]] || die "could not time $PG_WORKERS clones from $sessions psql sessions"
  done

  # Nothing but the kept template should be left; then it goes too.
  PG_LEFTOVERS=$(pg_value "SELECT string_agg(datname, ', ' ORDER BY datname) FROM pg_database
    WHERE datname NOT IN ('postgres', 'app', 'template0', 'template1', '$PG_KEEP_NAME')")
  bash "$PG_WORK/drop_template.sh" "$PG_KEEP_NAME"

  {
    declare -p WALL CPUTIME OTHER COUNT TRIES PG_MS PG_WALLS
    declare -p PG_VERSION PG_SETTINGS PG_TEMPLATE_BYTES PG_EMPTY_BYTES PG_DATA_BYTES PG_INDEXES PG_LEFTOVERS
    echo "PG_CLONES_AT_ONCE=$(printf %q "${PG_CLONES_AT_ONCE:-}")"
  } >"$WORK/pg_results.sh"
}

if pg_start_server; then
  if (pg_measure); then
    # At the top level: the arrays' declare -A stay global.
    . "$WORK/pg_results.sh"
  else
    PG_STATUS="the measurements stopped with an error: $(tail -n 1 "$WORK/errors" 2>/dev/null | tr '|' '/')"
    log "the PostgreSQL part failed; the report says so"
  fi
  pg_stop_server
fi

# ---------------------------------------------------------------- MySQL
# In bench/mysql_benchmark.sh: 8 copies of a migrated template by dbtest
# against mysqldump | mysql, on a throwaway MariaDB server of its own.
my_run

# ---------------------------------------------------------------- results
verdict() {  # verdict VALUE OP TARGET
  if awk "BEGIN {exit !($1 $2 $3)}"; then echo met; else echo "**NOT met**"; fi
}
V_OVERHEAD="" V_CTEST="" V_PAR=""
if [[ -z $SQLITE_STATUS ]]; then
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
  V_OVERHEAD=$(verdict "$OVERHEAD_US" '<=' "$TARGET_OVERHEAD_US")
  V_CTEST=$(verdict "$VS_CTEST" '>=' "$TARGET_VS_CTEST")
  V_PAR=$(verdict "$PAR_SPEEDUP" '>=' "$TARGET_PARALLEL_SPEEDUP")
fi

# PostgreSQL: medians over the timed runs that dbtest_run.sh logged (the
# first line of a log is the warm-up run).
runs_median() {  # runs_median KEY AWK_EXPRESSION over: wall disc mig clone run tear first last
  awk 'NR > 1 {print '"$2"'}' "$WORK/$1.runs" | median
}
# run_medians ARRAY KEY: the number of timed runs of KEY, and the median of
# each column of its log, into ARRAY[KEY.n], ARRAY[KEY.wall] ... ARRAY[KEY.ready].
run_medians() {
  local -n into=$1
  local key=$2 column=1 name
  [[ -s $WORK/$key.runs ]] || die "no runs of $key were logged"
  into[$key.n]=$(($(wc -l <"$WORK/$key.runs") - 1))
  for name in wall disc mig clone run tear first ready; do
    into[$key.$name]=$(runs_median "$key" "\$$column")
    column=$((column + 1))
  done
}
declare -A PGR
ratio() { calc '%.2f' "$1 / $2"; }
if [[ -z $PG_STATUS ]]; then
  for key in pg_dbtest pg_dbtest_file_copy pg_dbtest_hold pg_keep_first pg_keep_second; do
    run_medians PGR "$key"
    PGR[$key.timeline]=$(runs_median "$key" '$3 + $4')
    PGR[$key.rest]=$(runs_median "$key" '$1 - $5 - $6')
  done
  PG_Q=${WALL[pg_base_parallel]} PG_Q1=${WALL[pg_base_serial]}
  PG_SPEEDUP=$(ratio "$PG_Q" "${PGR[pg_dbtest.ready]}")
  PG_SPEEDUP_SERIAL=$(ratio "$PG_Q1" "${PGR[pg_dbtest.ready]}")
  PG_SPEEDUP_WHOLE=$(ratio "$PG_Q" "${WALL[pg_dbtest]}")
  PG_SPEEDUP_TIMELINE=$(ratio "$PG_Q" "${PGR[pg_dbtest.timeline]}")
  PG_SPEEDUP_REST=$(ratio "$PG_Q" "${PGR[pg_dbtest.rest]}")
  PG_SPEEDUP_FILE_COPY=$(ratio "$PG_Q" "${PGR[pg_dbtest_file_copy.ready]}")
  PG_KEEP_RATIO=$(calc '%.3f' "${PGR[pg_keep_second.ready]} / ${PGR[pg_keep_first.ready]}")
  PG_KEEP_TEMPLATE_RATIO=$(calc '%.3f' "${PGR[pg_keep_second.mig]} / ${PGR[pg_keep_first.mig]}")
  PG_KEEP_TIMELINE_RATIO=$(calc '%.3f' "${PGR[pg_keep_second.timeline]} / ${PGR[pg_keep_first.timeline]}")
  PG_KEEP_WHOLE_RATIO=$(calc '%.3f' "${WALL[pg_keep_second]} / ${WALL[pg_keep_first]}")
  V_PG_SETUP=$(verdict "$PG_SPEEDUP" '>=' "$TARGET_PG_SETUP_SPEEDUP")
  V_PG_KEEP=$(verdict "$PG_KEEP_RATIO" '<=' "$TARGET_PG_KEEPDB_RATIO")
  PG_TEMPLATE_MB=$(calc '%.1f' "$PG_TEMPLATE_BYTES / 1048576")
  PG_EMPTY_MB=$(calc '%.1f' "$PG_EMPTY_BYTES / 1048576")
  PG_DATA_MB=$(calc '%.1f' "$PG_DATA_BYTES / 1048576")
  # Per database, the baseline spends an empty createdb and the migrations;
  # migrating one database by itself is the serial baseline over 8.
  PG_BASE_ONE=$(calc '%.3f' "$PG_Q1 / $PG_WORKERS")
  PG_CLONES_WALL=${PG_WALLS[${PG_CLONES_AT_ONCE:-1}]}
  # The least dbtest's set-up can be as it works now: the template, then the
  # clones made as dbtest makes them (measured with psql, nothing else running).
  PG_FLOOR=$(calc '%.3f' "${PGR[pg_dbtest.mig]} + $PG_CLONES_WALL")
  PG_FLOOR_SPEEDUP=$(ratio "$PG_Q" "$PG_FLOOR")
  PG_KEEP_FLOOR=$(calc '%.3f' "(${PGR[pg_keep_second.mig]} + $PG_CLONES_WALL) / (${PGR[pg_keep_first.mig]} + $PG_CLONES_WALL)")
fi
my_results

s() { calc '%.3f' "$1"; }  # seconds, 3 decimals

summary_table() {
  echo "| Measurement | Result | Target | Verdict |"
  echo "| --- | ---: | ---: | --- |"
  sqlite_summary_rows
  pg_summary_rows
  my_summary_rows
}

sqlite_summary_rows() {
  if [[ -n $SQLITE_STATUS ]]; then
    echo "| dbtest overhead per test, 2,000 trivial tests: (b − a) / 2,000 | not measured | ≤ $TARGET_OVERHEAD_US µs | not measured (see the notes) |"
    echo "| dbtest vs one process per test (\`ctest -j$PARALLEL\`), 2,000 trivial tests: c / b | not measured | ≥ $TARGET_VS_CTEST× | not measured (see the notes) |"
    echo "| parallel speed-up, 400 tests × $CPU_MS_PER_TEST ms CPU: alone / \`dbtest --parallel $PARALLEL\` | not measured | ≥ $TARGET_PARALLEL_SPEEDUP× | not measured (see the notes) |"
    return 0
  fi
  cat <<EOF
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

# x = y / z as "0.52 (1.9× faster)"
times_faster() { echo "$(calc '%.2f' "$1") ($(calc '%.1f' "1 / $1")× faster)"; }

pg_summary_rows() {
  local setup="PostgreSQL set-up for $PG_WORKERS workers, $PG_TABLES tables × $(thousands "$PG_ROWS") rows: $PG_WORKERS databases migrated separately, $PG_WORKERS at a time / dbtest's set-up (from its start to the last worker's first query): q / p<sub>ready</sub>"
  local keepdb="PostgreSQL \`--keepdb\`: the second run's set-up / the first run's (template and clones; from the start to the last worker's first query): k₂<sub>ready</sub> / k₁<sub>ready</sub>"
  if [[ -n $PG_STATUS ]]; then
    echo "| $setup | not measured | ≥ $TARGET_PG_SETUP_SPEEDUP× | not measured (see the notes) |"
    echo "| $keepdb | not measured | ≤ $TARGET_PG_KEEPDB_RATIO | not measured (see the notes) |"
    return 0
  fi
  cat <<EOF
| $setup | $PG_SPEEDUP× ($(s "$PG_Q") s / $(s "${PGR[pg_dbtest.ready]}") s) | ≥ $TARGET_PG_SETUP_SPEEDUP× | $V_PG_SETUP |
| *(not a target)* the same against the $PG_WORKERS databases migrated one after another: q₁ / p<sub>ready</sub> | $PG_SPEEDUP_SERIAL× ($(s "$PG_Q1") s / $(s "${PGR[pg_dbtest.ready]}") s) | — | — |
| *(not a target)* the same with dbtest's whole run (tests and tear-down too): q / p | $PG_SPEEDUP_WHOLE× ($(s "$PG_Q") s / $(s "${WALL[pg_dbtest]}") s) | — | — |
| *(not a target)* the same with the set-up of dbtest's \`Time:\` line, migrating + cloning (cloning summed over clones made at once): q / (p<sub>migrating</sub> + p<sub>cloning</sub>) | $PG_SPEEDUP_TIMELINE× ($(s "$PG_Q") s / $(s "${PGR[pg_dbtest.timeline]}") s) | — | — |
| *(not a target)* the same with the wall time less running and tearing down, which leaves the clones out (they are made within running): q / (p − p<sub>running</sub> − p<sub>tearing down</sub>) | $PG_SPEEDUP_REST× ($(s "$PG_Q") s / $(s "${PGR[pg_dbtest.rest]}") s) | — | — |
| *(not a target)* the set-up speed-up with \`--pg-clone-strategy file_copy\`: q / pᶠ<sub>ready</sub> | $PG_SPEEDUP_FILE_COPY× ($(s "$PG_Q") s / $(s "${PGR[pg_dbtest_file_copy.ready]}") s) | — | — |
| $keepdb | $(times_faster "$PG_KEEP_RATIO") ($(s "${PGR[pg_keep_second.ready]}") s / $(s "${PGR[pg_keep_first.ready]}") s) | ≤ $TARGET_PG_KEEPDB_RATIO | $V_PG_KEEP |
| *(not a target)* \`--keepdb\`, the template part alone (dbtest's \`migrating\`: reusing the kept template / building it): k₂<sub>migrating</sub> / k₁<sub>migrating</sub> | $(times_faster "$PG_KEEP_TEMPLATE_RATIO") ($(s "${PGR[pg_keep_second.mig]}") s / $(s "${PGR[pg_keep_first.mig]}") s) | — | — |
| *(not a target)* \`--keepdb\`, the set-up of the \`Time:\` line, migrating + cloning: k₂ / k₁ | $(times_faster "$PG_KEEP_TIMELINE_RATIO") ($(s "${PGR[pg_keep_second.timeline]}") s / $(s "${PGR[pg_keep_first.timeline]}") s) | — | — |
| *(not a target)* \`--keepdb\`, the whole run: k₂ / k₁ | $(times_faster "$PG_KEEP_WHOLE_RATIO") ($(s "${WALL[pg_keep_second]}") s / $(s "${WALL[pg_keep_first]}") s) | — | — |
EOF
}

RAW_ROWS=()
[[ -z $SQLITE_STATUS ]] && RAW_ROWS+=(
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
PG_DBTEST_CMD="dbtest --parallel $PG_WORKERS --backend postgres --database-url URL --migrations REF"
if [[ -z $PG_STATUS ]]; then
  RAW_ROWS+=(
    "pg_dbtest|p|PostgreSQL, $PG_WORKERS workers: template built, $PG_WORKERS clones, $PG_TESTS tests, all dropped|\`$PG_DBTEST_CMD -- bench_postgres_tests\`"
    "pg_dbtest_file_copy|pᶠ|the same, clones made by copying files|\`$PG_DBTEST_CMD --pg-clone-strategy file_copy -- bench_postgres_tests\`"
    "pg_dbtest_hold|pʰ|the same as p, every test sleeping 1 s after its query: no worker is done, and no clone dropped, while clones are made|\`BENCH_PG_TEST_SLEEP_MS=1000 $PG_DBTEST_CMD -- bench_postgres_tests\`"
    "pg_base_parallel|q|$PG_WORKERS databases migrated separately, $PG_WORKERS at a time|\`xargs -P$PG_WORKERS\` over $PG_WORKERS × (\`createdb DB\`, then \`psql --single-transaction -d DB -f FILE\` for each of the $PG_FILES files)"
    "pg_base_serial|q₁|the same, one database after another|a loop over the same $PG_WORKERS × (\`createdb\`, $PG_FILES × \`psql\`)"
    "pg_keep_first|k₁|\`--keepdb\`, first run: no kept template (dropped before each run), so it builds and keeps one|\`$PG_DBTEST_CMD --keepdb --test-db-name NAME -- bench_postgres_tests\`"
    "pg_keep_second|k₂|\`--keepdb\`, second run: reuses the template k₁ kept|the same"
  )
fi
my_raw_rows
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

# dbtest's phases in the PostgreSQL runs, medians over the timed runs.
pg_phase_table() {
  echo "| | Runs | Wall time | discovering | migrating | cloning (summed over clones) | running | tearing down | migrating + cloning | wall − running − tearing down | start → first worker's first query | start → last worker's first query (set-up) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  local entry key label
  for entry in pg_dbtest:p pg_dbtest_file_copy:pᶠ pg_dbtest_hold:pʰ pg_keep_first:k₁ pg_keep_second:k₂; do
    key=${entry%%:*} label=${entry#*:}
    echo "| $label | ${PGR[$key.n]} | $(s "${PGR[$key.wall]}") s | $(s "${PGR[$key.disc]}") s | $(s "${PGR[$key.mig]}") s | $(s "${PGR[$key.clone]}") s | $(s "${PGR[$key.run]}") s | $(s "${PGR[$key.tear]}") s | $(s "${PGR[$key.timeline]}") s | $(s "${PGR[$key.rest]}") s | $(s "${PGR[$key.first]}") s | **$(s "${PGR[$key.ready]}") s** |"
  done
}

pg_clone_table() {
  local at_once=${PG_CLONES_AT_ONCE:-}
  cat <<EOF
| What (against the template k₁ kept: $PG_TEMPLATE_MB MB) | Time |
| --- | ---: |
| \`CREATE DATABASE x\`: an empty database, a copy of template1 ($PG_EMPTY_MB MB), as \`createdb\` makes in q and q₁ | ${PG_MS[create_empty]} ms |
| \`CREATE DATABASE x TEMPLATE t STRATEGY wal_log\`: one clone, PostgreSQL 15's default strategy and dbtest's | ${PG_MS[create_wal_log]} ms |
| \`CREATE DATABASE x TEMPLATE t STRATEGY file_copy\`: one clone, as \`--pg-clone-strategy file_copy\` makes it | ${PG_MS[create_file_copy]} ms |
| \`DROP DATABASE\` of such a clone (wal_log / file_copy) | ${PG_MS[drop_wal_log]} / ${PG_MS[drop_file_copy]} ms |
| $PG_WORKERS clones (wal_log), one after another in one session | $(s "${PG_WALLS[1]}") s |
EOF
  if [[ -n $at_once && $at_once != 1 && $at_once != "$PG_WORKERS" ]]; then
    echo "| $PG_WORKERS clones (wal_log) from $at_once sessions at once, as dbtest makes them ($at_once at a time) | $(s "${PG_WALLS[$at_once]}") s |"
  fi
  echo "| $PG_WORKERS clones (wal_log) from $PG_WORKERS sessions at once | $(s "${PG_WALLS[$PG_WORKERS]}") s |"
}

pg_notes() {
  if [[ -n $PG_STATUS ]]; then
    echo "**PostgreSQL: not measured.** The PostgreSQL part did not run: $PG_STATUS."
    echo
    return 0
  fi
  local at_once=${PG_CLONES_AT_ONCE:-1} title="**PostgreSQL set-up.**" gain
  local narrowly=""
  if [[ $V_PG_SETUP != met ]]; then
    title="**PostgreSQL set-up: target missed.**"
  elif awk "BEGIN {exit !($PG_SPEEDUP < 1.1 * $TARGET_PG_SETUP_SPEEDUP)}"; then
    title="**PostgreSQL set-up: met, narrowly.**"
    narrowly=" Differences between runs of a tenth of a second (other work on the machine, the page cache,
the server's checkpoints) can tip it either way."
  fi
  cat <<EOF
**Which set-up time.** dbtest's \`Time:\` line does not give a set-up wall time as such. From
\`runner/app/run_command.cpp\` and \`runner/workers/process_worker_pool.cpp\`: *discovering* is listing the
tests and planning the batches; *migrating* is \`prepare_template\`, that is creating the template
database and applying every migration and sealing it (or, with a kept template, taking its lock,
checking its fingerprint and schema and ending stray sessions); connecting to the server and looking
for leftovers of dead runs come before it and are in no phase. *running* starts when the worker pool
is made and ends when the last worker has exited: it holds the making of the clones ($at_once at a
time, each on a thread with a connection of its own; a worker starts as soon as its own clone
exists), the tests, and the dropping of each clone (\`DROP DATABASE … WITH (FORCE)\`, on the main
thread) when its worker exits. *cloning* is the sum over the clones of the time each one took to
make, so it counts time inside *running*, and when clones are made at once it is more than the
wall time they took (p: $(s "${PGR[pg_dbtest.clone]}") s summed, within a *running* of $(s "${PGR[pg_dbtest.run]}") s). *tearing
down* is dropping the template (kept with \`--keepdb\`) and closing the connection. Hence migrating +
cloning overstates the set-up, and the wall time less running and tearing down ($(s "${PGR[pg_dbtest.rest]}") s for p)
is start-up, discovery and the template only: it leaves the clones out. The set-up the targets are
judged on is measured from outside instead: \`bench_postgres_tests\` stamps the wall-clock time of
each worker process's first query (\`BENCH_PG_STAMP_DIR\`), and the set-up is the time from dbtest's
start to the last worker's stamp, when all $PG_WORKERS databases exist, are migrated and in use. It includes
dbtest's start-up, the discovery, the start of the last worker process and its first query, which
the baseline does not have, so it errs against dbtest.

EOF
  cat <<EOF
$title dbtest had every one of its $PG_WORKERS workers on a migrated clone $(s "${PGR[pg_dbtest.ready]}") s
after it started; migrating $PG_WORKERS databases separately, $PG_WORKERS at a time, took $(s "$PG_Q") s: $PG_SPEEDUP×, against a
target of $TARGET_PG_SETUP_SPEEDUP×.$narrowly Of dbtest's $(s "${PGR[pg_dbtest.ready]}") s, building the template took $(s "${PGR[pg_dbtest.mig]}") s (median \`migrating\`);
the rest went on start-up and discovery, and on making the $PG_WORKERS clones and starting the workers.
One \`CREATE DATABASE … TEMPLATE\` of the $PG_TEMPLATE_MB MB template takes ${PG_MS[create_wal_log]} ms with wal_log (PostgreSQL 15's
default, and dbtest's: it writes every block of the copy to the WAL) and ${PG_MS[create_file_copy]} ms with file_copy
(it copies the files between two checkpoints); an empty \`CREATE DATABASE\`, as \`createdb\` makes, takes
${PG_MS[create_empty]} ms, since it copies template1's $PG_EMPTY_MB MB the same way.
EOF
  gain=$(calc '%.0f' "(1 - $PG_CLONES_WALL / ${PG_WALLS[1]}) * 100")
  if ((gain < 0)); then
    gain="on $NPROC cores, making them at once gains nothing (it took $((-gain)) % longer): each clone is CPU and I/O work of the server's"
  elif ((gain < 20)); then
    gain="on $NPROC cores, making them at once gains little ($gain %): each clone is CPU and I/O work of the server's"
  else
    gain="making them at once gains $gain %"
  fi
  echo "The $PG_WORKERS clones, made with psql with nothing else running, took $(s "${PG_WALLS[1]}") s one after another and"
  echo "$(s "$PG_CLONES_WALL") s $at_once at a time as dbtest makes them; $gain."
  echo "So, as dbtest works now, its set-up cannot go below about $(s "${PGR[pg_dbtest.mig]}") + $(s "$PG_CLONES_WALL") = $(s "$PG_FLOOR") s on this"
  if awk "BEGIN {exit !($PG_FLOOR_SPEEDUP < $TARGET_PG_SETUP_SPEEDUP)}"; then
    echo "machine, $PG_FLOOR_SPEEDUP× faster than the baseline: short of $TARGET_PG_SETUP_SPEEDUP× before dbtest does anything but wait for the"
    echo "server. The target is out of reach for this schema on this server, whatever the runner does."
  else
    echo "machine, $PG_FLOOR_SPEEDUP× faster than the baseline, so the server leaves room for $TARGET_PG_SETUP_SPEEDUP×; the $(s "$(calc '%.3f' "${PGR[pg_dbtest.ready]} - $PG_FLOOR")") s"
    echo "dbtest takes beyond that are its own: start-up and discovery, starting $PG_WORKERS worker processes that each"
    echo "connect, and clones made slower by what runs beside them (workers starting and running, clones"
    echo "dropped: see pʰ below)."
  fi
  cat <<EOF
The baseline spends, per database, an empty \`CREATE DATABASE\` and its $PG_FILES migration files: one database
migrated by itself takes $(s "$PG_BASE_ONE") s (q₁ / $PG_WORKERS), $(calc '%.1f' "$PG_BASE_ONE * 1000 / ${PG_MS[create_wal_log]}")× as long as one clone. A template gains more the longer
the migrations take; this reference schema migrates in well under a second. With
\`--pg-clone-strategy file_copy\` the set-up took $(s "${PGR[pg_dbtest_file_copy.ready]}") s ($PG_SPEEDUP_FILE_COPY×).

EOF
  if [[ $V_PG_KEEP != met ]]; then
    title="**\`--keepdb\`: target missed.**"
  else
    title="**\`--keepdb\`.**"
  fi
  local template_part
  if awk "BEGIN {exit !($PG_KEEP_TEMPLATE_RATIO <= $TARGET_PG_KEEPDB_RATIO)}"; then
    template_part="does meet it"
    [[ $V_PG_KEEP == met ]] && template_part="meets it too"
  else
    template_part="does not meet it either"
    [[ $V_PG_KEEP == met ]] && template_part="does not meet it"
  fi
  cat <<EOF
$title The second run had its $PG_WORKERS workers on their clones after $(s "${PGR[pg_keep_second.ready]}") s, the
first after $(s "${PGR[pg_keep_first.ready]}") s: $(times_faster "$PG_KEEP_RATIO"), against at most $TARGET_PG_KEEPDB_RATIO. The target is judged on the
whole set-up, template and clones, because the issue asks for "the \`--keepdb\` second run's set-up
time against the first run's", and the clones are set-up that a developer waits for on every run.
The template part alone $template_part: reusing the kept template took $(s "${PGR[pg_keep_second.mig]}") s against
$(s "${PGR[pg_keep_first.mig]}") s to build it ($(times_faster "$PG_KEEP_TEMPLATE_RATIO")). But \`--keepdb\` keeps only the template: both runs
make the same $PG_WORKERS clones (about $(s "$PG_CLONES_WALL") s with psql, $at_once at a time), so a second run can save at most the
template's build. With the clones as psql made them, the ratio could at best be about
$(calc '%.2f' "$PG_KEEP_FLOOR"); only a template whose build takes far longer than its clones can show a tenth.

EOF
  echo "**PostgreSQL, other observations.** dbtest drops each clone as soon as its worker is done, while"
  echo "other clones may still be in the making, and a PostgreSQL 15 \`DROP DATABASE\` forces an immediate"
  echo "checkpoint. With every test holding its worker for a second (pʰ), so that no clone is dropped before"
  if awk "BEGIN {exit !(${PGR[pg_dbtest_hold.ready]} < 0.85 * ${PGR[pg_dbtest.ready]})}"; then
    echo "all are made, the set-up took $(s "${PGR[pg_dbtest_hold.ready]}") s against $(s "${PGR[pg_dbtest.ready]}") s for p: those drops do slow the"
    echo "clones down, and a run whose workers finish early pays for it."
  else
    echo "all are made, the set-up took $(s "${PGR[pg_dbtest_hold.ready]}") s against $(s "${PGR[pg_dbtest.ready]}") s for p: those drops are not"
    echo "what makes the clones slow."
  fi
  echo "The server runs with autovacuum off: with it on, dbtest runs failed now and then while this"
  echo "benchmark was written, when an autovacuum worker was in the template or a clone that dbtest ended"
  echo "sessions on or dropped (\`pg_terminate_backend\` and \`DROP DATABASE … WITH (FORCE)\` may not end an"
  echo "autovacuum worker for a role that is not a superuser)."
  echo "The CPU times of q, q₁, p, pᶠ, pʰ, k₁ and k₂ are those of the"
  echo "client processes only (dbtest and its workers, or createdb and psql); the server's CPU time is not in"
  echo "them, though \"other processes' CPU use\" does count the server as the benchmark's own."
  if [[ -n $PG_LEFTOVERS ]]; then
    echo "After all the runs the server still held databases besides the kept template: $PG_LEFTOVERS."
  else
    echo "After all the runs the server held no database of dbtest's but the kept template, which the"
    echo "script then dropped."
  fi
  echo
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
  if [[ -z $SQLITE_STATUS ]]; then
    sqlite_notes
  else
    echo "**SQLite part: not measured.** It was $SQLITE_STATUS."
    echo
  fi
  [[ -z $PG_STATUS && ($V_PG_SETUP != met || $V_PG_KEEP != met) ]] && any=1
  pg_notes
  [[ -z $MY_STATUS && $V_MY_COPY != met ]] && any=1
  my_notes
  if [[ $any == 0 ]]; then
    echo "Every target was met on this run."
    echo
  fi
  local disturbed=() key row
  for row in "${RAW_ROWS[@]}"; do
    key=${row%%|*}
    ((OTHER[$key] > 10)) && disturbed+=("$(label_of "$key") (${OTHER[$key]} %)")
  done
  if ((${#disturbed[@]} > 0)); then
    local list
    list=$(printf '%s, ' "${disturbed[@]}")
    cat <<EOF
The machine was not idle. Even the least disturbed of $ATTEMPTS attempts ran beside other work using
over 10 % of all CPUs for ${list%, }. Such a run is slower than it would be on an idle machine;
where it is a baseline (a, a′, c, d, f, q, q₁, u, u∥, r) that flatters dbtest, where it is a dbtest run it penalises it.
CPU times are less affected than wall times.

EOF
  fi
}

# The SQLite part's notes; sets notes' `any` when a target was missed.
sqlite_notes() {
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
}

pg_section_report() {
  if [[ -n $PG_STATUS ]]; then
    echo "Not measured: $PG_STATUS. The rest of this report does not depend on it."
    return 0
  fi
  cat <<EOF
The reference schema: $PG_TABLES tables with $PG_INDEXES indexes (primary keys included), $(thousands "$((PG_TABLES * PG_ROWS))") rows, $PG_DATA_MB MB of tables and
indexes; the template is $PG_TEMPLATE_MB MB on disk (\`pg_database_size\`; an empty database is $PG_EMPTY_MB MB).
Every timed dbtest run was checked: exit status 0, \`$PG_TESTS passed, 0 failed, 0 skipped\` as its last line,
$PG_WORKERS worker processes that each ran a query, and "migrated $PG_FILES files into the postgresql template" or
"reusing the kept postgresql template" as the case may be. The baseline's databases were checked once
for $PG_TABLES reference tables and $(thousands "$PG_ROWS") rows.

dbtest's phases (medians over the timed runs, warm-up left out; what each phase holds is in the
notes). The set-up, the last column, is from dbtest's start to the last worker's first query.

$(pg_phase_table)

One \`CREATE DATABASE\`, timed with psql's \`\\timing\` (the median of $PG_CLONE_REPS), and $PG_WORKERS clones at once (the wall
time, the median of 3), with nothing else running:

$(pg_clone_table)
EOF
}

report() {
  cat <<EOF
# Benchmarks

<!-- Generated by bench/run_benchmarks.sh, which rewrites the whole file; do not edit by hand. -->

What is measured, on the four suites in \`bench/\` (all link \`dbtest::fixtures\` and
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
- **PostgreSQL set-up.** A reference schema of $PG_TABLES tables ($PG_FILES migration files of $((PG_TABLES / PG_FILES)) tables, generated by
  the script into a temporary folder at every run): each table has an id, a few int, text and
  timestamp columns, an index besides its primary key and $(thousands "$PG_ROWS") rows from \`generate_series\`.
  \`bench_postgres_tests\` has $PG_SUITES suites × 3 tests that each count the rows of one reference table through
  \`dbtest::postgres()\`, so $PG_WORKERS workers all start. Against a throwaway PostgreSQL 15 server
  (\`ci/postgres-server.sh\`; durability off) that the script starts and stops: (p) a fresh
  \`dbtest --parallel $PG_WORKERS --backend postgres\` run, which migrates a template once and gives each worker a
  \`CREATE DATABASE … TEMPLATE\` clone; (q) the way pytest-django with xdist and Rails set up parallel
  tests, migrating every worker's database separately: $PG_WORKERS × (\`createdb\`, then \`psql\` on every
  migration file), $PG_WORKERS at a time, and (q₁) one after another; (k₁) a \`--keepdb\` run with no kept
  template, which builds and keeps one, and (k₂) the next \`--keepdb\` run, which reuses it.
$(my_intro_item)

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
| PostgreSQL | $(if [[ -z $PG_STATUS ]]; then echo "$PG_VERSION, a throwaway cluster in /tmp: $PG_SETTINGS"; else echo "not measured: $PG_STATUS"; fi) |
| MySQL | $(my_machine_row) |
| Date | $DATE |

## Results

$(summary_table)

## Raw timings

$(raw_table)

dbtest's own phase timings (its \`Time:\` line) in the checked runs:

$(breakdown)

## PostgreSQL set-up

$(pg_section_report)

## MySQL set-up

$(my_section_report)

## Notes

$(notes)
Regenerate with \`bench/run_benchmarks.sh [BUILD_DIR]\` (\`RUNS=N\` for more repetitions; see the
script's header for the other settings).
EOF
}

if [[ $OUTPUT == - ]]; then
  report
  exit 0
fi
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
