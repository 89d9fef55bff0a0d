#!/usr/bin/env bash
# A PostgreSQL 15 primary with a synchronous streaming standby on loopback, for
# the failover test and as a worked example of docs/operations.md.
#   scripts/pg-replicated.sh start DIR    -> prints a libpq URL naming both servers:
#       postgresql://USER@127.0.0.1:P1,127.0.0.1:P2/coproduce_test?target_session_attrs=read-write
#   scripts/pg-replicated.sh failover DIR -> stops the primary at once (as a crash
#       would) and promotes the standby; the same URL then reaches the new primary
#   scripts/pg-replicated.sh stop DIR     -> stops both and deletes DIR
# Commits wait for the standby (synchronous_commit=on, synchronous_standby_names),
# so a commit the application saw acknowledged is on both servers. As root the
# servers run as the `postgres` user (initdb refuses root).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DATABASE=coproduce_test

die() { echo "pg-replicated: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: $0 start|failover|stop DIR"
command=$1
dir=$2

is_root() { [ "$(id -u)" -eq 0 ]; }
as_server() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
server_user() { if is_root; then echo postgres; else id -un; fi; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port"
}

start_cluster() {  # NAME PORT
  as_server "$PG_BIN/pg_ctl" start -D "$dir/$1" -w -t 60 -l "$dir/$1.log" \
    -o "-p $2 -k '$dir' -c listen_addresses=127.0.0.1" >/dev/null 2>&1 ||
    die "$1 did not start: $(tail -n 5 "$dir/$1.log")"
}

start() {
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 server binaries not found in $PG_BIN"
  if is_root && ! id -u postgres >/dev/null 2>&1; then
    useradd -r -M -d /nonexistent -s /usr/sbin/nologin postgres
  fi
  [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  touch "$dir/pg-replicated.marker"
  if is_root; then chown -R postgres: "$dir"; chmod 700 "$dir"; fi
  local user primary_port standby_port
  user=$(server_user)
  primary_port=$(free_port)
  standby_port=$(free_port)
  as_server "$PG_BIN/initdb" -D "$dir/primary" -U "$user" -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n' \
    >"$dir/primary/pg_hba.conf"
  cat >>"$dir/primary/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 5
hot_standby = on
synchronous_commit = on
max_connections = 200
CONF
  start_cluster primary "$primary_port"
  as_server "$PG_BIN/createdb" -h 127.0.0.1 -p "$primary_port" -U "$user" "$DATABASE"
  as_server "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U "$user" -D "$dir/standby" -R -X stream \
    >"$dir/basebackup.log" 2>&1 || die "pg_basebackup failed: $(tail -n 5 "$dir/basebackup.log")"
  # The standby names itself so the primary waits for it.
  sed -i "s/^primary_conninfo = '/primary_conninfo = 'application_name=standby /" "$dir/standby/postgresql.auto.conf"
  start_cluster standby "$standby_port"
  # Only now that the standby exists do commits wait for it.
  as_server "$PG_BIN/psql" -h 127.0.0.1 -p "$primary_port" -U "$user" -d "$DATABASE" -qtAXc \
    "ALTER SYSTEM SET synchronous_standby_names = 'standby'" >/dev/null
  as_server "$PG_BIN/psql" -h 127.0.0.1 -p "$primary_port" -U "$user" -d "$DATABASE" -qtAXc \
    "SELECT pg_reload_conf()" >/dev/null
  local state=""
  for _ in $(seq 1 100); do
    state=$(as_server "$PG_BIN/psql" -h 127.0.0.1 -p "$primary_port" -U "$user" -d "$DATABASE" -tAXc \
      "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'" 2>/dev/null || true)
    [ "$state" = sync ] && break
    sleep 0.1
  done
  [ "$state" = sync ] || die "the standby did not become synchronous"
  echo "$primary_port" >"$dir/primary.port"
  echo "$standby_port" >"$dir/standby.port"
  local url="postgresql://$user@127.0.0.1:$primary_port,127.0.0.1:$standby_port/$DATABASE?target_session_attrs=read-write"
  echo "$url" >"$dir/url"
  echo "$url"
}

failover() {
  as_server "$PG_BIN/pg_ctl" stop -D "$dir/primary" -m immediate -w >/dev/null 2>&1 || true
  as_server "$PG_BIN/pg_ctl" promote -D "$dir/standby" -w >/dev/null 2>&1 || die "promote failed"
}

stop() {
  [ -e "$dir" ] || return 0
  [ -f "$dir/pg-replicated.marker" ] || die "$dir was not made by pg-replicated.sh; not deleting it"
  for cluster in primary standby; do
    [ -f "$dir/$cluster/postmaster.pid" ] &&
      as_server "$PG_BIN/pg_ctl" stop -D "$dir/$cluster" -m immediate -w >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}

case "$command" in
  start) start ;;
  failover) failover ;;
  stop) stop ;;
  *) die "usage: $0 start|failover|stop DIR" ;;
esac
