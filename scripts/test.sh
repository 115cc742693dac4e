#!/usr/bin/env bash
# Quick-start command 2: set everything up, then run the whole test suite.
# Exits non-zero on any failure. Needs only bash, Node (>= 18) and npm; PostgreSQL's server binaries
# and Chromium are installed with apt when missing (scripts/system-deps.sh).
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/system-deps.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
pnpm run test
