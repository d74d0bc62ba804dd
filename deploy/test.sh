#!/usr/bin/env bash
# README's second command: installs what the tests need on a fresh Debian machine (mosquitto, Node peers,
# NuGet packages), builds, and runs every test project. Extra arguments go to `dotnet test`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
results="$repo/artifacts/test-results"

HUB_WITH_BROWSER=1 "$repo/deploy/install-deps.sh"
cd "$repo"
echo "[test] building"
dotnet build IntegrationHub.sln --configuration Release --no-restore --verbosity quiet -nologo
rm -rf "$results"
echo "[test] running the tests"
status=0
dotnet test IntegrationHub.sln --configuration Release --no-build --nologo --verbosity quiet \
  --logger "console;verbosity=minimal" --logger trx --results-directory "$results" "$@" || status=$?

# One closing line over all test projects, from their result files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(printf '%s' "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(printf '%s' "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  t=$(printf '%s' "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
  e=$(printf '%s' "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "[test] no test ran" >&2
  exit 1
fi
exit "$status"
