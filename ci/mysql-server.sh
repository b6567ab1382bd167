#!/usr/bin/env bash
# A throwaway MariaDB server for the MySQL tests.
#
#   ci/mysql-server.sh start DIR    create a data folder in DIR and start a
#                                   server on it; prints `export NAME=value`
#                                   lines to eval
#   ci/mysql-server.sh status DIR   exit 0 when the server answers
#   ci/mysql-server.sh stop DIR     stop the server and remove DIR
#
# DIR must not exist yet or be empty (e.g. from `mktemp -d /tmp/dbtest-my.XXXXXX`),
# and the server's user must be able to reach it: not under /root. Run as root,
# the server runs as the unprivileged `mysql` user (mariadbd --user=mysql);
# run as anyone else, it runs as that user.
#
# The server listens on 127.0.0.1 at a free port and on the Unix socket
# DIR/mysqld.sock (DIR is 0700). Accounts, each at both 127.0.0.1 (TCP) and
# localhost (the socket): `dbtest` (password dbtest-secret, all privileges on
# database `app` and on every database named test_*, so it can create and
# drop those) and `limited` (password limited-secret, all privileges on `app`
# only). root has no password and is reachable over the socket only. No
# binary log, no doublewrite, no fsync (--debug-no-sync): durability is off
# for speed.
# The log is DIR/mariadb.log. Only the export lines go to stdout; everything
# else goes to stderr. Several servers can run at once, each in its own DIR on
# its own port. Debian's system server and its /etc/mysql settings are not
# used (--no-defaults everywhere).
set -euo pipefail
export LC_ALL=C

readonly MARIADBD=/usr/sbin/mariadbd
readonly MARKER=.dbtest-mysql-server
readonly DBTEST_PASSWORD=dbtest-secret
readonly LIMITED_PASSWORD=limited-secret

# Settings the caller's environment could slip into the server or its
# clients (MYSQL_PWD, MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT, ...).
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(MYSQL|MARIADB)_' || true)

readonly SERVER_NAME=mysql-server
# shellcheck source-path=SCRIPTDIR source=lib/throwaway-server.sh
source "$(dirname "$0")/lib/throwaway-server.sh"

data=$dir/data
log=$dir/mariadb.log
sock=$dir/mysqld.sock
pid_file=$dir/mariadbd.pid

# Runs a command as the server's user, from / (the caller's working folder
# may not be readable by that user). mariadbd itself and mariadb-install-db
# are started as root with --user=mysql instead: they drop to it themselves.
if [ "$(id -u)" -eq 0 ]; then
  id -u mysql >/dev/null 2>&1 || die "no 'mysql' user: is mariadb-server installed? (ci/install-deps.sh)"
  server_user=mysql
  as_server() { (cd / && runuser -u mysql -- "$@"); }
  # mariadb-install-db chowns the data folder to --user, which takes root;
  # run as anyone else, both it and mariadbd run as that user anyway.
  user_option=(--user=mysql)
else
  server_user=$(id -un)
  as_server() { (cd / && "$@"); }
  user_option=()
fi

# Options of both the bootstrap (mariadb-install-db passes on what it does
# not know) and the server: temporary files in DIR (bootstraps run at the
# same time in a shared /tmp can trip over each other's temporary tables),
# no fsync and friends at all (--debug-no-sync, "only for running tests":
# on a busy disk it takes the bootstrap from 4 s to well under 1 s), a
# small buffer pool, no binary log, lazy flushes; and utf8mb4 by default, as
# MySQL 8 has it (MariaDB 10.11's own default is latin1).
server_options=(
  --character-set-server=utf8mb4
  --collation-server=utf8mb4_general_ci
  --tmpdir="$dir/tmp"
  --debug-no-sync
  --skip-log-bin
  --innodb-buffer-pool-size=256M
  --innodb-log-file-size=48M
  --innodb-flush-log-at-trx-commit=2
  --innodb-doublewrite=0
)

# A process that has not exited: a dead child of ours lingers as a zombie
# until it is waited for, and so may an orphan where nothing reaps them.
alive() {
  local state
  state=$(cut -d ' ' -f 3 "/proc/$1/stat" 2>/dev/null) && [ "$state" != Z ]
}

# A live mariadbd serving our data folder: the one in the pid file, else the
# one start launched (the server writes its pid file only once it is up).
server_pid() {
  local f pid
  for f in "$pid_file" "$dir/launched.pid"; do
    [ -f "$f" ] || continue
    pid=$(head -n 1 "$f" 2>/dev/null) || continue
    [[ $pid =~ ^[0-9]+$ ]] || continue
    alive "$pid" || continue
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "--datadir=$data" || continue
    echo "$pid"
    return 0
  done
  return 1
}

# The server's clients as root over the socket; they read no option files.
admin() {
  mariadb-admin --no-defaults --socket="$sock" -uroot --connect-timeout=5 "$@"
}

ping_server() { admin ping >/dev/null 2>&1 </dev/null; }

stop_server() {
  local pid i
  pid=$(server_pid) || return 0
  say "stopping the server in $dir (pid $pid)"
  # A clean shutdown. mariadb-admin waits for the server to remove its pid
  # file (it looks once a second: a stop takes about 1 s), not forever.
  timeout 30 mariadb-admin --no-defaults --socket="$sock" -uroot --connect-timeout=5 \
    --shutdown-timeout=30 shutdown >&2 </dev/null || say "mariadb-admin shutdown failed"
  for ((i = 0; i < 50; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  # It did not go in 30 s (or could not be asked to): kill it.
  say "the server did not stop; killing pid $pid"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  say "error: pid $pid is still running"
  return 1
}

cmd_status() {
  is_ours || die "$dir is not a folder that '$0 start' made"
  [ -f "$dir/port" ] || die "no server was started in $dir"
  admin ping >&2 </dev/null
}

# Runs the SQL on stdin as root, over the socket; stops at an error.
sql_setup() {
  mariadb --no-defaults --socket="$sock" -uroot --batch >&2
}

start_failed() {
  say "error: could not start MariaDB in $dir"
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
  local attempt offset pid i tool started=false
  [ -x "$MARIADBD" ] || die "$MARIADBD not found: install mariadb-server (ci/install-deps.sh)"
  for tool in mariadb-install-db mariadb-admin mariadb; do
    command -v "$tool" >/dev/null || die "$tool not found: install mariadb-server and mariadb-client (ci/install-deps.sh)"
  done
  # The socket's path must fit in sun_path (107 bytes and a NUL).
  ((${#sock} <= 107)) || die "DIR is too long for the server's Unix socket: $dir"

  if [ -e "$dir" ]; then
    [ -d "$dir" ] || die "$dir exists and is not a folder"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  else
    mkdir -p "$dir"
  fi
  : >"$dir/$MARKER"
  : >"$log"
  mkdir "$dir/tmp"
  chmod 0700 "$dir" "$dir/tmp"
  if [ "$(id -u)" -eq 0 ]; then
    chown mysql: "$dir" "$dir/$MARKER" "$log" "$dir/tmp"
  fi
  as_server test -w "$dir" -a -x "$dir" ||
    die "user $server_user cannot reach $dir (a folder under /root, say); use one under /tmp"

  say "mariadb-install-db in $data"
  # --no-defaults must come first. Root gets no password ("normal"): the
  # setup below leaves it only the socket, which only DIR's owner reaches.
  (cd / && mariadb-install-db --no-defaults "${user_option[@]}" --datadir="$data" \
    --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
    "${server_options[@]}" >"$dir/install.log" 2>&1 </dev/null) || {
    cat "$dir/install.log" >&2
    die "mariadb-install-db failed"
  }

  for ((attempt = 1; attempt <= 10; attempt++)); do
    port=$(pick_port) || die "found no free port on 127.0.0.1"
    say "starting on 127.0.0.1:$port (attempt $attempt)"
    offset=$(stat -c %s "$log")
    # In its own session (no terminal signals, like pg_ctl does it), with
    # </dev/null and the log as its output: it keeps no pipe of the
    # caller's open, so `$(ci/mysql-server.sh start DIR)` returns.
    (cd / && exec setsid "$MARIADBD" --no-defaults "${user_option[@]}" \
      --datadir="$data" --socket="$sock" --pid-file="$pid_file" \
      --port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
      "${server_options[@]}" --max-connections=300 --event-scheduler=OFF \
      --log-error="$log" >>"$log" 2>&1 </dev/null) &
    pid=$!
    echo "$pid" >"$dir/launched.pid"
    # Up to 30 s for it to answer; it is usually a matter of a second.
    for ((i = 0; i < 300; i++)); do
      if ping_server; then
        started=true
        break
      fi
      alive "$pid" || break
      sleep 0.1
    done
    $started && break
    alive "$pid" && start_failed # no answer in 30 s
    wait "$pid" 2>/dev/null || true
    # Lost the port to someone else: try another one. Anything else is fatal.
    if tail -c "+$((offset + 1))" "$log" 2>/dev/null | grep -q 'Address already in use'; then
      say "port $port was taken; trying another"
      continue
    fi
    start_failed
  done
  $started || start_failed
  echo "$port" >"$dir/port"

  say "creating database app, users dbtest and limited"
  # Root keeps only root@localhost, the socket: with --skip-name-resolve a
  # TCP client from 127.0.0.1 never counts as localhost. (What
  # mysql_secure_installation does, anonymous users included; with
  # --skip-test-db there are none, but they would shadow dbtest@localhost.)
  # `test\_%` matches database names that start with "test_" (an unescaped
  # _ would match any character).
  sql_setup <<EOF || start_failed
DELETE FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost';
DELETE FROM mysql.proxies_priv WHERE User = 'root' AND Host <> 'localhost';
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE app;
CREATE USER 'dbtest'@'127.0.0.1' IDENTIFIED BY '$DBTEST_PASSWORD',
            'dbtest'@'localhost' IDENTIFIED BY '$DBTEST_PASSWORD';
GRANT ALL PRIVILEGES ON \`app\`.* TO 'dbtest'@'127.0.0.1', 'dbtest'@'localhost';
GRANT ALL PRIVILEGES ON \`test\_%\`.* TO 'dbtest'@'127.0.0.1', 'dbtest'@'localhost';
CREATE USER 'limited'@'127.0.0.1' IDENTIFIED BY '$LIMITED_PASSWORD',
            'limited'@'localhost' IDENTIFIED BY '$LIMITED_PASSWORD';
GRANT ALL PRIVILEGES ON \`app\`.* TO 'limited'@'127.0.0.1', 'limited'@'localhost';
EOF
  # dbtest's own way in, over TCP with its password.
  mariadb --no-defaults -h 127.0.0.1 -P "$port" -u dbtest --password="$DBTEST_PASSWORD" \
    --connect-timeout=10 -e 'SELECT 1' app >/dev/null </dev/null || start_failed

  say "ready: 127.0.0.1:$port, socket $sock, log $log"
  printf 'export DBTEST_TEST_MYSQL_URL=%q\n' "mysql://dbtest:$DBTEST_PASSWORD@127.0.0.1:$port/app"
  printf 'export DBTEST_TEST_MYSQL_SOCKET_URL=%q\n' "mysql://dbtest:$DBTEST_PASSWORD@localhost/app?socket=$sock"
  printf 'export DBTEST_TEST_MYSQL_LIMITED_URL=%q\n' "mysql://limited:$LIMITED_PASSWORD@127.0.0.1:$port/app"
  printf 'export DBTEST_TEST_MYSQL_PORT=%q\n' "$port"
  printf 'export DBTEST_TEST_MYSQL_SOCKET=%q\n' "$sock"
  printf 'export DBTEST_TEST_MYSQL_DIR=%q\n' "$dir"
}

case $command in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
