#!/usr/bin/env bash
# Starts the whole platform under .NET Aspire. Without a container runtime it runs local mode:
# SQLite files under .data/, RabbitMQ from the machine's own install, and the development token issuer.
# Override with MRP_MODE=local|containers. Stop with Ctrl+C.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/install-prerequisites.sh
export Platform__Mode=${MRP_MODE:-auto}
exec dotnet run --project aspire/ModelRiskPlatform.AppHost --launch-profile http "$@"
