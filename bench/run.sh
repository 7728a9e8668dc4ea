#!/usr/bin/env bash
# AuthServer benchmarks on this machine over loopback only. Builds Release, seeds a fresh database with the
# demo clients (one Development start), starts AuthServer in Production with Server:AllowHttp (limits
# raised so the server is measured, not the limiter), warms up, then alternates rounds of wrk runs and
# prints one table. The default full run holds every path against two references measured in the same run:
# node-oidc-provider (a peer doing the same client_credentials job) and the stack floor (../shared/stack-floor:
# bare ASP.NET Core + SQLite + IdentityModel doing only the irreducible work of each hot path). Absolute req/s
# differ 3-4x between machines; the ratios taken in one run are the figures.
#   bash bench/run.sh                        SQLite, one instance, node-oidc-provider and the floor beside it
#   bash bench/run.sh --provider postgresql  PostgreSQL, one instance (a throwaway cluster)
#   bash bench/run.sh --proxy                two instances behind nginx, on PostgreSQL, sharing limits in Redis
#   bash bench/run.sh --redis [...]          one instance with its limits in Redis (what the shared limits cost)
#   bash bench/run.sh --quick [...]          smoke run, about a minute (one short round at 16 connections, no references)
#   bash bench/run.sh --soak                 SOAK_TOKENS (1,000,000) client_credentials tokens, then RSS, database size, rows (SQLite)
#   bash bench/run.sh --against REV          A/B: this tree and git revision REV side by side (SQLite, one instance each,
#                                            their paths alternated in every round), to tell a regression from noise
# env: ROUNDS=3 DURATION=8 WARMUP=5 THREADS=2 CONNS="16 64" FLOOR_SRC (default ../shared/stack-floor) FLOOR=0 PEER=0
#      PATHS="lookup account" (only those of client_credentials renew account lookup, with their references: for
#      working on one path; the table then has only their rows)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(dirname "$HERE")"
QUICK=0; SOAK=0; PROVIDER=""; PROXY=0; REDIS=0; AGAINST=""
while [ $# -gt 0 ]; do case "$1" in
  --quick) QUICK=1 ;;
  --soak) SOAK=1 ;;
  --provider) PROVIDER="${2,,}"; shift ;;
  --proxy) PROXY=1; REDIS=1 ;;
  --redis) REDIS=1 ;;
  --against) AGAINST="${2:?--against needs a git revision}"; shift ;;
  *) echo "unknown option $1" >&2; exit 2 ;;
esac; shift; done
[ -n "$PROVIDER" ] || { [ $PROXY = 1 ] && PROVIDER=postgresql || PROVIDER=sqlite; }
case "$PROVIDER" in sqlite|postgresql) ;; *) echo "--provider sqlite or postgresql" >&2; exit 2 ;; esac
for p in ${PATHS:-}; do
  case $p in client_credentials|renew|account|lookup) ;; *) echo "PATHS: $p is none of client_credentials renew account lookup" >&2; exit 2 ;; esac
done
[ $SOAK = 0 ] || { [ "$PROVIDER" = sqlite ] && [ $PROXY = 0 ]; } || { echo "--soak runs on SQLite, one instance" >&2; exit 2; }
[ -z "$AGAINST" ] || { [ "$PROVIDER" = sqlite ] && [ $PROXY = 0 ] && [ $REDIS = 0 ] && [ $SOAK = 0 ]; } || { echo "--against runs on SQLite, one instance" >&2; exit 2; }
# The references only beside the plain full run: one instance on SQLite, as the floor is.
REFERENCES=0; [ $QUICK = 0 ] && [ $SOAK = 0 ] && [ -z "$AGAINST" ] && [ "$PROVIDER" = sqlite ] && [ $PROXY = 0 ] && [ $REDIS = 0 ] && REFERENCES=1
if [ $QUICK = 1 ]; then ROUNDS="${ROUNDS:-1}"; DURATION="${DURATION:-3}"; WARMUP="${WARMUP:-2}"; CONNS="${CONNS:-16}"
else ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-8}"; WARMUP="${WARMUP:-5}"; CONNS="${CONNS:-16 64}"; fi
PEER="${PEER:-$REFERENCES}"; FLOOR="${FLOOR:-$REFERENCES}"
THREADS="${THREADS:-2}"
FLOOR_SRC="${FLOOR_SRC:-$(cd "$ROOT/.." && pwd)/shared/stack-floor}"
export BENCH_LUA_DIR="$HERE/lua"
source "$ROOT/deploy/services.sh"
trap services_stop EXIT
PACKAGES=(wrk jq curl); [ "$PROVIDER" = postgresql ] && PACKAGES+=(postgresql); [ $REDIS = 1 ] && PACKAGES+=(redis-server); [ $PROXY = 1 ] && PACKAGES+=(nginx)
[ $SOAK = 1 ] && PACKAGES+=(sqlite3)
services_install "${PACKAGES[@]}"

source "$HERE/served.sh"
RES="$SERVICES_DIR/results"

rss_mb() { local t=0 p; for p in $1; do t=$((t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $((t / 1024)); }
box_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }   # every core, busy
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
# Auth:Issuer is the origin wrk uses (set where each server starts).
SETTINGS=("${SERVED[@]}" "${DB_SETTINGS[@]}")
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

if [ -n "$AGAINST" ]; then
  # The other revision from a detached worktree, built and seeded as this tree was, on its own database file.
  AGAINST_REV=$(git -C "$ROOT" rev-parse --short "$AGAINST^{commit}")
  AGAINST_SRC="$SERVICES_DIR/against-src"
  git -C "$ROOT" worktree add --detach -q "$AGAINST_SRC" "$AGAINST_REV"
  SERVICES_STOP+=("git -C $ROOT worktree remove --force $AGAINST_SRC")
  echo "# building $AGAINST_REV (Release)" >&2
  dotnet build "$AGAINST_SRC/src/AuthServer" -c Release -nologo -v q >"$SERVICES_DIR/against-build.log" 2>&1 || { tail -30 "$SERVICES_DIR/against-build.log" >&2; exit 1; }
  SELF_DLL="$AUTHSERVER_DLL"; AUTHSERVER_DLL="$AGAINST_SRC/src/AuthServer/bin/Release/net10.0/AuthServer.dll"
  AGAINST_DB=(Database__Provider=Sqlite ConnectionStrings__AuthServer="Data Source=$SERVICES_DIR/against.db")
  authserver_start aseed "$(free_port)" ASPNETCORE_ENVIRONMENT=Development "${AGAINST_DB[@]}" Mail__PickupDirectory="$SERVICES_DIR/mail"
  stop_pid "$aseed_PID"
  APORT=$(free_port); ABASE="http://127.0.0.1:$APORT"
  authserver_start against "$APORT" "${SETTINGS[@]}" "${AGAINST_DB[@]}" Auth__Issuer="$ABASE/"
  AUTHSERVER_DLL="$SELF_DLL"
  MODE+=", against $AGAINST_REV (the same settings, its own database)"
fi

if [ "$PEER" = 1 ]; then
  [ -d "$HERE/peers/node-oidc-provider/node_modules/oidc-provider" ] || (cd "$HERE/peers/node-oidc-provider" && npm ci --no-audit --no-fund >/dev/null)
  PPORT=$(free_port); PEER_URL="http://127.0.0.1:$PPORT/token"
  (cd "$HERE/peers/node-oidc-provider" && NODE_ENV=production exec node server.js "$PPORT" >"$SERVICES_DIR/node-oidc-provider.log" 2>&1) &
  PEER_PID=$!; SERVICES_STOP+=("stop_pid $PEER_PID")
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$PPORT/.well-known/openid-configuration" && break; sleep 0.5; done
fi


# The floor probe is built from a copy (its code lives in ../shared, never in this repository); the build
# is kept in /tmp between runs, its database is fresh each run.
if [ "$FLOOR" = 1 ]; then
  [ -f "$FLOOR_SRC/Program.cs" ] || { echo "no floor probe at $FLOOR_SRC (set FLOOR_SRC, or FLOOR=0)" >&2; exit 2; }
  FLOOR_BUILD=/tmp/authserver-bench-floor; mkdir -p "$FLOOR_BUILD"
  cp "$FLOOR_SRC/Program.cs" "$FLOOR_SRC/StackLimits.csproj" "$FLOOR_BUILD/"
  echo "# building the floor probe in $FLOOR_BUILD" >&2
  (cd "$FLOOR_BUILD" && dotnet build -c Release -nologo -v q >"$SERVICES_DIR/floor-build.log" 2>&1) || { tail -30 "$SERVICES_DIR/floor-build.log" >&2; exit 1; }
  FPORT=$(free_port); FBASE="http://127.0.0.1:$FPORT"
  (cd "$FLOOR_BUILD" && ASPNETCORE_ENVIRONMENT=Production LIMITS_DATA="$SERVICES_DIR/floor-data" LIMITS_PORT=$FPORT \
    exec ./bin/Release/net10.0/StackLimits >"$SERVICES_DIR/floor.log" 2>&1) &
  FLOOR_PID=$!; SERVICES_STOP+=("stop_pid $FLOOR_PID")
  for _ in $(seq 1 240); do curl -sf -o /dev/null "$FBASE/plain" && break
    kill -0 "$FLOOR_PID" 2>/dev/null || { echo "the floor probe did not start:" >&2; tail -20 "$SERVICES_DIR/floor.log" >&2; exit 1; }; sleep 0.5; done
  curl -sf -X POST "$FBASE/admin/checkpoint" >/dev/null   # start with an empty WAL, as its own run.sh does
  # The body of ../shared/stack-floor/post.lua: client_secret_post of its one client.
  FLOOR_BODY="grant_type=client_credentials&client_id=client-1&client_secret=q7Rk3vX9mPz2LwN8sT4yB6cH1dF5gJ0aE-uVxYiOoKl"
  FLOOR_BEARER=$(cat "$SERVICES_DIR/floor-data/bearer.txt")
fi

# One wrk run; appends "round name conc req/s p50 p99 bad sock_err cpu_ms/req rss_mb other_cores requests" to $RES, where
# other_cores is what the rest of the machine (neither the server under test nor wrk) used meanwhile.
run() { # round name pid conc script url [env...]
  local round=$1 name=$2 pid=$3 conc=$4 script=$5 url=$6; shift 6
  wanted "$name" || return 0
  local t=$THREADS; [ "$conc" -lt "$t" ] && t=$conc
  local before box0 t0 out after box1 t1 wu ws
  before=$(cpu_ticks "$pid"); box0=$(box_ticks); t0=$(date +%s.%N)
  out=$(env "$@" WRK_THREADS="$t" /usr/bin/time -f "%U %S" -o "$SERVICES_DIR/wrk-time" wrk -t"$t" -c"$conc" -d"${DURATION}s" --timeout 5s -s "$HERE/lua/$script" "$url")
  after=$(cpu_ticks "$pid"); box1=$(box_ticks); t1=$(date +%s.%N)
  read -r wu ws < "$SERVICES_DIR/wrk-time"
  read -r _ n secs p50 p99 bad serr < <(grep '^RESULT' <<<"$out")
  awk -v r="$round" -v nm="$name" -v c="$conc" -v n="$n" -v s="$secs" -v p50="$p50" -v p99="$p99" -v b="$bad" -v e="$serr" \
      -v d=$((after-before)) -v box=$((box1-box0)) -v hz="$(getconf CLK_TCK)" -v rss="$(rss_mb "$pid")" -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" -v wu="$wu" -v ws="$ws" \
      'BEGIN{printf "%s %s %d %.0f %.2f %.2f %d %d %.3f %s %.2f %d\n", r, nm, c, n/s, p50, p99, b, e, (n>0? d*1000/hz/n : 0), rss, (box - d)/hz/wall - (wu+ws)/wall, n}' | tee -a "$RES" >&2
}

# Whether PATHS (unset: all) holds the path of a run name (self:lookup, floor:lookup, node:client_credentials).
# The references go with the path they are held against; warmups and the soak always run.
wanted() {
  local path=${1#*:}
  [ -z "${PATHS:-}" ] || [[ $1 != *:* ]] && return 0
  case $path in sign-hmac) path=client_credentials ;; sign-insert-batch) path=renew ;; jwt-db) path=account ;; esac
  [[ " $PATHS " == *" $path "* ]]
}

CC_BODY="grant_type=client_credentials&client_id=$API_KEY&client_secret=$(enc "$API_SECRET")&scope=$(enc "send_documents receive_documents")"
PEER_BODY="grant_type=client_credentials&client_id=bench&client_secret=bench-secret&scope=$(enc "send_documents receive_documents")"
LOOKUP_URL="$BASE/api/lookup?affiliateId=$AFFILIATE&peppolId=$PEPPOL"
# Sanity: each endpoint answers the real thing before any load.
curl -sf "$BASE/api/auth/token" --data "$CC_BODY" | jq -e '.access_token and .refresh_token' >/dev/null
TOKEN=$(curl -sf "$BASE/api/auth/token" --data "$CC_BODY" | jq -r .access_token)
curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/account" | jq -e .accountId >/dev/null
curl -sf "$LOOKUP_URL" | jq -e '.registered == true' >/dev/null
seed_refresh() { for _ in $(seq 1 "$1"); do curl -sf "${2:-$BASE}/api/auth/token" --data "$CC_BODY" | jq -r .refresh_token; done | paste -sd, -; }
if [ -n "$AGAINST" ]; then
  ALOOKUP_URL="$ABASE/api/lookup?affiliateId=$AFFILIATE&peppolId=$PEPPOL"
  curl -sf "$ABASE/api/auth/token" --data "$CC_BODY" | jq -e '.access_token and .refresh_token' >/dev/null
  curl -sf "$ALOOKUP_URL" | jq -e '.registered == true' >/dev/null
fi
# The four paths of one server, as one round runs them: name-prefix pid base-url lookup-url conc.
paths() {
  local who=$1 pid=$2 base=$3 lookup=$4 c=$5
  run "$r" "$who:client_credentials" "$pid" "$c" token.lua "$base/api/auth/token" WRK_BODY="$CC_BODY"
  [ "$FLOOR$who" = 1self ] && run "$r" floor:sign-hmac "$FLOOR_PID" "$c" token.lua "$FBASE/sign-hmac" WRK_BODY="$FLOOR_BODY"
  run "$r" "$who:renew" "$pid" "$c" renew.lua "$base/api/auth/renew" RENEW_TOKENS="$(seed_refresh "$c" "$base")"
  [ "$FLOOR$who" = 1self ] && run "$r" floor:sign-insert-batch "$FLOOR_PID" "$c" token.lua "$FBASE/sign-insert-batch" WRK_BODY="$FLOOR_BODY"
  run "$r" "$who:account" "$pid" "$c" get.lua "$base/api/account" BEARER="$(curl -sf "$base/api/auth/token" --data "$CC_BODY" | jq -r .access_token)" MARKER='"accountId"'
  [ "$FLOOR$who" = 1self ] && run "$r" floor:jwt-db "$FLOOR_PID" "$c" get.lua "$FBASE/jwt-db" BEARER="$FLOOR_BEARER" MARKER='"active":true'
  run "$r" "$who:lookup" "$pid" "$c" get.lua "$lookup" MARKER='"registered":true'
  [ "$FLOOR$who" = 1self ] && run "$r" floor:lookup "$FLOOR_PID" "$c" get.lua "$FBASE/lookup?peppolId=0208:0000050000" MARKER='"name"'
  return 0
}
: >"$RES"

if [ $SOAK = 1 ]; then
  # SPEC §8 / issue 15: a million tokens leave memory flat and write no row per token.
  SOAK_TOKENS="${SOAK_TOKENS:-1000000}"; CHUNK="${SOAK_CHUNK:-60}"; total=0; chunk=0
  echo "# soak: $SOAK_TOKENS client_credentials tokens at 64 connections, ${CHUNK}s chunks" >&2
  started=$(date +%s); LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  while [ "$total" -lt "$SOAK_TOKENS" ]; do
    chunk=$((chunk + 1))
    DURATION=$CHUNK run "$chunk" soak:client_credentials "$SELF_PID" 64 token.lua "$BASE/api/auth/token" WRK_BODY="$CC_BODY" 2>/dev/null
    read -r rps bad serr < <(tail -1 "$RES" | awk '{print $4, $7, $8}')
    total=$((total + $(tail -1 "$RES" | awk '{print $12}')))
    echo "# chunk $chunk: $rps req/s, $bad bad, $serr socket errors; $total tokens so far; RSS $(rss_mb "$SELF_PID") MB" >&2
  done
  elapsed=$(( $(date +%s) - started ))
  sleep 2   # the audit writer's last batch
  RSS=$(rss_mb "$SELF_PID")
  # Only the counts of rows a token could leave behind; the WAL is folded in so the size is the file's.
  DB="$SERVICES_DIR/bench.db"
  sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  SIZE=$(du -cb "$DB"* | awk 'END{print $1}')
  ROWS=$(sqlite3 -separator ' ' "$DB" "SELECT (SELECT count(*) FROM OpenIddictTokens), (SELECT count(*) FROM OpenIddictAuthorizations), (SELECT count(*) FROM TokenRedemptions), (SELECT count(*) FROM Revocations), (SELECT count(*) FROM AuditEvents);")
  read -r t_rows a_rows r_rows v_rows e_rows <<<"$ROWS"
  BAD=$(awk '{b += $7 + $8} END{print b+0}' "$RES")
  echo
  echo "AuthServer soak $(date -u +%FT%TZ), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load average before $LOAD_BEFORE"
  echo "| measure | result | target |"
  echo "| --- | --- | --- |"
  echo "| tokens issued (client_credentials, each with a refresh token) | $total in ${elapsed} s, $BAD not 200 | $SOAK_TOKENS |"
  echo "| server RSS after them | $RSS MB | < 300 MB |"
  echo "| SQLite file after them (WAL checkpointed) | $SIZE bytes | no growth per token |"
  echo "| rows: OpenIddictTokens / OpenIddictAuthorizations / TokenRedemptions / Revocations / AuditEvents | $t_rows / $a_rows / $r_rows / $v_rows / $e_rows | no row per token |"
  ok=1
  [ "$RSS" -lt 300 ] || { echo "FAIL: RSS $RSS MB >= 300 MB"; ok=0; }
  [ "$BAD" -eq 0 ] || { echo "FAIL: $BAD answers were not 200 with a token"; ok=0; }
  [ $((t_rows + a_rows + r_rows + v_rows)) -eq 0 ] || { echo "FAIL: token rows were written"; ok=0; }
  [ "$e_rows" -lt $((total / 100)) ] || { echo "FAIL: $e_rows audit rows for $total tokens (not folded)"; ok=0; }
  # Folding must not cost events: the writer logs every event it had to drop to keep up.
  DROPPED=$(grep -c "audit events: more than" "$SERVICES_DIR/self.log" || true)
  [ "$DROPPED" -eq 0 ] || { echo "FAIL: the audit writer dropped events $DROPPED times (see the server log)"; ok=0; }
  [ $ok = 1 ] && echo "soak: every target met"
  exit $((1 - ok))
fi

echo "# warmup ${WARMUP}s each (discarded)" >&2
# The references first and the servers under test last, so that the first measured run (client_credentials of
# round 1) follows its own server's warmup: with AuthServer warmed first, that run was the slowest of all in the
# quiet runs of 2026-12-02 (3,420 and 3,626 req/s against 4,596-6,168 in later rounds, its RSS still growing).
{
  [ "$PEER" = 1 ] && DURATION=$WARMUP run 0 warmup "$PEER_PID" 16 token.lua "$PEER_URL" WRK_BODY="$PEER_BODY"
  if [ "$FLOOR" = 1 ]; then
    DURATION=$WARMUP run 0 warmup "$FLOOR_PID" 16 token.lua "$FBASE/sign-hmac" WRK_BODY="$FLOOR_BODY"
    DURATION=$WARMUP run 0 warmup "$FLOOR_PID" 16 token.lua "$FBASE/sign-insert-batch" WRK_BODY="$FLOOR_BODY"
    DURATION=$WARMUP run 0 warmup "$FLOOR_PID" 16 get.lua "$FBASE/jwt-db" BEARER="$FLOOR_BEARER" MARKER='"active":true'
    DURATION=$WARMUP run 0 warmup "$FLOOR_PID" 16 get.lua "$FBASE/lookup?peppolId=0208:0000050000" MARKER='"name"'
  fi
  if [ -n "$AGAINST" ]; then
    DURATION=$WARMUP run 0 warmup "$against_PID" 16 token.lua "$ABASE/api/auth/token" WRK_BODY="$CC_BODY"
    DURATION=$WARMUP run 0 warmup "$against_PID" 16 renew.lua "$ABASE/api/auth/renew" RENEW_TOKENS="$(seed_refresh 16 "$ABASE")"
    DURATION=$WARMUP run 0 warmup "$against_PID" 16 get.lua "$ALOOKUP_URL" MARKER='"registered":true'
  fi
  DURATION=$WARMUP run 0 warmup "$SELF_PID" 16 renew.lua "$BASE/api/auth/renew" RENEW_TOKENS="$(seed_refresh 16)"
  DURATION=$WARMUP run 0 warmup "$SELF_PID" 16 get.lua "$BASE/api/account" BEARER="$TOKEN" MARKER='"accountId"'
  DURATION=$WARMUP run 0 warmup "$SELF_PID" 16 get.lua "$LOOKUP_URL" MARKER='"registered":true'
  DURATION=$WARMUP run 0 warmup "$SELF_PID" 16 token.lua "$BASE/api/auth/token" WRK_BODY="$CC_BODY"
} >/dev/null 2>&1
: >"$RES"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Each path is measured back to back with its references, round after round, so drift hits all of them alike.
echo "# round name conc req/s p50_ms p99_ms non2xx sock_err srv_cpu_ms/req rss_mb other_cores requests" >&2
for r in $(seq 1 "$ROUNDS"); do
  for c in $CONNS; do
    [ "$PEER" = 1 ] && run "$r" node:client_credentials "$PEER_PID" "$c" token.lua "$PEER_URL" WRK_BODY="$PEER_BODY"
    # With --against, which of the two goes first alternates by round, so drift does not favour one.
    if [ -n "$AGAINST" ] && [ $((r % 2)) = 0 ]; then paths against "$against_PID" "$ABASE" "$ALOOKUP_URL" "$c"; fi
    paths self "$SELF_PID" "$BASE" "$LOOKUP_URL" "$c"
    if [ -n "$AGAINST" ] && [ $((r % 2)) = 1 ]; then paths against "$against_PID" "$ABASE" "$ALOOKUP_URL" "$c"; fi
  done
done

echo
echo "AuthServer benchmark $(date -u +%FT%TZ): $MODE; $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load average before $LOAD_BEFORE; wrk -t$THREADS, ${DURATION}s x $ROUNDS rounds"
echo
echo "| path | conc | req/s (median) | p50 ms | p99 ms | non-2xx | CPU ms/req | reference | ref req/s | ref p99 ms | ref CPU ms/req | ratio | target | p99 target | met |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
awk -v peer="$PEER" -v floor="$FLOOR" '
  function med(s,  a, n, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  { k = $2 SUBSEP $3; if (!(k in rps)) order[++m] = k; rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6
    bad[k] += $7 + $8; cpu[k] = cpu[k] " " $9; other[k] = other[k] " " $11; if ($11 > maxother) maxother = $11 }
  function row(path, c, ref, target, p99max,   s, f, ok, ratio, rp99, note) {
    s = "self:" path SUBSEP c; f = ref SUBSEP c
    if (!(s in rps)) return
    ok = bad[s] == 0; note = ""
    if (f in rps) {
      ratio = med(rps[s]) / med(rps[f]); rp99 = med(p99[f])
      if (ratio < target) ok = 0
      if (p99max == "ref" && med(p99[s]) > rp99) ok = 0
      if (p99max != "ref" && p99max != "" && med(p99[s]) > p99max) ok = 0
      printf "| %s | %d | %.0f | %.2f | %.2f | %d | %.3f | %s | %.0f | %.2f | %.3f | %.2f | >= %.2f | %s | %s |\n", path, c, med(rps[s]), med(p50[s]), med(p99[s]), bad[s], med(cpu[s]),
        ref, med(rps[f]), rp99, med(cpu[f]), ratio, target, (p99max == "ref" ? "<= ref" : (p99max == "" ? "" : "<= " p99max)), (ok ? "yes" : "NO")
    } else {
      printf "| %s | %d | %.0f | %.2f | %.2f | %d | %.3f | - | | | | | | | %s |\n", path, c, med(rps[s]), med(p50[s]), med(p99[s]), bad[s], med(cpu[s]), (ok ? "" : "NO")
    }
  }
  END {
    for (i = 1; i <= m; i++) { split(order[i], kk, SUBSEP); conc[kk[2]] = 1 }
    n = 0; for (c in conc) cs[++n] = c + 0
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (cs[j] < cs[i]) { t = cs[i]; cs[i] = cs[j]; cs[j] = t }
    for (i = 1; i <= n; i++) { c = cs[i]
      if (peer) row("client_credentials", c, "node:client_credentials", 2.0, "ref")
      if (floor) row("client_credentials", c, "floor:sign-hmac", 0.30, "")
      if (!peer && !floor) row("client_credentials", c, "-", 0, "")
      row("renew", c, floor ? "floor:sign-insert-batch" : "-", 0.40, c == 16 ? 60 : "")
      row("account", c, floor ? "floor:jwt-db" : "-", 0.70, "")
      row("lookup", c, floor ? "floor:lookup" : "-", 0.70, "")
    }
    printf "\nCPU used by other processes during any measured run: at most %.2f cores (neither the server under test nor wrk).\n", maxother
  }' "$RES"
if [ -n "$AGAINST" ]; then
  echo
  echo "This tree against $AGAINST_REV, alternated in every round: ratio = this tree's req/s / $AGAINST_REV's (median of the"
  echo "rounds); the per-round range is the noise a difference has to stand out from."
  echo
  echo "| path | conc | req/s | $AGAINST_REV req/s | ratio | per-round ratios (min - max) | CPU ms/req | $AGAINST_REV CPU ms/req | p99 ms | $AGAINST_REV p99 ms |"
  echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"
  awk '
    function med(s,  a, n, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
      return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    { split($2, wp, ":"); k = wp[2] SUBSEP $3; if (wp[1] == "self" && !(k in seen)) { seen[k] = 1; order[++m] = k }
      rps[wp[1], k] = rps[wp[1], k] " " $4; cpu[wp[1], k] = cpu[wp[1], k] " " $9; p99[wp[1], k] = p99[wp[1], k] " " $6; per[wp[1], k, $1] = $4 }
    END {
      for (i = 1; i <= m; i++) { k = order[i]; split(k, kk, SUBSEP); lo = ""; hi = ""
        for (r = 1; r <= 99; r++) if ((("self", k, r) in per) && (("against", k, r) in per) && per["against", k, r] > 0) {
          x = per["self", k, r] / per["against", k, r]; if (lo == "" || x < lo) lo = x; if (hi == "" || x > hi) hi = x }
        printf "| %s | %d | %.0f | %.0f | %.2f | %.2f - %.2f | %.3f | %.3f | %.2f | %.2f |\n", kk[1], kk[2], med(rps["self", k]), med(rps["against", k]),
          med(rps["self", k]) / med(rps["against", k]), lo, hi, med(cpu["self", k]), med(cpu["against", k]), med(p99["self", k]), med(p99["against", k]) }
    }' "$RES"
fi
[ "$PEER$FLOOR" = 00 ] || echo "Ratio = AuthServer req/s / the reference's, medians over the rounds. References: node = node-oidc-provider $(jq -r '.dependencies["oidc-provider"]' "$HERE/peers/node-oidc-provider/package.json"); floor = $FLOOR_SRC (sign-hmac, sign-insert-batch, jwt-db, lookup)."
echo "non-2xx counts every answer that was not the real thing; renew's p99 target (60 ms) applies at 16 connections. wrk shares the cores with the servers."
[ $PROXY = 0 ] || echo "CPU ms/req and RSS are the AuthServer processes' together (both instances behind the proxy)."
[ "$PROVIDER" = sqlite ] || echo "CPU ms/req is AuthServer's own: PostgreSQL's (and Redis's, nginx's) is counted with the other processes'."
