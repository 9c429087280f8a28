#!/usr/bin/env bash
# Issue 10's measure: a drift window of ROWS prediction rows evaluated queue → worker → result, against `mrp validate`
# computing the same drift (PSI, JS distance, KS of income, age and utilization against the same reference) on the same
# rows written as one CSV. (a) one ValidationWorker process (Release build) on a real RabbitMQ node and a publisher that
# plays Monitoring: publish EvaluateMonitoringWindow naming the window's prediction objects, wait for
# MonitoringWindowEvaluated; (b) `mrp validate --bootstrap 0`. Each RUNS times after one warm-up; medians and their ratio.
# Needs: dotnet, curl, hyperfine, GNU time (/usr/bin/time), python3, rabbitmq-server (scripts/rabbitmq.sh installs it on Debian/Ubuntu).
# Environment: ROWS (default 1000000), RUNS (default 5), BENCH_DIR (default /tmp/mrp-monitoring-bench),
# MRP_RABBIT_PORT (default 5702: a node of its own, not the one of local runs), WORKER_PORT (default 18791).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bench_name=monitoring-window
rows="${ROWS:-1000000}"
runs="${RUNS:-5}"
work="${BENCH_DIR:-/tmp/mrp-monitoring-bench}"
worker_port="${WORKER_PORT:-18791}"
export MRP_RABBIT_PORT="${MRP_RABBIT_PORT:-5702}"
export MRP_RABBIT_DIR="${MRP_RABBIT_DIR:-$work/rabbit}"
mkdir -p "$work"
# shellcheck source=bench-common.sh
source "$root/tests/Benchmarks/bench-common.sh"

log "building (Release): worker, mrp, benchmark publisher"
dotnet build -c Release "$root/src/ValidationWorker" --nologo -v quiet >/dev/null
dotnet build -c Release "$root/src/Cli" --nologo -v quiet >/dev/null
dotnet build -c Release "$root/tests/Benchmarks/Monitoring.Benchmarks" --nologo -v quiet >/dev/null
worker_dir="$root/src/ValidationWorker/bin/Release/net10.0"
mrp="$root/src/Cli/bin/Release/net10.0/mrp"
bench="$root/tests/Benchmarks/Monitoring.Benchmarks/bin/Release/net10.0/ModelRisk.Monitoring.Benchmarks"

if [[ ! -f "$work/keys.txt" || "$(cat "$work/rows" 2>/dev/null)" != "$rows" ]]; then
  log "generating $rows rows into $work"
  rm -rf "$work/store"
  "$bench" generate "$work" "$rows"
  echo "$rows" > "$work/rows"
fi

start_rabbit
log "broker at $rabbit"
port_free "$worker_port" || { log "port $worker_port is taken; set WORKER_PORT"; exit 1; }
(
  export ConnectionStrings__rabbitmq="$rabbit" DatasetStorage__Kind=Local DatasetStorage__Local__Root="$work/store" \
    Worker__Instance=bench-worker Worker__ScratchDirectory="$work/scratch" \
    Kestrel__Endpoints__Management__Url="http://127.0.0.1:$worker_port" Kestrel__Endpoints__Management__Protocols=Http1 \
    Management__Port="$worker_port"
  run_from "$worker_dir" "$worker_dir/ModelRisk.ValidationWorker"
) > "$work/worker.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$worker_port/health" "the worker"

log "(a) queue → worker → result, $runs runs after a warm-up"
ConnectionStrings__rabbitmq="$rabbit" "$bench" evaluate "$work" "$runs" | tee "$work/worker-runs.txt"
worker_median=$(awk '$1 == "run" { print $2 }' "$work/worker-runs.txt" | median)

log "(b) mrp validate on the same rows, $runs runs after a warm-up"
mrp_cmd="$mrp validate --data $work/window.csv --score score --label label --reference $work/reference.csv --drift-columns income,age,utilization --bootstrap 0 --quiet --out $work/mrp.json"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/hyperfine.json" -n mrp "$mrp_cmd" >/dev/null
mrp_median=$(python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/hyperfine.json")

# The two paths must agree before their times mean anything.
python3 - "$work/evaluated.json" "$work/mrp.json" <<'PY'
import json, sys
window, mrp = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
names = {"psi": "psi", "js_distance": "js_distance", "ks_statistic": "ks"}
drift = mrp["drift"]
worst = 0.0
for v in window["Values"]:
    if v["Metric"] not in names:
        continue
    expected = drift[v["Column"]][names[v["Metric"]]]
    worst = max(worst, abs(v["Value"] - expected))
    if v["Value"] != expected:
        print(f"  differs: {v['Metric']} {v['Column']} worker {v['Value']!r} mrp {expected!r}")
print(f"drift values: largest difference between the worker and mrp {worst:g}")
PY

worker_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/${pids[0]}/status")
mrp_kb=$( { /usr/bin/time -f "%M" $mrp_cmd >/dev/null; } 2>&1 | tail -1)

ratio=$(awk -v w="$worker_median" -v m="$mrp_median" 'BEGIN { printf "%.2f", w / m }')
echo
echo "rows $rows, $runs runs each, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "worker (queue → worker → result) median ${worker_median} s"
echo "mrp validate                      median ${mrp_median} s"
echo "ratio worker / mrp ${ratio} (goal ≤ 1.5)"
echo "peak RSS: worker process $((worker_kb / 1024)) MiB (after the warm-up and $runs windows), mrp validate $((mrp_kb / 1024)) MiB"
