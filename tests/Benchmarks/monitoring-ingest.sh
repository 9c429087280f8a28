#!/usr/bin/env bash
# Metric point ingest through the gateway (issue 10, ADR 090): POST /api/monitoring/points in batches of BATCH points
# from CLIENTS concurrent clients, through the gateway to the Monitoring service on SQLite, with an active plan that
# watches the pushed metric so that every point goes through the alert engine as in production. The peer is a plain
# bulk insert of the same rows into a new SQLite file with the same `points` table (a prepared INSERT, one
# transaction per BATCH rows). Median of RUNS runs each, interleaved, and the ratio.
#
# Usage: tests/Benchmarks/monitoring-ingest.sh
# Env:   RUNS (5) BATCHES (200 a run) BATCH (1000) CLIENTS (4) WARMUP_BATCHES (200; tiered JIT settles slowly on a busy machine) SKIP_BUILD (0)
#        ID_PORT (18290) MONITORING_PORT (18291) GATEWAY_PORT (18292) TRACE (empty: a dotnet-trace file of the
#        Monitoring service during extra push rounds before the measured runs is written to this path; needs dotnet-trace on PATH;
#        read it with tests/Benchmarks/speedscope-top.py) TRACE_SECONDS (20) TRACE_GATEWAY (1: trace the gateway)
# Needs: the .NET SDK and curl. No RabbitMQ, no Keycloak: DevIdentity mints the tokens, the model row is written into
# Monitoring's read model directly (what Inventory's ModelRegistered event would write), and the service runs with an
# unreachable broker (readiness Degraded, requests served; nothing here publishes).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-5}
batches=${BATCHES:-200}
batch=${BATCH:-1000}
clients=${CLIENTS:-4}
warmup_batches=${WARMUP_BATCHES:-200}
id_port=${ID_PORT:-18290}
monitoring_port=${MONITORING_PORT:-18291}
gateway_port=${GATEWAY_PORT:-18292}
config=Release
work=$(mktemp -d "${TMPDIR:-/tmp}/monitoring-ingest.XXXXXX")
bench_name=monitoring-ingest
authority="http://127.0.0.1:$id_port/realms/model-risk"
source "$root/tests/Benchmarks/bench-common.sh"

for port in "$id_port" "$monitoring_port" "$gateway_port"; do
  if ! port_free "$port"; then
    log "port $port is taken: stop what listens there or choose ID_PORT / MONITORING_PORT / GATEWAY_PORT"; exit 1
  fi
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building $config"
  for project in src/DevIdentity src/Monitoring.Api src/Gateway tests/Benchmarks/MonitoringIngest.Benchmarks; do
    dotnet build "$root/$project" -c "$config" --nologo -v q >/dev/null
  done
fi

export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
bin() { echo "$root/$1/bin/$config/net10.0"; }
bench() { (cd "$(bin tests/Benchmarks/MonitoringIngest.Benchmarks)" && dotnet ModelRisk.MonitoringIngest.Benchmarks.dll "$@"); }

run_from "$(bin src/DevIdentity)" env $(dev_identity_env "$id_port") dotnet ModelRisk.DevIdentity.dll --urls "http://127.0.0.1:$id_port" > "$work/identity.log" 2>&1 &
pids+=($!)

# Port 9 (discard) has no broker: the bus retries in the background and readiness reports Degraded.
monitoring_env=(
  "Database__Provider=Sqlite"
  "ConnectionStrings__monitoring-db=Data Source=$work/monitoring.db"
  "ConnectionStrings__rabbitmq=amqp://guest:guest@127.0.0.1:9/"
  "Identity__Authority=$authority"
  "Identity__RequireHttpsMetadata=false"
  "DatasetStorage__Local__Root=$work/datasets"
  # A secret of this run only: no alert fires here, but the service refuses to start without one.
  "Webhooks__SigningSecret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
)
(run_from "$(bin src/Monitoring.Api)" env "${monitoring_env[@]}" dotnet ModelRisk.Monitoring.Api.dll --migrate) > "$work/migrate.log" 2>&1
model_id=bench-$(date +%s)
bench register --db "$work/monitoring.db" --model "$model_id" --org acme-lending
run_from "$(bin src/Monitoring.Api)" env "${monitoring_env[@]}" dotnet ModelRisk.Monitoring.Api.dll --urls "http://127.0.0.1:$monitoring_port" > "$work/monitoring.log" 2>&1 &
monitoring_pid=$!
pids+=($!)

# The monitoring routes and cluster as the gateway's configuration names them (monitoring-*, cluster "monitoring"):
# set here as overrides, so the script works the same once they ship in src/Gateway/appsettings.json. The rate limit
# is lifted so that the figures measure ingest; the limiter itself still runs on every request.
run_from "$(bin src/Gateway)" env "Identity__Authority=$authority" "Identity__RequireHttpsMetadata=false" \
  "ReverseProxy__Routes__monitoring-read__ClusterId=monitoring" \
  "ReverseProxy__Routes__monitoring-read__AuthorizationPolicy=monitoring-read" \
  "ReverseProxy__Routes__monitoring-read__Match__Path=/api/monitoring/{**rest}" \
  "ReverseProxy__Routes__monitoring-read__Match__Methods__0=GET" "ReverseProxy__Routes__monitoring-read__Match__Methods__1=HEAD" \
  "ReverseProxy__Routes__monitoring-plan-create__ClusterId=monitoring" \
  "ReverseProxy__Routes__monitoring-plan-create__AuthorizationPolicy=monitoring-plan-write" \
  "ReverseProxy__Routes__monitoring-plan-create__Match__Path=/api/monitoring/plans" \
  "ReverseProxy__Routes__monitoring-plan-create__Match__Methods__0=POST" \
  "ReverseProxy__Routes__monitoring-points__ClusterId=monitoring" \
  "ReverseProxy__Routes__monitoring-points__AuthorizationPolicy=monitoring-ingest" \
  "ReverseProxy__Routes__monitoring-points__Match__Path=/api/monitoring/points" \
  "ReverseProxy__Routes__monitoring-points__Match__Methods__0=POST" \
  "ReverseProxy__Clusters__monitoring__Destinations__monitoring__Address=http://127.0.0.1:$monitoring_port" \
  "Gateway__RateLimit__TokenLimit=1000000000" "Gateway__RateLimit__TokensPerPeriod=1000000000" \
  dotnet ModelRisk.Gateway.dll --urls "http://127.0.0.1:$gateway_port" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($!)

wait_for "http://127.0.0.1:$id_port/realms/model-risk/.well-known/openid-configuration" DevIdentity
wait_for "http://127.0.0.1:$monitoring_port/alive" Monitoring
wait_for "http://127.0.0.1:$gateway_port/alive" Gateway

owner_token() { # the model's owner in acme-lending: writes plans and pushes points
  curl -fs -X POST "$authority/dev/token" -H 'content-type: application/json' \
    -d '{"username":"bench","roles":["model-owner"],"orgs":["acme-lending"]}' \
    | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}
access_token=$(owner_token)
[ -n "$access_token" ] || { log "no token from DevIdentity"; exit 1; }
gateway="http://127.0.0.1:$gateway_port"

# An active plan watching the pushed metric: warning 0.02, critical 0.05; the pushed values stay below 0.011.
plan=$(curl -s -w '\n%{http_code}' -X POST "$gateway/api/monitoring/plans" \
  -H "authorization: Bearer $access_token" -H 'content-type: application/json' \
  -d '{"modelId":"'"$model_id"'","name":"Bench ingest","metrics":[{"metric":"toxicity_rate","kind":"Custom","warning":0.02,"critical":0.05}],"window":"1h","schedule":"0 * * * *","alertRoutes":["http://127.0.0.1:9/alerts"]}')
[ "$(echo "$plan" | tail -n1)" = 201 ] || { log "could not create the plan through the gateway: $plan"; exit 1; }

push() { # run number, batches: prints "points seconds points/s"
  bench push --url "$gateway" --token "$(owner_token)" --model "$model_id" --run "$1" --batches "$2" --batch "$batch" --clients "$clients"
}
peer() { # run number: prints "rows seconds rows/s"
  bench peer --schema-from "$work/monitoring.db" --db "$work/peer.db" --model "$model_id" --run "$1" --batches "$batches" --batch "$batch" --clients "$clients"
}

log "warming up ($warmup_batches batches through the gateway, one peer round)"
push 100 "$warmup_batches" > /dev/null
bench peer --schema-from "$work/monitoring.db" --db "$work/peer-warmup.db" --run 100 --batches "$warmup_batches" --batch "$batch" > /dev/null

if [ -n "${TRACE:-}" ]; then
  traced_pid=$monitoring_pid; traced=Monitoring
  if [ "${TRACE_GATEWAY:-0}" = 1 ]; then traced_pid=$gateway_pid; traced=gateway; fi
  log "tracing $traced for ${TRACE_SECONDS:-20} s of extra push rounds into $TRACE"
  dotnet-trace collect --process-id "$traced_pid" --profile dotnet-common,dotnet-sampled-thread-time \
    --duration "00:00:00:${TRACE_SECONDS:-20}" --output "$TRACE" > "$work/trace.log" 2>&1 &
  trace_pid=$!
  sleep 2
  # Push rounds back to back for as long as the trace records, so that it holds ingest and little idle time.
  traced_round=200
  while kill -0 "$trace_pid" 2>/dev/null; do push "$traced_round" "$batches" >> "$work/traced.txt"; traced_round=$(( traced_round + 1 )); done
  wait "$trace_pid" || { log "dotnet-trace failed: see $work/trace.log"; exit 1; }
fi

: > "$work/results.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 1 "$runs"); do
  log "run $run/$runs"
  # Interleaved, so that drift in what else the machine does lands on both alike.
  before=$(cpu_ticks "$monitoring_pid"); gw_before=$(cpu_ticks "$gateway_pid")
  pushed=$(push "$run" "$batches")
  # CPU time per point of each process: unlike the rate, it barely moves when other work shares the cores.
  echo "$pushed" | awk -v hz="$(getconf CLK_TCK)" -v svc="$(( $(cpu_ticks "$monitoring_pid") - before ))" -v gw="$(( $(cpu_ticks "$gateway_pid") - gw_before ))" \
    '{ printf "platform %s %s %s %.2f %.2f\n", $1, $2, $3, 1e6 * svc / hz / $1, 1e6 * gw / hz / $1 }' >> "$work/results.txt"
  echo "peer $(peer "$run") -" >> "$work/results.txt"
done

median_of() { awk -v name="$1" -v col="$2" '$1 == name { print $col }' "$work/results.txt" | median; }
platform=$(median_of platform 4)
peer_rate=$(median_of peer 4)
service_us=$(median_of platform 5)
gateway_us=$(median_of platform 6)
peer_us=$(median_of peer 5)
echo
echo "POST /api/monitoring/points through the gateway, $batches batches of $batch points a run from $clients clients, SQLite;"
echo "median of $runs interleaved runs, $(nproc) cores, load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
echo "| path | points/s | service (or peer) CPU µs/point | gateway CPU µs/point |"
echo "|---|---:|---:|---:|"
echo "| platform: gateway → Monitoring (validation, idempotent insert, alert engine) | $platform | $service_us | $gateway_us |"
echo "| peer: plain prepared INSERT, one transaction per $batch rows | $peer_rate | $peer_us | – |"
awk -v p="$platform" -v q="$peer_rate" 'BEGIN { printf "\nplatform / peer: %.0f%%; platform: %.0f points/s (goal >= 100000)\n", 100 * p / q, p }'
echo
echo "all runs (who points seconds points/s service-or-peer-cpu-µs/point gateway-cpu-µs/point):"
cat "$work/results.txt"
