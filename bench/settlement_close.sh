#!/usr/bin/env bash
# Settlement close: N postings appended straight into the ledger's tables (MariaDB's sequence
# engine; each issues 10 points at one bench partner and redeems them at another, balanced,
# dated yesterday), then a settlement service with an empty schema closes yesterday's daily
# period: it follows the whole ledger from the start, then prices and nets the period. The time
# until the period is CLOSED gives postings/s.
#
#   bench/settlement_close.sh <postings> <json_out>     (run by bench/run.sh; needs the bench DB,
#                                                        the account service and release binaries)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
postings=${1:?postings} json_out=${2:?json_out}
sql() { mariadb -h127.0.0.1 -P"$COALITION_DB_PORT" -ucoalition -p"$COALITION_DB_PASSWORD" coalition_account -N -e "$1"; }
run=$(date +%s)
now_us=$((($(date +%s) - 86400) * 1000000))  # yesterday: a period that has ended
echo "close: appending $postings postings..."
# One transaction, like every posting: a follower never sees a posting without its legs.
sql "START TRANSACTION;
INSERT INTO postings (type, partner_id, member_id, reference, occur_time_us, caller, request_id,
       request_fingerprint)
     SELECT 4, CONCAT('bench-p', LPAD(seq % 20, 2, '0')), '', '', $now_us, 'bench-close',
       CONCAT('close-$run-', seq), REPEAT('0', 64) FROM seq_1_to_$postings;
INSERT INTO entries (sequence, leg, account_id, points)
     SELECT p.sequence, 0, a.account_id, -10 FROM postings p
       JOIN accounts a ON a.kind = 3 AND a.owner_id = p.partner_id
     WHERE p.caller = 'bench-close' AND p.request_id LIKE 'close-$run-%';
INSERT INTO entries (sequence, leg, account_id, points)
     SELECT p.sequence, 1, a.account_id, 10 FROM postings p
       JOIN accounts a ON a.kind = 4
         AND a.owner_id = CONCAT('bench-p', LPAD((SUBSTRING_INDEX(p.request_id, '-', -1) + 1) % 20, 2, '0'))
     WHERE p.caller = 'bench-close' AND p.request_id LIKE 'close-$run-%';
COMMIT"
last=$(sql "SELECT MAX(sequence) FROM postings")

# Let InnoDB write the bulk insert's dirty pages first: otherwise the close is timed against the
# server's own background flushing, not against settlement's reading.
root_sql() { mariadb --defaults-file="$COALITION_DB_DIR/my.cnf" --user=root -N -e "$1"; }
saved=$(root_sql "SELECT @@GLOBAL.innodb_max_dirty_pages_pct")
root_sql "SET GLOBAL innodb_max_dirty_pages_pct = 0"
for _ in $(seq 1 600); do
  dirty=$(root_sql "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | cut -f2)
  ((dirty < 100)) && break
  sleep 0.5
done
root_sql "SET GLOBAL innodb_max_dirty_pages_pct = $saved"
echo "close: database settled ($dirty dirty pages)"

# A settlement with a schema of its own starts from sequence 0; its background follower is off
# so the close does all the reading and the timing is its own.
"$root/build/release/settlement/coalition-settlement" --listen=127.0.0.1:50065 \
  --db_port="$COALITION_DB_PORT" --db_schema_prefix="coalition_close${run}_" \
  --account_address=127.0.0.1:50061 --follow_interval_s=0 --settlement_period=daily \
  >"$root/var/bench/close.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
sleep 1
"$root/build/release/bench/coalition-bench" --scenario=close --settlement=127.0.0.1:50065 \
  --target_sequence="$last" --json_out="$json_out" --variant="$postings-postings" \
  --commit="$(git -C "$root" rev-parse --short HEAD)"
echo "close: settlement peak RSS $(sed -n 's/VmHWM:\s*//p' /proc/$pid/status)"
echo "{\"scenario\":\"rss\",\"variant\":\"settlement-close-$postings\",\"vmhwm\":\"$(sed -n 's/VmHWM:\s*//p' /proc/$pid/status)\"}" >>"$json_out"
