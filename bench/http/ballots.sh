#!/usr/bin/env bash
# Ballots cast per second over HTTP: POST /api/v1/pb/processes/{id}/code-ballots
# with a fresh single-use voting code each (the demo's process open for
# voting), each a durable transaction (the process row locked, the choices
# checked, the ballot stored, the code spent), on SQLite and PostgreSQL,
# beside the same load with durability off as the ceiling, in the same run.
# Afterwards the stored ballot count must equal the 201 answers.
#   [BUILD_DIR=build-release] bench/http/ballots.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
connections=${2:-16}
# The optimised program as a user builds it (BUILD_TYPE=Release scripts/build.sh);
# BUILD_DIR names another build directory.
bin=${BUILD_DIR:-build-release}/src/app/coproduce
[ -x "$bin" ] || { echo "bench: build first (BUILD_TYPE=Release scripts/build.sh)" >&2; exit 1; }
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

# Each of wrk's two threads takes every other code, one per request.
cat >"$work/ballot.lua" <<'LUA'
local made = 0
function setup(thread)
  thread:set("id", made)
  made = made + 1
end
function init(args)
  codes = {}
  local i = 0
  for line in io.lines(os.getenv("BENCH_CODES")) do
    if i % 2 == id then codes[#codes + 1] = line end
    i = i + 1
  end
  n = 0
end
function request()
  n = n + 1
  local body = '{"code":"' .. codes[n] .. '","choices":["1","3"]}'
  return wrk.format("POST", os.getenv("BENCH_PATH"), {["Content-Type"] = "application/json"}, body)
end
LUA

# Runs the ballot load against a server on DB_URL; prints "ballots/s p99 non-2xx stored answered".
measure() {
  local url=$1 out="$work/serve-$RANDOM"
  "$bin" serve --demo --port 0 --db "$url" --no-access-log --threads "$(nproc)" >"$out.out" 2>"$out.err" &
  local pid=$!
  pids+=($pid)
  for _ in $(seq 1 300); do grep -q "serving on" "$out.out" && break; sleep 0.1; done
  local app
  app=$(sed -n 's/.*serving on \(http[^ ]*\).*/\1/p' "$out.out")
  local login csrf cookie process
  login=$(curl -fsS -c "$work/jar" -H 'Content-Type: application/json' \
    -d '{"email":"officer@demo.coproduce.test","password":"demo-password-1234"}' "$app/api/v1/session")
  csrf=$(echo "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  cookie="cp_session=$(awk '$6=="cp_session" {print $7}' "$work/jar")"
  process=$(curl -fsS "$app/api/v1/pb/processes" | python3 -c \
    'import json,sys; print([p["id"] for p in json.load(sys.stdin)["processes"] if p["phase"] == "voting"][0])')
  : >"$work/codes"
  for _ in $(seq 1 16); do
    curl -fsS -H 'Content-Type: application/json' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
      -d '{"count": 5000}' "$app/api/v1/pb/processes/$process/codes" |
      python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["codes"]))' >>"$work/codes"
  done
  BENCH_CODES="$work/codes" BENCH_PATH="/api/v1/pb/processes/$process/code-ballots" \
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/ballot.lua" "$app" >"$work/wrk.txt"
  local non2xx total stored
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
  total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  stored=$(curl -fsS "$app/api/v1/pb/processes/$process" | python3 -c 'import json,sys; print(json.load(sys.stdin)["voters"])')
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") $(awk '$1=="99%" {print $2}' "$work/wrk.txt") ${non2xx:-0} $stored $total"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

row() {  # LABEL DURABLE_URL CEILING_URL
  read -r d_rps d_p99 d_err d_stored d_total < <(measure "$2")
  read -r c_rps c_p99 c_err c_stored c_total < <(measure "$3")
  printf "| %s | %.0f | %s | %s of %s | %.0f | %s | %.2f |\n" "$1" "$d_rps" "$d_p99" "$d_stored" "$d_total" "$c_rps" "$c_p99" \
    "$(awk "BEGIN{print $d_rps / $c_rps}")"
  [ "$d_err" = 0 ] && [ "$c_err" = 0 ] || echo "bench: $1 had non-2xx answers ($d_err, $c_err)" >&2
}

echo "| database | durable ballots/s | p99 | ballots stored of answered | durability off ballots/s | p99 | durable vs off |"
echo "|---|---|---|---|---|---|---|"
row "SQLite (group commit)" "sqlite://$work/durable.db" "sqlite://$work/fast.db?sync=off"
pg_durable="$work/pg-durable"
pg_fast="$work/pg-fast"
pg_dirs+=("$pg_durable" "$pg_fast")
durable_url=$(PG_DURABLE=1 scripts/pg-temp.sh start "$pg_durable")
fast_url=$(scripts/pg-temp.sh start "$pg_fast")
row "PostgreSQL 15 (synchronous_commit on; off with fsync off for the ceiling)" "$durable_url" "$fast_url"
echo
echo "wrk -t2 -c$connections -d${duration}s, POST /api/v1/pb/processes/{id}/code-ballots anonymously, a fresh voting code and two projects per ballot (the demo process: 5 projects, choose 1 to 3), $(nproc) cores shared by client, server and database."
