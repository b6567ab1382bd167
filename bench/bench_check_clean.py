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

from bench_common import Bench
from bench_report import Part, RawRow, paragraph, verdict
from bench_servers import ENGINE_NAMES as NAMES, SHOP_MIGRATIONS as MIGRATIONS, SHOP_TESTS, on_every_engine, shop_args, shop_raw_rows
from bench_timing import measure

from bench_sqlite import check_dbtest

TARGET_MS = 1.0  # per test, on SQLite
LABELS = {"sqlite": ("k", "kᶜ"), "postgres": ("kₚ", "kₚᶜ"), "mysql": ("kₘ", "kₘᶜ")}


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


def measure_engine(bench: Bench, engine: str, exports: dict[str, str]) -> EngineResult:
    shop = str(bench.binaries.shop)
    base = [*shop_args(bench, engine, exports, "check-clean", "test_check_clean"), "--parallel", "1"]
    without = [*base, "--", shop]
    with_check = [*base, "--check-clean", "--", shop]
    check(bench, without)  # builds the kept template both runs reuse
    warned = check(bench, with_check)
    dbtest = str(bench.binaries.dbtest)
    plain = measure(bench, f"check_clean_{engine}_off", [dbtest, *without])
    checked = measure(bench, f"check_clean_{engine}_on", [dbtest, *with_check])
    return EngineResult(engine, "", (checked.wall - plain.wall) / SHOP_TESTS * 1000, warned)


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
    return shop_raw_rows([r.engine for r in results if not r.status], "check_clean", LABELS, "--parallel 1",
                         "--keepdb", ("the same with `--check-clean`", "--check-clean"))


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
    results = on_every_engine(bench, measure_engine, EngineResult)
    sqlite = results[0]
    return Part(status="" if any(not r.status for r in results) else "not measured", intro=intro(),
                summary_rows=summary_rows(results), raw_rows=raw_rows(results), notes=notes_text(results),
                missed_target=not sqlite.status and sqlite.cost_ms >= TARGET_MS)
