#!/usr/bin/env bash
# Prints a new key ring entry for members' personal data: "<key_id>:<64 hex digits>" (AES-256).
# The quick start keeps its ring in var/run/pii-keys; in production the ring comes from a secret
# store, never from the repository. Rotation: append a new entry (the last is current), restart,
# run AccountAdminService.RunPiiRekey until complete, then drop the old entry.
set -euo pipefail
key_id=${1:-k$(date -u +%Y%m%d%H%M%S)}
printf '%s:%s\n' "$key_id" "$(head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n')"
