#!/usr/bin/env bash
# Throughput and p99 latency of GET /api/v1/initiatives (demo data, SQLite)
# under wrk on loopback, beside nginx serving the same bytes as a static file
# on the same machine in the same run. Prints a Markdown table.
#   bench/http/run.sh [DURATION_SECONDS] [ROUNDS]
# Needs a build (scripts/build.sh) and wrk + nginx (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
rounds=${2:-2}
bin=build/src/app/coproduce
[ -x "$bin" ] || { echo "bench: build first (scripts/build.sh)" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || {
  echo "bench: wrk and nginx are needed (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# coproduce, without request logging (nginx's access log is off too).
"$bin" serve --demo --port 0 --db "sqlite://$work/bench.db" --no-access-log \
  --threads "$(nproc)" >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
for _ in $(seq 100); do grep -q 'serving on' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
app_url="$(grep -o 'http://[^ ]*' "$work/serve.out")/api/v1/initiatives"

# nginx serving the same body as a static file.
mkdir -p "$work/www/api/v1"
curl -fsS "$app_url" -o "$work/www/api/v1/initiatives"
bytes=$(wc -c <"$work/www/api/v1/initiatives")
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 0.5
nginx_url="http://127.0.0.1:$nginx_port/api/v1/initiatives"
cmp <(curl -fsS "$nginx_url") "$work/www/api/v1/initiatives"

# wrk prints "Requests/sec: N" and a latency distribution with the 99% line.
measure() {
  wrk -t2 -c64 -d"${duration}s" --latency "$1" >"$work/wrk.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  echo "$rps $p99"
}
best_app=0; best_app_p99=""; best_nginx=0; best_nginx_p99=""
for round in $(seq "$rounds"); do
  read -r rps p99 < <(measure "$nginx_url")
  if awk "BEGIN{exit !($rps > $best_nginx)}"; then best_nginx=$rps; best_nginx_p99=$p99; fi
  read -r rps p99 < <(measure "$app_url")
  if awk "BEGIN{exit !($rps > $best_app)}"; then best_app=$rps; best_app_p99=$p99; fi
  echo "bench: round $round done" >&2
done
ratio=$(awk "BEGIN{printf \"%.2f\", $best_app / $best_nginx}")

echo "| server | req/s | p99 | vs nginx |"
echo "|---|---|---|---|"
printf "| nginx %s, static file (%s bytes) | %.0f | %s | 1.00 |\n" \
  "$(nginx -v 2>&1 | sed 's|.*nginx/||')" "$bytes" "$best_nginx" "$best_nginx_p99"
printf "| coproduce GET /api/v1/initiatives | %.0f | %s | %s |\n" "$best_app" "$best_app_p99" "$ratio"
echo
echo "wrk -t2 -c64 -d${duration}s --latency on loopback, best of $rounds rounds, $(nproc) cores shared by client and server."
