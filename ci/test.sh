#!/usr/bin/env bash
# Quick start, part two: install what is missing, build, and run the whole
# test suite (unit tests, end-to-end tests of the dbtest executable, the
# example, and the installed package) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build.sh
build_dir="${BUILD_DIR:-build}"
cd "$build_dir"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
