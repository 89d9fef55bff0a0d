#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite:
#   1. unit tests of every module (CTest; the store and integration suites start
#      their own throwaway PostgreSQL 15),
#   2. HTTP integration tests against the real server, on SQLite and on PostgreSQL,
#   3. browser tests in Debian's Chromium with axe-core,
#   4. each libFuzzer target for FUZZ_SECONDS (default 15) from its seeds,
#   5. the optimised program (-O3) as users build it, warnings as errors.
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

status=0
echo "== unit tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)" || status=1

export COPRODUCE_BIN="$PWD/build/src/app/coproduce"
export COPRODUCE_ASSETS="$PWD/build/assets"
for suite in integration browser; do
  if compgen -G "tests/$suite/*.test.mjs" >/dev/null; then
    echo "== $suite tests (node --test)"
    node --test --test-concurrency=1 tests/$suite/ || status=1
  fi
done
echo "== fuzz targets (${FUZZ_SECONDS:-15} s each)"
scripts/fuzz.sh "${FUZZ_SECONDS:-15}" || status=1
echo "== release build (build-release/)"
BUILD_TYPE=Release TARGETS=coproduce scripts/build.sh && build-release/src/app/coproduce --help >/dev/null || status=1
exit $status
