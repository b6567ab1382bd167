"""Where dbtest's time per test goes: a flat CPU profile (`perf record`) of
one run of the 2,000 trivial tests, every process, the symbols sorted into
what they do. Needs `perf` and the permission to use it; without them the
report says so."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SAMPLE_HZ = 20000

# Processes: the master is dbtest; the workers are the test binary.
MASTER = "the master (dbtest)"
WORKERS = "the test binary (its listing, the workers)"

# (what, pattern on "dso;symbol"), first match wins.
KINDS = [
    ("starting the process: the dynamic loader", r"^ld-linux|;_dl_|do_lookup_x|elf_machine"),
    ("the kernel: system calls, process start and exit, page faults", r"^\[kernel"),
    ("GoogleTest: running, filtering and reporting tests", r";testing::"),
    ("JSON of the channel and the journal, as text (base/json_text)", r"JsonReader|JsonWriter|json_text|append_quoted"),
    ("JSON through nlohmann (durations file, listing, other messages)", r"nlohmann"),
    ("the event loop and pipes (Boost.Asio)", r"boost::asio"),
    ("memory: malloc, free, new, delete", r";(malloc|free|cfree|_int_malloc|_int_free|malloc_consolidate|operator new|operator delete|__libc_malloc|__libc_free|unlink_chunk)"),
    ("strings and maps: compare, copy, hash", r";(__mem|__str|std::_Rb_tree|std::_Hashtable|std::__cxx11::basic_string|std::_Hash_bytes)"),
    ("dbtest's own code", r";dbtest::"),
]
OTHER = "everything else"


@dataclass
class ProfileLine:
    process: str
    kind: str
    us_per_test: float
    share: float  # of all samples


def kind_of(dso: str, symbol: str) -> str:
    key = f"{dso};{symbol}"
    for kind, pattern in KINDS:
        if re.search(pattern, key):
            return kind
    return OTHER


def profile(command: list[str], work: Path, tests: int, worker_comm: str) -> list[ProfileLine] | None:
    """Runs COMMAND under `perf record` and sorts its samples; None when perf
    is missing or may not record."""
    if not shutil.which("perf"):
        return None
    data = work / "perf.data"
    recorded = subprocess.run(["perf", "record", "-q", "-F", str(SAMPLE_HZ), "-o", str(data), "--", *command],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if recorded.returncode != 0:
        return None
    report = subprocess.run(["perf", "report", "-i", str(data), "--stdio", "--no-children", "-n",
                             "-s", "comm,dso,sym", "-g", "none", "-t", ";"],
                            capture_output=True, text=True, errors="replace")
    if report.returncode != 0:
        return None
    samples: dict[tuple[str, str], int] = {}
    total = 0
    for line in report.stdout.splitlines():
        fields = [field.strip() for field in line.split(";")]
        # percent; samples; comm; dso; symbol
        if line.startswith("#") or len(fields) < 5 or not fields[1].isdigit():
            continue
        count, comm, dso, symbol = int(fields[1]), fields[2], fields[3], ";".join(fields[4:])
        if comm == "dbtest":
            process = MASTER
        elif worker_comm.startswith(comm) or comm.startswith(worker_comm[:15]):
            process = WORKERS
        else:
            continue  # perf itself, and whatever else ran meanwhile
        key = (process, kind_of(dso, symbol.removeprefix("[.] ").removeprefix("[k] ")))
        samples[key] = samples.get(key, 0) + count
        total += count
    if not total:
        return None
    us_per_sample = 1e6 / SAMPLE_HZ
    lines = [ProfileLine(process, kind, count * us_per_sample / tests, count / total)
             for (process, kind), count in samples.items()]
    lines.sort(key=lambda l: (l.process != MASTER, -l.us_per_test))
    return lines


def profile_table(lines: list[ProfileLine]) -> str:
    rows = ["| Process | What | CPU per test | Share of the run's CPU |", "| --- | --- | ---: | ---: |"]
    for process in (MASTER, WORKERS):
        mine = [l for l in lines if l.process == process]
        rows += [f"| {process} | {l.kind} | {l.us_per_test:.1f} µs | {l.share:.0%} |" for l in mine]
        rows.append(f"| {process} | **all** | **{sum(l.us_per_test for l in mine):.1f} µs** | "
                    f"**{sum(l.share for l in mine):.0%}** |")
    return "\n".join(rows)
