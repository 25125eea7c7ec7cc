#!/usr/bin/env bash
# The full test suite, as CI runs it: install what is missing, build the debug preset, start a
# fresh private MariaDB for the tests, run every unit and integration test; then the same tests
# built with AddressSanitizer + UndefinedBehaviorSanitizer (the asan preset); stop the database;
# then the fault harness's short profile (scripts/faults.sh, on a MariaDB of its own) and every
# fuzz target for a bounded time (scripts/fuzz.sh).
#
#   scripts/test.sh                  # everything, as CI runs it
#   scripts/test.sh -R idempotency   # only the debug tests ctest selects: for quick iterations
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
started=$(date +%s)
scripts/build.sh debug
echo "build: $(($(date +%s) - started)) s"

# A database of its own, fresh every run, so results never depend on an earlier run.
# The first free port from 3318, so a busy CI host does not fail the run.
source "$root/scripts/free-port.sh"
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
(($# == 0)) || exit 0

started=$(date +%s)
scripts/build.sh asan
# Leaks are not failures: gRPC and Connector/C++ keep process-lifetime allocations on purpose.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$(nproc)"
echo "sanitizers: $(($(date +%s) - started)) s"

scripts/db.sh stop >/dev/null  # its CPU and memory back before the harness starts its own
trap - EXIT
started=$(date +%s)
scripts/faults.sh
echo "faults: $(($(date +%s) - started)) s"

started=$(date +%s)
scripts/fuzz.sh
echo "fuzz: $(($(date +%s) - started)) s"
