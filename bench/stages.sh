#!/usr/bin/env bash
# Times each stage jar on the MIT-BIH records, as a user runs them (cold JVM, wall clock), and the download
# stage against `aws s3 cp --recursive` (the AWS CLI, when installed) from the same local S3 server.
#
#   MITDB_DIR=/path/to/mitdb bench/stages.sh [RUNS]
#
# Prints one line per measurement: name, best and median wall time over RUNS (default 3) runs.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
for j in demo download convert analyze dashboard; do
  [ -f "$j/target/$j.jar" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
done
WORK=$(mktemp -d); trap 'kill $S3_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

# best and median of RUNS wall times of a command; PREP runs before each (untimed).
measure() {
  local name=$1 prep=$2; shift 2
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    eval "$prep"
    local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$name" '{a[NR]=$1} END {printf "%-44s best %6.2f s   median %6.2f s\n", n, a[1], a[int((NR+1)/2)]}'
}

java -jar demo/target/demo.jar serve-s3 --dir "$MITDB_DIR" --bucket bench --prefix mitdb --port 0 \
    --ready-file "$WORK/endpoint" >/dev/null 2>&1 &
S3_PID=$!
for _ in $(seq 1 300); do [ -s "$WORK/endpoint" ] && break; sleep 0.1; done
EP=$(cat "$WORK/endpoint")
files=$(ls "$MITDB_DIR" | wc -l); bytes=$(du -sb "$MITDB_DIR" | cut -f1)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); data: $files files, $((bytes / 1000000)) MB"

measure "download (s3proxy → disk, default transfers)" 'rm -rf "$WORK/raw"' \
  java -jar download/target/download.jar s3://bench/mitdb/ "$WORK/raw" --endpoint-url "$EP" --no-sign-request
if command -v aws >/dev/null; then
  measure "peer: aws s3 cp --recursive" 'rm -rf "$WORK/aws"' \
    env AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws s3 cp --recursive --no-sign-request --quiet \
      --endpoint-url "$EP" s3://bench/mitdb/ "$WORK/aws"
fi
measure "download rerun (all unchanged, skipped)" ':' \
  java -jar download/target/download.jar s3://bench/mitdb/ "$WORK/raw" --endpoint-url "$EP" --no-sign-request
measure "convert 26 records (--threads 2)" 'rm -rf "$WORK/h5"' \
  java -jar convert/target/convert.jar "$MITDB_DIR" "$WORK/h5" --threads 2
measure "analyze 26 records (--threads 2)" 'rm -rf "$WORK/results"' \
  java -jar analyze/target/analyze.jar "$WORK/h5" "$WORK/results" --threads 2
measure "analyze rerun (all up to date)" ':' \
  java -jar analyze/target/analyze.jar "$WORK/h5" "$WORK/results" --threads 2
