#!/usr/bin/env bash
# Whole-corpus check of the PB engine: unpacks the pabulib corpus (idempotent) into
# build/pabulib, parses every file (`coproduce pb check`), then compares every rule with
# the reference outcomes (`coproduce pb conform`), ending with `N passed, N failed`.
# Usage: scripts/pb-conform.sh [COPRODUCE_BINARY [conform options, e.g. --rules mes_cost --jobs 2]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$root/build/src/app/coproduce}"
[ $# -gt 0 ] && shift
pabulib="${PABULIB_DIR:-$root/../shared/pabulib}"
dest="$root/build/pabulib"
[ -x "$bin" ] || { echo "pb-conform: no coproduce binary at $bin (build it or pass its path)" >&2; exit 2; }

"$pabulib/unpack" "$dest"

echo "== parsing every corpus file"
check_status=0
start=$(date +%s%N)
"$bin" pb check "$dest"/*.pb > "$dest.check.log" || check_status=$?
end=$(date +%s%N)
grep '^INVALID' "$dest.check.log" || true
echo "$(tail -n 1 "$dest.check.log") in $(( (end - start) / 1000000 )) ms"

echo "== conformance with pabulib/expected"
conform_status=0
"$bin" pb conform "$dest" "$pabulib/expected" "$@" || conform_status=$?
[ "$check_status" -eq 0 ] && [ "$conform_status" -eq 0 ]
