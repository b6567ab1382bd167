#!/usr/bin/env python3
"""The commands that the server parts time (hyperfine runs them without a
shell), each a command of its own. Their start-up is part of every timed
run, so this file imports little and nothing of the benchmark's own.

    bench_commands.py dbtest-run LOG EXPECT TESTS WORKERS DBTEST ARGS...
        One dbtest run, checked and logged (the PostgreSQL and MySQL parts).
        It passes when dbtest exits with 0, its last line is "TESTS passed,
        0 failed, 0 skipped", it printed EXPECT somewhere, and WORKERS worker
        processes each ran a query. It appends one line of seconds to LOG:
            wall discovering migrating cloning running tearing_down first_ready last_ready cloning_summed
        wall: from just before the start to the end; discovering ..
        tearing_down, cloning_summed: from dbtest's Time: line (cloning is
        wall time within running); *_ready: from the start to
        the first and to the last worker process's first query, which
        bench_postgres_tests and bench_mysql_tests stamp. A failed run says
        why on stderr and in LOG.failed (hyperfine keeps no output of a
        failed command).

    bench_commands.py pg-baseline parallel|serial MIGRATIONS DATABASES
        q, q₁: DATABASES databases, each `createdb bench_base_N`, then every
        migration file with `psql --single-transaction`: all at once, or one
        after another. libpq's settings come from the environment (PGHOST ...).
    bench_commands.py pg-drop-baseline DATABASES
    bench_commands.py pg-drop-template NAME
    bench_commands.py pg-wait-pool PREFIX COUNT
        Waits (up to 5 minutes) until COUNT ready clones, marked "pooled",
        whose names start with PREFIX are on the server, and the processes
        that made them have ended: the pool a --keepdb run left is full.

    bench_commands.py my-dump-load serial|parallel PORT TEMPLATE COPIES
        u, u∥: COPIES copies of TEMPLATE, each `CREATE DATABASE` and then
        `mariadb-dump --routines --events --triggers TEMPLATE | mariadb COPY`,
        as Django's MySQL backend clones a test database: one after another,
        or all at once. The password comes in MYSQL_PWD, as Django hands it
        to its clients.
    bench_commands.py my-migrate PORT MIGRATIONS
        r: CREATE DATABASE test_bench_migrated, then `mariadb DB < FILE` for
        every migration file.
    bench_commands.py my-drop-copies PORT COPIES
    bench_commands.py my-wait-pool PORT PREFIX COUNT
        As pg-wait-pool, on MySQL.
"""

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable

# ---------------------------------------------------------------- dbtest-run

TIME_LINE = re.compile(
    r"^Time: discovering (.+), migrating (.+), running (.+) \(cloning during (.+) of it"
    r"(?:; summed over [0-9]+ clones: (.+))?\), tearing down (.+)$")


class RunFailed(Exception):
    pass


def phase_seconds(text: str) -> str:
    """A phase's time in seconds: "0.444 s" -> "0.444", "2 min 05 s" -> "125"."""
    minutes = re.fullmatch(r"([0-9]+) min ([0-9]+) s", text)
    if minutes:
        return str(int(minutes.group(1)) * 60 + int(minutes.group(2)))
    seconds = re.fullmatch(r"([0-9.]+) s", text)
    if not seconds:
        raise RunFailed(f"cannot read '{text}'")
    return seconds.group(1)


def checked_phases(output: str, expect: str, tests: int) -> list[str]:
    """The checks of dbtest's output; the phases of its Time: line."""
    lines = output.splitlines()
    summary = f"{tests} passed, 0 failed, 0 skipped"
    if (lines[-1] if lines else "") != summary:
        raise RunFailed(f"the last line is not '{summary}'")
    if expect not in output:
        raise RunFailed(f"it did not print '{expect}'")
    match = TIME_LINE.match(next((line for line in lines if line.startswith("Time:")), ""))
    if not match:
        raise RunFailed("no 'Time: discovering X, migrating X, running X (cloning during X of it...), tearing down X' line")
    discovering, migrating, running, cloning, summed, tearing_down = match.groups()
    return [phase_seconds(text) for text in (discovering, migrating, cloning, running, tearing_down, summed or cloning)]


def read_stamps(stamp_dir: str, workers: int) -> list[int]:
    """The wall-clock times (ns) of every worker process's first query."""
    names = os.listdir(stamp_dir)
    if len(names) != workers:
        raise RunFailed(f"{len(names)} worker processes ran a query, not {workers}")
    stamps = []
    for name in names:
        with open(os.path.join(stamp_dir, name)) as stamp:
            stamps += [int(word) for word in stamp.read().split()]
    return stamps


def shell_status(returncode: int) -> int:
    """As a shell reports it: 128 + N for a process that signal N ended."""
    return 128 - returncode if returncode < 0 else returncode


def dbtest_run(log: str, expect: str, tests: int, workers: int, command: list[str]) -> int:
    stamp_dir = f"{log}.stamps.{os.getpid()}"
    os.mkdir(stamp_dir)
    try:
        env = {**os.environ, "BENCH_PG_STAMP_DIR": stamp_dir, "BENCH_MY_STAMP_DIR": stamp_dir}
        start = time.time_ns()  # wall-clock, as the stamps are
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              errors="replace")
        end = time.time_ns()
        try:
            if done.returncode != 0:
                raise RunFailed(f"exited with {shell_status(done.returncode)}")
            phases = checked_phases(done.stdout, expect, tests)
            stamps = read_stamps(stamp_dir, workers)
        except RunFailed as failure:
            tail = "".join(line + "\n" for line in done.stdout.splitlines()[-20:])
            said = f"dbtest_run: {failure}; its output ends with:\n{tail}"
            with open(log + ".failed", "a") as failed:
                failed.write(said)
            sys.stderr.write(said)
            return 1
    finally:
        for name in os.listdir(stamp_dir):
            os.remove(os.path.join(stamp_dir, name))
        os.rmdir(stamp_dir)
    seconds = [f"{(end - start) / 1e9:.6f}", *phases[:5],
               f"{(min(stamps) - start) / 1e9:.6f}", f"{(max(stamps) - start) / 1e9:.6f}", phases[5]]
    with open(log, "a") as runs:
        runs.write(" ".join(seconds) + "\n")
    return 0


# ---------------------------------------------------------------- both servers

def runs(command: list[str], **kwargs) -> bool:
    return subprocess.run(command, **kwargs).returncode == 0


def all_at_once(jobs: list[Callable[[], bool]]) -> bool:
    """Runs the jobs at once, a thread each; whether every one succeeded."""
    results: list[bool] = []
    threads = [threading.Thread(target=lambda job=job: results.append(job())) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(results) == len(jobs) and all(results)


def migration_files(folder: str) -> list[str]:
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".sql"))


def exit_status(succeeded: bool) -> int:
    return 0 if succeeded else 1


# ---------------------------------------------------------------- PostgreSQL

def pg_migrate_one(number: int, migrations: str) -> bool:
    """createdb bench_base_N, then every migration file with psql, in file
    order, each in a transaction of its own."""
    database = f"bench_base_{number}"
    return runs(["createdb", database]) and all(
        runs(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", database, "-f", migration],
             stdout=subprocess.DEVNULL)
        for migration in migration_files(migrations))


def pg_baseline(how: str, migrations: str, databases: int) -> bool:
    numbers = range(1, databases + 1)
    if how == "serial":
        return all(pg_migrate_one(number, migrations) for number in numbers)
    return all_at_once([lambda number=number: pg_migrate_one(number, migrations) for number in numbers])


def pg_drop_baseline(databases: int) -> bool:
    drops = [arg for number in range(1, databases + 1) for arg in ("-c", f"DROP DATABASE IF EXISTS bench_base_{number}")]
    return runs(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *drops])


def pg_drop_template(name: str) -> bool:
    """Drops the template --keepdb kept under NAME, if any. A plain DROP
    DATABASE: it ends an autovacuum worker in the database by itself, where
    WITH (FORCE) fails for a role that is not a superuser."""
    exists = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c",
                             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], stdout=subprocess.PIPE, text=True)
    if exists.returncode != 0:
        return False
    return exists.stdout.strip() != "1" or runs(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", f'ALTER DATABASE "{name}" IS_TEMPLATE false',
         "-c", f'DROP DATABASE "{name}"'])


# ---------------------------------------------------------------- MySQL

def my_client_args(port: str) -> list[str]:
    """The server's dbtest account over TCP, as dbtest connects."""
    return ["--no-defaults", "-h", "127.0.0.1", "-P", port, "-u", "dbtest"]


def my_dump_load_one(port: str, template: str, copy: str, env: dict[str, str] | None = None) -> bool:
    """CREATE DATABASE COPY, then `mariadb-dump --routines --events --triggers
    TEMPLATE | mariadb COPY`."""
    client = my_client_args(port)
    if not runs(["mariadb", *client, "-e", f"CREATE DATABASE `{copy}`"], env=env):
        return False
    dump = subprocess.Popen(["mariadb-dump", *client, "--routines", "--events", "--triggers", template],
                            stdout=subprocess.PIPE, env=env)
    load = subprocess.Popen(["mariadb", *client, copy], stdin=dump.stdout, env=env)
    dump.stdout.close()  # the load's end of the pipe only
    return load.wait() == 0 and dump.wait() == 0


def my_dump_load(how: str, port: str, template: str, copies: int) -> bool:
    names = [f"test_bench_copy_{number}" for number in range(1, copies + 1)]
    if how == "serial":
        return all(my_dump_load_one(port, template, name) for name in names)
    return all_at_once([lambda name=name: my_dump_load_one(port, template, name) for name in names])


def my_migrate(port: str, migrations: str) -> bool:
    client = my_client_args(port)
    if not runs(["mariadb", *client, "-e", "CREATE DATABASE test_bench_migrated"]):
        return False
    for migration in migration_files(migrations):
        with open(migration) as sql:
            if not runs(["mariadb", *client, "test_bench_migrated"], stdin=sql):
                return False
    return True


def my_drop_copies(port: str, copies: int) -> bool:
    """Drops what my-dump-load and my-migrate made."""
    sql = "DROP DATABASE IF EXISTS test_bench_migrated;" + "".join(
        f"DROP DATABASE IF EXISTS `test_bench_copy_{number}`;" for number in range(1, copies + 1))
    return runs(["mariadb", *my_client_args(port), "-e", sql])


# ---------------------------------------------------------------- pools

MARKER_PID = re.compile(r'"pid":([0-9]+)')


def process_ended(pid: int) -> bool:
    """Whether PID has ended (a zombie has)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except OSError:
        return True


def wait_pool(read_markers: Callable[[], list[str] | None], count: int) -> bool:
    """Waits until COUNT of the markers READ_MARKERS returns are pooled and
    their fillers have ended."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        markers = read_markers()
        pooled = [m for m in markers or [] if '"kind":"pooled"' in m]
        if len(pooled) >= count:
            pids = {int(found.group(1)) for found in map(MARKER_PID.search, pooled) if found}
            if all(process_ended(pid) for pid in pids):
                return True
        time.sleep(0.05)
    print(f"bench_commands: the pool did not fill to {count} in 5 minutes", file=sys.stderr)
    return False


def pg_pool_markers(prefix: str) -> list[str] | None:
    done = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c",
                           "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                           f"WHERE starts_with(datname, '{prefix}')"], stdout=subprocess.PIPE, text=True)
    return done.stdout.splitlines() if done.returncode == 0 else None


def my_pool_markers(port: str, prefix: str) -> list[str] | None:
    client = ["mariadb", *my_client_args(port), "-N", "-B"]
    names = subprocess.run([*client, "-e", "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                                           f"WHERE LEFT(SCHEMA_NAME, {len(prefix)}) = '{prefix}'"],
                           stdout=subprocess.PIPE, text=True)
    if names.returncode != 0:
        return None
    markers = []
    for name in names.stdout.split():
        found = subprocess.run([*client, "-e", f"SELECT marker FROM `{name}`.dbtest_meta"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        markers += found.stdout.splitlines() if found.returncode == 0 else []
    return markers


# ---------------------------------------------------------------- main

def main(argv: list[str]) -> int:
    name, args = (argv[1], argv[2:]) if len(argv) > 1 else ("", [])
    both_ways = ("serial", "parallel")
    if name == "dbtest-run" and len(args) >= 5:
        return dbtest_run(args[0], args[1], int(args[2]), int(args[3]), args[4:])
    if name == "pg-baseline" and len(args) == 3 and args[0] in both_ways:
        return exit_status(pg_baseline(args[0], args[1], int(args[2])))
    if name == "pg-drop-baseline" and len(args) == 1:
        return exit_status(pg_drop_baseline(int(args[0])))
    if name == "pg-drop-template" and len(args) == 1:
        return exit_status(pg_drop_template(args[0]))
    if name == "pg-wait-pool" and len(args) == 2:
        return exit_status(wait_pool(lambda: pg_pool_markers(args[0]), int(args[1])))
    if name == "my-wait-pool" and len(args) == 3:
        return exit_status(wait_pool(lambda: my_pool_markers(args[0], args[1]), int(args[2])))
    if name == "my-dump-load" and len(args) == 4 and args[0] in both_ways:
        return exit_status(my_dump_load(args[0], args[1], args[2], int(args[3])))
    if name == "my-migrate" and len(args) == 2:
        return exit_status(my_migrate(args[0], args[1]))
    if name == "my-drop-copies" and len(args) == 2:
        return exit_status(my_drop_copies(args[0], int(args[1])))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
