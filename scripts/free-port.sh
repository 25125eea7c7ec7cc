# Sourced by the scripts that start a private MariaDB: the first free TCP port on 127.0.0.1 from
# $1, so a busy host does not fail the run.
free_port() {
  local port
  for port in $(seq "$1" $(($1 + 80))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "no free port from $1" >&2
  return 1
}
