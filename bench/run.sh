#!/usr/bin/env bash
# The benchmark suite (issue 6, DESIGN.md §5), in one command:  bash bench/run.sh
#
# Builds IdentityHost and Resources in Release, measures the machine's cryptographic limits in-process, starts both
# hosts on 127.0.0.1 with a fresh SQLite database seeded through the real CLI verbs, drives each workload with wrk,
# runs workloads 1-3 and 7 against node-oidc-provider (bench/peer) as well, prints one line per workload and a summary
# of ratios (to the physical limit, to the peer, protected/anonymous), writes bench/results/<timestamp>.json, and
# stops everything it started. See bench/README.md for the workloads and the settings below.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

# ---- settings (environment) ------------------------------------------------------------------------------------
SECONDS_PER=${BENCH_SECONDS:-10}                       # duration of each workload
CONNECTIONS=${BENCH_CONNECTIONS:-64}                   # wrk connections for the throughput workloads
WRK_THREADS=${BENCH_WRK_THREADS:-2}                    # wrk threads
PASSWORD_CONNECTIONS=${BENCH_PASSWORD_CONNECTIONS:-4}  # workload 4 (password grant): a few per core
STORM_CONNECTIONS=${BENCH_STORM_CONNECTIONS:-$CONNECTIONS}  # workload 6: the login storm, at full concurrency
PROBE_CONNECTIONS=${BENCH_PROBE_CONNECTIONS:-8}        # workload 6: the latency probes (GET /items, discovery)
TIMEOUT=${BENCH_TIMEOUT:-10s}                          # wrk per-request timeout (password requests queue)
WARMUP=${BENCH_WARMUP:-2}                              # unrecorded seconds before each workload (JIT, pools)
COMPARE_WARMUP=${BENCH_COMPARE_WARMUP:-8}              # unrecorded seconds for each route of a compared pair (1, 5)
LIMITS_SECONDS=${BENCH_LIMITS_SECONDS:-3}              # per in-process limit
REFRESH_TOKENS=${BENCH_REFRESH_TOKENS:-$((SECONDS_PER * 1500))}  # prepared refresh tokens per server
DB_ROTATIONS=${BENCH_DB_ROTATIONS:-50000}               # refresh rotations of the database-size run (0: skip it)
REFRESH_CHAIN=${BENCH_REFRESH_CHAIN:-0}                # 1: reuse each rotated token too (for long runs)
PREP_CONCURRENCY=${BENCH_PREP_CONCURRENCY:-16}
IDP_PORT=${BENCH_IDP_PORT:-5310}
API_PORT=${BENCH_API_PORT:-5311}
PEER_PORT=${BENCH_PEER_PORT:-5312}
RUN_PEER=${BENCH_PEER:-1}                              # 0: skip the peer
RUN_POSTGRES=${BENCH_POSTGRES:-1}                      # 0: skip the PostgreSQL phase (workloads 2 and 3, 1 and 2 instances)
PG_PORT_A=${BENCH_PG_PORT_A:-5313}                     # the two IdentityHost instances of the PostgreSQL phase
PG_PORT_B=${BENCH_PG_PORT_B:-5314}
SKIP_BUILD=${BENCH_SKIP_BUILD:-0}                      # 1: reuse bench/out
KEEP=${BENCH_KEEP:-0}                                  # 1: keep the temp folder (databases, logs)
ONLY=${BENCH_ONLY:-}                                   # e.g. "1 2 3": run only these workloads (and the peer's)

OUT="$BENCH_DIR/out"
RESULTS_DIR="$BENCH_DIR/results"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULT_FILE="$RESULTS_DIR/$STAMP.json"
export BENCH_LUA_DIR="$BENCH_DIR/lua"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

USER_NAME=bench-user
USER_PASSWORD='Bench-Passw0rd!'
CC_CLIENT=bench-service
CC_SECRET='bench-cc-secret-0123456789abcdef'
APP_CLIENT=bench-app
REDIRECT_URI=http://127.0.0.1/callback
IDP="http://127.0.0.1:$IDP_PORT"
API="http://127.0.0.1:$API_PORT"
PEER="http://127.0.0.1:$PEER_PORT"

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }
wants() { [[ -z "$ONLY" || " $ONLY " == *" $1 "* ]]; }

# ---- what it needs -----------------------------------------------------------------------------------------------
APT_UPDATED=0
need() { # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 (apt)"
  if [[ $APT_UPDATED == 0 ]]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  command -v "$1" >/dev/null 2>&1 || die "could not install $2"
}
need wrk wrk
need jq jq
need curl curl
need ss iproute2
command -v dotnet >/dev/null 2>&1 || die "dotnet is not installed"
need node nodejs   # bench/prep.mjs (token preparation) for both servers
if [[ $RUN_PEER == 1 ]]; then
  need npm npm
  # oidc-provider 9 needs Node 20.19 or later.
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
    log "bench: node $(node --version) is older than 20.19: the peer is skipped"
    RUN_PEER=0
  fi
fi

for port in "$IDP_PORT" "$API_PORT" "$PEER_PORT" "$PG_PORT_A" "$PG_PORT_B"; do
  if ss -Hltn "sport = :$port" | grep -q .; then die "port $port is in use (set BENCH_IDP_PORT/BENCH_API_PORT/BENCH_PEER_PORT)"; fi
done

# ---- cleanup: everything started here is stopped on exit ---------------------------------------------------------
TMP="$(mktemp -d /tmp/identity-bench.XXXXXX)"
PIDS=()
stop_pid() { # stop_pid <pid>: TERM, then KILL after 10 s
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local code=$?
  set +e
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
  [[ $(type -t stop_postgres) == function ]] && stop_postgres
  if [[ $KEEP == 1 || $code != 0 ]]; then log "bench: logs and databases kept in $TMP"; else rm -rf "$TMP"; fi
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build ----------------------------------------------------------------------------------------------------------
if [[ $SKIP_BUILD != 1 || ! -f "$OUT/IdentityHost/IdentityHost.dll" ]]; then
  log "building Release into bench/out (separate intermediate folder: bench/out/artifacts)"
  for project in src/IdentityHost/IdentityHost.csproj src/Resources/Resources.csproj bench/limits/Limits.csproj; do
    name="$(basename "$project" .csproj)"
    dotnet publish "$REPO_DIR/$project" -c Release -o "$OUT/$name" --artifacts-path "$OUT/artifacts" -nologo -v q \
      >"$TMP/build-$name.log" 2>&1 || { cat "$TMP/build-$name.log" >&2; die "build of $name failed"; }
  done
fi
if [[ $RUN_PEER == 1 && ! -d "$BENCH_DIR/peer/node_modules/oidc-provider" ]]; then
  log "installing the peer (npm ci in bench/peer)"
  (cd "$BENCH_DIR/peer" && npm ci --no-audit --no-fund --loglevel=error >"$TMP/npm.log" 2>&1) || { cat "$TMP/npm.log" >&2; die "npm ci failed"; }
fi

# ---- results collection -----------------------------------------------------------------------------------------------
LINES="$TMP/workloads.jsonl"   # one JSON object per workload
: >"$LINES"

print_line() { # print_line <json>
  jq -r '[(if (.target|startswith("pg")) then "\(.name) (\(.target))" else .name end), (.rps|floor|tostring), (.p50_ms*100|round/100|tostring), (.p99_ms*100|round/100|tostring),
          ((.non2xx + .socket_errors.connect + .socket_errors.read + .socket_errors.write + .socket_errors.timeout)|tostring),
          (.note // "")] | @tsv' <<<"$1" |
    while IFS=$'\t' read -r name rps p50 p99 errors note; do
      printf '%-36s %11s %10s %10s %9s  %s\n' "$name" "$rps" "$p50" "$p99" "$errors" "$note"
    done
}

skip_line() { # skip_line <name> <target> <why>
  local json
  json="$(jq -nc --arg name "$1" --arg target "$2" --arg why "$3" '{name:$name, target:$target, skipped:true, note:$why}')"
  echo "$json" >>"$LINES"
  printf '%-36s %11s %10s %10s %9s  %s\n' "$1" "-" "-" "-" "-" "SKIPPED: $3"
}

# wrk_start <output file> <connections> <duration s> <script> <url> [wrk options...]   (env: the script's)
wrk_start() {
  local output=$1 connections=$2 duration=$3 script=$4 url=$5
  shift 5
  wrk -t"$WRK_THREADS" -c"$connections" -d"${duration}s" --timeout "$TIMEOUT" -s "$BENCH_LUA_DIR/$script" "$@" "$url" \
    >"$output" 2>&1 || true
}

# wrk_record <name> <target> <connections> <output file>: one line on the terminal, one JSON object in $LINES.
wrk_record() {
  local name=$1 target=$2 connections=$3 output=$4 json
  json="$(sed -n 's/^BENCH_RESULT //p' "$output" | tail -1)"
  if [[ -z "$json" ]]; then
    cat "$output" >&2
    die "wrk printed no result for $name"
  fi
  json="$(jq -c --arg name "$name" --arg target "$target" --argjson c "$connections" \
    '. + {name:$name, target:$target, connections:$c}
     | if .exhausted then .note = "tokens ran out: rate over \(.duration_s*10|round/10) s" else . end
     | if .statuses and .non2xx > 0 then .note = ((.note // "") + " statuses " + (.statuses|to_entries|map("\(.key):\(.value)")|join(" "))) else . end
     | if (.socket_errors|add) > 0 then .note = ((.note // "") + " socket errors " + (.socket_errors|to_entries|map(select(.value > 0)|"\(.key):\(.value)")|join(" "))) else . end' <<<"$json")"
  echo "$json" >>"$LINES"
  print_line "$json"
}

# run_wrk <name> <target> <connections> <duration s> <script> <url> [wrk options...]
# A warm-up of $WARMUP s with the same requests comes first and is not recorded (the refresh workload warms up with
# its own tokens, reusing rotated ones so it cannot run out).
run_wrk() {
  local name=$1 target=$2 connections=$3
  if [[ $WARMUP -gt 0 ]]; then
    if [[ -n ${BENCH_TOKENS_FILE:-} ]]; then
      BENCH_TOKENS_FILE="$BENCH_TOKENS_FILE.warm" BENCH_REFRESH_CHAIN=1 wrk_start "$TMP/warm.txt" "$3" "$WARMUP" "${@:5}"
    else
      wrk_start "$TMP/warm.txt" "$3" "$WARMUP" "${@:5}"
    fi
  fi
  wrk_start "$TMP/wrk-$target-$name.txt" "${@:3}"
  wrk_record "$name" "$target" "$connections" "$TMP/wrk-$target-$name.txt"
}

# compare_warmup <url> [<url>...] [wrk options...]: $COMPARE_WARMUP unrecorded seconds on each URL, before a ratio
# between them is measured. Tiered compilation with dynamic PGO takes well over the per-workload warm-up to settle
# under load: on this machine the anonymous GET /items did 4,304 req/s in its first 5 s and 9,487 once settled.
compare_warmup() {
  local urls=() options=()
  while [[ $# -gt 0 && $1 != -* ]]; do urls+=("$1"); shift; done
  options=("$@")
  [[ $COMPARE_WARMUP -gt 0 ]] || return 0
  for url in "${urls[@]}"; do wrk_start "$TMP/warm.txt" "$CONNECTIONS" "$COMPARE_WARMUP" get.lua "$url" "${options[@]}"; done
}

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }

wait_healthy() { # wait_healthy <url> <pid> <what>
  for _ in $(seq 1 240); do
    kill -0 "$2" 2>/dev/null || die "$3 exited during start-up (log: $TMP/$3.log)"
    [[ "$(status_of "$1")" == 200 ]] && return 0
    sleep 0.25
  done
  die "$3 did not become healthy at $1 in 60 s (log: $TMP/$3.log)"
}

file_size() { if [[ -f "$1" ]]; then stat -c %s "$1"; else echo 0; fi; }
db_size() { echo $(($(file_size "$TMP/identity.db") + $(file_size "$TMP/identity.db-wal"))); }

# ---- limits (before the servers start: nothing else of ours runs) ------------------------------------------------------
log "measuring in-process limits (${LIMITS_SECONDS} s each)"
LIMITS="$(dotnet "$OUT/Limits/Limits.dll" --seconds "$LIMITS_SECONDS" 2>"$TMP/limits.log")" || { cat "$TMP/limits.log" >&2; die "limits failed"; }
jq -r '"limit  RS256 sign (RSA-2048)      \(.rs256_sign_per_s|floor)/s   RS256 verify \(.rs256_verify_per_s|floor)/s   ES256 sign \(.es256_sign_per_s|floor)/s",
       "limit  PBKDF2 Identity v3 verify  \(.pbkdf2_identity_verify_per_s*10|round/10)/s (\(.identity_hasher.prf), \(.identity_hasher.iterations) iterations)   client secret PBKDF2-SHA256 x\(.client_secret_iterations) \(.pbkdf2_client_secret_verify_per_s|floor)/s   (\(.threads) threads)"' <<<"$LIMITS"

# ---- IdentityHost and Resources -----------------------------------------------------------------------------------------
export ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning
export IdentityHost__Issuer="$IDP"
export ConnectionStrings__Identity="Data Source=$TMP/identity.db"
export IdentityHost__DataProtection__KeysDirectory="$TMP/dataprotection-keys"
# Pruning as in production, on the bench's timescale: a pass every 5 s; redeemed tokens and audit events kept 10 s
# (defaults: 10 min, 1 day, 90 days), so the database reaches its steady state within the run.
export IdentityHost__Pruning__Interval=00:00:05
export IdentityHost__Pruning__RedeemedTokenRetention=00:00:10
export IdentityHost__Audit__Retention=00:00:10
mkdir -p "$TMP/dataprotection-keys"
IDH=(dotnet "$OUT/IdentityHost/IdentityHost.dll")

# seed_identityhost: the user and clients, through the CLI verbs, into the database ConnectionStrings__Identity names.
seed_identityhost() {
  "${IDH[@]}" users add "$USER_NAME" --password "$USER_PASSWORD" >>"$TMP/seed.log" 2>&1 || { cat "$TMP/seed.log" >&2; die "users add failed"; }
  "${IDH[@]}" clients add "$CC_CLIENT" --type confidential --secret "$CC_SECRET" --grant client_credentials \
    --scope read:items --scope write:items --permission introspection --name "bench confidential client" >>"$TMP/seed.log" 2>&1 ||
    { cat "$TMP/seed.log" >&2; die "clients add $CC_CLIENT failed"; }
  # Public: password and refresh_token for the workloads; authorization_code (implicit consent, PKCE) only to prepare
  # many refresh tokens without a password hash each.
  "${IDH[@]}" clients add "$APP_CLIENT" --type public --grant password --grant refresh_token --grant authorization_code \
    --scope offline_access --scope read:items --redirect-uri "$REDIRECT_URI" --consent implicit --require-pkce \
    --name "bench public client" >>"$TMP/seed.log" 2>&1 || { cat "$TMP/seed.log" >&2; die "clients add $APP_CLIENT failed"; }
}
log "seeding users and clients through the CLI"
seed_identityhost

log "starting IdentityHost on $IDP and Resources on $API"
# BenchmarkRoutes asks each host for its benchmark-only routes (GET /bench/hello on IdentityHost, GET
# /bench/items-anonymous on Resources); a host that does not have them ignores the key, and the workload is skipped.
ASPNETCORE_URLS="$IDP" IdentityHost__BenchmarkRoutes=true "${IDH[@]}" >"$TMP/identityhost.log" 2>&1 &
IDP_PID=$!
PIDS+=("$IDP_PID")
ASPNETCORE_URLS="$API" Resources__Authority="$IDP" Resources__BenchmarkRoutes=true ConnectionStrings__Resources="Data Source=$TMP/resources.db" \
  dotnet "$OUT/Resources/Resources.dll" >"$TMP/resources.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
wait_healthy "$IDP/healthz" "$IDP_PID" identityhost
wait_healthy "$API/healthz" "$API_PID" resources

# Memory of IdentityHost over the run: VmRSS every 0.5 s, and the kernel's high-water mark.
(
  while kill -0 "$IDP_PID" 2>/dev/null; do
    awk '/^VmRSS|^VmHWM/ {printf "%s %s ", $1, $2} END {print ""}' "/proc/$IDP_PID/status" 2>/dev/null || true
    sleep 0.5
  done
) >"$TMP/rss.log" &
PIDS+=("$!")

basic() { printf 'Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"; }
CC_AUTH="$(basic "$CC_CLIENT" "$CC_SECRET")"
CC_BODY='grant_type=client_credentials&scope=read%3Aitems'
PASSWORD_BODY="grant_type=password&client_id=$APP_CLIENT&username=$USER_NAME&password=$(jq -rn --arg p "$USER_PASSWORD" '$p|@uri')&scope=read%3Aitems%20offline_access"

# A bearer token for Resources (read:items, audience resources).
ACCESS_TOKEN="$(node "$BENCH_DIR/prep.mjs" form --url "$IDP/connect/token" --basic "$CC_CLIENT:$CC_SECRET" --body "$CC_BODY" --field access_token 2>"$TMP/prep.log")" ||
  { cat "$TMP/prep.log" >&2; die "could not get an access token from IdentityHost"; }

# A page of items for GET /items to return (the same page with and without authentication).
ITEMS=${BENCH_ITEMS:-20}
WRITE_TOKEN="$(node "$BENCH_DIR/prep.mjs" form --url "$IDP/connect/token" --basic "$CC_CLIENT:$CC_SECRET" \
  --body 'grant_type=client_credentials&scope=write%3Aitems' --field access_token 2>>"$TMP/prep.log")" ||
  { cat "$TMP/prep.log" >&2; die "could not get a write:items token from IdentityHost"; }
for i in $(seq 1 "$ITEMS"); do
  code="$(status_of -X POST -H "Authorization: Bearer $WRITE_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench item $i\"}" "$API/items")"
  [[ $code == 201 ]] || die "Resources POST /items answered $code (log: $TMP/resources.log)"
done

# Refresh tokens: prepared now (before anything else writes) so every workload sees the same database.
# prepare_refresh <issuer> <authorize> <token> <out file> <scope> [login options...]: the workload's tokens, plus
# 2 x connections for its warm-up, plus one for introspection.
prepare_refresh() {
  local issuer=$1 authorize=$2 token=$3 out=$4 scope=$5
  shift 5
  node "$BENCH_DIR/prep.mjs" refresh --issuer "$issuer" --authorize "$authorize" --token "$token" --client-id "$APP_CLIENT" \
    --redirect-uri "$REDIRECT_URI" --scope "$scope" --count "$((REFRESH_TOKENS + 2 * CONNECTIONS + 1))" --concurrency "$PREP_CONCURRENCY" --out "$out" "$@" \
    2>>"$TMP/prep.log" || { cat "$TMP/prep.log" >&2; die "could not prepare refresh tokens at $issuer"; }
  tail -1 "$TMP/prep.log" >&2
}
# The last prepared token is kept aside for introspection (the rotation run must not consume it), and the first
# 2 x connections for the warm-up.
split_spare() {
  tail -1 "$1" >"$1.spare"
  sed -i '$d' "$1"
  head -n "$((2 * CONNECTIONS))" "$1" >"$1.warm"
  sed -i "1,$((2 * CONNECTIONS))d" "$1"
  head -n "$((2 * CONNECTIONS))" "$1" >"$1.growth"
  sed -i "1,$((2 * CONNECTIONS))d" "$1"
}

printf '%-36s %11s %10s %10s %9s  %s\n' "workload" "req/s" "p50 ms" "p99 ms" "non-2xx" "note"
echo "--- IdentityHost ($IDP) and Resources ($API)"

# 1. Discovery and JWKS (and a hello-world endpoint of the same host, for the ratio the issue asks).
if wants 1; then
  code="$(status_of "$IDP/bench/hello")"
  # Discovery runs first after start-up: warm all three routes (unrecorded) until tiered compilation has settled, so
  # that the JIT work on the pipeline they share is not charged to whichever is measured first.
  compare_warmup "$IDP/bench/hello" "$IDP/.well-known/openid-configuration" "$IDP/.well-known/jwks"
  run_wrk discovery ours "$CONNECTIONS" "$SECONDS_PER" get.lua "$IDP/.well-known/openid-configuration"
  run_wrk jwks ours "$CONNECTIONS" "$SECONDS_PER" get.lua "$IDP/.well-known/jwks"
  if [[ $code == 200 ]]; then
    run_wrk hello ours "$CONNECTIONS" "$SECONDS_PER" get.lua "$IDP/bench/hello"
  else
    skip_line hello ours "missing route: GET /bench/hello answered $code (needed for discovery/hello-world ratio)"
  fi
fi

# 2. client_credentials.
if wants 2; then
  BENCH_BODY="$CC_BODY" BENCH_AUTHORIZATION="$CC_AUTH" \
    run_wrk client_credentials ours "$CONNECTIONS" "$SECONDS_PER" form.lua "$IDP/connect/token"
fi

# 3. refresh_token rotation with distinct, valid tokens.
DB_BEFORE=0 DB_AFTER=0
if wants 3 || wants 7; then
  log "preparing $REFRESH_TOKENS refresh tokens at IdentityHost (authorization code + PKCE, one login)"
  prepare_refresh "$IDP" "$IDP/connect/authorize" "$IDP/connect/token" "$TMP/ours-refresh.txt" \
    "offline_access read:items" --username "$USER_NAME" --password "$USER_PASSWORD"
  split_spare "$TMP/ours-refresh.txt"
fi
if wants 3; then
  DB_BEFORE="$(db_size)"
  BENCH_TOKENS_FILE="$TMP/ours-refresh.txt" BENCH_WRK_THREADS="$WRK_THREADS" BENCH_CLIENT_ID="$APP_CLIENT" BENCH_REFRESH_CHAIN="$REFRESH_CHAIN" \
    run_wrk refresh_token ours "$CONNECTIONS" "$SECONDS_PER" refresh.lua "$IDP/connect/token"
  DB_AFTER="$(db_size)"
  printf '%-36s %s\n' "  database identity.db+wal" "$((DB_BEFORE / 1024)) KiB before, $((DB_AFTER / 1024)) KiB after the refresh run"
fi

# 3b. Database size over $DB_ROTATIONS refresh rotations with pruning on: chained rotations (each answer's new token is
# used next) for as long as the measured rate needs, then one more pruning interval. The size is also taken halfway:
# by then pruning has reached its steady state (rows live for the 10 s retention plus a 5 s interval), so "flat" is
# the second half not growing; the first half grows the file from the smaller database of before the run.
DB_GROWTH_ROTATIONS=0 DB_GROWTH_BEFORE=0 DB_GROWTH_MID=0 DB_GROWTH_AFTER=0
if wants 3 && [[ $DB_ROTATIONS -gt 0 ]]; then
  rate="$(jq -r 'select(.name == "refresh_token" and .target == "ours") | .rps' "$LINES" | tail -1)"
  growth_seconds=$(( DB_ROTATIONS / (${rate%.*} > 0 ? ${rate%.*} : 1) + 1 ))
  log "database size: ~$DB_ROTATIONS refresh rotations over ${growth_seconds} s with pruning every 5 s"
  DB_GROWTH_BEFORE="$(db_size)"
  BENCH_TOKENS_FILE="$TMP/ours-refresh.txt.growth" BENCH_WRK_THREADS="$WRK_THREADS" BENCH_CLIENT_ID="$APP_CLIENT" BENCH_REFRESH_CHAIN=1 \
    wrk_start "$TMP/wrk-ours-db-growth.txt" "$CONNECTIONS" "$growth_seconds" refresh.lua "$IDP/connect/token" &
  growth_pid=$!
  sleep $(( growth_seconds / 2 ))
  DB_GROWTH_MID="$(db_size)"
  wait "$growth_pid"
  sleep 6
  DB_GROWTH_AFTER="$(db_size)"
  DB_GROWTH_ROTATIONS="$(sed -n 's/^BENCH_RESULT //p' "$TMP/wrk-ours-db-growth.txt" | tail -1 | jq -r '.requests - .non2xx')"
  printf '%-36s %s\n' "  database over rotations" "$((DB_GROWTH_BEFORE / 1024)) KiB before, $((DB_GROWTH_MID / 1024)) KiB halfway, $((DB_GROWTH_AFTER / 1024)) KiB after $DB_GROWTH_ROTATIONS rotations (identity.db $(($(file_size "$TMP/identity.db") / 1024)) KiB + WAL $(($(file_size "$TMP/identity.db-wal") / 1024)) KiB)"
fi

# 4. password grant (bounded by PBKDF2).
if wants 4; then
  BENCH_BODY="$PASSWORD_BODY" BENCH_STATUS_COUNTS=1 run_wrk password ours "$PASSWORD_CONNECTIONS" "$SECONDS_PER" form.lua "$IDP/connect/token"
fi

# 5. Resources GET /items: with a valid bearer token, and the same handler without authentication.
ANON_OK=0
if wants 5 || wants 6; then
  code="$(status_of -H "Authorization: Bearer $ACCESS_TOKEN" "$API/items")"
  [[ $code == 200 ]] || die "Resources GET /items with the bench token answered $code (log: $TMP/resources.log)"
  code="$(status_of "$API/bench/items-anonymous")"
  [[ $code == 200 ]] && ANON_OK=1
fi
if wants 5; then
  # The two variants share the handler, EF Core and Kestrel: warm both (unrecorded) until tiered compilation has
  # settled, so that the variant measured first does not alone pay for the JIT work on the code both run.
  [[ $ANON_OK == 1 ]] && compare_warmup "$API/bench/items-anonymous"
  compare_warmup "$API/items" -H "Authorization: Bearer $ACCESS_TOKEN"
  # Measured in the order bearer, anonymous, anonymous, bearer (the second pair named *_2), and the ratio taken over
  # both: whatever drifts during the run (tiering, the VM's speed) weighs on both variants alike.
  run_wrk items_bearer ours "$CONNECTIONS" "$SECONDS_PER" get.lua "$API/items" -H "Authorization: Bearer $ACCESS_TOKEN"
  if [[ $ANON_OK == 1 ]]; then
    run_wrk items_anonymous ours "$CONNECTIONS" "$SECONDS_PER" get.lua "$API/bench/items-anonymous"
    run_wrk items_anonymous_2 ours "$CONNECTIONS" "$SECONDS_PER" get.lua "$API/bench/items-anonymous"
    run_wrk items_bearer_2 ours "$CONNECTIONS" "$SECONDS_PER" get.lua "$API/items" -H "Authorization: Bearer $ACCESS_TOKEN"
  else
    skip_line items_anonymous ours "missing route: GET /bench/items-anonymous answered $code (Resources needs it)"
  fi
fi

# 6. Login storm (password grant at full concurrency) while workload 5 runs, then discovery, under the same storm.
# The p99 is measured by probes with few connections (BENCH_PROBE_CONNECTIONS), without and then with the storm, so
# that it shows what the storm does to other requests rather than the probes' own queueing at 64 connections.
if wants 6; then
  run_wrk items_bearer_probe ours "$PROBE_CONNECTIONS" "$SECONDS_PER" get.lua "$API/items" -H "Authorization: Bearer $ACCESS_TOKEN"
  run_wrk discovery_probe ours "$PROBE_CONNECTIONS" "$SECONDS_PER" get.lua "$IDP/.well-known/openid-configuration"
  storm_seconds=$((2 * SECONDS_PER + 2))
  # 503 (with Retry-After) is the expected answer once the hashing queue's deadline passes.
  BENCH_BODY="$PASSWORD_BODY" BENCH_STATUS_COUNTS=1 wrk -t"$WRK_THREADS" -c"$STORM_CONNECTIONS" -d"${storm_seconds}s" --timeout "$TIMEOUT" \
    -s "$BENCH_LUA_DIR/form.lua" "$IDP/connect/token" >"$TMP/wrk-ours-storm.txt" 2>&1 &
  STORM_PID=$!
  PIDS+=("$STORM_PID")
  sleep 1
  run_wrk items_bearer_during_storm ours "$PROBE_CONNECTIONS" "$SECONDS_PER" get.lua "$API/items" -H "Authorization: Bearer $ACCESS_TOKEN"
  run_wrk discovery_during_storm ours "$PROBE_CONNECTIONS" "$SECONDS_PER" get.lua "$IDP/.well-known/openid-configuration"
  wait "$STORM_PID" || true
  wrk_record storm_password ours "$STORM_CONNECTIONS" "$TMP/wrk-ours-storm.txt"
fi

# 7. Introspection (RFC 7662): a stored refresh token (the same work as the peer's), and ours' JWT access token.
INTROSPECT_OK=0
if wants 7; then
  SPARE="$(cat "$TMP/ours-refresh.txt.spare")"
  code="$(status_of -u "$CC_CLIENT:$CC_SECRET" "$IDP/connect/introspect" --data-urlencode "token=$SPARE")"
  if [[ $code == 200 ]]; then
    INTROSPECT_OK=1
    active="$(curl -s -u "$CC_CLIENT:$CC_SECRET" "$IDP/connect/introspect" --data-urlencode "token=$SPARE" | jq -r .active)"
    [[ $active == true ]] || log "bench: warning: introspection of a valid refresh token answered active=$active"
    BENCH_BODY="token=$SPARE&token_type_hint=refresh_token" BENCH_AUTHORIZATION="$CC_AUTH" \
      run_wrk introspect_refresh ours "$CONNECTIONS" "$SECONDS_PER" form.lua "$IDP/connect/introspect"
    BENCH_BODY="token=$ACCESS_TOKEN&token_type_hint=access_token" BENCH_AUTHORIZATION="$CC_AUTH" \
      run_wrk introspect_access ours "$CONNECTIONS" "$SECONDS_PER" form.lua "$IDP/connect/introspect"
  else
    skip_line introspect_refresh ours "not implemented: POST /connect/introspect answered $code"
  fi
fi

# Memory: the last sample is the RSS after the suite (before the peer phase, which leaves IdentityHost idle).
rss_summary() {
  awk '{for (i = 1; i < NF; i += 2) v[$i] = $(i + 1); if (v["VmRSS:"] > peak) peak = v["VmRSS:"]; last = v["VmRSS:"]; hwm = v["VmHWM:"]}
       END {printf "{\"peak_rss_kib\":%d,\"final_rss_kib\":%d,\"hwm_kib\":%d}", peak, last, hwm}' "$TMP/rss.log"
}
MEMORY="$(rss_summary)"
jq -r '"  IdentityHost RSS: peak \(.peak_rss_kib/1024|floor) MiB (VmHWM \(.hwm_kib/1024|floor) MiB), final \(.final_rss_kib/1024|floor) MiB"' <<<"$MEMORY"

# ---- PostgreSQL: workloads 2 and 3 with one and with two instances (issue 7) ---------------------------------------------
# A throwaway PostgreSQL cluster (.ci/postgres) with durability on as for SQLite's synchronous=NORMAL in WAL mode:
# fsync on, synchronous_commit off (a crash may lose the last few commits, never corrupts). Both instances share the
# database and one issuer; wrk's threads are spread over them (BENCH_TARGETS), as a load balancer would. The SQLite
# hosts are stopped first, so the phase has the machine to itself.
if [[ $RUN_POSTGRES == 1 ]] && { wants 2 || wants 3; }; then
  echo "--- IdentityHost on PostgreSQL: one instance (pg1), then two on one database (pg2, threads split between them)"
  stop_pid "$IDP_PID"
  stop_pid "$API_PID"
  # shellcheck source=../.ci/postgres
  source "$REPO_DIR/.ci/postgres"
  if ! start_postgres -c fsync=on -c synchronous_commit=off -c shared_buffers=256MB >"$TMP/postgres.log" 2>&1; then
    cat "$TMP/postgres.log" >&2
    skip_line client_credentials pg1 "PostgreSQL could not be started"
  else
    tail -1 "$TMP/postgres.log"
    PG_A="http://127.0.0.1:$PG_PORT_A" PG_B="http://127.0.0.1:$PG_PORT_B"
    (
      export ConnectionStrings__Identity="$IDENTITYHOST_TEST_POSTGRES;Database=identity_bench"
      export IdentityHost__Issuer="$PG_A" IdentityHost__DataProtection__Store=Database
      seed_identityhost
    )
    start_pg_instance() { # start_pg_instance <url> <name>: one more IdentityHost on the shared database
      ConnectionStrings__Identity="$IDENTITYHOST_TEST_POSTGRES;Database=identity_bench" IdentityHost__Issuer="$PG_A" \
        IdentityHost__DataProtection__Store=Database ASPNETCORE_URLS="$1" "${IDH[@]}" >"$TMP/$2.log" 2>&1 &
      PIDS+=("$!")
      wait_healthy "$1/healthz" "$!" "$2"
    }
    start_pg_instance "$PG_A" identityhost-pg-a
    if wants 3; then
      log "preparing refresh tokens at the PostgreSQL instance (one file per run)"
      prepare_refresh "$PG_A" "$PG_A/connect/authorize" "$PG_A/connect/token" "$TMP/pg1-refresh.txt" \
        "offline_access read:items" --username "$USER_NAME" --password "$USER_PASSWORD"
      split_spare "$TMP/pg1-refresh.txt"
      prepare_refresh "$PG_A" "$PG_A/connect/authorize" "$PG_A/connect/token" "$TMP/pg2-refresh.txt" \
        "offline_access read:items" --username "$USER_NAME" --password "$USER_PASSWORD"
      split_spare "$TMP/pg2-refresh.txt"
    fi
    for instances in 1 2; do
      targets="127.0.0.1:$PG_PORT_A"
      if [[ $instances == 2 ]]; then
        start_pg_instance "$PG_B" identityhost-pg-b
        targets="$targets 127.0.0.1:$PG_PORT_B"
      fi
      if wants 2; then
        BENCH_TARGETS="$targets" BENCH_BODY="$CC_BODY" BENCH_AUTHORIZATION="$CC_AUTH" \
          run_wrk client_credentials "pg$instances" "$CONNECTIONS" "$SECONDS_PER" form.lua "$PG_A/connect/token"
      fi
      if wants 3; then
        BENCH_TARGETS="$targets" BENCH_TOKENS_FILE="$TMP/pg$instances-refresh.txt" BENCH_WRK_THREADS="$WRK_THREADS" \
          BENCH_CLIENT_ID="$APP_CLIENT" BENCH_REFRESH_CHAIN="$REFRESH_CHAIN" \
          run_wrk refresh_token "pg$instances" "$CONNECTIONS" "$SECONDS_PER" refresh.lua "$PG_A/connect/token"
      fi
    done
  fi
fi

# ---- the peer -----------------------------------------------------------------------------------------------------------
if [[ $RUN_PEER == 1 ]]; then
  echo "--- peer: node-oidc-provider $(jq -r .version "$BENCH_DIR/peer/node_modules/oidc-provider/package.json") ($PEER)"
  PEER_PORT="$PEER_PORT" BENCH_CC_SECRET="$CC_SECRET" NODE_ENV=production node "$BENCH_DIR/peer/server.js" >"$TMP/peer.log" 2>&1 &
  PEER_PID=$!
  PIDS+=("$PEER_PID")
  wait_healthy "$PEER/healthz" "$PEER_PID" peer
  if wants 1; then
    run_wrk discovery peer "$CONNECTIONS" "$SECONDS_PER" get.lua "$PEER/.well-known/openid-configuration"
    run_wrk jwks peer "$CONNECTIONS" "$SECONDS_PER" get.lua "$PEER/jwks"
  fi
  if wants 2; then
    BENCH_BODY="$CC_BODY" BENCH_AUTHORIZATION="$CC_AUTH" \
      run_wrk client_credentials peer "$CONNECTIONS" "$SECONDS_PER" form.lua "$PEER/token"
  fi
  if wants 3 || wants 7; then
    log "preparing $REFRESH_TOKENS refresh tokens at the peer (authorization code + PKCE)"
    prepare_refresh "$PEER" "$PEER/auth" "$PEER/token" "$TMP/peer-refresh.txt" "read:items"
    split_spare "$TMP/peer-refresh.txt"
  fi
  if wants 3; then
    BENCH_TOKENS_FILE="$TMP/peer-refresh.txt" BENCH_WRK_THREADS="$WRK_THREADS" BENCH_CLIENT_ID="$APP_CLIENT" BENCH_REFRESH_CHAIN="$REFRESH_CHAIN" \
      run_wrk refresh_token peer "$CONNECTIONS" "$SECONDS_PER" refresh.lua "$PEER/token"
  fi
  if wants 7; then
    # The peer cannot introspect its JWT access tokens ("structured tokens"): a stored refresh token, as for ours.
    SPARE="$(cat "$TMP/peer-refresh.txt.spare")"
    BENCH_BODY="token=$SPARE&token_type_hint=refresh_token" BENCH_AUTHORIZATION="$CC_AUTH" \
      run_wrk introspect_refresh peer "$CONNECTIONS" "$SECONDS_PER" form.lua "$PEER/token/introspection"
  fi
fi

# ---- summary ------------------------------------------------------------------------------------------------------------
echo "--- summary (ratios from this run; targets from issue 6)"
W="$(jq -s 'map({key: "\(.target)/\(.name)", value: .}) | from_entries' "$LINES")"
SUMMARY="$TMP/summary.jsonl"
: >"$SUMMARY"
summary_row() { # summary_row <label> <value> <verdict>
  [[ $2 == "-" ]] && set -- "$1" "$2" "n/a"
  printf '%-58s %10s   %s\n' "$1" "$2" "$3"
  jq -nc --arg text "$1" --arg value "$2" --arg verdict "$3" \
    '{"label":$text, value:(if $value == "-" then null else ($value|tonumber? // $value) end), verdict:$verdict}' >>"$SUMMARY"
}
ratio() { # ratio <jq expression over $w and $l> -> number or "-"
  jq -r --argjson w "$W" --argjson l "$LIMITS" "($1) as \$r | if \$r == null then \"-\" else (\$r*100|round/100|tostring) end" <<<'null' 2>/dev/null || echo "-"
}
rps() { echo "(\$w[\"$1\"] | if . == null or .skipped then null else .rps end)"; }
p99() { echo "(\$w[\"$1\"] | if . == null or .skipped then null else .p99_ms end)"; }
div() { echo "(if $1 == null or $2 == null or $2 == 0 then null else $1 / $2 end)"; }
verdict() { # verdict <value> <op> <threshold>
  [[ $1 == "-" ]] && { echo "n/a"; return; }
  if awk -v v="$1" -v t="$3" "BEGIN { exit !(v $2 t) }"; then echo "ok (target $2 $3)"; else echo "BELOW TARGET ($2 $3)"; fi
}

r="$(ratio "$(div "($(rps ours/items_bearer) + $(rps ours/items_bearer_2))" "($(rps ours/items_anonymous) + $(rps ours/items_anonymous_2))")")"
summary_row "Resources protected / anonymous GET /items (both pairs)" "$r" "$(verdict "$r" '>=' 0.9)"
r="$(ratio "$(div "$(rps ours/client_credentials)" '$l.rs256_sign_per_s')")"
summary_row "client_credentials / RS256-sign limit" "$r" "$(verdict "$r" '>=' 0.6)"
r="$(ratio "$(div "$(rps ours/client_credentials)" '$l.pbkdf2_client_secret_verify_per_s')")"
summary_row "client_credentials / client-secret PBKDF2 limit" "$r" "(explains a low RS256 fraction)"
r="$(ratio "$(div "$(rps ours/client_credentials)" "$(rps peer/client_credentials)")")"
summary_row "client_credentials ours / peer" "$r" "$(verdict "$r" '>=' 2)"
r="$(ratio "$(rps ours/refresh_token)")"
summary_row "refresh_token rotation req/s (SQLite)" "$r" "$(verdict "$r" '>=' 1000)"
r="$(ratio "$(div "$(rps ours/refresh_token)" '$l.rs256_sign_per_s')")"
summary_row "refresh_token / RS256-sign limit" "$r" ""
r="$(ratio "$(div "$(rps ours/refresh_token)" "$(rps peer/refresh_token)")")"
summary_row "refresh_token ours / peer" "$r" "$(verdict "$r" '>=' 2)"
r="$(jq -r --argjson w "$W" '$w["ours/refresh_token"] | if . == null then "-" else (.non2xx + .socket_errors.timeout + .socket_errors.read) end' <<<null)"
summary_row "refresh_token errors (non-2xx + socket)" "$r" "$(verdict "$r" '==' 0)"
for workload in client_credentials refresh_token; do
  for instances in 1 2; do
    r="$(ratio "$(rps "pg$instances/$workload")")"
    summary_row "$workload req/s PostgreSQL, $instances instance(s)" "$r" "$(ratio "$(div "$(rps "pg$instances/$workload")" "$(rps "ours/$workload")")")x SQLite's"
  done
done
r="$(jq -r --argjson w "$W" '[$w["pg1/refresh_token"], $w["pg2/refresh_token"]] | map(select(. != null and (.skipped|not))) | if length == 0 then "-" else map(.non2xx + .socket_errors.timeout + .socket_errors.read) | add end' <<<null)"
summary_row "refresh_token errors on PostgreSQL (1 and 2 instances)" "$r" "$(verdict "$r" '==' 0)"
r="$(ratio "$(div "$(rps ours/password)" '$l.pbkdf2_identity_verify_per_s')")"
summary_row "password / PBKDF2 limit" "$r" "$(verdict "$r" '>=' 0.85)"
r="$(ratio "$(p99 ours/items_bearer_probe)")"
summary_row "Resources p99 ms, no storm ($PROBE_CONNECTIONS conn.)" "$r" ""
r="$(ratio "$(p99 ours/items_bearer_during_storm)")"
summary_row "Resources p99 ms during login storm ($PROBE_CONNECTIONS conn.)" "$r" "$(verdict "$r" '<' 25)"
r="$(ratio "$(p99 ours/discovery_probe)")"
summary_row "discovery p99 ms, no storm ($PROBE_CONNECTIONS conn.)" "$r" ""
r="$(ratio "$(p99 ours/discovery_during_storm)")"
summary_row "discovery p99 ms during login storm ($PROBE_CONNECTIONS conn.)" "$r" "$(verdict "$r" '<' 25)"
r="$(ratio "$(div "$(rps ours/discovery)" "$(rps ours/hello)")")"
summary_row "discovery / hello-world" "$r" "$(verdict "$r" '>=' 0.8)"
r="$(ratio "$(div "$(rps ours/jwks)" "$(rps ours/hello)")")"
summary_row "jwks / hello-world" "$r" "$(verdict "$r" '>=' 0.8)"
r="$(ratio "$(div "$(rps ours/discovery)" "$(rps peer/discovery)")")"
summary_row "discovery ours / peer" "$r" ""
r="$(ratio "$(div "$(rps ours/jwks)" "$(rps peer/jwks)")")"
summary_row "jwks ours / peer" "$r" ""
r="$(ratio "$(div "$(rps ours/introspect_refresh)" "$(rps peer/introspect_refresh)")")"
summary_row "introspection ours / peer" "$r" ""
r="$(jq -r '.final_rss_kib/1024|floor' <<<"$MEMORY")"
summary_row "IdentityHost RSS MiB after the suite" "$r" "$(verdict "$r" '<=' 150)"
if wants 3; then
  summary_row "database KiB before -> after refresh run" "$((DB_BEFORE / 1024)) -> $((DB_AFTER / 1024))" "(pruning every 5 s)"
  growth_verdict="GROWS (more than 10%)"
  (( DB_GROWTH_AFTER * 10 <= DB_GROWTH_MID * 11 )) && growth_verdict="ok: second half flat within 10% (pruning keeps pace)"
  summary_row "database KiB over $DB_GROWTH_ROTATIONS rotations (before, halfway, after)" "$((DB_GROWTH_BEFORE / 1024)) $((DB_GROWTH_MID / 1024)) $((DB_GROWTH_AFTER / 1024))" "$growth_verdict"
fi

# ---- the JSON file ----------------------------------------------------------------------------------------------------
mkdir -p "$RESULTS_DIR"
jq -s \
  --arg stamp "$STAMP" \
  --arg cpu "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
  --arg cores "$(nproc)" \
  --arg kernel "$(uname -r)" \
  --arg dotnet "$(dotnet --version)" \
  --arg node "$(node --version 2>/dev/null || echo none)" \
  --arg wrk "$(wrk --version 2>&1 | head -1 | awk '{print $2}')" \
  --arg commit "$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --arg dirty "$(git -C "$REPO_DIR" status --porcelain 2>/dev/null | grep -c . || true)" \
  --argjson limits "$LIMITS" \
  --argjson memory "$MEMORY" \
  --slurpfile summary "$SUMMARY" \
  --argjson db_before "$DB_BEFORE" --argjson db_after "$DB_AFTER" \
  --argjson db_growth_rotations "$DB_GROWTH_ROTATIONS" --argjson db_growth_before "$DB_GROWTH_BEFORE" --argjson db_growth_mid "$DB_GROWTH_MID" --argjson db_growth_after "$DB_GROWTH_AFTER" \
  --argjson settings "$(jq -nc --argjson s "$SECONDS_PER" --argjson c "$CONNECTIONS" --argjson t "$WRK_THREADS" \
      --argjson pc "$PASSWORD_CONNECTIONS" --argjson sc "$STORM_CONNECTIONS" --argjson pr "$PROBE_CONNECTIONS" --argjson wu "$WARMUP" --argjson rt "$REFRESH_TOKENS" --arg chain "$REFRESH_CHAIN" \
      '{seconds:$s, connections:$c, wrk_threads:$t, password_connections:$pc, storm_connections:$sc, probe_connections:$pr, warmup_seconds:$wu, refresh_tokens:$rt, refresh_chain:($chain=="1")}')" \
  '{timestamp:$stamp, commit:$commit, uncommitted_changes:($dirty|tonumber),
    machine:{cpu:$cpu, cores:($cores|tonumber), kernel:$kernel, dotnet:$dotnet, node:$node, wrk:$wrk},
    settings:$settings, limits:$limits, workloads:., summary:$summary, memory:$memory,
    database:{identity_db_and_wal_bytes_before_refresh:$db_before, identity_db_and_wal_bytes_after_refresh:$db_after,
      growth_run:{rotations:$db_growth_rotations, bytes_before:$db_growth_before, bytes_halfway:$db_growth_mid, bytes_after:$db_growth_after}}}' \
  "$LINES" >"$RESULT_FILE"
echo "results: ${RESULT_FILE#"$REPO_DIR/"}"
