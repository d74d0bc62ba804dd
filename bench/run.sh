#!/usr/bin/env bash
# The benchmarks of issues 2 to 7, 17 and 18: bench/run.sh [import|lookup|mqtt|mqtt-store|sparkplug|opcua|opcua-alarms|rules|portal|sql|retention|copy|failover|nodes|all] [extra options of the harness]
#   import  100,000-row GB18030 order export: bare CsvHelper read vs the hub's full import (rows/s, peak RSS)
#   lookup  1,000,000 orders in SQLite, real `hub run` on loopback, wrk: order lookup vs /health/live
#   mqtt    200,000 telemetry messages through a mosquitto of its own, QoS 0 and 1, live and queued (drained from a
#           persistent session): reference subscribers that only count (MQTTnet 5.2, libmosquitto C, MQTT.js) vs the
#           hub's bare MQTT client vs the telemetry adapter in `hub run` (cold start; --hub-variants: ReadyToRun, PGO)
#   opcua   10,000 items changing every 100 ms on a node-opcua server: node-opcua's own client vs the hub's
#           OPC UA client, notifications delivered, CPU seconds and peak RSS
#   portal  the order page's bytes and server time (vs /health/live), then 200 live order pages open: hub memory
#           per page and CPU
#   sql     1,000,000 order rows in a PostgreSQL of its own: bare COPY ... TO STDOUT vs the hub's database poll into
#           SQLite (rows/s, peak RSS)
#   rules   1,000 alarms under 20,000 background telemetry messages/s: message -> ticket stored, -> e-mail sent; then
#           sustained watched readings/s through the hub's rules vs a Node-RED flow (threshold + HTTP POST, bench/node-red)
#           (--store sqlite|postgresql|both for the alarm runs, queue and at ingest, sqlite by default)
#   retention  (not in `all`) 5,000 readings/s over MQTT QoS 1 into `hub run` for 10 minutes with RawRetention of 2
#           minutes and a retention pass every 10 s: database size and RSS sampled every 10 s, flat after 3 minutes?
#           (--retention-seconds, --retention-raw-seconds, --soak-rate; --store sqlite|postgresql|both, sqlite by default)
#   mqtt-store  (not in `all`) the telemetry adapter in `hub run` on PostgreSQL vs on SQLite, 200,000 QoS 1 readings,
#           ratio PostgreSQL / SQLite per round (--store both by default; --adapter-messages, --adapter-warmup, --mqtt-rounds)
#   sparkplug  (not in `all`) issue 22 item 4: the same readings, 20 a message, as Sparkplug B DDATA and as JSON, each
#           drained by the telemetry adapter from a queued session into a fresh SQLite store; ratio Sparkplug B / JSON of
#           readings/s per round (--adapter-messages = readings per run, 200,000; --mqtt-rounds)
#   copy    (not in `all`) `hub store copy --to postgresql` of a SQLite store filled through the store's own write path
#           (100,000 orders with their lines, 1,000,000 readings rolled up) into a PostgreSQL of its own: rows/s per
#           table and in total, against a read of the same tables with nothing written (--copy-orders, --copy-readings)
#   failover  (not in `all`) issue 18's fail-over times, 5 rounds each: kill -9 of the hub node holding a poller's lease
#           to the other node holding it and the poller's next row stored; kill -9 of the primary's postgres in a Patroni
#           cluster (etcd + two nodes on loopback) to QoS 1 ingest resumed on the new primary (--failover-rounds,
#           --failover-rate, --failover-kind hub|postgresql|both)
#   nodes   (not in `all`) issue 18: readings/s through the rules stage with 1 hub node and with 2 on one PostgreSQL, an
#           MQTT 5 shared group, ratio 2 / 1 per round and CPU per process (--nodes-readings, --nodes-warmup,
#           --nodes-machines, --nodes-rounds)
#   opcua-alarms  (not in `all`) issue 22's events benchmark: 1,000 alarm conditions on the MES simulator raised and
#           cleared (in waves, then all in one Write) into `hub run` with Hub:Mes:Alarms on (SQLite): tickets, cleared,
#           p50/p95/p99/max from the event's server Time to the ticket row, against a bare client's read (--alarms N)
#   lookup and retention take --store sqlite|postgresql|both too (a PostgreSQL cluster of their own, durability on)
# Builds Release, runs, prints a Markdown table and writes it to bench/results/<UTC date>.md.
# Bounded: about 8 minutes on 2 cores for `all`; servers bind 127.0.0.1 only.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
case "$which" in
  import|lookup|mqtt|mqtt-store|sparkplug|opcua|opcua-alarms|rules|portal|sql|retention|copy|failover|nodes|all) shift || true ;;
  *) echo "usage: bench/run.sh [import|lookup|mqtt|mqtt-store|sparkplug|opcua|opcua-alarms|rules|portal|sql|retention|copy|failover|nodes|all] [--rows N --repeats N --orders N --duration S --rounds N --messages N --adapter-messages N --adapter-warmup N --soak S --bare-soak S --soak-rate N --alarms N --background-rate N ...]" >&2; exit 64 ;;
esac

HUB_WITH_BENCH_TOOLS=1 "$repo/deploy/install-deps.sh"
if [ "$which" = lookup ] || [ "$which" = all ]; then
  command -v wrk >/dev/null || { echo "wrk is missing; install the Debian package wrk" >&2; exit 1; }
fi
if [ "$which" = failover ]; then
  for tool in /usr/bin/patroni /usr/bin/etcd; do
    [ -x "$tool" ] || { echo "$tool is missing; deploy/install-deps.sh installs it" >&2; exit 1; }
  done
fi
if [ "$which" = mqtt ] || [ "$which" = mqtt-store ] || [ "$which" = sparkplug ] || [ "$which" = rules ] || [ "$which" = retention ] || [ "$which" = failover ] || [ "$which" = nodes ] || [ "$which" = all ]; then
  for tool in mosquitto_pub node; do
    command -v "$tool" >/dev/null || { echo "$tool is missing; deploy/install-deps.sh installs it" >&2; exit 1; }
  done
  [ -d "$repo/tests/peers/mqtt/node_modules/mqtt" ] || (cd "$repo/tests/peers/mqtt" && npm ci --no-audit --no-fund)
fi
if [ "$which" = mqtt ] || [ "$which" = all ]; then
  # The C reference subscriber (bench/mqtt/c-subscriber.c), compiled by the benchmark against Debian's libmosquitto.
  command -v cc >/dev/null && [ -e /usr/include/mosquitto.h ] || { echo "cc or libmosquitto-dev is missing; HUB_WITH_BENCH_TOOLS=1 deploy/install-deps.sh installs them" >&2; exit 1; }
fi
if [ "$which" = rules ] || [ "$which" = all ]; then
  # Node-RED, the rules benchmark's reference (issue 20), in a folder of the benchmark's own, never in the hub.
  [ -d "$repo/bench/node-red/node_modules/node-red" ] || (cd "$repo/bench/node-red" && npm ci --no-audit --no-fund)
fi

if [ "$which" = opcua ] || [ "$which" = opcua-alarms ] || [ "$which" = all ]; then
  command -v node >/dev/null || { echo "node is missing; deploy/install-deps.sh installs it" >&2; exit 1; }
  [ -d "$repo/deploy/simulator/mes-opcua/node_modules/node-opcua" ] || (cd "$repo/deploy/simulator/mes-opcua" && npm ci --no-audit --no-fund)
fi

echo "[bench] dotnet build bench/IntegrationHub.Bench -c Release"
dotnet build "$repo/bench/IntegrationHub.Bench" -c Release --nologo -v quiet -clp:ErrorsOnly

work=$(mktemp -d "${TMPDIR:-/tmp}/hub-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
results="$repo/bench/results/$(date -u +%Y-%m-%d)-$which.md"
# A second run on the same day keeps the first one's file: the new figures get the time in their name.
[ ! -e "$results" ] || results="${results%.md}-$(date -u +%H%M).md"

"$repo/bench/IntegrationHub.Bench/bin/Release/net10.0/IntegrationHub.Bench" "$which" \
  --hub "$repo/Hub.Host/bin/Release/net10.0/hub" \
  --mappings "$repo/deploy/demo/mappings" \
  --work "$work" \
  --results "$results" \
  --scripts "$repo/bench/mqtt" \
  --node-modules "$repo/tests/peers/mqtt/node_modules" \
  --opcua-scripts "$repo/bench/opcua" \
  --opcua-node-modules "$repo/deploy/simulator/mes-opcua/node_modules" \
  --erp-db "$repo/deploy/simulator/erp-db" \
  --node-red "$repo/bench/node-red" \
  "$@"
