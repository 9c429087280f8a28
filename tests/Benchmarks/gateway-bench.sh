#!/usr/bin/env bash
# Gateway overhead and the services' read latency: GET /api/inventory/models/{id} and GET
# /api/assessment/tierings/{id}, each through the gateway and straight to its service, same machine, same run,
# interleaved, median of RUNS runs each (wrk --latency): throughput at CONNECTIONS, latency at 1.
#
# Usage: tests/Benchmarks/gateway-bench.sh
# Env:   RUNS (5) DURATION (10s) CONNECTIONS (16) THREADS (1) WARMUP (10s, lets tiered JIT settle) SKIP_BUILD (0)
#        ID_PORT (18190) INVENTORY_PORT (18191) GATEWAY_PORT (18192) ASSESSMENT_PORT (18193) INVENTORY_GRPC_PORT (18194)
# Needs: the .NET SDK, curl, wrk (Debian: apt-get install -y wrk), RabbitMQ via scripts/rabbitmq.sh.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-5}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
threads=${THREADS:-1}
warmup=${WARMUP:-10s}
id_port=${ID_PORT:-18190}
inventory_port=${INVENTORY_PORT:-18191}
gateway_port=${GATEWAY_PORT:-18192}
assessment_port=${ASSESSMENT_PORT:-18193}
inventory_grpc_port=${INVENTORY_GRPC_PORT:-18194}
config=Release
work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-bench.XXXXXX")
bench_name=gateway-bench
authority="http://127.0.0.1:$id_port/realms/model-risk"
source "$root/tests/Benchmarks/bench-common.sh"
ensure_wrk

for port in "$id_port" "$inventory_port" "$gateway_port" "$assessment_port" "$inventory_grpc_port"; do
  if ! port_free "$port"; then
    log "port $port is taken: stop what listens there or choose ID_PORT / INVENTORY_PORT / GATEWAY_PORT / ASSESSMENT_PORT / INVENTORY_GRPC_PORT"; exit 1
  fi
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building $config"
  for project in src/DevIdentity src/Inventory.Api src/Assessment.Api src/Gateway; do
    dotnet build "$root/$project" -c "$config" --nologo -v q >/dev/null
  done
fi

start_rabbit

# Same quiet logging for every process: the benchmark measures forwarding, not console output.
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
bin() { echo "$root/src/$1/bin/$config/net10.0"; }

run_from "$(bin DevIdentity)" env $(dev_identity_env "$id_port") dotnet ModelRisk.DevIdentity.dll --urls "http://127.0.0.1:$id_port" > "$work/identity.log" 2>&1 &
pids+=($!)

inventory_env=(
  "Database__Provider=Sqlite"
  "ConnectionStrings__inventory-db=Data Source=$work/inventory.db"
  "ConnectionStrings__rabbitmq=$rabbit"
  "Identity__Authority=$authority"
  "Identity__RequireHttpsMetadata=false"
  # REST on HTTP/1.1 and gRPC (which Assessment calls) on a cleartext HTTP/2 port of its own, as in the cluster.
  "Kestrel__Endpoints__Http__Url=http://127.0.0.1:$inventory_port" "Kestrel__Endpoints__Http__Protocols=Http1"
  "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$inventory_grpc_port" "Kestrel__Endpoints__Grpc__Protocols=Http2"
)
(run_from "$(bin Inventory.Api)" env "${inventory_env[@]}" dotnet ModelRisk.Inventory.Api.dll --migrate) > "$work/migrate.log" 2>&1
run_from "$(bin Inventory.Api)" env "${inventory_env[@]}" dotnet ModelRisk.Inventory.Api.dll > "$work/inventory.log" 2>&1 &
inventory_pid=$!
pids+=($!)

assessment_env=(
  "Database__Provider=Sqlite"
  "ConnectionStrings__assessment-db=Data Source=$work/assessment.db"
  "ConnectionStrings__rabbitmq=$rabbit"
  "Identity__Authority=$authority"
  "Identity__RequireHttpsMetadata=false"
  "Inventory__GrpcAddress=http://127.0.0.1:$inventory_grpc_port"
  "DecisionLog__GenerateDevelopmentKey=true"
  "DecisionLog__DevelopmentKeyPath=$work/decision-log-key.pem"
)
(run_from "$(bin Assessment.Api)" env "${assessment_env[@]}" dotnet ModelRisk.Assessment.Api.dll --migrate) > "$work/assessment-migrate.log" 2>&1
run_from "$(bin Assessment.Api)" env "${assessment_env[@]}" dotnet ModelRisk.Assessment.Api.dll --urls "http://127.0.0.1:$assessment_port" > "$work/assessment.log" 2>&1 &
assessment_pid=$!
pids+=($!)

# The rate limit is lifted so that the figures measure forwarding; the limiter itself still runs on every request.
run_from "$(bin Gateway)" env "Identity__Authority=$authority" "Identity__RequireHttpsMetadata=false" \
  "ReverseProxy__Clusters__inventory__Destinations__inventory__Address=http://127.0.0.1:$inventory_port" \
  "ReverseProxy__Clusters__assessment__Destinations__assessment__Address=http://127.0.0.1:$assessment_port" \
  "Gateway__RateLimit__TokenLimit=1000000000" "Gateway__RateLimit__TokensPerPeriod=1000000000" \
  dotnet ModelRisk.Gateway.dll --urls "http://127.0.0.1:$gateway_port" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($!)

wait_for "http://127.0.0.1:$id_port/realms/model-risk/.well-known/openid-configuration" DevIdentity
wait_for "http://127.0.0.1:$inventory_port/alive" Inventory
wait_for "http://127.0.0.1:$assessment_port/alive" Assessment
wait_for "http://127.0.0.1:$gateway_port/alive" Gateway

access_token=$(token)
[ -n "$access_token" ] || { log "no token from DevIdentity"; exit 1; }
created=$(curl -fs -X POST "http://127.0.0.1:$inventory_port/api/inventory/models" \
  -H "authorization: Bearer $access_token" -H 'content-type: application/json' \
  -d '{"org":"acme-lending","key":"bench-model","name":"Bench","modelType":"Classification","owner":"bench"}')
model_id=$(echo "$created" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
[ -n "$model_id" ] || { log "could not create the model: $created"; exit 1; }
path="/api/inventory/models/$model_id"
direct="http://127.0.0.1:$inventory_port$path"
gateway="http://127.0.0.1:$gateway_port$path"

# A tiering to read back: Assessment reads the model from Inventory over gRPC with the caller's token.
tiered=$(curl -fs -X POST "http://127.0.0.1:$assessment_port/api/assessment/tierings" \
  -H "authorization: Bearer $access_token" -H 'content-type: application/json' \
  -d '{"modelId":"'"$model_id"'","answers":{"customer-impact":["material"],"decision-autonomy":["human-in-the-loop"],"scale":["1k-100k"],"data-sensitivity":["personal"],"regulatory-exposure":["credit"],"opacity":["explainable"],"genai-exposure":["none"],"third-party":["in-house"]}}')
tiering_id=$(echo "$tiered" | sed -n 's/^{"id" *: *"\([^"]*\)".*/\1/p')
[ -n "$tiering_id" ] || { log "could not tier the model: $tiered"; exit 1; }
assessment_path="/api/assessment/tierings/$tiering_id"
assessment_direct="http://127.0.0.1:$assessment_port$assessment_path"
assessment_gateway="http://127.0.0.1:$gateway_port$assessment_path"

for url in "$direct" "$gateway" "$assessment_direct" "$assessment_gateway"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $access_token" "$url")
  [ "$status" = 200 ] || { log "GET $url answered $status, expected 200"; exit 1; }
done

measure() { # path name, url, connections, run
  local lua="$work/auth.lua" out="$work/$1-c$3-$4.txt"
  # A fresh token per run so that none expires mid-run.
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$(token)" > "$lua"
  # The service's CPU column is the service the path ends at.
  local service_pid=$inventory_pid
  case "$1" in assessment*) service_pid=$assessment_pid ;; esac
  local inventory_before gateway_before
  inventory_before=$(cpu_ticks "$service_pid"); gateway_before=$(cpu_ticks "$gateway_pid")
  wrk -t"$(( $3 < threads ? $3 : threads ))" -c"$3" -d"$duration" --latency -s "$lua" "$2" > "$out"
  if grep -q 'Non-2xx' "$out"; then log "$1 run $4 had non-2xx responses:"; cat "$out" >&2; exit 1; fi
  # CPU time per request of each process: unlike throughput, it barely moves when other work shares the cores.
  awk -v name="$1" -v c="$3" -v hz="$(getconf CLK_TCK)" \
      -v inv="$(( $(cpu_ticks "$service_pid") - inventory_before ))" -v gw="$(( $(cpu_ticks "$gateway_pid") - gateway_before ))" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rps = $2 }
    $2 == "requests" && $3 == "in" { n = $1 }
    END { printf "%s c%s %.1f %.3f %.3f %.0f %.0f\n", name, c, rps, p50, p99, 1e6 * inv / hz / n, (name ~ /gateway/ ? 1e6 * gw / hz / n : 0) }' \
    "$out" >> "$work/results.txt"
}

log "warming up ($warmup each)"
for url in "$direct" "$gateway" "$assessment_direct" "$assessment_gateway"; do
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$access_token" > "$work/auth.lua"
  wrk -t"$threads" -c"$connections" -d"$warmup" -s "$work/auth.lua" "$url" > /dev/null
done

: > "$work/results.txt"
for run in $(seq 1 "$runs"); do
  log "run $run/$runs"
  # Interleaved, so that drift in what else the machine does lands on both paths alike. Throughput under load
  # (CONNECTIONS), and latency at one connection, where no queue hides or inflates the gateway's own cost.
  for c in "$connections" 1; do
    measure direct "$direct" "$c" "$run"
    measure gateway "$gateway" "$c" "$run"
    measure assessment "$assessment_direct" "$c" "$run"
    measure assessment-gateway "$assessment_gateway" "$c" "$run"
  done
done

median_of() { # path name, connections, column
  awk -v name="$1" -v c="c$2" -v col="$3" '$1 == name && $2 == c { print $col }' "$work/results.txt" | median
}

echo
echo "GET $path and $assessment_path, wrk --latency -d$duration, median of $runs interleaved runs, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| path | connections | requests/s | p50 (ms) | p99 (ms) | service CPU µs/request | gateway CPU µs/request |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for c in "$connections" 1; do
  for name in direct gateway assessment assessment-gateway; do
    case "$name" in
      direct) label="Inventory, direct" ;; gateway) label="Inventory, through the gateway" ;;
      assessment) label="Assessment, direct" ;; *) label="Assessment, through the gateway" ;;
    esac
    gateway_cpu=$(case "$name" in *gateway) median_of "$name" "$c" 7 ;; *) echo "–" ;; esac)
    echo "| $label | $c | $(median_of "$name" "$c" 3) | $(median_of "$name" "$c" 4) | $(median_of "$name" "$c" 5) | $(median_of "$name" "$c" 6) | $gateway_cpu |"
  done
done
awk -v dr="$(median_of direct "$connections" 3)" -v gr="$(median_of gateway "$connections" 3)" \
    -v dp="$(median_of direct 1 4)" -v gp="$(median_of gateway 1 4)" -v d9="$(median_of direct 1 5)" -v g9="$(median_of gateway 1 5)" 'BEGIN {
  printf "\ngateway / direct throughput at %s connections: %.0f%% (goal >= 60%%)\n", "'"$connections"'", 100 * gr / dr
  printf "added latency at 1 connection: p50 %.3f ms (goal <= 1 ms), p99 %.3f ms\n", gp - dp, g9 - d9 }'
echo
echo "all runs (path connections requests/s p50 p99 inventory-cpu-us gateway-cpu-us):"
cat "$work/results.txt"
