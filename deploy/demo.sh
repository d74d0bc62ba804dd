#!/usr/bin/env bash
# README's first command: installs what is missing, builds, starts the hub on the embedded default (SQLite)
# with the demo plant's ERP/MES/WMS exports, and prints a demo customer's portal token with a ready curl line.
# The hub then keeps running until Ctrl+C.   --check: verify the portal answer and stop (used by CI).
# --store postgresql: the same demo on a PostgreSQL cluster of its own in the data folder (issue 17 item 4).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
data=${HUB_DEMO_DATA:-$repo/.hub/demo}
port=${HUB_PORT:-5080}
mqtt_port=${HUB_MQTT_PORT:-18830}
smtp_port=${HUB_SMTP_PORT:-18825}
opcua_port=${HUB_OPCUA_PORT:-48400}
pg_port=${HUB_PG_PORT:-15432}
url="http://127.0.0.1:$port"
bin="$repo/.hub/bin"

usage() {
  cat <<USAGE
Usage: deploy/demo.sh [--store sqlite|postgresql] [--check]
  --store sqlite       the embedded default: the hub's store is hub.db in the data folder
  --store postgresql   a PostgreSQL cluster of the demo's own in <data folder>/postgresql, on 127.0.0.1:HUB_PG_PORT
                       (default 15432), stopped when the demo stops
  --check              verify the portal, telemetry, MES, ticket and e-mails, then stop everything (CI)
Ports and folders from the environment: HUB_PORT (5080), HUB_MQTT_PORT (18830), HUB_SMTP_PORT (18825),
HUB_OPCUA_PORT (48400), HUB_PG_PORT (15432), HUB_DEMO_DATA (.hub/demo).
USAGE
}
usage_error() { echo "demo.sh: $*" >&2; usage >&2; exit 2; }

# Arguments first, before anything is installed or built, so that a typo fails at once.
check=0
store=sqlite
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --store)
      [ $# -ge 2 ] || usage_error "--store needs a value: sqlite or postgresql."
      store=$2
      shift
      ;;
    --store=*) store=${1#--store=} ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown option '$1'." ;;
  esac
  shift
done
case "$store" in
  sqlite | postgresql) ;;
  *) usage_error "unknown store '$store': use --store sqlite (the default) or --store postgresql." ;;
esac
# Secrets reach the processes through the environment or stdin, never their command lines, which every local user
# can read with ps or /proc/<pid>/cmdline (issue 16 item 23; docs/security.md: Hub__Mes__Password).
mes_password=${HUB_DEMO_MES_PASSWORD:-operator-pw}
desk_password=${HUB_DEMO_DESK_PASSWORD:-demo-desk-password}

say() { if [ -t 1 ]; then printf '\033[1m[demo]\033[0m %s\n' "$*"; else printf '[demo] %s\n' "$*"; fi; }

"$repo/deploy/install-deps.sh"

say "building the hub and the demo plant generator"
dotnet build "$repo/Hub.Host/IntegrationHub.Hub.Host.csproj" -c Release --no-restore -v quiet -o "$bin/hub" >/dev/null
dotnet build "$repo/deploy/DemoPlant/IntegrationHub.DemoPlant.csproj" -c Release --no-restore -v quiet -o "$bin/demo-plant" >/dev/null
dotnet build "$repo/deploy/DeviceSimulator/IntegrationHub.DeviceSimulator.csproj" -c Release --no-restore -v quiet -o "$bin/device-simulator" >/dev/null

if curl -fsS "$url/health/live" >/dev/null 2>&1; then
  echo "Something already answers on $url. Stop it, or run with HUB_PORT=<another port>." >&2
  exit 1
fi

say "data folder: $data"
mkdir -p "$data/mappings" "$data/inbox" "$data/rules" "$data/notifications" "$data/maintenance"

# What the demo starts is stopped when it ends, Ctrl+C included; the PostgreSQL cluster last, once the hub is gone.
pids=()
pg_started=0
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$pg_started" = 1 ]; then "$repo/deploy/demo-postgresql.sh" stop "$data" || true; fi
}
trap stop_all EXIT

# The hub's store. Its connection string holds the cluster's password, so it reaches the hub in the environment
# (docs/store.md: Hub__Store__ConnectionString), never on a command line.
hub_store=sqlite
hub_store_connection=
pg_password=
if [ "$store" = postgresql ]; then
  # Makes or reuses the cluster in $data/postgresql; on failure it says why, stops what it started, deletes nothing.
  "$repo/deploy/demo-postgresql.sh" start "$data" "$pg_port"
  pg_started=1
  pg_password=$(cat "$data/postgresql.password")
  hub_store=postgresql
  hub_store_connection="Host=127.0.0.1;Port=$pg_port;Database=hub;Username=hub;Password=$pg_password"
fi
hub_cmd() { Hub__Store__Provider="$hub_store" Hub__Store__ConnectionString="$hub_store_connection" "$bin/hub/hub" "$@"; }

cp "$repo"/deploy/demo/mappings/*.yaml "$data/mappings/"
cp "$repo"/deploy/demo/rules/*.yaml "$data/rules/"
cp "$repo"/deploy/demo/notifications/*.hbs "$data/notifications/"
cp "$repo"/deploy/demo/maintenance/*.yaml "$data/maintenance/"
hub_cmd mappings check --Hub:DataFolder="$data" >/dev/null
hub_cmd rules check --Hub:DataFolder="$data" >/dev/null

say "writing the demo plant's exports (36 customers and a dirty CRM export of 8 more, 300 orders in every stage) into the inbox"
"$bin/demo-plant/demo-plant" --out "$data/inbox" --orders 300 >/dev/null

# A broker of the demo's own on loopback. max_queued_messages is raised from mosquitto's default of 1000, which
# silently drops QoS 1 messages queued for a slow or absent subscriber (see deploy/mosquitto/README.md).
mq="$data/mosquitto"
mkdir -p "$mq"
cat >"$mq/mosquitto.conf" <<CONF
per_listener_settings false
listener $mqtt_port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $mq/
autosave_interval 1
max_queued_messages 1000000
max_inflight_messages 100
log_dest file $mq/mosquitto.log
CONF
[ "$(id -u)" = 0 ] && chown -R mosquitto: "$mq" 2>/dev/null || true
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
say "starting mosquitto on 127.0.0.1:$mqtt_port"
"$mosquitto_bin" -c "$mq/mosquitto.conf" &
mq_pid=$!
pids+=("$mq_pid")

# A local mail catcher (the SMTP server of the tests, plain on loopback): the hub's e-mails land in $data/mail.
say "starting a mail catcher on 127.0.0.1:$smtp_port (mails land in $data/mail)"
/usr/bin/python3 "$repo/tests/IntegrationHub.Tests.Common/Smtp/smtp_server.py" --port "$smtp_port" --mail-dir "$data/mail" \
  >"$data/mail-catcher.log" 2>&1 &
pids+=("$!")

# The MES simulator (node-opcua) on loopback: two lines whose current work orders produce for the demo's orders that
# are in production. The hub takes its most secure endpoint (Basic256Sha256 SignAndEncrypt, user name and password);
# the simulator accepts the hub's certificate by itself, the hub's side is trusted below as an operator would.
in_production=$(awk -F, 'NR > 1 && $8 == "Running" { print $2 }' "$data/inbox/work_orders.csv" | sort -u | head -n 6 | paste -sd, -)
say "starting the MES simulator (OPC UA) on opc.tcp://127.0.0.1:$opcua_port, producing for $in_production"
MES_OPCUA_PASSWORD="$mes_password" node "$repo/deploy/simulator/mes-opcua/server.js" --port "$opcua_port" --data-dir "$data/mes-simulator" \
  --auto-accept-client-certs --sales-orders "$in_production" >"$data/mes-simulator.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 120); do
  grep -q '^READY ' "$data/mes-simulator.log" && break
  sleep 0.5
done
grep -q '^READY ' "$data/mes-simulator.log" || { echo "The MES simulator did not start; its log follows." >&2; cat "$data/mes-simulator.log" >&2; exit 1; }
mes_ns=urn:integrationhub:simulator:mes
mes_args=(--Hub:Mes:Enabled=true --Hub:Mes:EndpointUrl="opc.tcp://127.0.0.1:$opcua_port" --Hub:Mes:UserName=operator)
for line in 1 2; do
  i=$((line - 1))
  mes_args+=(--Hub:Mes:WorkOrders:$i:Line=Line$line)
  for field in WorkOrderNumber SalesOrderNumber QuantityPlanned QuantityDone QuantityScrap QcResult State; do
    mes_args+=(--Hub:Mes:WorkOrders:$i:Fields:$field="path=$mes_ns|MES/Line$line/CurrentWorkOrder/$field")
  done
  for m in 1 2; do
    j=$(( (line - 1) * 2 + m - 1 ))
    mes_args+=(--Hub:Mes:Machines:$j:AssetId=PLANT-L$line-M$m
      --Hub:Mes:Machines:$j:Metrics:speed:Node="nsu=$mes_ns;s=Line$line.Machine$m.Speed" --Hub:Mes:Machines:$j:Metrics:speed:Unit=m/min
      --Hub:Mes:Machines:$j:Metrics:alarm:Node="nsu=$mes_ns;s=Line$line.Machine$m.AlarmActive"
      --Hub:Mes:Machines:$j:Metrics:state:Node="nsu=$mes_ns;s=Line$line.Machine$m.State"
      --Hub:Mes:Machines:$j:Metrics:state:Source=mes-opcua-machine-states)
  done
done

say "starting the hub on $url (log: $data/hub.log)"
Hub__Mes__Password="$mes_password" Hub__Store__Provider="$hub_store" Hub__Store__ConnectionString="$hub_store_connection" \
  "$bin/hub/hub" run --Hub:DataFolder="$data" --urls "$url" \
  --Hub:Mqtt:Enabled=true --Hub:Mqtt:Port="$mqtt_port" --Hub:Mqtt:ClientId=integrationhub-demo \
  --Hub:Mqtt:Subscriptions:0:Source=plant-telemetry --Hub:Mqtt:Subscriptions:0:Topic='plant/{customer}/{asset}/telemetry' \
  --Hub:Mqtt:Subscriptions:0:Shape=Array --Hub:Mqtt:Subscriptions:0:ReadingsPath=readings \
  --Hub:Notifications:Channels:mail:Kind=smtp --Hub:Notifications:Channels:mail:Host=127.0.0.1 \
  --Hub:Notifications:Channels:mail:Port="$smtp_port" --Hub:Notifications:Channels:mail:Tls=None \
  --Hub:Notifications:Channels:mail:From=service@integrationhub.demo --Hub:Notifications:Channels:mail:FromName="IntegrationHub 客服中心" \
  --Hub:Notifications:Customer:Channel=mail --Hub:Notifications:Desk:Channel=mail \
  --Hub:Notifications:Desk:Recipients:0=desk@integrationhub.demo --Hub:Notifications:QualityLead:Channel=mail \
  --Hub:Notifications:QualityLead:Recipients:0=quality@integrationhub.demo \
  --Hub:Rules:Roster:0:Id=zhang.wei --Hub:Rules:Roster:0:Name="张伟" --Hub:Rules:Roster:0:Region=华东 \
  --Hub:Rules:Roster:0:Skills:0=spindle --Hub:Rules:Roster:1:Id=li.na --Hub:Rules:Roster:1:Name="李娜" \
  --Hub:Rules:Roster:1:Region=华南 --Hub:Rules:Roster:1:Skills:0=spindle \
  --Hub:Rules:Roster:2:Id=tom.baker --Hub:Rules:Roster:2:Name="Tom Baker" --Hub:Rules:Roster:2:Region=EU \
  "${mes_args[@]}" \
  >"$data/hub.log" 2>&1 &
hub_pid=$!
pids+=("$hub_pid")

for _ in $(seq 1 120); do
  curl -fsS "$url/health/live" >/dev/null 2>&1 && break
  if ! kill -0 "$hub_pid" 2>/dev/null; then
    echo "The hub stopped during start-up; its log follows." >&2
    cat "$data/hub.log" >&2
    exit 1
  fi
  sleep 0.5
done

say "importing the exports"
for _ in $(seq 1 240); do
  [ -z "$(find "$data/inbox" -maxdepth 1 -name '*.csv' -print -quit)" ] && break
  sleep 0.5
done
if [ -n "$(find "$data/inbox" -maxdepth 1 -name '*.csv' -print -quit)" ]; then
  echo "The exports were not imported within 2 minutes; see $data/hub.log" >&2
  exit 1
fi
grep -E "Imported .* rejected" "$data/hub.log" | sed 's/^/    /' || true

# First contact: the hub refuses the simulator's certificate until it is trusted, and names the file to move.
for _ in $(seq 1 120); do
  [ -n "$(find "$data/pki/opcua/rejected/certs" -name '*.der' -print -quit 2>/dev/null)" ] && break
  curl -fsS "$url/health" | grep -q '"name":"mes","state":"Running"' && break
  sleep 0.5
done
for cert in "$data"/pki/opcua/rejected/certs/*.der; do
  [ -e "$cert" ] || continue
  say "trusting the MES simulator's certificate: mv $cert $data/pki/opcua/trusted/certs/"
  mv "$cert" "$data/pki/opcua/trusted/certs/"
done

say "starting the device simulator: telemetry of the customers' installed machines over MQTT"
"$bin/device-simulator/device-simulator" --port "$mqtt_port" >"$data/device-simulator.log" 2>&1 &
pids+=("$!")

token=$(hub_cmd portal issue-token --customer C001 --Hub:DataFolder="$data" 2>/dev/null)
HUB_DESK_PASSWORD="$desk_password" hub_cmd desk add-user --username desk --role supervisor --Hub:DataFolder="$data" >/dev/null
# The token goes to curl as a config line on stdin, not as an argument.
portal_get() { printf 'header = "Authorization: Bearer %s"\n' "$token" | curl -fsS -K - "$1"; }
# A problem customer C001 reports about its machine EQ-C001-01, through the portal's own endpoint (the form the
# machine's QR sticker opens), beside the tickets the maintenance plan opens: the desk's queue shows both kinds. The
# request key is fixed, so a second run of the demo on the same data folder is answered with the same ticket.
reported=$(printf 'header = "Authorization: Bearer %s"\n' "$token" | curl -fsS -K - -H 'X-Hub-Portal: 1' \
  -F category=noise -F 'text=主轴换刀时异响，并有报警。Spindle noise at every tool change.' -F requestKey=demo-reported-problem-1 \
  "$url/api/portal/equipment/EQ-C001-01/requests" | grep -o '"ticketNo":"[^"]*"' | cut -d'"' -f4) || true
[ -n "$reported" ] || { echo "The portal did not take the demo's problem report for EQ-C001-01; see $data/hub.log" >&2; exit 1; }
list=$(portal_get "$url/api/portal/orders?pageSize=5")
order=$(printf '%s' "$list" | grep -o '"orderNo":"[^"]*"' | head -n 1 | cut -d'"' -f4)
answer=$(portal_get "$url/api/portal/orders/$order")

cat <<MSG

  IntegrationHub is running at $url   (health: $url/health)
  Demo customer C001 (苏州精工机械有限公司), portal token:
    $token

  Their portal, in a browser (the invitation link signs them in):
    $url/portal/#token=$token
  Their orders:        curl -H "Authorization: Bearer $token" $url/api/portal/orders
  One order's progress:
    curl -H "Authorization: Bearer $token" $url/api/portal/orders/$order

  Answer: $(printf '%s' "$answer" | cut -c1-300)...

  Service desk: user 'desk', password '$desk_password' (supervisor). Tickets open when a machine's rules fire
  (rules in $data/rules; e-mails to customers and the desk land in $data/mail). The desk board: $url/desk/
  Or through the API:
    curl -c desk.cookies -H 'X-Hub-Desk: 1' -H 'Content-Type: application/json' \\
         -d '{"userName":"desk","password":"$desk_password"}' $url/api/desk/sign-in
    curl -b desk.cookies $url/api/desk/tickets
  Customer C001 reported a problem with EQ-C001-01 on the portal: ticket $reported (customer:noise). The packaging machines'
  500-hour maintenance plan ($data/maintenance) opens maintenance:pack-500h tickets as their counters pass 500 hours.

  Machine telemetry arrives over MQTT (mosquitto on 127.0.0.1:$mqtt_port, topic plant/<customer>/<asset>/telemetry);
  see the adapters' counts on $url/health.
  Production status arrives over OPC UA from the MES simulator (opc.tcp://127.0.0.1:$opcua_port, Basic256Sha256
  SignAndEncrypt): its work orders for $in_production advance those orders' percentProduced.
  Drop more ERP exports into $data/inbox; Ctrl+C stops the hub, the broker and the simulator.
MSG
if [ "$store" = postgresql ]; then
  cat <<MSG

  The hub's store is PostgreSQL: database hub, user hub, on 127.0.0.1:$pg_port (cluster in $data/postgresql,
  its log $data/postgresql.log, the password in $data/postgresql.password, readable only by you). To look inside:
    PGPASSWORD=\$(cat $data/postgresql.password) psql -h 127.0.0.1 -p $pg_port -U hub hub
  Ctrl+C stops the cluster too; the next run starts it again, with its data.
MSG
fi

if [ "$check" = 1 ]; then
  # No process of the demo shows a secret in its arguments (what `ps` shows every local user).
  secrets=()
  for v in "$mes_password" "$desk_password" "$token" "$pg_password"; do [ -n "$v" ] && secrets+=(-e "$v"); done
  checked=("${pids[@]}")
  [ "$store" = postgresql ] && checked+=("$(head -n 1 "$data/postgresql/postmaster.pid")")
  for p in "${checked[@]}"; do
    args=$(ps -o args= -p "$p" 2>/dev/null || true)
    if printf '%s' "$args" | grep -qiE 'password|secret|bearer' || printf '%s' "$args" | grep -qF "${secrets[@]}"; then
      echo "Process $p has a secret on its command line: $(printf '%s' "$args" | cut -c1-200)" >&2
      exit 1
    fi
  done
  printf '%s' "$answer" | grep -q "\"orderNo\":\"$order\"" || { echo "The portal did not answer with the order." >&2; exit 1; }
  printf '%s' "$answer" | grep -q '"stage":' || { echo "The portal answer has no stage." >&2; exit 1; }
  for _ in $(seq 1 60); do
    curl -fsS "$url/health" | grep -q '"readingsStored":[1-9]' && break
    sleep 0.5
  done
  curl -fsS "$url/health" | grep -q '"readingsStored":[1-9]' || { echo "No telemetry reached the store; see $data/hub.log and $data/device-simulator.log" >&2; exit 1; }
  # An overheating machine of C001, with timestamps a minute ahead so the simulator's own readings of the same
  # machine (older) do not interleave: two readings 11 s apart above the limit raise the alarm (raiseAfter 10 s).
  t1=$(date -u -d '+60 seconds' +%Y-%m-%dT%H:%M:%S.000Z); t2=$(date -u -d '+71 seconds' +%Y-%m-%dT%H:%M:%S.000Z)
  for t in "$t1" "$t2"; do
    mosquitto_pub -h 127.0.0.1 -p "$mqtt_port" -q 1 -t plant/C001/EQ-C001-01/telemetry \
      -m "{\"ts\":\"$t\",\"readings\":[{\"metric\":\"temperature\",\"value\":97.5,\"unit\":\"°C\"}]}"
  done
  printf '{"userName":"desk","password":"%s"}' "$desk_password" | curl -fsS -c "$data/desk.cookies" -H 'X-Hub-Desk: 1' \
    -H 'Content-Type: application/json' --data-binary @- "$url/api/desk/sign-in" >/dev/null
  for _ in $(seq 1 60); do
    curl -fsS -b "$data/desk.cookies" "$url/api/desk/tickets?status=Open" | grep -q '"assetId":"EQ-C001-01"' && break
    sleep 0.5
  done
  tickets=$(curl -fsS -b "$data/desk.cookies" "$url/api/desk/tickets?status=Open")
  printf '%s' "$tickets" | grep -q '"assetId":"EQ-C001-01","customerCode":"C001","alarmCode":"OVERHEAT"' \
    || { echo "No OVERHEAT ticket for EQ-C001-01 on the desk: $tickets; see $data/hub.log" >&2; exit 1; }
  printf '%s' "$tickets" | grep -q "\"ticketNo\":\"$reported\",\"assetId\":\"EQ-C001-01\",\"customerCode\":\"C001\",\"alarmCode\":\"customer:noise\"" \
    || { echo "The reported problem $reported (customer:noise on EQ-C001-01) is not on the desk: $tickets; see $data/hub.log" >&2; exit 1; }
  for _ in $(seq 1 60); do
    grep -ls 'EQ-C001-01' "$data"/mail/*.json >/dev/null 2>&1 && break
    sleep 0.5
  done
  grep -ls 'EQ-C001-01' "$data"/mail/*.json >/dev/null 2>&1 || { echo "No e-mail about EQ-C001-01 reached the mail catcher; see $data/hub.log" >&2; exit 1; }
  for _ in $(seq 1 120); do
    curl -fsS "$url/health" | grep -q '"name":"mes","state":"Running".*"recordsStored":[1-9]' && break
    sleep 0.5
  done
  curl -fsS "$url/health" | grep -q '"name":"mes","state":"Running".*"recordsStored":[1-9]' \
    || { echo "The MES adapter stored nothing: $(curl -fsS "$url/health"); see $data/hub.log and $data/mes-simulator.log" >&2; exit 1; }
  if [ "$store" = postgresql ]; then
    # The same checks passed against PostgreSQL; now the proof that the data is there and not in a SQLite file:
    # the hub names its store on /health, and the demo's database holds the orders, readings and the ticket.
    curl -fsS "$url/health" | grep -qF "\"PostgreSQL 127.0.0.1:$pg_port/hub as hub\"" \
      || { echo "/health does not name the PostgreSQL store 127.0.0.1:$pg_port/hub: $(curl -fsS "$url/health")" >&2; exit 1; }
    pg_query() { "$repo/deploy/demo-postgresql.sh" query "$data" "$pg_port" "$1"; }
    pg_orders=$(pg_query "SELECT count(*) FROM entities WHERE kind = 'SalesOrder'")
    pg_order=$(pg_query "SELECT count(*) FROM entities WHERE kind = 'SalesOrder' AND entity_key = '$order'")
    pg_readings=$(pg_query "SELECT count(*) FROM telemetry_readings")
    pg_tickets=$(pg_query "SELECT count(*) FROM tickets WHERE asset_id = 'EQ-C001-01' AND alarm_code = 'OVERHEAT' AND status = 'Open'")
    pg_reported=$(pg_query "SELECT count(*) FROM tickets WHERE ticket_no = '$reported' AND alarm_code = 'customer:noise'")
    if [ "$pg_orders" -lt 300 ] || [ "$pg_order" != 1 ] || [ "$pg_readings" -lt 1 ] || [ "$pg_tickets" -lt 1 ] || [ "$pg_reported" != 1 ]; then
      echo "The demo's PostgreSQL database does not hold the demo's data: $pg_orders orders (300 expected), order $order $pg_order time(s), $pg_readings readings, $pg_tickets open OVERHEAT ticket(s) for EQ-C001-01, reported problem $reported $pg_reported time(s); see $data/hub.log" >&2
      exit 1
    fi
    say "PostgreSQL holds it: $pg_orders orders (the portal's $order among them), $pg_readings readings and $pg_tickets open OVERHEAT ticket(s) in database hub on 127.0.0.1:$pg_port"
  fi
  say "check passed: the portal answered for $order, machine telemetry is stored, the MES adapter stores production status over OPC UA, an overheating machine opened a ticket, C001's reported problem is ticket $reported and the e-mails went out"
  exit 0
fi

wait "$hub_pid"
