#!/usr/bin/env bash
# Quick start, part two: install what is missing, build, and run the whole
# test suite (unit tests, end-to-end tests of the dbtest executable, the
# example, and the installed package) through CTest, with a throwaway
# PostgreSQL server (ci/postgres-server.sh) for the PostgreSQL tests. The
# server is stopped and its folder removed however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
ci/install-deps.sh
ci/build.sh
build_dir="${BUILD_DIR:-build}"

pg_dir=$(mktemp -d /tmp/dbtest-pg.XXXXXX)
trap '"$root/ci/postgres-server.sh" stop "$pg_dir" || true' EXIT
if ! pg_env=$("$root/ci/postgres-server.sh" start "$pg_dir"); then
  echo "ci/test.sh: error: could not start the PostgreSQL test server (see above)" >&2
  exit 1
fi
eval "$pg_env"
echo "ci/test.sh: PostgreSQL test server at 127.0.0.1:$DBTEST_TEST_POSTGRES_PORT ($DBTEST_TEST_POSTGRES_DIR)"

cd "$build_dir"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
