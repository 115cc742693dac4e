#!/usr/bin/env bash
# Fails when a generated artifact differs from the committed (or staged) one, i.e. when someone
# edited the spec without committing what it generates, or edited a generated file by hand.
# Run after `turbo run generate` (the test command does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
paths=(':(glob)packages/*/generated/**' ':(glob)packages/*/src/generated/**')
stale=$( { git diff --name-only -- "${paths[@]}"; git ls-files --others --exclude-standard -- "${paths[@]}"; } | sort -u)
if [ -n "$stale" ]; then
  echo "Generated artifacts differ from what is committed. Run 'pnpm generate' and commit the result:" >&2
  echo "$stale" | sed 's/^/  /' >&2
  exit 1
fi
echo "generated artifacts: up to date with openapi/"
