#!/usr/bin/env bash
# Quick start: set up this host, install and build photon-build, then build the
# embedded sample tree's ISO (`photon-build iso`), printing the artifact path and checksums.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-host.sh
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
npm run build --silent
CI="${CI:-true}" node bin/photon-build.js iso "$@"
