"""dbtest at 100,000 tests: bench_100k_tests (100,000 trivial tests in 5,000
suites, registered at start-up) on SQLite, two workers, durations known from
an earlier run, as a suite's usual run is. Measured: (h) the binary alone;
(hᵈ) under `dbtest --parallel 2`; the overhead per test, (hᵈ − h) / 100,000;
discovery and planning (the `discovering` phase of dbtest's Time: line); and
the master's peak resident memory (VmHWM in /proc/PID/status, read every
20 ms while it runs: the high-water mark only grows, so the last reading is
the peak to within what the last 20 ms added).

Alone, for a look at this part without the rest of the benchmark:

    python3 bench/bench_scale.py BUILD_DIR   # RUNS, IDLE_WAIT, ATTEMPTS as for run_benchmarks.py
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench_common import Bench, BenchError, Binaries
from bench_report import Part, RawRow, paragraph, run_part_alone, verdict
from bench_sqlite import PARALLEL, check_dbtest
from bench_timing import measure

TESTS = 100_000
TARGET_OVERHEAD_US = 10.0
TARGET_DISCOVERY_S = 1.0
TARGET_PEAK_MB = 50.0
PROBED_RUNS = 3
KEYS = {"alone": "scale_alone", "dbtest": "scale_dbtest"}
LABELS = {"alone": "h", "dbtest": "hᵈ"}


@dataclass
class Result:
    status: str  # why it was not measured; "" when it was
    overhead_us: float = 0.0
    discovering_s: float = 0.0
    peak_mb: float = 0.0


def dbtest_args(bench: Bench) -> list[str]:
    return ["--parallel", str(PARALLEL), "--state-dir", str(bench.work / "scale-state"), "--",
            str(bench.binaries.huge)]


def probed_run(command: list[str]) -> tuple[int, str]:
    """One run with its peak resident memory in KiB, polled from /proc; and its output."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace")
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()))
    reader.start()
    peak = 0
    while process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass  # between its exit and the poll
        time.sleep(0.02)
    reader.join()
    if process.returncode != 0:
        raise BenchError(f"{' '.join(command)} exited with {process.returncode}")
    return peak, "".join(chunks)


def discovering_seconds(output: str) -> float:
    match = re.search(r"^Time: discovering ([0-9.]+) s,", output, re.MULTILINE)
    if not match:
        raise BenchError("dbtest printed no 'Time: discovering X s' line for bench_100k_tests")
    return float(match.group(1))


def measure_scale(bench: Bench) -> Result:
    args = dbtest_args(bench)
    check_dbtest(bench, TESTS, args)  # also leaves the durations for the timed runs
    walls = {"alone": measure(bench, KEYS["alone"], [str(bench.binaries.huge)]).wall,
             "dbtest": measure(bench, KEYS["dbtest"], [str(bench.binaries.dbtest), *args]).wall}
    peaks, discoveries = [], []
    for _ in range(PROBED_RUNS):
        peak, output = probed_run([str(bench.binaries.dbtest), *args])
        peaks.append(peak)
        discoveries.append(discovering_seconds(output))
    return Result("", (walls["dbtest"] - walls["alone"]) / TESTS * 1e6, statistics.median(discoveries),
                  statistics.median(peaks) / 1024)


def intro() -> str:
    return ("- **100,000 tests.** `bench_100k_tests` registers 100,000 trivial tests in 5,000 suites at start-up\n"
            "  (`testing::RegisterTest`). On SQLite, two workers, durations known from an earlier run: (h) the binary\n"
            "  alone, (hᵈ) under `dbtest --parallel 2`; the overhead per test (hᵈ − h) / 100,000; discovery and\n"
            "  planning, the `discovering` phase of the `Time:` line; and the master's peak resident memory\n"
            f"  (`VmHWM`, polled every 20 ms), each the median of {PROBED_RUNS} more runs.")


def summary_rows(r: Result) -> list[str]:
    rows = [("overhead per test at 100,000 tests, SQLite: (hᵈ − h) / 100,000", r.overhead_us, "µs",
             TARGET_OVERHEAD_US, f"≤ {TARGET_OVERHEAD_US:g} µs", r.overhead_us <= TARGET_OVERHEAD_US),
            ("discovery and planning of 100,000 tests", r.discovering_s, "s", TARGET_DISCOVERY_S,
             f"< {TARGET_DISCOVERY_S:g} s", r.discovering_s < TARGET_DISCOVERY_S),
            ("master's peak memory (VmHWM) at 100,000 tests", r.peak_mb, "MB", TARGET_PEAK_MB,
             f"< {TARGET_PEAK_MB:g} MB", r.peak_mb < TARGET_PEAK_MB)]
    if r.status:
        return [f"| {what} | not measured | {target} | — |" for what, _, _, _, target, _ in rows]
    return [f"| {what} | {value:.2f} {unit} | {target} | {verdict(met)} |" for what, value, unit, _, target, met in rows]


def raw_rows(r: Result) -> list[RawRow]:
    if r.status:
        return []
    return [RawRow(KEYS["alone"], LABELS["alone"], "100,000 trivial tests alone", "bench_100k_tests"),
            RawRow(KEYS["dbtest"], LABELS["dbtest"], "the same under dbtest",
                   f"dbtest --parallel {PARALLEL} -- bench_100k_tests")]


def missed(r: Result) -> bool:
    return (r.overhead_us > TARGET_OVERHEAD_US or r.discovering_s >= TARGET_DISCOVERY_S
            or r.peak_mb >= TARGET_PEAK_MB)


def notes_text(r: Result) -> str:
    if r.status:
        return paragraph(f"**100,000 tests: not measured.** {r.status}.")
    text = paragraph(
        f"**100,000 tests.** The overhead per test is {r.overhead_us:.2f} µs, discovery and planning take",
        f"{r.discovering_s:.3f} s and the master's memory peaks at {r.peak_mb:.1f} MB.")
    if r.overhead_us > TARGET_OVERHEAD_US:
        text += paragraph(
            f"The overhead target is missed for the same reasons as at 2,000 tests (see **What {TARGET_OVERHEAD_US:g} µs would",
            "take**): the cost is per test, and a larger suite does not spread it.")
    if r.peak_mb >= TARGET_PEAK_MB:
        text += paragraph(
            "The memory target is missed. What the master's heap holds at its peak (heaptrack, at the end of a",
            "run, about 54 MB of the peak): each result (`TestResult`, 264 bytes with its strings inline, kept",
            "for the summary, the JUnit report and the durations; 26 MB), the state folder's durations being",
            "brought up to date (a map keyed by binary and test name; 13.5 MB) and the run record (6 MB); the",
            "rest of the peak is the program, its libraries and the allocator's free pages. Under 50 MB needs",
            "results compacted to what the summary and reports need, with failures' details kept apart, and the",
            "durations merged into the file as a stream, sorted, instead of through a map.")
    return text


def run_part(bench: Bench) -> Part:
    result = Result("left out on request (`SKIP_SQLITE=1`)") if bench.settings.skip_sqlite else measure_scale(bench)
    return Part(status=result.status, intro=intro(), summary_rows=summary_rows(result), raw_rows=raw_rows(result),
                notes=notes_text(result), missed_target=not result.status and missed(result))


MISSING = Path("/nonexistent")


def binaries_in(build: Path) -> Binaries:
    return Binaries(dbtest=build / "runner" / "dbtest", trivial=MISSING, trivial_plain=MISSING, cpu=MISSING,
                    postgres_tests=MISSING, mysql_tests=MISSING, shop=MISSING, huge=build / "bench" / "bench_100k_tests")


def main(argv: list[str]) -> int:
    return run_part_alone(argv, __doc__, "dbtest-bench-scale.", binaries_in, run_part)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
