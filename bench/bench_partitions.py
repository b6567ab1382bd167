"""How evenly `--partition` cuts a suite with a skewed spread of durations:
a recorded durations file for the 2,000 trivial tests (bench_trivial_tests),
drawn from a log-normal spread with a tail of slow tests, as real suites
have, is split into 8 parts by each kind. dbtest itself makes the cut
(`dbtest --list --partition KIND:I/8 --durations-file F --dist test`); the
part's time is the sum of its listed tests' recorded durations. The target:
the longest `time` part within 10% of the ideal (the total / 8). Nothing
runs but the listing, so the figures are the same on every machine."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from bench_common import Bench, BenchError, run
from bench_report import Part, paragraph, verdict

PARTS = 8
TESTS = 2000
TARGET = 1.10  # the longest time part / the ideal
KINDS = ("time", "hash", "slice")
SEED = 20261205


@dataclass
class Cut:
    kind: str
    longest: float  # seconds in the longest part
    shortest: float
    counts: list[int]


def durations(names: list[str]) -> dict[str, float]:
    """Most tests quick, a few very slow: log-normal with a median of 50 ms,
    and one test in 40 a slow one of 2 to 20 s (a migration, an export)."""
    rng = random.Random(SEED)
    out = {}
    for name in names:
        seconds = rng.lognormvariate(-3.0, 1.0)
        if rng.random() < 1 / 40:
            seconds = rng.uniform(2.0, 20.0)
        out[name] = round(seconds, 4)
    return out


def listed(bench: Bench, args: list[str]) -> list[str]:
    result = run([bench.binaries.dbtest, "--list", *args, "--", bench.binaries.trivial])
    if result.returncode != 0:
        raise BenchError(f"dbtest --list {' '.join(args)} exited with {result.returncode}: {result.stderr.strip()}")
    return [line for line in result.stdout.splitlines() if line and not line.startswith("#")]


def run_part(bench: Bench) -> Part:
    state = ["--state-dir", str(bench.work / "partition-state")]
    names = listed(bench, state)
    if len(names) != TESTS:
        raise BenchError(f"bench_trivial_tests listed {len(names)} tests, not {TESTS}")
    seconds = durations(names)
    key = str(bench.binaries.trivial)
    file = bench.work / "partition-durations.json"
    file.write_text(json.dumps({"version": 1, "tests": {f"{key}::{n}": s for n, s in seconds.items()}}))
    total = sum(seconds.values())
    ideal = total / PARTS
    cuts = []
    for kind in KINDS:
        loads, counts, seen = [], [], []
        for i in range(1, PARTS + 1):
            # --durations-file merges the run's durations after a run; --list
            # runs nothing, so the file stays as written for every part.
            part = listed(bench, [*state, "--dist", "test", "--partition", f"{kind}:{i}/{PARTS}",
                                  "--durations-file", str(file)])
            loads.append(sum(seconds[n] for n in part))
            counts.append(len(part))
            seen.extend(part)
        if sorted(seen) != sorted(names):
            raise BenchError(f"the {kind} parts do not hold every test exactly once")
        cuts.append(Cut(kind, max(loads), min(loads), counts))
    time_cut = cuts[0]
    met = time_cut.longest <= ideal * TARGET
    rows = [f"| longest of 8 `{c.kind}` parts / ideal (total / 8), 2,000 tests, skewed durations | "
            f"{c.longest / ideal:.3f} | " + (f"≤ {TARGET:.2f} | {verdict(met)} |" if c.kind == "time" else "— | — |")
            for c in cuts]
    slowest = max(seconds.values())
    detail = "; ".join(f"`{c.kind}` {c.longest:.1f} s longest, {c.shortest:.1f} s shortest, "
                       f"{min(c.counts)}–{max(c.counts)} tests a part" for c in cuts)
    notes = paragraph(
        f"**Partitions.** The durations file: {TESTS} tests, {total:.1f} s in all, so the ideal part is",
        f"{ideal:.1f} s; the slowest test takes {slowest:.1f} s (seed {SEED}). {detail}. `time` sorts the tests",
        "longest first and gives each to the part with the least time so far; `hash` and `slice` know nothing",
        "of durations, so a part that draws several slow tests runs long. With `--dist suite` (the default)",
        "the units are whole suites, and no cut can beat the longest suite.")
    intro = ("- **Partitions.** A durations file for the 2,000 trivial tests with a skewed spread (log-normal,\n"
             "  one test in 40 taking 2–20 s), cut into 8 parts by `--partition time`, `hash` and `slice`\n"
             "  (`--dist test`); each part's time is the sum of its tests' recorded durations.")
    return Part(status="", intro=intro, summary_rows=rows, raw_rows=[], notes=notes, missed_target=not met)
