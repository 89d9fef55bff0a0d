#!/usr/bin/env bash
# Checks `coproduce pb import` + `coproduce pb results` against `coproduce pb run`
# on pabulib corpus files: for every reference rule that lists a file
# (../shared/pabulib/expected/<rule>.tsv), the file is imported with that rule
# and the stored selection must equal what pb run prints, as must pb run on the
# file `coproduce pb export` writes back. The corpus is read
# from ../shared/pabulib (decompressed into a temporary folder, never copied
# into the repository). Prints one line per disagreement and the figure.
# Usage: scripts/pb-import-check.sh COPRODUCE_BIN DB_URL FILE.pb...
#        (DB_URL "fresh": a new SQLite file in a temporary folder; file names as
#        in the corpus, e.g. Poland_Gdansk_2020.pb)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pabulib="${PABULIB_DIR:-$root/../shared/pabulib}"
bin="$1"; db="$2"; shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ "$db" = fresh ] && db="sqlite://$work/check.db"
pairs=0; agree=0
for name in "$@"; do
  zstd -q -d -c "$pabulib/corpus/$name.zst" > "$work/$name"
  for tsv in "$pabulib"/expected/*.tsv; do
    rule="$(basename "$tsv" .tsv)"
    grep -q -F -x -e "$name" <(cut -f1 "$tsv") || continue
    pairs=$((pairs + 1))
    id="$("$bin" pb import "$work/$name" --db "$db" --rule "$rule")"
    expected="$("$bin" pb run "$work/$name" --rule "$rule")"
    # The open data too: the exported file counts to the same result.
    "$bin" pb export "$id" --db "$db" > "$work/export.pb"
    if [ "$("$bin" pb results "$id" --db "$db")" = "$expected" ] &&
       [ "$("$bin" pb run "$work/export.pb" --rule "$rule")" = "$expected" ]; then
      agree=$((agree + 1))
    else
      echo "DIFFERS $name $rule"
    fi
  done
done
echo "$# files, $pairs (file, rule) pairs: $agree agree (pb results = pb run = pb run on the export), $((pairs - agree)) differ"
[ "$pairs" -gt 0 ] && [ "$agree" -eq "$pairs" ]
