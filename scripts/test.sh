#!/usr/bin/env bash
# Quick-start command 2: set everything up, then run the whole test suite.
# Exits non-zero on any failure. Needs only bash, Node (>= 18) and npm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
pnpm run test
