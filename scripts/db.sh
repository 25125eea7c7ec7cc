#!/usr/bin/env bash
# A private MariaDB for Coalition: its own data dir, loopback TCP only, no systemd, durable
# commits. Idempotent: `start` on a running instance does nothing.
#
#   scripts/db.sh start   # init on first use, start, create the app user
#   scripts/db.sh stop
#   scripts/db.sh env     # prints COALITION_DB_PORT / COALITION_DB_PASSWORD exports
#
# COALITION_DB_DIR (default: var/mariadb) and COALITION_DB_PORT (default: 3307) choose the
# instance; the test command uses its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${COALITION_DB_DIR:-$root/var/mariadb}
port=${COALITION_DB_PORT:-3307}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
cnf=$dir/my.cnf
sock=$dir/mariadb.sock
admin=(mariadb-admin --defaults-file="$cnf" --user=root)

write_config() {
  cat >"$cnf" <<CNF
[client]
socket=$sock
port=$port

[mariadbd]
datadir=$dir/data
socket=$sock
port=$port
bind-address=127.0.0.1
pid-file=$dir/mariadb.pid
log-error=$dir/mariadb.err
skip-name-resolve
innodb_flush_log_at_trx_commit=1
innodb_buffer_pool_size=256M
max_connections=400
character-set-server=utf8mb4
collation-server=utf8mb4_bin
CNF
}

running() { "${admin[@]}" ping >/dev/null 2>&1; }

password() {
  # Generated once per instance, readable by its owner only.
  if [[ ! -s $dir/password ]]; then
    (umask 077 && openssl rand -hex 16 >"$dir/password")
  fi
  cat "$dir/password"
}

start() {
  write_config
  if running; then
    echo "mariadb: already running on 127.0.0.1:$port ($dir)"
  else
    if [[ ! -d $dir/data/mysql ]]; then
      mariadb-install-db --defaults-file="$cnf" --user="$(id -un)" \
        --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 \
        || { cat "$dir/install.log"; exit 1; }
    fi
    setsid mariadbd --defaults-file="$cnf" --user="$(id -un)" >>"$dir/mariadbd.out" 2>&1 </dev/null &
    for _ in $(seq 1 150); do
      running && break
      sleep 0.2
    done
    running || { echo "mariadb: did not start; see $dir/mariadb.err" >&2; tail -20 "$dir/mariadb.err" >&2; exit 1; }
    echo "mariadb: started on 127.0.0.1:$port ($dir)"
  fi
  local pw
  pw=$(password)
  mariadb --defaults-file="$cnf" --user=root <<SQL
CREATE USER IF NOT EXISTS 'coalition'@'127.0.0.1' IDENTIFIED BY '$pw';
ALTER USER 'coalition'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON \`coalition\\_%\`.* TO 'coalition'@'127.0.0.1';
SQL
}

stop() {
  if [[ -f $cnf ]] && running; then
    "${admin[@]}" shutdown
    echo "mariadb: stopped ($dir)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export COALITION_DB_PORT=$port COALITION_DB_PASSWORD=$(password)" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
