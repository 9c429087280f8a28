#!/usr/bin/env bash
# Generates EF Core migrations for every provider of a service, or checks they are current.
#   scripts/migrations.sh add <Name>      add a migration to the SQLite and SQL Server sets of Inventory
#   scripts/migrations.sh script          print the idempotent SQL Server script (no server needed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
project=src/Inventory.Api
case "${1:-}" in
  add)
    name=${2:?migration name}
    dotnet ef migrations add "$name" --project $project --context SqliteInventoryDbContext --output-dir Data/Migrations/Sqlite
    dotnet ef migrations add "$name" --project $project --context SqlServerInventoryDbContext --output-dir Data/Migrations/SqlServer
    ;;
  script)
    dotnet ef migrations script --idempotent --project $project --context SqlServerInventoryDbContext
    ;;
  *) echo "usage: $0 add <Name> | script" >&2; exit 2 ;;
esac
