#!/usr/bin/env bash
# Peak memory and time of each stage jar on the 26 MIT-BIH records, measured with GNU time (`/usr/bin/time -v`),
# run exactly as the .gitlab-ci.yml jobs run them (same JVM options, same thread counts as the Slurm CPUs asked
# for). These numbers size the jobs' SCHEDULER_PARAMETERS (--mem, -c, -t); see bench/gitlab-RESULTS.md.
#
#   MITDB_DIR=/path/to/mitdb bench/gitlab-measure.sh [SHARDS]
#
# SHARDS (default 4): the `parallel:` of the convert and analyze jobs; one shard is measured with -c 1 the way
# a parallel job runs it (CI_NODE_INDEX/CI_NODE_TOTAL), besides the whole data set with 2 threads.
# Prints one table row per measurement: peak RSS (MB), wall time (s), user+sys CPU time (s).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARDS=${1:-4}
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
for j in demo download convert analyze dashboard deploy; do
  [ -f "$j/target/$j.jar" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
WORK=$(mktemp -d); S3_PID=
trap '[ -n "$S3_PID" ] && kill "$S3_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
# Each row runs with the JVM options of its job in .gitlab-ci.yml (variables: JAVA_TOOL_OPTIONS), read from the file.
jvm_opts() {  # the JAVA_TOOL_OPTIONS line of job $1
  awk -v job="$1:" '$0 == job {in_job=1; next} /^[a-z]/ {in_job=0} in_job && /JAVA_TOOL_OPTIONS:/ {sub(/.*JAVA_TOOL_OPTIONS: */, ""); gsub(/"/, ""); print; exit}' .gitlab-ci.yml
}

# row NAME JOB COMMAND...: runs COMMAND under GNU time with JOB's JVM options; prints peak RSS, wall and CPU time.
row() {
  local name=$1 job=$2; shift 2
  JAVA_TOOL_OPTIONS=$(jvm_opts "$job"); export JAVA_TOOL_OPTIONS
  /usr/bin/time -v -o "$WORK/time" "$@" >"$WORK/out" 2>&1 || { echo "FAILED: $name" >&2; cat "$WORK/out" >&2; exit 1; }
  awk -v n="$name" -F': ' '
    /Maximum resident set size/ {rss=$2}
    /Elapsed \(wall clock\)/ {w=$2; k=split(w, p, ":"); wall=(k==3 ? p[1]*3600+p[2]*60+p[3] : p[1]*60+p[2])}
    /User time/ {u=$2} /System time/ {s=$2}
    END {printf "| %-52s | %8.0f | %8.1f | %8.1f |", n, rss/1024, wall, u+s}' "$WORK/time"
  echo " $JAVA_TOOL_OPTIONS |"
}

java -jar demo/target/demo.jar serve-s3 --dir "$MITDB_DIR" --bucket bench --prefix mitdb --port 0 \
    --ready-file "$WORK/endpoint" >"$WORK/s3.log" 2>&1 &
S3_PID=$!
for _ in $(seq 1 600); do [ -s "$WORK/endpoint" ] && break; sleep 0.1; done
EP=$(cat "$WORK/endpoint")
echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB, $(java -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| command (26 MIT-BIH records)                         | peak RSS MB | wall s | CPU s | JAVA_TOOL_OPTIONS (the job's) |"
echo "|---|---:|---:|---:|---|"
row "download (all files, default transfers)" download \
  download/bin/download s3://bench/mitdb/ "$WORK/raw" --endpoint-url "$EP" --no-sign-request
row "convert, all records, --threads 2" convert java -jar convert/target/convert.jar "$WORK/raw" "$WORK/h5" --threads 2
row "convert, shard 1/$SHARDS, --threads 1" convert \
  java -jar convert/target/convert.jar "$WORK/raw" "$WORK/h5-shard" --threads 1 --shard "1/$SHARDS"
row "analyze, all records, --threads 2" analyze java -jar analyze/target/analyze.jar "$WORK/h5" "$WORK/results" --threads 2
row "analyze, shard 1/$SHARDS, --threads 1" analyze \
  java -jar analyze/target/analyze.jar "$WORK/h5" "$WORK/results-shard" --threads 1 --shard "1/$SHARDS"
row "analyze, summary rerun (all up to date)" dashboard \
  java -jar analyze/target/analyze.jar "$WORK/h5" "$WORK/results" --threads 1
# The build job: the working tree's files (tracked and new, as .gitignore allows) in a scratch copy, offline.
mkdir -p "$WORK/src"
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$WORK/src"
row "build: mvnw package -DskipTests -pl <5 stages> -am (offline)" build \
  bash -c "cd '$WORK/src' && ./mvnw -B -q -o package -DskipTests -pl download,convert,analyze,dashboard,deploy -am"
row "deploy --dry-run --rehearse (dashboard job)" dashboard \
  java -jar deploy/target/deploy.jar --app ecgpipe-rehearsal --data "$WORK/results" --rehearse --dry-run \
    --app-dir "$WORK/heroku-app"
