#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL 15 for tests.
#   scripts/pg-temp.sh start DIR [OWNER_PID]  -> prints only postgresql://USER@127.0.0.1:PORT/coproduce_test
#   scripts/pg-temp.sh stop DIR               -> stops the server and deletes DIR
#   scripts/pg-temp.sh shared DIR OWNER_PID   -> like start, but reuses the server already
#       running in DIR; it stops a few seconds after its last owner has exited. Test
#       processes use this so a whole ctest run starts PostgreSQL once, not per test.
# The server listens on 127.0.0.1 only (trust auth there and on its socket in
# DIR), on a free port, with durability off for speed (PG_DURABLE=1 keeps
# PostgreSQL's defaults: fsync, synchronous commits; for benchmarks). With OWNER_PID, a
# watchdog stops it once that process is gone, so a crashed test leaves
# nothing running. As root the server runs as the `postgres` user (initdb
# refuses root); otherwise as the caller.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DATABASE=coproduce_test

die() {
  echo "pg-temp: $*" >&2
  exit 1
}
usage() { die "usage: $0 start DIR [OWNER_PID] | $0 stop DIR | $0 shared DIR OWNER_PID"; }

[ $# -ge 2 ] || usage
command=$1
dir=$2
owner=${3:-}

is_root() { [ "$(id -u)" -eq 0 ]; }
as_server() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
server_user() { if is_root; then echo postgres; else id -un; fi; }

# Only ever deletes a directory that is empty or holds a cluster of ours.
ours_or_empty() {
  [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ] || [ -f "$1/pg-temp.marker" ]
}

stop() {
  [ -e "$dir" ] || return 0
  ours_or_empty "$dir" || die "$dir was not made by pg-temp.sh; not deleting it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

start_server() {  # PORT -> 0 when running; 2 when the port was taken
  local port=$1
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = 1 ] && durability=""
  : >"$dir/server.log"
  is_root && chown postgres: "$dir/server.log"
  if as_server "$PG_BIN/pg_ctl" start -D "$dir/data" -w -t 60 -l "$dir/server.log" \
    -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 $durability \
        -c shared_buffers=16MB -c max_connections=200" >/dev/null 2>&1 9>&-; then
    return 0
  fi
  if grep -qiE "could not (bind|create)|already in use" "$dir/server.log"; then return 2; fi
  return 1
}

start() {
  if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    die "PostgreSQL 15 server binaries not found in $PG_BIN; run scripts/install-deps.sh"
  fi
  if is_root && ! id -u postgres >/dev/null 2>&1; then
    useradd -r -M -d /nonexistent -s /usr/sbin/nologin postgres ||
      die "cannot create the postgres system user"
  fi
  ours_or_empty "$dir" || die "$dir is not empty and was not made by pg-temp.sh"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/url" ] && as_server "$PG_BIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
    cat "$dir/url"  # already running: starting twice is harmless
    return 0
  fi
  touch "$dir/pg-temp.marker"
  if is_root; then
    chown -R postgres: "$dir"
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot reach $dir; choose a directory under /tmp"
  fi
  local user
  user=$(server_user)
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_server "$PG_BIN/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-locale -N \
      >"$dir/initdb.log" 2>&1 || die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    # Trust only the socket (inside DIR) and loopback TCP; nothing else may connect.
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$dir/data/pg_hba.conf"
  fi
  local port="" status
  for _ in $(seq 1 20); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    # Skip ports something already answers on; the server itself reports the rest.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    status=0
    start_server "$port" || status=$?
    [ "$status" -eq 0 ] && break
    [ "$status" -eq 2 ] || die "PostgreSQL did not start: $(tail -n 5 "$dir/server.log")"
    port=""
  done
  [ -n "$port" ] || die "no free port found after 20 attempts"
  as_server "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$DATABASE" ||
    die "createdb $DATABASE failed"
  local url="postgresql://$user@127.0.0.1:$port/$DATABASE"
  echo "$url" >"$dir/url"
  if [ -n "$owner" ]; then
    # Detached, with no stdout, so a caller reading our output is not kept waiting.
    # shellcheck disable=SC2016 # expanded by the inner bash
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done; "$0" stop "$2"' \
      "$(realpath "$0")" "$owner" "$dir" </dev/null >/dev/null 2>&1 9>&- &
  fi
  echo "$url"
}

# Owners of a shared server are files named by PID in DIR.owners; DIR.lock
# serialises owners arriving with the keeper deciding to stop.
shared() {
  [[ "$owner" =~ ^[0-9]+$ ]] || usage
  exec 9>"$dir.lock"
  flock 9
  mkdir -p "$dir.owners"
  touch "$dir.owners/$owner"
  if [ -f "$dir/url" ] && as_server "$PG_BIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
    cat "$dir/url"
  else
    stop  # leftovers of a server that died
    owner="" start
  fi
  # One keeper per server; a new one replaces a keeper that was killed.
  if ! { [ -f "$dir.keeper" ] && kill -0 "$(cat "$dir.keeper")" 2>/dev/null; }; then
    # The keeper and the server must not inherit the lock (fd 9), or it is never released.
    setsid "$(realpath "$0")" keep "$dir" </dev/null >/dev/null 2>&1 9>&- &
    echo $! >"$dir.keeper"
  fi
}

keep() {  # stops the shared server once it has had no live owner for 5 s
  local idle=0 file
  while [ "$idle" -lt 5 ]; do
    sleep 1
    exec 9>"$dir.lock"
    flock 9
    for file in "$dir.owners"/*; do
      [ -e "$file" ] || continue
      kill -0 "${file##*/}" 2>/dev/null || rm -f "$file"
    done
    if [ -n "$(ls -A "$dir.owners" 2>/dev/null)" ]; then idle=0; else idle=$((idle + 1)); fi
    if [ "$idle" -ge 5 ]; then
      stop
      rm -rf "$dir.owners" "$dir.keeper"
    fi
    exec 9>&-
  done
}

case "$command" in
  start) start ;;
  stop) stop ;;
  shared) shared ;;
  keep) keep ;;
  *) usage ;;
esac
