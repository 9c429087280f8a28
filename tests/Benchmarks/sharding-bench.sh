#!/usr/bin/env bash
# Sharded validation on the data of mrp-validate.sh: the splitter's speed, every shard run in turn, the merge,
# each with its peak memory, and the merged JSON compared byte for byte with `mrp validate` on the whole file.
# Needs: dotnet, GNU time (/usr/bin/time), and BENCH_DIR holding data.csv and reference.csv (mrp-validate.sh
# writes them). Environment: BENCH_DIR (default /tmp/mrp-validate-bench), TARGET_BYTES (default 67108864).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BENCH_DIR:-/tmp/mrp-validate-bench}"
target="${TARGET_BYTES:-67108864}"
out="$dir/shards"
rm -rf "$out"

dotnet build -c Release "$repo/tests/Benchmarks/Sharding.Benchmarks" --nologo -v quiet >/dev/null
dotnet build -c Release "$repo/src/Cli" --nologo -v quiet >/dev/null
bench="$repo/tests/Benchmarks/Sharding.Benchmarks/bin/Release/net10.0/ModelRisk.Sharding.Benchmarks"
mrp="$repo/src/Cli/bin/Release/net10.0/mrp"

peak() { /usr/bin/time -f "  peak RSS %M KB, wall %e s" "$@"; }
peak "$bench" split "$dir/data.csv" "$target"
peak "$bench" shards "$dir/data.csv" "$dir/reference.csv" "$target" "$out"
peak "$bench" merge "$dir/data.csv" "$dir/reference.csv" "$out"
peak "$mrp" validate --data "$dir/data.csv" --score score --label label --group segment --reference "$dir/reference.csv" \
  --drift-columns income,age,utilization --bootstrap 0 --quiet --out "$out/single.json"
cmp "$out/single.json" "$out/merged.json" && echo "merged JSON equals the single pass byte for byte"
