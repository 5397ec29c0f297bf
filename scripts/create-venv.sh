#!/usr/bin/env bash
# Create the project's virtual environment. Debian ships venv separately (python3-venv):
# install it when missing, as root or with sudo.
set -euo pipefail
python=${1:?python} venv=${2:?venv dir}
if "$python" -m venv "$venv" 2>/dev/null; then
  exit 0
fi
rm -rf "$venv"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "'$python -m venv' failed and this user cannot install python3-venv: run 'apt-get install python3-venv' as root." >&2
  exit 1
fi
version=$("$python" -c 'import sys; print(f"{sys.version_info.major}.{sys.version_info.minor}")')
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "python${version}-venv" >/dev/null || $sudo apt-get install -y -qq python3-venv >/dev/null
"$python" -m venv "$venv"
