#!/usr/bin/env bash
# Sets up a fresh machine for backup-drill: the PostgreSQL server and client
# binaries (tests and the demo start throwaway clusters), age (encryption
# interop tests), shasum (the SOP's checksum command), chromium (the status
# report's browser test drives it through puppeteer-core), then `npm ci`.
# Debian/Ubuntu only for the system packages; elsewhere install them yourself.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
command -v age >/dev/null 2>&1 || missing+=(age)
command -v shasum >/dev/null 2>&1 || missing+=(perl)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${missing[*]}. Install them with your package manager (PostgreSQL server + client, age, perl's shasum, chromium)." >&2
    exit 1
  fi
  echo "Installing missing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

npm ci --no-audit --no-fund
