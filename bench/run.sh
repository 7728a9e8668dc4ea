#!/usr/bin/env bash
# AuthServer benchmarks, side by side with node-oidc-provider, on this machine over loopback only.
# Builds Release, seeds a fresh SQLite file with the demo clients (one start in Development), serves it
# (Production, Auth:Issuer, Server:AllowHttp, keys encrypted with a throwaway certificate) and starts the
# peer, warms both up, then alternates rounds of wrk runs and prints one table with ratios to the peer.
#   bash bench/run.sh            full run (ROUNDS=3, DURATION=10)
#   bash bench/run.sh --quick    smoke run, under a minute (ROUNDS=1, DURATION=3, no peer)
# env: ROUNDS DURATION WARMUP THREADS=2
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(dirname "$HERE")"
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then ROUNDS="${ROUNDS:-1}"; DURATION="${DURATION:-3}"; WARMUP="${WARMUP:-2}"; else ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-5}"; fi
THREADS="${THREADS:-2}"
export BENCH_LUA_DIR="$HERE/lua"
for tool in wrk jq curl; do command -v $tool >/dev/null || { echo "$tool missing: apt-get install -y wrk jq curl" >&2; exit 2; }; done

API_KEY=demo-api-key; API_SECRET=sk_demo_api_key_secret_change_me_0000000000000
AFFILIATE=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f; PEPPOL=0208:0123456789
RES=$(mktemp /tmp/authserver-bench.XXXXXX); DB=/tmp/authserver-bench.$$.db; PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -f "$DB" "$DB-wal" "$DB-shm"; rm -rf "${CERT_DIR:-}"; }
trap cleanup EXIT

free_port() { local p; for _ in $(seq 1 50); do p=$((20000 + RANDOM % 20000))
  ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { echo "$p"; return; }; done; return 1; }
wait_ready() { for _ in $(seq 1 120); do curl -sf -o /dev/null --max-time 2 "$1" && return 0
  kill -0 "$2" 2>/dev/null || { echo "server died; see $3" >&2; tail -20 "$3" >&2; return 1; }; sleep 0.5; done
  echo "not ready: $1" >&2; return 1; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
enc() { jq -rn --arg v "$1" '$v|@uri'; }

echo "# building Release" >&2
dotnet build "$ROOT/src/AuthServer" -c Release -nologo -v q >/tmp/authserver-bench.build.log 2>&1 || { tail -30 /tmp/authserver-bench.build.log; exit 1; }

# Demo data is refused outside Development (its secrets are public): seed the database with one start in
# Development, stop it, then serve it in Production as deployed: Auth:Issuer set, plain HTTP allowed on
# loopback only, Data Protection keys encrypted with a throwaway certificate.
COMMON_ENV=(ConnectionStrings__AuthServer="Data Source=$DB" Logging__LogLevel__Default=Warning Mail__PickupDirectory=/tmp/authserver-bench-mail)
SEED_PORT=$(free_port)
( cd /tmp && env ASPNETCORE_ENVIRONMENT=Development "${COMMON_ENV[@]}" \
  nohup dotnet "$ROOT/src/AuthServer/bin/Release/net10.0/AuthServer.dll" --urls "http://127.0.0.1:$SEED_PORT" >/tmp/authserver-bench.seed.$SEED_PORT.log 2>&1 ) &
SEED_PID=$!; PIDS+=("$SEED_PID")
wait_ready "http://127.0.0.1:$SEED_PORT/health/ready" "$SEED_PID" "/tmp/authserver-bench.seed.$SEED_PORT.log"
SEED_PID=$(pgrep -f "AuthServer.dll --urls http://127.0.0.1:$SEED_PORT" | head -1)
kill -TERM "$SEED_PID"; while kill -0 "$SEED_PID" 2>/dev/null; do sleep 0.2; done

CERT_DIR=$(mktemp -d /tmp/authserver-bench-cert.XXXXXX)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$CERT_DIR/key.pem" -out "$CERT_DIR/cert.pem" -days 2 -subj "/CN=authserver-bench" 2>/dev/null
PORT=$(free_port)
( cd /tmp && env ASPNETCORE_ENVIRONMENT=Production Server__AllowHttp=true Auth__Issuer="http://127.0.0.1:$PORT/" "${COMMON_ENV[@]}" \
  DataProtection__Certificate__Path="$CERT_DIR/cert.pem" DataProtection__Certificate__KeyPath="$CERT_DIR/key.pem" \
  Lookup__PermitPerMinute=1000000 Lookup__FailedPerIpPerMinute=100000 TokenEndpoint__PermitPerMinute=10000000 TokenEndpoint__FailedPerMinute=1000000 \
  nohup dotnet "$ROOT/src/AuthServer/bin/Release/net10.0/AuthServer.dll" --urls "http://127.0.0.1:$PORT" >/tmp/authserver-bench.$PORT.log 2>&1 ) &
SELF_PID=$!; PIDS+=("$SELF_PID")
BASE="http://127.0.0.1:$PORT"
wait_ready "$BASE/health/ready" "$SELF_PID" "/tmp/authserver-bench.$PORT.log"
SELF_PID=$(pgrep -f "AuthServer.dll --urls http://127.0.0.1:$PORT" | head -1); PIDS+=("$SELF_PID")

PEER=0
if [ $QUICK = 0 ]; then
  PEER=1
  [ -d "$HERE/peers/node-oidc-provider/node_modules/oidc-provider" ] || (cd "$HERE/peers/node-oidc-provider" && npm ci --no-audit --no-fund >/dev/null)
  PPORT=$(free_port)
  (cd "$HERE/peers/node-oidc-provider" && NODE_ENV=production nohup node server.js "$PPORT" >/tmp/node-oidc-provider.$PPORT.log 2>&1) &
  PEER_PID=$!; PIDS+=("$PEER_PID")
  wait_ready "http://127.0.0.1:$PPORT/.well-known/openid-configuration" "$PEER_PID" "/tmp/node-oidc-provider.$PPORT.log"
  PEER_PID=$(pgrep -f "node server.js $PPORT" | head -1); PIDS+=("$PEER_PID")
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
echo "AuthServer benchmark $(date -u +%FT%TZ), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), wrk -t$THREADS, ${DURATION}s x $ROUNDS rounds"
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
rm -f "$RES"
