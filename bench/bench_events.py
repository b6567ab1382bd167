"""What `--events` and `--trace` cost per test: bench_trivial_tests (2,000
trivial tests) on SQLite, two workers, (v) without either, (vₑ) with
`--events` and (vₜ) with `--trace`; the difference divided by the number of
tests. Each run writes its file into the benchmark's scratch folder.

Alone, for a look at this part without the rest of the benchmark:

    python3 bench/bench_events.py BUILD_DIR   # RUNS, IDLE_WAIT, ATTEMPTS as for run_benchmarks.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench_common import Bench, BenchError, Binaries
from bench_report import Part, RawRow, paragraph, run_part_alone, verdict
from bench_sqlite import PARALLEL, TRIVIAL_TESTS, check_dbtest
from bench_timing import measure

TARGET_MS = 0.1  # per test, for either output
KEYS = {"off": "events_off", "events": "events_on", "trace": "trace_on"}
LABELS = {"off": "v", "events": "vₑ", "trace": "vₜ"}


@dataclass
class Result:
    status: str  # why it was not measured; "" when it was
    events_ms: float = 0.0
    trace_ms: float = 0.0
    lines: int = 0  # lines of one --events file
    trace_bytes: int = 0


def base_args(bench: Bench) -> list[str]:
    return ["--parallel", str(PARALLEL), "--state-dir", str(bench.work / "events-state")]


def output_args(bench: Bench, kind: str) -> list[str]:
    if kind == "events":
        return ["--events", str(bench.work / "events.ndjson")]
    if kind == "trace":
        return ["--trace", str(bench.work / "trace.json")]
    return []


def check_outputs(bench: Bench) -> tuple[int, int]:
    """The files of the checked runs hold every test: one test_finished line
    each, one trace slice each. Their line count and the trace's size."""
    lines = (bench.work / "events.ndjson").read_text().splitlines()
    finished = sum(1 for line in lines if json.loads(line)["event"] == "test_finished")
    if finished != TRIVIAL_TESTS:
        raise BenchError(f"--events held {finished} test_finished lines, not {TRIVIAL_TESTS}")
    trace_file = bench.work / "trace.json"
    trace = json.loads(trace_file.read_text())
    slices = sum(1 for e in trace["traceEvents"] if e.get("ph") == "X" and e.get("cat") == "test")
    if slices != TRIVIAL_TESTS:
        raise BenchError(f"--trace held {slices} test slices, not {TRIVIAL_TESTS}")
    return len(lines), trace_file.stat().st_size


def measure_outputs(bench: Bench) -> Result:
    dbtest, trivial = str(bench.binaries.dbtest), str(bench.binaries.trivial)
    commands = {kind: [*base_args(bench), *output_args(bench, kind), "--", trivial] for kind in KEYS}
    for args in commands.values():
        check_dbtest(bench, TRIVIAL_TESTS, args)
    lines, trace_bytes = check_outputs(bench)
    walls = {kind: measure(bench, KEYS[kind], [dbtest, *args]).wall for kind, args in commands.items()}
    per_test = {kind: (walls[kind] - walls["off"]) / TRIVIAL_TESTS * 1000 for kind in ("events", "trace")}
    return Result("", per_test["events"], per_test["trace"], lines, trace_bytes)


def intro() -> str:
    return ("- **`--events`, `--trace`.** bench_trivial_tests (2,000 trivial tests) on SQLite, two workers: (v) as it\n"
            "  is, (vₑ) with `--events` and (vₜ) with `--trace`. The cost per test is (vₑ − v) / 2,000 and\n"
            "  (vₜ − v) / 2,000.")


def summary_rows(r: Result) -> list[str]:
    rows = []
    for kind, cost in (("events", r.events_ms), ("trace", r.trace_ms)):
        what = f"`--{kind}` cost per test, SQLite: ({LABELS[kind]} − v) / {TRIVIAL_TESTS}"
        if r.status:
            rows.append(f"| {what} | not measured | < {TARGET_MS:g} ms | — |")
        else:
            rows.append(f"| {what} | {cost:.4f} ms | < {TARGET_MS:g} ms | {verdict(cost < TARGET_MS)} |")
    return rows


def raw_rows(r: Result) -> list[RawRow]:
    if r.status:
        return []
    command = f"dbtest --parallel {PARALLEL}"
    return [RawRow(KEYS["off"], LABELS["off"], "2,000 trivial tests", f"{command} -- bench_trivial_tests"),
            RawRow(KEYS["events"], LABELS["events"], "the same with `--events`",
                   f"{command} --events FILE -- bench_trivial_tests"),
            RawRow(KEYS["trace"], LABELS["trace"], "the same with `--trace`",
                   f"{command} --trace FILE -- bench_trivial_tests")]


def notes_text(r: Result) -> str:
    if r.status:
        return paragraph(f"**`--events`, `--trace`: not measured.** {r.status}.")
    return paragraph(
        f"**`--events`, `--trace`.** `--events` costs {r.events_ms:.4f} ms per test and `--trace`",
        f"{r.trace_ms:.4f} ms, on two workers. The event stream of a run of the 2,000 tests has {r.lines:,} lines,",
        "each written and flushed as it happens; the trace, written once at the end, is",
        f"{r.trace_bytes / 1e6:.1f} MB. A difference at or below zero is below the noise of the runs.")


def run_part(bench: Bench) -> Part:
    result = Result("left out on request (`SKIP_SQLITE=1`)") if bench.settings.skip_sqlite else measure_outputs(bench)
    return Part(status=result.status, intro=intro(), summary_rows=summary_rows(result), raw_rows=raw_rows(result),
                notes=notes_text(result),
                missed_target=not result.status and max(result.events_ms, result.trace_ms) >= TARGET_MS)


MISSING = Path("/nonexistent")


def binaries_in(build: Path) -> Binaries:
    return Binaries(dbtest=build / "runner" / "dbtest", trivial=build / "bench" / "bench_trivial_tests",
                    trivial_plain=MISSING, cpu=MISSING, postgres_tests=MISSING, mysql_tests=MISSING, shop=MISSING)


def main(argv: list[str]) -> int:
    return run_part_alone(argv, __doc__, "dbtest-bench-events.", binaries_in, run_part)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
