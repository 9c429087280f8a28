#!/usr/bin/env bash
# Runs every test: builds the solution once, starts an isolated RabbitMQ for the end-to-end tests,
# runs the test projects two at a time (one process each), then the end-to-end suite alone, and prints "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
configuration=${CONFIGURATION:-Release}
results=$root/TestResults
rm -rf "$results"; mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The node lives in this checkout's .rabbit/; if another checkout's node holds the port, take the next one.
rabbit_uri=""
for port in ${MRP_RABBIT_PORT:-5682 5685 5688 5691}; do
  already_up=false
  MRP_RABBIT_PORT=$port scripts/rabbitmq.sh status >/dev/null 2>&1 && already_up=true
  if rabbit_uri=$(MRP_RABBIT_PORT=$port scripts/rabbitmq.sh start); then
    # Leave a node someone else started; stop the one this run started.
    if [ "$already_up" = false ]; then trap "MRP_RABBIT_PORT=$port scripts/rabbitmq.sh stop" EXIT; fi
    break
  fi
  rabbit_uri=""
done
[ -n "$rabbit_uri" ] || { echo "could not start RabbitMQ"; echo "0 passed, 1 failed"; exit 1; }
export ConnectionStrings__rabbitmq=$rabbit_uri

if ! dotnet build ModelRiskPlatform.sln -c "$configuration" -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

mapfile -t projects < <(find tests -name '*.Tests.csproj' | sort)
# One process per test project, two at a time (the suites are independent: each uses its own temp
# databases, queue names and broker ports); a named results file per project so none overwrites another.
run_project() {
  local project=$1 name
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" \
    > "$results/$name.log" 2>&1
  local rc=$?
  grep -E "^(Passed|Failed)!|\[FAIL\]|Error Message|^\s+at ModelRisk" "$results/$name.log" | head -60
  return $rc
}
export -f run_project
export configuration results
# The end-to-end suite runs the whole platform (services, two workers, a broker) as processes and waits on them:
# it runs alone after the others, so a neighbour suite's CPU-heavy tests (the workers' drain tests generate millions of
# rows) cannot starve its workers past its deadlines.
end_to_end=$(printf '%s\n' "${projects[@]}" | grep '/EndToEnd.Tests/' || true)
printf '%s\n' "${projects[@]}" | grep -v '/EndToEnd.Tests/' | xargs -P "${TEST_PARALLELISM:-2}" -I{} bash -c 'run_project "$1"' _ {}
test_rc=$?
if [ -n "$end_to_end" ]; then
  run_project "$end_to_end" || test_rc=$?
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
done
trx_count=$(find "$results" -maxdepth 1 -name '*.trx' | wc -l)
if [ "$trx_count" -lt "${#projects[@]}" ]; then
  echo "only $trx_count of ${#projects[@]} test projects reported results: a test host crashed or a project ran no test"
  failed=$((failed + ${#projects[@]} - trx_count))
fi
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
