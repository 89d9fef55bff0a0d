#!/usr/bin/env bash
# Public reads over HTTP: coproduce (demo organisation, SQLite) beside nginx
# serving the same bytes as static files, on the same machine in the same
# run, under wrk on loopback. Prints a Markdown table for docs/performance.md.
#   bench/http/run.sh [DURATION_SECONDS] [ROUNDS]
# Needs a build (scripts/build.sh) and wrk + nginx (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
rounds=${2:-3}
bin=build/src/app/coproduce
[ -x "$bin" ] || { echo "bench: build first (scripts/build.sh)" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || {
  echo "bench: wrk and nginx are needed (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers read the files
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# coproduce, without request logging (nginx's access log is off too).
"$bin" serve --demo --port 0 --db "sqlite://$work/bench.db" --no-access-log \
  --threads "$(nproc)" >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
for _ in $(seq 1 100); do grep -q "serving on" "$work/serve.out" && break; sleep 0.1; done
app=$(sed -n 's/.*serving on \(http[^ ]*\).*/\1/p' "$work/serve.out")
tackley=$(curl -fsS "$app/api/v1/initiatives" | python3 -c \
  'import json,sys; print([i["id"] for i in json.load(sys.stdin)["initiatives"] if i["name"].startswith("Tackley")][0])')

# The public reads, and nginx serving each one's bytes as a file.
paths=("/api/v1/initiatives" "/map" "/initiatives/$tackley" "/api/v1/export/contributions.csv")
mkdir -p "$work/www"
locations=""
for i in "${!paths[@]}"; do
  curl -fsS "$app${paths[$i]}" -o "$work/www/body$i"
  locations+="location = ${paths[$i]} { alias $work/www/body$i; }
"
done
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$nginx_port; $locations }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 0.5

# wrk prints "Requests/sec: N" and a latency distribution with the 99% line.
measure() {
  wrk -t2 -c64 -d"${duration}s" --latency "$1" >"$work/wrk.txt"
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") $(awk '$1=="99%" {print $2}' "$work/wrk.txt")"
}

echo "| public read | bytes | nginx req/s | nginx p99 | coproduce req/s | coproduce p99 | vs nginx |"
echo "|---|---|---|---|---|---|---|"
for i in "${!paths[@]}"; do
  path=${paths[$i]}
  cmp <(curl -fsS "http://127.0.0.1:$nginx_port$path") "$work/www/body$i"
  best_app=0; best_app_p99=""; best_nginx=0; best_nginx_p99=""
  for round in $(seq "$rounds"); do
    read -r rps p99 < <(measure "http://127.0.0.1:$nginx_port$path")
    if awk "BEGIN{exit !($rps > $best_nginx)}"; then best_nginx=$rps; best_nginx_p99=$p99; fi
    read -r rps p99 < <(measure "$app$path")
    if awk "BEGIN{exit !($rps > $best_app)}"; then best_app=$rps; best_app_p99=$p99; fi
  done
  shown=${path/$tackley/{id\}}
  printf "| GET %s | %s | %.0f | %s | %.0f | %s | %.2f |\n" "$shown" "$(wc -c <"$work/www/body$i")" \
    "$best_nginx" "$best_nginx_p99" "$best_app" "$best_app_p99" "$(awk "BEGIN{print $best_app / $best_nginx}")"
  echo "bench: $path done" >&2
done
echo
echo "nginx $(nginx -v 2>&1 | sed 's|.*nginx/||'); wrk -t2 -c64 -d${duration}s --latency on loopback, best of $rounds rounds each, $(nproc) cores shared by client and servers; anonymous requests (answered from the cache)."
