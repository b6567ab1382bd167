#!/usr/bin/env python3
"""Runs dbtest as the runner of a real Bazel sh_test with shard_count = 3,
offline, and checks Bazel's view of it: three shards that pass, each with
dbtest's JUnit report at XML_OUTPUT_FILE, together holding every test of
the 2,000-test suite exactly once.

Usage: sharded_sh_test.py DBTEST MANY_SUITE

Debian's bazel-bootstrap (Bazel 4.2) fetches a few repositories from the
network for any `bazel test`. Without a network they are given locally:
rules_java and platforms from Debian's bazel-rules-java and bazel-platforms,
and two that only have to exist, written here: rules_cc (the native C++
rules under the names Bazel's own tools load) and remote_coverage_tools
(used for coverage only). Exit status 77 (skipped) when Bazel is not
installed, unless CI is set: then that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SHARDS = 3
TESTS = 2000
RULES_JAVA = Path("/usr/share/bazel/rules/java")
PLATFORMS = Path("/usr/share/bazel/tools/platforms")

RULES_CC_DEFS = "".join(
    f"def {rule}(**kwargs):\n    native.{rule}(**kwargs)\n\n"
    for rule in ("cc_binary", "cc_library", "cc_test", "cc_import", "cc_proto_library", "objc_library",
                 "objc_import", "fdo_profile", "fdo_prefetch_hints", "cc_toolchain", "cc_toolchain_suite"))

COVERAGE_BUILD = """package(default_visibility = ["//visibility:public"])
sh_binary(name = "coverage_report_generator", srcs = ["nothing.sh"])
sh_binary(name = "lcov_merger", srcs = ["nothing.sh"])
filegroup(name = "coverage_output_generator", srcs = ["nothing.sh"])
"""


def write(path: Path, text: str, executable: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if executable:
        path.chmod(0o755)


def local_repositories(root: Path) -> dict[str, Path]:
    rules_cc = root / "rules_cc"
    write(rules_cc / "WORKSPACE", "")
    write(rules_cc / "BUILD", "")
    write(rules_cc / "cc" / "BUILD", "")
    write(rules_cc / "cc" / "defs.bzl", RULES_CC_DEFS)
    coverage = root / "remote_coverage_tools"
    write(coverage / "WORKSPACE", "")
    write(coverage / "nothing.sh", "#!/bin/sh\nexit 0\n", executable=True)
    write(coverage / "BUILD", COVERAGE_BUILD)
    return {"rules_cc": rules_cc, "remote_coverage_tools": coverage, "rules_java": RULES_JAVA,
            "platforms": PLATFORMS}


def workspace(root: Path, dbtest: str, suite: str) -> Path:
    ws = root / "workspace"
    write(ws / "WORKSPACE", "")
    # dbtest reads Bazel's variables itself; the state folder goes to the
    # test's own temporary folder.
    write(ws / "run_dbtest.sh",
          f'#!/bin/sh\nexec "{dbtest}" --parallel 2 --state-dir "$TEST_TMPDIR/state" "$@"\n', executable=True)
    write(ws / "BUILD", f"""sh_test(
    name = "many",
    srcs = ["run_dbtest.sh"],
    args = ["--", "{suite}"],
    shard_count = {SHARDS},
)
""")
    return ws


def main() -> int:
    dbtest, suite = (str(Path(arg).resolve()) for arg in sys.argv[1:3])
    bazel = shutil.which("bazel")
    missing = [str(p) for p in (RULES_JAVA, PLATFORMS) if not p.is_dir()]
    if not bazel or missing:
        print(f"sharded_sh_test.py: Bazel or its rules are not installed ({bazel or 'no bazel'}, missing: {missing}); "
              "ci/install-deps.sh installs bazel-bootstrap, bazel-rules-java and bazel-platforms")
        return 1 if os.environ.get("CI") else 77
    with tempfile.TemporaryDirectory(prefix="dbtest-bazel-") as tmp:
        root = Path(tmp)
        ws = workspace(root, dbtest, suite)
        command = [bazel, f"--output_user_root={root / 'bazel-root'}", "--batch", "test", "//:many",
                   "--spawn_strategy=standalone", "--test_output=errors", "--color=no", "--curses=no"]
        command += [f"--override_repository={name}={path}" for name, path in local_repositories(root).items()]
        result = subprocess.run(command, cwd=ws, capture_output=True, text=True, timeout=600)
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
        if result.returncode != 0:
            print(f"sharded_sh_test.py: bazel test failed with exit status {result.returncode}")
            return 1
        logs = ws / "bazel-testlogs" / "many"
        total = 0
        names: set[str] = set()
        for shard in range(1, SHARDS + 1):
            folder = logs / f"shard_{shard}_of_{SHARDS}"
            log = (folder / "test.log").read_text()
            if f"Partition: part {shard} of {SHARDS} (hash)" not in log:
                print(f"sharded_sh_test.py: shard {shard} did not run part {shard} of {SHARDS}:\n{log[-2000:]}")
                return 1
            xml = (folder / "test.xml").read_text()
            cases = re.findall(r'<testcase name="([^"]+)" classname="([^"]+)"', xml)
            if 'name="dbtest"' not in xml or not cases:
                print(f"sharded_sh_test.py: shard {shard}'s test.xml is not dbtest's report")
                return 1
            total += len(cases)
            names.update(f"{suite_name}.{name}" for name, suite_name in cases)
        if total != TESTS or len(names) != TESTS:
            print(f"sharded_sh_test.py: the shards ran {total} test cases, {len(names)} distinct; expected {TESTS}")
            return 1
        print(f"sharded_sh_test.py: {SHARDS} shards ran {TESTS} tests, each once")
        subprocess.run([bazel, f"--output_user_root={root / 'bazel-root'}", "--batch", "clean", "--expunge"], cwd=ws,
                       capture_output=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())
