#!/usr/bin/env bash
# PDFs (the trainer's guide, the session report) are made by WeasyPrint, which needs Pango.
# Idempotent: does nothing when the libraries are there; installs them with apt-get when running
# as root on a Debian-like system; otherwise prints what to install and carries on (the HTML
# versions work without them and can be printed to PDF from the browser).
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0)

have_libs() {
  local ldconfig cache
  ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
  if [ -x "$ldconfig" ]; then
    cache=$("$ldconfig" -p 2>/dev/null || true)
    grep -q 'libpango-1.0.so.0' <<<"$cache" && grep -q 'libpangoft2-1.0.so.0' <<<"$cache"
  elif command -v dpkg-query >/dev/null 2>&1; then
    for package in "${packages[@]}"; do
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || return 1
    done
  else
    return 1
  fi
}

if have_libs; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
  echo "Installed ${packages[*]} for PDF output."
  exit 0
fi
echo "PDF output needs Pango, which is missing. Install it as root, for example:" >&2
echo "  apt-get install ${packages[*]}" >&2
echo "(other systems: see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)." >&2
echo "Without it the guide is still available as HTML; print that to PDF from the browser." >&2
