#!/usr/bin/env bash
# `mrp validate` end to end against pandas + scikit-learn + scipy computing the same numbers.
# Needs: dotnet, hyperfine, GNU time (/usr/bin/time), python3 with numpy, pandas, scikit-learn, scipy
# (Debian: apt-get install hyperfine time python3-sklearn python3-scipy python3-pandas).
# Environment: ROWS (default 5000000), RUNS (default 5), BENCH_DIR (default /tmp/mrp-validate-bench).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
rows="${ROWS:-5000000}"
runs="${RUNS:-5}"
dir="${BENCH_DIR:-/tmp/mrp-validate-bench}"
python=/usr/bin/python3
mkdir -p "$dir"

if [[ ! -f "$dir/data.csv" || "$(cat "$dir/rows" 2>/dev/null)" != "$rows" ]]; then
  echo "generating $rows rows into $dir"
  "$python" "$repo/tests/Benchmarks/peers/make_validation_data.py" "$dir" "$rows"
  echo "$rows" > "$dir/rows"
fi

dotnet build -c Release "$repo/src/Cli" --nologo -v quiet >/dev/null
mrp="$repo/src/Cli/bin/Release/net10.0/mrp"

# Bootstrap intervals are off on both sides: the peer has no equivalent, and the point metrics are what is compared.
mrp_cmd="$mrp validate --data $dir/data.csv --score score --label label --group segment --reference $dir/reference.csv --drift-columns income,age,utilization --bootstrap 0 --quiet --out $dir/mrp.json"
peer_cmd="$python $repo/tests/Benchmarks/peers/validate_pandas.py $dir/data.csv $dir/reference.csv"

$mrp_cmd
$peer_cmd > "$dir/peer.json"
"$python" "$repo/tests/Benchmarks/peers/compare.py" "$dir/mrp.json" "$dir/peer.json"

hyperfine --runs "$runs" --warmup 1 --export-json "$dir/hyperfine.json" \
  -n mrp "$mrp_cmd" \
  -n pandas "$peer_cmd > /dev/null"

peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
mrp_kb="$(peak $mrp_cmd)"
peer_kb="$(peak $peer_cmd)"

# In-memory size of the columns used: score (8 B), label (1 B), group code (4 B) and three drift columns (8 B each),
# plus the reference's three drift columns.
column_kb=$(( (rows * (8 + 1 + 4 + 3 * 8) + rows * 3 * 8) / 1024 ))

"$python" - "$dir/hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
for name, r in results.items():
    print(f"{name:7} median {r['median']:7.2f} s  min {r['min']:7.2f} s  user {r['user']:6.2f} s  system {r['system']:5.2f} s  ({len(r['times'])} runs)")
mrp, peer = results["mrp"], results["pandas"]
print(f"median ratio {peer['median'] / mrp['median']:.1f}x, CPU (user+system) ratio {(peer['user'] + peer['system']) / (mrp['user'] + mrp['system']):.1f}x")
PY
echo
echo "peak RSS: mrp $((mrp_kb / 1024)) MiB, pandas $((peer_kb / 1024)) MiB; columns used $((column_kb / 1024)) MiB"
awk -v m="$mrp_kb" -v c="$column_kb" 'BEGIN { printf "mrp peak / column size: %.2f\n", m / c }'
