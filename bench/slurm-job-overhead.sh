#!/usr/bin/env bash
# What one CI step costs on Slurm through our executor: a trivial script (`true`) run N times through
# runner/slurm/run_exec as GitLab Runner calls it, next to `sbatch --wait` of the same script and to running it
# with bash directly. Prints each run and the medians. Needs a Slurm that answers (`runner/local-slurm/start`).
#
#   bench/slurm-job-overhead.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
sinfo -h >/dev/null 2>&1 || { echo "no Slurm answers: start one with runner/local-slurm/start" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
printf '#!/usr/bin/env bash\ntrue\n' > "$WORK/step.sh"
export ECGPIPE_SLURM_BASE_DIR=$WORK/base BUILD_FAILURE_EXIT_CODE=1 SYSTEM_FAILURE_EXIT_CODE=2
export CUSTOM_ENV_CI_RUNNER_ID=1 CUSTOM_ENV_CI_CONCURRENT_PROJECT_ID=0 CUSTOM_ENV_CI_CONCURRENT_ID=0
export CUSTOM_ENV_CI_PROJECT_PATH=bench/overhead CUSTOM_ENV_SCHEDULER_PARAMETERS='-c 1 --mem 50M -t 1'

seconds() { local t0=$EPOCHREALTIME; "$@" >/dev/null 2>&1; awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: > "$WORK/run_exec"; : > "$WORK/sbatch"; : > "$WORK/bash"
for i in $(seq 1 "$RUNS"); do
  export CUSTOM_ENV_CI_JOB_ID=$((900000000 + RANDOM * 100 + i))
  runner/slurm/config_exec >/dev/null
  a=$(seconds runner/slurm/run_exec "$WORK/step.sh" step_script)
  runner/slurm/cleanup_exec >/dev/null 2>&1 || true
  b=$(seconds sbatch --wait --quiet -c 1 --mem 50M -t 1 --output=/dev/null --job-name=bench-overhead "$WORK/step.sh")
  c=$(seconds bash "$WORK/step.sh")
  echo "run $i: run_exec $a s, sbatch --wait $b s, bash $c s"
  echo "$a" >> "$WORK/run_exec"; echo "$b" >> "$WORK/sbatch"; echo "$c" >> "$WORK/bash"
done
echo "medians of $RUNS: run_exec $(median < "$WORK/run_exec") s, sbatch --wait $(median < "$WORK/sbatch") s," \
     "bash $(median < "$WORK/bash") s ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
