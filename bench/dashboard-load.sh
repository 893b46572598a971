#!/usr/bin/env bash
# Trace-window speed of the dashboard under wrk (Debian package `wrk`), on a 30-minute MIT-BIH record and
# on a 24-hour synthetic record, each served by its own dashboard JVM (-Xmx256m) on loopback.
# Usage: bench/dashboard-load.sh MITDB_RESULTS_DIR DAY_RESULTS_DIR [SECONDS]
#   MITDB results: java -jar convert/target/convert.jar /work/shared/data/mitdb D/h5 && java -jar analyze/target/analyze.jar D/h5 D/results
#   24 h record:   java -jar demo/target/demo.jar generate W --records 1 --minutes 1440, then convert and analyze it
# For each record it measures, with the page's own request (one lead, 2000 points, 10 s window, gzip):
#   latency  1 connection, 1 thread (server time + loopback): median and p99 from wrk --latency
#   load     64 connections, 2 threads: requests/s, errors, latency percentiles
# both for one repeated window (the ETag/gzip cache answers) and for a random window per request (every
# request reads, downsamples, serialises and compresses anew: the worst case for a panning user).
set -euo pipefail
cd "$(dirname "$0")/.."
MITDB=${1:?results dir of the MIT-BIH records}
DAY=${2:?results dir of the 24-hour record}
SECS=${3:-30}
JAR=dashboard/target/dashboard.jar
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 69; }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start_server() { # dir port
  java -Xmx256m -jar "$JAR" --data "$1" --host 127.0.0.1 --port "$2" >"/tmp/dashboard-bench-$2.log" 2>&1 &
  pids+=($!)
  until curl -fsS -o /dev/null "http://127.0.0.1:$2/health" 2>/dev/null; do sleep 0.05; done
}
start_server "$MITDB" 7401
start_server "$DAY" 7402
DAY_ID=$(curl -fsS http://127.0.0.1:7402/api/records | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
DAY_LEN=$(curl -fsS http://127.0.0.1:7402/api/records | grep -o '"duration_s":[0-9.]*' | head -1 | cut -d: -f2)
LUA=$(mktemp --suffix .lua)
cat >"$LUA" <<'LUAEOF'
-- a random 10 s window per request; PATH_PREFIX and LEN come from the environment
local prefix = os.getenv("PATH_PREFIX")
local len = tonumber(os.getenv("LEN"))
math.randomseed(os.time())
request = function()
  local s = math.random() * (len - 10)
  return wrk.format("GET", string.format("%s?start=%.3f&end=%.3f&maxPoints=2000&lead=0", prefix, s, s + 10))
end
LUAEOF
run() { # label port id len
  local base="http://127.0.0.1:$2/api/records/$3/trace"
  local fixed="$base?start=600&end=610&maxPoints=2000&lead=0"
  # warm up: JIT, page cache, the record's annotations
  wrk -t2 -c16 -d5s -H 'Accept-Encoding: gzip' "$fixed" >/dev/null
  PATH_PREFIX="/api/records/$3/trace" LEN=$4 wrk -t2 -c16 -d5s -H 'Accept-Encoding: gzip' -s "$LUA" "$base" >/dev/null
  local size plain
  size=$(curl -fsS -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$fixed")
  plain=$(curl -fsS -o /dev/null -w '%{size_download}' "$fixed")
  local both
  both=$(curl -fsS -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base?start=600&end=610&maxPoints=20000")
  echo "== $1: payload gzip ${size} B (plain ${plain} B); both leads at the 20000-point maximum: ${both} B gzip"
  echo "-- $1, same window, 1 connection:"
  wrk -t1 -c1 -d10s --latency -H 'Accept-Encoding: gzip' "$fixed" | grep -E '^\s+(50|99)%|Requests/sec'
  echo "-- $1, random window, 1 connection:"
  PATH_PREFIX="/api/records/$3/trace" LEN=$4 wrk -t1 -c1 -d10s --latency -H 'Accept-Encoding: gzip' -s "$LUA" "$base" \
    | grep -E '^\s+(50|99)%|Requests/sec'
  echo "-- $1, same window, 64 connections ${SECS}s:"
  wrk -t2 -c64 -d"${SECS}s" --latency -H 'Accept-Encoding: gzip' "$fixed" | grep -E '^\s+(50|99)%|Requests/sec|Non-2xx|Socket errors'
  echo "-- $1, random window, 64 connections ${SECS}s:"
  PATH_PREFIX="/api/records/$3/trace" LEN=$4 wrk -t2 -c64 -d"${SECS}s" --latency -H 'Accept-Encoding: gzip' -s "$LUA" "$base" \
    | grep -E '^\s+(50|99)%|Requests/sec|Non-2xx|Socket errors'
}
# load one server at a time: the other JVM stays idle
run "30-min record 101" 7401 101 1805
run "24-h record $DAY_ID" 7402 "$DAY_ID" "$DAY_LEN"
rm -f "$LUA"
