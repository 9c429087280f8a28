#!/usr/bin/env bash
# Installs Spectral, the OpenAPI linter the tests run on every served document (ADR 045), into .tools/spectral
# (ignored by git). Pinned so a new release's rules cannot turn a green build red. Needs node and npm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=6.16.3
target=$root/.tools/spectral
if [ -x "$target/node_modules/.bin/spectral" ] && [ "$("$target/node_modules/.bin/spectral" --version)" = "$version" ]; then
  exit 0
fi
mkdir -p "$target"
npm install --prefix "$target" --no-audit --no-fund --no-package-lock --loglevel=error "@stoplight/spectral-cli@$version"
"$target/node_modules/.bin/spectral" --version >/dev/null
