"""Timing a command: with hyperfine, or with the script's own timer where
there is none; waiting for the machine to be idle first; and taking a
measurement again when other work disturbed it."""

from __future__ import annotations

import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import time
from typing import Mapping, NoReturn

from bench_common import Bench, BenchError, Measurement, log, median, run_failure, shown

IDLE_BUSY_PERCENT = 25  # the machine counts as idle under this
DISTURBED_PERCENT = 10  # a measurement beside more other work is taken again
MIN_SECONDS = 3  # timed runs last at least this long in all, as with hyperfine
MAX_RUNS = 1000


def hyperfine_version(no_hyperfine: bool) -> str | None:
    """hyperfine's version, when it is installed and not turned off."""
    if no_hyperfine or not shutil.which("hyperfine"):
        return None
    said = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.split()
    return said[1] if len(said) > 1 else "unknown"


def timer_description(bench: Bench) -> str:
    runs = bench.settings.runs
    how = f"1 warm-up run, then at least {runs} timed runs and at least {MIN_SECONDS} s of them; the median"
    if bench.hyperfine:
        return f"hyperfine {bench.hyperfine} (--shell=none, {how})"
    return f"Python's perf_counter and getrusage ({how})"


def cpu_time_statistic(bench: Bench) -> str:
    return "hyperfine reports the mean of the runs" if bench.hyperfine else "the median of the runs"


# ---------------------------------------------------------------- CPU use

def cpu_jiffies() -> tuple[int, int]:
    """Busy and total jiffies of all CPUs since boot."""
    with open("/proc/stat") as stat:
        for line in stat:
            if line.startswith("cpu "):
                user, nice, system, idle, iowait, irq, softirq, steal = map(int, line.split()[1:9])
                return user + nice + system + irq + softirq + steal, \
                    user + nice + system + idle + iowait + irq + softirq + steal
    raise BenchError("/proc/stat has no cpu line")


def busy_percent(busy: int, total: int) -> float:
    return busy * 100 / (total if total > 0 else 1)


def process_stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name: [0] is field 3
    (state), [1] the ppid, [11:13] utime and stime, [13:15] cutime and cstime."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(") ")[2].split()
    except OSError:
        return None


def own_children_ticks() -> int:
    """CPU ticks of this process's waited-for children (hyperfine, or the
    timed commands, and everything they waited for)."""
    fields = process_stat("self")
    return int(fields[13]) + int(fields[14]) if fields else 0


def process_ticks(pid: int) -> int:
    """CPU ticks of one process (a MariaDB server: its threads, live and gone, count in it)."""
    fields = process_stat(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0


def process_tree_ticks(pid: int) -> int:
    """CPU ticks of a PostgreSQL postmaster, the backends it reaped and the
    processes it still has."""
    ticks = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        fields = process_stat(name)
        if not fields:
            continue
        if int(name) == pid:
            ticks += sum(int(value) for value in fields[11:15])
        elif int(fields[1]) == pid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks


def benchmark_ticks(bench: Bench) -> int:
    """CPU ticks used so far by the benchmark's own processes."""
    return own_children_ticks() + sum(ticks() for ticks in bench.server_ticks)


def wait_for_idle(idle_wait: int) -> None:
    """Waits up to IDLE_WAIT seconds for the machine to be mostly idle
    (under 25 % of all CPUs busy over a second), so that other work does not
    skew a measurement."""
    deadline = time.monotonic() + idle_wait
    while True:
        busy0, total0 = cpu_jiffies()
        time.sleep(1)
        busy1, total1 = cpu_jiffies()
        busy = round_half_even(busy_percent(busy1 - busy0, total1 - total0))
        if busy < IDLE_BUSY_PERCENT:
            return
        if time.monotonic() >= deadline:
            log(f"the machine is still {busy} % busy with other work; measuring anyway")
            return


def round_half_even(value: float) -> int:
    return int(f"{value:.0f}")


# ---------------------------------------------------------------- measuring

def measure(bench: Bench, key: str, command: list[str], *, prepare: list[str] | None = None,
            env: Mapping[str, str] | None = None) -> Measurement:
    """Times COMMAND (PREPARE before every run, untimed) into
    bench.measurements[KEY]. When other work took over 10 % of the machine,
    the measurement is taken again (ATTEMPTS in all at most) and the least
    disturbed attempt is kept. A command that logs each of its runs into
    WORK/KEY.runs (`bench_commands.py dbtest-run`) keeps there the log of that attempt."""
    runs_log = bench.work / f"{key}.runs"
    best: Measurement | None = None
    best_attempt = attempt = 0
    for attempt in range(1, bench.settings.attempts + 1):
        wait_for_idle(bench.settings.idle_wait)
        log(f"timing {key} (attempt {attempt}): {shown(command)}")
        runs_log.unlink(missing_ok=True)
        measured = measure_once(bench, key, command, prepare, env)
        if runs_log.exists():
            runs_log.rename(runs_log.with_name(f"{key}.runs.{attempt}"))
        log(f"{key} attempt {attempt}: median {measured.wall:.6f} s, other processes {measured.other} % of the CPUs")
        if best is None or measured.other < best.other:
            best, best_attempt = measured, attempt
        if best.other <= DISTURBED_PERCENT:
            break
    assert best is not None
    best.tries = attempt
    kept_log = runs_log.with_name(f"{key}.runs.{best_attempt}")
    if kept_log.exists():
        shutil.copyfile(kept_log, runs_log)
    bench.measurements[key] = best
    return best


def measure_once(bench: Bench, key: str, command: list[str], prepare: list[str] | None,
                 env: Mapping[str, str] | None) -> Measurement:
    """One attempt at a measurement, with the share of all CPUs that
    anything but the benchmark's processes used meanwhile."""
    busy0, total0 = cpu_jiffies()
    ticks0 = benchmark_ticks(bench)
    if bench.hyperfine:
        wall, cpu, count = time_with_hyperfine(bench, key, command, prepare, env)
    else:
        wall, cpu, count = time_by_hand(bench, key, command, prepare, env)
    ticks1 = benchmark_ticks(bench)
    busy1, total1 = cpu_jiffies()
    other = busy_percent((busy1 - busy0) - (ticks1 - ticks0), total1 - total0)
    return Measurement(wall, cpu, count, round_half_even(max(other, 0)))


def time_with_hyperfine(bench: Bench, key: str, command: list[str], prepare: list[str] | None,
                        env: Mapping[str, str] | None) -> tuple[float, float, int]:
    results = bench.work / f"{key}.json"
    errors = bench.work / f"{key}.hyperfine.err"
    hyperfine = ["hyperfine", "--shell=none"]
    if prepare:
        hyperfine += ["--prepare", shlex.join(prepare)]
    hyperfine += ["--warmup", "1", "--min-runs", str(bench.settings.runs), "--style", "none",
                  "--export-json", str(results), "--", shlex.join(command)]
    with errors.open("w") as stderr:
        finished = subprocess.run(hyperfine, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    if finished.returncode != 0:
        sys.stderr.write(errors.read_text(errors="replace"))
        measure_failed(bench, key, f"hyperfine failed on: {shown(command)}")
    result = json.loads(results.read_text())["results"][0]
    return result["median"], result["user"] + result["system"], len(result["times"])


def time_by_hand(bench: Bench, key: str, command: list[str], prepare: list[str] | None,
                 env: Mapping[str, str] | None) -> tuple[float, float, int]:
    """Like hyperfine: one warm-up run, then at least RUNS runs and at least
    3 seconds of them."""
    start = time.monotonic()
    run_prepared(bench, key, command, prepare, env)  # the warm-up
    walls: list[float] = []
    cpus: list[float] = []
    while len(walls) < bench.settings.runs or (time.monotonic() - start < MIN_SECONDS and len(walls) < MAX_RUNS):
        wall, cpu = run_prepared(bench, key, command, prepare, env)
        walls.append(wall)
        cpus.append(cpu)
    return median(walls), median(cpus), len(walls)


def run_prepared(bench: Bench, key: str, command: list[str], prepare: list[str] | None,
                 env: Mapping[str, str] | None) -> tuple[float, float]:
    """One run of COMMAND after PREPARE: its wall and CPU seconds."""
    if prepare and subprocess.run(prepare, env=env).returncode != 0:
        measure_failed(bench, key, f"failed: {shown(prepare)}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    finished = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0:
        measure_failed(bench, key, f"failed: {shown(command)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure_failed(bench: Bench, key: str, message: str) -> NoReturn:
    """Ends the part when a timed command failed; a command that logs its
    runs said why in KEY.runs.failed."""
    log(message)
    failed_log = bench.work / f"{key}.runs.failed"
    if failed_log.exists():
        raise BenchError(f"{key}: {run_failure(failed_log)}")
    raise BenchError(f"{key} failed")
