#!/usr/bin/env bash
# Validation workers on the platform path (docs/benchmarks.md, "Validation workers on the platform path"), in one run:
#   a. the platform against `mrp validate` on the same 5M-row file and reference (upload excluded): per run, the
#      CLI's wall time and, interleaved, a run on 2 worker processes from the publication of its PlanValidationRun to
#      the arrival of its ValidationRunResultReady (split, shards on both workers, merge). The Worker.Benchmarks driver
#      plays Assessment's part on the broker (shards queued on the plan, merge on the last shard), with no database;
#      the results are compared with the CLI's JSON.
#   b. CPU-bound jobs per second: BATCH one-shard runs of a THROUGHPUT_ROWS-row file published at once, timed until
#      the last result, on 1 then 2 worker processes (Worker:Concurrency 1 each).
#   c. p50/p99 from submit to result through the gateway: DevIdentity, Inventory, Assessment (SQLite), the gateway and
#      2 workers started here; a SMALL_ROWS-row dataset uploaded once, then SMALL_RUNS runs submitted one after another,
#      each timed from the POST of the run to the first GET that shows it Succeeded (polled every 10 ms).
#   d. a BIG_ROWS-row file split over 2 workers: each worker's peak RSS (VmHWM) during the shard phase and during the
#      merge (reset between them through /proc/<pid>/clear_refs), and the merged JSON against `mrp validate` on the whole
#      file (peak RSS by GNU time).
# Every figure is printed with the load average when it was taken; the machine's cores may be shared.
#
# Usage: tests/Benchmarks/worker-bench.sh
# Env:   PARTS ("a b c d")  RUNS (5)  ROWS (5000000)  BENCH_DIR (/tmp/mrp-worker-bench)  THROUGHPUT_ROWS (500000)
#        BATCH (16)  SMALL_ROWS (10000)  SMALL_RUNS (200)  BIG_ROWS (50000000)  SKIP_BUILD (0)
#        SHARD_BYTES (the workers' Worker:ShardBytes; unset: their default, 128 MiB)
#        PIN_WORKERS (0; 1: worker i on core (i - 1) mod cores alone, through taskset)
#        W2_WARMUP (8: untimed batches after the second worker starts in part b, so that its JIT has settled; 3 was too few)
#        MRP_RABBIT_PORT (5682, scripts/rabbitmq.sh)  ID_PORT (18390) INVENTORY_PORT (18391) GATEWAY_PORT (18392)
#        ASSESSMENT_PORT (18393) INVENTORY_GRPC_PORT (18394)
# Needs: the .NET SDK, curl, GNU time, /usr/bin/python3 with numpy and pandas (Debian: python3-pandas), RabbitMQ via
#        scripts/rabbitmq.sh, root or the same user as the workers (the driver reads and resets their /proc peaks).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
parts=${PARTS:-a b c d}
runs=${RUNS:-5}
rows=${ROWS:-5000000}
dir=${BENCH_DIR:-/tmp/mrp-worker-bench}
throughput_rows=${THROUGHPUT_ROWS:-500000}
batch=${BATCH:-16}
w2_warmup=${W2_WARMUP:-8}
small_rows=${SMALL_ROWS:-10000}
small_runs=${SMALL_RUNS:-200}
big_rows=${BIG_ROWS:-50000000}
id_port=${ID_PORT:-18390}
inventory_port=${INVENTORY_PORT:-18391}
gateway_port=${GATEWAY_PORT:-18392}
assessment_port=${ASSESSMENT_PORT:-18393}
inventory_grpc_port=${INVENTORY_GRPC_PORT:-18394}
config=Release
python=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/worker-bench.XXXXXX")
bench_name=worker-bench
authority="http://127.0.0.1:$id_port/realms/model-risk"
source "$root/tests/Benchmarks/bench-common.sh"
has() { [[ " $parts " == *" $1 "* ]]; }
bin() { echo "$root/src/$1/bin/$config/net10.0"; }
mkdir -p "$dir"

# Data: the 5M-row file and reference of mrp-validate.sh (same generator), its first rows for the small jobs, and a
# BIG_ROWS-row file from the same generator (same columns and distributions, values written with 6 significant digits).
if [[ ! -f "$dir/data.csv" || "$(cat "$dir/rows" 2>/dev/null)" != "$rows" ]]; then
  log "generating $rows rows into $dir"
  "$python" "$root/tests/Benchmarks/peers/make_validation_data.py" "$dir" "$rows"
  echo "$rows" > "$dir/rows"
fi
head -n $((throughput_rows + 1)) "$dir/data.csv" > "$dir/throughput.csv"
head -n $((small_rows + 1)) "$dir/data.csv" > "$dir/small.csv"
if has d && [[ ! -f "$dir/big/data.csv" || "$(cat "$dir/big/rows" 2>/dev/null)" != "$big_rows" ]]; then
  log "generating $big_rows rows into $dir/big"
  mkdir -p "$dir/big"
  "$python" - "$root/tests/Benchmarks/peers" "$dir/big/data.csv" "$big_rows" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import make_validation_data as m
m.sample(int(sys.argv[3]), seed=1, shift=0.05).to_csv(sys.argv[2], index=False, float_format="%.6g")
PY
  echo "$big_rows" > "$dir/big/rows"
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building $config"
  projects=(src/ValidationWorker src/Cli tests/Benchmarks/Worker.Benchmarks)
  if has c; then projects+=(src/DevIdentity src/Inventory.Api src/Assessment.Api src/Gateway); fi
  for project in "${projects[@]}"; do dotnet build "$root/$project" -c "$config" --nologo -v q >/dev/null; done
fi
driver="$root/tests/Benchmarks/Worker.Benchmarks/bin/$config/net10.0/ModelRisk.Worker.Benchmarks"
mrp="$(bin Cli)/mrp"

start_rabbit
rabbit_port=$(echo "$rabbit" | sed -n 's#.*:\([0-9]*\)/$#\1#p')
management="http://127.0.0.1:$((rabbit_port + 10000))"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning

# The dataset store the workers (and Assessment) share: the files are hard links under their keys, as an upload leaves them.
store="$work/store"
mkdir -p "$store/datasets/bench"
for name in data reference throughput small; do ln "$dir/$name.csv" "$store/datasets/bench/$name" 2>/dev/null || cp "$dir/$name.csv" "$store/datasets/bench/$name"; done
if has d; then ln "$dir/big/data.csv" "$store/datasets/bench/big" 2>/dev/null || cp "$dir/big/data.csv" "$store/datasets/bench/big"; fi
"$driver" plan --tier medium --out "$work/plan.yaml"

worker_pids=()
start_worker() { # index: starts worker w<index> and adds it to worker_pids
  local port=$(( 18400 + $1 ))
  # PIN_WORKERS=1: worker i runs on core (i - 1) mod cores alone (taskset), as a worker with a CPU limit of one core
  # would; the broker and the driver are not pinned.
  local pin=()
  if [ "${PIN_WORKERS:-0}" = 1 ]; then pin=(taskset -c $(( ($1 - 1) % $(nproc) ))); fi
  run_from "$(bin ValidationWorker)" "${pin[@]}" env "ConnectionStrings__rabbitmq=$rabbit" "DatasetStorage__Kind=Local" "DatasetStorage__Local__Root=$store" \
    "Worker__Instance=w$1" "Worker__Concurrency=1" "Worker__ScratchDirectory=$work/scratch-$1" ${SHARD_BYTES:+"Worker__ShardBytes=$SHARD_BYTES"} \
    "Kestrel__Endpoints__Management__Url=http://127.0.0.1:$port" "Kestrel__Endpoints__Management__Protocols=Http1" "Management__Port=$port" \
    ./ModelRisk.ValidationWorker > "$work/worker-$1.log" 2>&1 &
  worker_pids+=($!)
  pids+=($!)
  wait_for "http://127.0.0.1:$port/alive" "worker w$1"
}
wait_consumers() { # count: the queue's bindings exist once the workers consume it (the count refreshes every few seconds)
  for _ in $(seq 1 120); do
    consumers=$(curl -fs -u guest:guest "$management/api/queues/%2F/validation-worker-jobs" | sed -n 's/.*"consumers":\([0-9]*\).*/\1/p')
    if [ "${consumers:-0}" -ge "$1" ]; then return 0; fi
    sleep 0.5
  done
  log "the workers do not consume validation-worker-jobs; see $work/worker-*.log"; exit 1
}
start_workers() { # count
  worker_pids=()
  for i in $(seq 1 "$1"); do start_worker "$i"; done
  wait_consumers "$1"
}
stop_last_worker() {
  local pid=${worker_pids[-1]}
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  unset 'worker_pids[-1]'
}
stop_workers() {
  for pid in "${worker_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${worker_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  worker_pids=()
}
# The value after a key on a driver line: value KEY < lines
value() { awk -v key="$1" '{ for (i = 1; i < NF; i++) if ($i == key) { print $(i + 1); break } }'; }
workers_arg() { local out="" i=1; for pid in "${worker_pids[@]}"; do out+="w$i=$pid,"; i=$((i + 1)); done; echo "${out%,}"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# The engine's JSON without the file names, which differ between the store's links and the CLI's paths.
canonical() { "$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); d.pop("data", None); d.pop("reference", None); print(json.dumps(d, sort_keys=True))' "$1"; }

drift=income,age,utilization
cli_for() { # data file, out file: sets cli to the same request the workers run (tier plan, 256 MiB budget, default bootstrap)
  cli=("$mrp" validate --data "$1" --score score --label label --group segment --reference "$dir/reference.csv" --drift-columns "$drift" \
    --plan "$work/plan.yaml" --memory-budget-mb 256 --quiet --out "$2")
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
direct() { "$driver" direct --rabbit "$rabbit" --group segment --tier medium "$@"; }

if has a; then
  log "a: platform path vs mrp validate on $rows rows, $runs interleaved runs"
  start_workers 2
  cli_for "$dir/data.csv" "$work/cli.json"
  "${cli[@]}" >/dev/null 2>>"$work/cli.log"
  direct --data-key datasets/bench/data --reference-key datasets/bench/reference --drift "$drift" --runs 0 --warmup 1 >/dev/null
  : > "$work/a.txt"
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -o "$work/cli-time.txt" -f "%e %U %S" "${cli[@]}" >/dev/null 2>>"$work/cli.log"
    read -r wall user sys < "$work/cli-time.txt"
    echo "cli seconds $wall cpu_seconds $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') load $(load)" >> "$work/a.txt"
    direct --data-key datasets/bench/data --reference-key datasets/bench/reference --drift "$drift" --runs 1 --warmup 0 \
      --workers "$(workers_arg)" --result-out "$work/platform.json" | sed 's/^run 1/platform/' >> "$work/a.txt"
  done
  stop_workers
  cat "$work/a.txt"
  cli_median=$(grep '^cli' "$work/a.txt" | value seconds | median)
  platform_median=$(grep '^platform' "$work/a.txt" | value seconds | median)
  echo "a. median: mrp validate $cli_median s ($(grep '^cli' "$work/a.txt" | value cpu_seconds | median) s CPU)," \
    "platform ($(grep '^platform' "$work/a.txt" | head -1 | value shards) shards on 2 workers) $platform_median s" \
    "($(grep '^platform' "$work/a.txt" | value worker_cpu_seconds | median) s worker CPU), ratio $(ratio "$platform_median" "$cli_median") (goal <= 1.5)"
  if [ "$(canonical "$work/cli.json")" = "$(canonical "$work/platform.json")" ]; then echo "a. platform result equals mrp validate's (file names aside)"; else echo "a. RESULTS DIFFER: $work/cli.json $work/platform.json"; fi
fi

if has b; then
  # Interleaved: each run times a batch on w1 alone, then starts w2 (plus W2_WARMUP untimed batches, its JIT) and times
  # a batch on both, so that what else the machine does drifts over both alike.
  log "b: jobs per second, $batch one-shard jobs of $throughput_rows rows at once, 1 and 2 workers interleaved, $runs runs"
  : > "$work/b.txt"
  start_workers 1
  direct --data-key datasets/bench/throughput --batch "$batch" --runs 0 --warmup 1 >/dev/null
  for run in $(seq 1 "$runs"); do
    direct --data-key datasets/bench/throughput --batch "$batch" --runs 1 --warmup 0 --workers "$(workers_arg)" | sed 's/^run 1/workers 1/' >> "$work/b.txt"
    start_worker 2
    wait_consumers 2
    direct --data-key datasets/bench/throughput --batch "$batch" --runs 1 --warmup "$w2_warmup" --workers "$(workers_arg)" | grep '^run' | sed 's/^run 1/workers 2/' >> "$work/b.txt"
    stop_last_worker
  done
  stop_workers
  cat "$work/b.txt"
  one=$(grep '^workers 1' "$work/b.txt" | value jobs_per_second | median)
  two=$(grep '^workers 2' "$work/b.txt" | value jobs_per_second | median)
  cpu_one=$(grep '^workers 1' "$work/b.txt" | value worker_cpu_seconds | median)
  cpu_two=$(grep '^workers 2' "$work/b.txt" | value worker_cpu_seconds | median)
  echo "b. median jobs/s: 1 worker $one, 2 workers $two, ratio $(ratio "$two" "$one") (goal >= 1.8);" \
    "worker CPU per job: 1 worker $(ratio "$cpu_one" "$batch") s, 2 workers $(ratio "$cpu_two" "$batch") s"
fi

if has c; then
  log "c: submit to result through the gateway, $small_runs runs of a $small_rows-row dataset"
  for port in "$id_port" "$inventory_port" "$gateway_port" "$assessment_port" "$inventory_grpc_port"; do
    if ! port_free "$port"; then log "port $port is taken: choose ID_PORT / INVENTORY_PORT / GATEWAY_PORT / ASSESSMENT_PORT / INVENTORY_GRPC_PORT"; exit 1; fi
  done
  run_from "$(bin DevIdentity)" env $(dev_identity_env "$id_port") dotnet ModelRisk.DevIdentity.dll --urls "http://127.0.0.1:$id_port" > "$work/identity.log" 2>&1 &
  pids+=($!)
  inventory_env=(
    "Database__Provider=Sqlite" "ConnectionStrings__inventory-db=Data Source=$work/inventory.db" "ConnectionStrings__rabbitmq=$rabbit"
    "Identity__Authority=$authority" "Identity__RequireHttpsMetadata=false"
    "Kestrel__Endpoints__Http__Url=http://127.0.0.1:$inventory_port" "Kestrel__Endpoints__Http__Protocols=Http1"
    "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$inventory_grpc_port" "Kestrel__Endpoints__Grpc__Protocols=Http2"
  )
  (run_from "$(bin Inventory.Api)" env "${inventory_env[@]}" dotnet ModelRisk.Inventory.Api.dll --migrate) > "$work/inventory-migrate.log" 2>&1
  run_from "$(bin Inventory.Api)" env "${inventory_env[@]}" dotnet ModelRisk.Inventory.Api.dll > "$work/inventory.log" 2>&1 &
  pids+=($!)
  assessment_env=(
    "Database__Provider=Sqlite" "ConnectionStrings__assessment-db=Data Source=$work/assessment.db" "ConnectionStrings__rabbitmq=$rabbit"
    "Identity__Authority=$authority" "Identity__RequireHttpsMetadata=false" "Inventory__GrpcAddress=http://127.0.0.1:$inventory_grpc_port"
    "DecisionLog__GenerateDevelopmentKey=true" "DecisionLog__DevelopmentKeyPath=$work/decision-log-key.pem"
    "DatasetStorage__Kind=Local" "DatasetStorage__Local__Root=$store"
  )
  (run_from "$(bin Assessment.Api)" env "${assessment_env[@]}" dotnet ModelRisk.Assessment.Api.dll --migrate) > "$work/assessment-migrate.log" 2>&1
  run_from "$(bin Assessment.Api)" env "${assessment_env[@]}" dotnet ModelRisk.Assessment.Api.dll --urls "http://127.0.0.1:$assessment_port" > "$work/assessment.log" 2>&1 &
  pids+=($!)
  run_from "$(bin Gateway)" env "Identity__Authority=$authority" "Identity__RequireHttpsMetadata=false" \
    "ReverseProxy__Clusters__inventory__Destinations__inventory__Address=http://127.0.0.1:$inventory_port" \
    "ReverseProxy__Clusters__assessment__Destinations__assessment__Address=http://127.0.0.1:$assessment_port" \
    "Gateway__RateLimit__TokenLimit=1000000000" "Gateway__RateLimit__TokensPerPeriod=1000000000" \
    dotnet ModelRisk.Gateway.dll --urls "http://127.0.0.1:$gateway_port" > "$work/gateway.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$id_port/realms/model-risk/.well-known/openid-configuration" DevIdentity
  wait_for "http://127.0.0.1:$inventory_port/alive" Inventory
  wait_for "http://127.0.0.1:$assessment_port/alive" Assessment
  wait_for "http://127.0.0.1:$gateway_port/alive" Gateway
  start_workers 2
  "$driver" gateway --gateway "http://127.0.0.1:$gateway_port" --identity "http://127.0.0.1:$id_port" --data "$dir/small.csv" \
    --runs "$small_runs" --warmup 5 | tee "$work/c.txt"
  stop_workers
fi

if has d; then
  log "d: $big_rows rows over 2 workers, peaks per phase, against one pass"
  start_workers 2
  direct --data-key datasets/bench/big --reference-key datasets/bench/reference --drift "$drift" --runs 1 --warmup 0 \
    --workers "$(workers_arg)" --result-out "$work/big-platform.json" | tee "$work/d.txt"
  stop_workers
  cli_for "$dir/big/data.csv" "$work/big-cli.json"
  /usr/bin/time -f "d. mrp validate on the whole file: wall %e s, CPU %U s user %S s system, peak RSS %M KB, load $(load)" "${cli[@]}" >/dev/null 2>>"$work/cli.log" 2> "$work/d-cli.txt" \
    || { cat "$work/d-cli.txt"; exit 1; }
  tail -1 "$work/d-cli.txt"
  if [ "$(canonical "$work/big-cli.json")" = "$(canonical "$work/big-platform.json")" ]; then echo "d. merged result equals mrp validate's (file names aside)"; else echo "d. RESULTS DIFFER: $work/big-cli.json $work/big-platform.json"; fi
fi

# The store holds links to the data and every run's statistics (1.4 GiB for the 50M-row file); the logs stay.
rm -rf "$store"
