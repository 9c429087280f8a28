#!/usr/bin/env bash
# Generates EF Core migrations for every provider of a service, or prints its SQL Server script.
#   scripts/migrations.sh <service> add <Name>   add a migration to the service's SQLite and SQL Server sets
#   scripts/migrations.sh <service> script       print the service's idempotent SQL Server script (no server needed)
# <service> is the folder name without ".Api" in lower case: inventory, assessment, findings, monitoring.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
usage() { echo "usage: $0 <service> add <Name> | <service> script" >&2; exit 2; }
service=${1:-}; [ -n "$service" ] || usage
# Inventory -> src/Inventory.Api with contexts SqliteInventoryDbContext and SqlServerInventoryDbContext.
type=$(tr '[:lower:]' '[:upper:]' <<<"${service:0:1}")${service:1}
project=src/$type.Api
[ -d "$project" ] || { echo "no service '$service' ($project does not exist)" >&2; exit 2; }
dotnet tool restore >/dev/null
case "${2:-}" in
  add)
    name=${3:?migration name}
    dotnet ef migrations add "$name" --project "$project" --context "Sqlite${type}DbContext" --output-dir Data/Migrations/Sqlite
    dotnet ef migrations add "$name" --project "$project" --context "SqlServer${type}DbContext" --output-dir Data/Migrations/SqlServer
    ;;
  script)
    dotnet ef migrations script --idempotent --project "$project" --context "SqlServer${type}DbContext"
    ;;
  *) usage ;;
esac
