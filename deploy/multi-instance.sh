#!/usr/bin/env bash
# Two AuthServer instances behind nginx on one PostgreSQL database and one Redis, all on loopback, and a
# scenario through the proxy that prints a table (README "Running several instances"). Installs what is
# missing (Debian packages), starts everything itself, and stops everything it started when it ends.
#   bash deploy/multi-instance.sh        exit 0 when every row passed
# The proxy terminates TLS (a throwaway self-signed certificate): the instances run Production with
# Server:AllowHttp behind it, Auth:Issuer is the proxy's origin, the proxy is the only forwarder
# (Server:KnownProxies), and the Data Protection keys are encrypted with a throwaway certificate.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(dirname "$HERE")"
source "$HERE/services.sh"
trap services_stop EXIT
services_install postgresql redis-server nginx wrk jq curl openssl
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is needed to build the server" >&2; exit 2; }

API_KEY=demo-api-key; API_SECRET=sk_demo_api_key_secret_change_me_0000000000000
AFFILIATE=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f; PEPPOL=0208:0123456789
QUOTA=600            # the demo affiliate ID's lookups a minute (Lookup:PermitPerMinute)
WORKERS=6            # renew loops during the SIGKILL step (bounded load)
FAILOVER_WINDOW_MS=2000

authserver_build
pg_start
redis_start
DB=$(pg_create_db authserver)
PROXY_PORT=$(free_port); PORT_A=$(free_port); PORT_B=$(free_port)
ORIGIN="https://127.0.0.1:$PROXY_PORT"

# Demo data, as a new user gets it: one start in Development seeds the database (Demo:Enabled is
# refused outside Development), then the Production instances serve it with demo off.
echo "# seeding the demo data (one Development start)" >&2
authserver_start seed "$(free_port)" ASPNETCORE_ENVIRONMENT=Development Database__Provider=PostgreSql \
  ConnectionStrings__AuthServer="$DB" Mail__PickupDirectory="$SERVICES_DIR/mail"
stop_pid "$seed_PID"

echo "# starting instances A (:$PORT_A) and B (:$PORT_B) behind nginx ($ORIGIN)" >&2
# One key-encryption certificate for both: they share the Data Protection keys in the database.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=authserver-keys \
  -keyout "$SERVICES_DIR/keys.key" -out "$SERVICES_DIR/keys.crt" 2>/dev/null
INSTANCE=(ASPNETCORE_ENVIRONMENT=Production Database__Provider=PostgreSql ConnectionStrings__AuthServer="$DB"
  Redis__Configuration="$REDIS_ADDR" Auth__Issuer="$ORIGIN/" Server__AllowHttp=true Server__KnownProxies__0=127.0.0.1
  DataProtection__Certificate__Path="$SERVICES_DIR/keys.crt" DataProtection__Certificate__KeyPath="$SERVICES_DIR/keys.key"
  Demo__Enabled=false Lookup__PermitPerMinute=$QUOTA TokenEndpoint__PermitPerMinute=100000
  Mail__PickupDirectory="$SERVICES_DIR/mail" Logging__LogLevel__Default=Warning)
authserver_start A "$PORT_A" "${INSTANCE[@]}"
authserver_start B "$PORT_B" "${INSTANCE[@]}"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$SERVICES_DIR/proxy.key" -out "$SERVICES_DIR/proxy.crt" 2>/dev/null
# X-Pin-Instance (a or b) lets the scenario choose the instance; a real proxy has only the pool. The
# proxy replaces X-Forwarded-For with the peer's address: nothing a client sends is forwarded as trusted.
nginx_start "
  log_format upstream '\$msec \$status \$upstream_addr \$request_uri';
  upstream authservers { server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=10s; server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=10s; keepalive 32; }
  upstream instance_a { server 127.0.0.1:$PORT_A; keepalive 8; }
  upstream instance_b { server 127.0.0.1:$PORT_B; keepalive 8; }
  map \$http_x_pin_instance \$pool { default authservers; a instance_a; b instance_b; }
  server {
    listen 127.0.0.1:$PROXY_PORT ssl;
    ssl_certificate $SERVICES_DIR/proxy.crt; ssl_certificate_key $SERVICES_DIR/proxy.key;
    access_log $SERVICES_DIR/nginx/logs/access.log upstream;
    location / {
      proxy_pass http://\$pool;
      proxy_http_version 1.1; proxy_set_header Connection '';
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host:\$server_port;
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout http_502;
    }
  }"

# ms VAR: milliseconds since the epoch into VAR, without a fork (a fork alone takes tens of ms under load).
ms() { local t=${EPOCHREALTIME/[.,]/}; printf -v "$1" '%s' "${t:0:${#t}-3}"; }
# call PIN METHOD PATH [curl args...]: prints the body, then the status on its own last line.
call() { local pin=$1 method=$2 path=$3; shift 3
  curl -s --cacert "$SERVICES_DIR/proxy.crt" -X "$method" ${pin:+-H "X-Pin-Instance: $pin"} -w '\n%{http_code}' "$@" "$ORIGIN$path" || true; }
status() { tail -n1 <<<"$1"; }
body() { sed '$d' <<<"$1"; }
token() { call "$1" POST /api/auth/token -d grant_type=client_credentials -d client_id=$API_KEY --data-urlencode client_secret=$API_SECRET \
  --data-urlencode "scope=send_documents receive_documents"; }
renew() { call "$1" POST /api/auth/renew -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$2\"}"; }
api() { call "$1" GET /api/account -H "Authorization: Bearer $2"; }
claim() { cut -d. -f2 <<<"$1" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d 2>/dev/null | jq -r ".$2"; }

ROWS=(); FAILED=0
row() { ROWS+=("$(printf '%-58s %-5s %s' "$1" "$2" "$3")"); [ "$2" = pass ] || FAILED=1; }

# 1. Method 1 on A, the API on B.
T=$(token a); AT=$(body "$T" | jq -r .access_token); RT=$(body "$T" | jq -r .refresh_token)
R=$(api b "$AT")
ISS=$(claim "$AT" iss)
[ "$(status "$T")" = 200 ] && [ "$(status "$R")" = 200 ] && [ "$ISS" = "$ORIGIN/" ] \
  && row "method 1 token on A, GET /api/account on B" pass "200 on both; iss $ISS" \
  || row "method 1 token on A, GET /api/account on B" FAIL "token $(status "$T"), api $(status "$R"), iss $ISS"

# 2. Revocation on B, refused on A: from B's answer to the start of the first call A refused (a call
#    through the proxy itself takes tens of milliseconds here: curl, TLS, two cores under load).
T=$(token a); AT2=$(body "$T" | jq -r .access_token); RT2=$(body "$T" | jq -r .refresh_token)
[ "$(status "$(api a "$AT2")")" = 200 ] || row "revocation on B refused on A" FAIL "token not accepted on A before"
call b POST /api/auth/revoke -u "$API_KEY:$API_SECRET" -d "token=$RT2" >/dev/null
ms START; CODE=200; ACCEPTED=-1; SENT=$START
while [ "$CODE" = 200 ] && [ $((SENT - START)) -lt 3000 ]; do ms SENT; CODE=$(status "$(api a "$AT2")"); ACCEPTED=$((ACCEPTED + 1)); done
ELAPSED=$((SENT - START))
[ "$CODE" = 401 ] && [ "$ELAPSED" -lt 100 ] \
  && row "revocation on B refused on A (time to refusal)" pass "refused by the first call started after B answered ($ELAPSED ms); $ACCEPTED accepted" \
  || row "revocation on B refused on A (time to refusal)" FAIL "status $CODE, first refused call started $ELAPSED ms after B answered; $ACCEPTED accepted"

# 3. Refresh rotation on B of A's token, then reuse of the old one on A past the 5 s leeway.
N=$(renew b "$RT"); NRT=$(body "$N" | jq -r .refresh_token); NAT=$(body "$N" | jq -r .access_token)
[ "$(status "$N")" = 200 ] && [ "$NRT" != "$RT" ] \
  && row "refresh rotation: A's refresh token renewed on B" pass "200, new pair" \
  || row "refresh rotation: A's refresh token renewed on B" FAIL "status $(status "$N")"
sleep 5.5
U=$(renew a "$RT"); sleep 0.1
V=$(renew b "$NRT"); W=$(api a "$NAT")
[ "$(body "$U" | jq -r .error)" = invalid_grant ] && [ "$(body "$V" | jq -r .error)" = invalid_grant ] && [ "$(status "$W")" = 401 ] \
  && row "reuse detection: old token again on A after 6 s" pass "invalid_grant; family revoked on B (refresh) and A (API)" \
  || row "reuse detection: old token again on A after 6 s" FAIL "reuse $(status "$U"), new refresh on B $(status "$V"), new access on A $(status "$W")"

# 4. The affiliate ID's 600 a minute, through both instances together.
LOG="$SERVICES_DIR/nginx/logs/access.log"; SKIP=$(wc -l <"$LOG")
OUT=$(BENCH_LUA_DIR="$ROOT/bench/lua" MARKER='"registered":true' wrk -t2 -c8 -d4s -s "$ROOT/bench/lua/get.lua" "$ORIGIN/api/lookup?affiliateId=$AFFILIATE&peppolId=$PEPPOL" 2>&1 || true)
read -r _ NREQ SECS _ _ BAD _ < <(grep '^RESULT' <<<"$OUT") || { echo "wrk failed: $OUT" >&2; NREQ=0 SECS=1 BAD=0; }
GRANTED=$((NREQ - BAD))
tail -n +"$((SKIP + 1))" "$LOG" | grep ' /api/lookup' >"$SERVICES_DIR/lookups.log" || true
ON_A=$(awk -v p=":$PORT_A" '$2 == 200 && index($3, p) {n++} END {print n+0}' "$SERVICES_DIR/lookups.log")
ON_B=$(awk -v p=":$PORT_B" '$2 == 200 && index($3, p) {n++} END {print n+0}' "$SERVICES_DIR/lookups.log")
# A full bucket (600) plus what refills while wrk runs (10 a second).
EXPECTED=$(awk -v q=$QUOTA -v s="$SECS" 'BEGIN {printf "%d", q + q / 60 * s}')
DEV=$(awk -v g=$GRANTED -v e="$EXPECTED" 'BEGIN {d = (g - e) / e * 100; printf "%.1f", d < 0 ? -d : d}')
awk -v d="$DEV" 'BEGIN {exit !(d <= 5)}' && [ "$ON_A" -gt 0 ] && [ "$ON_B" -gt 0 ] \
  && row "affiliate ID at $QUOTA/min, lookups through both instances" pass "$GRANTED granted of $NREQ in ${SECS}s (A $ON_A, B $ON_B); allowance $EXPECTED, off by $DEV %" \
  || row "affiliate ID at $QUOTA/min, lookups through both instances" FAIL "$GRANTED granted of $NREQ in ${SECS}s (A $ON_A, B $ON_B); allowance $EXPECTED, off by $DEV %"

# 5. SIGKILL of A under a bounded load of renew loops through the pool.
worker() { local id=$1 rt=$2 until=$3 out code now=0
  while [ "$now" -lt "$until" ]; do
    out=$(renew "" "$rt"); code=$(status "$out"); ms now
    echo "$now $code" >>"$SERVICES_DIR/worker.$id"
    # On an error the same token is sent again: if A committed its rotation before dying, the retry is
    # within the reuse leeway and answered like the first use.
    [ "$code" = 200 ] && rt=$(body "$out" | jq -r .refresh_token) && echo "$rt" >"$SERVICES_DIR/worker.$id.rt"
  done; }
BEFORE_KILL=$(body "$(token a)" | jq -r .access_token); WPIDS=()
ms UNTIL; UNTIL=$((UNTIL + 9000))
for i in $(seq 1 $WORKERS); do
  W0=$(body "$(token "")" | jq -r .refresh_token); echo "$W0" >"$SERVICES_DIR/worker.$i.rt"
  worker "$i" "$W0" "$UNTIL" & WPIDS+=($!); done
sleep 3
ms KILLED_AT; { kill -9 "$A_PID"; wait "$A_PID"; } 2>/dev/null || true
wait "${WPIDS[@]}"
cat "$SERVICES_DIR"/worker.[0-9] >"$SERVICES_DIR/load.log"
TOTAL=$(wc -l <"$SERVICES_DIR/load.log")
ERRORS=$(awk '$2 != 200' "$SERVICES_DIR/load.log" | wc -l)
LATE=$(awk -v t=$((KILLED_AT + FAILOVER_WINDOW_MS)) '$2 != 200 && $1 > t' "$SERVICES_DIR/load.log" | wc -l)
LAST=$(awk -v k=$KILLED_AT '$2 != 200 && $1 >= k {d = $1 - k} END {print d + 0}' "$SERVICES_DIR/load.log")
AFTER=$(awk -v k=$KILLED_AT '$1 > k' "$SERVICES_DIR/load.log" | wc -l)
LOST=0
for i in $(seq 1 $WORKERS); do [ "$(status "$(renew "" "$(cat "$SERVICES_DIR/worker.$i.rt")")")" = 200 ] || LOST=$((LOST + 1)); done
[ "$(status "$(api "" "$BEFORE_KILL")")" = 200 ] || LOST=$((LOST + 1))
[ "$LATE" -eq 0 ] && [ "$LOST" -eq 0 ] && [ "$AFTER" -gt 0 ] \
  && row "SIGKILL of A under load ($WORKERS renew loops via the pool)" pass "$TOTAL requests, $AFTER after the kill; $ERRORS errors, last $LAST ms after it; 0 grants lost" \
  || row "SIGKILL of A under load ($WORKERS renew loops via the pool)" FAIL "$TOTAL requests, $AFTER after; $ERRORS errors, $LATE after ${FAILOVER_WINDOW_MS} ms; $LOST grants lost"

# 6. Redis stopped mid-run: still serving, Degraded; back: Healthy and shared again.
redis_stop
T=$(token b); L=$(call b GET "/api/lookup?affiliateId=$AFFILIATE&peppolId=$PEPPOL")
H=$(body "$(call b GET /health/ready)")
redis_resume
for _ in $(seq 1 50); do [ "$(body "$(call b GET /health/ready)")" = Healthy ] && break; sleep 0.2; done
H2=$(body "$(call b GET /health/ready)")
[ "$(status "$T")" = 200 ] && [ "$(status "$L")" = 200 ] && [ "$H" = Degraded ] && [ "$H2" = Healthy ] \
  && row "Redis stopped mid-run, then started again" pass "token 200, lookup 200, ready $H; after restart $H2" \
  || row "Redis stopped mid-run, then started again" FAIL "token $(status "$T"), lookup $(status "$L"), ready $H, after restart $H2"

echo
echo "AuthServer multi-instance run $(date -u +%FT%TZ): nginx $ORIGIN -> A :$PORT_A, B :$PORT_B; PostgreSQL $(psql --version | awk '{print $3}'), Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %-5s %s\n' step result detail
printf '%s\n' "${ROWS[@]}"
exit $FAILED
