#!/usr/bin/env bash
# The long runs kept out of the README's test command, each under its own name, run by CI after the
# test command (.ci/run) and as its own job (.github/workflows/ci.yml):
#   - the chaos scenarios (every one but the soak, shortened), which time answers under load and so
#     run alone on the machine: `pnpm --filter @device-commands/chaos test:scenarios`;
#   - the whole fault corpus against the reference server (the test command kills a fixed subset):
#     `pnpm contract:faults`, exit 1 when a fault survives or the control fails.
# Needs what test.sh needs; installs it the same way.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/system-deps.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
pnpm run test:extended
