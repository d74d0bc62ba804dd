#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine: installs what the tests need, builds, tests.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/deploy/install-deps.sh"
cd "$repo"
dotnet build IntegrationHub.sln --configuration Release --no-restore --verbosity quiet
dotnet test IntegrationHub.sln --configuration Release --no-build --verbosity quiet \
  --logger "console;verbosity=normal" --results-directory "$repo/artifacts/test-results" "$@"
