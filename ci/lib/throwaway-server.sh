# shellcheck shell=bash disable=SC2034  # command and dir are read by the script that sources this
# What ci/postgres-server.sh and ci/mysql-server.sh share: reading
# `start|status|stop DIR`, the marker that makes DIR theirs to remove, stopping
# and removing, and picking a free port. Sourced, after the script has set
# SERVER_NAME (for messages) and MARKER (a file name); the script defines
# stop_server, which stops its server if one runs in DIR.

say() { echo "$SERVER_NAME: $*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
  echo "usage: $0 start|status|stop DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
command=$1
[ -n "$2" ] || usage
# An absolute path, without resolving symlinks or requiring it to exist.
case $2 in
  /*) dir=$2 ;;
  *) dir=$PWD/$2 ;;
esac
dir=${dir%/}
[ -n "$dir" ] || die "refusing to use / as the server's folder"
# The folder goes into the server's settings and URLs, and is printed for
# eval: keep it plain.
[[ $dir =~ ^[A-Za-z0-9._/+-]+$ ]] || die "DIR may only contain letters, digits and . _ / + -: $dir"

# The folder is ours to remove only when start created the marker in it.
is_ours() { [ -f "$dir/$MARKER" ]; }

cmd_stop() {
  if [ ! -e "$dir" ]; then
    say "$dir does not exist: nothing to stop"
    return 0
  fi
  if ! is_ours; then
    # start failed before it wrote its marker, or this is not our folder.
    if [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ]; then
      rmdir "$dir"
      return 0
    fi
    die "$dir is not a folder that '$0 start' made; not touching it"
  fi
  stop_server
  rm -rf -- "$dir"
  say "removed $dir"
}

# Ports the kernel does not hand out to outgoing connections, then a random
# one of them that nothing listens on. The server's own bind is the real
# test: start tries again when another process won the race for the port.
pick_port() {
  local low high port i
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  high=$((low - 1))
  low=10000
  ((high > low + 1000)) || { low=20000; high=30000; }
  for ((i = 0; i < 200; i++)); do
    port=$((low + (RANDOM * 32768 + RANDOM) % (high - low + 1)))
    if ! (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
