# Throwaway PostgreSQL, Redis and nginx on loopback, for .ci/run, deploy/multi-instance.sh and bench/run.sh.
# Source it, call the *_start functions, and `trap services_stop EXIT`: everything started here is
# stopped there, and its files (in one temporary folder) removed. Nothing here touches the machine's own
# services (the Debian postgresql cluster, /etc/redis, /etc/nginx stay as they are).
#   services_install PKG...      apt-get install what is missing (CI and new machines start with nothing)
#   pg_start [-c name=value...]  a new cluster; sets PG_PORT, PG_ADMIN (Npgsql connection string, superuser)
#   pg_create_db NAME            a database; prints its Npgsql connection string
#   redis_start                  sets REDIS_PORT, REDIS_ADDR (host:port, as Redis:Configuration takes it)
#   redis_stop / redis_resume    take Redis away and bring it back (same port)
#   nginx_start CONF_BODY        nginx with the given http{} body; sets NGINX_PREFIX (logs live there)
#   authserver_build             Release build of the server; sets AUTHSERVER_DLL
#   authserver_start NAME PORT [VAR=value...]
#                                the server on 127.0.0.1:PORT with those settings; waits until ready;
#                                sets NAME_PID; its log is $SERVICES_DIR/NAME.log

SERVICES_DIR="${SERVICES_DIR:-$(mktemp -d /tmp/authserver-services.XXXXXX)}"
chmod 755 "$SERVICES_DIR"
SERVICES_STOP=()

services_install() {
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "# installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # The packages' own services are not wanted (ours start on free ports): keep them from starting.
  local policy=""; [ -e /usr/sbin/policy-rc.d ] || { policy=/usr/sbin/policy-rc.d; printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  [ -z "$policy" ] || rm -f "$policy"
}

free_port() {
  local p; for _ in $(seq 1 100); do p=$((20000 + RANDOM % 30000))
    ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { echo "$p"; return 0; }; done; return 1
}

# PostgreSQL refuses to run as root: the cluster belongs to the Debian package's postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local data="$SERVICES_DIR/pg" password; password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  PG_PORT=$(free_port)
  mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown postgres: "$data"
  printf '%s\n' "$password" >"$SERVICES_DIR/pg.pw"; chmod 644 "$SERVICES_DIR/pg.pw"
  as_pg "$bin/initdb" -D "$data" -U postgres --pwfile="$SERVICES_DIR/pg.pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/initdb.log" >&2; return 1; }
  rm -f "$SERVICES_DIR/pg.pw"
  local opts="-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 $*"
  as_pg "$bin/pg_ctl" -D "$data" -o "$opts" -l "$data/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$data/server.log" >&2; return 1; }
  SERVICES_STOP+=("as_pg $bin/pg_ctl -D $data -m immediate -w stop")
  PG_ADMIN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$password"
  export PG_PORT PG_ADMIN
}

pg_create_db() {
  PGPASSWORD="${PG_ADMIN##*Password=}" psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null
  echo "$PG_ADMIN;Database=$1"
}

redis_start() {
  REDIS_PORT="${REDIS_PORT:-$(free_port)}"; REDIS_ADDR="127.0.0.1:$REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$SERVICES_DIR" --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$REDIS_PORT" ping >/dev/null || { tail -20 "$SERVICES_DIR/redis.log" >&2; return 1; }
  [[ " ${SERVICES_STOP[*]} " == *redis_stop* ]] || SERVICES_STOP+=("redis_stop")
  export REDIS_PORT REDIS_ADDR
}

redis_stop() {
  [ -f "$SERVICES_DIR/redis.pid" ] || return 0
  local pid; pid=$(cat "$SERVICES_DIR/redis.pid"); kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$SERVICES_DIR/redis.pid"
}

redis_resume() { redis_start; }

nginx_start() {
  NGINX_PREFIX="$SERVICES_DIR/nginx"; mkdir -p "$NGINX_PREFIX/logs"
  cat >"$NGINX_PREFIX/nginx.conf" <<EOF
worker_processes 2;
pid $NGINX_PREFIX/nginx.pid;
error_log $NGINX_PREFIX/logs/error.log warn;
events { worker_connections 4096; }
http {
  client_body_temp_path $NGINX_PREFIX/body; proxy_temp_path $NGINX_PREFIX/proxy;
  fastcgi_temp_path $NGINX_PREFIX/fastcgi; uwsgi_temp_path $NGINX_PREFIX/uwsgi; scgi_temp_path $NGINX_PREFIX/scgi;
  access_log off;
$1
}
EOF
  nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -t >/dev/null 2>"$NGINX_PREFIX/test.log" || { cat "$NGINX_PREFIX/test.log" >&2; return 1; }
  nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf"
  SERVICES_STOP+=("nginx_stop")
}

nginx_stop() {
  [ -f "$NGINX_PREFIX/nginx.pid" ] || return 0
  local pid; pid=$(cat "$NGINX_PREFIX/nginx.pid"); kill -QUIT "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
}

authserver_build() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  echo "# building Release" >&2
  dotnet build "$root/src/AuthServer" -c Release -nologo -v q >"$SERVICES_DIR/build.log" 2>&1 || { tail -30 "$SERVICES_DIR/build.log" >&2; return 1; }
  AUTHSERVER_DLL="$root/src/AuthServer/bin/Release/net10.0/AuthServer.dll"
}

authserver_start() {
  local name=$1 port=$2 pid; shift 2
  (cd "$SERVICES_DIR" && exec env "$@" dotnet "$AUTHSERVER_DLL" --urls "http://127.0.0.1:$port" >"$SERVICES_DIR/$name.log" 2>&1) &
  pid=$!
  printf -v "${name}_PID" '%s' "$pid"
  SERVICES_STOP+=("stop_pid $pid")
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/health/ready" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name did not start:" >&2; tail -30 "$SERVICES_DIR/$name.log" >&2; return 1; }
    sleep 0.5
  done
  echo "$name not ready" >&2; return 1
}

# SIGTERM (a graceful stop: usage and audit are flushed), then wait for the process to end.
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

# Stops what was started, newest first, and removes the folder.
services_stop() {
  local i
  for ((i = ${#SERVICES_STOP[@]} - 1; i >= 0; i--)); do eval "${SERVICES_STOP[$i]}" >/dev/null 2>&1 || true; done
  SERVICES_STOP=()
  rm -rf "$SERVICES_DIR"
}
