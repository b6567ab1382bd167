#!/usr/bin/env bash
# Quick start, part two: install what is missing, build, and run the whole
# test suite (unit tests, end-to-end tests of the dbtest executable, the
# example, the installed package and the include rules) through CTest, with a
# throwaway PostgreSQL server (ci/postgres-server.sh) for the PostgreSQL
# tests and a throwaway MariaDB server (ci/mysql-server.sh) for the MySQL
# tests. Both servers are stopped and their folders removed however the
# script ends.
#
# Then the quick start (ci/example.sh), and the SQLite tests again on a
# second build, ci/posix-clang.sh, in BUILD_DIR_CLANG: the generic POSIX
# files with clang and libc++ (CI's stand-in for macOS), without the server
# engines (-DDBTEST_WITH_POSTGRES=OFF -DDBTEST_WITH_MYSQL=OFF), configured,
# built and tested as if their client libraries were not installed
# (ci/without-engine-libraries.sh). One build checks both.
#
# Last, ci/windows.sh: the SQLite configuration cross-built for Windows with
# MinGW-w64 in BUILD_DIR_WINDOWS, its unit and end-to-end tests and the
# example run under wine.
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
stop_servers() {
  "$root/ci/postgres-server.sh" stop "$pg_dir" || true
  "$root/ci/mysql-server.sh" stop "$my_dir" || true
}
trap stop_servers EXIT
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

(cd "$build_dir" && ctest --output-on-failure --parallel "$(nproc)" --timeout 600)
stop_servers
trap - EXIT

echo "ci/test.sh: the quick start, ci/example.sh, as the README gives it"
ci/example.sh

echo "ci/test.sh: the generic POSIX files with clang and libc++, without PostgreSQL and MySQL, on a machine without their client libraries"
ci/posix-clang.sh

echo "ci/test.sh: the Windows build, cross-built with MinGW-w64 and tested under wine"
ci/windows.sh
