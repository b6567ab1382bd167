"""The SQLite part: dbtest's overhead per test over a plain GoogleTest binary,
its speed-up over one process per test (ctest), its parallel efficiency, and
how it runs a plain GoogleTest binary (one not linked with dbtest::gtest_main).

    a   bench_trivial_tests alone: 2,000 tests that each do one EXPECT_EQ
    b   the same under dbtest --parallel 2 (durations known from the warm-up)
    b₀  the same with an empty state directory every run (a first run)
    b₁  the same with one worker and an empty state directory
    bₜ  the same with one batch per test (--dist test)
    c   the same, one process per test, as ctest -j2 runs what
        gtest_discover_tests registers
    aᵖ  bench_trivial_tests_plain alone: the same 2,000 tests, linked with
        GoogleTest's own main only
    bᵖ  the same under dbtest --parallel 2, which runs it in batches of
        processes (--gtest_filter, --gtest_output=json per batch)
    cᵖ  the same, one process per test (ctest -j2, as c)
    a′, b′  a and b on 200 of the tests: the slope between 200 and 2,000
    d, e    bench_cpu_tests (400 tests of 5 ms CPU) alone and under dbtest
    f, g₀, g  the same with tests of 0.5 ms, shorter than GoogleTest's
              millisecond clock: alone, first run, later run
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import bench_profile
from bench_common import Bench, BenchError, expect_line, last_line, run_into, shown, with_env
from bench_report import Part, RawRow, paragraph, rounded, seconds, verdict
from bench_timing import measure

TRIVIAL_TESTS = 2000
TRIVIAL_SMALL_FILTER = "TrivialSuite0*"  # TrivialSuite00..09: 10 suites x 20 tests
TRIVIAL_SMALL_TESTS = 200
CPU_TESTS = 400
CPU_MS_PER_TEST = 5
FAST_US_PER_TEST = 500
PARALLEL = 2

TARGET_OVERHEAD_US = 10
TARGET_VS_CTEST = 50
TARGET_PARALLEL_SPEEDUP = 1.8
TARGET_PLAIN_VS_CTEST = 20  # bᵖ at least this many times faster than cᵖ
TARGET_PLAIN_VS_LINKED = 3  # bᵖ at most this many times b's wall time

# dbtest's checked runs whose Time: line the report shows, and their labels.
BREAKDOWN_LABELS = {"trivial_dbtest": "b", "trivial_small_dbtest": "b′",
                    "trivial_dbtest_dist_test": "bₜ", "trivial_plain_dbtest": "bᵖ", "cpu_dbtest": "e"}


# ---------------------------------------------------------------- checks

def check_alone(bench: Bench, binary: str, count: int, args: list[str] | None = None,
                env: dict[str, str] | None = None) -> None:
    """A GoogleTest binary run once: every one of its COUNT tests passed."""
    args = args or []
    output = bench.work / "check.out"
    status = run_into([binary, *args], output, env)
    if status != 0:
        raise BenchError(f"{shown([binary, *args])} exited with {status}")
    expect_line(str(binary), rf"^\[  PASSED  \] {count} tests\.$", output)


def check_dbtest(bench: Bench, count: int, args: list[str], env: dict[str, str] | None = None) -> str:
    """dbtest run once: COUNT passed, nothing else, as its last line. Its Time: line."""
    output = bench.work / "check.out"
    status = run_into([bench.binaries.dbtest, *args], output, env)
    if status != 0:
        raise BenchError(f"dbtest {shown(args)} exited with {status}")
    summary = f"{count} passed, 0 failed, 0 skipped"
    expect_line(f"dbtest {shown(args)}", f"^{summary}$", output)
    if last_line(output) != summary:
        raise BenchError(f"dbtest {shown(args)}: the summary is not the last line")
    return next((line for line in output.read_text().splitlines() if line.startswith("Time:")), "")


def zero_durations(state_dir: Path, binary_name: str) -> int | None:
    """How many of the durations dbtest kept are 0.0 s (None: it kept none)."""
    try:
        lines = (state_dir / "durations.json").read_text().splitlines()
    except OSError:
        return None
    pattern = re.compile(rf'"[^"]*{re.escape(binary_name)}::[^"]*": 0\.0,?$')
    return sum(1 for line in lines if pattern.search(line))


# ---------------------------------------------------------------- ctest

def write_ctest_file(binary: Path, ctest_dir: Path) -> None:
    """One add_test per test that --gtest_list_tests lists, each its own
    process, as gtest_discover_tests registers them."""
    trivial = str(binary)
    listing = subprocess.run([trivial, "--gtest_list_tests"], capture_output=True, text=True)
    if listing.returncode != 0:
        raise BenchError(f"{trivial} --gtest_list_tests exited with {listing.returncode}")
    listed = listing.stdout
    tests = []
    suite = ""
    for line in listed.splitlines():
        if line and not line.startswith(" "):
            suite = line.split()[0]
        elif line.startswith("  ") and line.split():
            tests.append(suite + line.split()[0])
    if len(tests) != TRIVIAL_TESTS:
        raise BenchError(f"listed {len(tests)} tests for ctest, not {TRIVIAL_TESTS}")
    ctest_dir.mkdir(parents=True, exist_ok=True)
    (ctest_dir / "CTestTestfile.cmake").write_text(
        "".join(f'add_test([=[{name}]=] "{trivial}" "--gtest_filter={name}")\n' for name in tests))


def run_ctest(bench: Bench, key: str, ctest_dir: Path) -> None:
    """ctest -j2 over a generated CTestTestfile.cmake, checked, then timed into KEY."""
    ctest = ["ctest", f"-j{PARALLEL}", "--test-dir", str(ctest_dir)]
    status = run_into(ctest, bench.work / "check.out")
    if status != 0:
        raise BenchError(f"ctest exited with {status}")
    expect_line("ctest", f"tests passed, 0 tests failed out of {TRIVIAL_TESTS}$", bench.work / "check.out")
    measure(bench, key, ctest)


# ---------------------------------------------------------------- strace

def process_starts(bench: Bench, command: list[str], binary: Path) -> int | None:
    """How many processes of BINARY one run of COMMAND started (its
    --gtest_list_tests included): the successful execve calls of BINARY that
    `strace -f` sees. None without strace, or when the traced run failed."""
    if not shutil.which("strace"):
        return None
    trace = bench.work / "execve.txt"
    traced = subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve", "-e", "status=successful",
                             "-e", "signal=none", "-o", str(trace), *command],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if traced.returncode != 0:
        return None
    started = f'execve("{binary}",'
    return sum(1 for line in trace.read_text(errors="replace").splitlines() if started in line)


def syscalls_per_test(bench: Bench, state: Path) -> str:
    """The most frequent system calls per test in one dbtest run of the
    2,000 trivial tests (all processes), when strace is installed: what the
    runner does per test."""
    if not shutil.which("strace"):
        return ""
    summary = bench.work / "strace.txt"
    traced = subprocess.run(["strace", "-f", "-c", "-o", str(summary), str(bench.binaries.dbtest),
                             "--parallel", str(PARALLEL), "--state-dir", str(state / "strace"), "--",
                             str(bench.binaries.trivial)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if traced.returncode != 0:
        return ""
    per_test = []
    # % time, seconds, usecs/call, calls, [errors], syscall: calls is the fourth, the name the last.
    for line in summary.read_text().splitlines():
        words = line.split()
        if len(words) >= 5 and re.fullmatch(r"[0-9.]+", words[0]) and words[-1] != "total":
            calls = int(words[3]) / TRIVIAL_TESTS
            if calls >= 0.1:
                per_test.append((words[-1], f"{calls:.1f}"))
    per_test.sort(key=lambda entry: (-float(entry[1]), f"{entry[0]} {entry[1]}"))
    return ", ".join(f"{name} {calls}" for name, calls in per_test[:8])


# ---------------------------------------------------------------- measuring

@dataclass
class Findings:
    """What the report needs besides the timings."""

    breakdown: list[str]  # "- b: discovering ..." lines
    trivial_zero_durations: int | None
    fast_zero_durations: int | None
    syscalls: str
    process_starts: dict[str, int | None]  # test-binary processes one run started, by measurement
    profile: list[bench_profile.ProfileLine] | None = None  # where (b)'s CPU goes, by process and kind


def measure_all(bench: Bench) -> Findings:
    dbtest, trivial, cpu = (str(bench.binaries.dbtest), str(bench.binaries.trivial), str(bench.binaries.cpu))
    state = bench.work / "state"  # durations persist across the runs of one measurement, as in real use
    parallel = ["--parallel", str(PARALLEL)]
    time_lines: dict[str, str] = {}

    def state_dir(name: str) -> list[str]:
        return ["--state-dir", str(state / name)]

    def emptied(name: str) -> list[str]:
        return ["rm", "-rf", str(state / name)]

    check_alone(bench, trivial, TRIVIAL_TESTS)
    measure(bench, "trivial_alone", [trivial])

    args = [*parallel, *state_dir("trivial"), "--", trivial]
    time_lines["trivial_dbtest"] = check_dbtest(bench, TRIVIAL_TESTS, args)
    measure(bench, "trivial_dbtest", [dbtest, *args])
    # The same with an empty state directory every time: a first run, with
    # no durations known from before.
    measure(bench, "trivial_dbtest_cold", [dbtest, *parallel, *state_dir("cold"), "--", trivial],
            prepare=emptied("cold"))

    # Not targets, but they show where the time goes: one worker instead of
    # two (both on a first run, as b₀), and one batch per test instead of one per suite.
    measure(bench, "trivial_dbtest_j1", [dbtest, "--parallel", "1", *state_dir("j1"), "--", trivial],
            prepare=emptied("j1"))
    args = [*parallel, "--dist", "test", *state_dir("dist"), "--", trivial]
    time_lines["trivial_dbtest_dist_test"] = check_dbtest(bench, TRIVIAL_TESTS, args)
    measure(bench, "trivial_dbtest_dist_test", [dbtest, *args])

    small_filter = f"--gtest_filter={TRIVIAL_SMALL_FILTER}"
    check_alone(bench, trivial, TRIVIAL_SMALL_TESTS, [small_filter])
    measure(bench, "trivial_small_alone", [trivial, small_filter])
    args = [*parallel, *state_dir("small"), "--filter", TRIVIAL_SMALL_FILTER, "--", trivial]
    time_lines["trivial_small_dbtest"] = check_dbtest(bench, TRIVIAL_SMALL_TESTS, args)
    measure(bench, "trivial_small_dbtest", [dbtest, *args])

    ctest_dir = bench.work / "ctest"
    write_ctest_file(bench.binaries.trivial, ctest_dir)
    run_ctest(bench, "trivial_ctest", ctest_dir)

    # The same 2,000 tests as a plain GoogleTest binary: alone, under dbtest
    # (batches of processes), and one process per test.
    plain = str(bench.binaries.trivial_plain)
    check_alone(bench, plain, TRIVIAL_TESTS)
    measure(bench, "trivial_plain_alone", [plain])
    args = [*parallel, *state_dir("plain"), "--", plain]
    time_lines["trivial_plain_dbtest"] = check_dbtest(bench, TRIVIAL_TESTS, args)
    measure(bench, "trivial_plain_dbtest", [dbtest, *args])
    plain_ctest_dir = bench.work / "ctest_plain"
    write_ctest_file(bench.binaries.trivial_plain, plain_ctest_dir)
    run_ctest(bench, "trivial_plain_ctest", plain_ctest_dir)
    # Each traced dbtest run on a copy of its measurement's state directory:
    # the same durations, so the same batches, and the durations of (b) untouched.
    shutil.copytree(state / "trivial", state / "starts_linked")
    shutil.copytree(state / "plain", state / "starts_plain")
    starts = {
        "trivial_dbtest": process_starts(bench, [dbtest, *parallel, *state_dir("starts_linked"), "--", trivial],
                                         bench.binaries.trivial),
        "trivial_plain_dbtest": process_starts(bench, [dbtest, *parallel, *state_dir("starts_plain"), "--", plain],
                                               bench.binaries.trivial_plain),
        "trivial_plain_ctest": process_starts(bench, ["ctest", f"-j{PARALLEL}", "--test-dir", str(plain_ctest_dir)],
                                              bench.binaries.trivial_plain),
    }

    check_alone(bench, cpu, CPU_TESTS)
    measure(bench, "cpu_alone", [cpu])
    args = [*parallel, *state_dir("cpu"), "--", cpu]
    time_lines["cpu_dbtest"] = check_dbtest(bench, CPU_TESTS, args)
    measure(bench, "cpu_dbtest", [dbtest, *args])

    # Not a target: the same suite with tests of 0.5 ms, shorter than
    # GoogleTest's millisecond clock, on a first run (empty state directory)
    # and on a later run (durations known from before).
    fast = with_env(BENCH_CPU_MICROSECONDS=str(FAST_US_PER_TEST))
    check_alone(bench, cpu, CPU_TESTS, env=fast)
    measure(bench, "fast_alone", [cpu], env=fast)
    args = [*parallel, *state_dir("fast"), "--", cpu]
    check_dbtest(bench, CPU_TESTS, args, env=fast)
    measure(bench, "fast_dbtest_cold", [dbtest, *parallel, *state_dir("fast_cold"), "--", cpu],
            prepare=emptied("fast_cold"), env=fast)
    measure(bench, "fast_dbtest", [dbtest, *args], env=fast)

    return Findings(
        breakdown=[f"- {label}: {time_lines[key].removeprefix('Time: ')}"
                   for key, label in BREAKDOWN_LABELS.items() if time_lines.get(key)],
        trivial_zero_durations=zero_durations(state / "trivial", "bench_trivial_tests"),
        fast_zero_durations=zero_durations(state / "fast", "bench_cpu_tests"),
        syscalls=syscalls_per_test(bench, state),
        profile=bench_profile.profile([dbtest, *parallel, *state_dir("starts_linked"), "--", trivial], bench.work,
                                      TRIVIAL_TESTS, Path(trivial).name),
        process_starts=starts)


# ---------------------------------------------------------------- results

@dataclass
class Results:
    overhead_us: float  # (b − a) / 2,000
    slope_us: float  # the marginal cost per test, between 200 and 2,000 tests
    fixed_ms: float  # the fixed cost that slope implies
    cold_overhead_us: float
    j1_overhead_us: float
    dist_overhead_us: float
    cpu_overhead_us: float
    vs_ctest: float  # c / b
    ctest_per_test_ms: float
    par_speedup: float  # d / e
    par_efficiency: int  # % of the ideal PARALLEL×
    fast_speedup_cold: float  # f / g₀
    fast_speedup: float  # f / g
    plain_vs_ctest: float  # cᵖ / bᵖ
    plain_vs_linked: float  # bᵖ / b
    plain_ctest_per_test_ms: float

    @property
    def overhead_met(self) -> bool:
        return self.overhead_us <= TARGET_OVERHEAD_US

    @property
    def ctest_met(self) -> bool:
        return self.vs_ctest >= TARGET_VS_CTEST

    @property
    def parallel_met(self) -> bool:
        return self.par_speedup >= TARGET_PARALLEL_SPEEDUP

    @property
    def plain_ctest_met(self) -> bool:
        return self.plain_vs_ctest >= TARGET_PLAIN_VS_CTEST

    @property
    def plain_linked_met(self) -> bool:
        return self.plain_vs_linked <= TARGET_PLAIN_VS_LINKED

    @property
    def all_met(self) -> bool:
        return (self.overhead_met and self.ctest_met and self.parallel_met and self.plain_ctest_met
                and self.plain_linked_met)


def derive(bench: Bench) -> Results:
    wall = {key: m.wall for key, m in bench.measurements.items()}
    cpu = {key: m.cpu for key, m in bench.measurements.items()}
    a = wall["trivial_alone"]

    def overhead_us(key: str) -> float:
        return rounded((wall[key] - a) / TRIVIAL_TESTS * 1e6, 1)

    slope_us = rounded(((wall["trivial_dbtest"] - wall["trivial_small_dbtest"])
                        - (a - wall["trivial_small_alone"])) / (TRIVIAL_TESTS - TRIVIAL_SMALL_TESTS) * 1e6, 1)
    return Results(
        overhead_us=overhead_us("trivial_dbtest"),
        slope_us=slope_us,
        fixed_ms=rounded(((wall["trivial_dbtest"] - a) - TRIVIAL_TESTS * slope_us / 1e6) * 1e3, 1),
        cold_overhead_us=overhead_us("trivial_dbtest_cold"),
        j1_overhead_us=overhead_us("trivial_dbtest_j1"),
        dist_overhead_us=overhead_us("trivial_dbtest_dist_test"),
        cpu_overhead_us=rounded((cpu["trivial_dbtest"] - cpu["trivial_alone"]) / TRIVIAL_TESTS * 1e6, 1),
        vs_ctest=rounded(wall["trivial_ctest"] / wall["trivial_dbtest"], 1),
        ctest_per_test_ms=rounded(wall["trivial_ctest"] / TRIVIAL_TESTS * 1e3, 2),
        par_speedup=rounded(wall["cpu_alone"] / wall["cpu_dbtest"], 2),
        par_efficiency=int(f"{wall['cpu_alone'] / wall['cpu_dbtest'] / PARALLEL * 100:.0f}"),
        fast_speedup_cold=rounded(wall["fast_alone"] / wall["fast_dbtest_cold"], 2),
        fast_speedup=rounded(wall["fast_alone"] / wall["fast_dbtest"], 2),
        plain_vs_ctest=rounded(wall["trivial_plain_ctest"] / wall["trivial_plain_dbtest"], 1),
        plain_vs_linked=rounded(wall["trivial_plain_dbtest"] / wall["trivial_dbtest"], 2),
        plain_ctest_per_test_ms=rounded(wall["trivial_plain_ctest"] / TRIVIAL_TESTS * 1e3, 2))


# ---------------------------------------------------------------- report

def intro() -> str:
    return f"""\
- **Runner overhead.** `bench_trivial_tests` has 2,000 tests (100 suites × 20) that each do one
  `EXPECT_EQ`. It is timed (a) alone, as a plain GoogleTest binary; (b) under
  `dbtest --parallel {PARALLEL}` (SQLite, in-memory clones, no migrations); and (c) one process per test,
  {PARALLEL} at a time, the way `ctest -j{PARALLEL}` runs what `gtest_discover_tests` registers: a generated
  `CTestTestfile.cmake` with one `add_test(... --gtest_filter=Suite.Test)` per test listed by
  `--gtest_list_tests`. dbtest's overhead per test is (b − a) / 2,000, the whole extra wall time with
  its fixed start-up cost included; its speed-up over one process per test is c / b.
- **Parallel efficiency.** `bench_cpu_tests` has 400 tests (20 suites × 20) that each spin until
  `clock_gettime(CLOCK_THREAD_CPUTIME_ID)` shows {CPU_MS_PER_TEST} ms of CPU, 2 s of work in all. The speed-up is
  the binary alone (serial) over `dbtest --parallel {PARALLEL}`. The same suite is also run with
  `BENCH_CPU_MICROSECONDS={FAST_US_PER_TEST}` (400 tests of {FAST_US_PER_TEST} µs, shorter than GoogleTest's millisecond clock),
  as a first run (g₀, empty state directory) and as a later one (g, durations known); not a target.
- **Plain GoogleTest binaries.** `bench_trivial_tests_plain` is built from the same sources as
  `bench_trivial_tests` but linked with GoogleTest's own `GTest::gtest_main` only, not with dbtest's
  `dbtest::gtest_main`. dbtest runs such a binary in batches: one process per run of a batch's tests,
  each given `--gtest_filter=Suite.Test:…` and `--gtest_output=json:FILE`, instead of one persistent
  worker process per slot. It is timed (aᵖ) alone; (bᵖ) under `dbtest --parallel {PARALLEL}`, against the linked
  binary under the same command (b): bᵖ / b; and (cᵖ) one process per test, {PARALLEL} at a time, with `ctest -j{PARALLEL}` as
  for c: cᵖ / bᵖ. How many processes of the test binary each run starts (its `--gtest_list_tests` included)
  is counted in one more run of each, untimed, with `strace -f -e trace=execve`."""


TARGET_ROWS = (
    "dbtest overhead per test, 2,000 trivial tests: (b − a) / 2,000",
    f"dbtest vs one process per test (`ctest -j{PARALLEL}`), 2,000 trivial tests: c / b",
    f"parallel speed-up, 400 tests × {CPU_MS_PER_TEST} ms CPU: alone / `dbtest --parallel {PARALLEL}`",
    f"plain GoogleTest binary (2,000 trivial tests) under `dbtest --parallel {PARALLEL}` vs one process per test "
    f"(`ctest -j{PARALLEL}`): cᵖ / bᵖ",
    f"plain GoogleTest binary under `dbtest --parallel {PARALLEL}` vs the same tests linked with `dbtest::gtest_main`, "
    "wall time: bᵖ / b",
)
TARGETS = (f"≤ {TARGET_OVERHEAD_US} µs", f"≥ {TARGET_VS_CTEST}×", f"≥ {TARGET_PARALLEL_SPEEDUP}×",
           f"≥ {TARGET_PLAIN_VS_CTEST}×", f"≤ {TARGET_PLAIN_VS_LINKED}×")


def summary_rows_not_measured() -> list[str]:
    return [f"| {what} | not measured | {target} | not measured (see the notes) |"
            for what, target in zip(TARGET_ROWS, TARGETS)]


def starts_text(starts: dict[str, int | None]) -> str:
    if any(count is None for count in starts.values()):
        return ""
    return (f"{starts['trivial_plain_dbtest']:,} (bᵖ), {starts['trivial_dbtest']:,} (b), "
            f"{starts['trivial_plain_ctest']:,} (cᵖ)")


def summary_rows(r: Results, found: Findings) -> list[str]:
    not_a_target = "*(not a target)*"
    starts = starts_text(found.process_starts)
    plain_starts = ([f"| {not_a_target} processes of the test binary one run starts, its `--gtest_list_tests` "
                     f"included (`strace -f -e trace=execve`) | {starts} | — | — |"] if starts else [])
    return [
        f"| {TARGET_ROWS[0]} | {r.overhead_us:.1f} µs | {TARGETS[0]} | {verdict(r.overhead_met)} |",
        f"| {TARGET_ROWS[1]} | {r.vs_ctest:.1f}× | {TARGETS[1]} | {verdict(r.ctest_met)} |",
        f"| {TARGET_ROWS[2]} | {r.par_speedup:.2f}× ({r.par_efficiency} % of ideal) | {TARGETS[2]} | {verdict(r.parallel_met)} |",
        f"| {not_a_target} the same with an empty `--state-dir` each run (first run): (b₀ − a) / 2,000 | {r.cold_overhead_us:.1f} µs | — | — |",
        f"| {not_a_target} the same with `--parallel 1` and an empty `--state-dir` each run: (b₁ − a) / 2,000 | {r.j1_overhead_us:.1f} µs | — | — |",
        f"| {not_a_target} the same with `--dist test` (one batch per test): (bₜ − a) / 2,000 | {r.dist_overhead_us:.1f} µs | — | — |",
        f"| {not_a_target} marginal overhead per test, slope between 200 and 2,000 tests, minus the binary's own slope | {r.slope_us:.1f} µs | — | — |",
        f"| {not_a_target} dbtest fixed cost implied by that slope (start-up, discovery, migration, workers, teardown) | {r.fixed_ms:.1f} ms | — | — |",
        f"| {not_a_target} dbtest CPU time per test, user + system of all processes: (b − a) / 2,000 | {r.cpu_overhead_us:.1f} µs | — | — |",
        f"| {not_a_target} parallel speed-up, 400 tests × {FAST_US_PER_TEST} µs CPU, first run (empty `--state-dir`): f / g₀ | {r.fast_speedup_cold:.2f}× | — | — |",
        f"| {not_a_target} parallel speed-up, 400 tests × {FAST_US_PER_TEST} µs CPU, later run (durations known): f / g | {r.fast_speedup:.2f}× | — | — |",
        f"| {TARGET_ROWS[3]} | {r.plain_vs_ctest:.1f}× | {TARGETS[3]} | {verdict(r.plain_ctest_met)} |",
        f"| {TARGET_ROWS[4]} | {r.plain_vs_linked:.2f}× | {TARGETS[4]} | {verdict(r.plain_linked_met)} |",
        *plain_starts,
    ]


def raw_rows() -> list[RawRow]:
    dbtest = f"dbtest --parallel {PARALLEL}"
    fast = f"BENCH_CPU_MICROSECONDS={FAST_US_PER_TEST}"
    return [
        RawRow("trivial_alone", "a", "2,000 trivial tests, the binary alone", "`bench_trivial_tests`"),
        RawRow("trivial_dbtest", "b", "2,000 trivial tests under dbtest",
               f"`{dbtest} --state-dir DIR -- bench_trivial_tests`"),
        RawRow("trivial_dbtest_cold", "b₀", "2,000 trivial tests under dbtest, empty state directory each run",
               f"`{dbtest} --state-dir EMPTY_DIR -- bench_trivial_tests`"),
        RawRow("trivial_dbtest_j1", "b₁", "2,000 trivial tests under dbtest, one worker, empty state directory each run",
               "`dbtest --parallel 1 --state-dir EMPTY_DIR -- bench_trivial_tests`"),
        RawRow("trivial_dbtest_dist_test", "bₜ", "2,000 trivial tests under dbtest, one batch per test",
               f"`{dbtest} --dist test --state-dir DIR -- bench_trivial_tests`"),
        RawRow("trivial_ctest", "c", "2,000 trivial tests, one process per test",
               f"`ctest -j{PARALLEL} --test-dir DIR` (2,000 `add_test`, each `--gtest_filter=Suite.Test`)"),
        RawRow("trivial_small_alone", "a′", "200 trivial tests, the binary alone",
               f"`bench_trivial_tests --gtest_filter='{TRIVIAL_SMALL_FILTER}'`"),
        RawRow("trivial_small_dbtest", "b′", "200 trivial tests under dbtest",
               f"`{dbtest} --filter '{TRIVIAL_SMALL_FILTER}' ... -- bench_trivial_tests`"),
        RawRow("trivial_plain_alone", "aᵖ", "2,000 trivial tests, plain GoogleTest binary alone",
               "`bench_trivial_tests_plain`"),
        RawRow("trivial_plain_dbtest", "bᵖ", "2,000 trivial tests, plain GoogleTest binary under dbtest (batches of processes)",
               f"`{dbtest} --state-dir DIR -- bench_trivial_tests_plain`"),
        RawRow("trivial_plain_ctest", "cᵖ", "2,000 trivial tests, plain GoogleTest binary, one process per test",
               f"`ctest -j{PARALLEL} --test-dir DIR` (2,000 `add_test`, each `bench_trivial_tests_plain --gtest_filter=Suite.Test`)"),
        RawRow("cpu_alone", "d", f"400 × {CPU_MS_PER_TEST} ms CPU, the binary alone (serial)", "`bench_cpu_tests`"),
        RawRow("cpu_dbtest", "e", f"400 × {CPU_MS_PER_TEST} ms CPU under dbtest",
               f"`{dbtest} --state-dir DIR -- bench_cpu_tests`"),
        RawRow("fast_alone", "f", f"400 × {FAST_US_PER_TEST} µs CPU, the binary alone (serial)", f"`{fast} bench_cpu_tests`"),
        RawRow("fast_dbtest_cold", "g₀", f"400 × {FAST_US_PER_TEST} µs CPU under dbtest, empty state directory each run",
               f"`{fast} {dbtest} --state-dir EMPTY_DIR -- bench_cpu_tests`"),
        RawRow("fast_dbtest", "g", f"400 × {FAST_US_PER_TEST} µs CPU under dbtest, durations known",
               f"`{fast} {dbtest} --state-dir DIR -- bench_cpu_tests`"),
    ]


def overhead_notes(bench: Bench, r: Results, found: Findings) -> str:
    wall = {key: m.wall for key, m in bench.measurements.items()}
    lines = []
    if not r.overhead_met:
        lines += [f"**Overhead per test: target missed.** dbtest added {r.overhead_us:.1f} µs of wall time per test over the",
                  f"binary alone, against a target of {TARGET_OVERHEAD_US} µs."]
    elif r.overhead_us > 0.8 * TARGET_OVERHEAD_US:
        lines += [f"**Overhead per test: met, narrowly.** dbtest added {r.overhead_us:.1f} µs of wall time per test over the",
                  f"binary alone, against a target of {TARGET_OVERHEAD_US} µs; differences between runs of a few µs per test",
                  "(other work on the machine, the page cache) can tip it either way."]
    else:
        lines += [f"**Overhead per test.** dbtest added {r.overhead_us:.1f} µs of wall time per test over the binary alone,",
                  f"against a target of {TARGET_OVERHEAD_US} µs."]
    if r.slope_us > TARGET_OVERHEAD_US:
        lines += ["The fixed start-up cost is not what decides it: the slope between 200 and 2,000 tests puts the",
                  f"marginal cost at {r.slope_us:.1f} µs per test by itself, and the fixed cost at about {r.fixed_ms:.1f} ms."]
    else:
        lines += [f"The marginal cost, the slope between 200 and 2,000 tests, is {r.slope_us:.1f} µs per test; the rest is a",
                  f"fixed cost of about {r.fixed_ms:.1f} ms a run (start-up, discovery, template, workers, teardown)."]
    if wall["trivial_dbtest"] > 1.05 * wall["trivial_dbtest_cold"]:
        lines.append(f"A later run (b) is slower than a first one (b₀): {seconds(wall['trivial_dbtest'])} s "
                     f"against {seconds(wall['trivial_dbtest_cold'])} s.")
    else:
        lines.append(f"An empty state directory makes no great difference ({seconds(wall['trivial_dbtest_cold'])} s "
                     f"against {seconds(wall['trivial_dbtest'])} s).")
    lines.append(f"The extra CPU time is {r.cpu_overhead_us:.1f} µs per test across dbtest and its workers.")
    if r.j1_overhead_us > 1.2 * r.cold_overhead_us:
        lines += [f"On first runs, one worker (b₁) costs {r.j1_overhead_us:.1f} µs per test and two (b₀) {r.cold_overhead_us:.1f} µs: the second",
                  "worker takes part of the work off the critical path, but not all of it, since the master handles",
                  "every message."]
    else:
        lines += [f"On first runs, one worker (b₁) costs {r.j1_overhead_us:.1f} µs per test and two (b₀) {r.cold_overhead_us:.1f} µs, about the",
                  "same: a second worker hardly shortens a run of near-empty tests, which suggests that the master,",
                  "handling every message of every worker, sets the pace."]
    if found.trivial_zero_durations:
        lines += [f"{found.trivial_zero_durations} of the {TRIVIAL_TESTS} durations that (b) keeps in its state directory are 0.0 s:",
                  "GoogleTest reports whole milliseconds, and dbtest plans such a test as 0.5 ms (f, g₀ and g check",
                  "that later runs still spread quick tests over every worker)."]
    if found.syscalls:
        lines.append(f"System calls per test in one run (`strace -f -c`, all processes, the most frequent): {found.syscalls}.")
    return paragraph(*lines) + profile_note(bench, found) + overhead_remedy(r)


def overhead_remedy(r: Results) -> str:
    """What the missed overhead target would take, from what the profile shows."""
    if r.overhead_met:
        return ""
    return paragraph(
        f"**What {TARGET_OVERHEAD_US} µs would take.** No single part of the profile above holds the difference: the master and",
        "the test binary each spend more CPU per test than the target, in many small parts. The master would need",
        "fewer system calls per test (a message read and a journal line written and flushed for each), tests",
        "known by number rather than by name in its maps, and fewer allocations per result; the workers would need",
        "to run their share in fewer `RUN_ALL_TESTS` calls, each of which filters every test of the binary, and",
        "to send results in blocks. Each of these is a change to the channel or the scheduler, not a tuning of",
        "what is there.")


def profile_note(bench: Bench, found: Findings) -> str:
    """Where the CPU of a run like (b) goes, by process and kind of work."""
    if not found.profile:
        return paragraph("**Where the time goes: not profiled** (`perf` is not installed, or may not record here).")
    alone_us = bench.measurements["trivial_alone"].cpu / TRIVIAL_TESTS * 1e6
    return paragraph(
        f"**Where the time goes.** A flat CPU profile of one run like (b), every process: `perf record -F {bench_profile.SAMPLE_HZ}`,",
        "each sampled function sorted by its library and name into what it does (the first match of",
        "`bench/bench_profile.py`'s list). The test binary's processes are its listing and the two workers; alone, it",
        f"spends {alone_us:.1f} µs of CPU per test (a). CPU per test is the samples' time over {TRIVIAL_TESTS:,} tests; with two",
        "cores, wall time is about half the sum when all three processes are busy.") + bench_profile.profile_table(
            found.profile) + "\n\n"


def ctest_note(bench: Bench, r: Results) -> str:
    if r.ctest_met:
        return ""
    return paragraph(
        f"**Speed-up over one process per test: target missed.** `ctest -j{PARALLEL}` took {r.ctest_per_test_ms:.2f} ms per test",
        "(start a process, load the shared libraries the binary links, initialise GoogleTest, run one test);",
        f"dbtest took {seconds(bench.measurements['trivial_dbtest'].wall)} s for all 2,000, a ratio of {r.vs_ctest:.1f}×.")


def parallel_note(bench: Bench, r: Results) -> str:
    if r.parallel_met:
        return ""
    alone, under = bench.measurements["cpu_alone"], bench.measurements["cpu_dbtest"]
    return paragraph(
        f"**Parallel speed-up: target missed.** 400 tests of {CPU_MS_PER_TEST} ms of CPU each took {seconds(alone.wall)} s",
        f"alone and {seconds(under.wall)} s under `dbtest --parallel {PARALLEL}` ({r.par_speedup:.2f}×, {r.par_efficiency} % of the ideal",
        f"{PARALLEL}×). The ideal needs both cores free for the whole run; other processes used",
        f"{under.other} % of the machine while the dbtest run was measured and {alone.other} % during the serial",
        f"run. dbtest's CPU time for the run was {seconds(under.cpu)} s against {seconds(alone.cpu)} s alone.")


def fast_tests_note(bench: Bench, r: Results, found: Findings) -> str:
    if not r.fast_speedup < 0.8 * r.fast_speedup_cold:
        return ""
    wall = {key: m.wall for key, m in bench.measurements.items()}
    zero = "" if found.fast_zero_durations is None else found.fast_zero_durations
    return paragraph(
        f"**Sub-millisecond tests on a later run (not a target, but a problem).** 400 tests of {FAST_US_PER_TEST} µs of CPU",
        f"took {seconds(wall['fast_alone'])} s alone and {seconds(wall['fast_dbtest_cold'])} s under `dbtest --parallel {PARALLEL}` with an empty state directory",
        f"({r.fast_speedup_cold:.2f}×), but {seconds(wall['fast_dbtest'])} s once the state directory held the durations of a previous run",
        f"({r.fast_speedup:.2f}×): no faster than running the binary alone, as if one worker did all the work.",
        f"GoogleTest reports test times in whole milliseconds, and {zero} of the {CPU_TESTS} durations dbtest kept for",
        "these tests are 0.0 s; the scheduling that uses them does not spread work it believes takes no time.")


def plain_note(bench: Bench, r: Results, found: Findings) -> str:
    wall = {key: m.wall for key, m in bench.measurements.items()}
    missed = [what for what, met in (("one process per test", r.plain_ctest_met),
                                     ("the linked mode", r.plain_linked_met)) if not met]
    if missed:
        title = f"**Plain GoogleTest binaries: target missed (against {' and '.join(missed)}).**"
    else:
        title = "**Plain GoogleTest binaries.**"
    lines = [
        f"{title} The 2,000 trivial tests as a plain binary (`bench_trivial_tests_plain`, linked with",
        f"`GTest::gtest_main` only) took {seconds(wall['trivial_plain_dbtest'])} s under `dbtest --parallel {PARALLEL}` (bᵖ), against "
        f"{seconds(wall['trivial_dbtest'])} s for the same tests",
        f"linked with `dbtest::gtest_main` (b) and {seconds(wall['trivial_plain_ctest'])} s one process per test with `ctest -j{PARALLEL}` (cᵖ).",
        f"Against one process per test that is {r.plain_vs_ctest:.1f}× faster (cᵖ / bᵖ; target at least {TARGET_PLAIN_VS_CTEST}×: "
        f"{verdict(r.plain_ctest_met)});",
        f"against the linked mode it takes {r.plain_vs_linked:.2f}× its wall time (bᵖ / b; target at most {TARGET_PLAIN_VS_LINKED}×: "
        f"{verdict(r.plain_linked_met)}).",
        f"Alone, without dbtest, the plain binary took {seconds(wall['trivial_plain_alone'])} s (aᵖ) and the linked one "
        f"{seconds(wall['trivial_alone'])} s (a).",
    ]
    starts = found.process_starts
    plain_starts, linked_starts = starts.get("trivial_plain_dbtest"), starts.get("trivial_dbtest")
    if plain_starts is not None and linked_starts is not None and starts.get("trivial_plain_ctest") is not None:
        lines.append(f"One run of bᵖ started {plain_starts:,} processes of the binary ({plain_starts - 1:,} runs of batches after "
                     f"the listing), b {linked_starts:,} (the listing and its workers), cᵖ {starts['trivial_plain_ctest']:,}.")
        if plain_starts > linked_starts:
            per_process_ms = (wall["trivial_plain_dbtest"] - wall["trivial_dbtest"]) / (plain_starts - linked_starts) * 1e3
            lines.append(f"bᵖ took {(wall['trivial_plain_dbtest'] - wall['trivial_dbtest']) * 1e3:.1f} ms longer than b and started "
                         f"{plain_starts - linked_starts:,} more processes: about {per_process_ms:.2f} ms of wall time per extra")
            lines.append(f"process ({PARALLEL} at a time). One process per test (cᵖ) took {r.plain_ctest_per_test_ms:.2f} ms of wall time "
                         "per test.")
    else:
        lines.append(f"One process per test costs {r.plain_ctest_per_test_ms:.2f} ms of wall time per test "
                     "(processes were not counted: no strace, or its run failed).")
    return paragraph(*lines)


# ---------------------------------------------------------------- the part

def run_part(bench: Bench) -> Part:
    if bench.settings.skip_sqlite:
        status = "left out on request (`SKIP_SQLITE=1`)"
        return Part(status=status, intro=intro(), summary_rows=summary_rows_not_measured(), raw_rows=[],
                    notes=paragraph(f"**SQLite part: not measured.** It was {status}."))
    found = measure_all(bench)
    r = derive(bench)
    return Part(status="", intro=intro(), summary_rows=summary_rows(r, found), raw_rows=raw_rows(),
                notes=overhead_notes(bench, r, found) + ctest_note(bench, r) + parallel_note(bench, r)
                + fast_tests_note(bench, r, found) + plain_note(bench, r, found),
                missed_target=not r.all_met,
                breakdown=found.breakdown)
