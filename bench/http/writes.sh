#!/usr/bin/env bash
# Durable writes over HTTP: contributions recorded per second (POST, an
# officer's session, each a ledger entry with its audit event) on SQLite and on
# PostgreSQL, with every acknowledged write on disk, beside the same load with
# durability off as the ceiling, in the same run. Prints a Markdown table.
#   bench/http/writes.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
connections=${2:-64}
bin=build/src/app/coproduce
[ -x "$bin" ] || { echo "bench: build first (scripts/build.sh)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is needed (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pids=()
pg_dirs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for d in "${pg_dirs[@]}"; do scripts/pg-temp.sh stop "$d" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")
wrk.path = os.getenv("BENCH_PATH")
wrk.body = '{"contributor_label":"Bench volunteer","role":"service_user","phase":"delivering","kind":"hours","hours":"2","made_on":"2026-11-30"}'
LUA

# Runs the write load against a server on DB_URL; prints "req/s p99 errors".
measure() {
  local url=$1 out="$work/serve-$RANDOM"
  "$bin" serve --demo --port 0 --db "$url" --no-access-log --threads "$(nproc)" >"$out.out" 2>"$out.err" &
  local pid=$!
  pids+=($pid)
  for _ in $(seq 1 200); do grep -q "serving on" "$out.out" && break; sleep 0.1; done
  local app
  app=$(sed -n 's/.*serving on \(http[^ ]*\).*/\1/p' "$out.out")
  local login
  login=$(curl -fsS -c "$work/jar" -H 'Content-Type: application/json' \
    -d '{"email":"officer@demo.coproduce.test","password":"demo-password-1234"}' "$app/api/v1/session")
  local csrf cookie initiative
  csrf=$(echo "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  cookie="cp_session=$(awk '$6=="cp_session" {print $7}' "$work/jar")"
  initiative=$(curl -fsS "$app/api/v1/initiatives" | python3 -c \
    'import json,sys; print([i["id"] for i in json.load(sys.stdin)["initiatives"] if i["name"].startswith("Tackley")][0])')
  BENCH_COOKIE=$cookie BENCH_CSRF=$csrf BENCH_PATH="/api/v1/initiatives/$initiative/contributions" \
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "$app" >"$work/wrk.txt"
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") $(awk '$1=="99%" {print $2}' "$work/wrk.txt") ${non2xx:-0}"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

row() {  # LABEL DURABLE_URL CEILING_URL
  read -r d_rps d_p99 d_err < <(measure "$2")
  read -r c_rps c_p99 c_err < <(measure "$3")
  printf "| %s | %.0f | %s | %.0f | %s | %.2f |\n" "$1" "$d_rps" "$d_p99" "$c_rps" "$c_p99" \
    "$(awk "BEGIN{print $d_rps / $c_rps}")"
  [ "$d_err" = 0 ] && [ "$c_err" = 0 ] || echo "bench: $1 had non-2xx answers ($d_err, $c_err)" >&2
}

echo "| database | durable writes/s | p99 | durability off writes/s | p99 | durable vs off |"
echo "|---|---|---|---|---|---|"
row "SQLite (group commit)" "sqlite://$work/durable.db" "sqlite://$work/fast.db?sync=off"
pg_durable="$work/pg-durable"
pg_fast="$work/pg-fast"
pg_dirs+=("$pg_durable" "$pg_fast")
durable_url=$(PG_DURABLE=1 scripts/pg-temp.sh start "$pg_durable")
fast_url=$(scripts/pg-temp.sh start "$pg_fast")
row "PostgreSQL 15 (synchronous_commit on; off with fsync off for the ceiling)" "$durable_url" "$fast_url"
echo
echo "wrk -t2 -c$connections -d${duration}s, POST /api/v1/initiatives/{id}/contributions as an officer (a ledger entry and its audit event per request), $(nproc) cores shared by client, server and database."
