#!/usr/bin/env bash
# The fault harness (docs/reliability.md): builds it, starts a fresh private MariaDB of its own,
# runs the four services under a mixed workload while it kills and stops them and MariaDB, then
# reconciles everything against the client's journal. Exits non-zero on any difference.
#
#   scripts/faults.sh                       # the short profile CI runs: 90 s of workload, seed 1
#   scripts/faults.sh --minutes 10          # the long profile
#   scripts/faults.sh --seed 7 -- --workers=4   # anything after -- goes to coalition-faults
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seed=1
duration_s=90
extra=()
while (($# > 0)); do
  case "$1" in
    --minutes) duration_s=$(($2 * 60)); shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: $0 [--minutes N] [--seed S] [-- coalition-faults flags]" >&2; exit 2 ;;
  esac
done

scripts/build.sh debug coalition-faults >/dev/null

# The first free port from 3390.
source "$root/scripts/free-port.sh"
# Its own database, fresh every run: the harness kills it, which no other run should suffer.
export COALITION_DB_DIR=$root/var/faults-mariadb
scripts/db.sh stop >/dev/null 2>&1 || true  # a run that was cut off may have left it up
COALITION_DB_PORT=${COALITION_FAULTS_DB_PORT:-$(free_port 3390)}
export COALITION_DB_PORT
rm -rf "$COALITION_DB_DIR"
trap 'scripts/db.sh stop >/dev/null 2>&1 || true' EXIT
scripts/db.sh start >/dev/null
eval "$(scripts/db.sh env)"
export COALITION_DB_PASSWORD

started=$(date +%s)
status=0
build/debug/tests/faults/coalition-faults --seed="$seed" --duration_s="$duration_s" \
  --db_script="$root/scripts/db.sh" "${extra[@]}" || status=$?
echo "faults: $(($(date +%s) - started)) s"
exit "$status"
