#!/usr/bin/env bash
# Speed and size of convert.jar's storage choices on the MIT-BIH records: contiguous signals (--deflate 0,
# the default) against chunked, shuffled and deflated ones (levels 1, 4, 9). Cold runs, wall clock, RUNS each
# (default 3, interleaved so every level sees the same load); size = all .h5 files; ratio = input bytes
# (.dat + .atr) / output bytes, and contiguous bytes / this level's bytes.
#
#   MITDB_DIR=/path/to/mitdb bench/convert-deflate.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
JAR=convert/target/convert.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -pl convert -am package -DskipTests" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
LEVELS=(0 1 4 9)
declare -A times
for i in $(seq 1 "$RUNS"); do
  for l in "${LEVELS[@]}"; do
    rm -rf "$WORK/$l"; t0=$(date +%s.%N)
    java -jar "$JAR" "$MITDB_DIR" "$WORK/$l" --deflate "$l" >/dev/null
    t1=$(date +%s.%N); times[$l]+="$(echo "$t1 - $t0" | bc) "
  done
done
input=$(cat "$MITDB_DIR"/*.dat "$MITDB_DIR"/*.atr | wc -c)
plain=$(du -sb "$WORK/0" | cut -f1)
printf '%-8s %12s %10s %14s %16s\n' level bytes median input/output contiguous/this
for l in "${LEVELS[@]}"; do
  size=$(du -sb "$WORK/$l" | cut -f1)
  med=$(printf '%s\n' ${times[$l]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-8s %12d %9.2fs %14.2f %16.2f\n' "$l" "$size" "$med" "$(echo "scale=4; $input / $size" | bc)" \
      "$(echo "scale=4; $plain / $size" | bc)"
done
uptime
