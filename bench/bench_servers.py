"""What the parts that run the shop example's suite on every engine share:
its arguments per engine, and a throwaway server of the part's own whose CPU
time counts as the benchmark's."""

from __future__ import annotations

from typing import Callable, TypeVar

from bench_common import ROOT, Bench, ServerNotStarted, start_server, stop_server
from bench_report import RawRow
from bench_timing import process_ticks, process_tree_ticks

import bench_mysql
import bench_postgres

SHOP_TESTS = 166
ENGINE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL", "mysql": "MariaDB"}
SHOP_MIGRATIONS = {"sqlite": "migrations", "postgres": "migrations-postgres", "mysql": "migrations-mysql"}

Result = TypeVar("Result")


def shop_args(bench: Bench, engine: str, exports: dict[str, str], state: str, test_db_name: str,
              *server_options: str) -> list[str]:
    """dbtest's options for the shop suite on ENGINE: a state folder of
    STATE's own, the engine's migrations; on a server, its URL and a kept
    template named TEST_DB_NAME, with SERVER_OPTIONS."""
    args = ["--state-dir", str(bench.work / f"{state}-state-{engine}"),
            "--migrations", str(ROOT / "examples" / "shop" / SHOP_MIGRATIONS[engine])]
    if engine == "sqlite":
        return args
    url = exports["DBTEST_TEST_POSTGRES_URL" if engine == "postgres" else "DBTEST_TEST_MYSQL_URL"]
    return [*args, "--backend", engine, "--database-url", url, "--keepdb", "--test-db-name", test_db_name,
            *server_options]


def on_server(bench: Bench, engine: str, measure: Callable[[Bench, str, dict[str, str]], Result],
              not_measured: Callable[[str], Result]) -> Result:
    """MEASURE(bench, engine, exports) on a throwaway server of ENGINE
    ('postgres' or 'mysql'), stopped after; NOT_MEASURED(why) when the
    engine is left out or its server cannot start."""
    skip = bench.settings.skip_postgres if engine == "postgres" else bench.settings.skip_mysql
    if skip:
        return not_measured(f"left out on request (`SKIP_{engine.upper()}=1`)")
    try:
        server = start_server(bench, engine)
    except ServerNotStarted as why:
        return not_measured(str(why))
    try:
        # The server works for the benchmark: its CPU time is not other work.
        if engine == "postgres":
            postmaster = bench_postgres.postmaster_pid(server)
            bench.server_ticks.append(lambda: process_tree_ticks(postmaster))
        else:
            pid = bench_mysql.server_pid(server)
            bench.server_ticks.append(lambda: process_ticks(pid))
        return measure(bench, engine, server.exports)
    finally:
        bench.server_ticks.clear()
        stop_server(server)


def on_every_engine(bench: Bench, measure: Callable[[Bench, str, dict[str, str]], Result],
                    not_measured: Callable[[str, str], Result]) -> list[Result]:
    """MEASURE on SQLite, then on a PostgreSQL and a MariaDB server of its
    own; NOT_MEASURED(engine, why) for an engine left out."""
    if bench.settings.skip_sqlite:
        results = [not_measured("sqlite", "left out on request (`SKIP_SQLITE=1`)")]
    else:
        results = [measure(bench, "sqlite", {})]
    for engine in ("postgres", "mysql"):
        results.append(on_server(bench, engine, measure, lambda why, engine=engine: not_measured(engine, why)))
    return results


def shop_raw_rows(engines: list[str], key: str, labels: dict[str, tuple[str, str]], options: str,
                  server_options: str, second: tuple[str, str]) -> list[RawRow]:
    """The raw table's two rows per measured engine: the shop suite with
    OPTIONS (SERVER_OPTIONS added on a server), then SECOND (what it is, the
    option added), under KEY_<engine>_off and KEY_<engine>_on."""
    rows = []
    for engine in engines:
        first_label, second_label = labels[engine]
        backend = "" if engine == "sqlite" else f"--backend {engine} {server_options} "
        command = f"dbtest {backend}{options} --migrations examples/shop/{SHOP_MIGRATIONS[engine]}"
        rows.append(RawRow(f"{key}_{engine}_off", first_label, f"shop suite, {ENGINE_NAMES[engine]}",
                           command + " -- shop_tests"))
        rows.append(RawRow(f"{key}_{engine}_on", second_label, second[0], f"{command} {second[1]} -- shop_tests"))
    return rows
