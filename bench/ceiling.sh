#!/usr/bin/env bash
# The database's own ceiling for an earn: sysbench runs bench/sysbench/earn_shaped.lua (the same
# writes and commits as one RecordPurchase) against the running MariaDB, with the same
# durability and the same number of connections as the platform run it is compared with.
#
#   bench/ceiling.sh <threads> <seconds> [json_out]
# Needs COALITION_DB_PORT and COALITION_DB_PASSWORD (eval "$(scripts/db.sh env)").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
threads=${1:?threads} seconds=${2:?seconds} json_out=${3:-}
command -v sysbench >/dev/null || { echo "ceiling: sysbench is missing (apt-get install sysbench)" >&2; exit 1; }
args=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$COALITION_DB_PORT"
  --mysql-user=coalition --mysql-password="$COALITION_DB_PASSWORD" --mysql-db=coalition_bench_ceiling
  --members=10000)
mariadb -h127.0.0.1 -P"$COALITION_DB_PORT" -ucoalition -p"$COALITION_DB_PASSWORD" \
  -e "CREATE DATABASE IF NOT EXISTS coalition_bench_ceiling"
cd "$here/sysbench"
sysbench earn_shaped.lua "${args[@]}" prepare >/dev/null
out=$(sysbench earn_shaped.lua "${args[@]}" --threads="$threads" --time="$seconds" \
  --percentile=99 --histogram=off run)
sysbench earn_shaped.lua "${args[@]}" cleanup >/dev/null
per_s=$(sed -n 's/.*transactions: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p' <<<"$out")
p99_ms=$(sed -n 's/.*99th percentile: *\([0-9.]*\).*/\1/p' <<<"$out")
errors=$(sed -n 's/.*ignored errors: *\([0-9]*\).*/\1/p' <<<"$out")
printf "%-8s %-22s %-14s %9.0f %8s %8s %8s %8s %8s  %s\n" ceiling "sysbench-earn-shaped" \
  "closed/$threads" "$per_s" - - "$p99_ms" - - "errors:$errors"
if [[ -n $json_out ]]; then
  printf '{"time":"%s","scenario":"ceiling","variant":"sysbench-earn-shaped","mode":"closed","concurrency":%d,"duration_s":%d,"ok_per_s":%s,"p99_us":%.0f}\n' \
    "$(date -u +%FT%TZ)" "$threads" "$seconds" "$per_s" "$(echo "$p99_ms * 1000" | bc)" >>"$json_out"
fi
