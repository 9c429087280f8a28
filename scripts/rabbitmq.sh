#!/usr/bin/env bash
# An isolated RabbitMQ node for local runs and tests, from the machine's own rabbitmq-server install.
# Usage: scripts/rabbitmq.sh start|stop|status|env   (MRP_RABBIT_DIR, MRP_RABBIT_PORT override the defaults)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${MRP_RABBIT_DIR:-$root/.rabbit}
port=${MRP_RABBIT_PORT:-5682}
mgmt_port=$((port + 10000))
dist_port=$((port + 20000))
node=${MRP_RABBIT_NODE:-mrp$port@localhost}

ensure_installed() {
  if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then return; fi
  if ! command -v apt-get >/dev/null; then
    echo "rabbitmq-server is not installed and this is not a Debian/Ubuntu machine: install RabbitMQ 3.10+ yourself" >&2
    exit 1
  fi
  echo "installing rabbitmq-server from the distribution..." >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq rabbitmq-server >/dev/null
  # The package may start a system node on 5672; ours is separate and needs nothing from it.
}

setup_env() {
  mkdir -p "$dir/home"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.port = %s\nmanagement.tcp.ip = 127.0.0.1\nloopback_users = none\n' \
    "$port" "$mgmt_port" > "$dir/rabbitmq.conf"
  echo '[rabbitmq_management].' > "$dir/enabled_plugins"
  export HOME=$dir/home RABBITMQ_NODENAME=$node RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist_port \
    RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf \
    RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins PATH=/usr/lib/rabbitmq/bin:$PATH
}

is_up() { rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    ensure_installed
    setup_env
    if is_up; then echo "amqp://guest:guest@127.0.0.1:$port/"; exit 0; fi
    for p in "$port" "$dist_port" "$mgmt_port"; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        echo "port $p is taken by another process (another RabbitMQ node?); choose another with MRP_RABBIT_PORT" >&2
        exit 3
      fi
    done
    nohup rabbitmq-server > "$dir/stdout.log" 2>&1 &
    for _ in $(seq 1 200); do
      if is_up; then echo "amqp://guest:guest@127.0.0.1:$port/"; exit 0; fi
      sleep 0.3
    done
    echo "RabbitMQ did not start within 60 s; see $dir/stdout.log and $dir/log" >&2
    exit 1
    ;;
  stop)
    setup_env
    if is_up; then rabbitmqctl -q stop >/dev/null 2>&1 || true; fi
    ;;
  status)
    setup_env
    if is_up; then echo "up on 127.0.0.1:$port (management http://127.0.0.1:$mgmt_port)"; else echo down; exit 1; fi
    ;;
  env)
    echo "ConnectionStrings__rabbitmq=amqp://guest:guest@127.0.0.1:$port/"
    ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
