#!/usr/bin/env bash
# A private certificate authority and certificates for the quick start and the tests (openssl):
#   ca.pem / ca.key         the coalition's CA
#   gateway.pem / .key      the gateway's server certificate, for 127.0.0.1 and localhost
#   <name>.pem / .key       a client certificate per identity, its subject CN the identity:
#                           "operator", "partner:<id>" or "mobile:<id>"
#   api-keys.secret         what the gateway derives API keys' secrets from (32 random bytes, hex)
# Never for production: real deployments bring their own CA and keys (docs/gateway.md).
#
#   scripts/certs.sh var/certs operator partner:hotel partner:car-rental mobile:app
set -euo pipefail
dir=${1:?usage: certs.sh DIR IDENTITY...}
shift
mkdir -p "$dir"
cd "$dir"
umask 077
days=3650
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
if [[ ! -f ca.pem ]]; then
  key ca.key
  openssl req -x509 -new -key ca.key -sha256 -days "$days" -subj "/CN=coalition test CA" -out ca.pem
fi
if [[ ! -f gateway.pem ]]; then
  key gateway.key
  openssl req -new -key gateway.key -subj "/CN=coalition gateway" -out gateway.csr
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >gateway.ext
  openssl x509 -req -in gateway.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 \
    -days "$days" -extfile gateway.ext -out gateway.pem 2>/dev/null
  rm -f gateway.csr gateway.ext
fi
[[ -f api-keys.secret ]] || openssl rand -hex 32 >api-keys.secret
for identity in "$@"; do
  name=${identity//:/-}
  [[ -f $name.pem ]] && continue
  key "$name.key"
  openssl req -new -key "$name.key" -subj "/CN=$identity" -out "$name.csr"
  printf 'extendedKeyUsage=clientAuth\n' >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 \
    -days "$days" -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
done
