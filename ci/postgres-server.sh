#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the PostgreSQL tests.
#
#   ci/postgres-server.sh start DIR    create a cluster in DIR and start it;
#                                      prints `export NAME=value` lines to eval
#   ci/postgres-server.sh status DIR   exit 0 when the server answers
#   ci/postgres-server.sh stop DIR     stop the server and remove DIR
#
# DIR must not exist yet or be empty (e.g. from `mktemp -d /tmp/dbtest-pg.XXXXXX`),
# and the server's user must be able to reach it: not under /root. Run as root,
# the server runs as the unprivileged `postgres` user (initdb refuses root);
# run as anyone else, it runs as that user.
#
# The server listens on 127.0.0.1 at a free port (password authentication,
# scram-sha-256) and on a Unix socket in DIR (trust; DIR is 0700). Roles:
# `dbtest` (password dbtest-secret, CREATEDB, owner of database `app`) and
# `nocreatedb` (password nocreatedb-secret, LOGIN only). Durability is off
# for speed. The log is DIR/postgres.log. Only the export lines go to stdout;
# everything else goes to stderr. Several servers can run at once, each in
# its own DIR on its own port. Debian's system cluster is not used.
set -euo pipefail
export LC_ALL=C

readonly PG_BIN=/usr/lib/postgresql/15/bin
readonly MARKER=.dbtest-postgres-server
readonly DBTEST_PASSWORD=dbtest-secret
readonly NOCREATEDB_PASSWORD=nocreatedb-secret

# Settings the caller's environment could slip into pg_ctl, initdb or psql.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^PG' || true)

readonly SERVER_NAME=postgres-server
# shellcheck source-path=SCRIPTDIR source=lib/throwaway-server.sh
source "$(dirname "$0")/lib/throwaway-server.sh"

data=$dir/data
log=$dir/postgres.log

# Runs a command as the server's user, from / (the caller's working folder
# may not be readable by that user).
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || die "no 'postgres' user: is postgresql-15 installed? (ci/install-deps.sh)"
  server_user=postgres
  as_server() { (cd / && runuser -u postgres -- "$@"); }
else
  server_user=$(id -un)
  as_server() { (cd / && "$@"); }
fi

server_pid() {
  local pid
  [ -f "$data/postmaster.pid" ] || return 1
  pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # A live process whose working folder is our data folder: the postmaster.
  [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$(cd "$data" && pwd -P)" ] || return 1
  echo "$pid"
}

stop_server() {
  local pid i
  pid=$(server_pid) || return 0
  say "stopping the server in $dir (pid $pid)"
  if as_server "$PG_BIN/pg_ctl" stop -D "$data" -m immediate -w -t 30 >&2 </dev/null; then
    return 0
  fi
  # pg_ctl could not do it: kill the postmaster; its children follow it.
  say "pg_ctl stop failed; killing pid $pid"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    [ -d "/proc/$pid" ] || return 0
    sleep 0.1
  done
  say "error: pid $pid is still running"
  return 1
}

cmd_status() {
  local port
  is_ours || die "$dir is not a folder that '$0 start' made"
  port=$(cat "$dir/port" 2>/dev/null) || die "no server was started in $dir"
  "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" -d app -t 5 >&2
}

# Runs the SQL on stdin as the superuser, over the socket; stops at an error.
psql_setup() {
  as_server "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres >&2
}

start_failed() {
  say "error: could not start PostgreSQL in $dir"
  if [ -f "$log" ]; then
    say "last lines of $log:"
    tail -n 30 "$log" >&2 || true
  fi
  stop_server || true
  say "run '$0 stop $dir' to remove the folder"
  exit 1
}

port=
cmd_start() {
  local attempt offset started=false
  [ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb not found: install postgresql-15 (ci/install-deps.sh)"
  # The socket's path must fit in sun_path (107 bytes).
  ((${#dir} <= 80)) || die "DIR is too long for the server's Unix socket: $dir"

  if [ -e "$dir" ]; then
    [ -d "$dir" ] || die "$dir exists and is not a folder"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  else
    mkdir -p "$dir"
  fi
  : >"$dir/$MARKER"
  chmod 0700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir" "$dir/$MARKER"
  fi
  as_server test -w "$dir" -a -x "$dir" ||
    die "user $server_user cannot reach $dir (a folder under /root, say); use one under /tmp"

  say "initdb in $data"
  as_server "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions \
    >"$dir/initdb.log" 2>&1 </dev/null || {
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  }

  # Only the socket in DIR (trust) and TCP on 127.0.0.1 with a password.
  as_server tee "$data/pg_hba.conf" >/dev/null <<'EOF'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
EOF
  as_server tee -a "$data/postgresql.conf" >/dev/null <<EOF

# --- ci/postgres-server.sh: a throwaway test server ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
max_connections = 200
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF

  for ((attempt = 1; attempt <= 10; attempt++)); do
    port=$(pick_port) || die "found no free port on 127.0.0.1"
    say "starting on 127.0.0.1:$port (attempt $attempt)"
    offset=0
    [ -f "$log" ] && offset=$(stat -c %s "$log")
    # pg_ctl hands the postmaster </dev/null and the log: it keeps no pipe
    # of the caller's open, so `$(ci/postgres-server.sh start DIR)` returns.
    if as_server "$PG_BIN/pg_ctl" start -D "$data" -l "$log" -w -t 60 -o "-p $port" \
      >&2 </dev/null; then
      started=true
      break
    fi
    # Lost the port to someone else: try another one. Anything else is fatal.
    if tail -c "+$((offset + 1))" "$log" 2>/dev/null | grep -q 'Address already in use'; then
      say "port $port was taken; trying another"
      continue
    fi
    start_failed
  done
  $started || start_failed
  echo "$port" >"$dir/port"

  say "creating roles dbtest and nocreatedb, database app"
  psql_setup <<EOF || start_failed
CREATE ROLE dbtest LOGIN CREATEDB PASSWORD '$DBTEST_PASSWORD';
CREATE ROLE nocreatedb LOGIN NOCREATEDB PASSWORD '$NOCREATEDB_PASSWORD';
CREATE DATABASE app OWNER dbtest;
EOF
  as_server "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d app -t 10 || start_failed

  say "ready: 127.0.0.1:$port, socket in $dir, log $log"
  printf 'export DBTEST_TEST_POSTGRES_URL=%q\n' "postgresql://dbtest:$DBTEST_PASSWORD@127.0.0.1:$port/app"
  printf 'export DBTEST_TEST_POSTGRES_NOCREATEDB_URL=%q\n' "postgresql://nocreatedb:$NOCREATEDB_PASSWORD@127.0.0.1:$port/app"
  printf 'export DBTEST_TEST_POSTGRES_DIR=%q\n' "$dir"
  printf 'export DBTEST_TEST_POSTGRES_BIN=%q\n' "$PG_BIN"
  printf 'export DBTEST_TEST_POSTGRES_PORT=%q\n' "$port"
}

case $command in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
