#!/usr/bin/env bash
# The scale run of issue 8: convert + analyze of a large synthetic data set (default 2,000 records of 30 minutes,
# 3.9 GB of WFDB) on Slurm, in the ways a user can run it, side by side in one run so that the ratios hold on a
# shared machine:
#
#   direct      one process per stage on the login node (--threads 2), the baseline; run first and last
#   job         one Slurm job per stage, -c 2 (the jars' --threads default is SLURM_CPUS_PER_TASK)
#   array:K     a Slurm job array per stage, sbatch --array=0-(K-1) -c 1; each task takes its shard from
#               SLURM_ARRAY_TASK_ID/COUNT/MIN (the jars' --shard default); analyze waits on convert (afterok)
#   parallel:N  what GitLab's `parallel: N` does: N separate jobs per stage with CI_NODE_INDEX/CI_NODE_TOTAL,
#               the analyze jobs starting when every convert job has succeeded (a stage boundary)
#   rerun       the direct commands again over complete outputs: what a retry costs when nothing is left to do
#
#   bench/slurm-scale.sh            generate (if needed), run every configuration, print the tables
#   bench/slurm-scale.sh generate   only make the data set (records already complete are kept)
#   bench/slurm-scale.sh run        only the measurements (data set must exist), then the tables
#   bench/slurm-scale.sh report [RUN_DIR]   the tables of a finished run again (default: the latest)
#   bench/slurm-scale.sh clean      delete SCALE_DIR (the data set, outputs and measurements)
#
# Environment: SCALE_DIR (default /work/scale; outside the repository, ~16 GB free needed), RECORDS (2000),
# MINUTES (30), CONFIGS (default "direct job array:2 array:4 array:8 array:16 parallel:4 direct rerun"),
# MEM (--mem per task, default 2G), TIME_LIMIT (-t per task, default 30:00), JAVA_TOOL_OPTIONS (e.g. -Xmx256m:
# every JVM, direct or in Slurm, picks it up); sbatch's own SBATCH_PARTITION,
# SBATCH_ACCOUNT etc. apply. Slurm: when `sinfo` answers, that Slurm is used (a real cluster: SCALE_DIR must then
# be on the shared file system); otherwise runner/local-slurm/start brings up the local single-node one.
# Every job is named ecgpipe-scale-<run>-<config>-<stage>; the script waits for and inspects only its own jobs.
# Outputs of each configuration are deleted once measured (KEEP_OUTPUTS=1 keeps them); the data set stays
# until `clean`. The measurements stay under SCALE_DIR/runs/<run>/ and `report` prints them again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCALE_DIR=${SCALE_DIR:-/work/scale}
RECORDS=${RECORDS:-2000}
MINUTES=${MINUTES:-30}
CONFIGS=${CONFIGS:-"direct job array:2 array:4 array:8 array:16 parallel:4 direct rerun"}
MEM=${MEM:-2G}
TIME_LIMIT=${TIME_LIMIT:-30:00}
RAW=$SCALE_DIR/raw
MARK=$SCALE_DIR/.ecgpipe-scale
CONVERT=$ROOT/convert/target/convert.jar
ANALYZE=$ROOT/analyze/target/analyze.jar
DEMO=$ROOT/demo/target/demo.jar

# A run from inside a CI job or a Slurm job must not hand its own shard variables to the shards it starts.
unset CI_NODE_INDEX CI_NODE_TOTAL SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_COUNT SLURM_ARRAY_TASK_MIN \
  SLURM_ARRAY_TASK_MAX SLURM_ARRAY_JOB_ID SLURM_CPUS_PER_TASK

die() { echo "slurm-scale: error: $1" >&2; exit "${2:-1}"; }

case "$SCALE_DIR" in
  "$ROOT"|"$ROOT"/*) die "SCALE_DIR must be outside the repository: $SCALE_DIR" 2 ;;
esac

# How many files named *.EXT are in DIR (0 when DIR does not exist).
count() {
  if [ -d "$1" ]; then find "$1" -maxdepth 1 -name "*.$2" | wc -l; else echo 0; fi
}

need_jars() {
  for j in "$@"; do
    [ -f "$j" ] || die "missing $j; build it: ./mvnw -B -q -pl $(basename "$j" .jar) package -DskipTests" 66
  done
  [ -x /usr/bin/time ] || die "/usr/bin/time is needed for CPU time and peak RSS: apt-get install -y time" 69
}

# ---------------------------------------------------------------------------------------------------------
# The data set: the project's synthetic generator writes genuine WFDB records (format 212, two leads, true beats
# in .atr), each from its own seed, so every record is distinct. Idempotent: complete records are kept.
generate() {
  need_jars "$DEMO"
  mkdir -p "$SCALE_DIR"
  touch "$MARK"
  local have
  have=$(count "$RAW" hea)
  if [ "$have" -ge "$RECORDS" ] && [ -s "$SCALE_DIR/generation.txt" ]; then
    echo "data set: $RAW already has $have records ($(cat "$SCALE_DIR/generation.txt"))"
    return
  fi
  echo "generating $RECORDS records of $MINUTES min into $RAW ($have there already) ..."
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%e %U %S %M' -o "$SCALE_DIR/generation.time" \
    java -jar "$DEMO" generate --records "$RECORDS" --minutes "$MINUTES" --seed 1 "$RAW"
  t1=$(date +%s.%N)
  local bytes distinct
  bytes=$(du -sb "$RAW" | cut -f1)
  # Distinct records: no two signal files are the same bytes.
  distinct=$(find "$RAW" -maxdepth 1 -name '*.dat' -print0 | xargs -0 md5sum | cut -d' ' -f1 | sort -u | wc -l)
  read -r _ user sys rss < <(tail -1 "$SCALE_DIR/generation.time")
  awk -v n="$RECORDS" -v made="$((RECORDS - have))" -v d="$distinct" -v b="$bytes" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" \
    -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" -v rss="$rss" -v ld="$(cut -d' ' -f1-3 /proc/loadavg)" \
    'BEGIN {printf "generated %d records (%d of them in this run, %d distinct signal files), %.2f GB, in %.0f s wall (%.2f s per record), %.0f s CPU, peak RSS %d MB, load %s\n", n, made, d, b / 1e9, w, made ? w / made : 0, cpu, rss / 1024, ld}' \
    | tee "$SCALE_DIR/generation.txt"
}

# ---------------------------------------------------------------------------------------------------------
ensure_slurm() {
  if sinfo -h -o %t >/dev/null 2>&1; then
    return
  fi
  [ -x "$ROOT/runner/local-slurm/start" ] || die "no Slurm answers and runner/local-slurm/start is missing" 69
  "$ROOT/runner/local-slurm/start" >&2 || die "runner/local-slurm/start failed" 69
}

# The body of every task, in Slurm or not: times the jar (wall, user and system CPU, peak RSS) and notes when
# the task itself began and ended, so that Slurm's submit/start/end times can be set against the jar's own.
write_task_script() {
  cat > "$1" <<'TASK'
#!/bin/bash
# usage: task.sh STATS_DIR STAGE JAR ARGS...   (one shard of one stage)
stats=$1 stage=$2 jar=$3
shift 3
id=${TASK_ID:-${SLURM_ARRAY_TASK_ID:-${CI_NODE_INDEX:-0}}}
t0=$(date +%s.%N)
/usr/bin/time -f '%e %U %S %M' -o "$stats/$stage.$id.time" java -jar "$jar" "$@" >"$stats/$stage.$id.log" 2>&1
rc=$?
t1=$(date +%s.%N)
echo "$stage $id ${SLURM_JOB_ID:--} ${SLURM_ARRAY_JOB_ID:--} $t0 $t1 $rc" >"$stats/$stage.$id.task"
exit $rc
TASK
  chmod +x "$1"
}

# sbatch with our defaults; prints the job id. Extra sbatch options first, then the task's arguments.
submit() {
  local name=$1 stage=$2
  shift 2
  local opts=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  sbatch --parsable --job-name="$name" --mem="$MEM" -t "$TIME_LIMIT" --kill-on-invalid-dep=yes \
    --output="$STATS/slurm-%j.out" "${opts[@]}" "$TASK" "$STATS" "$stage" "$@" | cut -d';' -f1
}

# CPUs that other users' running Slurm jobs hold at this moment: our shards could not have them (and a direct
# run shares its cores with them).
sample_foreign_cpus() {
  squeue -h -t R -o '%j|%C' 2>/dev/null | awk -F'|' -v me="ecgpipe-scale-$RUN_ID-" 'index($1, me) != 1 {c += $2} END {print c + 0}' \
    >>"$STATS/foreign-cpus"
}

# Waits until no job of ours named NAME is queued or running, noting how many foreign jobs shared the queue.
wait_for() {
  local name=$1 mine others
  while :; do
    mine=$(squeue -h -n "$name" -o %i 2>/dev/null | wc -l)
    others=$(squeue -h -o %j 2>/dev/null | grep -vc "^ecgpipe-scale-$RUN_ID-" || true)
    echo "$others" >>"$STATS/foreign-jobs"
    sample_foreign_cpus
    [ "$mine" -eq 0 ] && break
    sleep 0.5
  done
}

# Slurm's view of our finished jobs, saved before MinJobAge drops them from slurmctld's memory.
collect() {
  local ids=$1
  for id in ${ids//,/ }; do
    scontrol -o show job "$id" >>"$STATS/scontrol.txt" 2>/dev/null || true
  done
  sacct -n -P -j "$ids" -o JobID,JobName,Submit,Start,End,State,ExitCode >>"$STATS/sacct.txt" 2>/dev/null || true
}

# Runs again, once, every shard of STAGE whose task failed or left no record (killed): what GitLab's `retry`
# or a user's resubmission does. Each retry is a single job with an explicit --shard, because the default from
# the environment would be wrong for a partial array (`--array=3,5` has SLURM_ARRAY_TASK_COUNT=2).
# Returns 1 when something had to be retried.
retry_failed() {
  local stage=$1 kind=$2 n=$3 base=$4 jar=$5 in=$6 dst=$7
  local ids=() cpus=1 first=0 last=$(($3 - 1)) id shard rc j t
  [ "$kind" = job ] && cpus=2
  [ "$kind" = parallel ] && first=1 last=$n
  for id in $(seq "$first" "$last"); do
    rc=$(cut -d' ' -f7 "$STATS/$stage.$id.task" 2>/dev/null || echo killed)
    [ "$rc" = 0 ] && continue
    [ "$kind" = parallel ] && shard=$id || shard=$((id + 1))
    echo "  $stage shard $shard/$n failed ($rc); retrying it" >&2
    t=$(date +%s.%N)
    j=$(submit "$base-$stage-retry" "$stage-retry" -c "$cpus" --export=ALL,TASK_ID="$id" -- "$jar" "$in" "$dst" --shard "$shard/$n")
    echo "$stage-retry $j $t" >>"$STATS/submits"
    ids+=("$j")
  done
  [ ${#ids[@]} -eq 0 ] && return 0
  wait_for "$base-$stage-retry"; collect "$(IFS=,; echo "${ids[*]}")"
  return 1
}

run_config() {
  local label=$1 kind=${2%%:*} n=1
  [[ $2 == *:* ]] && n=${2#*:}
  STATS=$RUN_DIR/$label
  local out=$SCALE_DIR/out/$label
  mkdir -p "$STATS"
  rm -rf "$out"
  echo "$2" >"$STATS/config"
  echo "$(date +%s.%N) $(cut -d' ' -f1 /proc/loadavg)" >"$STATS/load-start"
  echo "[$(date -u +%H:%M:%S)] $label ($2) ..." >&2
  local base=ecgpipe-scale-$RUN_ID-$label
  local sampler=
  if [ "$kind" = direct ] || [ "$kind" = rerun ]; then
    (while :; do sample_foreign_cpus; sleep 0.5; done) &
    sampler=$!
  fi
  case $kind in
    direct)
      echo "convert 0 $(date +%s.%N)" >>"$STATS/submits"
      "$TASK" "$STATS" convert "$CONVERT" "$RAW" "$out/h5" --threads 2 || true
      echo "analyze 0 $(date +%s.%N)" >>"$STATS/submits"
      "$TASK" "$STATS" analyze "$ANALYZE" "$out/h5" "$out/results" --threads 2 || true
      ;;
    rerun)
      # Over the outputs the previous configuration kept: every record is up to date.
      [ -n "$PREVIOUS" ] || die "'rerun' needs a configuration before it in CONFIGS" 2
      out=$SCALE_DIR/out/$PREVIOUS
      echo "convert 0 $(date +%s.%N)" >>"$STATS/submits"
      "$TASK" "$STATS" convert "$CONVERT" "$RAW" "$out/h5" --threads 2 || true
      echo "analyze 0 $(date +%s.%N)" >>"$STATS/submits"
      "$TASK" "$STATS" analyze "$ANALYZE" "$out/h5" "$out/results" --threads 2 || true
      ;;
    job | array)
      # What a user's sbatch script does: the analyze array waits on the convert array in Slurm (afterok).
      local extra=(-c 1 --array=0-$((n - 1)))
      [ "$kind" = job ] && extra=(-c 2)
      local t c a
      t=$(date +%s.%N)
      c=$(submit "$base-convert" convert "${extra[@]}" -- "$CONVERT" "$RAW" "$out/h5")
      echo "convert $c $t" >>"$STATS/submits"
      t=$(date +%s.%N)
      a=$(submit "$base-analyze" analyze "${extra[@]}" --dependency=afterok:"$c" -- "$ANALYZE" "$out/h5" "$out/results")
      echo "analyze $a $t" >>"$STATS/submits"
      wait_for "$base-convert"; collect "$c"
      if ! retry_failed convert "$kind" "$n" "$base" "$CONVERT" "$RAW" "$out/h5"; then
        # afterok can no longer be met: Slurm drops the analyze array (--kill-on-invalid-dep); submit it again.
        wait_for "$base-analyze"
        t=$(date +%s.%N)
        a=$(submit "$base-analyze" analyze "${extra[@]}" -- "$ANALYZE" "$out/h5" "$out/results")
        echo "analyze $a $t" >>"$STATS/submits"
      fi
      wait_for "$base-analyze"; collect "$a"
      retry_failed analyze "$kind" "$n" "$base" "$ANALYZE" "$out/h5" "$out/results" || true
      ;;
    parallel)
      # What GitLab does with `parallel: N`: N jobs per stage, each with CI_NODE_INDEX/CI_NODE_TOTAL; the
      # runner submits the analyze jobs only once every convert job has succeeded (no Slurm dependency).
      local stage jar in dst ids i t j
      for stage in convert analyze; do
        if [ "$stage" = convert ]; then jar=$CONVERT in=$RAW dst=$out/h5; else jar=$ANALYZE in=$out/h5 dst=$out/results; fi
        ids=()
        for i in $(seq 1 "$n"); do
          t=$(date +%s.%N)
          j=$(submit "$base-$stage" "$stage" -c 1 --export=ALL,CI_NODE_INDEX="$i",CI_NODE_TOTAL="$n" -- "$jar" "$in" "$dst")
          echo "$stage $j $t" >>"$STATS/submits"
          ids+=("$j")
        done
        wait_for "$base-$stage"; collect "$(IFS=,; echo "${ids[*]}")"
        retry_failed "$stage" "$kind" "$n" "$base" "$jar" "$in" "$dst" || true
      done
      ;;
    *) die "unknown configuration '$2' (direct, job, array:K, parallel:N, rerun)" 2 ;;
  esac
  [ -z "$sampler" ] || kill "$sampler"
  echo "$(date +%s.%N) $(cut -d' ' -f1 /proc/loadavg)" >"$STATS/load-end"
  # What reached the disk: every record converted and analyzed once, and the summary the shards left behind.
  count "$out/h5" h5 >"$STATS/h5-count"
  count "$out/results" h5 >"$STATS/results-count"
  python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["records"]))' "$out/results/summary.json" \
    >"$STATS/summary-count" 2>/dev/null || echo 0 >"$STATS/summary-count"
  { du -sb "$out/h5" 2>/dev/null || echo 0; } | cut -f1 >"$STATS/h5-bytes"
  { du -sb "$out/results" 2>/dev/null || echo 0; } | cut -f1 >"$STATS/results-bytes"
  PREVIOUS=$label
}

run_all() {
  need_jars "$CONVERT" "$ANALYZE"
  local have
  have=$(count "$RAW" hea)
  [ "$have" -ge "$RECORDS" ] || die "the data set has $have of $RECORDS records; run: bench/slurm-scale.sh generate" 66
  command -v python3 >/dev/null || die "python3 is needed for the tables" 69
  ensure_slurm
  RUN_ID=$(date -u +%Y%m%dT%H%M%S)
  RUN_DIR=$SCALE_DIR/runs/$RUN_ID
  mkdir -p "$RUN_DIR"
  TASK=$RUN_DIR/task.sh
  write_task_script "$TASK"
  # Run copies of the jars: a rebuild of target/*.jar during the run must not change (or break, with a
  # NoClassDefFoundError in a running JVM) what the later configurations measure. A CI pipeline does the
  # same by passing the build job's jars on as artifacts.
  mkdir -p "$RUN_DIR/jars"
  cp "$CONVERT" "$ANALYZE" "$RUN_DIR/jars/"
  CONVERT=$RUN_DIR/jars/convert.jar
  ANALYZE=$RUN_DIR/jars/analyze.jar
  {
    echo "records $RECORDS of $MINUTES min in $RAW"
    # shellcheck source=/dev/null
    echo "machine $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $(java -version 2>&1 | grep -v '^Picked up' | head -1)"
    echo "jars $(cd "$RUN_DIR/jars" && sha256sum convert.jar analyze.jar | awk '{printf "%s %.12s  ", $2, $1}')($(java -jar "$CONVERT" --version 2>&1 | grep -v '^Picked up' | head -1))"
    echo "slurm $(sinfo -V 2>/dev/null); node $(sinfo -h -N -o '%N %c CPUs %m MB' | head -1); mem per task $MEM; JAVA_TOOL_OPTIONS=${JAVA_TOOL_OPTIONS:-(none)}"
    [ -s "$SCALE_DIR/generation.txt" ] && echo "data set: $(cat "$SCALE_DIR/generation.txt")"
  } >"$RUN_DIR/about"
  local i=0 label
  PREVIOUS=
  local configs
  read -r -a configs <<<"$CONFIGS"
  for cfg in "${configs[@]}"; do
    i=$((i + 1))
    label=$(printf '%02d-%s' "$i" "${cfg/:/}")
    run_config "$label" "$cfg"
    # Keep the latest outputs for a following rerun; drop older ones (two sets of outputs are ~11 GB).
    if [ "${KEEP_OUTPUTS:-0}" != 1 ]; then
      find "$SCALE_DIR/out" -mindepth 1 -maxdepth 1 ! -name "$PREVIOUS" -exec rm -rf {} +
    fi
  done
  [ "${KEEP_OUTPUTS:-0}" = 1 ] || rm -rf "$SCALE_DIR/out"
  report "$RUN_DIR"
}

report() {
  local dir=${1:-}
  if [ -z "$dir" ]; then
    dir=$(find "$SCALE_DIR/runs" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort | tail -1)
    [ -n "$dir" ] || die "no run under $SCALE_DIR/runs" 66
  fi
  python3 "$ROOT/bench/slurm-scale-report.py" "$dir" "$RECORDS"
}

clean() {
  [ -d "$SCALE_DIR" ] || { echo "nothing to delete: $SCALE_DIR"; return; }
  [ -e "$MARK" ] || die "$SCALE_DIR was not made by this script (no $MARK); not deleting it" 2
  squeue -h -o '%j' 2>/dev/null | grep -q '^ecgpipe-scale-' && die "jobs of ours are still queued (squeue -n ...)" 75
  rm -rf "$SCALE_DIR"
  echo "deleted $SCALE_DIR"
}

case ${1:-all} in
  all) generate; run_all ;;
  generate) generate ;;
  run) run_all ;;
  report) report "${2:-}" ;;
  clean) clean ;;
  *) die "usage: bench/slurm-scale.sh [all|generate|run|report [RUN_DIR]|clean]" 2 ;;
esac
