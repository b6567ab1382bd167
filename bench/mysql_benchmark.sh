# The MySQL part of bench/run_benchmarks.sh, which sources this file: it uses
# that script's measure, wait_for_idle, calc, median, die, WORK, DBTEST and
# the arrays WALL, CPUTIME, OTHER, COUNT and TRIES, and it is not meant to run
# by itself. (For the MySQL rows alone: SKIP_SQLITE=1 SKIP_POSTGRES=1
# bench/run_benchmarks.sh, which prints the report instead of writing
# docs/benchmarks.md.)
#
# What it measures, against a throwaway MariaDB server of its own
# (ci/mysql-server.sh, durability off), on the PostgreSQL part's reference
# schema written in MySQL's dialect (MY_TABLES tables with an index each and
# MY_ROWS rows, in MY_FILES migration files generated at run time):
#   m   a fresh `dbtest --parallel 8 --backend mysql` run: it migrates a
#       template database once, then makes a copy per worker from C++
#       (SHOW CREATE TABLE, INSERT ... SELECT over several connections, then
#       the other objects and a check), several copies at once;
#   mʰ  the same with every test holding its worker for a second, so that
#       no copy is dropped while others are made;
#   mᵏ  a --keepdb run that reuses a kept template: the same copies, from the
#       very template u copies, with no migration before them;
#   u   the way Django's MySQL backend clones its test database for parallel
#       workers: for each of 8 copies, one after another, CREATE DATABASE and
#       `mysqldump --routines --events --triggers TEMPLATE | mysql COPY`
#       (MariaDB's mariadb-dump and mariadb, the same programs), from the
#       template mᵏ reuses;
#   u∥  the same 8 dump | load copies all at once (not Django's way);
#   r   the template migrated with the client: CREATE DATABASE, then
#       `mariadb DB < FILE` for each migration file (Django's set-up is r + u).
# Then, untimed: SQL copies made with the client as dbtest makes them, a
# dump and a load by themselves, and the server's own statement times
# (slow log, long_query_time = 0) during one m run and one u run.

MY_TABLES=$PG_TABLES  # the reference schema: the PostgreSQL part's
MY_FILES=$PG_FILES
MY_ROWS=$PG_ROWS
MY_WORKERS=8
MY_TESTS=24  # bench_mysql_tests: 8 suites x 3 tests
MY_PROBE_REPS=5
TARGET_MY_COPY_SPEEDUP=3  # 8 copies by dump | load, one after another / dbtest's 8 copies

MY_STATUS=""  # why the part was skipped or stopped; empty when it ran
MY_DIR=""     # the throwaway server's folder while it runs
MY_SERVER_PID=""
MY_URL="" MY_PORT="" MY_SOCKET=""
MY_WORK=$WORK/my
MY_MIGRATIONS=$MY_WORK/migrations
MY_TEMPLATE=test_bench_template  # the kept template mᵏ reuses and u copies
V_MY_COPY=""
declare -A MY_MS MY_WALLS MYR

# my_client ARGS...: the mariadb client as the server's `dbtest` account over
# TCP, as dbtest connects; my_root: as root over the socket.
my_client() { MYSQL_PWD=dbtest-secret mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -u dbtest --batch "$@"; }
my_root() { mariadb --no-defaults -S "$MY_SOCKET" -u root --batch "$@"; }
my_value() { my_client -N -e "$1"; }

# Writes MY_FILES migration files of MY_TABLES / MY_FILES tables each into
# DIR: the PostgreSQL part's tables in MySQL's dialect (bigint
# AUTO_INCREMENT for bigserial, varchar(255) for the short text columns,
# TIMESTAMP(6) for timestamptz), each with one index besides its primary key
# and MY_ROWS rows from a recursive CTE (MySQL 8 and MariaDB 10.2+).
my_generate_schema() {
  local dir=$1 f t n first last per=$((MY_TABLES / MY_FILES))
  mkdir -p "$dir"
  for ((f = 1; f <= MY_FILES; f++)); do
    first=$(((f - 1) * per + 1)) last=$((f * per))
    {
      echo "SET time_zone = '+00:00';"
      echo
      for ((t = first; t <= last; t++)); do
        n=$(printf 'ref_%02d' "$t")
        cat <<EOF
CREATE TABLE $n (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id int NOT NULL,
  name varchar(255) NOT NULL,
  email varchar(255) NOT NULL,
  status smallint NOT NULL DEFAULT 0,
  quantity int NOT NULL,
  price_cents bigint,
  notes text,
  created_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at timestamp(6) NULL,
  KEY ${n}_account_created_idx (account_id, created_at)
) ENGINE=InnoDB;
INSERT INTO $n (account_id, name, email, status, quantity, price_cents, notes, created_at, updated_at)
SELECT (i * 7919) % 500, CONCAT('item $t-', i), CONCAT('user', i, '@example.com'), i % 5, i % 97, (i * 137) % 100000,
       REPEAT(MD5(CONCAT('$t/', i)), 5), TIMESTAMP '2024-01-01 00:00:00' + INTERVAL i HOUR,
       CASE WHEN i % 3 = 0 THEN TIMESTAMP '2024-06-01 00:00:00' + INTERVAL i MINUTE END
  FROM (WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $MY_ROWS) SELECT i FROM seq) AS s;

EOF
      done
    } >"$dir/$(printf '%04d_reference_tables_%02d_to_%02d.sql' "$f" "$first" "$last")"
  done
}

# The helper scripts the timed commands run (hyperfine runs them without a shell).
my_write_helpers() {
  write_dbtest_run "$MY_WORK/dbtest_run.sh"
  cat >"$MY_WORK/env.sh" <<EOF
# The clients' settings: the server's dbtest account over TCP, as dbtest
# connects; the password in MYSQL_PWD, as Django hands it to its clients.
export MYSQL_PWD=dbtest-secret
CLIENT=(--no-defaults -h 127.0.0.1 -P $MY_PORT -u dbtest)
TEMPLATE=$MY_TEMPLATE
COPIES=$MY_WORKERS
MIGRATIONS=$(printf %q "$MY_MIGRATIONS")
EOF
  cat >"$MY_WORK/dump_load.sh" <<'EOF'
#!/usr/bin/env bash
# dump_load.sh serial|parallel: COPIES copies of TEMPLATE, each a CREATE
# DATABASE and then `mariadb-dump --routines --events --triggers TEMPLATE |
# mariadb COPY`, as Django's MySQL backend clones a test database: one after
# another (serial) or all at once (parallel).
set -euo pipefail
. "$(dirname "$0")/env.sh"
copy_one() {
  mariadb "${CLIENT[@]}" -e "CREATE DATABASE \`test_bench_copy_$1\`"
  mariadb-dump "${CLIENT[@]}" --routines --events --triggers "$TEMPLATE" | mariadb "${CLIENT[@]}" "test_bench_copy_$1"
}
case $1 in
  serial) for ((i = 1; i <= COPIES; i++)); do copy_one "$i"; done ;;
  parallel)
    pids=()
    for ((i = 1; i <= COPIES; i++)); do copy_one "$i" & pids+=($!); done
    for pid in "${pids[@]}"; do wait "$pid"; done ;;
  *) exit 2 ;;
esac
EOF
  cat >"$MY_WORK/drop_copies.sh" <<'EOF'
#!/usr/bin/env bash
# drop_copies.sh: drops what dump_load.sh and migrate.sh made.
set -euo pipefail
. "$(dirname "$0")/env.sh"
sql="DROP DATABASE IF EXISTS test_bench_migrated;"
for ((i = 1; i <= COPIES; i++)); do sql+="DROP DATABASE IF EXISTS \`test_bench_copy_$i\`;"; done
mariadb "${CLIENT[@]}" -e "$sql"
EOF
  cat >"$MY_WORK/migrate.sh" <<'EOF'
#!/usr/bin/env bash
# migrate.sh: CREATE DATABASE test_bench_migrated, then every migration file
# with the client, in file order.
set -euo pipefail
. "$(dirname "$0")/env.sh"
mariadb "${CLIENT[@]}" -e "CREATE DATABASE test_bench_migrated"
for file in "$MIGRATIONS"/*.sql; do
  mariadb "${CLIENT[@]}" test_bench_migrated <"$file"
done
EOF
}

# my_check_copy DB: dies unless DB holds the template's tables with the
# template's row counts (one query: every table's count).
my_check_copy() {
  local db=$1 expected got
  expected=$(my_table_counts "$MY_TEMPLATE")
  got=$(my_table_counts "$db")
  [[ -n $expected && $got == "$expected" ]] ||
    die "$db does not hold what $MY_TEMPLATE holds: $(diff <(echo "$expected") <(echo "$got") | head -n 4 | tr '\n' ' ')"
}
my_table_counts() {  # "table rows" lines, every table of DB but dbtest's marker
  local db=$1 sql="" t
  for t in $(my_value "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db' AND TABLE_NAME <> 'dbtest_meta' ORDER BY 1"); do
    sql+="${sql:+ UNION ALL }SELECT '$t', COUNT(*) FROM \`$db\`.\`$t\`"
  done
  [[ -n $sql ]] && my_value "$sql"
}

# SQL a copy runs, as dbtest's copy runs it (backends/mysql/mysql_copy.cpp):
# the session settings, then per table its SHOW CREATE TABLE statement and an
# INSERT ... SELECT from the template. my_copy_sql TARGET LANES LANE prints
# the statements of one lane (tables LANE, LANE + LANES, ...); LANE 0: the
# CREATE DATABASE.
my_copy_sql() {
  local target=$1 lanes=$2 lane=$3 i=0 t
  if ((lane == 0)); then
    echo "CREATE DATABASE \`$target\`;"
    return 0
  fi
  echo "SET SESSION foreign_key_checks = 0, unique_checks = 0, sql_mode = 'NO_AUTO_VALUE_ON_ZERO';"
  echo "USE \`$target\`;"
  for t in "${MY_TEMPLATE_TABLES[@]}"; do
    if ((i++ % lanes == lane - 1)); then
      echo "${MY_CREATE[$t]};"
      echo "INSERT INTO \`$target\`.\`$t\` SELECT * FROM \`$MY_TEMPLATE\`.\`$t\`;"
    fi
  done
}

# my_sql_copy TARGET LANES: one copy with the client, the tables over LANES sessions.
my_sql_copy() {
  local target=$1 lanes=$2 lane pids=()
  my_copy_sql "$target" "$lanes" 0 | my_client
  for ((lane = 1; lane <= lanes; lane++)); do
    my_copy_sql "$target" "$lanes" "$lane" | my_client &
    pids+=($!)
  done
  for lane in "${pids[@]}"; do wait "$lane" || die "a copy of $MY_TEMPLATE with the client failed"; done
}

my_drop_probes() {
  local i sql=""
  for ((i = 0; i <= MY_WORKERS; i++)); do sql+="DROP DATABASE IF EXISTS test_bench_probe_$i;"; done
  my_client -e "$sql"
}

# my_copies_wall AT_ONCE LANES: seconds to make MY_WORKERS copies with the
# client, AT_ONCE at a time (copy i goes to queue i mod AT_ONCE), each over
# LANES sessions; drops them after.
my_copies_wall() {
  local at_once=$1 lanes=$2 j i start end pids=()
  start=$(date +%s%N)
  for ((j = 0; j < at_once; j++)); do
    (for ((i = j + 1; i <= MY_WORKERS; i += at_once)); do my_sql_copy "test_bench_probe_$i" "$lanes"; done) &
    pids+=($!)
  done
  for j in "${pids[@]}"; do wait "$j" || die "making copies with the client failed"; done
  end=$(date +%s%N)
  my_drop_probes
  calc '%.6f' "$((end - start)) / 1e9"
}

# my_ms COMMAND...: milliseconds one run of the command took.
my_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null || die "failed: $*"
  end=$(date +%s%N)
  calc '%.1f' "$((end - start)) / 1e6"
}

# my_statement_log_on / my_statement_times: the server's slow log with
# long_query_time = 0 (every statement and its time, in microseconds) while
# one command runs; then the statements' times by kind. Into a file: a log
# table (log_output = TABLE) serialises the sessions on itself. Untimed
# diagnostics; the log is off during the measurements.
my_statement_log_on() {
  MY_SLOW_LOG=$MY_DIR/statements.log
  rm -f "$MY_SLOW_LOG"
  my_root -e "SET GLOBAL log_output = 'FILE'; SET GLOBAL slow_query_log_file = '$MY_SLOW_LOG';
    SET GLOBAL long_query_time = 0; SET GLOBAL slow_query_log = 1;" || die "could not turn the server's slow log on"
}
my_statement_times() {  # my_statement_times FILE: "kind|statements|seconds summed|longest"
  my_root -e "SET GLOBAL slow_query_log = 0; FLUSH SLOW LOGS;" || die "could not turn the server's slow log off"
  [[ -s $MY_SLOW_LOG ]] || die "the server's slow log $MY_SLOW_LOG is empty"
  # An entry: "# Thread_id: N  Schema: DB  QC_hit: No", "# Query_time: S ...",
  # maybe "use DB;", "SET timestamp=N;", then the statement. The template is
  # the database dbtest records its migrations in.
  awk '
    FNR == NR { if (/^# Thread_id:/) s = schema(); else if (/^INSERT INTO dbtest_migrations/ && tpl == "") tpl = s; next }
    function schema(   i) { for (i = 1; i < NF; i++) if ($i == "Schema:") return $(i + 1) == "QC_hit:" ? "" : $(i + 1); return "" }
    /^# Thread_id:/ { s = schema(); next }
    /^# Query_time:/ { t = $3; pending = 1; next }
    /^#/ || !pending || /^use [^ ]*;$/ || /^SET timestamp=[0-9]*;$/ { next }
    {
      pending = 0
      if (tpl != "" && s == tpl) k = "0 the template: migrating, sealing and reading it (every statement with it as the session'"'"'s database)"
      else if (/^CREATE DATABASE/) k = "1 CREATE DATABASE"
      else if (/^CREATE TABLE/) k = "2 CREATE TABLE"
      else if (/^INSERT INTO.*SELECT.*FROM/) k = "3 INSERT ... SELECT (the rows)"
      else if (/^INSERT INTO.*VALUES/) k = "3 INSERT ... VALUES (the rows)"
      else if (/COUNT\(\*\).*UNION ALL/) k = "4 the check: every table'"'"'s COUNT(*)"
      else if (/information_schema/) k = "5 other reads of information_schema"
      else if (/^SELECT \/\*!40001 SQL_NO_CACHE \*\//) k = "6 the dump'"'"'s SELECT * of a table"
      else if (/^SHOW /) k = "7 SHOW ..."
      else if (/^DROP DATABASE/) k = "8 DROP DATABASE"
      else k = "9 everything else"
      n[k]++; sum[k] += t; if (t > max[k]) max[k] = t
    }
    END { for (k in n) printf "%s|%d|%.3f|%.3f\n", k, n[k], sum[k], max[k] }
  ' "$MY_SLOW_LOG" "$MY_SLOW_LOG" | sort >"$1"
  cp "$MY_SLOW_LOG" "$1.log"
  rm -f "$MY_SLOW_LOG"
}

# Starts the throwaway server, or says in MY_STATUS why there is none.
my_start_server() {
  if [[ $SKIP_MYSQL == 1 ]]; then
    MY_STATUS="left out on request (\`SKIP_MYSQL=1\`)"
    return 1
  fi
  if [[ ! -x /usr/sbin/mariadbd ]]; then
    MY_STATUS="mariadb-server is not installed (no \`/usr/sbin/mariadbd\`; \`ci/install-deps.sh\` installs it)"
    return 1
  fi
  local tool exports
  for tool in mariadb mariadb-dump; do
    command -v "$tool" >/dev/null || { MY_STATUS="the MariaDB client \`$tool\` is not installed"; return 1; }
  done
  log "starting a throwaway MariaDB server"
  MY_DIR=$(mktemp -d /tmp/dbtest-my.XXXXXX)
  if ! exports=$("$ROOT/ci/mysql-server.sh" start "$MY_DIR" 2>"$WORK/my-server.log"); then
    tail -n 20 "$WORK/my-server.log" >&2
    MY_STATUS="the throwaway server did not start: \`ci/mysql-server.sh start\` said \"$(grep 'error' "$WORK/my-server.log" | tail -n 1 | tr '|`' '/\047')\""
    my_stop_server
    return 1
  fi
  eval "$exports"
  MY_URL=$DBTEST_TEST_MYSQL_URL MY_PORT=$DBTEST_TEST_MYSQL_PORT MY_SOCKET=$DBTEST_TEST_MYSQL_SOCKET
  unset DBTEST_TEST_MYSQL_URL DBTEST_TEST_MYSQL_SOCKET_URL DBTEST_TEST_MYSQL_LIMITED_URL DBTEST_TEST_MYSQL_PORT \
    DBTEST_TEST_MYSQL_SOCKET DBTEST_TEST_MYSQL_DIR
  MY_SERVER_PID=$(head -n 1 "$MY_DIR/mariadbd.pid" 2>/dev/null || true)
  [[ $MY_SERVER_PID =~ ^[0-9]+$ ]] || { MY_STATUS="the throwaway server wrote no pid file"; my_stop_server; return 1; }
  return 0
}

my_stop_server() {
  [[ -n $MY_DIR ]] || return 0
  "$ROOT/ci/mysql-server.sh" stop "$MY_DIR" >/dev/null 2>&1 || log "warning: could not stop the server in $MY_DIR"
  MY_DIR="" MY_SERVER_PID=""
}

# The measurements; run in a subshell, they leave what the report needs in
# $WORK/my_results.sh.
my_measure() {
  MEASURER=$BASHPID  # children_ticks: the hyperfine runs are this subshell's children
  MY_VERSION=$(my_value "SELECT VERSION()")
  MY_SETTINGS=$(my_value "SELECT CONCAT_WS(', ', CONCAT('innodb_buffer_pool_size = ', @@innodb_buffer_pool_size DIV 1048576, 'M'),
    CONCAT('innodb_doublewrite = ', @@innodb_doublewrite), CONCAT('innodb_flush_log_at_trx_commit = ', @@innodb_flush_log_at_trx_commit),
    CONCAT('innodb_file_per_table = ', @@innodb_file_per_table), CONCAT('log_bin = ', @@log_bin),
    CONCAT('character_set_server = ', @@character_set_server))")

  mkdir -p "$MY_WORK"
  my_generate_schema "$MY_MIGRATIONS"
  my_write_helpers

  local run="$MY_WORK/dbtest_run.sh"
  local common=(--parallel "$MY_WORKERS" --backend mysql --database-url "$MY_URL" --migrations "$MY_MIGRATIONS")
  local built="migrated $MY_FILES files into the mysql template"
  local reused="reusing the kept mysql template"
  local keep=("${common[@]}" --keepdb --test-db-name "$MY_TEMPLATE")

  # m: a fresh run (no --keepdb): template, 8 copies, tests, everything dropped.
  bash "$run" "$WORK/my_check.runs" "$built" "$MY_TESTS" "$MY_WORKERS" "$DBTEST" "${common[@]}" -- "$MY_TEST_BIN" ||
    die "the MySQL run failed its check: $(run_failure "$WORK/my_check.runs.failed")"
  measure my_dbtest bash "$run" "$WORK/my_dbtest.runs" "$built" "$MY_TESTS" "$MY_WORKERS" \
    "$DBTEST" "${common[@]}" -- "$MY_TEST_BIN"
  # mʰ: the same with every test holding its worker for a second, so that no
  # copy is dropped while others are made (not a target).
  export BENCH_MY_TEST_SLEEP_MS=1000
  measure my_dbtest_hold bash "$run" "$WORK/my_dbtest_hold.runs" "$built" "$MY_TESTS" "$MY_WORKERS" \
    "$DBTEST" "${common[@]}" -- "$MY_TEST_BIN"
  unset BENCH_MY_TEST_SLEEP_MS

  # The kept template: built by a --keepdb run, then reused by mᵏ and copied by u.
  bash "$run" "$WORK/my_check.runs" "$built" "$MY_TESTS" "$MY_WORKERS" "$DBTEST" "${keep[@]}" -- "$MY_TEST_BIN" ||
    die "the first --keepdb run failed its check: $(run_failure "$WORK/my_check.runs.failed")"
  bash "$run" "$WORK/my_check.runs" "$reused" "$MY_TESTS" "$MY_WORKERS" "$DBTEST" "${keep[@]}" -- "$MY_TEST_BIN" ||
    die "the second --keepdb run failed its check: $(run_failure "$WORK/my_check.runs.failed")"
  local tables rows sum="" i
  tables=$(my_value "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$MY_TEMPLATE' AND TABLE_NAME LIKE 'ref\_%'")
  for ((i = 1; i <= MY_TABLES; i++)); do sum+="${sum:+ + }(SELECT COUNT(*) FROM \`$MY_TEMPLATE\`.$(printf 'ref_%02d' "$i"))"; done
  rows=$(my_value "SELECT $sum")
  [[ $tables == "$MY_TABLES" && $rows == $((MY_TABLES * MY_ROWS)) ]] ||
    die "the kept template holds $tables reference tables and $rows rows, not $MY_TABLES and $((MY_TABLES * MY_ROWS))"
  MY_TEMPLATE_TABLES_ALL=$(my_value "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$MY_TEMPLATE'")
  MY_INDEXES=$(my_value "SELECT COUNT(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '$MY_TEMPLATE' AND TABLE_NAME LIKE 'ref\_%'")
  MY_DATA_BYTES=$(my_value "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$MY_TEMPLATE' AND TABLE_NAME LIKE 'ref\_%'")

  # mᵏ: --keepdb reusing it: 8 copies of that very template, no migration.
  measure my_keep bash "$run" "$WORK/my_keep.runs" "$reused" "$MY_TESTS" "$MY_WORKERS" \
    "$DBTEST" "${keep[@]}" -- "$MY_TEST_BIN"

  # u, u∥: 8 copies by dump | load; checked once, then timed.
  bash "$MY_WORK/drop_copies.sh"
  bash "$MY_WORK/dump_load.sh" serial || die "the dump | load copies failed"
  for ((i = 1; i <= MY_WORKERS; i++)); do my_check_copy "test_bench_copy_$i"; done
  MY_DUMP_BYTES=$(MYSQL_PWD=dbtest-secret mariadb-dump --no-defaults -h 127.0.0.1 -P "$MY_PORT" -u dbtest \
    --routines --events --triggers "$MY_TEMPLATE" | wc -c)
  measure my_dump_load --prepare "bash '$MY_WORK/drop_copies.sh'" bash "$MY_WORK/dump_load.sh" serial
  bash "$MY_WORK/drop_copies.sh"
  bash "$MY_WORK/dump_load.sh" parallel || die "the dump | load copies, all at once, failed"
  for ((i = 1; i <= MY_WORKERS; i++)); do my_check_copy "test_bench_copy_$i"; done
  measure my_dump_load_parallel --prepare "bash '$MY_WORK/drop_copies.sh'" bash "$MY_WORK/dump_load.sh" parallel

  # r: the template migrated with the client.
  bash "$MY_WORK/drop_copies.sh"
  bash "$MY_WORK/migrate.sh" || die "migrating with the client failed"
  tables=$(my_value "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'test_bench_migrated'")
  rows=$(my_value "SELECT COUNT(*) FROM test_bench_migrated.ref_$MY_TABLES")
  [[ $tables == "$MY_TABLES" && $rows == "$MY_ROWS" ]] ||
    die "the client migrated $tables tables and $rows rows into the last, not $MY_TABLES and $MY_ROWS"
  measure my_migrate --prepare "bash '$MY_WORK/drop_copies.sh'" bash "$MY_WORK/migrate.sh"
  bash "$MY_WORK/drop_copies.sh"

  # Untimed probes with the client, nothing else running.
  wait_for_idle
  log "timing copies made with the client"
  MY_TEMPLATE_TABLES=()
  declare -gA MY_CREATE=()
  local t
  for t in $(my_value "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$MY_TEMPLATE' AND TABLE_NAME <> 'dbtest_meta' ORDER BY 1"); do
    MY_TEMPLATE_TABLES+=("$t")
    # SHOW CREATE TABLE's second column, its \n escapes undone.
    MY_CREATE[$t]=$(my_client -N -e "SHOW CREATE TABLE \`$MY_TEMPLATE\`.\`$t\`" | cut -f 2- | sed 's/\\n/\n/g')
  done
  my_drop_probes
  my_sql_copy test_bench_probe_0 1
  my_check_copy test_bench_probe_0
  my_drop_probes
  MY_TABLE_LANES=$(sed -n 's/.*kTableConnections *= *\([0-9][0-9]*\);.*/\1/p' "$ROOT/backends/mysql/mysql_backend.cpp" 2>/dev/null | head -n 1)
  MY_COPIES_AT_ONCE=$(sed -n 's/.*kConcurrentClones *= *\([0-9][0-9]*\);.*/\1/p' \
    "$ROOT/runner/workers/process_worker_pool.hpp" 2>/dev/null | head -n 1)
  local lanes=${MY_TABLE_LANES:-4} at_once=${MY_COPIES_AT_ONCE:-4} check
  # dbtest's check of a copy (read_inventory in backends/mysql/mysql_catalog.cpp):
  # its tables, every table's count in one query, its routines, triggers, events.
  local db="'test_bench_probe_0'" triggers
  check="SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = $db AND TABLE_NAME <> 'dbtest_meta' ORDER BY 1;"
  local counts=""
  for t in "${MY_TEMPLATE_TABLES[@]}"; do counts+="${counts:+ UNION ALL }SELECT '$t', COUNT(*) FROM \`test_bench_probe_0\`.\`$t\`"; done
  triggers="SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = $db;"
  check+="$counts; SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = $db; $triggers"
  check+="SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = $db;"
  local what
  for what in copy1 copyN check triggers drop dump load dump_load; do : >"$WORK/my_ms_$what"; done
  for ((i = 0; i < MY_PROBE_REPS; i++)); do
    my_ms my_sql_copy test_bench_probe_0 1 >>"$WORK/my_ms_copy1"; echo >>"$WORK/my_ms_copy1"
    my_ms my_client -e "$check" >>"$WORK/my_ms_check"; echo >>"$WORK/my_ms_check"
    my_ms my_client -e "$triggers" >>"$WORK/my_ms_triggers"; echo >>"$WORK/my_ms_triggers"
    my_ms my_client -e "DROP DATABASE test_bench_probe_0" >>"$WORK/my_ms_drop"; echo >>"$WORK/my_ms_drop"
    my_ms my_sql_copy test_bench_probe_0 "$lanes" >>"$WORK/my_ms_copyN"; echo >>"$WORK/my_ms_copyN"
    my_drop_probes
    my_ms bash -c '. "$1/env.sh"; mariadb-dump "${CLIENT[@]}" --routines --events --triggers "$TEMPLATE" >"$1/dump.sql"' _ "$MY_WORK" \
      >>"$WORK/my_ms_dump"; echo >>"$WORK/my_ms_dump"
    my_client -e "CREATE DATABASE test_bench_probe_0"
    my_ms bash -c '. "$1/env.sh"; mariadb "${CLIENT[@]}" test_bench_probe_0 <"$1/dump.sql"' _ "$MY_WORK" \
      >>"$WORK/my_ms_load"; echo >>"$WORK/my_ms_load"
    my_drop_probes
    my_ms bash -c '. "$1/env.sh"; mariadb "${CLIENT[@]}" -e "CREATE DATABASE test_bench_probe_0"
      mariadb-dump "${CLIENT[@]}" --routines --events --triggers "$TEMPLATE" | mariadb "${CLIENT[@]}" test_bench_probe_0' _ "$MY_WORK" \
      >>"$WORK/my_ms_dump_load"; echo >>"$WORK/my_ms_dump_load"
    my_drop_probes
  done
  for what in copy1 copyN check triggers drop dump load dump_load; do MY_MS[$what]=$(median <"$WORK/my_ms_$what"); done
  local spec
  for spec in "1 1" "$at_once 1" "$at_once $lanes" "$MY_WORKERS 1"; do
    [[ -n ${MY_WALLS[$spec]:-} ]] && continue
    MY_WALLS[$spec]=$(for i in 1 2 3; do my_copies_wall $spec; echo; done | median)
  done

  # Where the server's time goes: its own statement times in one m run and
  # one u run (untimed: the log costs time of its own).
  log "logging the server's statements in one dbtest run and one dump | load run"
  my_statement_log_on
  bash "$run" "$WORK/my_log.runs" "$built" "$MY_TESTS" "$MY_WORKERS" "$DBTEST" "${common[@]}" -- "$MY_TEST_BIN" ||
    die "the logged MySQL run failed: $(run_failure "$WORK/my_log.runs.failed")"
  my_statement_times "$WORK/my_statements_dbtest"
  # wall, migrating, cloning (summed), set-up (start -> last first query), copies
  MY_LOGGED_RUN=$(awk '{printf "%.3f %.3f %.3f %.3f %.3f", $1, $3, $4, $8, $8 - $1 + $5 + $6}' "$WORK/my_log.runs")
  my_statement_log_on
  local start end
  start=$(date +%s%N)
  bash "$MY_WORK/dump_load.sh" serial || die "the logged dump | load run failed"
  end=$(date +%s%N)
  my_statement_times "$WORK/my_statements_dump"
  MY_LOGGED_DUMP=$(calc '%.3f' "$((end - start)) / 1e9")
  bash "$MY_WORK/drop_copies.sh"

  # Nothing but the kept template should be left; then it goes too.
  MY_LEFTOVERS=$(my_value "SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY SCHEMA_NAME SEPARATOR ', ') FROM information_schema.SCHEMATA
    WHERE SCHEMA_NAME NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys', 'app', '$MY_TEMPLATE')")
  [[ $MY_LEFTOVERS == NULL ]] && MY_LEFTOVERS=""
  my_client -e "DROP DATABASE \`$MY_TEMPLATE\`"

  # Sourced by my_run, a function: declare -g keeps what it declares global.
  {
    declare -p WALL CPUTIME OTHER COUNT TRIES MY_MS MY_WALLS
    declare -p MY_VERSION MY_SETTINGS MY_TEMPLATE_TABLES_ALL MY_INDEXES MY_DATA_BYTES MY_DUMP_BYTES MY_LEFTOVERS
    declare -p MY_LOGGED_RUN MY_LOGGED_DUMP
  } | sed -e 's/^declare -- /declare -g /' -e 's/^declare -\([A-Za-z]*\) /declare -g\1 /' >"$WORK/my_results.sh"
  {
    echo "MY_TABLE_LANES=$(printf %q "${MY_TABLE_LANES:-}")"
    echo "MY_COPIES_AT_ONCE=$(printf %q "${MY_COPIES_AT_ONCE:-}")"
  } >>"$WORK/my_results.sh"
}

# Runs the part (at the top level of run_benchmarks.sh).
my_run() {
  if my_start_server; then
    if (my_measure); then
      . "$WORK/my_results.sh"
    else
      MY_STATUS="the measurements stopped with an error: $(tail -n 1 "$WORK/errors" 2>/dev/null | tr '|' '/')"
      log "the MySQL part failed; the report says so"
    fi
    my_stop_server
  fi
}

# ---------------------------------------------------------------- results
my_results() {
  [[ -z $MY_STATUS ]] || return 0
  local key
  for key in my_dbtest my_dbtest_hold my_keep; do
    run_medians MYR "$key"
    MYR[$key.pre]=$(runs_median "$key" '$1 - $5 - $6')
    # The copies: from the worker pool's start (dbtest's start + wall − running
    # − tearing down) to the last worker's first query.
    MYR[$key.copies]=$(runs_median "$key" '$8 - ($1 - $5 - $6)')
  done
  MY_D=${WALL[my_dump_load]} MY_DP=${WALL[my_dump_load_parallel]} MY_R=${WALL[my_migrate]}
  MY_COPY_SPEEDUP=$(ratio "$MY_D" "${MYR[my_dbtest.copies]}")
  MY_KEEP_COPY_SPEEDUP=$(ratio "$MY_D" "${MYR[my_keep.copies]}")
  MY_COPY_SPEEDUP_PARALLEL=$(ratio "$MY_DP" "${MYR[my_dbtest.copies]}")
  MY_DJANGO=$(calc '%.3f' "$MY_R + $MY_D")
  MY_SETUP_SPEEDUP=$(ratio "$MY_DJANGO" "${MYR[my_dbtest.ready]}")
  MY_SETUP_SPEEDUP_WHOLE=$(ratio "$MY_DJANGO" "${WALL[my_dbtest]}")
  V_MY_COPY=$(verdict "$MY_COPY_SPEEDUP" '>=' "$TARGET_MY_COPY_SPEEDUP")
  MY_DATA_MB=$(calc '%.1f' "$MY_DATA_BYTES / 1048576")
  MY_DUMP_MB=$(calc '%.1f' "$MY_DUMP_BYTES / 1048576")
}

my_summary_rows() {
  local copies="MySQL: $MY_WORKERS copies of the migrated template ($MY_TABLES tables × $(thousands "$MY_ROWS") rows), \`mysqldump --routines --events --triggers \| mysql\` one after another (Django's way) / dbtest's $MY_WORKERS copies (from the worker pool's start to the last worker's first query): u / m<sub>copies</sub>"
  if [[ -n $MY_STATUS ]]; then
    echo "| $copies | not measured | ≥ $TARGET_MY_COPY_SPEEDUP× | not measured (see the notes) |"
    return 0
  fi
  cat <<EOF
| $copies | $MY_COPY_SPEEDUP× ($(s "$MY_D") s / $(s "${MYR[my_dbtest.copies]}") s) | ≥ $TARGET_MY_COPY_SPEEDUP× | $V_MY_COPY |
| *(not a target)* the same with dbtest's copies of the very template u copies (\`--keepdb\`, reused): u / mᵏ<sub>copies</sub> | $MY_KEEP_COPY_SPEEDUP× ($(s "$MY_D") s / $(s "${MYR[my_keep.copies]}") s) | — | — |
| *(not a target)* the same against the $MY_WORKERS dump \| load copies all at once: u∥ / m<sub>copies</sub> | $MY_COPY_SPEEDUP_PARALLEL× ($(s "$MY_DP") s / $(s "${MYR[my_dbtest.copies]}") s) | — | — |
| *(not a target)* MySQL set-up for $MY_WORKERS workers: the template migrated with the client, then u (Django's set-up) / dbtest's whole set-up (from its start to the last worker's first query: template and copies): (r + u) / m<sub>ready</sub> | $MY_SETUP_SPEEDUP× ($(s "$MY_DJANGO") s / $(s "${MYR[my_dbtest.ready]}") s) | — | — |
| *(not a target)* the same with dbtest's whole run (tests and tear-down too): (r + u) / m | $MY_SETUP_SPEEDUP_WHOLE× ($(s "$MY_DJANGO") s / $(s "${WALL[my_dbtest]}") s) | — | — |
EOF
}

my_raw_rows() {
  [[ -z $MY_STATUS ]] || return 0
  local cmd="dbtest --parallel $MY_WORKERS --backend mysql --database-url URL --migrations REF"
  RAW_ROWS+=(
    "my_dbtest|m|MySQL, $MY_WORKERS workers: template built, $MY_WORKERS copies, $MY_TESTS tests, all dropped|\`$cmd -- bench_mysql_tests\`"
    "my_dbtest_hold|mʰ|the same as m, every test sleeping 1 s after its query: no worker is done, and no copy dropped, while copies are made|\`BENCH_MY_TEST_SLEEP_MS=1000 $cmd -- bench_mysql_tests\`"
    "my_keep|mᵏ|the same reusing a kept template (\`--keepdb\`): $MY_WORKERS copies of it, $MY_TESTS tests, copies dropped|\`$cmd --keepdb --test-db-name $MY_TEMPLATE -- bench_mysql_tests\`"
    "my_dump_load|u|$MY_WORKERS copies of that kept template by dump and load, one after another (Django's way)|$MY_WORKERS × (\`mariadb -e 'CREATE DATABASE COPY'\`, then \`mariadb-dump --routines --events --triggers $MY_TEMPLATE \| mariadb COPY\`)"
    "my_dump_load_parallel|u∥|the same $MY_WORKERS copies all at once|the same $MY_WORKERS, in the background, then \`wait\`"
    "my_migrate|r|the template migrated with the client|\`mariadb -e 'CREATE DATABASE DB'\`, then \`mariadb DB < FILE\` for each of the $MY_FILES files"
  )
}

my_machine_row() {
  if [[ -z $MY_STATUS ]]; then
    echo "$MY_VERSION, a throwaway server in /tmp (\`ci/mysql-server.sh\`: no fsync, \`--debug-no-sync\`): $MY_SETTINGS"
  else
    echo "not measured: $MY_STATUS"
  fi
}

my_intro_item() {
  cat <<EOF
- **MySQL set-up.** The same reference schema in MySQL's dialect ($MY_FILES migration files of $((MY_TABLES / MY_FILES)) tables, generated
  by \`bench/mysql_benchmark.sh\` at every run; \`bigint AUTO_INCREMENT\`, \`varchar(255)\`, \`timestamp(6)\`, an
  index besides the primary key, $(thousands "$MY_ROWS") rows from a recursive CTE). \`bench_mysql_tests\` has $MY_WORKERS suites × 3
  tests that each count the rows of one reference table through \`dbtest::mysql()\`, so $MY_WORKERS workers all
  start. Against a throwaway MariaDB server (\`ci/mysql-server.sh\`; durability off) that the script starts and
  stops: (m) a fresh \`dbtest --parallel $MY_WORKERS --backend mysql\` run, which migrates a template database once
  and makes each worker a copy of it from C++ (\`SHOW CREATE TABLE\`, \`INSERT … SELECT\` over several connections,
  then views, routines, triggers and events, then a check of object lists and row counts), several copies at
  once, a worker starting as soon as its copy is checked; (mᵏ) a \`--keepdb\` run that reuses a kept template,
  so only copies; (u) what Django's MySQL backend does to clone its test database for each parallel worker,
  one after another: \`CREATE DATABASE\`, then \`mysqldump --routines --events --triggers TEMPLATE | mysql COPY\`
  (MariaDB's \`mariadb-dump\` and \`mariadb\`, the same programs), $MY_WORKERS times, from the template mᵏ reuses;
  (u∥) the same $MY_WORKERS copies all at once; (r) the template migrated with the client, file by file.
EOF
}

my_phase_table() {
  echo "| | Runs | Wall time | discovering | migrating | cloning (summed over copies) | running | tearing down | wall − running − tearing down (start → worker pool) | start → first worker's first query | start → last worker's first query (set-up) | worker pool → last worker's first query (the copies) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  local entry key label
  for entry in my_dbtest:m my_dbtest_hold:mʰ my_keep:mᵏ; do
    key=${entry%%:*} label=${entry#*:}
    echo "| $label | ${MYR[$key.n]} | $(s "${MYR[$key.wall]}") s | $(s "${MYR[$key.disc]}") s | $(s "${MYR[$key.mig]}") s | $(s "${MYR[$key.clone]}") s | $(s "${MYR[$key.run]}") s | $(s "${MYR[$key.tear]}") s | $(s "${MYR[$key.pre]}") s | $(s "${MYR[$key.first]}") s | $(s "${MYR[$key.ready]}") s | **$(s "${MYR[$key.copies]}") s** |"
  done
}

my_probe_table() {
  local lanes=${MY_TABLE_LANES:-4} at_once=${MY_COPIES_AT_ONCE:-4}
  cat <<EOF
| What (from the kept template: $MY_TEMPLATE_TABLES_ALL tables, $MY_DATA_MB MB of reference tables and indexes) | Time |
| --- | ---: |
| one copy with the client, dbtest's statements (\`CREATE DATABASE\`; per table its \`SHOW CREATE TABLE\` statement and \`INSERT … SELECT\`) in one session | ${MY_MS[copy1]} ms |
| the same, the tables over $lanes sessions at once, as dbtest makes one copy | ${MY_MS[copyN]} ms |
| dbtest's check of a copy: its tables, every table's \`COUNT(*)\` in one \`UNION ALL\` query, its routines, triggers and events (5 queries, one client) | ${MY_MS[check]} ms |
| of which alone: \`SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = …\` | ${MY_MS[triggers]} ms |
| \`DROP DATABASE\` of a copy | ${MY_MS[drop]} ms |
| \`mariadb-dump --routines --events --triggers\` of the template into a file ($MY_DUMP_MB MB) | ${MY_MS[dump]} ms |
| \`mariadb COPY < FILE\`: loading that file into an empty database | ${MY_MS[load]} ms |
| one copy by dump \| load, \`CREATE DATABASE\` included, as u makes each | ${MY_MS[dump_load]} ms |
| $MY_WORKERS copies with the client, one after another, one session each | $(s "${MY_WALLS[1 1]}") s |
| $MY_WORKERS copies with the client, $at_once at a time, one session each | $(s "${MY_WALLS[$at_once 1]}") s |
| $MY_WORKERS copies with the client, $at_once at a time, $lanes sessions each, as dbtest makes them | $(s "${MY_WALLS[$at_once $lanes]}") s |
| $MY_WORKERS copies with the client, all at once, one session each | $(s "${MY_WALLS[$MY_WORKERS 1]}") s |
EOF
}

my_statement_table() {  # my_statement_table FILE
  echo "| Statements | Count | Seconds (summed over sessions) | Longest |"
  echo "| --- | ---: | ---: | ---: |"
  awk -F'|' '{k = $1; sub(/^[0-9] /, "", k); printf "| %s | %s | %.3f s | %.3f s |\n", k, $2, $3, $4}' "$1"
}

my_section_report() {
  if [[ -n $MY_STATUS ]]; then
    echo "Not measured: $MY_STATUS. The rest of this report does not depend on it."
    return 0
  fi
  local lr=($MY_LOGGED_RUN)
  cat <<EOF
The reference schema in MariaDB: $MY_TABLES tables with $MY_INDEXES indexes (primary keys included), $(thousands "$((MY_TABLES * MY_ROWS))") rows,
$MY_DATA_MB MB of tables and indexes (\`DATA_LENGTH + INDEX_LENGTH\`); its dump is $MY_DUMP_MB MB of SQL. The template also holds
dbtest's \`dbtest_meta\` and \`dbtest_migrations\` ($MY_TEMPLATE_TABLES_ALL tables in all), which both ways copy.
Every timed dbtest run was checked: exit status 0, \`$MY_TESTS passed, 0 failed, 0 skipped\` as its last line,
$MY_WORKERS worker processes that each ran a query, and "migrated $MY_FILES files into the mysql template" or
"reusing the kept mysql template" as the case may be; dbtest itself checks every copy's tables and row counts
against the template before its worker starts. The copies of u and u∥ were checked once the same way (every
table's \`COUNT(*)\` against the template's), and so was the client migration r.

dbtest's phases (medians over the timed runs, warm-up left out). *running* starts with the worker pool, which
makes the copies (${MY_COPIES_AT_ONCE:-4} at a time, each on a thread of its own with ${MY_TABLE_LANES:-4} connections for its tables);
\`cloning\` sums the copies' own times, so it counts time in parallel. The copies' wall time, the last
column, runs from the worker pool's start (dbtest's start + wall − running − tearing down) to the last
worker's first query: it holds the start of the last worker process and its first query, which u does
not have, so it errs against dbtest.

$(my_phase_table)

Copies made with the client, with nothing else running (one: the median of $MY_PROBE_REPS; $MY_WORKERS: the wall time, the median of 3):

$(my_probe_table)

Where the server's time goes: every statement the server ran, with its time, from its slow log
(\`long_query_time = 0\`, to a file), in one more m run and one more u run, untimed (logging
every statement slows the server down). That m run took ${lr[0]:-?} s: template ${lr[1]:-?} s, set-up to the last worker's
first query ${lr[3]:-?} s, of which the copies ${lr[4]:-?} s (${lr[2]:-?} s summed over copies); that u run took ${MY_LOGGED_DUMP} s.
Times are summed over the sessions that ran at once, so they can add up to more than the wall time.

dbtest (m):

$(my_statement_table "$WORK/my_statements_dbtest")

dump | load (u):

$(my_statement_table "$WORK/my_statements_dump")
EOF
}

my_notes() {
  if [[ -n $MY_STATUS ]]; then
    echo "**MySQL: not measured.** The MySQL part did not run: $MY_STATUS."
    echo
    return 0
  fi
  local title="**MySQL copies.**" at_once=${MY_COPIES_AT_ONCE:-4} lanes=${MY_TABLE_LANES:-4}
  [[ $V_MY_COPY != met ]] && title="**MySQL copies: target missed.**"
  cat <<EOF
$title dbtest made its $MY_WORKERS copies, and had the last worker on its copy, $(s "${MYR[my_dbtest.copies]}") s after its worker
pool started (median); $MY_WORKERS copies by \`mariadb-dump | mariadb\`, one after another, took $(s "$MY_D") s: $MY_COPY_SPEEDUP×, against a
target of $TARGET_MY_COPY_SPEEDUP×. Copying the same kept template u copies (mᵏ), dbtest took $(s "${MYR[my_keep.copies]}") s ($MY_KEEP_COPY_SPEEDUP×).
Made all at once, the dump | load copies took $(s "$MY_DP") s ($MY_COPY_SPEEDUP_PARALLEL×).
dbtest's whole set-up, from its start to the last worker's first query, took $(s "${MYR[my_dbtest.ready]}") s, of which
$(s "${MYR[my_dbtest.mig]}") s built the template (median \`migrating\`); Django's, the template migrated with the client
($(s "$MY_R") s) and then u, would take $(s "$MY_DJANGO") s: $MY_SETUP_SPEEDUP×.

EOF
  local floor spec
  floor=${MY_WALLS[$at_once $lanes]}
  # The fastest way the client made the 8 copies: what the server allows.
  local best=""
  for spec in "${!MY_WALLS[@]}"; do
    if [[ -z $best ]] || awk "BEGIN {exit !(${MY_WALLS[$spec]} < $best)}"; then best=${MY_WALLS[$spec]}; fi
  done
  cat <<EOF
**Where dbtest's copies spend their time.** One copy with the client, dbtest's statements in one
session, takes ${MY_MS[copy1]} ms (${MY_MS[copyN]} ms over $lanes sessions); one dump | load takes ${MY_MS[dump_load]} ms
(the dump ${MY_MS[dump]} ms, the load ${MY_MS[load]} ms). $MY_WORKERS client copies made as dbtest makes them ($at_once at a time, $lanes
sessions each) took $(s "$floor") s, $(s "${MY_WALLS[1 1]}") s one after another, $(s "${MY_WALLS[$MY_WORKERS 1]}") s all at once with one session each: the
server's work for $MY_WORKERS copies, with no runner around it. dbtest's $(s "${MYR[my_dbtest.copies]}") s also hold its check of each copy
(${MY_MS[check]} ms a copy with nothing else running, ${MY_MS[triggers]} ms of it the query on \`information_schema.TRIGGERS\`) and
the start of the last worker process and its first query. The server's statement log of one m run
(above) shows what the server spent, summed over the sessions that ran at once: nearly all of it on
\`CREATE TABLE\` and \`INSERT … SELECT\`, each of which took far longer than in the dump | load run, where
one session at a time runs them.
EOF
  local best_speedup
  best_speedup=$(ratio "$MY_D" "$best")
  if awk "BEGIN {exit !($best_speedup < $TARGET_MY_COPY_SPEEDUP)}"; then
    echo "The fastest the client made the $MY_WORKERS copies, $(s "$best") s, is $best_speedup× faster than u: short of $TARGET_MY_COPY_SPEEDUP× before"
    echo "any runner adds anything. With copies made in SQL, the target is out of reach for this schema on"
    echo "this server, whatever the runner does."
  else
    echo "The fastest the client made the $MY_WORKERS copies, $(s "$best") s, is $best_speedup× faster than u: the server leaves room"
    echo "for $TARGET_MY_COPY_SPEEDUP×, and the $(s "$(calc '%.3f' "${MYR[my_dbtest.copies]} - $best")") s dbtest's copies take beyond that are the runner's."
  fi
  if awk "BEGIN {exit !(${CPUTIME[my_dbtest]} > ${CPUTIME[my_dump_load]})}"; then
    echo "The server does the copying, yet dbtest and its workers used $(s "${CPUTIME[my_dbtest]}") s of CPU in an m run"
    echo "($(s "${CPUTIME[my_keep]}") s in mᵏ), more than mariadb-dump and mariadb, which print and parse $MY_WORKERS × $MY_DUMP_MB MB of SQL,"
    echo "used in u ($(s "${CPUTIME[my_dump_load]}") s): CPU that the server, on $NPROC cores, does not get."
  fi
  if awk "BEGIN {exit !(${MYR[my_dbtest_hold.copies]} < 0.85 * ${MYR[my_dbtest.copies]})}"; then
    echo "With every test holding its worker for a second (mʰ), so that no copy is dropped while others are"
    echo "made, the copies took $(s "${MYR[my_dbtest_hold.copies]}") s against $(s "${MYR[my_dbtest.copies]}") s for m: the drops of finished workers' copies"
    echo "(\`DROP DATABASE\`, on dbtest's main thread) slow the remaining copies down."
  else
    echo "With every test holding its worker for a second (mʰ), so that no copy is dropped while others are"
    echo "made, the copies took $(s "${MYR[my_dbtest_hold.copies]}") s against $(s "${MYR[my_dbtest.copies]}") s for m: the drops of finished workers'"
    echo "copies are not what makes the copies slow."
  fi
  if awk "BEGIN {exit !(${MY_WALLS[$at_once $lanes]} > 1.1 * ${MY_WALLS[$MY_WORKERS 1]})}"; then
    echo "Many sessions at once do not help on this machine: $at_once copies at a time over $lanes sessions each"
    echo "($((at_once * lanes)) sessions) took longer than $MY_WORKERS single-session copies all at once."
  fi
  echo "The CPU times of m, mʰ, mᵏ, u, u∥ and r are those of the client processes only (dbtest and its workers, or"
  echo "mariadb-dump and mariadb); the server's CPU time is not in them, though \"other processes' CPU use\""
  echo "counts the server as the benchmark's own."
  if [[ -n $MY_LEFTOVERS ]]; then
    echo "After all the runs the server still held databases besides the kept template: $MY_LEFTOVERS."
  else
    echo "After all the runs the server held no database of dbtest's but the kept template, which the"
    echo "script then dropped."
  fi
  echo
}
