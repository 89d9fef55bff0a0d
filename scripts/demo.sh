#!/usr/bin/env bash
# Installs what is missing, builds, and serves coproduce with the demo data
# (the six case studies) on an embedded SQLite file. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/src/app/coproduce serve --demo --db "sqlite://coproduce-demo.db" "$@"
