#!/usr/bin/env bash
# Installs the Debian 12 packages Coalition builds and runs with, if any are missing.
# Nothing else is downloaded: every dependency is a Debian package.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev libssl-dev
  libmysqlcppconn-dev mariadb-server mariadb-client
  libgtest-dev libgmock-dev libbenchmark-dev
  python3  # bench/ratios.py and bench/history.py (standard library only)
  clang libclang-rt-dev  # the fuzz preset: clang and its libFuzzer
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  echo "deps: all ${#packages[@]} Debian packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
$sudo apt-get update -qq
# The packaged MariaDB service must not start: we run our own instance (scripts/db.sh).
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
