#!/usr/bin/env bash
# Installs everything coproduce needs to build, test and run on Debian 12.
# Idempotent: installs only what is missing; safe to run before every build.
# Runs as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build ccache mold pkg-config git zstd curl ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev postgresql-15 libsodium-dev libgmp-dev libicu-dev
  libcurl4-openssl-dev libcli11-dev libgtest-dev libgmock-dev librapidcheck-dev libkainjow-mustache-dev libbenchmark-dev
  clang libclang-rt-14-dev nginx-light wrk chromium sqlite3 python3-aiosmtpd
)
# Node.js: use the machine's own when present (a newer build may be installed outside apt).
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  echo "install-deps: Debian packages present"
fi

# npm packages (GOV.UK Frontend, Playwright core, axe-core): reinstall only when the lock changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
else
  echo "install-deps: npm packages present"
fi
