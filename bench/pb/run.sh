#!/usr/bin/env bash
# Benchmarks the PB engine: unpacks the pabulib corpus (once), builds pb_bench, times parse
# and every rule on the five largest instances and all rules on the whole corpus, and
# writes a markdown report.
# Usage: bench/pb/run.sh [BUILD_DIR] [REPORT.md] [pb_bench options, e.g. --skip-corpus]
#        (env: PB_CORPUS_DIR, PB_THREADS; `pb_bench --help` lists the options)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
report="${2:-$build/pb-bench.md}"
corpus="${PB_CORPUS_DIR:-${TMPDIR:-/tmp}/pabulib-corpus}"
"${PABULIB_DIR:-$root/../shared/pabulib}/unpack" "$corpus"
cmake --build "$build" --target pb_bench -j2
{
  echo "# PB engine benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  "$build/bench/pb/pb_bench" "$corpus" --threads "${PB_THREADS:-2}" "${@:3}"
} | tee "$report"
