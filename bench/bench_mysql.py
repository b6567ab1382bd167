"""The MySQL part: 8 copies of a migrated template by dbtest against
mysqldump | mysql, on a throwaway MariaDB server of its own
(ci/mysql-server.sh, durability off), with the PostgreSQL part's reference
schema written in MySQL's dialect, generated at run time.

    m   a fresh `dbtest --parallel 8 --backend mysql` run: it migrates a
        template database once, then makes a copy per worker from C++ (SHOW
        CREATE TABLE, INSERT ... SELECT over several connections, then the
        other objects and a check), several copies at once
    mʰ  the same with every test holding its worker for a second, so that no
        copy is dropped while others are made
    mᵏ  a --keepdb run that reuses a kept template: the same copies, from the
        very template u copies, with no migration before them
    u   the way Django's MySQL backend clones its test database for parallel
        workers: for each of 8 copies, one after another, CREATE DATABASE and
        `mysqldump --routines --events --triggers TEMPLATE | mysql COPY`
        (MariaDB's mariadb-dump and mariadb, the same programs), from the
        template mᵏ reuses
    u∥  the same 8 dump | load copies all at once (not Django's way)
    r   the template migrated with the client: CREATE DATABASE, then
        `mariadb DB < FILE` for each migration file (Django's set-up is r + u)

Then, untimed: SQL copies made with the client as dbtest makes them, a dump
and a load by themselves, and the server's own statement times (slow log,
long_query_time = 0) during one m run and one u run.

u, u∥ and r time `bench_commands.py my-dump-load` and `my-migrate`, which
run the mariadb client and mariadb-dump.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bench_commands import all_at_once, my_client_args, my_dump_load_one
from bench_common import (REFERENCE_FILES, REFERENCE_ROWS, REFERENCE_TABLES, Bench, BenchError, Server,
                          ServerNotStarted, cpu_count, dbtest_run_checked, dbtest_run_timed, log, median, run,
                          run_log_medians, run_or_fail, source_constant, start_server, stop_server, timed_command,
                          with_env)
from bench_report import Part, RawRow, paragraph, ratio, rounded, seconds, thousands, times_faster, verdict
from bench_timing import measure, process_ticks, wait_for_idle

MARIADBD = Path("/usr/sbin/mariadbd")
MY_TABLES = REFERENCE_TABLES
MY_FILES = REFERENCE_FILES
MY_ROWS = REFERENCE_ROWS
MY_WORKERS = 8
MY_TESTS = 24  # bench_mysql_tests: 8 suites x 3 tests
MY_PROBE_REPS = 5
TARGET_MY_COPY_SPEEDUP = 3  # 8 copies by dump | load, one after another / dbtest's 8 copies
TARGET_MY_KEEPDB_RATIO = 0.10  # --keepdb: the second run's set-up, from the pool, against the first's
MY_TEST_DB_NAME = "test_bench_template"  # --test-db-name of the --keepdb runs
# The kept template mᵏ reuses and u copies: MY_TEST_DB_NAME and 8 hex digits
# of its fingerprint, known once the first --keepdb run has kept it.
MY_TEMPLATE = ""
MY_PASSWORD = "dbtest-secret"  # ci/mysql-server.sh's dbtest account

BUILT = f"migrated {MY_FILES} files into the mysql template"
REUSED = "reusing the kept mysql template"
POOLED = f"{MY_WORKERS} ready clones of it wait in its pool"


# ---------------------------------------------------------------- the schema

def reference_table_sql(table: int) -> str:
    name = f"ref_{table:02d}"
    return f"""\
CREATE TABLE {name} (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id int NOT NULL,
  name varchar(255) NOT NULL,
  email varchar(255) NOT NULL,
  status smallint NOT NULL DEFAULT 0,
  quantity int NOT NULL,
  price_cents bigint,
  notes text,
  created_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at timestamp(6) NULL,
  KEY {name}_account_created_idx (account_id, created_at)
) ENGINE=InnoDB;
INSERT INTO {name} (account_id, name, email, status, quantity, price_cents, notes, created_at, updated_at)
SELECT (i * 7919) % 500, CONCAT('item {table}-', i), CONCAT('user', i, '@example.com'), i % 5, i % 97, (i * 137) % 100000,
       REPEAT(MD5(CONCAT('{table}/', i)), 5), TIMESTAMP '2024-01-01 00:00:00' + INTERVAL i HOUR,
       CASE WHEN i % 3 = 0 THEN TIMESTAMP '2024-06-01 00:00:00' + INTERVAL i MINUTE END
  FROM (WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {MY_ROWS}) SELECT i FROM seq) AS s;

"""


def generate_schema(folder: Path) -> None:
    """The PostgreSQL part's tables in MySQL's dialect (bigint AUTO_INCREMENT
    for bigserial, varchar(255) for the short text columns, TIMESTAMP(6) for
    timestamptz), each with one index besides its primary key and MY_ROWS
    rows from a recursive CTE (MySQL 8 and MariaDB 10.2+)."""
    folder.mkdir(parents=True, exist_ok=True)
    per_file = MY_TABLES // MY_FILES
    for number in range(1, MY_FILES + 1):
        first, last = (number - 1) * per_file + 1, number * per_file
        sql = "SET time_zone = '+00:00';\n\n" + "".join(reference_table_sql(table) for table in range(first, last + 1))
        (folder / f"{number:04d}_reference_tables_{first:02d}_to_{last:02d}.sql").write_text(sql)


# ---------------------------------------------------------------- the client

def client_env() -> dict[str, str]:
    """The password in MYSQL_PWD, as Django hands it to its clients."""
    return with_env(MYSQL_PWD=MY_PASSWORD)


@dataclass(frozen=True)
class Connection:
    port: str
    socket: str  # root's way in


def client(conn: Connection, *args: str, input: str | None = None) -> str:
    """The mariadb client as the server's `dbtest` account over TCP, as dbtest connects."""
    done = run(["mariadb", *my_client_args(conn.port), "--batch", *args], env=client_env(), input=input)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise BenchError(f"mariadb failed: {done.stderr.strip()[-300:]}")
    return done.stdout


def as_root(conn: Connection, sql: str) -> bool:
    """SQL as root, over the socket; whether it succeeded."""
    done = run(["mariadb", "--no-defaults", "-S", conn.socket, "-u", "root", "--batch", "-e", sql])
    sys.stderr.write(done.stderr)
    return done.returncode == 0


def value(conn: Connection, sql: str) -> str:
    return client(conn, "-N", "-e", sql).rstrip("\n")


def table_counts(conn: Connection, database: str) -> str:
    """"table rows" lines, every table of DATABASE but dbtest's marker."""
    tables = value(conn, f"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{database}' "
                         "AND TABLE_NAME <> 'dbtest_meta' ORDER BY 1").split()
    if not tables:
        return ""
    return value(conn, " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM `{database}`.`{table}`" for table in tables))


def check_copy(conn: Connection, database: str) -> None:
    """DATABASE holds the template's tables with the template's row counts."""
    expected, got = table_counts(conn, MY_TEMPLATE), table_counts(conn, database)
    if not expected or got != expected:
        differences = [f"< {line}" for line in expected.splitlines() if line not in got.splitlines()] + \
                      [f"> {line}" for line in got.splitlines() if line not in expected.splitlines()]
        raise BenchError(f"{database} does not hold what {MY_TEMPLATE} holds: {' '.join(differences[:4])}")


# ---------------------------------------------------------------- copies with the client
# As dbtest's copy runs them (backends/mysql/mysql_copy.cpp): the session
# settings, then per table its SHOW CREATE TABLE statement and an INSERT ...
# SELECT from the template.

@dataclass(frozen=True)
class Template:
    tables: list[str]  # every table but dbtest's marker
    creates: dict[str, str]  # table -> its SHOW CREATE TABLE statement


def read_template(conn: Connection) -> Template:
    tables = value(conn, f"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{MY_TEMPLATE}' "
                         "AND TABLE_NAME <> 'dbtest_meta' ORDER BY 1").split()
    creates = {}
    for table in tables:
        # The second column, its \n escapes undone.
        shown = value(conn, f"SHOW CREATE TABLE `{MY_TEMPLATE}`.`{table}`").split("\t", 1)[1]
        creates[table] = shown.replace("\\n", "\n")
    return Template(tables, creates)


def copy_lane_sql(template: Template, target: str, lanes: int, lane: int) -> str:
    """The statements of one lane of a copy: tables LANE, LANE + LANES, ..."""
    sql = ["SET SESSION foreign_key_checks = 0, unique_checks = 0, sql_mode = 'NO_AUTO_VALUE_ON_ZERO';",
           f"USE `{target}`;"]
    for index, table in enumerate(template.tables):
        if index % lanes == lane - 1:
            sql += [f"{template.creates[table]};",
                    f"INSERT INTO `{target}`.`{table}` SELECT * FROM `{MY_TEMPLATE}`.`{table}`;"]
    return "".join(line + "\n" for line in sql)


def sql_copy(conn: Connection, template: Template, target: str, lanes: int) -> None:
    """One copy with the client, the tables over LANES sessions."""
    client(conn, input=f"CREATE DATABASE `{target}`;\n")
    sessions = []
    for lane in range(1, lanes + 1):
        session = subprocess.Popen(["mariadb", *my_client_args(conn.port), "--batch"], env=client_env(),
                                   stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        session.stdin.write(copy_lane_sql(template, target, lanes, lane))
        session.stdin.close()
        sessions.append(session)
    if any([session.wait() != 0 for session in sessions]):
        raise BenchError(f"a copy of {MY_TEMPLATE} with the client failed")


def drop_probes(conn: Connection) -> None:
    client(conn, "-e", "".join(f"DROP DATABASE IF EXISTS test_bench_probe_{n};" for n in range(MY_WORKERS + 1)))


def copies_wall(conn: Connection, template: Template, at_once: int, lanes: int) -> float:
    """Seconds to make MY_WORKERS copies with the client, AT_ONCE at a time
    (copy i goes to queue i mod AT_ONCE), each over LANES sessions; drops them after."""
    def queue(first: int) -> bool:
        try:
            for number in range(first, MY_WORKERS + 1, at_once):
                sql_copy(conn, template, f"test_bench_probe_{number}", lanes)
        except BenchError:
            return False
        return True

    start = time.monotonic()
    if not all_at_once([lambda first=first: queue(first) for first in range(1, at_once + 1)]):
        raise BenchError("making copies with the client failed")
    wall = time.monotonic() - start
    drop_probes(conn)
    return wall


def ms(action: Callable[[], object]) -> float:
    """Milliseconds one run of the action took."""
    start = time.monotonic()
    action()
    return rounded((time.monotonic() - start) * 1000, 1)


def check_sql(template: Template, database: str) -> tuple[str, str]:
    """dbtest's check of a copy (read_inventory in backends/mysql/mysql_catalog.cpp):
    its tables, every table's count in one query, its routines, triggers,
    events; and the triggers' query alone."""
    quoted = f"'{database}'"
    counts = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM `{database}`.`{table}`" for table in template.tables)
    triggers = f"SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {quoted};"
    check = (f"SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = {quoted} "
             f"AND TABLE_NAME <> 'dbtest_meta' ORDER BY 1;{counts}; SELECT ROUTINE_TYPE, ROUTINE_NAME FROM "
             f"information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {quoted}; {triggers}"
             f"SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = {quoted};")
    return check, triggers


def dump_to_file(conn: Connection, dump_file: Path) -> None:
    with dump_file.open("w") as sink:
        if subprocess.run(["mariadb-dump", *my_client_args(conn.port), "--routines", "--events", "--triggers",
                           MY_TEMPLATE], stdout=sink, env=client_env()).returncode != 0:
            raise BenchError("failed: mariadb-dump of the template")


def load_from_file(conn: Connection, dump_file: Path, database: str) -> None:
    with dump_file.open() as source:
        if subprocess.run(["mariadb", *my_client_args(conn.port), database], stdin=source,
                          env=client_env()).returncode != 0:
            raise BenchError(f"failed: loading the dump into {database}")


def dump_load_probe(conn: Connection) -> None:
    if not my_dump_load_one(conn.port, MY_TEMPLATE, "test_bench_probe_0", env=client_env()):
        raise BenchError("failed: a dump | load copy")


# ---------------------------------------------------------------- the server's statement log
# Untimed diagnostics: the server's slow log with long_query_time = 0 (every
# statement and its time) while one command runs, into a file (a log table,
# log_output = TABLE, would serialise the sessions on itself); the log is
# off during the measurements.

@dataclass(frozen=True)
class StatementKind:
    name: str  # its sort order first: "2 CREATE TABLE"
    count: int
    seconds: float  # summed over the sessions
    longest: float


STATEMENT_KINDS = (  # the first that matches a statement's first line
    ("1 CREATE DATABASE", r"^CREATE DATABASE"),
    ("2 CREATE TABLE", r"^CREATE TABLE"),
    ("3 INSERT ... SELECT (the rows)", r"^INSERT INTO.*SELECT.*FROM"),
    ("3 INSERT ... VALUES (the rows)", r"^INSERT INTO.*VALUES"),
    ("4 the check: every table's COUNT(*)", r"COUNT\(\*\).*UNION ALL"),
    ("5 other reads of information_schema", r"information_schema"),
    ("6 the dump's SELECT * of a table", r"^SELECT /\*!40001 SQL_NO_CACHE \*/"),
    ("7 SHOW ...", r"^SHOW "),
    ("8 DROP DATABASE", r"^DROP DATABASE"),
)
TEMPLATE_KIND = "0 the template: migrating, sealing and reading it (every statement with it as the session's database)"


def statement_log_on(conn: Connection, log_file: Path) -> None:
    log_file.unlink(missing_ok=True)
    if not as_root(conn, f"SET GLOBAL log_output = 'FILE'; SET GLOBAL slow_query_log_file = '{log_file}';\n"
                         "    SET GLOBAL long_query_time = 0; SET GLOBAL slow_query_log = 1;"):
        raise BenchError("could not turn the server's slow log on")


def thread_schema(header: str) -> str:
    """The database of "# Thread_id: N  Schema: DB  QC_hit: No"."""
    words = header.split()
    for index, word in enumerate(words[:-1]):
        if word == "Schema:":
            return "" if words[index + 1] == "QC_hit:" else words[index + 1]
    return ""


def template_schema(lines: list[str]) -> str:
    """The template: the database that dbtest records its migrations in."""
    schema = ""
    for line in lines:
        if line.startswith("# Thread_id:"):
            schema = thread_schema(line)
        elif line.startswith("INSERT INTO dbtest_migrations"):
            return schema
    return ""


def statement_kind(statement: str, schema: str, template: str) -> str:
    if template and schema == template:
        return TEMPLATE_KIND
    return next((name for name, pattern in STATEMENT_KINDS if re.search(pattern, statement)), "9 everything else")


def classify_statements(text: str) -> list[StatementKind]:
    """An entry: "# Thread_id: N  Schema: DB  QC_hit: No", "# Query_time: S
    ...", maybe "use DB;", "SET timestamp=N;", then the statement, whose
    first line tells its kind."""
    lines = text.splitlines()
    template = template_schema(lines)
    totals: dict[str, list[float]] = {}  # kind -> count, seconds, longest
    schema, seconds_taken, pending = "", 0.0, False
    for line in lines:
        if line.startswith("# Thread_id:"):
            schema = thread_schema(line)
        elif line.startswith("# Query_time:"):
            seconds_taken, pending = float(line.split()[2]), True
        elif (line.startswith("#") or not pending or re.fullmatch(r"use [^ ]*;", line)
              or re.fullmatch(r"SET timestamp=[0-9]*;", line)):
            continue
        else:
            pending = False
            total = totals.setdefault(statement_kind(line, schema, template), [0, 0.0, 0.0])
            total[0] += 1
            total[1] += seconds_taken
            total[2] = max(total[2], seconds_taken)
    return [StatementKind(name, int(count), total, longest)
            for name, (count, total, longest) in sorted(totals.items())]


def statement_times(conn: Connection, log_file: Path) -> list[StatementKind]:
    if not as_root(conn, "SET GLOBAL slow_query_log = 0; FLUSH SLOW LOGS;"):
        raise BenchError("could not turn the server's slow log off")
    if not log_file.exists() or log_file.stat().st_size == 0:
        raise BenchError(f"the server's slow log {log_file} is empty")
    kinds = classify_statements(log_file.read_text(errors="replace"))
    log_file.unlink()
    return kinds


# ---------------------------------------------------------------- measuring

@dataclass
class Findings:
    """What the report needs besides the timings."""

    version: str
    settings: str  # the server's settings that matter here
    template_tables_all: int  # dbtest's two tables included
    indexes: int
    data_bytes: int  # the reference tables and their indexes
    dump_bytes: int
    probe_ms: dict[str, float]  # copy1, copyN, check, triggers, drop, dump, load, dump_load
    walls: dict[tuple[int, int], float]  # (at once, sessions each) -> seconds for MY_WORKERS copies
    lanes: int  # connections per copy, as dbtest's source says
    at_once: int  # copies at once, as dbtest's source says
    logged_run: tuple[float, float, float, float, float]  # wall, migrating, cloning, set-up, copies
    logged_dump: float
    statements_dbtest: list[StatementKind]
    statements_dump: list[StatementKind]
    leftovers: str  # databases left besides the kept template


def dbtest_args(url: str, migrations: Path, *more: str) -> list[str]:
    return ["--parallel", str(MY_WORKERS), "--backend", "mysql", "--database-url", url,
            "--migrations", str(migrations), *more]


def measure_dbtest_runs(bench: Bench, url: str, migrations: Path) -> None:
    """m and mʰ; then the kept template that mᵏ reuses and u copies, built and
    reused by two checked --keepdb runs."""
    tests = str(bench.binaries.mysql_tests)
    fresh = dbtest_args(url, migrations, "--", tests)
    keep = dbtest_args(url, migrations, "--keepdb", "--test-db-name", MY_TEST_DB_NAME, "--keep-pool", "0", "--", tests)
    dbtest_run_checked(bench, "my_check", BUILT, MY_TESTS, MY_WORKERS, fresh, "the MySQL run failed its check")
    measure(bench, "my_dbtest", dbtest_run_timed(bench, "my_dbtest", BUILT, MY_TESTS, MY_WORKERS, fresh))
    measure(bench, "my_dbtest_hold", dbtest_run_timed(bench, "my_dbtest_hold", BUILT, MY_TESTS, MY_WORKERS, fresh),
            env=with_env(BENCH_MY_TEST_SLEEP_MS="1000"))
    dbtest_run_checked(bench, "my_check", BUILT, MY_TESTS, MY_WORKERS, keep, "the first --keepdb run failed its check")
    dbtest_run_checked(bench, "my_check", REUSED, MY_TESTS, MY_WORKERS, keep, "the second --keepdb run failed its check")


def cleanup_templates(bench: Bench, url: str) -> list[str]:
    """dbtest's own way to drop the templates kept under MY_TEST_DB_NAME, and their pools."""
    return [str(bench.binaries.dbtest), "cleanup", "--templates", "--backend", "mysql", "--database-url", url,
            "--test-db-name", MY_TEST_DB_NAME]


def find_kept_template(conn: Connection) -> None:
    """Sets MY_TEMPLATE to the name the --keepdb runs kept their template under."""
    global MY_TEMPLATE
    MY_TEMPLATE = value(conn, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                              f"WHERE SCHEMA_NAME REGEXP '^{MY_TEST_DB_NAME}_[0-9a-f]{{8}}$'")
    if not MY_TEMPLATE or MY_TEMPLATE == "NULL":
        raise BenchError(f"no template is kept under {MY_TEST_DB_NAME}")


def measure_keepdb_runs(bench: Bench, conn: Connection, url: str, migrations: Path) -> None:
    """mᵏ (reusing the kept template, fresh copies), m₁ (no kept template:
    dropped before every run, so it builds and keeps one) and mᵖ (reusing
    it, with the pool of ready copies the run before left, full)."""
    tests = str(bench.binaries.mysql_tests)
    keep = dbtest_args(url, migrations, "--keepdb", "--test-db-name", MY_TEST_DB_NAME)
    no_pool = [*keep, "--keep-pool", "0", "--", tests]
    measure(bench, "my_keep", dbtest_run_timed(bench, "my_keep", REUSED, MY_TESTS, MY_WORKERS, no_pool))
    drop = cleanup_templates(bench, url)
    measure(bench, "my_keep_first", dbtest_run_timed(bench, "my_keep_first", BUILT, MY_TESTS, MY_WORKERS, no_pool),
            prepare=drop, env=client_env())
    find_kept_template(conn)
    pooled = [*keep, "--", tests]
    wait = timed_command("my-wait-pool", conn.port, f"{MY_TEST_DB_NAME}_", MY_WORKERS)
    dbtest_run_checked(bench, "my_check", REUSED, MY_TESTS, MY_WORKERS, pooled, "the --keepdb run that leaves a pool failed")
    run_or_fail(wait, "the pool of ready copies did not fill", client_env())
    dbtest_run_checked(bench, "my_check", POOLED, MY_TESTS, MY_WORKERS, pooled, "the --keepdb run from the pool failed")
    measure(bench, "my_keep_pooled", dbtest_run_timed(bench, "my_keep_pooled", POOLED, MY_TESTS, MY_WORKERS, pooled),
            prepare=wait, env=client_env())
    run_or_fail(wait, "the pool of ready copies did not fill", client_env())


def check_template(conn: Connection) -> tuple[int, int, int]:
    """The kept template holds the reference tables and rows; how many
    tables in all, how many indexes, and how many bytes of reference tables."""
    in_template = f"information_schema.TABLES WHERE TABLE_SCHEMA = '{MY_TEMPLATE}'"
    tables = value(conn, f"SELECT COUNT(*) FROM {in_template} AND TABLE_NAME LIKE 'ref\\_%'")
    rows = value(conn, "SELECT " + " + ".join(f"(SELECT COUNT(*) FROM `{MY_TEMPLATE}`.ref_{table:02d})"
                                              for table in range(1, MY_TABLES + 1)))
    if (tables, rows) != (str(MY_TABLES), str(MY_TABLES * MY_ROWS)):
        raise BenchError(f"the kept template holds {tables} reference tables and {rows} rows, "
                         f"not {MY_TABLES} and {MY_TABLES * MY_ROWS}")
    tables_all = value(conn, f"SELECT COUNT(*) FROM {in_template}")
    indexes = value(conn, "SELECT COUNT(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS "
                          f"WHERE TABLE_SCHEMA = '{MY_TEMPLATE}' AND TABLE_NAME LIKE 'ref\\_%'")
    data_bytes = value(conn, f"SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM {in_template} AND TABLE_NAME LIKE 'ref\\_%'")
    return int(tables_all), int(indexes), int(data_bytes)


def measure_dump_load(bench: Bench, conn: Connection) -> None:
    """u, u∥: MY_WORKERS copies by dump | load, checked once, then timed."""
    drop = timed_command("my-drop-copies", conn.port, MY_WORKERS)
    for key, how, failure in (("my_dump_load", "serial", "the dump | load copies failed"),
                              ("my_dump_load_parallel", "parallel", "the dump | load copies, all at once, failed")):
        copies = timed_command("my-dump-load", how, conn.port, MY_TEMPLATE, MY_WORKERS)
        run_or_fail(drop, "dropping the copies failed", client_env())
        run_or_fail(copies, failure, client_env())
        for number in range(1, MY_WORKERS + 1):
            check_copy(conn, f"test_bench_copy_{number}")
        measure(bench, key, copies, prepare=drop, env=client_env())


def dump_size(conn: Connection) -> int:
    """The bytes of SQL that each dump | load copy goes through."""
    dump = subprocess.run(["mariadb-dump", *my_client_args(conn.port), "--routines", "--events", "--triggers",
                           MY_TEMPLATE], capture_output=True, env=client_env())
    if dump.returncode != 0:
        raise BenchError("mariadb-dump of the template failed")
    return len(dump.stdout)


def measure_migration(bench: Bench, conn: Connection, migrations: Path) -> None:
    """r: the template migrated with the client, checked once, then timed."""
    drop = timed_command("my-drop-copies", conn.port, MY_WORKERS)
    run_or_fail(drop, "dropping the copies failed", client_env())
    run_or_fail(timed_command("my-migrate", conn.port, migrations), "migrating with the client failed", client_env())
    tables = value(conn, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'test_bench_migrated'")
    rows = value(conn, f"SELECT COUNT(*) FROM test_bench_migrated.ref_{MY_TABLES}")
    if (tables, rows) != (str(MY_TABLES), str(MY_ROWS)):
        raise BenchError(f"the client migrated {tables} tables and {rows} rows into the last, not {MY_TABLES} and {MY_ROWS}")
    measure(bench, "my_migrate", timed_command("my-migrate", conn.port, migrations), prepare=drop, env=client_env())
    run_or_fail(drop, "dropping the copies failed", client_env())


def probe_copies(bench: Bench, conn: Connection, template: Template, lanes: int) -> dict[str, float]:
    """One copy with the client, its check, its drop, a dump and a load
    alone, and one dump | load copy: the medians of MY_PROBE_REPS."""
    drop_probes(conn)
    sql_copy(conn, template, "test_bench_probe_0", 1)
    check_copy(conn, "test_bench_probe_0")
    drop_probes(conn)
    check, triggers = check_sql(template, "test_bench_probe_0")
    dump_file = bench.work / "my" / "dump.sql"
    times: dict[str, list[float]] = {what: [] for what in
                                     ("copy1", "copyN", "check", "triggers", "drop", "dump", "load", "dump_load")}
    for _ in range(MY_PROBE_REPS):
        times["copy1"].append(ms(lambda: sql_copy(conn, template, "test_bench_probe_0", 1)))
        times["check"].append(ms(lambda: client(conn, "-e", check)))
        times["triggers"].append(ms(lambda: client(conn, "-e", triggers)))
        times["drop"].append(ms(lambda: client(conn, "-e", "DROP DATABASE test_bench_probe_0")))
        times["copyN"].append(ms(lambda: sql_copy(conn, template, "test_bench_probe_0", lanes)))
        drop_probes(conn)
        times["dump"].append(ms(lambda: dump_to_file(conn, dump_file)))
        client(conn, "-e", "CREATE DATABASE test_bench_probe_0")
        times["load"].append(ms(lambda: load_from_file(conn, dump_file, "test_bench_probe_0")))
        drop_probes(conn)
        times["dump_load"].append(ms(lambda: dump_load_probe(conn)))
        drop_probes(conn)
    return {what: median(values) for what, values in times.items()}


def time_copies_at_once(conn: Connection, template: Template, at_once: int, lanes: int
                        ) -> dict[tuple[int, int], float]:
    """MY_WORKERS copies with the client, one after another, AT_ONCE at a
    time with one session or LANES each, all at once: the median of 3."""
    walls: dict[tuple[int, int], float] = {}
    for spec in ((1, 1), (at_once, 1), (at_once, lanes), (MY_WORKERS, 1)):
        if spec not in walls:
            walls[spec] = median(copies_wall(conn, template, *spec) for _ in range(3))
    return walls


def log_statements(bench: Bench, conn: Connection, server: Server, url: str, migrations: Path
                   ) -> tuple[tuple[float, ...], float, list[StatementKind], list[StatementKind]]:
    """Where the server's time goes: its own statement times in one m run and
    one u run (untimed: the log costs time of its own)."""
    log("logging the server's statements in one dbtest run and one dump | load run")
    slow_log = server.dir / "statements.log"
    statement_log_on(conn, slow_log)
    dbtest_run_checked(bench, "my_log", BUILT, MY_TESTS, MY_WORKERS,
                       dbtest_args(url, migrations, "--", str(bench.binaries.mysql_tests)), "the logged MySQL run failed")
    statements_dbtest = statement_times(conn, slow_log)
    logged = read_logged_run(bench.work / "my_log.runs")
    statement_log_on(conn, slow_log)
    start = time.monotonic()
    run_or_fail(timed_command("my-dump-load", "serial", conn.port, MY_TEMPLATE, MY_WORKERS),
                "the logged dump | load run failed", client_env())
    logged_dump = rounded(time.monotonic() - start, 3)
    statements_dump = statement_times(conn, slow_log)
    run_or_fail(timed_command("my-drop-copies", conn.port, MY_WORKERS), "dropping the copies failed", client_env())
    return logged, logged_dump, statements_dbtest, statements_dump


def read_logged_run(log_file: Path) -> tuple[float, ...]:
    """wall, migrating, cloning (summed), set-up (start -> last first query), copies."""
    wall, _, mig, _, running, tearing, _, ready, clone = map(float, log_file.read_text().split()[:9])
    return tuple(rounded(x, 3) for x in (wall, mig, clone, ready, ready - wall + running + tearing))


def measure_all(bench: Bench, server: Server) -> Findings:
    url = server.exports["DBTEST_TEST_MYSQL_URL"]
    conn = Connection(server.exports["DBTEST_TEST_MYSQL_PORT"], server.exports["DBTEST_TEST_MYSQL_SOCKET"])
    version = value(conn, "SELECT VERSION()")
    settings = value(conn, "SELECT CONCAT_WS(', ', CONCAT('innodb_buffer_pool_size = ', @@innodb_buffer_pool_size DIV 1048576, 'M'),\n"
                           "    CONCAT('innodb_doublewrite = ', @@innodb_doublewrite), CONCAT('innodb_flush_log_at_trx_commit = ', @@innodb_flush_log_at_trx_commit),\n"
                           "    CONCAT('innodb_file_per_table = ', @@innodb_file_per_table), CONCAT('log_bin = ', @@log_bin),\n"
                           "    CONCAT('character_set_server = ', @@character_set_server))")
    migrations = bench.work / "my" / "migrations"
    generate_schema(migrations)

    measure_dbtest_runs(bench, url, migrations)
    find_kept_template(conn)
    tables_all, indexes, data_bytes = check_template(conn)
    measure_keepdb_runs(bench, conn, url, migrations)
    dump_bytes = dump_size(conn)
    measure_dump_load(bench, conn)
    measure_migration(bench, conn, migrations)

    # Untimed probes with the client, nothing else running.
    wait_for_idle(bench.settings.idle_wait)
    log("timing copies made with the client")
    lanes = source_constant("backends/mysql/mysql_backend.cpp", "kTableConnections") or 4
    at_once = source_constant("runner/workers/fresh_clones.hpp", "kConcurrentClones") or 4
    template = read_template(conn)
    probe_ms = probe_copies(bench, conn, template, lanes)
    walls = time_copies_at_once(conn, template, at_once, lanes)
    logged_run, logged_dump, statements_dbtest, statements_dump = log_statements(bench, conn, server, url, migrations)

    # Nothing but the kept template and its pool should be left; then they go too.
    leftovers = value(conn, "SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY SCHEMA_NAME SEPARATOR ', ') FROM information_schema.SCHEMATA\n"
                            "    WHERE SCHEMA_NAME NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys', 'app', "
                            f"'{MY_TEMPLATE}') AND SCHEMA_NAME NOT REGEXP '^{MY_TEST_DB_NAME}_[0-9a-f]{{12}}_p[0-9]+$'")
    run_or_fail(cleanup_templates(bench, url), f"dropping {MY_TEMPLATE} failed", client_env())
    return Findings(version, settings, tables_all, indexes, data_bytes, dump_bytes, probe_ms, walls, lanes, at_once,
                    logged_run, logged_dump, statements_dbtest, statements_dump,
                    "" if leftovers == "NULL" else leftovers)


# ---------------------------------------------------------------- results

RUN_KEYS = ("my_dbtest", "my_dbtest_hold", "my_keep", "my_keep_first", "my_keep_pooled")


@dataclass
class Results:
    runs: dict[str, dict[str, float]]  # the run logs' medians, and pre and copies
    d: float  # u: 8 copies by dump | load, one after another
    dp: float  # u∥: all at once
    r: float  # the template migrated with the client
    copy_speedup: float  # u / m_copies: the target
    keep_ratio: float  # mᵖ_ready / m₁_ready: the target
    keep_unpooled_ratio: float  # mᵏ_ready / m₁_ready
    keep_copy_speedup: float
    copy_speedup_parallel: float
    django: float  # r + u
    setup_speedup: float
    setup_speedup_whole: float
    data_mb: float
    dump_mb: float

    @property
    def copy_met(self) -> bool:
        return self.copy_speedup >= TARGET_MY_COPY_SPEEDUP

    @property
    def keep_met(self) -> bool:
        return self.keep_ratio <= TARGET_MY_KEEPDB_RATIO


def derive(bench: Bench, found: Findings) -> Results:
    runs = {key: run_log_medians(bench.work / f"{key}.runs", {
        "pre": lambda r: r["wall"] - r["run"] - r["tear"],
        # The copies: from the worker pool's start (dbtest's start + wall −
        # running − tearing down) to the last worker's first query.
        "copies": lambda r: r["ready"] - (r["wall"] - r["run"] - r["tear"]),
    }) for key in RUN_KEYS}
    wall = {key: m.wall for key, m in bench.measurements.items()}
    d, dp, r = wall["my_dump_load"], wall["my_dump_load_parallel"], wall["my_migrate"]
    django = rounded(r + d, 3)
    return Results(
        runs=runs, d=d, dp=dp, r=r,
        copy_speedup=ratio(d, runs["my_dbtest"]["copies"]),
        keep_ratio=rounded(runs["my_keep_pooled"]["ready"] / runs["my_keep_first"]["ready"], 3),
        keep_unpooled_ratio=rounded(runs["my_keep"]["ready"] / runs["my_keep_first"]["ready"], 3),
        keep_copy_speedup=ratio(d, runs["my_keep"]["copies"]),
        copy_speedup_parallel=ratio(dp, runs["my_dbtest"]["copies"]),
        django=django,
        setup_speedup=ratio(django, runs["my_dbtest"]["ready"]),
        setup_speedup_whole=ratio(django, wall["my_dbtest"]),
        data_mb=rounded(found.data_bytes / 1048576, 1),
        dump_mb=rounded(found.dump_bytes / 1048576, 1))


# ---------------------------------------------------------------- report

def intro() -> str:
    return f"""\
- **MySQL set-up.** The same reference schema in MySQL's dialect ({MY_FILES} migration files of {MY_TABLES // MY_FILES} tables, generated
  by `bench/bench_mysql.py` at every run; `bigint AUTO_INCREMENT`, `varchar(255)`, `timestamp(6)`, an
  index besides the primary key, {thousands(MY_ROWS)} rows from a recursive CTE). `bench_mysql_tests` has {MY_WORKERS} suites × 3
  tests that each count the rows of one reference table through `dbtest::mysql()`, so {MY_WORKERS} workers all
  start. Against a throwaway MariaDB server (`ci/mysql-server.sh`; durability off) that the script starts and
  stops: (m) a fresh `dbtest --parallel {MY_WORKERS} --backend mysql` run, which migrates a template database once
  and makes each worker a copy of it from C++ (`SHOW CREATE TABLE`, `INSERT … SELECT` over several connections,
  then views, routines, triggers and events, then a check of object lists and row counts), several copies at
  once, a worker starting as soon as its copy is checked; (mᵏ) a `--keepdb` run that reuses a kept template,
  so only copies; (u) what Django's MySQL backend does to clone its test database for each parallel worker,
  one after another: `CREATE DATABASE`, then `mysqldump --routines --events --triggers TEMPLATE | mysql COPY`
  (MariaDB's `mariadb-dump` and `mariadb`, the same programs), {MY_WORKERS} times, from the template mᵏ reuses;
  (u∥) the same {MY_WORKERS} copies all at once; (r) the template migrated with the client, file by file."""


COPIES_ROW = (f"MySQL: {MY_WORKERS} copies of the migrated template ({MY_TABLES} tables × {thousands(MY_ROWS)} rows), "
              "`mysqldump --routines --events --triggers \\| mysql` one after another (Django's way) / "
              f"dbtest's {MY_WORKERS} copies (from the worker pool's start to the last worker's first query): u / m<sub>copies</sub>")


KEEPDB_ROW = ("MySQL `--keepdb`: the second run's set-up / the first run's (template and copies; from the start to "
              "the last worker's first query), the second taking the pool's ready copies: "
              "mᵖ<sub>ready</sub> / m₁<sub>ready</sub>")


def summary_rows_not_measured() -> list[str]:
    return [f"| {COPIES_ROW} | not measured | ≥ {TARGET_MY_COPY_SPEEDUP}× | not measured (see the notes) |",
            f"| {KEEPDB_ROW} | not measured | ≤ {TARGET_MY_KEEPDB_RATIO:.2f} | not measured (see the notes) |"]


def summary_rows(bench: Bench, r: Results) -> list[str]:
    m, mk = r.runs["my_dbtest"], r.runs["my_keep"]
    d = seconds(r.d)
    nat = "*(not a target)*"
    return [
        f"| {COPIES_ROW} | {r.copy_speedup:.2f}× ({d} s / {seconds(m['copies'])} s) | ≥ {TARGET_MY_COPY_SPEEDUP}× | {verdict(r.copy_met)} |",
        f"| {KEEPDB_ROW} | {times_faster(r.keep_ratio)} ({seconds(r.runs['my_keep_pooled']['ready'])} s / {seconds(r.runs['my_keep_first']['ready'])} s) | ≤ {TARGET_MY_KEEPDB_RATIO:.2f} | {verdict(r.keep_met)} |",
        f"| {nat} `--keepdb` without the pool, fresh copies of the reused template: mᵏ<sub>ready</sub> / m₁<sub>ready</sub> | {times_faster(r.keep_unpooled_ratio)} ({seconds(mk['ready'])} s / {seconds(r.runs['my_keep_first']['ready'])} s) | — | — |",
        f"| {nat} the same with dbtest's copies of the very template u copies (`--keepdb`, reused): u / mᵏ<sub>copies</sub> | {r.keep_copy_speedup:.2f}× ({d} s / {seconds(mk['copies'])} s) | — | — |",
        f"| {nat} the same against the {MY_WORKERS} dump \\| load copies all at once: u∥ / m<sub>copies</sub> | {r.copy_speedup_parallel:.2f}× ({seconds(r.dp)} s / {seconds(m['copies'])} s) | — | — |",
        f"| {nat} MySQL set-up for {MY_WORKERS} workers: the template migrated with the client, then u (Django's set-up) / dbtest's whole set-up (from its start to the last worker's first query: template and copies): (r + u) / m<sub>ready</sub> | {r.setup_speedup:.2f}× ({seconds(r.django)} s / {seconds(m['ready'])} s) | — | — |",
        f"| {nat} the same with dbtest's whole run (tests and tear-down too): (r + u) / m | {r.setup_speedup_whole:.2f}× ({seconds(r.django)} s / {seconds(bench.measurements['my_dbtest'].wall)} s) | — | — |",
    ]


def raw_rows() -> list[RawRow]:
    dbtest = f"dbtest --parallel {MY_WORKERS} --backend mysql --database-url URL --migrations REF"
    return [
        RawRow("my_dbtest", "m", f"MySQL, {MY_WORKERS} workers: template built, {MY_WORKERS} copies, {MY_TESTS} tests, all dropped",
               f"`{dbtest} -- bench_mysql_tests`"),
        RawRow("my_dbtest_hold", "mʰ", "the same as m, every test sleeping 1 s after its query: no worker is done, and no copy dropped, while copies are made",
               f"`BENCH_MY_TEST_SLEEP_MS=1000 {dbtest} -- bench_mysql_tests`"),
        RawRow("my_keep", "mᵏ", f"the same reusing a kept template (`--keepdb`): {MY_WORKERS} copies of it, {MY_TESTS} tests, copies dropped",
               f"`{dbtest} --keepdb --test-db-name {MY_TEST_DB_NAME} --keep-pool 0 -- bench_mysql_tests`"),
        RawRow("my_keep_first", "m₁", "`--keepdb`, first run: no kept template (dropped before each run), so it builds and keeps one",
               "the same"),
        RawRow("my_keep_pooled", "mᵖ", f"`--keepdb`, second run: reuses the template and takes the {MY_WORKERS} ready copies of its pool, which each run leaves for the next",
               f"`{dbtest} --keepdb --test-db-name {MY_TEST_DB_NAME} -- bench_mysql_tests`, after the pool is full"),
        RawRow("my_dump_load", "u", f"{MY_WORKERS} copies of that kept template by dump and load, one after another (Django's way)",
               f"{MY_WORKERS} × (`mariadb -e 'CREATE DATABASE COPY'`, then `mariadb-dump --routines --events --triggers {MY_TEMPLATE} \\| mariadb COPY`)"),
        RawRow("my_dump_load_parallel", "u∥", f"the same {MY_WORKERS} copies all at once", f"the same {MY_WORKERS}, all started at once, then waited for"),
        RawRow("my_migrate", "r", "the template migrated with the client",
               f"`mariadb -e 'CREATE DATABASE DB'`, then `mariadb DB < FILE` for each of the {MY_FILES} files"),
    ]


def phase_table(r: Results) -> str:
    rows = ["| | Runs | Wall time | discovering | migrating | cloning (wall) | cloning (summed over copies) | running | tearing down | wall − running − tearing down (start → worker pool) | start → first worker's first query | start → last worker's first query (set-up) | worker pool → last worker's first query (the copies) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, label in zip(RUN_KEYS, ("m", "mʰ", "mᵏ", "m₁", "mᵖ")):
        m = r.runs[key]
        cells = [seconds(m[column]) + " s" for column in
                 ("wall", "disc", "mig", "clone", "clone_sum", "run", "tear", "pre", "first", "ready")]
        rows.append(f"| {label} | {m['n']} | {' | '.join(cells)} | **{seconds(m['copies'])} s** |")
    return "\n".join(rows)


def probe_table(r: Results, found: Findings) -> str:
    ms, walls, at_once, lanes = found.probe_ms, found.walls, found.at_once, found.lanes
    w = MY_WORKERS
    return "\n".join([
        f"| What (from the kept template: {found.template_tables_all} tables, {r.data_mb:.1f} MB of reference tables and indexes) | Time |",
        "| --- | ---: |",
        f"| one copy with the client, dbtest's statements (`CREATE DATABASE`; per table its `SHOW CREATE TABLE` statement and `INSERT … SELECT`) in one session | {ms['copy1']:.1f} ms |",
        f"| the same, the tables over {lanes} sessions at once, as dbtest makes one copy | {ms['copyN']:.1f} ms |",
        f"| dbtest's check of a copy: its tables, every table's `COUNT(*)` in one `UNION ALL` query, its routines, triggers and events (5 queries, one client) | {ms['check']:.1f} ms |",
        f"| of which alone: `SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = …` | {ms['triggers']:.1f} ms |",
        f"| `DROP DATABASE` of a copy | {ms['drop']:.1f} ms |",
        f"| `mariadb-dump --routines --events --triggers` of the template into a file ({r.dump_mb:.1f} MB) | {ms['dump']:.1f} ms |",
        f"| `mariadb COPY < FILE`: loading that file into an empty database | {ms['load']:.1f} ms |",
        f"| one copy by dump \\| load, `CREATE DATABASE` included, as u makes each | {ms['dump_load']:.1f} ms |",
        f"| {w} copies with the client, one after another, one session each | {seconds(walls[(1, 1)])} s |",
        f"| {w} copies with the client, {at_once} at a time, one session each | {seconds(walls[(at_once, 1)])} s |",
        f"| {w} copies with the client, {at_once} at a time, {lanes} sessions each, as dbtest makes them | {seconds(walls[(at_once, lanes)])} s |",
        f"| {w} copies with the client, all at once, one session each | {seconds(walls[(w, 1)])} s |",
    ])


def statement_table(kinds: list[StatementKind]) -> str:
    rows = ["| Statements | Count | Seconds (summed over sessions) | Longest |", "| --- | ---: | ---: | ---: |"]
    rows += [f"| {kind.name.split(' ', 1)[1]} | {kind.count} | {kind.seconds:.3f} s | {kind.longest:.3f} s |"
             for kind in kinds]
    return "\n".join(rows)


def section(r: Results, found: Findings) -> str:
    wall, mig, clone, ready, copies = (seconds(x) for x in found.logged_run)
    return f"""\
The reference schema in MariaDB: {MY_TABLES} tables with {found.indexes} indexes (primary keys included), {thousands(MY_TABLES * MY_ROWS)} rows,
{r.data_mb:.1f} MB of tables and indexes (`DATA_LENGTH + INDEX_LENGTH`); its dump is {r.dump_mb:.1f} MB of SQL. The template also holds
dbtest's `dbtest_meta` and `dbtest_migrations` ({found.template_tables_all} tables in all), which both ways copy.
Every timed dbtest run was checked: exit status 0, `{MY_TESTS} passed, 0 failed, 0 skipped` as its last line,
{MY_WORKERS} worker processes that each ran a query, and "{BUILT}" or
"{REUSED}" as the case may be; dbtest itself checks every copy's tables and row counts
against the template before its worker starts. The copies of u and u∥ were checked once the same way (every
table's `COUNT(*)` against the template's), and so was the client migration r.

dbtest's phases (medians over the timed runs, warm-up left out). *running* starts with the worker pool, which
makes the copies ({found.at_once} at a time, each on a thread of its own with {found.lanes} connections for its tables);
*cloning* is the wall time, within *running*, during which at least one copy was being made or opened; the
copies' own times summed are beside it. The copies' wall time, the last
column, runs from the worker pool's start (dbtest's start + wall − running − tearing down) to the last
worker's first query: it holds the start of the last worker process and its first query, which u does
not have, so it errs against dbtest.

{phase_table(r)}

Copies made with the client, with nothing else running (one: the median of {MY_PROBE_REPS}; {MY_WORKERS}: the wall time, the median of 3):

{probe_table(r, found)}

Where the server's time goes: every statement the server ran, with its time, from its slow log
(`long_query_time = 0`, to a file), in one more m run and one more u run, untimed (logging
every statement slows the server down). That m run took {wall} s: template {mig} s, set-up to the last worker's
first query {ready} s, of which the copies {copies} s ({clone} s summed over copies); that u run took {seconds(found.logged_dump)} s.
Times are summed over the sessions that ran at once, so they can add up to more than the wall time.

dbtest (m):

{statement_table(found.statements_dbtest)}

dump | load (u):

{statement_table(found.statements_dump)}
"""


def copies_note(r: Results) -> str:
    m = r.runs["my_dbtest"]
    title = "**MySQL copies.**" if r.copy_met else "**MySQL copies: target missed.**"
    return paragraph(
        f"{title} dbtest made its {MY_WORKERS} copies, and had the last worker on its copy, {seconds(m['copies'])} s after its worker",
        f"pool started (median); {MY_WORKERS} copies by `mariadb-dump | mariadb`, one after another, took {seconds(r.d)} s: {r.copy_speedup:.2f}×, against a",
        f"target of {TARGET_MY_COPY_SPEEDUP}×. Copying the same kept template u copies (mᵏ), dbtest took {seconds(r.runs['my_keep']['copies'])} s ({r.keep_copy_speedup:.2f}×).",
        f"Made all at once, the dump | load copies took {seconds(r.dp)} s ({r.copy_speedup_parallel:.2f}×).",
        f"dbtest's whole set-up, from its start to the last worker's first query, took {seconds(m['ready'])} s, of which",
        f"{seconds(m['mig'])} s built the template (median `migrating`); Django's, the template migrated with the client",
        f"({seconds(r.r)} s) and then u, would take {seconds(r.django)} s: {r.setup_speedup:.2f}×.")


def where_copies_go_note(bench: Bench, r: Results, found: Findings) -> str:
    m, hold = r.runs["my_dbtest"], r.runs["my_dbtest_hold"]
    ms, walls, at_once, lanes = found.probe_ms, found.walls, found.at_once, found.lanes
    cpu = {key: measured.cpu for key, measured in bench.measurements.items()}
    floor = walls[(at_once, lanes)]
    best = min(walls.values())  # the fastest way the client made the copies: what the server allows
    best_speedup = ratio(r.d, best)
    lines = [
        "**Where dbtest's copies spend their time.** One copy with the client, dbtest's statements in one",
        f"session, takes {ms['copy1']:.1f} ms ({ms['copyN']:.1f} ms over {lanes} sessions); one dump | load takes {ms['dump_load']:.1f} ms",
        f"(the dump {ms['dump']:.1f} ms, the load {ms['load']:.1f} ms). {MY_WORKERS} client copies made as dbtest makes them ({at_once} at a time, {lanes}",
        f"sessions each) took {seconds(floor)} s, {seconds(walls[(1, 1)])} s one after another, {seconds(walls[(MY_WORKERS, 1)])} s all at once with one session each: the",
        f"server's work for {MY_WORKERS} copies, with no runner around it. dbtest's {seconds(m['copies'])} s also hold its check of each copy",
        f"({ms['check']:.1f} ms a copy with nothing else running, {ms['triggers']:.1f} ms of it the query on `information_schema.TRIGGERS`) and",
        "the start of the last worker process and its first query. The server's statement log of one m run",
        "(above) shows what the server spent, summed over the sessions that ran at once: nearly all of it on",
        "`CREATE TABLE` and `INSERT … SELECT`, each of which took far longer than in the dump | load run, where",
        "one session at a time runs them.",
    ]
    if best_speedup < TARGET_MY_COPY_SPEEDUP:
        lines += [f"The fastest the client made the {MY_WORKERS} copies, {seconds(best)} s, is {best_speedup:.2f}× faster than u: short of {TARGET_MY_COPY_SPEEDUP}× before",
                  "any runner adds anything. With copies made in SQL, the target is out of reach for this schema on",
                  "this server, whatever the runner does."]
    else:
        lines += [f"The fastest the client made the {MY_WORKERS} copies, {seconds(best)} s, is {best_speedup:.2f}× faster than u: the server leaves room",
                  f"for {TARGET_MY_COPY_SPEEDUP}×, and the {seconds(m['copies'] - best)} s dbtest's copies take beyond that are the runner's."]
    if cpu["my_dbtest"] > cpu["my_dump_load"]:
        lines += [f"The server does the copying, yet dbtest and its workers used {seconds(cpu['my_dbtest'])} s of CPU in an m run",
                  f"({seconds(cpu['my_keep'])} s in mᵏ), more than mariadb-dump and mariadb, which print and parse {MY_WORKERS} × {r.dump_mb:.1f} MB of SQL,",
                  f"used in u ({seconds(cpu['my_dump_load'])} s): CPU that the server, on {cpu_count()} cores, does not get."]
    lines += ["With every test holding its worker for a second (mʰ), so that no copy is dropped while others are"]
    if hold["copies"] < 0.85 * m["copies"]:
        lines += [f"made, the copies took {seconds(hold['copies'])} s against {seconds(m['copies'])} s for m: the drops of finished workers' copies",
                  "(`DROP DATABASE`, on dbtest's main thread) slow the remaining copies down."]
    else:
        lines += [f"made, the copies took {seconds(hold['copies'])} s against {seconds(m['copies'])} s for m: the drops of finished workers'",
                  "copies are not what makes the copies slow."]
    if walls[(at_once, lanes)] > 1.1 * walls[(MY_WORKERS, 1)]:
        lines += [f"Many sessions at once do not help on this machine: {at_once} copies at a time over {lanes} sessions each",
                  f"({at_once * lanes} sessions) took longer than {MY_WORKERS} single-session copies all at once."]
    lines += ["The CPU times of m, mʰ, mᵏ, u, u∥ and r are those of the client processes only (dbtest and its workers, or",
              "mariadb-dump and mariadb); the server's CPU time is not in them, though \"other processes' CPU use\"",
              "counts the server as the benchmark's own."]
    if found.leftovers:
        lines.append(f"After all the runs the server still held databases besides the kept template: {found.leftovers}.")
    else:
        lines += ["After all the runs the server held no database of dbtest's but the kept template, which the",
                  "script then dropped."]
    return paragraph(*lines)


# ---------------------------------------------------------------- the part

def why_not_measured(bench: Bench) -> str:
    if bench.settings.skip_mysql:
        return "left out on request (`SKIP_MYSQL=1`)"
    if not MARIADBD.exists():
        return f"mariadb-server is not installed (no `{MARIADBD}`; `ci/install-deps.sh` installs it)"
    for tool in ("mariadb", "mariadb-dump"):
        if not shutil.which(tool):
            return f"the MariaDB client `{tool}` is not installed"
    return ""


def server_pid(server: Server) -> int:
    try:
        pid = (server.dir / "mariadbd.pid").read_text().splitlines()[0]
    except (OSError, IndexError):
        pid = ""
    if not pid.isdigit():
        raise ServerNotStarted("the throwaway server wrote no pid file")
    return int(pid)


def not_measured(status: str) -> Part:
    return Part(status=status, intro=intro(), summary_rows=summary_rows_not_measured(), raw_rows=[],
                notes=paragraph(f"**MySQL: not measured.** The MySQL part did not run: {status}."),
                machine_row=f"not measured: {status}",
                section=f"Not measured: {status}. The rest of this report does not depend on it.")


def keepdb_note(r: Results) -> str:
    first, pooled, unpooled = r.runs["my_keep_first"], r.runs["my_keep_pooled"], r.runs["my_keep"]
    title = "**MySQL `--keepdb`.**" if r.keep_met else "**MySQL `--keepdb`: target missed.**"
    return paragraph(
        f"{title} A first `--keepdb` run (m₁) had its {MY_WORKERS} workers on their copies after {seconds(first['ready'])} s;",
        f"a second one that took the {MY_WORKERS} ready copies `dbtest fill-pool` had made after the run before it (mᵖ),",
        f"after {seconds(pooled['ready'])} s: {times_faster(r.keep_ratio)}, against at most {TARGET_MY_KEEPDB_RATIO:.2f}. Without the pool (mᵏ) the",
        f"second run reused the template but still copied it {MY_WORKERS} times: {seconds(unpooled['ready'])} s ({times_faster(r.keep_unpooled_ratio)}).")


def measured(bench: Bench, found: Findings) -> Part:
    r = derive(bench, found)
    return Part(status="", intro=intro(), summary_rows=summary_rows(bench, r), raw_rows=raw_rows(),
                notes=copies_note(r) + keepdb_note(r) + where_copies_go_note(bench, r, found),
                missed_target=not (r.copy_met and r.keep_met),
                machine_row=(f"{found.version}, a throwaway server in /tmp (`ci/mysql-server.sh`: no fsync, "
                             f"`--debug-no-sync`): {found.settings}"),
                section=section(r, found))


def run_part(bench: Bench) -> Part:
    status = why_not_measured(bench)
    if status:
        return not_measured(status)
    log("starting a throwaway MariaDB server")
    try:
        server = start_server(bench, "mysql")
    except ServerNotStarted as reason:
        return not_measured(str(reason))
    try:
        pid = server_pid(server)
        # The server is no child of this process: its CPU time counts as the benchmark's all the same.
        bench.server_ticks.append(lambda: process_ticks(pid))
        found = measure_all(bench, server)
    except ServerNotStarted as reason:
        return not_measured(str(reason))
    except BenchError as error:
        log(f"error: {error}")
        log("the MySQL part failed; the report says so")
        return not_measured(f"the measurements stopped with an error: {str(error).replace('|', '/')}")
    finally:
        bench.server_ticks.clear()
        stop_server(server)
    return measured(bench, found)
