#!/usr/bin/env bash
# Quick-start command 1: set everything up, build every artifact from the spec, and serve it.
# Needs only bash, Node (>= 18) and npm. Stop with Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec pnpm run dev
