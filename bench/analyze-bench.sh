#!/usr/bin/env bash
# The analyze stage on the MIT-BIH records, as a user runs it: accuracy (bxb-style, from 5:00) and wall time of
# the whole command (cold JVM, every record analyzed: --force), next to the recorded peer figures of the issue
# (wfdb-python's xqrs_detect about 2 s per 30-minute record, WFDB's C gqrs about 0.03 s per record on this
# machine; wfdb-python is not installable here, so they are not re-run). With benchmarks/target/benchmarks.jar
# built, it also runs the JMH benchmarks of detection, HRV and morphology (one thread).
#
#   MITDB_DIR=/path/to/mitdb bench/analyze-bench.sh [RUNS] [THREADS]
#
# Build first: ./mvnw -B -q -pl common,convert,analyze install -DskipTests && ./mvnw -B -q -pl benchmarks package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
THREADS=${2:-$(nproc)}
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
for j in convert analyze; do
  [ -f "$j/target/$j.jar" ] || { echo "build first: ./mvnw -B -q -pl common,convert,analyze package -DskipTests" >&2; exit 2; }
done
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -jar convert/target/convert.jar "$MITDB_DIR" "$WORK/h5" >/dev/null
records=$(ls "$WORK/h5" | grep -c '\.h5$')

times=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N)
  java -jar analyze/target/analyze.jar "$WORK/h5" "$WORK/results" --force --threads "$THREADS" > "$WORK/out.txt"
  t1=$(date +%s.%N)
  times+=("$(echo "$t1 - $t0" | bc)")
done
best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "analyze, $records records, $THREADS threads, cold JVM: best $best s, median $median s (runs: ${times[*]})"
tail -1 "$WORK/out.txt"
awk -v b="$best" -v n="$records" 'BEGIN {
  printf "per record (wall/records): ours %.3f s; recorded peers: xqrs ~2 s (x%.0f), gqrs ~0.03 s (x%.2f)\n",
    b / n, 2 / (b / n), 0.03 / (b / n) }'

if [ -f benchmarks/target/benchmarks.jar ]; then
  java -jar benchmarks/target/benchmarks.jar 'bench.analyze' -f 1 -wi 3 -i 5 2>/dev/null | grep -E '^(Benchmark|AnalyzeBenchmark)'
fi
