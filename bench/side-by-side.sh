#!/usr/bin/env bash
# Side by side: this tree and git revision REV served at the same time, each loaded by its own wrk at the same
# time, and compared by the server CPU each spends on one request. `run.sh --against` alternates the two, and
# the machine's speed drifts between its rounds by more than a small change is worth (per-round ratios of
# 0.8-1.4); loaded together, both see the same drift. One build against itself (`same`) gave 1.026 in two runs
# (rounds 0.98-1.06 and 1.01-1.035, with the wrk that starts first alternated): the first-started server pays
# about 2.5 % more, so read a result against a `same` run of the same day (bench/README, seventh session).
# For code changes only: both processes must run with the same runtime settings. A setting that changes how a
# process behaves when another one competes for the cores (the GC mode: server GC spins its GC threads) is
# judged here by the competition, not by itself; compare those with `run.sh --against` instead.
#   bash bench/side-by-side.sh REV            client_credentials at 16 connections each
#   bash bench/side-by-side.sh same           this tree against itself: the noise floor of the method
# env: ROUNDS=8 DURATION=15 WARMUP=60 CONNS=16 BENCH_PATH=client_credentials|lookup
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(dirname "$HERE")"
REV="${1:?usage: side-by-side.sh REV (a git revision, or same)}"
ROUNDS="${ROUNDS:-8}"; DURATION="${DURATION:-15}"; WARMUP="${WARMUP:-60}"; CONNS="${CONNS:-16}"
BENCH_PATH="${BENCH_PATH:-client_credentials}"
case "$BENCH_PATH" in client_credentials|lookup) ;; *) echo "BENCH_PATH: client_credentials or lookup" >&2; exit 2 ;; esac

export SERVICES_DIR; SERVICES_DIR=$(mktemp -d /tmp/authserver-side-by-side.XXXX)
export BENCH_LUA_DIR="$HERE/lua"
source "$ROOT/deploy/services.sh"
trap services_stop EXIT
services_install wrk curl

authserver_build
A_DLL=$AUTHSERVER_DLL; B_DLL=$AUTHSERVER_DLL; B_NAME="this tree"
if [ "$REV" != same ]; then
  B_NAME=$(git -C "$ROOT" rev-parse --short "$REV^{commit}")
  git -C "$ROOT" worktree add --detach -q "$SERVICES_DIR/b-src" "$B_NAME"
  SERVICES_STOP+=("git -C $ROOT worktree remove --force $SERVICES_DIR/b-src")
  echo "# building $B_NAME (Release)" >&2
  dotnet build "$SERVICES_DIR/b-src/src/AuthServer" -c Release -nologo -v q >"$SERVICES_DIR/b-build.log" 2>&1 || { tail -30 "$SERVICES_DIR/b-build.log" >&2; exit 1; }
  B_DLL="$SERVICES_DIR/b-src/src/AuthServer/bin/Release/net10.0/AuthServer.dll"
fi
source "$HERE/served.sh"

# Seeded and served as run.sh does (served.sh), each on its own database.
serve() { # name dll
  local name=$1 port; AUTHSERVER_DLL=$2
  local db=(Database__Provider=Sqlite ConnectionStrings__AuthServer="Data Source=$SERVICES_DIR/$name.db")
  authserver_start "${name}seed" "$(free_port)" ASPNETCORE_ENVIRONMENT=Development "${db[@]}" Mail__PickupDirectory="$SERVICES_DIR/mail"
  local seed_pid="${name}seed_PID"; stop_pid "${!seed_pid}"
  port=$(free_port)
  authserver_start "$name" "$port" "${SERVED[@]}" "${db[@]}" Auth__Issuer="http://127.0.0.1:$port/"
  printf -v "${name}_BASE" '%s' "http://127.0.0.1:$port"
}
serve a "$A_DLL"; serve b "$B_DLL"

CC_BODY="grant_type=client_credentials&client_id=$API_KEY&client_secret=$API_SECRET&scope=send_documents%20receive_documents"
LOOKUP="/api/lookup?affiliateId=$AFFILIATE&peppolId=$PEPPOL"
load() { # base seconds out
  if [ "$BENCH_PATH" = client_credentials ]; then
    WRK_BODY="$CC_BODY" wrk -t1 -c"$CONNS" -d"$2s" --timeout 5s -s "$HERE/lua/token.lua" "$1/api/auth/token" >"$3"
  else
    MARKER='"registered":true' wrk -t1 -c"$CONNS" -d"$2s" --timeout 5s -s "$HERE/lua/get.lua" "$1$LOOKUP" >"$3"
  fi
}
# One round (seconds, round number): both loaded for the same seconds; prints "requests_a requests_b bad cpu_ms_a cpu_ms_b".
together() {
  local a0 b0 a1 b1 ra rb bad
  a0=$(cpu_ticks "$a_PID"); b0=$(cpu_ticks "$b_PID")
  # Which of the two wrk starts first alternates (the round number's parity), so neither has the head start.
  if [ $(($2 % 2)) = 1 ]; then
    load "$a_BASE" "$1" "$SERVICES_DIR/a.out" & local first=$!
    load "$b_BASE" "$1" "$SERVICES_DIR/b.out"
  else
    load "$b_BASE" "$1" "$SERVICES_DIR/b.out" & local first=$!
    load "$a_BASE" "$1" "$SERVICES_DIR/a.out"
  fi
  wait "$first"
  a1=$(cpu_ticks "$a_PID"); b1=$(cpu_ticks "$b_PID")
  read -r _ ra _ _ _ bada erra < <(grep '^RESULT' "$SERVICES_DIR/a.out")
  read -r _ rb _ _ _ badb errb < <(grep '^RESULT' "$SERVICES_DIR/b.out")
  bad=$((bada + erra + badb + errb))
  awk -v ra="$ra" -v rb="$rb" -v bad="$bad" -v da=$((a1 - a0)) -v db=$((b1 - b0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN{printf "%d %d %d %.4f %.4f\n", ra, rb, bad, da * 1000 / hz / ra, db * 1000 / hz / rb}'
}

echo "# warm-up: ${WARMUP}s of $BENCH_PATH on both (discarded)" >&2
together "$WARMUP" 0 >/dev/null
echo "# round  requests(this tree)  requests($B_NAME)  non-200  cpu_ms/req(this tree)  cpu_ms/req($B_NAME)  ratio" >&2
RES="$SERVICES_DIR/rounds"; : >"$RES"
for r in $(seq 1 "$ROUNDS"); do
  read -r ra rb bad ca cb < <(together "$DURATION" "$r")
  echo "$r $ra $rb $bad $ca $cb $(awk -v a="$ca" -v b="$cb" 'BEGIN{printf "%.3f", a / b}')" | tee -a "$RES" >&2
done

echo
echo "AuthServer side by side $(date -u +%FT%TZ): $BENCH_PATH, this tree and $B_NAME loaded together, $CONNS connections each (wrk -t1); $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); ${DURATION}s x $ROUNDS rounds after ${WARMUP}s of warm-up"
awk -v name="$B_NAME" '
  { r[NR] = $7; bad += $4 }
  END {
    n = NR; for (i = 2; i <= n; i++) { t = r[i]; for (j = i - 1; j >= 1 && r[j] > t; j--) r[j+1] = r[j]; r[j+1] = t }
    med = n % 2 ? r[(n+1)/2] : (r[n/2] + r[n/2+1]) / 2
    printf "server CPU per request, this tree / %s: median %.3f (rounds %.3f - %.3f); below 1 is cheaper; non-200 answers: %d\n", name, med, r[1], r[n], bad
  }' "$RES"
