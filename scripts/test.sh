#!/usr/bin/env bash
# The full test suite, as CI runs it: install what is missing, build the debug preset, start a
# fresh private MariaDB for the tests, run every unit and integration test, stop the database.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
started=$(date +%s)
scripts/build.sh debug
echo "build: $(($(date +%s) - started)) s"

# A database of its own, fresh every run, so results never depend on an earlier run.
export COALITION_DB_DIR=$root/var/test-mariadb COALITION_DB_PORT=${COALITION_TEST_DB_PORT:-3318}
COALITION_DB_DIR=$COALITION_DB_DIR scripts/db.sh stop >/dev/null 2>&1 || true
rm -rf "$COALITION_DB_DIR"
trap 'scripts/db.sh stop >/dev/null' EXIT
scripts/db.sh start
eval "$(scripts/db.sh env)"
export COALITION_DB_PASSWORD

started=$(date +%s)
ctest --preset debug -j "$(nproc)" "$@"
echo "tests: $(($(date +%s) - started)) s"
