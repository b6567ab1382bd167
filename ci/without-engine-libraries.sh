#!/usr/bin/env bash
# Runs a command on this machine as if libpqxx-dev, libpq-dev and
# libmysqlcppconn-dev were not installed: in a mount namespace of its own,
# every file those packages put under /usr (headers, .so links, .pc files)
# is covered by one that fails loudly when used (#error for headers). A
# build of dbtest without its server engines must not need any of them.
#
#   ci/without-engine-libraries.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${DBTEST_POISON_DIR:-}" ]; then
  # Outside: a folder for the covers, gone however the command ends.
  poison=$(mktemp -d /tmp/dbtest-no-engines.XXXXXX)
  trap 'rm -rf "$poison"' EXIT
  namespace=(unshare --mount --propagation private)
  [ "$(id -u)" -eq 0 ] || namespace=(unshare --user --map-root-user --mount --propagation private)
  DBTEST_POISON_DIR=$poison "${namespace[@]}" "$0" "$@"
  exit
fi
# Inside: the covers live on a tmpfs that goes with the namespace.
poison=$DBTEST_POISON_DIR
unset DBTEST_POISON_DIR
mount -t tmpfs dbtest-no-engines "$poison"
printf '#error "hidden: this build must not need the engines'"'"' client libraries"\n' > "$poison/header"
printf 'hidden: this build must not need the engines'"'"' client libraries\n' > "$poison/other"
for package in libpqxx-dev libpq-dev libmysqlcppconn-dev; do
  dpkg-query -W "$package" >/dev/null 2>&1 || continue
  dpkg -L "$package" | while read -r path; do
    case $path in /usr/share/*) continue ;; esac
    [ -d "$path" ] && continue
    [ -e "$path" ] || continue
    case $path in /usr/include/*) cover="$poison/header" ;; *) cover="$poison/other" ;; esac
    mount --bind "$cover" "$(readlink -f "$path")"
  done
done
exec "$@"
