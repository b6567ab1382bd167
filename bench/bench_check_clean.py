"""What `--check-clean` costs per test, on the shop example's suite
(examples/shop, 166 tests) on each engine: the suite on one worker with and
without `--check-clean` (on a server, both reusing a kept template,
`--keepdb`), so the difference is the check alone; divided by the number of
tests. SQLite runs
in any case; PostgreSQL and MariaDB on throwaway servers of this part's own
(ci/postgres-server.sh, ci/mysql-server.sh), skipped like the server parts
when their server is not installed or left out."""

from __future__ import annotations

from dataclasses import dataclass

from bench_common import ROOT, Bench, ServerNotStarted, start_server, stop_server
from bench_report import Part, RawRow, paragraph, verdict
from bench_timing import measure, process_ticks, process_tree_ticks

import bench_mysql
import bench_postgres
from bench_sqlite import check_dbtest

SHOP_TESTS = 166
TARGET_MS = 1.0  # per test, on SQLite
LABELS = {"sqlite": ("k", "kᶜ"), "postgres": ("kₚ", "kₚᶜ"), "mysql": ("kₘ", "kₘᶜ")}
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL", "mysql": "MariaDB"}
MIGRATIONS = {"sqlite": "migrations", "postgres": "migrations-postgres", "mysql": "migrations-mysql"}


@dataclass
class EngineResult:
    engine: str
    status: str  # why it was not measured; "" when it was
    cost_ms: float = 0.0
    warned: str = ""  # the summary's count of tests that left their clone changed


def check(bench: Bench, args: list[str]) -> str:
    """One checked run (bench_sqlite.check_dbtest: every test passed, the
    closing line last). Its warnings line, which counts the tests
    --check-clean named."""
    check_dbtest(bench, SHOP_TESTS, args)
    output = (bench.work / "check.out").read_text(errors="replace")
    return next((line for line in output.splitlines() if "passed with warnings" in line), "")


def engine_args(bench: Bench, engine: str, exports: dict[str, str]) -> list[str]:
    state = ["--state-dir", str(bench.work / f"check-clean-state-{engine}")]
    migrations = ["--migrations", str(ROOT / "examples" / "shop" / MIGRATIONS[engine])]
    if engine == "sqlite":
        return [*state, *migrations]
    url = exports["DBTEST_TEST_POSTGRES_URL" if engine == "postgres" else "DBTEST_TEST_MYSQL_URL"]
    return [*state, "--backend", engine, "--database-url", url, *migrations, "--keepdb", "--test-db-name",
            "test_check_clean"]


def measure_engine(bench: Bench, engine: str, exports: dict[str, str]) -> EngineResult:
    shop = str(bench.binaries.shop)
    base = [*engine_args(bench, engine, exports), "--parallel", "1"]
    without = [*base, "--", shop]
    with_check = [*base, "--check-clean", "--", shop]
    check(bench, without)  # builds the kept template both runs reuse
    warned = check(bench, with_check)
    dbtest = str(bench.binaries.dbtest)
    plain = measure(bench, f"check_clean_{engine}_off", [dbtest, *without])
    checked = measure(bench, f"check_clean_{engine}_on", [dbtest, *with_check])
    return EngineResult(engine, "", (checked.wall - plain.wall) / SHOP_TESTS * 1000, warned)


def on_server(bench: Bench, engine: str) -> EngineResult:
    skip = bench.settings.skip_postgres if engine == "postgres" else bench.settings.skip_mysql
    if skip:
        return EngineResult(engine, f"left out on request (`SKIP_{engine.upper()}=1`)")
    try:
        server = start_server(bench, engine)
    except ServerNotStarted as why:
        return EngineResult(engine, str(why))
    try:
        # The server works for the benchmark: its CPU time is not other work.
        if engine == "postgres":
            postmaster = bench_postgres.postmaster_pid(server)
            bench.server_ticks.append(lambda: process_tree_ticks(postmaster))
        else:
            pid = bench_mysql.server_pid(server)
            bench.server_ticks.append(lambda: process_ticks(pid))
        return measure_engine(bench, engine, server.exports)
    finally:
        bench.server_ticks.clear()
        stop_server(server)


def intro() -> str:
    return ("- **`--check-clean`.** The shop example's suite (`examples/shop`, 166 tests, some of which commit on\n"
            "  purpose) on one worker (`--parallel 1`): (k) without and (kᶜ) with `--check-clean`, on SQLite; (kₚ, kₚᶜ)\n"
            "  the same on PostgreSQL and (kₘ, kₘᶜ) on MariaDB, on throwaway servers of this part's own, both reusing a\n"
            "  kept template (`--keepdb`). The check's cost per test is (kᶜ − k) / 166.")


def summary_rows(results: list[EngineResult]) -> list[str]:
    rows = []
    for r in results:
        off, on = LABELS[r.engine]
        what = f"`--check-clean` cost per test, {NAMES[r.engine]}: ({on} − {off}) / {SHOP_TESTS}"
        if r.status:
            rows.append(f"| {what} | not measured | {'< 1 ms' if r.engine == 'sqlite' else '—'} | — |")
        elif r.engine == "sqlite":
            rows.append(f"| {what} | {r.cost_ms:.3f} ms | < {TARGET_MS:g} ms | {verdict(r.cost_ms < TARGET_MS)} |")
        else:
            rows.append(f"| *(not a target)* {what} | {r.cost_ms:.3f} ms | — | — |")
    return rows


def raw_rows(results: list[EngineResult]) -> list[RawRow]:
    rows = []
    for r in results:
        if r.status:
            continue
        off, on = LABELS[r.engine]
        backend = "" if r.engine == "sqlite" else f"--backend {r.engine} --keepdb "
        command = f"dbtest {backend}--parallel 1 --migrations examples/shop/{MIGRATIONS[r.engine]}"
        rows.append(RawRow(f"check_clean_{r.engine}_off", off, f"shop suite, {NAMES[r.engine]}", command + " -- shop_tests"))
        rows.append(RawRow(f"check_clean_{r.engine}_on", on, f"the same with `--check-clean`",
                           command + " --check-clean -- shop_tests"))
    return rows


def notes_text(results: list[EngineResult]) -> str:
    measured = [r for r in results if not r.status]
    text = ""
    if measured:
        costs = ", ".join(f"{NAMES[r.engine]} {r.cost_ms:.3f} ms" for r in measured)
        warned = "; ".join(f"{NAMES[r.engine]}: {r.warned}" for r in measured if r.warned)
        below_noise = [NAMES[r.engine] for r in measured if r.cost_ms <= 0]
        text += paragraph(
            f"**`--check-clean`.** Its cost per test, one worker: {costs}. On SQLite a test that wrote nothing costs",
            "no counting (the connection's change counter did not move); one that wrote costs a count of every",
            "table. PostgreSQL counts every table in one round trip, MariaDB in two, before and after each test,",
            "and the server does the counting: on a server the cost is mostly the server's CPU time.",
            (f"On {', '.join(below_noise)} the difference is below the noise of the runs. " if below_noise else "")
            + f"Tests it named as leaving their clone changed: {warned or 'none'} (the shop suite's "
            "committed-writes tests commit on purpose, and put their tables back in TearDown).")
    for r in results:
        if r.status:
            text += paragraph(f"**`--check-clean` on {NAMES[r.engine]}: not measured.** {r.status}.")
    return text


def run_part(bench: Bench) -> Part:
    results: list[EngineResult] = []
    if bench.settings.skip_sqlite:
        results.append(EngineResult("sqlite", "left out on request (`SKIP_SQLITE=1`)"))
    else:
        results.append(measure_engine(bench, "sqlite", {}))
    results.append(on_server(bench, "postgres"))
    results.append(on_server(bench, "mysql"))
    sqlite = results[0]
    return Part(status="" if any(not r.status for r in results) else "not measured", intro=intro(),
                summary_rows=summary_rows(results), raw_rows=raw_rows(results), notes=notes_text(results),
                missed_target=not sqlite.status and sqlite.cost_ms >= TARGET_MS)
