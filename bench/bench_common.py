"""What the benchmark's parts share: the settings and the run's context,
logging, commands run and checked, the run logs of `bench_commands.py
dbtest-run`, and the throwaway servers of ci/postgres-server.sh and
ci/mysql-server.sh."""

from __future__ import annotations

import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"

# The reference schema that both server parts generate and migrate.
REFERENCE_TABLES = 50
REFERENCE_FILES = 5
REFERENCE_ROWS = 1000


class BenchError(Exception):
    """A check or a measurement failed: it ends the part it happened in."""


def log(message: str) -> None:
    print(f"run_benchmarks: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Settings:
    build_dir: Path
    runs: int
    output: str  # a file, or "-" to print the report
    no_hyperfine: bool
    skip_build: bool
    idle_wait: int
    attempts: int
    skip_sqlite: bool
    skip_postgres: bool
    skip_mysql: bool


@dataclass(frozen=True)
class Binaries:
    dbtest: Path
    trivial: Path
    trivial_plain: Path  # the same tests, linked with GoogleTest's own main only
    cpu: Path
    postgres_tests: Path
    mysql_tests: Path
    shop: Path  # the shop example's suite, every engine of the build
    huge: Path = Path("/nonexistent")  # bench_100k_tests


@dataclass
class Measurement:
    wall: float  # seconds, the median of the timed runs
    cpu: float  # seconds of user + system time of the command and its children
    count: int  # timed runs
    other: int  # % of all CPUs that other processes used meanwhile
    tries: int = 1  # attempts made


@dataclass
class Bench:
    """One run of the benchmark: what every part measures with."""

    settings: Settings
    binaries: Binaries
    work: Path  # scratch files, removed at the end
    hyperfine: str | None  # hyperfine's version when it does the timing
    measurements: dict[str, Measurement] = field(default_factory=dict)
    # CPU ticks of the processes that are the benchmark's own but not its
    # children: a running throwaway server's.
    server_ticks: list[Callable[[], int]] = field(default_factory=list)


# ---------------------------------------------------------------- commands

def run(command: list[str | Path], *, env: Mapping[str, str] | None = None,
        input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Runs a command, its output captured (stdout, and stderr apart)."""
    return subprocess.run([str(part) for part in command], env=env, input=input,
                          capture_output=True, text=True)


def run_into(command: list[str | Path], output: Path, env: Mapping[str, str] | None = None) -> int:
    """Runs a command with its output (stdout and stderr) into a file; its exit status."""
    with output.open("w") as sink:
        return subprocess.run([str(part) for part in command], env=env, stdout=sink,
                              stderr=subprocess.STDOUT).returncode


def run_or_fail(command: list[str], failure: str, env: Mapping[str, str] | None = None) -> None:
    """Runs a command, its output shown; a failure ends the part."""
    if subprocess.run(command, env=env).returncode != 0:
        raise BenchError(failure)


def with_env(**values: str) -> dict[str, str]:
    """This process's environment with some variables set."""
    return {**os.environ, **values}


def expect_line(what: str, pattern: str, output: Path) -> None:
    """Every command is checked before it is timed: a fast wrong answer
    must not turn into a good number."""
    lines = output.read_text(errors="replace").splitlines()
    if not any(re.search(pattern, line) for line in lines):
        log(f"{what} did not print /{pattern}/; its output ends with:")
        sys.stderr.write("".join(line + "\n" for line in lines[-20:]))
        raise BenchError(f"{what} did not print /{pattern}/")


def last_line(output: Path) -> str:
    lines = output.read_text(errors="replace").splitlines()
    return lines[-1] if lines else ""


def shown(command: Iterable[str | Path]) -> str:
    return " ".join(str(part) for part in command)


def source_constant(relative_path: str, name: str) -> int | None:
    """A `NAME = 123;` constant of dbtest's sources: how many clones or
    connections dbtest uses at once, as the report explains it."""
    try:
        text = (ROOT / relative_path).read_text()
    except OSError:
        return None
    match = re.search(rf"{name} *= *([0-9]+);", text)
    return int(match.group(1)) if match else None


def median(values: Iterable[float]) -> float:
    return statistics.median(values)


def cpu_count() -> int:
    """As `nproc` counts them: the CPUs this process may run on."""
    return len(os.sched_getaffinity(0))


# ---------------------------------------------------------------- dbtest runs and their logs
# `bench_commands.py dbtest-run` runs dbtest once, checked, and appends a
# line of seconds to a log: these are its columns.
RUN_LOG_COLUMNS = ("wall", "disc", "mig", "clone", "run", "tear", "first", "ready", "clone_sum")


def timed_command(*args: str | int | Path) -> list[str]:
    """A command of bench_commands.py (-S: no site-packages to look through,
    a little less start-up in every timed run)."""
    return [sys.executable, "-S", str(BENCH_DIR / "bench_commands.py"), *map(str, args)]


def dbtest_run_command(log_file: Path, expect: str, tests: int, workers: int,
                       dbtest_command: list[str | Path]) -> list[str]:
    """The command that runs dbtest once, checked, and logs its times."""
    return timed_command("dbtest-run", log_file, expect, tests, workers, *dbtest_command)


def dbtest_run_checked(bench: Bench, log_name: str, expect: str, tests: int, workers: int,
                       dbtest_args: list[str | Path], failure: str,
                       env: Mapping[str, str] | None = None) -> None:
    """One dbtest run through dbtest-run, untimed: a check before the timed
    runs, or a run for what it logs."""
    log_file = bench.work / f"{log_name}.runs"
    command = dbtest_run_command(log_file, expect, tests, workers, [bench.binaries.dbtest, *dbtest_args])
    if subprocess.run(command, env=env).returncode != 0:
        raise BenchError(f"{failure}: {run_failure(log_file.with_name(log_file.name + '.failed'))}")


def dbtest_run_timed(bench: Bench, key: str, expect: str, tests: int, workers: int,
                     dbtest_args: list[str | Path]) -> list[str]:
    """The command that measure() times for KEY: it logs into WORK/KEY.runs."""
    return dbtest_run_command(bench.work / f"{key}.runs", expect, tests, workers,
                              [bench.binaries.dbtest, *dbtest_args])


def run_failure(failed_log: Path) -> str:
    """Why the last failed run that dbtest-run logged failed."""
    try:
        lines = failed_log.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    reasons = [line for line in lines if line.startswith(("dbtest_run:", "dbtest: error:"))]
    return " ".join(re.sub(r"; its output ends with:$", "", line) for line in reasons[-2:])


def read_run_log(log_file: Path) -> list[dict[str, float]]:
    """The timed runs of a log; its first line, the warm-up run, left out."""
    lines = log_file.read_text().splitlines() if log_file.exists() else []
    if not lines:
        raise BenchError(f"no runs of {log_file.stem} were logged")
    return [dict(zip(RUN_LOG_COLUMNS, map(float, line.split()))) for line in lines[1:]]


def run_log_medians(log_file: Path,
                    extra: Mapping[str, Callable[[dict[str, float]], float]] | None = None
                    ) -> dict[str, float]:
    """The number of timed runs ("n"), the median of every column, and the
    median of every extra column computed from a run's columns."""
    runs = read_run_log(log_file)
    medians: dict[str, float] = {"n": len(runs)}
    for column in RUN_LOG_COLUMNS:
        medians[column] = median(run[column] for run in runs)
    for name, compute in (extra or {}).items():
        medians[name] = median(compute(run) for run in runs)
    return medians


# ---------------------------------------------------------------- servers

@dataclass
class Server:
    """A throwaway server that ci/KIND-server.sh started in a folder of its own."""

    kind: str  # "postgres" or "mysql"
    dir: Path
    exports: dict[str, str]  # what the script printed to eval: DBTEST_TEST_*


class ServerNotStarted(Exception):
    """Why a part has no server: the report says so."""


# Short names, for the server's folder and the start-up log.
SERVER_SHORT_NAMES = {"postgres": "pg", "mysql": "my"}


def server_script(kind: str) -> Path:
    return ROOT / "ci" / f"{kind}-server.sh"


def start_server(bench: Bench, kind: str) -> Server:
    short = SERVER_SHORT_NAMES[kind]
    server_dir = Path(tempfile.mkdtemp(prefix=f"dbtest-{short}.", dir="/tmp"))
    server_log = bench.work / f"{short}-server.log"
    with server_log.open("w") as stderr:
        started = subprocess.run([str(server_script(kind)), "start", str(server_dir)],
                                 stdout=subprocess.PIPE, stderr=stderr, text=True)
    server = Server(kind, server_dir, {})
    if started.returncode != 0:
        said = server_log.read_text(errors="replace").splitlines()
        sys.stderr.write("".join(line + "\n" for line in said[-20:]))
        errors = [line for line in said if "error" in line]
        what = errors[-1].replace("|", "/").replace("`", "'") if errors else ""
        stop_server(server)
        raise ServerNotStarted(
            f"the throwaway server did not start: `ci/{kind}-server.sh start` said \"{what}\"")
    server.exports = parse_exports(started.stdout)
    return server


def parse_exports(text: str) -> dict[str, str]:
    """`export NAME=value` lines, their values quoted for the shell."""
    exports = {}
    for line in text.splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, value = words[1].split("=", 1)
            exports[name] = value
    return exports


def stop_server(server: Server) -> None:
    """Stopping the throwaway server removes it with whatever it holds."""
    stopped = subprocess.run([str(server_script(server.kind)), "stop", str(server.dir)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stopped.returncode != 0:
        log(f"warning: could not stop the server in {server.dir}")
