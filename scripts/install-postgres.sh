#!/usr/bin/env bash
# The store tests also run on PostgreSQL, in a throw-away cluster made by Debian's
# pg_virtualenv (package postgresql-common). Install the server when missing.
set -euo pipefail
if command -v pg_virtualenv >/dev/null 2>&1 && compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "PostgreSQL is missing and this user cannot install it: run 'apt-get install postgresql' as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq postgresql >/dev/null
