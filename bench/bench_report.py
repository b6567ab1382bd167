"""Rendering docs/benchmarks.md: how numbers are written, what each part
hands the report, the tables, the machine table, and the report itself."""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench_common import ROOT, Bench, BenchError, Binaries, Settings, cpu_count, log
from bench_timing import DISTURBED_PERCENT, cpu_time_statistic, hyperfine_version, timer_description


# ---------------------------------------------------------------- numbers
# Derived numbers are rounded where the report shows them, and compared
# (with targets, in the notes) as shown.

def rounded(value: float, places: int) -> float:
    return float(f"{value:.{places}f}")


def ratio(numerator: float, denominator: float) -> float:
    return rounded(numerator / denominator, 2)


def seconds(value: float) -> str:
    return f"{value:.3f}"


def thousands(number: int) -> str:
    return f"{number:,}"


def times_faster(fraction: float) -> str:
    """0.52 -> "0.52 (1.9× faster)"."""
    return f"{fraction:.2f} ({1 / fraction:.1f}× faster)"


def verdict(met: bool) -> str:
    return "met" if met else "**NOT met**"


def paragraph(*lines: str) -> str:
    """Lines of text, then the blank line that ends a paragraph."""
    return "".join(line + "\n" for line in lines) + "\n"


# ---------------------------------------------------------------- parts

@dataclass
class RawRow:
    """A measurement's row in the raw timings."""

    key: str
    label: str  # a, b, p, ...
    what: str
    command: str


@dataclass
class Part:
    """What one part (SQLite, PostgreSQL, MySQL) gives the report."""

    status: str  # why it was not measured; "" when it was
    intro: str  # its items in the list of what is measured
    summary_rows: list[str]
    raw_rows: list[RawRow]
    notes: str  # paragraphs, each ending with a blank line
    missed_target: bool = False
    machine_row: str = ""  # a server part: its server's row
    section: str = ""  # a server part: the body of its section
    breakdown: list[str] = field(default_factory=list)  # dbtest's Time: lines


# ---------------------------------------------------------------- tables

def summary_table(parts: list[Part]) -> str:
    rows = ["| Measurement | Result | Target | Verdict |", "| --- | ---: | ---: | --- |"]
    for part in parts:
        rows += part.summary_rows
    return "\n".join(rows)


def raw_table(bench: Bench, parts: list[Part]) -> str:
    rows = ["| | Run | Command | Runs | Wall time (median) | CPU time (user + sys) | Other processes' CPU use | Attempts |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for part in parts:
        for row in part.raw_rows:
            m = bench.measurements[row.key]
            rows.append(f"| {row.label} | {row.what} | {row.command} | {m.count} | {seconds(m.wall)} s "
                        f"| {seconds(m.cpu)} s | {m.other} % | {m.tries} |")
    return "\n".join(rows)


def disturbed_note(bench: Bench, parts: list[Part]) -> str:
    disturbed = [f"{row.label} ({bench.measurements[row.key].other} %)"
                 for part in parts for row in part.raw_rows
                 if bench.measurements[row.key].other > DISTURBED_PERCENT]
    if not disturbed:
        return ""
    return paragraph(
        f"The machine was not idle. Even the least disturbed of {bench.settings.attempts} attempts ran beside other work using",
        f"over 10 % of all CPUs for {', '.join(disturbed)}. Such a run is slower than it would be on an idle machine;",
        "where it is a baseline (a, a′, c, aᵖ, cᵖ, d, f, q, q₁, u, u∥, r) that flatters dbtest, where it is a dbtest run",
        "it penalises it.",
        "CPU times are less affected than wall times.")


def notes(bench: Bench, parts: list[Part]) -> str:
    text = "".join(part.notes for part in parts)
    measured = [part for part in parts if not part.status]
    if measured and not any(part.missed_target for part in measured):
        text += paragraph("Every target measured on this run was met.")
    return text + disturbed_note(bench, parts)


# ---------------------------------------------------------------- machine

def cmake_cache_value(build_dir: Path, name: str) -> str:
    try:
        text = (build_dir / "CMakeCache.txt").read_text()
    except OSError:
        return ""
    match = re.search(rf"^{name}:[A-Z]*=(.*)$", text, re.MULTILINE)
    return match.group(1) if match else ""


def first_line_of(command: list[str]) -> str:
    try:
        said = subprocess.run(command, capture_output=True, text=True).stdout
    except OSError:
        return ""
    return said.splitlines()[0] if said.strip() else ""


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def memory() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal"):
                    return f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def os_name() -> str:
    try:
        return platform.freedesktop_os_release()["PRETTY_NAME"]
    except (OSError, KeyError):
        return platform.system()


def filesystem_type(folder: str) -> str:
    said = subprocess.run(["df", "-T", folder], capture_output=True, text=True).stdout.splitlines()
    return said[1].split()[1] if len(said) > 1 and len(said[1].split()) > 1 else "unknown"


def revision() -> str:
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return "unknown"
    # The benchmark's own files and its report may change without changing what is measured.
    status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", ".", ":!bench", ":!docs"],
                            capture_output=True, text=True).stdout
    return head.stdout.strip() + (", with uncommitted changes" if status.strip() else "")


def machine_table(bench: Bench, postgres: Part, mysql: Part) -> str:
    build_dir = bench.settings.build_dir
    compiler = cmake_cache_value(build_dir, "CMAKE_CXX_COMPILER") or "c++"
    build_type = cmake_cache_value(build_dir, "CMAKE_BUILD_TYPE") or "unknown"
    tmp = os.environ.get("TMPDIR") or "/tmp"
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        "| | |",
        "| --- | --- |",
        f"| CPUs (`nproc`) | {cpu_count()} |",
        f"| CPU model | {cpu_model()} |",
        f"| Memory | {memory()} |",
        f"| OS | {os_name()}, Linux {platform.release()} |",
        f"| Compiler | {first_line_of([compiler, '--version']) or 'unknown'} |",
        f"| Build | {build_type} build; {first_line_of(['cmake', '--version'])} |",
        f"| dbtest revision | {revision()} |",
        f"| Temporary directory | {tmp} ({filesystem_type(tmp)}); dbtest keeps its scratch files there |",
        f"| PostgreSQL | {postgres.machine_row} |",
        f"| MySQL | {mysql.machine_row} |",
        f"| Date | {date} |",
    ])


# ---------------------------------------------------------------- report

def report(bench: Bench, sqlite: Part, postgres: Part, mysql: Part, *others: Part) -> str:
    """The whole report; `others` are the parts measured beside the three engines' (--check-clean, ...)."""
    parts = [sqlite, postgres, mysql, *others]
    other_intros = "\n".join(part.intro for part in others)
    settings = bench.settings
    breakdown = "\n".join(sqlite.breakdown)
    # Each piece ends where the template's next line begins.
    postgres_section = postgres.section.rstrip("\n")
    mysql_section = mysql.section.rstrip("\n")
    notes_text = notes(bench, parts).rstrip("\n")
    return f"""# Benchmarks

<!-- Generated by bench/run_benchmarks.py, which rewrites the whole file; do not edit by hand. -->

What is measured, on the six suites in `bench/` and the shop example's (all but
`bench_trivial_tests_plain` link `dbtest::fixtures` and `dbtest::gtest_main`, the server suites also
`dbtest::postgres` or `dbtest::mysql`; `bench_trivial_tests_plain` links GoogleTest's own
`GTest::gtest_main` only):

{sqlite.intro}
{postgres.intro}
{mysql.intro}
{other_intros}

Every command is first run once and checked (every test passed; dbtest's last line is
`N passed, 0 failed, 0 skipped`), then timed with
{timer_description(bench)}.
The wall time's median is the headline. CPU time is user + system of the command and every process
it waited for ({cpu_time_statistic(bench)}). dbtest keeps one state directory per measurement, so after the
warm-up run it schedules with known durations, as on a developer's second run; b₀ uses an empty
one every time.
Before each measurement the script waits up to {settings.idle_wait} s for the machine to be under 25 % busy.
"Other processes' CPU use" is the share of all CPUs that anything but the benchmark used while a
measurement ran; when it was over 10 %, the measurement was taken again (up to {settings.attempts} attempts in
all) and the least disturbed attempt is the one shown.

## Machine

{machine_table(bench, postgres, mysql)}

## Results

{summary_table(parts)}

## Raw timings

{raw_table(bench, parts)}

dbtest's own phase timings (its `Time:` line) in the checked runs:

{breakdown}

## PostgreSQL set-up

{postgres_section}

## MySQL set-up

{mysql_section}

## Notes

{notes_text}

Regenerate with `bench/run_benchmarks.py [BUILD_DIR]` (`RUNS=N` for more repetitions; see the
script's header for the other settings).
"""


def run_part_alone(argv: list[str], usage: str, prefix: str, binaries: Callable[[Path], Binaries],
                   run_part: Callable[[Bench], Part]) -> int:
    """One part of the benchmark alone, on the binaries of an existing build
    (argv[1]); prints its rows. RUNS, IDLE_WAIT and ATTEMPTS as for run_benchmarks.py."""
    if len(argv) != 2:
        print(usage, file=sys.stderr)
        return 2
    build = Path(argv[1]).absolute()
    settings = Settings(build_dir=build, runs=int(os.environ.get("RUNS", "5")), output="-", no_hyperfine=False,
                        skip_build=True, idle_wait=int(os.environ.get("IDLE_WAIT", "10")),
                        attempts=int(os.environ.get("ATTEMPTS", "3")),
                        skip_sqlite=False, skip_postgres=True, skip_mysql=True)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        bench = Bench(settings, binaries(build), work, hyperfine_version(settings.no_hyperfine))
        part = run_part(bench)
    except BenchError as error:
        log(f"error: {error}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(part.summary_rows))
    for row in part.raw_rows:
        m = bench.measurements[row.key]
        print(f"{row.label}: {m.wall:.4f} s wall, {m.cpu:.4f} s CPU, {m.count} runs, other processes {m.other} %")
    print(part.notes)
    return 0
