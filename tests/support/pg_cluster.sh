#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from Debian's `postgresql`:
#
#   tests/support/pg_cluster.sh start DIR   initdb into DIR/data, start the
#                                            server on a Unix socket in DIR
#                                            (no TCP), and print its
#                                            connection string
#   tests/support/pg_cluster.sh stop DIR    stop it and remove DIR
#
# DIR is the cluster's alone: made afresh (a server a killed run left there
# is stopped first), readable and reachable by its owner only, socket
# included. The server refuses to run as root: run as root, the cluster
# belongs to `nobody` (root still reaches the socket). Anything that stops it
# from starting is an error with the server's log, never a silent skip.
set -euo pipefail
cd /

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$2

bindir=""
if command -v pg_config >/dev/null 2>&1; then bindir=$(pg_config --bindir); fi
if [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg_cluster: no PostgreSQL server found (initdb); install Debian's postgresql (make deps does)" >&2
  exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi

# One start or stop at a time for DIR (two test runs of one build).
exec 9>"$dir.lock"
flock 9

# A server a killed run left in DIR: stopped, or it would take the new
# one's socket and lock files with it when it notices its folder is gone.
stop_left_over() {
  [ -f "$dir/data/postmaster.pid" ] || return 0
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 && return 0
  local pid
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
}

case "$command" in
  start)
    stop_left_over
    rm -rf "$dir"
    mkdir -m 700 "$dir"  # fails if something was put there meanwhile
    if [ ${#as_owner[@]} -gt 0 ]; then chown -h nobody:nogroup "$dir"; fi
    if ! "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" --username=scr_admin --auth=trust \
         --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
      echo "pg_cluster: initdb failed:" >&2
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    # (9>&-: the server must not inherit the lock, or hold it while it runs.)
    if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c unix_socket_permissions=0700" \
         start >"$dir/pg_ctl.log" 2>&1 9>&-; then
      echo "pg_cluster: the server did not start:" >&2
      cat "$dir/pg_ctl.log" "$dir/server.log" >&2 || true
      exit 1
    fi
    echo "host=$dir user=scr_admin dbname=postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || stop_left_over
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
