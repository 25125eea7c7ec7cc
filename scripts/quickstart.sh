#!/usr/bin/env bash
# From a fresh Debian 12 machine to a running coalition: install what is missing, build, start
# a private MariaDB and the whole platform (coalition-all on 127.0.0.1:50051), run the scenario.
# Leaves the platform running; scripts/stop.sh stops it and the database.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/build.sh release coalition-all coalition-scenario coalitionctl
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
echo
build/release/tools/coalition-scenario --target="127.0.0.1:$port"
echo
echo "The platform is still running on 127.0.0.1:$port. Stop it with: scripts/stop.sh"
