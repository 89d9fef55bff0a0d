#!/usr/bin/env bash
# Participatory budgeting through the platform: times one election (default
# Poland_Lodz_2022, 90,494 ballots) from the file to stored results beside the
# engine alone on the same file (`coproduce pb run`) in the same run, and, with
# --corpus, checks every corpus file and reference rule through the platform
# (pb_platform_check). The corpus is read from ../shared/pabulib.
# Usage: bench/pb_platform/run.sh [BUILD_DIR] [--db URL] [--election NAME.pb] [--corpus]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"; shift || true
pabulib="${PABULIB_DIR:-$root/../shared/pabulib}"
db="" election="Poland_Lodz_2022.pb" corpus=0
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --election) election="$2"; shift 2 ;;
    --corpus) corpus=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -n "$db" ] || db="sqlite://$work/bench.db"
bin="$build/src/app/coproduce"
check="$build/src/commission/process/pb_platform_check"
zstd -q -d -c "$pabulib/corpus/$election.zst" > "$work/$election"
echo "# $election, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
seconds() { local start end; start=$(date +%s.%N); "$@" > "$work/out"; end=$(date +%s.%N); echo "$end - $start" | bc; }
echo "coproduce pb run (parse + count, the reference): $(seconds "$bin" pb run "$work/$election" --rule mes_cost) s"
echo "coproduce pb import (parse, store, count from the database): $(seconds "$bin" pb import "$work/$election" --db "$db") s"
id="$(cat "$work/out")"
echo "coproduce pb results: $(seconds "$bin" pb results "$id" --db "$db") s"
"$bin" pb run "$work/$election" --rule mes_cost | cmp -s - <("$bin" pb results "$id" --db "$db") && echo "same selection"
"$check" --time "$work/$election" --db "$db" | tee "$work/timing"
# The published results page, first request after the sign-off (nothing cached).
timed=$(sed -n 's/^process \([a-z2-7]*\) in organisation timing$/\1/p' "$work/timing")
"$bin" serve --port 0 --db "$db" --no-access-log > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 1 100); do grep -q "serving on" "$work/serve.out" && break; sleep 0.1; done
app=$(sed -n 's/.*serving on \(http[^ ]*\).*/\1/p' "$work/serve.out")
echo "the published results page, first request: $(curl -fsS -o /dev/null -w '%{time_total}' "$app/pb/$timed?org=timing") s"
kill "$server"; wait "$server" 2>/dev/null || true
if [ "$corpus" = 1 ]; then
  "$check" "$pabulib/corpus" "$pabulib/expected" | tail -n 20
fi
