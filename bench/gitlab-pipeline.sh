#!/usr/bin/env bash
# The whole .gitlab-ci.yml pipeline on the 26 MIT-BIH records, from an empty data directory to a rehearsed deploy
# (to the Heroku stand-in), run by the test harness that plays GitLab Runner (e2e/src/test/java/ecgpipe/e2e/gitlab):
#   slurm   each job through our custom executor (runner/slurm/) on the local Slurm (runner/local-slurm/start)
#   direct  the very same job scripts with bash on this machine: same commands, same jars, no Slurm
# The two modes alternate, RUNS times each (default 2), so that the machine's load hits both alike.
#
#   MITDB_DIR=/path/to/mitdb bench/gitlab-pipeline.sh [RUNS]
#
# Prints, per run, a table of the jobs: status, wall time, step_script time and, on Slurm, the Slurm job's
# submit→start wait and start→end run time from `scontrol show job`. The records are served from a local S3
# server by symbolic links to MITDB_DIR: nothing is copied. Each run's files stay in a temporary directory that is
# removed at the end (KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-2}
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
[ -f demo/target/demo.jar ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }

./mvnw -B -o -q -pl e2e test-compile
WORK=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
./mvnw -B -o -q -pl e2e dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="e2e/target/test-classes:$(cat "$WORK/cp.txt")"

runner/local-slurm/start
mkdir -p "$WORK/records/mitdb"
ln -s "$(cd "$MITDB_DIR" && pwd)"/* "$WORK/records/mitdb/"

echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB; $(sinfo -h -o '%N: %c CPUs, %m MB, state %t' | head -1);"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD) plus the working tree's changes"
for i in $(seq 1 "$RUNS"); do
  for mode in direct slurm; do
    echo
    echo "## run $i, $mode"
    java -cp "$CP" ecgpipe.e2e.gitlab.PipelineBench "$mode" "$WORK/records" mitdb "$WORK/$mode-$i"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
