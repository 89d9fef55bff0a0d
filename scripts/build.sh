#!/usr/bin/env bash
# Configures and builds coproduce into build/ (Ninja, ccache, mold), warnings
# as errors. Installs nothing. BUILD_TYPE=Release builds the optimised program
# (-O3) into build-release/ instead, as a user would.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
default_dir=build
[ "$BUILD_TYPE" = Release ] && default_dir=build-release
BUILD_DIR=${BUILD_DIR:-$default_dir}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DCOPRODUCE_WERROR=ON >/dev/null
fi
cmake --build "$BUILD_DIR" -j "$(nproc)" ${TARGETS:+--target $TARGETS}
