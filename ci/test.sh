#!/usr/bin/env bash
# Quick start, part two: install what is missing, build, and run the whole
# test suite (unit tests, end-to-end tests of the dbtest executable, the
# example, and the installed package) through CTest, with a throwaway
# PostgreSQL server (ci/postgres-server.sh) for the PostgreSQL tests and a
# throwaway MariaDB server (ci/mysql-server.sh) for the MySQL tests. Both
# servers are stopped and their folders removed however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
ci/install-deps.sh
ci/build.sh
build_dir="${BUILD_DIR:-build}"

# Both folders exist before the trap is set, so it can always stop both
# (stop on a folder start never got to is a no-op that removes it).
pg_dir=$(mktemp -d /tmp/dbtest-pg.XXXXXX)
my_dir=$(mktemp -d /tmp/dbtest-my.XXXXXX)
trap '"$root/ci/postgres-server.sh" stop "$pg_dir" || true; "$root/ci/mysql-server.sh" stop "$my_dir" || true' EXIT
if ! pg_env=$("$root/ci/postgres-server.sh" start "$pg_dir"); then
  echo "ci/test.sh: error: could not start the PostgreSQL test server (see above)" >&2
  exit 1
fi
eval "$pg_env"
echo "ci/test.sh: PostgreSQL test server at 127.0.0.1:$DBTEST_TEST_POSTGRES_PORT ($DBTEST_TEST_POSTGRES_DIR)"
if ! my_env=$("$root/ci/mysql-server.sh" start "$my_dir"); then
  echo "ci/test.sh: error: could not start the MariaDB test server (see above)" >&2
  exit 1
fi
eval "$my_env"
echo "ci/test.sh: MariaDB test server at 127.0.0.1:$DBTEST_TEST_MYSQL_PORT ($DBTEST_TEST_MYSQL_DIR)"

cd "$build_dir"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
