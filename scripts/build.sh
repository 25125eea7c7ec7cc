#!/usr/bin/env bash
# Configures and builds one CMake preset (release, debug or asan), optionally only some targets:
#   scripts/build.sh debug
#   scripts/build.sh release coalition-all coalition-scenario
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
[[ -f build/$preset/build.ninja ]] || cmake --preset "$preset" >/dev/null
if (($# > 0)); then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
