#!/usr/bin/env bash
# Runs every benchmark scenario against the real platform (the four service binaries, release
# build) on a fresh private MariaDB with durable commits, next to the database's own ceiling.
# Prints a table and appends JSON lines to bench/results/<date>-<commit>.jsonl; then each figure
# as a ratio to its ceiling with the targets (bench/ratios.py, also appended as "ratio" lines).
#
#   bench/run.sh            # the whole matrix, 10 s per run, and a 1M-posting close (~8 minutes)
#   BENCH_SECONDS=3 BENCH_CLOSE_POSTINGS=10000000 bench/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${BENCH_SECONDS:-10}
members=${BENCH_MEMBERS:-10000}

scripts/install-deps.sh
command -v sysbench >/dev/null || { sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo; $sudo apt-get install -y -qq sysbench; }
scripts/build.sh release coalition-account coalition-earning coalition-redemption \
  coalition-settlement coalition-bench >/dev/null

export COALITION_DB_DIR=$root/var/bench-mariadb COALITION_DB_PORT=${BENCH_DB_PORT:-3319}
scripts/db.sh stop >/dev/null 2>&1 || true
rm -rf "$COALITION_DB_DIR"
scripts/db.sh start >/dev/null
eval "$(scripts/db.sh env)"
export COALITION_DB_PASSWORD

commit=$(git rev-parse --short HEAD)$(git diff --quiet || echo "-dirty")
mkdir -p bench/results var/bench
json=$root/bench/results/$(date -u +%F)-$commit.jsonl
: >"$json"
bin=build/release
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/db.sh stop >/dev/null
}
trap stop_all EXIT

start() {  # name binary port [flags...]
  local name=$1 binary=$2 port=$3
  shift 3
  "$bin/$binary" --listen="127.0.0.1:$port" --db_port="$COALITION_DB_PORT" --db_pool_size=64 "$@" \
    >"var/bench/$name.log" 2>&1 &
  pids+=($!)
  echo "$!" >"var/bench/$name.pid"
}
(umask 077 && scripts/pii-keys.sh bench >var/bench/pii-keys)
start account services/account/coalition-account 50061 --pii_keys_file=var/bench/pii-keys
start earning services/earning/coalition-earning 50062 --account_address=127.0.0.1:50061
start redemption services/redemption/coalition-redemption 50063 --account_address=127.0.0.1:50061
start settlement settlement/coalition-settlement 50064 --account_address=127.0.0.1:50061
sleep 1

bench() {  # flags...
  "$bin/bench/coalition-bench" --members="$members" --duration_s="$seconds" --json_out="$json" \
    --commit="$commit" "$@"
}
ok_per_s() {  # the throughput of the last JSON line
  tail -n 1 "$json" | sed -n 's/.*"ok_per_s":\([0-9]*\).*/\1/p'
}

echo "commit $commit, $(nproc) cores, $seconds s per run, $members members; seeding..."
bench --scenario=seed
bench --scenario=ping --concurrency=16 --variant=grpc-only --header
bench --scenario=balance --concurrency=16 --variant=closed
bench --scenario=balance --concurrency=64 --variant=saturation
bench --scenario=balance --mode=open --rate=1000 --concurrency=32 --variant=1000-per-s
bench --scenario=summary --concurrency=64 --variant=saturation
bench --scenario=summary --mode=open --rate=1000 --concurrency=32 --variant=1000-per-s
bench --scenario=earn --concurrency=1 --variant=skewed-20
bench --scenario=earn --concurrency=16 --variant=skewed-20
peak=$(ok_per_s)
bench --scenario=earn --concurrency=64 --variant=skewed-20
bench --scenario=earn --mode=open --rate=$((peak * 8 / 10)) --concurrency=64 --variant=80pct-of-peak
bench --scenario=earn --concurrency=16 --spread=uniform --variant=uniform-20
bench --scenario=earn --concurrency=16 --spread=single --variant=one-partner
# End-of-day files, 2 at a time: RecordPurchases of 1000 purchases (the service takes up to 5000;
# smaller calls give more of them per run, so a few calls more or less move the figure less).
# A call takes seconds: only calls started in the measured window count, so it lasts at least 10 s.
bench --scenario=bulk --concurrency=2 --batch_size=1000 --variant=1000-per-call \
  --duration_s=$((seconds > 10 ? seconds : 10))
bench --scenario=redeem --concurrency=16 --variant=spread-members
bench --scenario=redeem --concurrency=16 --member_pool=1 --variant=one-member
for threads in 1 16 64; do bench/ceiling.sh "$threads" "$seconds" "$json"; done

echo
echo "peak RSS (VmHWM) per service:"
for name in account earning redemption settlement; do
  rss=$(sed -n 's/VmHWM:\s*//p' "/proc/$(cat "var/bench/$name.pid")/status")
  echo "  $name: $rss"
  echo "{\"scenario\":\"rss\",\"variant\":\"$name\",\"vmhwm\":\"$rss\"}" >>"$json"
done
echo
bench/settlement_close.sh "${BENCH_CLOSE_POSTINGS:-1000000}" "$json"
echo
echo "each figure to its ceiling in this run, against issue 18's targets:"
bench/ratios.py --append "$json"
echo "results: $json"
