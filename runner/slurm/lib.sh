# shellcheck shell=bash
# Shared by config_exec, prepare_exec, run_exec and cleanup_exec: GitLab Runner's custom-executor
# protocol (https://docs.gitlab.com/runner/executors/custom/) on top of Slurm's command-line tools.
#
# The runner hands every job variable over as CUSTOM_ENV_<name>; it tells the driver which exit codes
# mean "the job failed" (BUILD_FAILURE_EXIT_CODE) and "the executor failed" (SYSTEM_FAILURE_EXIT_CODE),
# and newer runners read the job's real exit code from the file BUILD_EXIT_CODE_FILE names.
# Knobs for the runner's administrator are environment variables named ECGPIPE_SLURM_* (see
# runner/config.toml.example). Nothing here uses eval or unquoted expansion of job-controlled text.

# shellcheck disable=SC2034 # used by config_exec
DRIVER_NAME="ecgpipe Slurm driver"
# shellcheck disable=SC2034
DRIVER_VERSION="0.1.0"
LOG_PREFIX="slurm-executor:"

# take_settings ARGS...: the *_args of config.toml may carry settings as ECGPIPE_SLURM_NAME=value, so
# that a config.toml alone configures the driver (the runner's own environment works as well).
take_settings() {
  local arg
  for arg in "$@"; do
    [[ $arg =~ ^ECGPIPE_SLURM_[A-Z_]+= ]] \
      || { printf '%s unexpected argument %s (expected ECGPIPE_SLURM_NAME=value)\n' "$LOG_PREFIX" "'$arg'" >&2; exit "${SYSTEM_FAILURE_EXIT_CODE:-2}"; }
    export "${arg%%=*}=${arg#*=}"
  done
}

# Called by hand (or by an old runner) these may be missing; 1 and 2 are what GitLab Runner uses today.
BUILD_FAILURE=${BUILD_FAILURE_EXIT_CODE:-1}
SYSTEM_FAILURE=${SYSTEM_FAILURE_EXIT_CODE:-2}

# Messages go to stderr: config_exec's stdout must be pure JSON, and the runner shows run_exec's and
# prepare_exec's stderr in the job log (cleanup_exec's at WARN level in its own log).
say() { printf '%s %s\n' "$LOG_PREFIX" "$*" >&2 || true; }
system_failure() { say "$*"; exit "$SYSTEM_FAILURE"; }

# build_failure CODE MESSAGE: the job failed; report CODE as its exit code where the runner reads it.
build_failure() {
  local code=$1; shift
  [ $# -eq 0 ] || say "$*"
  if [ -n "${BUILD_EXIT_CODE_FILE:-}" ]; then
    # The runner accepts nothing but the integer here.
    printf '%d\n' "$code" >"$BUILD_EXIT_CODE_FILE"
  fi
  exit "$BUILD_FAILURE"
}

# require_id NAME: the CUSTOM_ENV_ variable NAME must be a plain number (it becomes part of paths).
require_id() {
  local var=CUSTOM_ENV_$1
  local value=${!var:-}
  [[ $value =~ ^[0-9]+$ ]] || system_failure "$var is '${value}', expected a number (is this called by GitLab Runner?)"
  printf '%s' "$value"
}

# The shared file system every compute node sees: builds, cache and the per-job state directory.
base_dir() {
  local base=${ECGPIPE_SLURM_BASE_DIR:-${HOME:?}/gitlab-slurm}
  [[ $base == /* ]] || system_failure "ECGPIPE_SLURM_BASE_DIR must be an absolute path, not '$base'"
  printf '%s' "${base%/}"
}

# Per CI job: the batch scripts, the Slurm output files and the ids of the Slurm jobs submitted.
# (Each $(...) is checked on its own: a failure inside printf's arguments would go unnoticed.)
job_state_dir() {
  local base runner job
  base=$(base_dir) || exit
  runner=$(require_id CI_RUNNER_ID) || exit
  job=$(require_id CI_JOB_ID) || exit
  printf '%s/jobs/%s/%s' "$base" "$runner" "$job"
}

# The Slurm job name encodes the CI job id so cleanup_exec can find a job whose id was never recorded
# (run_exec killed between sbatch and writing the id down).
slurm_job_name() {
  local job
  job=$(require_id CI_JOB_ID) || exit
  printf 'gitlab-%s' "$job"
}

require_slurm_tools() {
  local tool
  for tool in sbatch squeue scontrol scancel; do
    command -v "$tool" >/dev/null 2>&1 \
      || system_failure "$tool is not on PATH ($PATH): install the Slurm client tools on the runner's host"
  done
}

json_string() {
  local s=$1
  [[ $s != *[[:cntrl:]]* ]] || system_failure "cannot put a control character into config_exec's JSON: '$s'"
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# shellcheck disable=SC1003 # the single-quoted backslashes below are meant literally
# split_words TEXT: split like a POSIX shell does, without expanding anything, into the array WORDS.
# Single quotes keep everything; double quotes keep everything but \" \\ \$ \`; a backslash outside
# quotes escapes the next character. Returns 1 (with SPLIT_ERROR) on an unterminated quote.
split_words() {
  local s=$1 n=${#1} i=0 c next word="" in_word=false quote=""
  WORDS=()
  SPLIT_ERROR=""
  while [ "$i" -lt "$n" ]; do
    c=${s:i:1}
    if [ "$quote" = "'" ]; then
      if [ "$c" = "'" ]; then quote=""; else word+=$c; fi
    elif [ "$quote" = '"' ]; then
      if [ "$c" = '"' ]; then
        quote=""
      elif [ "$c" = '\' ] && [ $((i + 1)) -lt "$n" ]; then
        next=${s:i+1:1}
        case $next in
          '"'|'\'|'$'|'`') word+=$next; i=$((i + 1)) ;;
          *) word+=$c ;;
        esac
      else
        word+=$c
      fi
    else
      case $c in
        ' '|$'\t'|$'\n'|$'\r')
          if $in_word; then WORDS+=("$word"); word=""; in_word=false; fi ;;
        "'"|'"') quote=$c; in_word=true ;;
        '\')
          in_word=true
          if [ $((i + 1)) -lt "$n" ]; then word+=${s:i+1:1}; i=$((i + 1)); else word+=$c; fi ;;
        *) word+=$c; in_word=true ;;
      esac
    fi
    i=$((i + 1))
  done
  if [ -n "$quote" ]; then
    SPLIT_ERROR="unterminated $quote quote"
    return 1
  fi
  if $in_word; then WORDS+=("$word"); fi
  return 0
}

# Options the driver sets itself, with the reason shown to the user when a job asks for one.
refusal_reason() {
  case $1 in
    output|error|input|open-mode) echo "the executor writes the job's output to its own file and streams it into the CI log" ;;
    wait) echo "the executor waits for the job itself" ;;
    chdir|workdir) echo "the CI script changes into the build directory itself" ;;
    job-name) echo "the executor names the job gitlab-<CI_JOB_ID> so that it can find it again" ;;
    parsable) echo "the executor reads sbatch's answer itself" ;;
    wrap) echo "the job runs the CI script" ;;
    array) echo "one CI job is one Slurm job (use parallel: in .gitlab-ci.yml instead)" ;;
    hold) echo "a held job would never start" ;;
    test-only) echo "the job would never run" ;;
    requeue) echo "a requeued job would run twice (use retry: in .gitlab-ci.yml instead)" ;;
  esac
}
REFUSED_LONG=(output error input open-mode wait chdir workdir job-name parsable wrap array hold test-only requeue)
# Short forms of refused options: -o -e -i -W -D -J -a -H.
declare -A REFUSED_SHORT=([o]=output [e]=error [i]=input [W]=wait [D]=chdir [J]=job-name [a]=array [H]=hold)
# sbatch's short options that take an argument (so "-c 2" consumes "2", "-c2" is one word).
SHORT_WITH_ARGUMENT="AabBcCdDeFGiJLMmnNopqStwx"
# sbatch's long options that take no argument, or only an optional one written with '='.
LONG_WITHOUT_ARGUMENT=" contiguous exclusive get-user-env help hold ignore-pbs nice no-kill no-requeue overcommit
  oversubscribe parsable propagate quiet reboot requeue spread-job test-only usage use-min-nodes verbose version wait "

# check_sbatch_options ARGS...: prints the one-line reason and returns 1 if a word must be refused.
# getopt_long accepts any unambiguous prefix of a long option (--out=x is --output=x), so a prefix of
# a refused name is refused too; no permitted sbatch option is itself such a prefix.
check_sbatch_options() {
  local -a args=("$@")
  local i=0 n=$# word name refused cluster j c
  while [ "$i" -lt "$n" ]; do
    word=${args[i]}
    case $word in
      --)
        echo "'--' is not allowed: SCHEDULER_PARAMETERS may contain only sbatch options"; return 1 ;;
      --?*)
        name=${word#--}
        name=${name%%=*}
        for refused in "${REFUSED_LONG[@]}"; do
          if [[ $refused == "$name"* ]]; then
            echo "option '--$name' is not allowed: $(refusal_reason "$refused")"; return 1
          fi
        done
        if [[ $word != *=* && $LONG_WITHOUT_ARGUMENT != *" $name "* ]]; then i=$((i + 1)); fi ;;
      -?*)
        cluster=${word#-}
        j=0
        while [ "$j" -lt "${#cluster}" ]; do
          c=${cluster:j:1}
          if [ -n "${REFUSED_SHORT[$c]:-}" ]; then
            echo "option '-$c' is not allowed: $(refusal_reason "${REFUSED_SHORT[$c]}")"; return 1
          fi
          if [[ $SHORT_WITH_ARGUMENT == *"$c"* ]]; then
            [ $((j + 1)) -lt "${#cluster}" ] || i=$((i + 1))
            break
          fi
          j=$((j + 1))
        done ;;
      *)
        echo "unexpected word '$word': SCHEDULER_PARAMETERS may contain only sbatch options"; return 1 ;;
    esac
    i=$((i + 1))
  done
  return 0
}

# scheduler_options: fills SBATCH_OPTIONS from ECGPIPE_SLURM_SBATCH_DEFAULTS (the administrator's,
# first, so the job's own options win) and the job's SCHEDULER_PARAMETERS; a refused or malformed
# option is the job's fault, so it is a build failure.
scheduler_options() {
  local source text reason
  SBATCH_OPTIONS=()
  for source in ECGPIPE_SLURM_SBATCH_DEFAULTS CUSTOM_ENV_SCHEDULER_PARAMETERS; do
    text=${!source:-}
    local shown=${source#CUSTOM_ENV_}
    if ! split_words "$text"; then
      reason="$SPLIT_ERROR in '$text'"
    elif reason=$(check_sbatch_options "${WORDS[@]}"); then
      SBATCH_OPTIONS+=("${WORDS[@]}")
      continue
    fi
    # The administrator's defaults are the runner's fault, the job's parameters the job's.
    [ "$source" = CUSTOM_ENV_SCHEDULER_PARAMETERS ] || system_failure "$shown: $reason"
    build_failure 1 "$shown: $reason"
  done
}
