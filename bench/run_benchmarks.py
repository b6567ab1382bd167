#!/usr/bin/env python3
"""Measures dbtest's runner overhead and parallel efficiency on this machine,
and how it runs a plain GoogleTest binary (bench_sqlite.py), the set-up of a PostgreSQL run against migrating every
database separately (bench_postgres.py), and the copies of a MySQL run
against mysqldump | mysql (bench_mysql.py), and writes docs/benchmarks.md
(the whole file, every time).

    bench/run_benchmarks.py [BUILD_DIR]

BUILD_DIR (argument, or environment BUILD_DIR; default build-bench in the
source tree) is configured as a Release build when it has no CMakeCache.txt
yet; the six targets the benchmark needs are then built in it.

The PostgreSQL part starts a throwaway PostgreSQL 15 server of its own
(ci/postgres-server.sh, in a folder under /tmp) and stops it when it is
done or the script exits. Without postgresql-15 installed it is skipped,
and the report says so; the SQLite part runs all the same. The MySQL part
does the same with a throwaway MariaDB server (ci/mysql-server.sh), and is
skipped without mariadb-server.

The --check-clean part (bench_check_clean.py) runs the shop example's suite
with and without --check-clean on each engine, on throwaway servers of its
own; the --isolation part (bench_isolation.py) runs it with --isolation
worker and --isolation test on each engine, and sets a server's throughput
against its clone rate. The --events part (bench_events.py) runs the 2,000 trivial tests on
SQLite with neither, with --events and with --trace.

Environment:
  RUNS=5          the least number of timed runs of a measurement, which
                  also lasts at least 3 s (the median is reported); one
                  untimed warm-up run comes first
  OUTPUT=FILE     where the report goes (default docs/benchmarks.md);
                  OUTPUT=- prints it (the whole report) instead
  NO_HYPERFINE=1  time with the script's own timer even when hyperfine is installed
  SKIP_BUILD=1    use the binaries in BUILD_DIR as they are
  IDLE_WAIT=120   seconds to wait, before each measurement, for other work on
                  the machine to calm down (0: do not wait beyond the one
                  second it takes to look)
  ATTEMPTS=3      measurements disturbed by other work (over 10 % of the
                  CPUs) are taken again, up to this many times in all; the
                  least disturbed attempt is reported
  SKIP_POSTGRES=1 leave the PostgreSQL part out (the report says so)
  SKIP_MYSQL=1    leave the MySQL part out (the report says so)
  SKIP_SQLITE=1   leave the SQLite part (runner overhead, parallel
                  efficiency) out: for working on the server parts, e.g.
                  SKIP_SQLITE=1 SKIP_POSTGRES=1 for the MySQL part alone. The
                  report is then only printed, unless OUTPUT names a file:
                  docs/benchmarks.md holds one full run, every row from it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import bench_check_clean
import bench_isolation
import bench_partitions
import bench_events
import bench_mysql
import bench_postgres
import bench_scale
import bench_sqlite
from bench_common import ROOT, Bench, BenchError, Binaries, Settings, log
from bench_report import cmake_cache_value, raw_table, report, summary_table
from bench_timing import hyperfine_version

TARGETS = ("dbtest", "bench_trivial_tests", "bench_trivial_tests_plain", "bench_cpu_tests", "bench_postgres_tests",
           "bench_mysql_tests", "shop_tests", "bench_100k_tests")


def needed_targets(settings: Settings) -> list[str]:
    """The server parts' suites only for the parts that run: a build without
    an engine has no suite for it."""
    skipped = {"bench_postgres_tests": settings.skip_postgres, "bench_mysql_tests": settings.skip_mysql}
    return [target for target in TARGETS if not skipped.get(target, False)]


def whole_number(name: str, default: str, least: int) -> int:
    text = os.environ.get(name) or default
    if not text.isdigit() or int(text) < least:
        if least == 0:
            raise BenchError(f"{name} must be a whole number of seconds, not '{text}'")
        raise BenchError(f"{name} must be a whole number of at least {least}, not '{text}'")
    return int(text)


def read_settings(argv: list[str]) -> Settings:
    env = os.environ
    build_dir = Path(argv[1] if len(argv) > 1 and argv[1] else env.get("BUILD_DIR") or ROOT / "build-bench")
    skip_sqlite = env.get("SKIP_SQLITE") == "1"
    output = env.get("OUTPUT") or str(ROOT / "docs" / "benchmarks.md")
    if skip_sqlite and not env.get("OUTPUT"):
        output = "-"  # a partial run does not overwrite the report of a full one
    return Settings(
        build_dir=build_dir.absolute(),
        runs=whole_number("RUNS", "5", 1),
        output=output,
        no_hyperfine=env.get("NO_HYPERFINE") == "1",
        skip_build=env.get("SKIP_BUILD") == "1",
        idle_wait=whole_number("IDLE_WAIT", "120", 0),
        attempts=whole_number("ATTEMPTS", "3", 1),
        skip_sqlite=skip_sqlite,
        skip_postgres=env.get("SKIP_POSTGRES") == "1",
        skip_mysql=env.get("SKIP_MYSQL") == "1")


def cmake(args: list[str], what: str) -> None:
    # cmake's output goes to stderr: stdout is for the report's tables.
    if subprocess.run(["cmake", *args], stdout=sys.stderr).returncode != 0:
        raise BenchError(f"{what} failed")


def build(build_dir: Path, targets: list[str]) -> None:
    if not (build_dir / "CMakeCache.txt").exists():
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        log(f"configuring {build_dir} (Release)")
        cmake(["-S", str(ROOT), "-B", str(build_dir), *generator, "-DCMAKE_BUILD_TYPE=Release",
               "-DDBTEST_BUILD_EXAMPLES=ON", "-DDBTEST_BUILD_TESTS=OFF", "-DDBTEST_BUILD_BENCH=ON"],
              f"configuring {build_dir}")
    if cmake_cache_value(build_dir, "DBTEST_BUILD_BENCH") == "OFF":
        raise BenchError(f"{build_dir} was configured with -DDBTEST_BUILD_BENCH=OFF; configure it with ON, "
                         "or use another build dir")
    if cmake_cache_value(build_dir, "DBTEST_BUILD_EXAMPLES") == "OFF":
        raise BenchError(f"{build_dir} was configured with -DDBTEST_BUILD_EXAMPLES=OFF (the --check-clean part runs "
                         "the shop example); configure it with ON, or use another build dir")
    log(f"building {', '.join(targets)} in {build_dir}")
    cmake(["--build", str(build_dir), "--target", *targets], f"building in {build_dir}")


def find_binaries(build_dir: Path, targets: list[str]) -> Binaries:
    binaries = Binaries(dbtest=build_dir / "runner" / "dbtest",
                        trivial=build_dir / "bench" / "bench_trivial_tests",
                        trivial_plain=build_dir / "bench" / "bench_trivial_tests_plain",
                        cpu=build_dir / "bench" / "bench_cpu_tests",
                        postgres_tests=build_dir / "bench" / "bench_postgres_tests",
                        mysql_tests=build_dir / "bench" / "bench_mysql_tests",
                        shop=build_dir / "examples" / "shop" / "shop_tests",
                        huge=build_dir / "bench" / "bench_100k_tests")
    for binary in vars(binaries).values():
        if binary.name in TARGETS and binary.name not in targets:
            continue
        if not os.access(binary, os.X_OK):
            raise BenchError(f"{binary} is missing; build it first, or drop SKIP_BUILD")
    return binaries


def write_report(text: str, output: Path) -> None:
    """Whole or not at all: a report cut short by an error is not left behind."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f"{output.name}.tmp.{os.getpid()}")
    partial.write_text(text)
    partial.replace(output)
    log(f"wrote {output}")


def run_benchmarks(settings: Settings) -> None:
    if not settings.skip_build:
        build(settings.build_dir, needed_targets(settings))
    binaries = find_binaries(settings.build_dir, needed_targets(settings))
    build_type = cmake_cache_value(settings.build_dir, "CMAKE_BUILD_TYPE")
    if build_type != "Release":
        log(f"warning: {settings.build_dir} is a '{build_type or 'unset'}' build, not Release")
    work = Path(tempfile.mkdtemp(prefix="dbtest-bench.", dir=os.environ.get("TMPDIR") or "/tmp"))
    try:
        bench = Bench(settings, binaries, work, hyperfine_version(settings.no_hyperfine))
        sqlite = bench_sqlite.run_part(bench)
        postgres = bench_postgres.run_part(bench)
        mysql = bench_mysql.run_part(bench)
        check_clean = bench_check_clean.run_part(bench)
        isolation = bench_isolation.run_part(bench)
        events = bench_events.run_part(bench)
        partitions = bench_partitions.run_part(bench)
        scale = bench_scale.run_part(bench)
        text = report(bench, sqlite, postgres, mysql, check_clean, isolation, events, partitions, scale)
        if settings.output == "-":
            sys.stdout.write(text)
            return
        parts = [sqlite, postgres, mysql, check_clean, isolation, events, partitions, scale]
        print(f"\n{summary_table(parts)}\n\n{raw_table(bench, parts)}")
        write_report(text, Path(settings.output))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def exit_on_terminate(signum: int, frame: object) -> None:
    # As SystemExit, so that the servers are stopped and the scratch files removed.
    sys.exit(143)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, exit_on_terminate)
    try:
        run_benchmarks(read_settings(argv))
    except BenchError as error:
        log(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
