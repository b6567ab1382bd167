"""The PostgreSQL part: the set-up of a dbtest run for 8 workers (one
migrated template, then a clone per worker) against what pytest-django with
xdist and Rails do, migrating every worker's database separately; then
--keepdb, a first run that builds and keeps the template against a second
one that reuses it. On a throwaway PostgreSQL 15 server of its own
(ci/postgres-server.sh), with a reference schema generated at run time.

    p   a fresh dbtest run: template, 8 clones, 24 tests, everything dropped
    pʷ  the same with clones made by the server's default strategy, wal_log,
        instead of dbtest's, file_copy (not a target)
    pʰ  the same with every test holding its worker for a second, so that
        no clone is dropped while others are made (not a target)
    q   8 databases, each created and migrated by itself, 8 at a time
    q₁  the same, one after another
    k₁  --keepdb with no kept template (dropped before every run): builds and keeps it
    k₂  --keepdb with the template k₁ kept and the pool full
    k₂ˢ the same over the server's Unix socket: no password exchange (not a target)

The baseline q and q₁ time is `bench_commands.py pg-baseline`: createdb,
then psql on every migration file, for each database.

Then the clone strategy: wal_log against file_copy, one clone and 8 at
once, of the kept template and of a large one built on the same server,
with durability off (as the server runs) and on.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench_common import (REFERENCE_FILES, REFERENCE_ROWS, REFERENCE_TABLES, Bench, BenchError, Server,
                          ServerNotStarted, cpu_count, dbtest_run_checked, dbtest_run_timed, log, median, run,
                          run_log_medians, run_or_fail, source_constant, start_server, stop_server, timed_command,
                          with_env)
from bench_report import Part, RawRow, paragraph, ratio, rounded, seconds, thousands, times_faster, verdict
from bench_timing import measure, process_tree_ticks, wait_for_idle

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_TABLES = REFERENCE_TABLES
PG_FILES = REFERENCE_FILES
PG_ROWS = REFERENCE_ROWS
PG_WORKERS = 8
PG_SUITES = 8
PG_TESTS = 24  # bench_postgres_tests: 8 suites x 3 tests
PG_CLONE_REPS = 5  # psql \timing repetitions of one CREATE DATABASE
TARGET_PG_SETUP_SPEEDUP = 3  # dbtest's set-up against 8 databases migrated 8 at a time
TARGET_PG_KEEPDB_RATIO = 0.10  # --keepdb: the second run's set-up against the first's
TARGET_PG_KEEPDB_RATIO_SHOWN = "0.10"
# The STRATEGY of dbtest's clones on this script's server (fsync off), without
# --pg-clone-strategy; with fsync on, a template smaller than this many MB
# gets wal_log (backends/postgres/postgres_catalog.cpp).
DBTEST_STRATEGY = "file_copy"
STRATEGIES = ("wal_log", "file_copy")  # the server's default first
DURABILITY = ("fsync", "full_page_writes", "synchronous_commit")  # off on the throwaway server
LARGE_TEMPLATE = "bench_large_template"
LARGE_TABLES = 16  # about 230 MB with their indexes
LARGE_ROWS = 100_000

BUILT = f"migrated {PG_FILES} files into the postgresql template"
REUSED = "reusing the kept postgresql template"
POOLED = f"{PG_WORKERS} ready clones of it wait in its pool"


# ---------------------------------------------------------------- the schema

def reference_table_sql(table: int) -> str:
    name = f"ref_{table:02d}"
    return f"""\
CREATE TABLE {name} (
  id bigserial PRIMARY KEY,
  account_id integer NOT NULL,
  name text NOT NULL,
  email text NOT NULL,
  status smallint NOT NULL DEFAULT 0,
  quantity integer NOT NULL,
  price_cents bigint,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz
);
CREATE INDEX {name}_account_created_idx ON {name} (account_id, created_at);
INSERT INTO {name} (account_id, name, email, status, quantity, price_cents, notes, created_at, updated_at)
SELECT (i * 7919) % 500, 'item {table}-' || i, 'user' || i || '@example.com', i % 5, i % 97, (i * 137) % 100000,
       repeat(md5('{table}/' || i), 5), timestamptz '2024-01-01 00:00+00' + i * interval '1 hour',
       CASE WHEN i % 3 = 0 THEN timestamptz '2024-06-01 00:00+00' + i * interval '1 minute' END
  FROM generate_series(1, {PG_ROWS}) AS i;

"""


def generate_schema(folder: Path) -> None:
    """PG_FILES migration files of PG_TABLES / PG_FILES tables each: an id, a
    few int, text and timestamp columns, one index besides the primary key,
    PG_ROWS rows from generate_series."""
    folder.mkdir(parents=True, exist_ok=True)
    per_file = PG_TABLES // PG_FILES
    for number in range(1, PG_FILES + 1):
        first, last = (number - 1) * per_file + 1, number * per_file
        sql = "".join(reference_table_sql(table) for table in range(first, last + 1))
        (folder / f"{number:04d}_reference_tables_{first:02d}_to_{last:02d}.sql").write_text(sql)


def large_table_sql(table: int) -> str:
    name = f"large_{table:02d}"
    return f"""\
CREATE TABLE {name} (id bigserial PRIMARY KEY, n integer NOT NULL, body text NOT NULL, at timestamptz NOT NULL);
INSERT INTO {name} (n, body, at)
SELECT i % 1000, md5(i || '/{table}') || md5('{table}/' || i), timestamptz '2024-01-01 00:00+00' + i * interval '1 second'
  FROM generate_series(1, {LARGE_ROWS}) AS i;
CREATE INDEX {name}_n_idx ON {name} (n);
"""


# ---------------------------------------------------------------- the server

def client_env(url: str) -> dict[str, str]:
    """libpq's settings for createdb, dropdb and psql in the commands it
    times: the same server, role and password (scram-sha-256 over TCP) as
    dbtest's --database-url."""
    match = re.match(r"^postgresql://([^:@/]+):([^@/]+)@([^:/]+):([0-9]+)/", url)
    if not match:
        raise BenchError(f"cannot read user, password, host and port from {url}")
    user, password, host, port = match.groups()
    return with_env(PGHOST=host, PGPORT=port, PGUSER=user, PGPASSWORD=password,
                    PGDATABASE="app", PGOPTIONS="-c client_min_messages=warning")


def why_not_measured(bench: Bench) -> str:
    if bench.settings.skip_postgres:
        return "left out on request (`SKIP_POSTGRES=1`)"
    if not all(os.access(PG_BIN / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
        return f"postgresql-15 is not installed (no `{PG_BIN}/initdb`; `ci/install-deps.sh` installs it)"
    for tool in ("psql", "createdb"):
        if not shutil.which(tool):
            return f"the PostgreSQL client `{tool}` is not installed"
    return ""


def as_superuser(server: Server, *statements: str) -> bool:
    """Statements that the `dbtest` role may not run (ALTER SYSTEM,
    CHECKPOINT), as the superuser, over the server's socket (trust); whether
    they all ran."""
    port = server.exports["DBTEST_TEST_POSTGRES_PORT"]
    done = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.dir, "-p", port, "-U", "postgres",
                "-d", "postgres", *[arg for sql in statements for arg in ("-c", sql)]])
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
    return done.returncode == 0


def turn_autovacuum_off(server: Server) -> None:
    """With autovacuum on, dbtest runs fail now and then when an autovacuum
    worker is in the template or a clone that dbtest ends or drops (its role
    may not end that worker), and its work would run beside the
    measurements."""
    if not as_superuser(server, "ALTER SYSTEM SET autovacuum = off", "SELECT pg_reload_conf()"):
        raise ServerNotStarted("could not turn autovacuum off on the throwaway server")


def set_durability(server: Server, url: str, on: bool) -> None:
    """fsync, full_page_writes and synchronous_commit on, as on a server
    that keeps its data, or back to the throwaway server's own (off, from
    its postgresql.conf): ALTER SYSTEM and a reload, then SHOW in new
    sessions until they see it, since the reload is not waited for."""
    change = [f"ALTER SYSTEM SET {name} = on" if on else f"ALTER SYSTEM RESET {name}" for name in DURABILITY]
    if not as_superuser(server, *change, "SELECT pg_reload_conf()"):
        raise BenchError(f"could not turn {', '.join(DURABILITY)} {'on' if on else 'back off'}")
    wanted = ["on" if on else "off"] * len(DURABILITY)
    for _ in range(50):
        said = psql(url, "-At", *[arg for name in DURABILITY for arg in ("-c", f"SHOW {name}")]).split()
        if said == wanted:
            return
        time.sleep(0.1)
    raise BenchError(f"the server still says {', '.join(DURABILITY)} = {', '.join(said)} after the reload")


@contextmanager
def durable(server: Server, url: str, on: bool) -> Iterator[None]:
    """With ON, durability on for what the block measures, and off again
    after, whatever happens, so that nothing else is measured with it."""
    if not on:
        yield
        return
    set_durability(server, url, True)
    try:
        yield
    finally:
        set_durability(server, url, False)


def postmaster_pid(server: Server) -> int:
    return int((server.dir / "data" / "postmaster.pid").read_text().splitlines()[0])


# ---------------------------------------------------------------- psql

def psql(url: str, *args: str, input: str | None = None) -> str:
    """psql as the server's `dbtest` role, over TCP; its output."""
    done = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, *args], input=input)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        said = done.stderr.strip().splitlines()
        raise BenchError(f"psql failed: {said[-1] if said else 'it said nothing'}")
    return done.stdout


def value(url: str, sql: str) -> str:
    return psql(url, "-At", "-c", sql).rstrip("\n")


def database_url(url: str, database: str) -> str:
    """URL, for another database of the same server."""
    return f"{url.rsplit('/', 1)[0]}/{database}"


def value_in(url: str, database: str, sql: str) -> str:
    """A value from another database of the server."""
    return psql(database_url(url, database), "-At", "-c", sql).rstrip("\n")


def statement_ms(url: str, sql: str) -> list[float]:
    """Every statement's time in milliseconds, from psql's \\timing, the
    statements run in one session."""
    said = psql(url, input="\\timing on\n" + sql)
    return [float(line.split()[1]) for line in said.splitlines() if line.startswith("Time: ")]


def create_clone(name: str, template: str, strategy: str) -> str:
    """The statement that makes a clone, by a STRATEGY named as dbtest names it."""
    return f'CREATE DATABASE {name} TEMPLATE "{template}" STRATEGY {strategy};\n'


def create_and_drop_ms(url: str, create: str, reps: int) -> tuple[float, float]:
    """CREATE, of bench_probe, and its DROP DATABASE, REPS times in one
    session: the medians of their times in milliseconds."""
    ms = statement_ms(url, f"{create}DROP DATABASE bench_probe;\n" * reps)
    if len(ms) != 2 * reps:
        raise BenchError("psql's \\timing gave no time for every statement")
    return median(ms[0::2]), median(ms[1::2])


def clones_wall(url: str, template: str, sessions: int, strategy: str) -> float:
    """Seconds to make PG_WORKERS clones of TEMPLATE by STRATEGY from
    SESSIONS psql sessions at once (the clones of slot i go to session i mod
    SESSIONS, as a queue would hand them out); drops them after."""
    start = time.monotonic()
    clients = []
    for session in range(sessions):
        sql = "".join(create_clone(f"bench_probe_{number}", template, strategy)
                      for number in range(session + 1, PG_WORKERS + 1, sessions))
        client = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url], stdin=subprocess.PIPE,
                                  stdout=subprocess.DEVNULL, text=True)
        client.stdin.write(sql)
        client.stdin.close()
        clients.append(client)
    if any([client.wait() != 0 for client in clients]):
        raise BenchError(f"making clones of {template} with psql failed")
    wall = time.monotonic() - start
    psql(url, *[arg for number in range(1, PG_WORKERS + 1) for arg in ("-c", f"DROP DATABASE bench_probe_{number}")])
    return wall


# ---------------------------------------------------------------- measuring

@dataclass
class StrategyTemplate:
    """A template the two clone strategies are timed on, and how often."""

    name: str
    what: str  # as the report's table names it
    size: int  # bytes, pg_database_size
    one_reps: int  # one clone: the median of this many
    rounds: int  # PG_WORKERS clones at once: the median of this many


@dataclass
class StrategyCase:
    """A line of the clone-strategy table: each strategy's time in seconds,
    for one clone or PG_WORKERS at once, of a template, with durability on or off."""

    durable: bool
    template: StrategyTemplate
    at_once: bool
    seconds: dict[str, float]  # wal_log, file_copy

    def server(self) -> str:
        return "fsync on" if self.durable else "fsync off"

    def clones(self) -> str:
        return f"{PG_WORKERS} at once" if self.at_once else "one clone"

    def shown(self, strategy: str) -> str:
        if self.at_once:
            return f"{seconds(self.seconds[strategy])} s"
        return f"{self.seconds[strategy] * 1000:.1f} ms"

    def picked(self) -> str:
        """The strategy dbtest takes here without --pg-clone-strategy."""
        return "file_copy"

    @property
    def picked_faster(self) -> bool:
        """As the table shows the times: a tie counts for the pick."""
        other = "wal_log" if self.picked() == "file_copy" else "file_copy"
        return float(self.shown(self.picked()).split()[0]) <= float(self.shown(other).split()[0])


@dataclass
class Findings:
    """What the report needs besides the timings."""

    version: str
    settings: str  # the server's settings that matter here
    template_bytes: int
    empty_bytes: int
    data_bytes: int  # the reference tables and their indexes
    indexes: int
    clone_ms: dict[str, float]  # create_empty, drop_wal_log, ...: one statement, with psql
    clone_walls: dict[int, float]  # sessions -> seconds for PG_WORKERS clones
    clones_at_once: int | None  # as dbtest's source says
    strategy_cases: list[StrategyCase]
    leftovers: str  # databases left besides the kept template


def dbtest_args(url: str, migrations: Path, *more: str) -> list[str]:
    return ["--parallel", str(PG_WORKERS), "--backend", "postgres", "--database-url", url,
            "--migrations", str(migrations), *more]


def measure_fresh_runs(bench: Bench, url: str, migrations: Path) -> None:
    """p, pʷ, pʰ: a fresh run (no --keepdb): template, clones, tests, everything dropped."""
    tests = str(bench.binaries.postgres_tests)
    args = dbtest_args(url, migrations, "--", tests)
    dbtest_run_checked(bench, "pg_check", BUILT, PG_TESTS, PG_WORKERS, args, "the PostgreSQL run failed its check")
    measure(bench, "pg_dbtest", dbtest_run_timed(bench, "pg_dbtest", BUILT, PG_TESTS, PG_WORKERS, args))
    wal_log = dbtest_args(url, migrations, "--pg-clone-strategy", "wal_log", "--", tests)
    measure(bench, "pg_dbtest_wal_log",
            dbtest_run_timed(bench, "pg_dbtest_wal_log", BUILT, PG_TESTS, PG_WORKERS, wal_log))
    measure(bench, "pg_dbtest_hold", dbtest_run_timed(bench, "pg_dbtest_hold", BUILT, PG_TESTS, PG_WORKERS, args),
            env=with_env(BENCH_PG_TEST_SLEEP_MS="1000"))


def check_baseline(url: str) -> None:
    for number in range(1, PG_WORKERS + 1):
        database = f"bench_base_{number}"
        tables = value_in(url, database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ref\\_%'")
        rows = value_in(url, database, f"SELECT count(*) FROM ref_{PG_TABLES}")
        if (tables, rows) != (str(PG_TABLES), str(PG_ROWS)):
            raise BenchError(f"the baseline's database {database} has {tables} reference tables and {rows} rows "
                             f"in the last, not {PG_TABLES} and {PG_ROWS}")


def measure_baselines(bench: Bench, url: str, migrations: Path, env: dict[str, str]) -> None:
    """q, q₁: PG_WORKERS databases, each created and migrated by itself."""
    drop = timed_command("pg-drop-baseline", PG_WORKERS)
    run_or_fail(drop, "dropping the baseline's databases failed", env)
    run_or_fail(timed_command("pg-baseline", "parallel", migrations, PG_WORKERS), "the baseline failed", env)
    check_baseline(url)
    for key, how in (("pg_base_parallel", "parallel"), ("pg_base_serial", "serial")):
        measure(bench, key, timed_command("pg-baseline", how, migrations, PG_WORKERS), prepare=drop, env=env)
    run_or_fail(drop, "dropping the baseline's databases failed", env)


def cleanup_templates(bench: Bench, url: str, keep_name: str) -> list[str]:
    """dbtest's own way to drop the templates kept under KEEP_NAME, and their pools."""
    return [str(bench.binaries.dbtest), "cleanup", "--templates", "--backend", "postgres", "--database-url", url,
            "--test-db-name", keep_name]


def socket_url(server: Server) -> str:
    """The server as a URL that reaches it over its Unix socket, where it
    trusts local connections: no password exchange."""
    return (f"postgresql://dbtest@/app?host={server.exports['DBTEST_TEST_POSTGRES_DIR']}"
            f"&port={server.exports['DBTEST_TEST_POSTGRES_PORT']}")


def measure_keepdb_runs(bench: Bench, server: Server, migrations: Path, keep_name: str, env: dict[str, str]) -> None:
    """k₁ (no kept template: dropped before every run, so it builds and keeps
    one), k₂⁰ (reusing the template that k₁ kept, no pool), k₂ (reusing it,
    with the pool of ready clones the run before left, full) and k₂ˢ (k₂ over
    the Unix socket, where no worker spends CPU on a SCRAM exchange)."""
    url = server.exports["DBTEST_TEST_POSTGRES_URL"]
    tests = str(bench.binaries.postgres_tests)
    keep = dbtest_args(url, migrations, "--keepdb", "--test-db-name", keep_name)
    no_pool = [*keep, "--keep-pool", "0", "--", tests]
    drop = cleanup_templates(bench, url, keep_name)
    run_or_fail(drop, f"dropping the templates kept as {keep_name} failed", env)
    dbtest_run_checked(bench, "pg_check", BUILT, PG_TESTS, PG_WORKERS, no_pool, "the first --keepdb run failed its check")
    measure(bench, "pg_keep_first", dbtest_run_timed(bench, "pg_keep_first", BUILT, PG_TESTS, PG_WORKERS, no_pool),
            prepare=drop, env=env)
    dbtest_run_checked(bench, "pg_check", REUSED, PG_TESTS, PG_WORKERS, no_pool, "the second --keepdb run failed its check")
    measure(bench, "pg_keep_second_unpooled",
            dbtest_run_timed(bench, "pg_keep_second_unpooled", REUSED, PG_TESTS, PG_WORKERS, no_pool))
    pooled = [*keep, "--", tests]
    wait = timed_command("pg-wait-pool", f"{keep_name}_", PG_WORKERS)
    dbtest_run_checked(bench, "pg_check", REUSED, PG_TESTS, PG_WORKERS, pooled, "the --keepdb run that leaves a pool failed")
    run_or_fail(wait, "the pool of ready clones did not fill", env)
    dbtest_run_checked(bench, "pg_check", POOLED, PG_TESTS, PG_WORKERS, pooled, "the --keepdb run from the pool failed")
    measure(bench, "pg_keep_second", dbtest_run_timed(bench, "pg_keep_second", POOLED, PG_TESTS, PG_WORKERS, pooled),
            prepare=wait, env=env)
    run_or_fail(wait, "the pool of ready clones did not fill", env)
    over_socket = [*dbtest_args(socket_url(server), migrations, "--keepdb", "--test-db-name", keep_name), "--", tests]
    dbtest_run_checked(bench, "pg_check", POOLED, PG_TESTS, PG_WORKERS, over_socket,
                       "the --keepdb run from the pool over the Unix socket failed")
    run_or_fail(wait, "the pool of ready clones did not fill", env)
    measure(bench, "pg_keep_second_socket",
            dbtest_run_timed(bench, "pg_keep_second_socket", POOLED, PG_TESTS, PG_WORKERS, over_socket),
            prepare=wait, env=env)
    run_or_fail(wait, "the pool of ready clones did not fill", env)


def kept_template_name(url: str, keep_name: str) -> str:
    """The template kept under --test-db-name KEEP_NAME: the name and 8 hex
    digits of its fingerprint."""
    name = value(url, f"SELECT datname FROM pg_database WHERE datname ~ '^{keep_name}_[0-9a-f]{{8}}$'")
    if not name:
        raise BenchError(f"no template is kept under {keep_name}")
    return name


def template_sizes(url: str, keep_name: str) -> tuple[int, int, int, int]:
    """What is in the kept template, checked: its size, an empty database's,
    the reference tables' with their indexes, and the number of indexes."""
    template_bytes = int(value(url, f"SELECT pg_database_size('{keep_name}')"))
    empty_bytes = int(value(url, "SELECT pg_database_size('template1')"))
    psql(url, "-c", f'CREATE DATABASE bench_probe TEMPLATE "{keep_name}"')
    every_row = " + ".join(f"(SELECT count(*) FROM ref_{table:02d})" for table in range(1, PG_TABLES + 1))
    data_bytes = value_in(url, "bench_probe", "SELECT sum(pg_total_relation_size(oid)) FROM pg_class "
                                              "WHERE relkind = 'r' AND relname LIKE 'ref\\_%'")
    rows = value_in(url, "bench_probe", f"SELECT {every_row}")
    tables = value_in(url, "bench_probe", "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ref\\_%'")
    indexes = value_in(url, "bench_probe", "SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'ref\\_%'")
    psql(url, "-c", "DROP DATABASE bench_probe")
    if (tables, rows) != (str(PG_TABLES), str(PG_TABLES * PG_ROWS)):
        raise BenchError(f"the kept template holds {tables} reference tables and {rows} rows, "
                         f"not {PG_TABLES} and {PG_TABLES * PG_ROWS}")
    return template_bytes, empty_bytes, int(data_bytes), int(indexes)


def time_one_clone(url: str, keep_name: str) -> dict[str, float]:
    """One CREATE DATABASE (empty, or a clone by each strategy) and its DROP
    DATABASE, timed with psql's \\timing: the medians of PG_CLONE_REPS."""
    clone_ms = {}
    for strategy in ("empty", *STRATEGIES):
        create = ("CREATE DATABASE bench_probe;\n" if strategy == "empty"
                  else create_clone("bench_probe", keep_name, strategy))
        clone_ms[f"create_{strategy}"], clone_ms[f"drop_{strategy}"] = create_and_drop_ms(url, create, PG_CLONE_REPS)
    return clone_ms


def time_clones_at_once(url: str, keep_name: str, at_once: int | None) -> dict[int, float]:
    """PG_WORKERS clones, made as dbtest makes them (DBTEST_STRATEGY), from
    one session, from as many as dbtest uses, and from PG_WORKERS: the wall
    time, the median of 3."""
    walls: dict[int, float] = {}
    for sessions in (1, at_once, PG_WORKERS):
        if sessions and sessions not in walls:
            walls[sessions] = median(clones_wall(url, keep_name, sessions, DBTEST_STRATEGY) for _ in range(3))
    return walls


def build_large_template(url: str) -> int:
    """LARGE_TEMPLATE: LARGE_TABLES tables of LARGE_ROWS rows, generated by
    the server itself (seconds, where rows sent by a client would take
    minutes); checked; its size in bytes."""
    psql(url, "-c", f"CREATE DATABASE {LARGE_TEMPLATE}")
    psql(database_url(url, LARGE_TEMPLATE), input="".join(large_table_sql(table)
                                                          for table in range(1, LARGE_TABLES + 1)))
    every_row = " + ".join(f"(SELECT count(*) FROM large_{table:02d})" for table in range(1, LARGE_TABLES + 1))
    rows = value_in(url, LARGE_TEMPLATE, f"SELECT {every_row}")
    if rows != str(LARGE_TABLES * LARGE_ROWS):
        raise BenchError(f"the large template holds {rows} rows, not {LARGE_TABLES * LARGE_ROWS}")
    return int(value(url, f"SELECT pg_database_size('{LARGE_TEMPLATE}')"))


def time_strategies(url: str, template: StrategyTemplate) -> tuple[dict[str, float], dict[str, float]]:
    """Each strategy's one clone of TEMPLATE (psql's \\timing, its DROP left
    out) and PG_WORKERS clones from PG_WORKERS sessions at once (the wall
    time), in seconds. The rounds at once take turns between the strategies,
    so that a busier spell of the machine does not fall on one alone."""
    one = {strategy: create_and_drop_ms(url, create_clone("bench_probe", template.name, strategy),
                                        template.one_reps)[0] / 1000 for strategy in STRATEGIES}
    walls: dict[str, list[float]] = {strategy: [] for strategy in STRATEGIES}
    for _ in range(template.rounds):
        for strategy in STRATEGIES:
            walls[strategy].append(clones_wall(url, template.name, PG_WORKERS, strategy))
    return one, {strategy: median(times) for strategy, times in walls.items()}


def settle(server: Server) -> None:
    """A CHECKPOINT, then the kernel's dirty pages written out (sync): what
    came before, such as the large template's rows, is on disk before either
    strategy is timed, so that neither a checkpoint of file_copy's nor the
    kernel's writeback running beside the clones pays for it."""
    if not as_superuser(server, "CHECKPOINT"):
        raise BenchError("CHECKPOINT failed")
    os.sync()


def measure_strategies(bench: Bench, server: Server, url: str, kept: str, kept_bytes: int) -> list[StrategyCase]:
    """wal_log against file_copy, on the kept template and a large one, with
    durability off (as the server runs) and on; each template and setting
    starts settled. The large template is dropped after."""
    wait_for_idle(bench.settings.idle_wait)
    log("timing the clone strategies, durability off and on")
    templates = [StrategyTemplate(kept, "reference", kept_bytes, PG_CLONE_REPS, 3)]
    try:
        large = build_large_template(url)
        templates.append(StrategyTemplate(LARGE_TEMPLATE, "large", large, 3, 2))
        cases = []
        for on in (False, True):
            with durable(server, url, on):
                for template in templates:
                    settle(server)
                    one, at_once = time_strategies(url, template)
                    cases += [StrategyCase(on, template, False, one), StrategyCase(on, template, True, at_once)]
        return cases
    finally:
        psql(url, "-c", f"DROP DATABASE IF EXISTS {LARGE_TEMPLATE}")


def measure_all(bench: Bench, server: Server) -> Findings:
    url = server.exports["DBTEST_TEST_POSTGRES_URL"]
    time.sleep(1)  # the reload that turned autovacuum off
    if value(url, "SHOW autovacuum") != "off":
        raise BenchError("autovacuum is still on")
    version = value(url, "SHOW server_version")
    settings = value(url, "SELECT string_agg(name || ' = ' || current_setting(name), ', ' ORDER BY name)\n"
                          "    FROM pg_settings WHERE name IN ('autovacuum', 'fsync', 'full_page_writes', "
                          "'shared_buffers', 'synchronous_commit', 'wal_level')")
    migrations = bench.work / "pg" / "migrations"
    generate_schema(migrations)
    env = client_env(url)
    keep_name = f"bench_keepdb_{int(time.time())}_{os.getpid()}"

    measure_fresh_runs(bench, url, migrations)
    measure_baselines(bench, url, migrations, env)
    measure_keepdb_runs(bench, server, migrations, keep_name, env)
    kept = kept_template_name(url, keep_name)

    # What one clone of the kept template costs, and what is in it.
    wait_for_idle(bench.settings.idle_wait)
    log("timing CREATE DATABASE with psql")
    template_bytes, empty_bytes, data_bytes, indexes = template_sizes(url, kept)
    clone_ms = time_one_clone(url, kept)
    at_once = source_constant("runner/workers/fresh_clones.hpp", "kConcurrentClones")
    clone_walls = time_clones_at_once(url, kept, at_once)
    strategy_cases = measure_strategies(bench, server, url, kept, template_bytes)

    # Nothing but the kept template and its pool should be left; then they go too.
    leftovers = value(url, "SELECT string_agg(datname, ', ' ORDER BY datname) FROM pg_database\n"
                           f"    WHERE datname NOT IN ('postgres', 'app', 'template0', 'template1', '{kept}')\n"
                           "    AND coalesce(shobj_description(oid, 'pg_database'), '') NOT LIKE '%\"kind\":\"pooled\"%'")
    run_or_fail(cleanup_templates(bench, url, keep_name), f"dropping {kept} failed", env)
    return Findings(version, settings, template_bytes, empty_bytes, data_bytes, indexes, clone_ms, clone_walls,
                    at_once, strategy_cases, leftovers)


# ---------------------------------------------------------------- results

RUN_KEYS = ("pg_dbtest", "pg_dbtest_wal_log", "pg_dbtest_hold", "pg_keep_first", "pg_keep_second_unpooled",
            "pg_keep_second", "pg_keep_second_socket")


@dataclass
class Results:
    runs: dict[str, dict[str, float]]  # the run logs' medians, and timeline and rest
    q: float  # the baseline, 8 at a time
    q1: float  # the baseline, one after another
    speedup: float  # q / p_ready: the target
    speedup_serial: float
    speedup_whole: float
    speedup_timeline: float
    speedup_rest: float
    speedup_wal_log: float
    keep_ratio: float  # k₂_ready / k₁_ready: the target
    keep_unpooled_ratio: float  # k₂⁰_ready / k₁_ready: without the pool
    keep_socket_ratio: float  # k₂ˢ_ready / k₁_ready: the pool, no SCRAM
    keep_template_ratio: float
    keep_timeline_ratio: float
    keep_whole_ratio: float
    template_mb: float
    empty_mb: float
    data_mb: float
    base_one: float  # one database migrated by itself
    clones_wall: float  # PG_WORKERS clones as dbtest makes them, with psql
    floor: float  # the least dbtest's set-up can be as it works now
    floor_speedup: float
    at_once: int  # clones at once, as the report explains it
    strategy_faster: int  # the clone-strategy cases in which dbtest's pick was the faster
    strategy_cases: int

    @property
    def setup_met(self) -> bool:
        return self.speedup >= TARGET_PG_SETUP_SPEEDUP

    @property
    def strategy_met(self) -> bool:
        return self.strategy_faster == self.strategy_cases

    @property
    def keep_met(self) -> bool:
        return self.keep_ratio <= TARGET_PG_KEEPDB_RATIO


def derive(bench: Bench, found: Findings) -> Results:
    # Medians over the timed runs that dbtest-run logged.
    runs = {key: run_log_medians(bench.work / f"{key}.runs", {
        "timeline": lambda r: r["mig"] + r["clone"],  # migrating + cloning
        "rest": lambda r: r["wall"] - r["run"] - r["tear"],  # start-up, discovery, the template
    }) for key in RUN_KEYS}
    wall = {key: m.wall for key, m in bench.measurements.items()}
    p, k1, k2 = runs["pg_dbtest"], runs["pg_keep_first"], runs["pg_keep_second"]
    q, q1 = wall["pg_base_parallel"], wall["pg_base_serial"]
    at_once = found.clones_at_once or 1
    clones = found.clone_walls[at_once]
    floor = rounded(p["mig"] + clones, 3)
    return Results(
        runs=runs, q=q, q1=q1,
        speedup=ratio(q, p["ready"]),
        speedup_serial=ratio(q1, p["ready"]),
        speedup_whole=ratio(q, wall["pg_dbtest"]),
        speedup_timeline=ratio(q, p["timeline"]),
        speedup_rest=ratio(q, p["rest"]),
        speedup_wal_log=ratio(q, runs["pg_dbtest_wal_log"]["ready"]),
        keep_ratio=rounded(k2["ready"] / k1["ready"], 3),
        keep_unpooled_ratio=rounded(runs["pg_keep_second_unpooled"]["ready"] / k1["ready"], 3),
        keep_socket_ratio=rounded(runs["pg_keep_second_socket"]["ready"] / k1["ready"], 3),
        keep_template_ratio=rounded(k2["mig"] / k1["mig"], 3),
        keep_timeline_ratio=rounded(k2["timeline"] / k1["timeline"], 3),
        keep_whole_ratio=rounded(wall["pg_keep_second"] / wall["pg_keep_first"], 3),
        template_mb=rounded(found.template_bytes / 1048576, 1),
        empty_mb=rounded(found.empty_bytes / 1048576, 1),
        data_mb=rounded(found.data_bytes / 1048576, 1),
        # Per database, the baseline spends an empty createdb and the
        # migrations; migrating one database by itself is the serial baseline over 8.
        base_one=rounded(q1 / PG_WORKERS, 3),
        clones_wall=clones,
        floor=floor,
        floor_speedup=ratio(q, floor),
        at_once=at_once,
        strategy_faster=sum(case.picked_faster for case in found.strategy_cases),
        strategy_cases=len(found.strategy_cases))


# ---------------------------------------------------------------- report

def intro() -> str:
    return f"""\
- **PostgreSQL set-up.** A reference schema of {PG_TABLES} tables ({PG_FILES} migration files of {PG_TABLES // PG_FILES} tables, generated by
  the script into a temporary folder at every run): each table has an id, a few int, text and
  timestamp columns, an index besides its primary key and {thousands(PG_ROWS)} rows from `generate_series`.
  `bench_postgres_tests` has {PG_SUITES} suites × 3 tests that each count the rows of one reference table through
  `dbtest::postgres()`, so {PG_WORKERS} workers all start. Against a throwaway PostgreSQL 15 server
  (`ci/postgres-server.sh`; durability off) that the script starts and stops: (p) a fresh
  `dbtest --parallel {PG_WORKERS} --backend postgres` run, which migrates a template once and gives each worker a
  `CREATE DATABASE … TEMPLATE … STRATEGY {DBTEST_STRATEGY}` clone, and (pʷ) the same with the server's default strategy,
  `wal_log`; (q) the way pytest-django with xdist and Rails set up parallel
  tests, migrating every worker's database separately: {PG_WORKERS} × (`createdb`, then `psql` on every
  migration file), {PG_WORKERS} at a time, and (q₁) one after another; (k₁) a `--keepdb` run with no kept
  template, which builds and keeps one (with `--keep-pool 0`), (k₂⁰) the next `--keepdb` run, which reuses
  it and makes fresh clones, and (k₂) a `--keepdb` run that reuses it and takes the {PG_WORKERS} ready clones
  that the run before it left in the pool (each timed run waits until the pool is full again), and (k₂ˢ)
  k₂ over the server's Unix socket, where it trusts local connections. Then the
  clone strategy: one clone and {PG_WORKERS} at once, by `wal_log` and by `file_copy`, of the template k₁ kept and
  of a large one ({LARGE_TABLES} tables × {thousands(LARGE_ROWS)} rows, built on the same server), with durability
  off and on."""


SETUP_ROW = (f"PostgreSQL set-up for {PG_WORKERS} workers, {PG_TABLES} tables × {thousands(PG_ROWS)} rows: "
             f"{PG_WORKERS} databases migrated separately, {PG_WORKERS} at a time / dbtest's set-up "
             "(from its start to the last worker's first query): q / p<sub>ready</sub>")
KEEPDB_ROW = ("PostgreSQL `--keepdb`: the second run's set-up / the first run's (template and clones; "
              "from the start to the last worker's first query), the second taking the pool's ready clones: "
              "k₂<sub>ready</sub> / k₁<sub>ready</sub>")
STRATEGY_ROW = ("PostgreSQL clone strategy chosen by measurement: the strategy dbtest picks without "
                "`--pg-clone-strategy` (file_copy; wal_log under `--isolation test`, measured apart) is the faster "
                f"one, on the reference and the large template, one clone and {PG_WORKERS} at once, `fsync` off and on")


def summary_rows_not_measured() -> list[str]:
    return [f"| {SETUP_ROW} | not measured | ≥ {TARGET_PG_SETUP_SPEEDUP}× | not measured (see the notes) |",
            f"| {KEEPDB_ROW} | not measured | ≤ {TARGET_PG_KEEPDB_RATIO_SHOWN} | not measured (see the notes) |",
            f"| {STRATEGY_ROW} | not measured | faster in all | not measured (see the notes) |"]


def summary_rows(bench: Bench, r: Results) -> list[str]:
    p, k1, k2 = r.runs["pg_dbtest"], r.runs["pg_keep_first"], r.runs["pg_keep_second"]
    wall = {key: m.wall for key, m in bench.measurements.items()}
    q = seconds(r.q)
    nat = "*(not a target)*"
    return [
        f"| {SETUP_ROW} | {r.speedup:.2f}× ({q} s / {seconds(p['ready'])} s) | ≥ {TARGET_PG_SETUP_SPEEDUP}× | {verdict(r.setup_met)} |",
        f"| {nat} the same against the {PG_WORKERS} databases migrated one after another: q₁ / p<sub>ready</sub> | {r.speedup_serial:.2f}× ({seconds(r.q1)} s / {seconds(p['ready'])} s) | — | — |",
        f"| {nat} the same with dbtest's whole run (tests and tear-down too): q / p | {r.speedup_whole:.2f}× ({q} s / {seconds(wall['pg_dbtest'])} s) | — | — |",
        f"| {nat} the same with the set-up of dbtest's `Time:` line, migrating + cloning (cloning as the wall time during which clones were being made): q / (p<sub>migrating</sub> + p<sub>cloning</sub>) | {r.speedup_timeline:.2f}× ({q} s / {seconds(p['timeline'])} s) | — | — |",
        f"| {nat} the same with the wall time less running and tearing down, which leaves the clones out (they are made within running): q / (p − p<sub>running</sub> − p<sub>tearing down</sub>) | {r.speedup_rest:.2f}× ({q} s / {seconds(p['rest'])} s) | — | — |",
        f"| {nat} the set-up speed-up with `--pg-clone-strategy wal_log`: q / pʷ<sub>ready</sub> | {r.speedup_wal_log:.2f}× ({q} s / {seconds(r.runs['pg_dbtest_wal_log']['ready'])} s) | — | — |",
        f"| {KEEPDB_ROW} | {times_faster(r.keep_ratio)} ({seconds(k2['ready'])} s / {seconds(k1['ready'])} s) | ≤ {TARGET_PG_KEEPDB_RATIO_SHOWN} | {verdict(r.keep_met)} |",
        f"| {nat} `--keepdb` without the pool, fresh clones of the reused template: k₂⁰<sub>ready</sub> / k₁<sub>ready</sub> | {times_faster(r.keep_unpooled_ratio)} ({seconds(r.runs['pg_keep_second_unpooled']['ready'])} s / {seconds(k1['ready'])} s) | — | — |",
        f"| {nat} the same over the server's Unix socket, where it trusts local connections (no SCRAM exchange per connection): k₂ˢ<sub>ready</sub> / k₁<sub>ready</sub> | {times_faster(r.keep_socket_ratio)} ({seconds(r.runs['pg_keep_second_socket']['ready'])} s / {seconds(k1['ready'])} s) | — | — |",
        f"| {nat} `--keepdb`, the template part alone (dbtest's `migrating`: reusing the kept template / building it): k₂<sub>migrating</sub> / k₁<sub>migrating</sub> | {times_faster(r.keep_template_ratio)} ({seconds(k2['mig'])} s / {seconds(k1['mig'])} s) | — | — |",
        f"| {nat} `--keepdb`, the set-up of the `Time:` line, migrating + cloning: k₂ / k₁ | {times_faster(r.keep_timeline_ratio)} ({seconds(k2['timeline'])} s / {seconds(k1['timeline'])} s) | — | — |",
        f"| {nat} `--keepdb`, the whole run: k₂ / k₁ | {times_faster(r.keep_whole_ratio)} ({seconds(wall['pg_keep_second'])} s / {seconds(wall['pg_keep_first'])} s) | — | — |",
        f"| {STRATEGY_ROW} | the pick faster in {r.strategy_faster} of {r.strategy_cases} | faster in all | {verdict(r.strategy_met)} |",
    ]


def raw_rows() -> list[RawRow]:
    dbtest = f"dbtest --parallel {PG_WORKERS} --backend postgres --database-url URL --migrations REF"
    return [
        RawRow("pg_dbtest", "p", f"PostgreSQL, {PG_WORKERS} workers: template built, {PG_WORKERS} clones, {PG_TESTS} tests, all dropped",
               f"`{dbtest} -- bench_postgres_tests`"),
        RawRow("pg_dbtest_wal_log", "pʷ", "the same, clones made by the server's default strategy, wal_log, instead of dbtest's, file_copy",
               f"`{dbtest} --pg-clone-strategy wal_log -- bench_postgres_tests`"),
        RawRow("pg_dbtest_hold", "pʰ", "the same as p, every test sleeping 1 s after its query: no worker is done, and no clone dropped, while clones are made",
               f"`BENCH_PG_TEST_SLEEP_MS=1000 {dbtest} -- bench_postgres_tests`"),
        RawRow("pg_base_parallel", "q", f"{PG_WORKERS} databases migrated separately, {PG_WORKERS} at a time",
               f"{PG_WORKERS} × (`createdb DB`, then `psql --single-transaction -d DB -f FILE` for each of the {PG_FILES} files), all {PG_WORKERS} at once"),
        RawRow("pg_base_serial", "q₁", "the same, one database after another",
               f"a loop over the same {PG_WORKERS} × (`createdb`, {PG_FILES} × `psql`)"),
        RawRow("pg_keep_first", "k₁", "`--keepdb`, first run: no kept template (dropped before each run), so it builds and keeps one",
               f"`{dbtest} --keepdb --test-db-name NAME --keep-pool 0 -- bench_postgres_tests`"),
        RawRow("pg_keep_second_unpooled", "k₂⁰", "`--keepdb`, second run: reuses the template k₁ kept, clones it afresh", "the same"),
        RawRow("pg_keep_second", "k₂", f"`--keepdb`, second run: reuses the template and takes the {PG_WORKERS} ready clones of its pool, which each run leaves for the next",
               f"`{dbtest} --keepdb --test-db-name NAME -- bench_postgres_tests`, after the pool is full"),
        RawRow("pg_keep_second_socket", "k₂ˢ", "the same as k₂ over the server's Unix socket, where it trusts local connections: no worker spends CPU on a password exchange",
               "the same, with `--database-url 'postgresql://dbtest@/app?host=SOCKET_DIR&port=PORT'`"),
    ]


def phase_table(r: Results) -> str:
    rows = ["| | Runs | Wall time | discovering | migrating | cloning (wall) | cloning (summed over clones) | running | tearing down | migrating + cloning | wall − running − tearing down | start → first worker's first query | start → last worker's first query (set-up) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, label in zip(RUN_KEYS, ("p", "pʷ", "pʰ", "k₁", "k₂⁰", "k₂", "k₂ˢ")):
        m = r.runs[key]
        cells = [seconds(m[column]) + " s" for column in
                 ("wall", "disc", "mig", "clone", "clone_sum", "run", "tear", "timeline", "rest", "first")]
        rows.append(f"| {label} | {m['n']} | {' | '.join(cells)} | **{seconds(m['ready'])} s** |")
    return "\n".join(rows)


def clone_table(r: Results, found: Findings) -> str:
    ms, walls, at_once = found.clone_ms, found.clone_walls, found.clones_at_once
    rows = [
        f"| What (against the template k₁ kept: {r.template_mb:.1f} MB) | Time |",
        "| --- | ---: |",
        f"| `CREATE DATABASE x`: an empty database, a copy of template1 ({r.empty_mb:.1f} MB) by the server's default strategy (wal_log), as `createdb` makes in q and q₁ | {ms['create_empty']:.3f} ms |",
        f"| `CREATE DATABASE x TEMPLATE t STRATEGY file_copy`: one clone, dbtest's default strategy from PostgreSQL 15 | {ms['create_file_copy']:.3f} ms |",
        f"| `CREATE DATABASE x TEMPLATE t STRATEGY wal_log`: one clone, PostgreSQL 15's default strategy, as `--pg-clone-strategy wal_log` makes it | {ms['create_wal_log']:.3f} ms |",
        f"| `DROP DATABASE` of such a clone (file_copy / wal_log) | {ms['drop_file_copy']:.3f} / {ms['drop_wal_log']:.3f} ms |",
        f"| {PG_WORKERS} clones ({DBTEST_STRATEGY}), one after another in one session | {seconds(walls[1])} s |",
    ]
    if at_once and at_once not in (1, PG_WORKERS):
        rows.append(f"| {PG_WORKERS} clones ({DBTEST_STRATEGY}) from {at_once} sessions at once, as dbtest makes them ({at_once} at a time) | {seconds(walls[at_once])} s |")
    rows.append(f"| {PG_WORKERS} clones ({DBTEST_STRATEGY}) from {PG_WORKERS} sessions at once | {seconds(walls[PG_WORKERS])} s |")
    return "\n".join(rows)


def strategy_table(found: Findings) -> str:
    rows = ["| Server | Template (`pg_database_size`) | Clones | wal_log | file_copy | file_copy / wal_log | dbtest picks |",
            "| --- | --- | --- | ---: | ---: | ---: | --- |"]
    for case in found.strategy_cases:
        template = case.template
        times = template.rounds if case.at_once else template.one_reps
        rows.append(f"| {case.server()} | {template.what}, {template.size / 1048576:.1f} MB "
                    f"| {case.clones()} (median of {times}) "
                    f"| {case.shown('wal_log')} | {case.shown('file_copy')} "
                    f"| {ratio(case.seconds['file_copy'], case.seconds['wal_log']):.2f} | {case.picked()} |")
    return "\n".join(rows)


def strategy_outcome(r: Results, found: Findings) -> str:
    """Whether dbtest's pick was the faster strategy, as the table shows it."""
    if r.strategy_met:
        return (f"dbtest's pick was the faster strategy (or as fast) in all {r.strategy_cases} cases, on both templates, "
                f"for one clone and for {PG_WORKERS} at once, with durability off and on.")
    slower = [f"{case.server()}, the {case.template.what} template, {case.clones()}: "
              f"{case.picked()} took {case.shown(case.picked())} against "
              f"{case.shown('wal_log' if case.picked() == 'file_copy' else 'file_copy')}"
              for case in found.strategy_cases if not case.picked_faster]
    return (f"dbtest's pick was the faster strategy in {r.strategy_faster} of the {r.strategy_cases} cases, "
            f"but not with {'; nor with '.join(slower)}.")


def strategy_section(r: Results, found: Findings) -> str:
    return f"""\
## PostgreSQL clone strategy

From PostgreSQL 15 dbtest names file_copy as the `STRATEGY` of its clones' `CREATE DATABASE … TEMPLATE t`, rather
than wal_log, the server's default (the last column; under `--isolation test`, where clones are made beside
running tests, it names wal_log: see `--isolation test` on PostgreSQL below). wal_log reads the template block by block through shared buffers and writes
every block to the WAL; file_copy copies the template's files, with a checkpoint before and after (and, with
`fsync` on, an fsync of every file it copied: each table, each index and each catalog is a file of its own).
Both were timed on two templates: the reference one that k₁ kept, and a large one that the script built on
the same server and dropped after ({LARGE_TABLES} tables × {thousands(LARGE_ROWS)} rows of a bigserial id, an int, the text of two
md5s and a timestamptz, with an index on the int); and on two settings of the server: as it runs for the rest
of this report, with `fsync`, `full_page_writes` and `synchronous_commit` off (fsync off), and with those three
on, as on a server that keeps its data (fsync on: `ALTER SYSTEM SET`, then `RESET` after). One clone is psql's
`\\timing` of `CREATE DATABASE`, its `DROP DATABASE` left out; {PG_WORKERS} at once is the wall time of {PG_WORKERS} psql
sessions each making one clone, the rounds taking turns between the strategies. Each template and setting
started from a `CHECKPOINT` and a `sync`.

{strategy_table(found)}

{strategy_outcome(r, found)}
"""


def section(r: Results, found: Findings) -> str:
    return f"""\
The reference schema: {PG_TABLES} tables with {found.indexes} indexes (primary keys included), {thousands(PG_TABLES * PG_ROWS)} rows, {r.data_mb:.1f} MB of tables and
indexes; the template is {r.template_mb:.1f} MB on disk (`pg_database_size`; an empty database is {r.empty_mb:.1f} MB).
Every timed dbtest run was checked: exit status 0, `{PG_TESTS} passed, 0 failed, 0 skipped` as its last line,
{PG_WORKERS} worker processes that each ran a query, and "{BUILT}" or
"{REUSED}" as the case may be. The baseline's databases were checked once
for {PG_TABLES} reference tables and {thousands(PG_ROWS)} rows.

dbtest's phases (medians over the timed runs, warm-up left out; what each phase holds is in the
notes). The set-up, the last column, is from dbtest's start to the last worker's first query.

{phase_table(r)}

One `CREATE DATABASE`, timed with psql's `\\timing` (the median of {PG_CLONE_REPS}), and {PG_WORKERS} clones at once (the wall
time, the median of 3), with nothing else running:

{clone_table(r, found)}

{strategy_section(r, found)}"""


def which_setup_note(r: Results) -> str:
    p = r.runs["pg_dbtest"]
    return f"""\
**Which set-up time.** dbtest's `Time:` line does not give a set-up wall time as such. From
`runner/app/run_command.cpp` and `runner/workers/process_worker_pool.cpp`: *discovering* is listing the
tests and planning the batches; *migrating* is `prepare_template`, that is creating the template
database and applying every migration and sealing it (or, with a kept template, taking its lock,
checking its fingerprint and schema and ending stray sessions); connecting to the server and looking
for leftovers of dead runs come before it and are in no phase. *running* starts when the worker pool
is made and ends when the last worker has exited: it holds the making of the clones ({r.at_once} at a
time, each on a thread with a connection of its own; a worker starts as soon as its own clone
exists), the tests, and the dropping of each clone (`DROP DATABASE … WITH (FORCE)`, on the main
thread) when its worker exits. *cloning* is the wall time, inside *running*, during which at least one
clone was being made or opened (p: {seconds(p['clone'])} s, within a *running* of {seconds(p['run'])} s); the
line also gives the clones' own times summed ({seconds(p['clone_sum'])} s for p), which counts clones made at
once several times over. *tearing down* is dropping the template (kept with `--keepdb`) and closing
the connection. Migrating + cloning is therefore the set-up as dbtest sees it, and the wall time less running and tearing down ({seconds(p['rest'])} s for p)
is start-up, discovery and the template only: it leaves the clones out. The set-up the targets are
judged on is measured from outside instead: `bench_postgres_tests` stamps the wall-clock time of
each worker process's first query (`BENCH_PG_STAMP_DIR`), and the set-up is the time from dbtest's
start to the last worker's stamp, when all {PG_WORKERS} databases exist, are migrated and in use. It includes
dbtest's start-up, the discovery, the start of the last worker process and its first query, which
the baseline does not have, so it errs against dbtest.

"""


def clones_gain(r: Results, found: Findings) -> str:
    """What making the clones at once gained over one after another."""
    gain = int(f"{(1 - r.clones_wall / found.clone_walls[1]) * 100:.0f}")  # int: no "-0"
    if gain < 0:
        return (f"on {cpu_count()} cores, making them at once gains nothing (it took {-gain} % longer): "
                "each clone is CPU and I/O work of the server's")
    if gain < 20:
        return f"on {cpu_count()} cores, making them at once gains little ({gain} %): each clone is CPU and I/O work of the server's"
    return f"making them at once gains {gain} %"


def setup_note(r: Results, found: Findings) -> str:
    p, ms = r.runs["pg_dbtest"], found.clone_ms
    title, narrowly = "**PostgreSQL set-up.**", ""
    if not r.setup_met:
        title = "**PostgreSQL set-up: target missed.**"
    elif r.speedup < 1.1 * TARGET_PG_SETUP_SPEEDUP:
        title = "**PostgreSQL set-up: met, narrowly.**"
        narrowly = (" Differences between runs of a tenth of a second (other work on the machine, the page cache,\n"
                    "the server's checkpoints) can tip it either way.")
    lines = [
        f"{title} dbtest had every one of its {PG_WORKERS} workers on a migrated clone {seconds(p['ready'])} s",
        f"after it started; migrating {PG_WORKERS} databases separately, {PG_WORKERS} at a time, took {seconds(r.q)} s: {r.speedup:.2f}×, against a",
        f"target of {TARGET_PG_SETUP_SPEEDUP}×.{narrowly} Of dbtest's {seconds(p['ready'])} s, building the template took {seconds(p['mig'])} s (median `migrating`);",
        f"the rest went on start-up and discovery, and on making the {PG_WORKERS} clones and starting the workers.",
        f"One `CREATE DATABASE … TEMPLATE` of the {r.template_mb:.1f} MB template takes {ms['create_file_copy']:.3f} ms with file_copy (dbtest's",
        f"default from PostgreSQL 15: it copies the files between two checkpoints) and {ms['create_wal_log']:.3f} ms with wal_log",
        "(PostgreSQL 15's default: it writes every block of the copy to the WAL); an empty `CREATE DATABASE`, as",
        f"`createdb` makes, takes {ms['create_empty']:.3f} ms, since it copies template1's {r.empty_mb:.1f} MB by wal_log.",
        f"The {PG_WORKERS} clones, made with psql by {DBTEST_STRATEGY}, with nothing else running, took {seconds(found.clone_walls[1])} s one after another and",
        f"{seconds(r.clones_wall)} s {r.at_once} at a time as dbtest makes them; {clones_gain(r, found)}.",
        f"So, as dbtest works now, its set-up cannot go below about {seconds(p['mig'])} + {seconds(r.clones_wall)} = {seconds(r.floor)} s on this",
    ]
    if r.floor_speedup < TARGET_PG_SETUP_SPEEDUP:
        lines += [f"machine, {r.floor_speedup:.2f}× faster than the baseline: short of {TARGET_PG_SETUP_SPEEDUP}× before dbtest does anything but wait for the",
                  "server. The target is out of reach for this schema on this server, whatever the runner does."]
    else:
        lines += [f"machine, {r.floor_speedup:.2f}× faster than the baseline, so the server leaves room for {TARGET_PG_SETUP_SPEEDUP}×; the {seconds(p['ready'] - r.floor)} s",
                  f"dbtest takes beyond that are its own: start-up and discovery, starting {PG_WORKERS} worker processes that each",
                  "connect, and clones made slower by what runs beside them (workers starting and running, clones",
                  "dropped: see pʰ below)."]
    lines += [
        f"The baseline spends, per database, an empty `CREATE DATABASE` and its {PG_FILES} migration files: one database",
        f"migrated by itself takes {seconds(r.base_one)} s (q₁ / {PG_WORKERS}), {r.base_one * 1000 / ms['create_file_copy']:.1f}× as long as one clone. A template gains more the longer",
        "the migrations take; this reference schema migrates in well under a second. With",
        f"`--pg-clone-strategy wal_log` the set-up took {seconds(r.runs['pg_dbtest_wal_log']['ready'])} s ({r.speedup_wal_log:.2f}×).",
    ]
    return paragraph(*lines)


def strategy_note(r: Results, found: Findings) -> str:
    """Only when dbtest's pick was not the faster strategy throughout."""
    if r.strategy_met:
        return ""
    def against_other(case: StrategyCase) -> float:
        other = "wal_log" if case.picked() == "file_copy" else "file_copy"
        return case.seconds[case.picked()] / case.seconds[other]

    worst = max(against_other(case) for case in found.strategy_cases if not case.picked_faster)
    best = min(against_other(case) for case in found.strategy_cases)
    why = [f"Where it lost, the pick took at most {worst:.2f}× the other's time; where it won, as little as {best:.2f}×.",
           "On the reference template the two strategies lie within a few tens of percent of each other, about",
           "what separates two runs of this benchmark on this machine's disk, and in the runs made so far which",
           "one wins has changed from run to run; on the large template file_copy wins by far. A pick right in",
           "every case would have to",
           "tell apart differences that small, by timing both strategies on the server at hand, several times,",
           "whenever a template is built."]
    return paragraph(f"**PostgreSQL clone strategy: target missed.** {strategy_outcome(r, found)}",
                     "The table is in [PostgreSQL clone strategy](#postgresql-clone-strategy).", *why)


def keepdb_note(r: Results) -> str:
    k1, k2, k20 = r.runs["pg_keep_first"], r.runs["pg_keep_second"], r.runs["pg_keep_second_unpooled"]
    title = "**`--keepdb`.**" if r.keep_met else "**`--keepdb`: target missed.**"
    return paragraph(
        f"{title} The second run had its {PG_WORKERS} workers on their clones after {seconds(k2['ready'])} s, the",
        f"first after {seconds(k1['ready'])} s: {times_faster(r.keep_ratio)}, against at most {TARGET_PG_KEEPDB_RATIO_SHOWN}. The target is judged on the",
        "whole set-up, template and clones, the clones being set-up that a developer waits for on every run.",
        f"Reusing the kept template took {seconds(k2['mig'])} s against {seconds(k1['mig'])} s to build it",
        f"({times_faster(r.keep_template_ratio)}). Without the pool (k₂⁰) the second run still made its {PG_WORKERS} clones",
        f"(about {seconds(r.clones_wall)} s with psql, {r.at_once} at a time) and was ready after {seconds(k20['ready'])} s",
        f"({times_faster(r.keep_unpooled_ratio)}); with it, each worker's clone was one that `dbtest fill-pool` had made",
        "after the run before, and claiming it is one short transaction.") + keepdb_remedy(r)


def keepdb_remedy(r: Results) -> str:
    """What the missed --keepdb target would take."""
    if r.keep_met:
        return ""
    k1, k2, k2s = r.runs["pg_keep_first"], r.runs["pg_keep_second"], r.runs["pg_keep_second_socket"]
    goal = TARGET_PG_KEEPDB_RATIO * k1["ready"]
    socket_met = r.keep_socket_ratio <= TARGET_PG_KEEPDB_RATIO
    return paragraph(
        f"**What {TARGET_PG_KEEPDB_RATIO_SHOWN} would take.** k₂ at most {seconds(goal)} s. Of its {seconds(k2['ready'])} s, checking",
        f"the kept template took {seconds(k2['mig'])} s (connecting to the server and to the template, and reading",
        f"its catalog); the rest is dbtest's own start and discovery, and {PG_WORKERS} worker processes starting at",
        "the same moment on this machine's 2 cores, each loading its libraries and connecting, then its",
        "first query. Each connection",
        "over TCP authenticates with SCRAM, which costs the client about 13 ms of CPU (PBKDF2 with 4,096",
        "iterations; measured on this machine apart from the benchmark: 21 ms of CPU for a small libpq program",
        f"that connects over TCP against 7.5 ms over the socket). Over the Unix socket (k₂ˢ), where the",
        f"server asks for no password, the same run was ready after {seconds(k2s['ready'])} s: {times_faster(r.keep_socket_ratio)}"
        + (", within the target." if socket_met else ", still short of the target."),
        "Meeting it over TCP would take fewer password exchanges than one per worker (libpq cannot share",
        "an authenticated session between processes) and the workers started while the template is checked",
        "rather than after.")


def other_observations_note(r: Results, found: Findings) -> str:
    p, hold = r.runs["pg_dbtest"], r.runs["pg_dbtest_hold"]
    lines = ["**PostgreSQL, other observations.** dbtest drops each clone as soon as its worker is done, while",
             "other clones may still be in the making, and a PostgreSQL 15 `DROP DATABASE` forces an immediate",
             "checkpoint. With every test holding its worker for a second (pʰ), so that no clone is dropped before"]
    if hold["ready"] < 0.85 * p["ready"]:
        lines += [f"all are made, the set-up took {seconds(hold['ready'])} s against {seconds(p['ready'])} s for p: those drops do slow the",
                  "clones down, and a run whose workers finish early pays for it."]
    else:
        lines += [f"all are made, the set-up took {seconds(hold['ready'])} s against {seconds(p['ready'])} s for p: those drops are not",
                  "what makes the clones slow."]
    lines += ["The server runs with autovacuum off: with it on, dbtest runs failed now and then while this",
              "benchmark was written, when an autovacuum worker was in the template or a clone that dbtest ended",
              "sessions on or dropped (`pg_terminate_backend` and `DROP DATABASE … WITH (FORCE)` may not end an",
              "autovacuum worker for a role that is not a superuser).",
              "The CPU times of q, q₁, p, pʷ, pʰ, k₁, k₂ and k₂ˢ are those of the",
              "client processes only (dbtest and its workers, or createdb and psql); the server's CPU time is not in",
              "them, though \"other processes' CPU use\" does count the server as the benchmark's own."]
    if found.leftovers:
        lines.append(f"After all the runs the server still held databases besides the kept template: {found.leftovers}.")
    else:
        lines += ["After all the runs the server held no database of dbtest's but the kept template, which the",
                  "script then dropped."]
    return paragraph(*lines)


# ---------------------------------------------------------------- the part

def not_measured(status: str) -> Part:
    return Part(status=status, intro=intro(), summary_rows=summary_rows_not_measured(), raw_rows=[],
                notes=paragraph(f"**PostgreSQL: not measured.** The PostgreSQL part did not run: {status}."),
                machine_row=f"not measured: {status}",
                section=f"Not measured: {status}. The rest of this report does not depend on it.\n\n"
                        "## PostgreSQL clone strategy\n\nNot measured either (see above).\n")


def measured(bench: Bench, found: Findings) -> Part:
    r = derive(bench, found)
    return Part(status="", intro=intro(), summary_rows=summary_rows(bench, r), raw_rows=raw_rows(),
                notes=(which_setup_note(r) + setup_note(r, found) + keepdb_note(r) + strategy_note(r, found)
                       + other_observations_note(r, found)),
                missed_target=not (r.setup_met and r.keep_met and r.strategy_met),
                machine_row=f"{found.version}, a throwaway cluster in /tmp: {found.settings}",
                section=section(r, found))


def run_part(bench: Bench) -> Part:
    status = why_not_measured(bench)
    if status:
        return not_measured(status)
    log("starting a throwaway PostgreSQL server")
    try:
        server = start_server(bench, "postgres")
    except ServerNotStarted as reason:
        return not_measured(str(reason))
    try:
        turn_autovacuum_off(server)
        postmaster = postmaster_pid(server)
        # The server is no child of this process: its CPU time counts as the benchmark's all the same.
        bench.server_ticks.append(lambda: process_tree_ticks(postmaster))
        found = measure_all(bench, server)
    except ServerNotStarted as reason:
        return not_measured(str(reason))
    except BenchError as error:
        log(f"error: {error}")
        log("the PostgreSQL part failed; the report says so")
        return not_measured(f"the measurements stopped with an error: {str(error).replace('|', '/')}")
    finally:
        bench.server_ticks.clear()
        stop_server(server)
    return measured(bench, found)
