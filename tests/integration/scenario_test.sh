#!/usr/bin/env bash
# The quick start's path: the all-in-one binary behind the partner gateway, and the scenario
# through the gateway over mutual TLS (each caller with its own certificate), on free ports.
# Asserts the scenario ran to its statement and its retry returned the same redemption.
set -euo pipefail
all=$1 scenario=$2 ctl=$3 gateway=$4
work=$(mktemp -d)
"$(dirname "$0")/../../scripts/pii-keys.sh" scenario >"$work/pii-keys"
trap 'kill -TERM $pid ${gw_pid:-} 2>/dev/null; wait $pid ${gw_pid:-} 2>/dev/null; rm -rf "$work"' EXIT
"$all" --db_port="$COALITION_DB_PORT" --db_schema_prefix="coalition_s$$_" \
  --sandbox_clock --port_file="$work/port" --pii_keys_file="$work/pii-keys" \
  >"$work/all.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { cat "$work/all.log"; exit 1; }
"$(dirname "$0")/../../scripts/certs.sh" "$work/certs" operator partner:car-rental partner:hotel \
  partner:grocer mobile:app
"$gateway" --listen=127.0.0.1:0 --port_file="$work/gw-port" --tls_dir="$work/certs" \
  --backend="127.0.0.1:$(cat "$work/port")" --db_port="$COALITION_DB_PORT" \
  --db_schema_prefix="coalition_s$$_" >"$work/gateway.log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 150); do [[ -s $work/gw-port ]] && break; sleep 0.1; done
[[ -s $work/gw-port ]] || { cat "$work/gateway.log"; exit 1; }
"$scenario" --target="127.0.0.1:$(cat "$work/gw-port")" --tls_dir="$work/certs" | tee "$work/out"
grep -q "retry returned the same redemption" "$work/out"
grep -q "car-rental .* (partner pays)" "$work/out"
grep -q "hotel .* (partner is paid)" "$work/out"
grep -q "operator margin: EUR" "$work/out"
grep -q "CAPTURED: 45 of 60 points; the operator owes Hotel EUR 0.36" "$work/out"
grep -q "refund rfd_[0-9a-f]*: 15 points back .*Hotel is owed EUR 0.12 less" "$work/out"
grep -q "points expire on" "$work/out"
grep -q "last: #[0-9]* EXPIRE" "$work/out"
grep -q "tier upgrade: classic -> silver" "$work/out"
grep -q "PROMOTION_BONUS .* promotion double-groceries-week" "$work/out"
grep -q "refund rfd_[0-9a-f]*: 50 of 50 points due reversed" "$work/out"
grep -q "tier Classic (0 qualifying points" "$work/out"
grep -q "CLOSED at ledger #[0-9]*: one payment per partner" "$work/out"
grep -q "car-rental .* PARTNER_PAYS EUR" "$work/out"
grep -q "hotel .* OPERATOR_PAYS EUR" "$work/out"
grep -q "verify: statements agree with the ledger" "$work/out"
# The operator's CLI against the same platform: verify, and the month's report as CSV.
target="--target=127.0.0.1:$(cat "$work/gw-port") --tls_dir=$work/certs"
"$ctl" $target settlement verify | tee "$work/verify" && grep -q "^verified: 1 closed period" "$work/verify"
month=$(grep -o "[0-9-]* \.\. [0-9-]* CLOSED" "$work/out" | cut -d' ' -f1)
"$ctl" $target --format=csv settlement report "$month" | tee "$work/csv"
grep -q "^$month,hotel,EUR,REDEEMED,0,0,2,445,-356$" "$work/csv"
grep -q "^$month,car-rental,EUR,NET,,,,,450$" "$work/csv"
"$ctl" $target settlement liability | tee "$work/liability"
grep -q '"points_redeemed": "430"' "$work/liability"
"$ctl" $target audit verify | tee "$work/audit" && grep -q "^audit chain verified: [1-9]" "$work/audit"
