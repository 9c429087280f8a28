#!/usr/bin/env bash
# Everything the platform and its tests need beyond the .NET SDK, from the distribution's packages.
set -euo pipefail
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
needed=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || needed+=(rabbitmq-server)
command -v curl >/dev/null || needed+=(curl)
command -v jq >/dev/null || needed+=(jq)
# node and npm for the OpenAPI linter and the S3 test server (scripts/install-openapi-linter.sh, install-s3rver.sh).
command -v node >/dev/null || needed+=(nodejs)
command -v npm >/dev/null || needed+=(npm)
if [ ${#needed[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}"
fi
"$(dirname "$0")/install-openapi-linter.sh"
"$(dirname "$0")/install-s3rver.sh"
