#!/usr/bin/env bash
# Quick start, part one: install what is missing for SQLite alone, build only
# dbtest and the example shop suite (Release, no server engines, no tests),
# and run the suite in parallel, each worker on its own in-memory clone.
# BUILD_DIR (default build-example) is its own folder: the whole build of
# ci/test.sh is configured differently.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh --sqlite
build_dir="${BUILD_DIR:-build-example}"
# Configured every time (a second of work when nothing changed), so a first
# configure that failed half-way is not taken for a finished one.
generator=()
[ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DDBTEST_WITH_POSTGRES=OFF -DDBTEST_WITH_MYSQL=OFF -DDBTEST_BUILD_TESTS=OFF -DDBTEST_BUILD_BENCH=OFF
cmake --build "$build_dir" --parallel "$(nproc)" --target dbtest shop_tests
exec "$build_dir/runner/dbtest" --parallel auto --migrations examples/shop/migrations --durations 5 \
  -- "$build_dir/examples/shop/shop_tests"
