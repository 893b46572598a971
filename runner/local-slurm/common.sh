# shellcheck shell=bash
# Shared by runner/local-slurm/start and stop: where the pid files of the daemons WE started live.
# A daemon counts as ours only if its pid file is in $STATE_DIR and the process still runs the same
# executable, so stop never signals a daemon someone else started (or a recycled pid).
STATE_DIR=${ECGPIPE_LOCAL_SLURM_STATE:-/run/ecgpipe-local-slurm}

say() { printf 'local-slurm: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# pid_alive NAME EXE: true if $STATE_DIR/NAME.pid names a live process running EXE.
pid_alive() {
  local file=$STATE_DIR/$1.pid pid exe
  [ -s "$file" ] || return 1
  pid=$(cat "$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [ "${exe% (deleted)}" = "$(readlink -f "$2")" ]
}

# wait_for SECONDS COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
