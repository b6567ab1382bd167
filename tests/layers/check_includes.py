#!/usr/bin/env python3
"""Checks the include rules between dbtest's layers (docs/architecture.md).

Every #include of the product's sources, quoted or angled, is resolved to a
file of the repository the way the build resolves it (a name that resolves to
none is a system or third-party header); each rule below names a folder and
what files in it must not include. The engines are the folders of backends/
other than common/, so a new engine is covered without a change here. Prints every broken rule and exits 1, or
exits 0 with one line when all hold.

    tests/layers/check_includes.py [REPOSITORY_ROOT]
"""
import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+["<]([^">]+)[">]', re.MULTILINE)


def engines(root: Path):
    return tuple(sorted(p.name for p in (root / "backends").iterdir() if p.is_dir() and p.name != "common"))


def rules(root: Path):
    """(folder whose files are checked, forbidden targets, allowed exceptions, why)"""
    engine_folders = tuple(f"backends/{engine}/" for engine in engines(root))
    # The engine interfaces: the headers directly in backends/.
    engine_interfaces = tuple(f"backends/{p.name}" for p in sorted((root / "backends").glob("*.hpp")))
    return [
        ("base/", ("runner/", "backends/", "fixtures/", "protocol/"), (),
         "base/ is below every layer"),
        ("protocol/", ("runner/", "backends/", "fixtures/"), (),
         "the master-worker contract depends on neither side"),
        ("runner/schedule/", ("runner/cli/", "runner/app/", "runner/report/"), (),
         "the scheduler knows units, workers and results, not options, runs or reports"),
        ("runner/cli/", ("backends/",), (),
         "the command line is read without knowing the engines"),
        ("runner/report/", ("runner/state/",), (),
         "reports are made from results, not from the state folder"),
        ("runner/", ("fixtures/",), (),
         "the master never links the worker side"),
        ("fixtures/", ("runner/",), (),
         "the worker side never links the master"),
        ("backends/common/", engine_interfaces + engine_folders, (),
         "what engines share knows no engine and no engine interface"),
        ("backends/", ("runner/", "fixtures/src/"), (),
         "engines know nothing of the runner or of the fixture library's internals"),
        ("fixtures/", ("backends/",), ("backends/worker_database.hpp",),
         "the fixture library reaches engines only through the worker interface"),
    ] + [
        (f"backends/{engine}/", tuple(f for f in engine_folders if f != f"backends/{engine}/"), (),
         "an engine does not reach into another")
        for engine in engines(root)
    ]


SOURCE_FOLDERS = ("base", "protocol", "runner", "backends", "fixtures")


def include_roots(root: Path):
    """The folders the build puts on the include path, besides the file's own."""
    yield root
    yield root / "runner"
    yield root / "fixtures" / "include"
    for engine in engines(root):
        yield root / "backends" / engine / "include"


def resolve(root: Path, source: Path, name: str):
    for folder in (source.parent, *include_roots(root)):
        candidate = (folder / name).resolve()
        if candidate.is_file() and root in candidate.parents:
            return candidate.relative_to(root).as_posix()
    return None  # a system or third-party header


def broken_rules(root: Path):
    layer_rules = rules(root)
    for top in SOURCE_FOLDERS:
        for source in sorted((root / top).rglob("*")):
            if source.suffix not in (".hpp", ".cpp", ".h"):
                continue
            relative = source.relative_to(root).as_posix()
            for name in INCLUDE.findall(source.read_text(encoding="utf-8")):
                target = resolve(root, source, name)
                if target is None:
                    continue
                for folder, forbidden, allowed, why in layer_rules:
                    if not relative.startswith(folder) or target in allowed:
                        continue
                    if any(target.startswith(f) for f in forbidden) and not target.startswith(folder):
                        yield f"{relative} includes {target}: {why}"


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]).resolve()
    problems = list(broken_rules(root))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) break the layer rules of docs/architecture.md")
        return 1
    print("the include rules of docs/architecture.md hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
