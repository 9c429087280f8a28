#!/usr/bin/env bash
# CPU per GET /api/inventory/models/{id} straight to Inventory: the service pinned to one core, wrk on the other,
# CPU seconds of the Inventory process (utime + stime from /proc/<pid>/stat) over a run divided by the requests
# served. Several builds can be compared in one go: each runs as its own process on its own port and SQLite file,
# all pinned to the same core, and their runs are interleaved so that drift in the machine's load lands on all alike.
#
# Usage: tests/Benchmarks/inventory-cpu.sh [label=inventory-output-folder ...]
#        (default: current=src/Inventory.Api/bin/Release/net10.0, built here unless SKIP_BUILD=1; a folder holds
#        ModelRisk.Inventory.Api.dll and its appsettings.json, e.g. a copy of the output of an older commit)
# Env:   RUNS (5) DURATION (10s) CONNECTIONS (16) WARMUP (10s) SERVICE_CPU (1) LOAD_CPU (0) SKIP_BUILD (0)
#        ID_PORT (18290) INVENTORY_PORT (18291, then one more per build) TRACE (empty: a dotnet-trace file of the
#        first build during one extra run is written to this path; needs dotnet-trace on PATH)
# Needs: the .NET SDK, curl, wrk and taskset (Debian: apt-get install -y wrk util-linux), RabbitMQ via scripts/rabbitmq.sh.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-5}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
warmup=${WARMUP:-10s}
service_cpu=${SERVICE_CPU:-1}
load_cpu=${LOAD_CPU:-0}
id_port=${ID_PORT:-18290}
first_port=${INVENTORY_PORT:-18291}
config=Release
work=$(mktemp -d "${TMPDIR:-/tmp}/inventory-cpu.XXXXXX")
bench_name=inventory-cpu
authority="http://127.0.0.1:$id_port/realms/model-risk"
source "$root/tests/Benchmarks/bench-common.sh"
ensure_wrk

builds=("$@")
if [ ${#builds[@]} -eq 0 ]; then
  builds=("current=$root/src/Inventory.Api/bin/$config/net10.0")
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building $config"
    dotnet build "$root/src/Inventory.Api" -c "$config" --nologo -v q >/dev/null
  fi
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build "$root/src/DevIdentity" -c "$config" --nologo -v q >/dev/null
fi
for build in "${builds[@]}"; do
  [ -f "${build#*=}/ModelRisk.Inventory.Api.dll" ] || { log "no ModelRisk.Inventory.Api.dll in ${build#*=}"; exit 1; }
done

port_free "$id_port" || { log "port $id_port is taken: choose ID_PORT"; exit 1; }

start_rabbit

# Quiet logging, as in production: the benchmark measures the request path, not console output.
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning

# DevIdentity mints the tokens on the load core.
(run_from "$root/src/DevIdentity/bin/$config/net10.0" env $(dev_identity_env "$id_port") taskset -c "$load_cpu" dotnet ModelRisk.DevIdentity.dll \
  --urls "http://127.0.0.1:$id_port") > "$work/identity.log" 2>&1 &
pids+=($!)
wait_for "$authority/.well-known/openid-configuration" DevIdentity

names=() urls=() service_pids=()
port=$first_port
for build in "${builds[@]}"; do
  name=${build%%=*} folder=${build#*=}
  port_free "$port" || { log "port $port is taken: choose INVENTORY_PORT"; exit 1; }
  env=(
    "Database__Provider=Sqlite"
    "ConnectionStrings__inventory-db=Data Source=$work/$name.db"
    "ConnectionStrings__rabbitmq=$rabbit"
    "Identity__Authority=$authority"
    "Identity__RequireHttpsMetadata=false"
  )
  (run_from "$folder" env "${env[@]}" dotnet ModelRisk.Inventory.Api.dll --migrate) > "$work/$name-migrate.log" 2>&1
  (run_from "$folder" env "${env[@]}" taskset -c "$service_cpu" dotnet ModelRisk.Inventory.Api.dll \
    --urls "http://127.0.0.1:$port") > "$work/$name.log" 2>&1 &
  pids+=($!)
  service_pids+=($!)
  wait_for "http://127.0.0.1:$port/alive" "Inventory ($name)"
  access_token=$(token)
  [ -n "$access_token" ] || { log "no token from DevIdentity"; exit 1; }
  created=$(curl -fs -X POST "http://127.0.0.1:$port/api/inventory/models" \
    -H "authorization: Bearer $access_token" -H 'content-type: application/json' \
    -d '{"org":"acme-lending","key":"bench-model","name":"Bench","modelType":"Classification","owner":"bench"}')
  model_id=$(echo "$created" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
  [ -n "$model_id" ] || { log "could not create the model in $name: $created"; exit 1; }
  url="http://127.0.0.1:$port/api/inventory/models/$model_id"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $access_token" "$url")
  [ "$status" = 200 ] || { log "GET $url answered $status, expected 200"; exit 1; }
  names+=("$name") urls+=("$url")
  port=$((port + 1))
done

auth_script() { # file: a fresh token per run, so that none expires mid-run
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$(token)" > "$1"
}

measure() { # index, run
  local name=${names[$1]} url=${urls[$1]} pid=${service_pids[$1]} out="$work/${names[$1]}-$2.txt" before
  auth_script "$work/auth.lua"
  before=$(cpu_ticks "$pid")
  taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"$duration" -s "$work/auth.lua" "$url" > "$out"
  if grep -q 'Non-2xx' "$out"; then log "$name run $2 had non-2xx responses:"; cat "$out" >&2; exit 1; fi
  awk -v name="$name" -v run="$2" -v hz="$(getconf CLK_TCK)" -v ticks="$(( $(cpu_ticks "$pid") - before ))" \
      -v load="$(cut -d' ' -f1 /proc/loadavg)" '
    $1 == "Requests/sec:" { rps = $2 } $2 == "requests" && $3 == "in" { n = $1 }
    END { us = 1e6 * ticks / hz / n; printf "%s %s %.1f %.1f %.0f %s\n", name, run, rps, us, 1e6 / us, load }' \
    "$out" >> "$work/results.txt"
}

log "warming up ($warmup each)"
for i in "${!names[@]}"; do
  auth_script "$work/auth.lua"
  taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"$warmup" -s "$work/auth.lua" "${urls[$i]}" > /dev/null
done

if [ -n "${TRACE:-}" ]; then
  log "tracing ${names[0]} during one extra run into $TRACE"
  auth_script "$work/auth.lua"
  dotnet-trace collect --process-id "${service_pids[0]}" --profile dotnet-common,dotnet-sampled-thread-time --duration "00:00:00:$(( ${duration%s} + 2 ))" \
    --output "$TRACE" > "$work/trace.log" 2>&1 &
  trace_pid=$!
  sleep 2
  taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"$duration" -s "$work/auth.lua" "${urls[0]}" > "$work/traced.txt"
  wait "$trace_pid" || { log "dotnet-trace failed: see $work/trace.log"; exit 1; }
fi

: > "$work/results.txt"
for run in $(seq 1 "$runs"); do
  log "run $run/$runs"
  for i in "${!names[@]}"; do measure "$i" "$run"; done
done

median_of() { # name, column
  awk -v name="$1" -v col="$2" '$1 == name { print $col }' "$work/results.txt" | median
}

echo
echo "GET /api/inventory/models/{id}, Inventory on core $service_cpu, wrk -t1 -c$connections -d$duration on core $load_cpu," \
  "median of $runs interleaved runs, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| build | requests/s | CPU µs per GET | GETs/s per core | load average (1 min) over the runs |"
echo "|---|---:|---:|---:|---|"
for name in "${names[@]}"; do
  loads=$(awk -v name="$name" '$1 == name { print $6 }' "$work/results.txt" | sort -g | sed -n '1p;$p' | paste -sd '-')
  echo "| $name | $(median_of "$name" 3) | $(median_of "$name" 4) | $(median_of "$name" 5) | $loads |"
done
echo
echo "all runs (build run requests/s cpu-us-per-get gets-per-core-second load-1min):"
cat "$work/results.txt"
