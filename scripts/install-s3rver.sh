#!/usr/bin/env bash
# Installs s3rver, a small S3-compatible server, into .tools/s3rver (ignored by git). The dataset storage tests start
# it on a free port to run the S3 implementation against a real S3 REST API (ADR 075). Pinned so a new release
# cannot change what the tests see. Needs node and npm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=3.7.1
target=$root/.tools/s3rver
installed=$target/node_modules/s3rver/package.json
if [ -f "$installed" ] && [ "$(node -p "require('$installed').version")" = "$version" ]; then
  exit 0
fi
mkdir -p "$target"
npm install --prefix "$target" --no-audit --no-fund --no-package-lock --loglevel=error "s3rver@$version"
node "$target/node_modules/s3rver/bin/s3rver.js" --help >/dev/null
