# Sourced by run.sh and side-by-side.sh, so both measure the same server: the demo data's credentials, and
# the settings a server under test runs with. Needs SERVICES_DIR.
API_KEY=demo-api-key; API_SECRET=sk_demo_api_key_secret_change_me_0000000000000
AFFILIATE=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f; PEPPOL=0208:0123456789
cpu_ticks() { local t=0 p; for p in $1; do t=$((t + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat"))); done; echo $t; }   # utime+stime

# Served as deployed: Data Protection keys encrypted at rest (a throwaway certificate); Production with
# Server:AllowHttp, and limits raised so the server is measured, not the limiter.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=authserver-bench-keys \
  -keyout "$SERVICES_DIR/keys.key" -out "$SERVICES_DIR/keys.crt" 2>/dev/null
SERVED=(ASPNETCORE_ENVIRONMENT=Production Server__AllowHttp=true Demo__Enabled=false
  DataProtection__Certificate__Path="$SERVICES_DIR/keys.crt" DataProtection__Certificate__KeyPath="$SERVICES_DIR/keys.key"
  Lookup__PermitPerMinute=1000000 Lookup__FailedPerIpPerMinute=100000 TokenEndpoint__PermitPerMinute=10000000 TokenEndpoint__FailedPerMinute=1000000
  Logging__LogLevel__Default=Warning Mail__PickupDirectory="$SERVICES_DIR/mail")
