#!/usr/bin/env bash
# AuthServer benchmarks on this machine over loopback only. Builds Release, seeds a fresh database with the
# demo clients (one Development start), starts AuthServer in Production with Server:AllowHttp (limits
# raised so the server is measured, not the limiter), warms up, then alternates rounds of wrk runs and
# prints one table (with ratios to node-oidc-provider in the default full run).
#   bash bench/run.sh                        SQLite, one instance, node-oidc-provider beside it (ROUNDS=3, DURATION=10)
#   bash bench/run.sh --provider postgresql  PostgreSQL, one instance (a throwaway cluster)
#   bash bench/run.sh --proxy                two instances behind nginx, on PostgreSQL, sharing limits in Redis
#   bash bench/run.sh --redis [...]          one instance with its limits in Redis (what the shared limits cost)
#   bash bench/run.sh --quick [...]          smoke run, under a minute (ROUNDS=1, DURATION=3, no peer)
# env: ROUNDS DURATION WARMUP THREADS=2
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(dirname "$HERE")"
QUICK=0; PROVIDER=""; PROXY=0; REDIS=0
while [ $# -gt 0 ]; do case "$1" in
  --quick) QUICK=1 ;;
  --provider) PROVIDER="${2,,}"; shift ;;
  --proxy) PROXY=1; REDIS=1 ;;
  --redis) REDIS=1 ;;
  *) echo "unknown option $1" >&2; exit 2 ;;
esac; shift; done
[ -n "$PROVIDER" ] || { [ $PROXY = 1 ] && PROVIDER=postgresql || PROVIDER=sqlite; }
case "$PROVIDER" in sqlite|postgresql) ;; *) echo "--provider sqlite or postgresql" >&2; exit 2 ;; esac
if [ $QUICK = 1 ]; then ROUNDS="${ROUNDS:-1}"; DURATION="${DURATION:-3}"; WARMUP="${WARMUP:-2}"; else ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-5}"; fi
THREADS="${THREADS:-2}"
export BENCH_LUA_DIR="$HERE/lua"
source "$ROOT/deploy/services.sh"
trap services_stop EXIT
PACKAGES=(wrk jq curl); [ "$PROVIDER" = postgresql ] && PACKAGES+=(postgresql); [ $REDIS = 1 ] && PACKAGES+=(redis-server); [ $PROXY = 1 ] && PACKAGES+=(nginx)
services_install "${PACKAGES[@]}"

API_KEY=demo-api-key; API_SECRET=sk_demo_api_key_secret_change_me_0000000000000
AFFILIATE=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f; PEPPOL=0208:0123456789
RES="$SERVICES_DIR/results"

rss_mb() { local t=0 p; for p in $1; do t=$((t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $((t / 1024)); }
cpu_ticks() { local t=0 p; for p in $1; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
enc() { jq -rn --arg v "$1" '$v|@uri'; }

authserver_build
if [ "$PROVIDER" = postgresql ]; then
  pg_start
  DB_SETTINGS=(Database__Provider=PostgreSql ConnectionStrings__AuthServer="$(pg_create_db authserver_bench)")
else
  DB_SETTINGS=(Database__Provider=Sqlite ConnectionStrings__AuthServer="Data Source=$SERVICES_DIR/bench.db")
fi
# The demo clients, as a new user gets them: one Development start seeds the database.
authserver_start seed "$(free_port)" ASPNETCORE_ENVIRONMENT=Development "${DB_SETTINGS[@]}" Mail__PickupDirectory="$SERVICES_DIR/mail"
stop_pid "$seed_PID"
# Served as deployed: Data Protection keys encrypted at rest (a throwaway certificate), Auth:Issuer the origin wrk uses.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=authserver-bench-keys \
  -keyout "$SERVICES_DIR/keys.key" -out "$SERVICES_DIR/keys.crt" 2>/dev/null

SETTINGS=(ASPNETCORE_ENVIRONMENT=Production Server__AllowHttp=true Demo__Enabled=false "${DB_SETTINGS[@]}"
  DataProtection__Certificate__Path="$SERVICES_DIR/keys.crt" DataProtection__Certificate__KeyPath="$SERVICES_DIR/keys.key"
  Lookup__PermitPerMinute=1000000 Lookup__FailedPerIpPerMinute=100000 TokenEndpoint__PermitPerMinute=10000000 TokenEndpoint__FailedPerMinute=1000000
  Logging__LogLevel__Default=Warning Mail__PickupDirectory="$SERVICES_DIR/mail")
[ $REDIS = 1 ] && redis_start && SETTINGS+=(Redis__Configuration="$REDIS_ADDR")
if [ $PROXY = 1 ]; then
  PROXY_PORT=$(free_port); BASE="http://127.0.0.1:$PROXY_PORT"
  SETTINGS+=(Auth__Issuer="$BASE/" Server__KnownProxies__0=127.0.0.1)
  PORT_A=$(free_port); PORT_B=$(free_port)
  authserver_start A "$PORT_A" "${SETTINGS[@]}"
  authserver_start B "$PORT_B" "${SETTINGS[@]}"
  SELF_PID="$A_PID $B_PID"
  nginx_start "
  upstream authservers { server 127.0.0.1:$PORT_A; server 127.0.0.1:$PORT_B; keepalive 64; }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://authservers; proxy_http_version 1.1; proxy_set_header Connection '';
      proxy_set_header Host \$host:\$server_port; proxy_set_header X-Forwarded-For \$remote_addr; proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }"
  MODE="two instances behind nginx ($(nginx -v 2>&1 | cut -d/ -f2)), PostgreSQL, limits in Redis"
else
  PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
  authserver_start self "$PORT" "${SETTINGS[@]}" Auth__Issuer="$BASE/"
  SELF_PID="$self_PID"
  MODE="one instance, $([ "$PROVIDER" = postgresql ] && echo PostgreSQL || echo SQLite)"
  [ $REDIS = 0 ] || MODE+=", limits in Redis"
fi

PEER=0
if [ $QUICK = 0 ] && [ "$PROVIDER" = sqlite ] && [ $PROXY = 0 ]; then
  PEER=1
  [ -d "$HERE/peers/node-oidc-provider/node_modules/oidc-provider" ] || (cd "$HERE/peers/node-oidc-provider" && npm ci --no-audit --no-fund >/dev/null)
  PPORT=$(free_port)
  (cd "$HERE/peers/node-oidc-provider" && NODE_ENV=production exec node server.js "$PPORT" >"$SERVICES_DIR/node-oidc-provider.log" 2>&1) &
  PEER_PID=$!; SERVICES_STOP+=("stop_pid $PEER_PID")
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$PPORT/.well-known/openid-configuration" && break; sleep 0.5; done
fi

# One wrk run; appends "round name path conc req/s p50 p99 bad sock_err cpu_ms/req rss_mb" to $RES.
run() { # round name pid conc script url [env...]
  local round=$1 name=$2 pid=$3 conc=$4 script=$5 url=$6; shift 6
  local t=$THREADS; [ "$conc" -lt "$t" ] && t=$conc
  local before; before=$(cpu_ticks "$pid")
  local out; out=$(env "$@" WRK_THREADS="$t" wrk -t"$t" -c"$conc" -d"${DURATION}s" --timeout 5s -s "$HERE/lua/$script" "$url")
  local after; after=$(cpu_ticks "$pid")
  read -r _ n secs p50 p99 bad serr < <(grep '^RESULT' <<<"$out")
  awk -v r="$round" -v nm="$name" -v c="$conc" -v n="$n" -v s="$secs" -v p50="$p50" -v p99="$p99" -v b="$bad" -v e="$serr" \
      -v d=$((after-before)) -v hz="$(getconf CLK_TCK)" -v rss="$(rss_mb "$pid")" \
      'BEGIN{printf "%s %s %d %.0f %.2f %.2f %d %d %.3f %s\n", r, nm, c, n/s, p50, p99, b, e, (n>0? d*1000/hz/n : 0), rss}' | tee -a "$RES" >&2
}

CC_BODY="grant_type=client_credentials&client_id=$API_KEY&client_secret=$(enc "$API_SECRET")&scope=$(enc "send_documents receive_documents")"
PEER_BODY="grant_type=client_credentials&client_id=bench&client_secret=bench-secret&scope=$(enc "send_documents receive_documents")"
# Sanity: each endpoint answers the real thing before any load.
curl -sf "$BASE/api/auth/token" --data "$CC_BODY" | jq -e '.access_token and .refresh_token' >/dev/null
TOKEN=$(curl -sf "$BASE/api/auth/token" --data "$CC_BODY" | jq -r .access_token)
curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/account" | jq -e .accountId >/dev/null
curl -sf "$BASE/api/lookup?affiliateId=$AFFILIATE&peppolId=$PEPPOL" | jq -e '.registered == true' >/dev/null
seed_refresh() { for _ in $(seq 1 "$1"); do curl -sf "$BASE/api/auth/token" --data "$CC_BODY" | jq -r .refresh_token; done | paste -sd, -; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "# warmup ${WARMUP}s each (discarded)" >&2
DURATION=$WARMUP run 0 warmup "$SELF_PID" 16 token.lua "$BASE/api/auth/token" WRK_BODY="$CC_BODY" >/dev/null 2>&1
DURATION=$WARMUP run 0 warmup "$SELF_PID" 16 get.lua "$BASE/api/account" BEARER="$TOKEN" MARKER='"accountId"' >/dev/null 2>&1
[ $PEER = 1 ] && DURATION=$WARMUP run 0 warmup "$PEER_PID" 16 token.lua "http://127.0.0.1:$PPORT/token" WRK_BODY="$PEER_BODY" >/dev/null 2>&1
: >"$RES"

echo "# round name conc req/s p50_ms p99_ms non2xx sock_err srv_cpu_ms/req rss_mb" >&2
for r in $(seq 1 "$ROUNDS"); do
  for c in 16 64; do
    [ $PEER = 1 ] && run "$r" "node-oidc-provider:client_credentials" "$PEER_PID" $c token.lua "http://127.0.0.1:$PPORT/token" WRK_BODY="$PEER_BODY"
    run "$r" "authserver:client_credentials" "$SELF_PID" $c token.lua "$BASE/api/auth/token" WRK_BODY="$CC_BODY"
  done
  run "$r" "authserver:renew" "$SELF_PID" 16 renew.lua "$BASE/api/auth/renew" RENEW_TOKENS="$(seed_refresh 16)"
  run "$r" "authserver:account" "$SELF_PID" 16 get.lua "$BASE/api/account" BEARER="$(curl -sf "$BASE/api/auth/token" --data "$CC_BODY" | jq -r .access_token)" MARKER='"accountId"'
  run "$r" "authserver:lookup" "$SELF_PID" 16 get.lua "$BASE/api/lookup?affiliateId=$AFFILIATE&peppolId=$PEPPOL" MARKER='"registered":true'
done

echo
echo "AuthServer benchmark $(date -u +%FT%TZ): $MODE; $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load before $LOAD_BEFORE; wrk -t$THREADS, ${DURATION}s x $ROUNDS rounds"
printf '%-38s %4s %-20s %8s %8s %8s %7s %9s %7s %9s\n' path conc "req/s per round" med_rps p50_ms p99_ms non2xx cpu_ms/req rss_mb vs_peer
awk -v peer="node-oidc-provider:client_credentials" '
  function med(s,  a, n, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  { k = $2 SUBSEP $3; if (!(k in rps)) order[++m] = k; rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6
    bad[k] += $7 + $8; cpu[k] = cpu[k] " " $9; rss[k] = $10 }
  END { for (i = 1; i <= m; i++) { k = order[i]; mr[k] = med(rps[k]); mp99[k] = med(p99[k]) }
    for (i = 1; i <= m; i++) { k = order[i]; split(k, f, SUBSEP); ratio = ""
      if (f[1] ~ /client_credentials/ && f[1] != peer && ((peer SUBSEP f[2]) in mr)) ratio = sprintf("x%.2f (p99 x%.2f)", mr[k] / mr[peer SUBSEP f[2]], mp99[k] / mp99[peer SUBSEP f[2]])
      printf "%-38s %4d %-20s %8.0f %8.2f %8.2f %7d %9.3f %7s %9s\n", f[1], f[2], substr(rps[k], 2), mr[k], med(p50[k]), mp99[k], bad[k], med(cpu[k]), rss[k], ratio } }' "$RES"
echo "# wrk shares the same cores with the servers; compare ratios taken in the same run. non2xx counts every response that was not the real thing."
echo "# cpu_ms/req and rss_mb are the AuthServer processes' together (both instances behind the proxy)."
