#!/usr/bin/env bash
# Runs inside pg_virtualenv (bench/run.sh): every PostgreSQL measure, each side by side in rounds,
# and prints one line per row: name, median ratio, min, max. RUNS rounds, SECONDS per measure.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
SECONDS_EACH=${SECONDS_EACH:-5}
results=${1:-/dev/stdout}
createdb bench
psql -X -q -v sessions=10000 -d bench -f pgbench/setup.sql >/dev/null
psql -X -q -d bench -c "SELECT lucia_create_key('u00000000000001', 'email', 'bench@example.com', 'correct horse battery staple')" >/dev/null

# TPS of one pgbench script: mode, clients, script, sessions.
tps() {
  pgbench -n -M "$1" -c "$2" -j "$2" -T "$SECONDS_EACH" -D sessions="$4" -f "pgbench/$3.sql" bench 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}
# Latencies in ms (median or mean) of scripts run interleaved in one pgbench (each transaction
# picks one at random), so that the machine's drift hits them alike: statistic, protocol mode,
# clients, then script names; prints one figure per script.
latencies() {
  local stat=$1 mode=$2 clients=$3 logs
  shift 3
  logs=$(mktemp -d)
  pgbench -n -M "$mode" -c "$clients" -j "$clients" -T "$SECONDS_EACH" -D sessions=10000 \
    $(printf -- '-f pgbench/%s.sql ' "$@") -l --log-prefix="$logs/log" bench >/dev/null 2>&1
  python3 ../bench/script_latencies.py "$stat" "$logs"/log*
  rm -rf "$logs"
}
# name, then two commands printing one number each; rounds alternate the two.
compare() {
  local name=$1 a=$2 b=$3 as="" bs=""
  for _ in $(seq "$RUNS"); do
    as+="${as:+,}$(eval "$a")"
    bs+="${bs:+,}$(eval "$b")"
  done
  echo "$name $(python3 ../bench/ratio.py "$as" "$bs") a=$as b=$bs" | tee -a "$results"
}
# name, clients, lucia's script, the bare script: TPS ratio lucia / bare from one interleaved
# pgbench per round, i.e. the bare script's mean latency over lucia's.
interleaved() {
  local name=$1 clients=$2 ours=$3 bare=$4 as="" bs="" o b
  for _ in $(seq "$RUNS"); do
    read -r o b < <(latencies mean prepared "$clients" "$ours" "$bare")
    as+="${as:+,}$b"
    bs+="${bs:+,}$o"
  done
  echo "$name $(python3 ../bench/ratio.py "$as" "$bs") bare_ms=$as lucia_ms=$bs" | tee -a "$results"
}

# TPS against the bare statements, interleaved per transaction (the table's rows): all of
# lucia's columns, and the same columns as the bare statement.
for c in 1 2; do
  interleaved validate_session_c$c $c validate_session bare_session
  interleaved validate_session_columns_c$c $c validate_session_columns bare_session
  interleaved validate_session_user_c$c $c validate_session_user bare_session_user
  interleaved validate_session_user_columns_c$c $c validate_session_user_columns bare_session_user
  interleaved create_session_c$c $c create_session bare_insert
done
# The same as separate pgbench runs, one after the other in each round (a cross-check: the
# machine's drift between two runs moves these by up to 0.1).
compare validate_session_c1_separate "tps prepared 1 validate_session 10000" "tps prepared 1 bare_session 10000"
compare validate_session_c2_separate "tps prepared 2 validate_session 10000" "tps prepared 2 bare_session 10000"
compare validate_session_user_c1_separate "tps prepared 1 validate_session_user 10000" "tps prepared 1 bare_session_user 10000"
compare validate_session_user_c2_separate "tps prepared 2 validate_session_user 10000" "tps prepared 2 bare_session_user 10000"
compare create_session_c1_separate "tps prepared 1 create_session 10000" "tps prepared 1 bare_insert 10000"
compare create_session_c2_separate "tps prepared 2 create_session 10000" "tps prepared 2 bare_insert 10000"
compare validate_key_vs_openssl "latencies median prepared 1 validate_key_right" "../build/scrypt_bench 15"
# The two failing logins interleaved in one pgbench per round: ratio of their median latencies.
unknown="" wrong=""
for _ in $(seq "$RUNS"); do
  read -r u w < <(latencies median simple 1 unknown_key wrong_password)
  unknown+="${unknown:+,}$u"
  wrong+="${wrong:+,}$w"
done
echo "unknown_key_vs_wrong_password $(python3 ../bench/ratio.py "$unknown" "$wrong") a=$unknown b=$wrong" | tee -a "$results"

# The same validation with 1,000,000 sessions in the table (cost ratio: TPS at 10k / TPS at 1M).
small=""
for _ in $(seq "$RUNS"); do small+="${small:+,}$(tps prepared 1 validate_session 10000)"; done
psql -X -q -d bench -c "INSERT INTO auth_session SELECT 'm' || lpad(i::text, 39, '0'), 'u' || lpad((i % 1000 + 1)::text, 14, '0'), 9000000000000, 9000000000000 FROM generate_series(1, 990000) i" -c "VACUUM ANALYZE auth_session" >/dev/null
large=""
for _ in $(seq "$RUNS"); do large+="${large:+,}$(tps prepared 1 validate_session 10000)"; done
echo "cost_1m_vs_10k $(python3 ../bench/ratio.py "$small" "$large") a=$small b=$large" | tee -a "$results"
