#!/usr/bin/env bash
# Quick start, part one: install what is missing, build, and run the example
# shop suite in parallel on SQLite, each worker on its own in-memory clone.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build.sh
build_dir="${BUILD_DIR:-build}"
exec "$build_dir/runner/dbtest" --parallel auto --migrations examples/shop/migrations --durations 5 \
  -- "$build_dir/examples/shop/shop_tests"
