#!/usr/bin/env bash
# Latency isolation at the partner gateway (release build, private MariaDB), each alone and while
# another partner floods from 64 clients (at nice 19: a real flooder's clients run on machines of
# their own); the gateway limits each partner to --rate_per_s (default here 100/s, burst 200):
#   reads:   a quiet partner's balance reads at 50/s, the flood reading balances too;
#   audited: a partner's purchases at 50/s (each audited), the flood asking AccessService for API
#            keys it is refused (each refusal audited, or counted).
# Prints the table and appends JSON lines to bench/results/<date>-<commit>-gateway.jsonl.
#
#   bench/gateway_isolation.sh               # 10 s per run, both
#   BENCH_SECONDS=30 BENCH_SCENARIOS=audited bench/gateway_isolation.sh
#   BENCH_GATEWAY_BIN=/abs/path/coalition-gateway bench/gateway_isolation.sh  # another build's
#   BENCH_FLOOD_NICE=0 bench/gateway_isolation.sh  # the flood's clients compete for the CPU too
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${BENCH_SECONDS:-10}

scripts/install-deps.sh
scripts/build.sh release coalition-account coalition-earning coalition-redemption \
  coalition-settlement coalition-gateway coalition-gateway-bench >/dev/null

export COALITION_DB_DIR=$root/var/bench-mariadb COALITION_DB_PORT=${BENCH_DB_PORT:-3319}
scripts/db.sh stop >/dev/null 2>&1 || true
rm -rf "$COALITION_DB_DIR"
scripts/db.sh start >/dev/null
eval "$(scripts/db.sh env)"
export COALITION_DB_PASSWORD

commit=$(git rev-parse --short HEAD)$(git diff --quiet || echo "-dirty")
mkdir -p bench/results var/bench
json=$root/bench/results/$(date -u +%F)-$commit-gateway.jsonl
bin=build/release
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/db.sh stop >/dev/null
}
trap stop_all EXIT
start() {  # name binary (under build/release, or absolute) [flags...]
  local name=$1 binary=$2
  shift 2
  [[ $binary = /* ]] || binary=$bin/$binary
  "$binary" --db_port="$COALITION_DB_PORT" "$@" >"var/bench/$name.log" 2>&1 &
  pids+=($!)
}
(umask 077 && scripts/pii-keys.sh bench >var/bench/pii-keys)
rm -rf var/bench/certs
scripts/certs.sh var/bench/certs partner:bench-p00 partner:bench-p01
start account services/account/coalition-account --listen=127.0.0.1:50061 \
  --pii_keys_file=var/bench/pii-keys --db_pool_size=32
start earning services/earning/coalition-earning --listen=127.0.0.1:50062 \
  --account_address=127.0.0.1:50061
start redemption services/redemption/coalition-redemption --listen=127.0.0.1:50063 \
  --account_address=127.0.0.1:50061
start settlement settlement/coalition-settlement --listen=127.0.0.1:50064 \
  --account_address=127.0.0.1:50061
start gateway "${BENCH_GATEWAY_BIN:-partner-gateway/coalition-gateway}" --listen=127.0.0.1:50068 \
  --tls_dir=var/bench/certs --account_backend=127.0.0.1:50061 --earning_backend=127.0.0.1:50062 \
  --redemption_backend=127.0.0.1:50063 --settlement_backend=127.0.0.1:50064 \
  --rate_per_s="${BENCH_RATE:-100}" --rate_burst="$((${BENCH_RATE:-100} * 2))"
sleep 1
echo "commit $commit, $(nproc) cores, $seconds s per run"
"$bin/bench/coalition-gateway-bench" --gateway=127.0.0.1:50068 --tls_dir=var/bench/certs \
  --duration_s="$seconds" --json_out="$json" --commit="$commit" \
  --scenarios="${BENCH_SCENARIOS:-reads,audited}" --flood_nice="${BENCH_FLOOD_NICE:-19}"
echo "results: $json"
