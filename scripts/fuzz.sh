#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/ and
# runs each for a while; a crash stops the run and leaves its input in
# build-fuzz/crashes/TARGET/, to be kept as a unit test once fixed.
#   scripts/fuzz.sh                 every target, 60 s each
#   scripts/fuzz.sh 600 csv_fuzz    one target, ten minutes
# Targets: request_fuzz (src/http/fuzz: the request path the server owns),
# csv_fuzz (src/core/fuzz: the CSV writer), pb_parser_fuzz (src/commission/pb/fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request_fuzz csv_fuzz pb_parser_fuzz)
case "$seconds" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac

dir=build-fuzz
if [ ! -f "$dir/build.ninja" ]; then
  CXX=clang++ cmake -G Ninja -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOPRODUCE_FUZZ=ON \
    "-DCOPRODUCE_ONLY=core;http;commission" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"

declare -A source=([request_fuzz]=src/http/fuzz [csv_fuzz]=src/core/fuzz [pb_parser_fuzz]=src/commission/pb/fuzz)
declare -A binary=([request_fuzz]=src/http/fuzz/request_fuzz [csv_fuzz]=src/core/fuzz/csv_fuzz
                   [pb_parser_fuzz]=src/commission/pb/fuzz/pb_parser_fuzz)
for target in "${targets[@]}"; do
  [ -n "${binary[$target]:-}" ] || { echo "unknown fuzz target: $target" >&2; exit 2; }
  corpus="$dir/corpus/$target" crashes="$dir/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  seeds=()
  [ -d "${source[$target]}/seeds" ] && seeds+=("${source[$target]}/seeds")
  [ "$target" = pb_parser_fuzz ] && seeds+=(src/commission/pb/testdata)
  dict=()
  for d in "${source[$target]}"/*.dict; do [ -f "$d" ] && dict=("-dict=$d"); done
  echo "== $target for ${seconds}s"
  "$dir/${binary[$target]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 "${dict[@]}" "$corpus" "${seeds[@]}" 2>&1 |
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY|artifact_prefix)" || true
  if compgen -G "$crashes/*" >/dev/null; then
    echo "$target: inputs that crashed are in $crashes/" >&2
    exit 1
  fi
done
