#!/usr/bin/env bash
# The full test suite, as CI runs it: install what is missing, build the debug preset, start a
# fresh private MariaDB for the tests, run every unit and integration test, stop the database;
# then the fault harness's short profile (scripts/faults.sh, on a MariaDB of its own). Arguments
# go to ctest, and a run given any runs only what they select (no fault harness).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
started=$(date +%s)
scripts/build.sh debug
echo "build: $(($(date +%s) - started)) s"

# A database of its own, fresh every run, so results never depend on an earlier run.
# The first free port from 3318, so a busy CI host does not fail the run.
free_port() {
  local port
  for port in $(seq "$1" $(($1 + 80))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "no free port from $1" >&2
  return 1
}
export COALITION_DB_DIR=$root/var/test-mariadb
scripts/db.sh stop >/dev/null 2>&1 || true  # a run that was cut off may have left it up
COALITION_DB_PORT=${COALITION_TEST_DB_PORT:-$(free_port 3318)}
export COALITION_DB_PORT
rm -rf "$COALITION_DB_DIR"
trap 'scripts/db.sh stop >/dev/null' EXIT
scripts/db.sh start
eval "$(scripts/db.sh env)"
export COALITION_DB_PASSWORD

started=$(date +%s)
ctest --preset debug -j "$(nproc)" "$@"
echo "tests: $(($(date +%s) - started)) s"

if (($# == 0)); then
  scripts/db.sh stop >/dev/null  # its CPU and memory back before the harness starts its own
  trap - EXIT
  scripts/faults.sh
fi
