#!/usr/bin/env bash
# Installs what building and testing dbtest needs, from Debian 12's packages.
# Idempotent: installs only what is missing, and asks apt nothing when
# everything is there. Run as root (or with sudo available).
#
#   ci/install-deps.sh            everything: both server engines, their
#                                 client libraries and servers, the tests
#   ci/install-deps.sh --sqlite   only what dbtest without server engines and
#                                 the SQLite example need (ci/example.sh)
#   ci/install-deps.sh --packages NAME...
#                                 the packages named, for the other builds'
#                                 scripts (ci/windows.sh)
set -euo pipefail

# Enough for dbtest on SQLite and a suite linked with dbtest::fixtures.
sqlite_packages=(
  build-essential cmake ninja-build
  libsqlite3-dev
  libboost-dev libboost-filesystem-dev
  libgtest-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libtomlplusplus-dev
)
# libboost-dev is Boost 1.74, the one libmysqlcppconn-dev is built against;
# libboost1.81-dev would conflict with it, so it is never named here.
# postgresql-15 is the server ci/postgres-server.sh runs for the PostgreSQL
# tests, from /usr/lib/postgresql/15/bin (not on PATH); it needs no Boost.
# mariadb-server and mariadb-client (MariaDB 10.11) give ci/mysql-server.sh
# its /usr/sbin/mariadbd, mariadb-install-db, mariadb-admin and mariadb; they
# need no Boost either. Their postinst would start a system server, which
# the tests never use (ci/mysql-server.sh runs its own with --no-defaults, on
# its own port and socket); see the policy-rc.d below. python3 runs the
# include-rules check; util-linux's unshare runs ci/without-engine-libraries.sh.
# bazel-bootstrap (Bazel 4.2) with the rules it would otherwise download runs
# dbtest as a sharded sh_test (tests/bazel/sharded_sh_test.py).
all_packages=(
  "${sqlite_packages[@]}"
  pkg-config sqlite3 python3 util-linux
  libpqxx-dev libmysqlcppconn-dev
  libgmock-dev
  postgresql-15
  mariadb-server mariadb-client
  bazel-bootstrap bazel-rules-java bazel-platforms
)

case "${1:-}" in
  "") packages=("${all_packages[@]}") ;;
  --sqlite) packages=("${sqlite_packages[@]}") ;;
  --packages) shift; packages=("$@") ;;
  *) echo "ci/install-deps.sh: error: unknown argument '$1' (expected nothing, --sqlite or --packages NAME...)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "ci/install-deps.sh: installing ${missing[*]}"
if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
  # The tests run their own throwaway clusters. Debian's postinst would
  # create a system cluster "main" on port 5432 (and start it where services
  # may start): tell it not to, through createcluster.conf's include_dir.
  $sudo mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" |
    $sudo tee /etc/postgresql-common/createcluster.d/dbtest-no-main-cluster.conf >/dev/null
fi
# No package of this list needs its service started, and a system MariaDB or
# PostgreSQL would only hold a port and memory: Debian's policy-rc.d tells
# invoke-rc.d to start nothing (exit 101) while these packages install. One
# that is there already (Docker's images have one) is left as it is; ours is
# removed however the script ends.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# ci/install-deps.sh: no service starts while it installs packages\nexit 101\n' |
    $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod 0755 /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
