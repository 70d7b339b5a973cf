# Shared by bench/run and bench/faults (sourced, not run): starting the service, GraphQL over
# curl, and the LA read operations with their mix. Expects PORT, PG_URL and DB to be set.

export PERMANENCE_JWT_SECRET=benchmark-secret-of-at-least-32-characters
bin=target/release/permanence

# The LA integration reads: a referral page of 50 with child and placement; a placement with
# first 20 contact sessions (placement_body ID); the outcome report for a financial year.
PAGE_BODY='{"query":"{ referrals(first: 50) { totalCount nodes { id status child { laReference dateOfBirth } placement { id status startedOn } } } }"}'
OUTCOMES_BODY='{"query":"{ outcomes(period: {from: \"2025-04-01\", to: \"2026-03-31\"}) { referrals { received beforeBirth } placements { started adopted openAtEnd } timeliness { a10 { count mean median } a1 { mean } } proceedings { concluded within26Weeks } contact { offered attended settlingInAlerts frequencyAlerts travelAlerts } } }"}'
placement_body() {
  printf '{"query":"{ placement(id: \\"%s\\") { id status contactSessions(first: 20) { nodes { id startsAt outcome } } } }"}' "$1"
}

# start_server LOG [VAR=value ...]: starts the release binary on $PORT against $DB and waits
# until it is ready; its pid is in $server.
start_server() {
  local log=$1
  shift
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
    echo "something already listens on port $PORT; stop it or set PORT" >&2
    return 1
  fi
  # wrk connects from one address: no per-address connection cap, as behind a proxy.
  env DATABASE_URL="$PG_URL/$DB" PERMANENCE_LISTEN=127.0.0.1:$PORT PERMANENCE_RATE_LIMIT_PER_MINUTE=0 PERMANENCE_MAX_CONNECTIONS_PER_ADDRESS=0 \
    PERMANENCE_DB_MAX_CONNECTIONS=16 RUST_LOG=warn "$@" $bin serve >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    kill -0 "$server" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return 0
    sleep 0.2
  done
  echo "the service did not become ready; see $log" >&2
  return 1
}

gql() { # token body
  curl -s "http://127.0.0.1:$PORT/graphql" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$2"
}

# placement_ids TOKEN N: the ids of the first N placements the token's authority sees.
placement_ids() {
  gql "$1" "{\"query\":\"{ placements(first: $2) { nodes { id } } }\"}" |
    python3 -c 'import json,sys; print("\n".join(n["id"] for n in json.load(sys.stdin)["data"]["placements"]["nodes"]))'
}

# write_la_mix TOKEN FILE: the LA read mix for wrk (one body per line, taken in turn): in every
# ten requests, five referral pages, four placements with their sessions (twenty different
# placements over the file) and one outcome report.
write_la_mix() {
  local ids
  mapfile -t ids < <(placement_ids "$1" 20)
  : >"$2"
  for cycle in $(seq 0 19); do
    for k in 0 1 2 3 4 5 6 7 8 9; do
      case $k in
        0 | 2 | 4 | 6 | 8) echo "$PAGE_BODY" ;;
        9) echo "$OUTCOMES_BODY" ;;
        *) placement_body "${ids[$(((cycle * 4 + k) % ${#ids[@]}))]}"; echo ;;
      esac
    done >>"$2"
  done
}
