#!/usr/bin/env bash
# Dashboard startup time and heap on a results directory (default: the 26 MIT-BIH records).
# Usage: bench/dashboard-startup.sh [RESULTS_DIR] [PORT]
# Starts dashboard.jar with -Xmx256m (a 512 MB Heroku dyno), times launch -> first 200 from /health,
# then asks every record for its detail, HR trend, a 30-min-wide trace and beats, and reports the heap in
# use after a full GC (jcmd GC.heap_info) plus the process RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/tmp/dash6/results}
PORT=${2:-7391}
JAR=dashboard/target/dashboard.jar
[ -f "$JAR" ] || { echo "build it first: ./mvnw -B -o -q -pl dashboard package -DskipTests" >&2; exit 66; }
t0=$(date +%s%N)
java -Xmx256m -jar "$JAR" --data "$DATA" --host 127.0.0.1 --port "$PORT" >/tmp/dashboard-startup.out 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { cat /tmp/dashboard-startup.out; exit 1; }
  sleep 0.02
done
t1=$(date +%s%N)
echo "startup_ms=$(( (t1 - t0) / 1000000 )) records=$(curl -fsS http://127.0.0.1:$PORT/health)"
for id in $(curl -fsS "http://127.0.0.1:$PORT/api/records" | grep -o '"id":"[^"]*"' | cut -d'"' -f4); do
  for q in "" "/hr" "/trace?start=0&end=1800" "/beats?start=0&end=1800" "/trace?start=600&end=610"; do
    curl -fsS -H 'Accept-Encoding: gzip' -o /dev/null "http://127.0.0.1:$PORT/api/records/$id$q"
  done
done
jcmd $pid GC.run >/dev/null
echo "heap_after_gc: $(jcmd $pid GC.heap_info | grep -iE 'garbage-first heap|total' | head -1 | sed 's/^ *//')"
echo "rss_kb=$(ps -o rss= -p $pid | tr -d ' ')"
kill -TERM $pid
wait $pid || true
tail -1 /tmp/dashboard-startup.out
