#!/usr/bin/env bash
# What the test suite needs from the system, installed with apt when missing (as root, or through
# sudo): PostgreSQL's server binaries (the store conformance suite) and a system Chromium (the docs
# site's browser tests; never a downloaded browser build). CHROMIUM_PATH may name another one.
set -euo pipefail

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "system-deps: need root or sudo to apt-get install $*" >&2; return 1; }
    sudo="sudo -n"
  fi
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "system-deps: installing PostgreSQL server binaries" >&2
  apt_install postgresql-15 || apt_install postgresql
fi

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then
  :
elif ! command -v chromium >/dev/null 2>&1; then
  echo "system-deps: installing chromium" >&2
  apt_install chromium
fi
