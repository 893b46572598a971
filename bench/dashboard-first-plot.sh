#!/usr/bin/env bash
# Time from navigation to the first drawn ECG in headless Debian Chromium, driven through chromedriver's
# W3C WebDriver HTTP API with curl (no client library). The page records performance.now() when it has
# drawn its first window (document.body.dataset.firstPlotMs). A fresh browser profile per run: cold
# HTTP cache, warm server.
# Usage: bench/dashboard-first-plot.sh RESULTS_DIR [RECORD] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:?results directory}
RECORD=${2:-101}
RUNS=${3:-5}
PORT=7411
DPORT=9517
java -Xmx256m -jar dashboard/target/dashboard.jar --data "$DATA" --host 127.0.0.1 --port $PORT >/tmp/dashboard-fp.log 2>&1 &
spid=$!
/usr/bin/chromedriver --port=$DPORT >/tmp/chromedriver-fp.log 2>&1 &
dpid=$!
trap 'kill $spid $dpid 2>/dev/null || true' EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; do sleep 0.05; done
until curl -fsS -o /dev/null "http://127.0.0.1:$DPORT/status" 2>/dev/null; do sleep 0.05; done
WD="http://127.0.0.1:$DPORT"
for i in $(seq "$RUNS"); do
  profile=$(mktemp -d)
  caps='{"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new","--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--window-size=1280,1000","--user-data-dir='"$profile"'"]}}}}'
  sid=$(curl -fsS -X POST -H 'Content-Type: application/json' -d "$caps" "$WD/session" | grep -o '"sessionId":"[^"]*"' | cut -d'"' -f4)
  curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$PORT/?record=$RECORD&start=600\"}" "$WD/session/$sid/url" >/dev/null
  ms=""
  for _ in $(seq 100); do
    ms=$(curl -fsS -X POST -H 'Content-Type: application/json' \
      -d '{"script":"return document.body.dataset.firstPlotMs || \"\";","args":[]}' "$WD/session/$sid/execute/sync" \
      | grep -o '"value":"[0-9]*"' | cut -d'"' -f4 || true)
    [ -n "$ms" ] && break
    sleep 0.1
  done
  echo "run $i: first plot ${ms:-never} ms after navigation"
  curl -fsS -X DELETE "$WD/session/$sid" >/dev/null
  rm -rf "$profile"
done
