#!/usr/bin/env bash
# Detection speed of the working tree against an earlier commit's detector, side by side on the same machine
# in the same run: analyze-detect-cpu.java (thread CPU time per MIT-BIH record) runs alternately with this
# tree's classes and with QrsDetector/SecondOrderSections of BASE compiled over them, ROUNDS times each.
#
#   MITDB_DIR=/path/to/mitdb bench/analyze-detect-vs.sh BASE [ROUNDS]
#
# Build first: ./mvnw -B -q -pl common,analyze install -DskipTests && ./mvnw -B -q -pl benchmarks package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:?give the commit to compare with, e.g. the one before issue 5 was finished}
ROUNDS=${2:-3}
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
[ -f benchmarks/target/benchmarks.jar ] || { echo "build benchmarks/target/benchmarks.jar first" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src" "$WORK/classes"
for c in QrsDetector SecondOrderSections; do
  git show "$BASE:analyze/src/main/java/ecgpipe/analyze/$c.java" > "$WORK/src/$c.java"
done
javac -nowarn -cp benchmarks/target/benchmarks.jar -d "$WORK/classes" "$WORK/src/"*.java
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); base $BASE"
for r in $(seq 1 "$ROUNDS"); do
  printf 'round %d  now:  ' "$r"
  java -cp benchmarks/target/benchmarks.jar bench/analyze-detect-cpu.java | tail -1
  printf 'round %d  base: ' "$r"
  java -cp "$WORK/classes:benchmarks/target/benchmarks.jar" bench/analyze-detect-cpu.java | tail -1
done
