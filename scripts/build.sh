#!/usr/bin/env bash
# Configures and builds one CMake preset (release, debug or asan): scripts/build.sh debug
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
[[ -f build/$preset/build.ninja ]] || cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
