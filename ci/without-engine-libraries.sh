#!/usr/bin/env bash
# Runs a command on this machine as if libpqxx-dev, libpq-dev and
# libmysqlcppconn-dev were not installed: in a mount namespace of its own,
# every file those packages put under /usr (headers, .so links and the
# libraries they point to, .pc files) is covered by one that fails loudly
# when used (#error for headers). A build of dbtest without its server
# engines must not need any of them. Needs root, or unprivileged user
# namespaces.
#
#   ci/without-engine-libraries.sh COMMAND [ARGS...]
set -euo pipefail
inside_marker=--dbtest-inside-namespace
if [ "${1:-}" != "$inside_marker" ]; then
  # Outside: a folder for the covers, removed however the command ends.
  poison=$(mktemp -d /tmp/dbtest-no-engines.XXXXXX)
  trap 'rm -rf "$poison"' EXIT
  namespace=(unshare --mount --propagation private)
  [ "$(id -u)" -eq 0 ] || namespace=(unshare --user --map-root-user --mount --propagation private)
  if ! "${namespace[@]}" true 2>/dev/null; then
    echo "ci/without-engine-libraries.sh: error: cannot make a mount namespace here (${namespace[*]})" >&2
    exit 1
  fi
  "${namespace[@]}" "$0" "$inside_marker" "$poison" "$@"
  exit
fi
# Inside: the covers live on a tmpfs that goes with the namespace.
poison=$2
shift 2
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
