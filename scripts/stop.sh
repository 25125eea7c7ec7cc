#!/usr/bin/env bash
# Stops what scripts/quickstart.sh started: the gateway, the platform, then its database.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# The gateway first (the public edge), then the platform behind it.
for name in coalition-gateway coalition-all; do
  pid_file=$root/var/run/$name.pid
  if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    pid=$(cat "$pid_file")
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    echo "$name: stopped"
  fi
  rm -f "$pid_file"
done
"$root/scripts/db.sh" stop
