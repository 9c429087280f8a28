# Shared by the HTTP benchmarks (gateway-bench.sh, inventory-cpu.sh) and worker-bench.sh; sourced, not run. The caller sets root, work,
# bench_name and authority (DevIdentity's realm URL) and adds the pids it starts to pids.
pids=()
started_rabbit=0

log() { echo "[$bench_name] $*" >&2; }

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$started_rabbit" = 1 ]; then "$root/scripts/rabbitmq.sh" stop || true; fi
  log "logs and raw wrk output kept in $work"
}
trap cleanup EXIT

ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk from the distribution"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
  fi
}

start_rabbit() { # sets rabbit to the connection string; not in a $( ), so that cleanup sees started_rabbit
  if ! "$root/scripts/rabbitmq.sh" status >/dev/null 2>&1; then started_rabbit=1; fi
  rabbit=$("$root/scripts/rabbitmq.sh" start)
}

wait_for() { # url, what
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null "$1"; then return 0; fi
    sleep 0.25
  done
  log "$2 did not answer $1 within 60 s; see $work/*.log"; exit 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Each process runs from its output folder: that is its content root, where its appsettings.json is.
# Called as its own background job or subshell: exec makes the recorded pid the server's own.
run_from() { # folder, command...
  cd "$1" && shift && exec "$@"
}

# DevIdentity refuses to start in Production; here it only mints the benchmark's tokens.
dev_identity_env() { # port
  echo ASPNETCORE_ENVIRONMENT=Development "DevIdentity__PublicUrl=http://127.0.0.1:$1"
}

token() { # a risk analyst of acme-lending
  curl -fs -X POST "$authority/dev/token" -H 'content-type: application/json' \
    -d '{"username":"bench","roles":["risk-analyst"],"orgs":["acme-lending"]}' \
    | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

median() { # the median of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
