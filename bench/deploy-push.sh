#!/usr/bin/env bash
# Deploy stage timings on this machine: assemble + rehearse + push of the 26-record MIT-BIH dashboard to a
# local git server (git daemon on loopback), its boot to healthy, and the app (slug) size; side by side with
# the plain git CLI pushing the same app directory (the peer: what a hand deploy to Heroku does).
#
#   bench/deploy-push.sh [RESULTS_DIR] [REPEATS]
#
# RESULTS_DIR defaults to /tmp/deploy-bench/results, made from $MITDB_DIR (default /work/shared/data/mitdb)
# with the convert and analyze jars when missing. Needs the deploy, dashboard, convert and analyze jars.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${DEPLOY_BENCH_DIR:-/tmp/deploy-bench}
RESULTS=${1:-$WORK/results}
REPEATS=${2:-3}
MITDB=${MITDB_DIR:-/work/shared/data/mitdb}
for j in deploy dashboard convert analyze; do
  [ -f "$j/target/$j.jar" ] || { echo "build $j/target/$j.jar first" >&2; exit 66; }
done
mkdir -p "$WORK"
if [ ! -f "$RESULTS/summary.json" ]; then
  java -jar convert/target/convert.jar "$MITDB" "$WORK/h5" >/dev/null
  java -jar analyze/target/analyze.jar "$WORK/h5" "$RESULTS" >/dev/null
fi

SERVE=$WORK/served
rm -rf "$SERVE" && mkdir -p "$SERVE"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git daemon --export-all --enable=receive-pack --base-path="$SERVE" --listen=127.0.0.1 --port="$PORT" \
  --reuseaddr --informative-errors "$SERVE" >"$WORK/daemon.log" 2>&1 &
DAEMON=$!
trap 'kill $DAEMON 2>/dev/null || true' EXIT
sleep 0.5

fresh_repo() { rm -rf "$SERVE/$1.git"; git init -q --bare -b main "$SERVE/$1.git"; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $(ls "$RESULTS"/*.h5 | wc -l) records, $(du -sh "$RESULTS" | cut -f1) in $RESULTS"
echo "run  ours-first(s)  ours-again(s)  boot-to-healthy(s)  ours-no-rehearse(s)  git-cli(s)"
for i in $(seq 1 "$REPEATS"); do
  fresh_repo app
  rm -rf "$WORK/app" "$WORK/.app.git"
  t0=$(now)
  java -jar deploy/target/deploy.jar --app ecg-bench --data "$RESULTS" --app-dir "$WORK/app" \
    --git-url "git://127.0.0.1:$PORT/app.git" >"$WORK/ours-$i.log" 2>&1
  t1=$(now)
  boot=$(sed -n 's/^rehearsal: \/health answered 200 after \([0-9.]*\) s.*/\1/p' "$WORK/ours-$i.log")
  # The same data again: a new commit on top of the first; only the commit and its tree travel.
  java -jar deploy/target/deploy.jar --app ecg-bench --data "$RESULTS" --app-dir "$WORK/app" \
    --git-url "git://127.0.0.1:$PORT/app.git" >"$WORK/ours-again-$i.log" 2>&1
  t2=$(now)
  fresh_repo app
  rm -rf "$WORK/app" "$WORK/.app.git"
  t3=$(now)
  java -jar deploy/target/deploy.jar --app ecg-bench --data "$RESULTS" --app-dir "$WORK/app" --no-rehearse \
    --git-url "git://127.0.0.1:$PORT/app.git" >"$WORK/ours-norehearse-$i.log" 2>&1
  t4=$(now)
  # Peer: the plain git CLI commits and pushes the same app directory (copy included, as assembling is).
  fresh_repo peer
  rm -rf "$WORK/peer"
  t5=$(now)
  cp -r "$WORK/app" "$WORK/peer"
  (cd "$WORK/peer" && git init -q -b main && git add -A && git -c user.name=b -c user.email=b@b commit -qm bench \
    && git push -q "git://127.0.0.1:$PORT/peer.git" main) >"$WORK/peer-$i.log" 2>&1
  t6=$(now)
  echo "$i  $(secs "$t0" "$t1")  $(secs "$t1" "$t2")  $boot  $(secs "$t3" "$t4")  $(secs "$t5" "$t6")"
done
app_bytes=$(du -sb --exclude=.git "$WORK/app" | cut -f1)
tgz=$(tar -C "$WORK/app" -czf - . | wc -c)
echo "app directory: $(python3 -c "print(f'{$app_bytes/2**20:.1f}')") MB; as tar.gz (a slug's app part): $(python3 -c "print(f'{$tgz/2**20:.1f}')") MB"
echo "rehearsal line of the last run: $(grep '^rehearsal:' "$WORK/ours-$REPEATS.log")"
