#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz) for a bounded time, from its corpus in
# tests/fuzz/corpus/<target>; fails if any input crashes one or trips a sanitizer (the input is
# kept in var/fuzz/<target>/ for a regression). New inputs go to var/fuzz, not into the repo;
# --merge adds those that reach new code to the repo's corpus.
#
#   scripts/fuzz.sh                 # 30 s per target, as CI runs it
#   scripts/fuzz.sh --seconds 600 --merge
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=30
merge=false
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --merge) merge=true; shift ;;
    *) echo "usage: $0 [--seconds N] [--merge]" >&2; exit 2 ;;
  esac
done
targets=(request_checks identity page_token fingerprint)

scripts/install-deps.sh >/dev/null
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]/%/_fuzz}" >/dev/null

status=0
for target in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$target
  work=var/fuzz/$target
  rm -rf "$work" && mkdir -p "$work/new" "$corpus"
  if ! build/fuzz/tests/fuzz/"${target}_fuzz" "$work/new" "$corpus" -max_total_time="$seconds" \
      -artifact_prefix="$work/" -print_final_stats=1 >"$work/log" 2>&1; then
    echo "fuzz: $target FAILED; input and log in $work" >&2
    grep -E "ERROR|SUMMARY|deadly" "$work/log" | head -5 >&2
    status=1
    continue
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
  echo "fuzz: $target ok, $runs inputs in $seconds s"
  if $merge; then
    build/fuzz/tests/fuzz/"${target}_fuzz" -merge=1 "$corpus" "$work/new" >>"$work/log" 2>&1
  fi
done
exit $status
