#!/usr/bin/env bash
# From a fresh Debian 12 machine to a running coalition: install what is missing, build, start
# a private MariaDB, the whole platform (coalition-all on 127.0.0.1:50051, loopback) and the
# partner gateway in front of it (mutual TLS on 127.0.0.1:8443), and run the scenario through
# the gateway, each caller with its own certificate. Leaves them running; scripts/stop.sh stops
# them and the database.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/build.sh release coalition-all coalition-scenario coalitionctl coalition-gateway
scripts/db.sh start
eval "$(scripts/db.sh env)"
export COALITION_DB_PASSWORD

port=${COALITION_PORT:-50051}
run=$root/var/run
mkdir -p "$run"
# The key ring that seals members' personal data: made once, kept with the run's state.
[[ -s $run/pii-keys ]] || (umask 077 && scripts/pii-keys.sh quickstart >"$run/pii-keys")
if [[ -f $run/coalition-all.pid ]] && kill -0 "$(cat "$run/coalition-all.pid")" 2>/dev/null; then
  echo "platform: already running on 127.0.0.1:$port"
else
  rm -f "$run/port"
  setsid build/release/services/all_in_one/coalition-all --listen="127.0.0.1:$port" \
    --db_port="$COALITION_DB_PORT" --sandbox_clock --port_file="$run/port" \
    --pii_keys_file="$run/pii-keys" \
    >>"$run/coalition-all.log" 2>&1 </dev/null &
  echo $! >"$run/coalition-all.pid"
  for _ in $(seq 1 100); do [[ -s $run/port ]] && break; sleep 0.1; done
  [[ -s $run/port ]] || { tail -20 "$run/coalition-all.log"; exit 1; }
  echo "platform: running on 127.0.0.1:$port (log: var/run/coalition-all.log)"
fi
# Test certificates (a private CA): the gateway's, the operator's, the scenario's partners' and
# a mobile backend's. Made once, kept with the run's state.
certs=$run/certs
scripts/certs.sh "$certs" operator partner:car-rental partner:hotel partner:grocer mobile:app
gateway_port=${COALITION_GATEWAY_PORT:-8443}
if [[ -f $run/coalition-gateway.pid ]] && kill -0 "$(cat "$run/coalition-gateway.pid")" 2>/dev/null; then
  echo "gateway: already running on 127.0.0.1:$gateway_port"
else
  rm -f "$run/gateway-port"
  setsid build/release/partner-gateway/coalition-gateway --listen="127.0.0.1:$gateway_port" \
    --tls_dir="$certs" --backend="127.0.0.1:$port" --db_port="$COALITION_DB_PORT" \
    --port_file="$run/gateway-port" >>"$run/coalition-gateway.log" 2>&1 </dev/null &
  echo $! >"$run/coalition-gateway.pid"
  for _ in $(seq 1 100); do [[ -s $run/gateway-port ]] && break; sleep 0.1; done
  [[ -s $run/gateway-port ]] || { tail -20 "$run/coalition-gateway.log"; exit 1; }
  echo "gateway: running on 127.0.0.1:$gateway_port, mutual TLS (log: var/run/coalition-gateway.log)"
fi
echo
build/release/tools/coalition-scenario --target="127.0.0.1:$gateway_port" --tls_dir="$certs"
echo
echo "The gateway is still running on 127.0.0.1:$gateway_port (certificates in var/run/certs),"
echo "in front of the platform on 127.0.0.1:$port. Stop them with: scripts/stop.sh"
