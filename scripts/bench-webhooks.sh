# Sourced by scripts/bench: the webhook ingestion benchmark (docs/PERFORMANCE.md, "Webhook ingestion benchmark").
#   bench_webhooks [--db pg|h2|both] [--duration SECONDS] [--rate EVENTS_PER_S] [--concurrency N] [--keep]
# For each database: build the jar once; a fresh database (PostgreSQL: a new schema; H2: a new data directory); the
# example vaults imported; `licensing serve` started as a child process on a free port; then
#   phase A  closed loop, --concurrency senders, --duration s, seed 1; wait until every event is posted; on
#            PostgreSQL the raw insert baseline of the rows the run wrote (licensing loadgen --baseline-db)
#   phase B  open loop at --rate events/s for --duration s, seed 2; wait until posted
# and the server stopped. Ends with a markdown table. JSON reports and server logs go to
# target/bench-webhooks/<time>/. PostgreSQL: LICENSING_BENCH_PG_URL, else LICENSING_TEST_PG_URL, else the local
# `test` database; schemas are dropped at the end unless --keep. Needs psql for creating and dropping the schema.
# JVM flags: LICENSING_BENCH_SERVER_OPTS for the server (default none: measured as deployed) and
# LICENSING_BENCH_LOADGEN_OPTS for the load generator (default -XX:TieredStopAtLevel=1, C1 only: sending 60,000
# events to a server that answers at once took 9.4 CPU-seconds instead of 14.4, most of the difference being C2
# compiler threads, CPU a 2-core benchmark would otherwise take from the server it measures).

bw_server_pid=""
bw_server_log=""
bw_schemas=()
bw_keep=false
bw_pg_url=""
bw_out_dir=""

bw_fail() {
  echo "bench webhooks: $*" >&2
  exit 1
}

bw_cleanup() {
  local status=$?
  bw_stop_server
  if [ "$bw_keep" = false ]; then
    for schema in "${bw_schemas[@]}"; do
      psql "${bw_pg_url#jdbc:}" -qc "DROP SCHEMA IF EXISTS \"$schema\" CASCADE" >/dev/null 2>&1 \
        || echo "bench webhooks: could not drop schema $schema" >&2
    done
  elif [ "${#bw_schemas[@]}" -gt 0 ]; then
    echo "bench webhooks: kept schema(s) ${bw_schemas[*]}" >&2
  fi
  [ -n "$bw_out_dir" ] && echo "bench webhooks: reports and server logs in $bw_out_dir" >&2
  exit "$status"
}

bw_stop_server() {
  [ -n "$bw_server_pid" ] || return 0
  if kill -0 "$bw_server_pid" 2>/dev/null; then
    kill -TERM "$bw_server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$bw_server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$bw_server_pid" 2>/dev/null && kill -KILL "$bw_server_pid" 2>/dev/null
  fi
  wait "$bw_server_pid" 2>/dev/null || true
  bw_server_pid=""
}

bw_positive_int() { # name value
  [[ "$2" =~ ^[1-9][0-9]{0,8}$ ]] || bw_usage "$1 must be a positive whole number, not '$2'"
}

bw_usage() {
  echo "bench webhooks: $1" >&2
  echo "usage: scripts/bench webhooks [--db pg|h2|both] [--duration SECONDS] [--rate EVENTS_PER_S]" \
    "[--concurrency N] [--keep]" >&2
  exit 2
}

bench_webhooks() {
  local db_choice=both duration=30 rate=1000 concurrency=64
  while [ $# -gt 0 ]; do
    case "$1" in
      --db) [ $# -ge 2 ] || bw_usage "--db needs a value"; db_choice="$2"; shift 2 ;;
      --db=*) db_choice="${1#--db=}"; shift ;;
      --duration) [ $# -ge 2 ] || bw_usage "--duration needs a value"; duration="$2"; shift 2 ;;
      --duration=*) duration="${1#--duration=}"; shift ;;
      --rate) [ $# -ge 2 ] || bw_usage "--rate needs a value"; rate="$2"; shift 2 ;;
      --rate=*) rate="${1#--rate=}"; shift ;;
      --concurrency) [ $# -ge 2 ] || bw_usage "--concurrency needs a value"; concurrency="$2"; shift 2 ;;
      --concurrency=*) concurrency="${1#--concurrency=}"; shift ;;
      --keep) bw_keep=true; shift ;;
      *) bw_usage "unknown option '$1'" ;;
    esac
  done
  local dbs
  case "$db_choice" in
    pg) dbs=(pg) ;;
    h2) dbs=(h2) ;;
    both) dbs=(pg h2) ;;
    *) bw_usage "--db must be pg, h2 or both, not '$db_choice'" ;;
  esac
  bw_positive_int --duration "$duration"
  bw_positive_int --rate "$rate"
  bw_positive_int --concurrency "$concurrency"

  bw_pg_url="${LICENSING_BENCH_PG_URL:-${LICENSING_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}}"
  if [[ " ${dbs[*]} " == *" pg "* ]]; then
    command -v psql >/dev/null || bw_fail "psql not found; it creates the benchmark's PostgreSQL schema"
    psql "${bw_pg_url#jdbc:}" -qAtc "SELECT 1" >/dev/null \
      || bw_fail "cannot reach PostgreSQL at $bw_pg_url (set LICENSING_BENCH_PG_URL)"
  fi

  echo "bench webhooks: building target/licensing.jar" >&2
  ./mvnw -q -DskipTests package >&2 || bw_fail "build failed; run ./mvnw -DskipTests package to see why"
  bw_out_dir="$here/target/bench-webhooks/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$bw_out_dir"
  trap bw_cleanup EXIT
  trap 'exit 130' INT TERM
  # A fresh secret per run, shared by the server and the load generator through the environment.
  LICENSING_STRIPE_WEBHOOK_SECRET="whsec_bench_$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  export LICENSING_STRIPE_WEBHOOK_SECRET

  local reports=()
  for db in "${dbs[@]}"; do
    bw_one "$db" "$duration" "$rate" "$concurrency"
    reports+=("$bw_out_dir/$db-a.json" "$bw_out_dir/$db-b.json")
  done
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, phases of $duration s; A: closed loop, $concurrency senders;" \
    "B: $rate events/s open loop"
  echo
  "$java_bin" -cp "$here/target/licensing.jar" ai.mirroros.licensing.loadgen.LoadReportTable "${reports[@]}"
}

bw_one() { # db duration rate concurrency
  local db=$1 duration=$2 rate=$3 concurrency=$4
  local data_dir="$bw_out_dir/$db-data" db_url="" label log="$bw_out_dir/$db-server.log"
  local jar="$here/target/licensing.jar"
  mkdir -p "$data_dir"
  if [ "$db" = pg ]; then
    local schema
    schema="bench_wh_$(date -u +%Y%m%d%H%M%S)_$$"
    psql "${bw_pg_url#jdbc:}" -v ON_ERROR_STOP=1 -qc "CREATE SCHEMA \"$schema\"" >/dev/null \
      || bw_fail "could not create schema $schema"
    bw_schemas+=("$schema")
    local separator='?'
    [[ "$bw_pg_url" == *\?* ]] && separator='&'
    db_url="$bw_pg_url${separator}currentSchema=$schema"
    label="PostgreSQL"
  else
    label="H2"
  fi
  # The server and the CLI see only this run's database: LICENSING_DB_URL set for PostgreSQL, unset for H2. No
  # Stripe API key: the benchmark must not call Stripe (charges embed their balance transactions, renewals use the
  # vault's fee schedule).
  local env_db=(env -u LICENSING_DB_URL -u LICENSING_STRIPE_API_KEY -u LICENSING_STRIPE_API_BASE
    LICENSING_DATA_DIR="$data_dir")
  [ -n "$db_url" ] && env_db+=(LICENSING_DB_URL="$db_url")

  echo "bench webhooks: $label: importing examples/licensed-vaults.json" >&2
  "${env_db[@]}" "$java_bin" -jar "$jar" vaults import "$here/examples/licensed-vaults.json" \
    >"$bw_out_dir/$db-import.log" 2>&1 || bw_fail "vault import failed; see $bw_out_dir/$db-import.log"

  # shellcheck disable=SC2086 # the options are a word list on purpose
  "${env_db[@]}" "$java_bin" ${LICENSING_BENCH_SERVER_OPTS:-} -jar "$jar" serve --host 127.0.0.1 --port 0 \
    >"$log" 2>&1 &
  bw_server_pid=$!
  bw_server_log="$log"
  local port=""
  for _ in $(seq 1 600); do
    kill -0 "$bw_server_pid" 2>/dev/null || { tail -n 20 "$log" >&2; bw_fail "the $label server exited; see $log"; }
    port="$(sed -n 's#.*serving on http://[^:]*:\([0-9][0-9]*\).*#\1#p' "$log" | head -n 1)"
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || bw_fail "the $label server did not start within 60 s; see $log"
  local url="http://127.0.0.1:$port"
  echo "bench webhooks: $label server on $url (log $log)" >&2

  local loadgen=("${env_db[@]}" "$java_bin")
  # shellcheck disable=SC2206
  loadgen+=(${LICENSING_BENCH_LOADGEN_OPTS--XX:TieredStopAtLevel=1} -jar "$jar" loadgen --url "$url"
    --vaults "$here/examples/licensed-vaults.json" --duration "${duration}s" --wait-posted --json)
  local baseline=()
  [ -n "$db_url" ] && baseline=(--baseline-db "$db_url")

  echo "bench webhooks: $label phase A: max throughput, $concurrency senders, $duration s" >&2
  bw_phase "$label phase A" "$bw_out_dir/$db-a.json" "${loadgen[@]}" --label "$label A: max" --rate 0 \
    --concurrency "$concurrency" --seed 1 "${baseline[@]}"
  echo "bench webhooks: $label phase B: $rate events/s, $duration s" >&2
  bw_phase "$label phase B" "$bw_out_dir/$db-b.json" "${loadgen[@]}" --label "$label B: $rate/s" \
    --rate "$rate" --concurrency "$concurrency" --seed 2
  bw_stop_server
}

bw_phase() { # description report-file command…
  local what=$1 report=$2 status=0
  shift 2
  "$@" >"$report" || status=$?
  case $status in
    0) ;;
    1) echo "bench webhooks: $what finished with failures; they are in the table and in $report" >&2 ;;
    *)
      if [ -n "$bw_server_pid" ] && ! kill -0 "$bw_server_pid" 2>/dev/null; then
        tail -n 5 "$bw_server_log" >&2
        bw_fail "the server exited during $what (a signal from elsewhere, or a crash); see $bw_server_log"
      fi
      bw_fail "$what could not run (loadgen exit $status, its reason is above)" ;;
  esac
}
