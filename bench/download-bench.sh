#!/usr/bin/env bash
# The download stage against its peers, side by side on the same local S3 server, in one run:
#   small: the 26 MIT-BIH records of MITDB_DIR (78 objects, about 51 MB)
#   large: one object of LARGE_MB MiB (default 1024) of random bytes
# Tools: download (download/bin/download, i.e. download.jar as users run it), Debian rclone
# (`rclone copy --transfers 10`) and Debian awscli (`/usr/bin/aws s3 sync`), plus the floors: curl of
# the same objects over the same loopback, and dd of the same amount into the same file system.
# Every tool runs RUNS times (default 5) in a rotating order; the table gives medians, the ratios are of
# medians, the CPU time is user + system of the tool's process tree (median), and the peak RSS is GNU time's
# maximum resident set (max). Two start-up floors are timed with them: `java -version` (the JVM alone, with
# its default class-data archive) and `download/bin/download --version` (the JVM and picocli, no S3), and
# one extra `download -v` run prints where its time went, phase by phase.
#
#   RUNS=5 MITDB_DIR=/work/shared/data/mitdb bench/download-bench.sh
#
# Needs: download/target/download.jar and demo/target/demo.jar (./mvnw -B -pl download,demo -am package
# -DskipTests), `apt-get install -y rclone awscli curl time`. Writes under BENCH_DIR (default
# /tmp/ecgpipe-download-bench): nothing of MITDB_DIR is copied (the server reads it through symlinks).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-5}
MITDB_DIR=${MITDB_DIR:-$ROOT/../shared/data/mitdb}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/ecgpipe-download-bench}
LARGE_MB=${LARGE_MB:-1024}
AWS=${AWS:-/usr/bin/aws}

for f in download/target/download.jar demo/target/demo.jar; do
  [ -f "$f" ] || { echo "bench: $f missing; run ./mvnw -B -pl download,demo -am package -DskipTests" >&2; exit 66; }
done
for t in rclone curl /usr/bin/time "$AWS"; do
  command -v "$t" >/dev/null || { echo "bench: $t missing; apt-get install -y rclone awscli curl time" >&2; exit 69; }
done
[ -d "$MITDB_DIR" ] || { echo "bench: MITDB_DIR=$MITDB_DIR is not a directory" >&2; exit 66; }

mkdir -p "$WORK/small-src" "$WORK/large-src" "$WORK/out"
rm -f "$WORK"/small-src/*
n=0
for f in "$MITDB_DIR"/*.hea "$MITDB_DIR"/*.dat "$MITDB_DIR"/*.atr; do ln -s "$f" "$WORK/small-src/"; n=$((n + 1)); done
LARGE=$WORK/large-src/ecg-large.bin
if [ ! -f "$LARGE" ] || [ "$(stat -c %s "$LARGE")" != $((LARGE_MB << 20)) ]; then
  head -c $((LARGE_MB << 20)) /dev/urandom > "$LARGE"
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
serve() { # name dir heap
  rm -f "$WORK/$1.url"
  java "-Xmx$3" -jar demo/target/demo.jar serve-s3 --dir "$2" --bucket "$1" --prefix data --port 0 \
    --ready-file "$WORK/$1.url" > "$WORK/$1.server.log" 2>&1 &
  pids+=($!)
}
serve small "$WORK/small-src" 1g
serve large "$WORK/large-src" $((LARGE_MB * 3 / 1024 + 1))g
for s in small large; do
  for _ in $(seq 600); do [ -s "$WORK/$s.url" ] && break; sleep 0.2; done
  [ -s "$WORK/$s.url" ] || { echo "bench: the $s server did not start:" >&2; cat "$WORK/$s.server.log" >&2; exit 69; }
  ep=$(cat "$WORK/$s.url")
  printf '[bench]\ntype = s3\nprovider = Other\nendpoint = %s\nforce_path_style = true\nenv_auth = false\n' "$ep" \
    > "$WORK/rclone-$s.conf"
done

export ECGPIPE_CACHE_DIR=$WORK/cds
export AWS_DEFAULT_REGION=us-east-1
results=$WORK/results.tsv
: > "$results"

# tool set -> the command that copies s3://SET/data/ into $WORK/out/TOOL
cmd() {
  local tool=$1 set=$2 ep dest
  ep=$(cat "$WORK/$set.url")
  dest=$WORK/out/$tool
  case $tool in
    download) echo download/bin/download "s3://$set/data/" "$dest" --endpoint-url "$ep" --no-sign-request --transfers 10 ;;
    rclone) echo env -u AWS_CA_BUNDLE rclone --config "$WORK/rclone-$set.conf" copy "bench:$set/data" "$dest" --transfers 10 ;;
    aws) echo env -u AWS_CA_BUNDLE "$AWS" s3 sync "s3://$set/data/" "$dest" --endpoint-url "$ep" --no-sign-request --only-show-errors ;;
  esac
}

measure() { # set tool run command...
  local set=$1 tool=$2 run=$3; shift 3
  rm -rf "$WORK/out/$tool"
  sync
  if ! /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.txt" "$@" > "$WORK/last.out" 2> "$WORK/last.err"; then
    echo "bench: $tool failed on $set:" >&2; cat "$WORK/last.err" >&2; exit 70
  fi
  echo -e "$set\t$tool\t$run\t$(tail -1 "$WORK/time.txt" | tr ' ' '\t')" >> "$results"
}

check() { # set tool: the copy holds what the source holds
  local set=$1 tool=$2 want got
  if [ "$set" = small ]; then want=$(cat "$WORK"/small-src/* | md5sum); got=$(cd "$WORK/out/$tool" && cat $(ls "$WORK/small-src") | md5sum)
  else want=$(md5sum < "$LARGE"); got=$(md5sum < "$WORK/out/$tool/ecg-large.bin"); fi
  [ "$want" = "$got" ] || { echo "bench: $tool's copy of $set differs from the source" >&2; exit 65; }
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: warming up (page cache, the download launcher's class-data archive)" >&2
for set in small large; do
  for tool in download rclone aws; do
    # shellcheck disable=SC2046
    measure "$set" "$tool" 0 $(cmd "$tool" "$set")
    check "$set" "$tool"
  done
done
tools=(download rclone aws)
for run in $(seq "$RUNS"); do
  echo "bench: run $run of $RUNS" >&2
  for set in small large; do
    for i in 0 1 2; do
      tool=${tools[$(((run + i) % 3))]}
      # shellcheck disable=SC2046
      measure "$set" "$tool" "$run" $(cmd "$tool" "$set")
    done
    ep=$(cat "$WORK/$set.url")
    if [ "$set" = small ]; then
      # The floor for many small objects: curl, 10 at a time, into the same file system.
      measure small curl "$run" bash -c "mkdir -p '$WORK/out/curl' && cd '$WORK/out/curl' && ls '$WORK/small-src' | xargs -P 10 -I{} curl -sf -o {} '$ep/small/data/{}'"
      # Start-up floors: the JVM alone, and the JVM with picocli (what download pays before any S3 work).
      measure small java-version "$run" java -Xshare:auto -XX:+UseSerialGC -XX:-UsePerfData -version
      measure small download-version "$run" download/bin/download --version
    else
      measure large curl-to-null "$run" curl -sf -o /dev/null "$ep/large/data/ecg-large.bin"
      measure large curl-to-file "$run" curl -sf --create-dirs -o "$WORK/out/curl-to-file/ecg-large.bin" "$ep/large/data/ecg-large.bin"
      measure large dd-to-file "$run" dd if=/dev/zero of="$WORK/out/dd.bin" bs=16M count=$((LARGE_MB / 16)) status=none
    fi
  done
done
rm -f "$WORK/out/dd.bin"
# Where download's time goes on the small set: its -v phase timings, RUNS more runs (medians below).
phases=
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/out/download-phases"
  phases+=$(download/bin/download "s3://small/data/" "$WORK/out/download-phases" --endpoint-url "$(cat "$WORK/small.url")" \
    --no-sign-request --transfers 10 -v 2>&1 >/dev/null | grep -o 'since main: .*' || true)$'\n'
done
# A rerun over a complete copy transfers nothing (and says so).
rerun=$(download/bin/download "s3://small/data/" "$WORK/out/download-rerun" --endpoint-url "$(cat "$WORK/small.url")" \
  --no-sign-request --transfers 10 >/dev/null 2>&1; download/bin/download "s3://small/data/" "$WORK/out/download-rerun" \
  --endpoint-url "$(cat "$WORK/small.url")" --no-sign-request --transfers 10 2>/dev/null)

# ... and on the large object: when its last byte arrived and when its MD5 was done, 3 more runs.
large_phases=
for _ in 1 2 3; do
  rm -rf "$WORK/out/download-phases"
  sync
  large_phases+=$(download/bin/download "s3://large/data/" "$WORK/out/download-phases" --endpoint-url "$(cat "$WORK/large.url")" \
    --no-sign-request --transfers 10 -v 2>&1 >/dev/null | grep -o '[0-9]* streams, last byte after .*\|since main: .*' \
    | tr '\n' ' ' || true)$'\n'
done
rm -rf "$WORK/out/download-phases"

python3 - "$results" "$RUNS" "$n" "$LARGE_MB" "$rerun" "$phases" "$large_phases" <<'EOF'
import statistics, sys, collections, re
path, runs, n, large_mb, rerun, phases, large_phases = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
rows = collections.defaultdict(list)
cpu = collections.defaultdict(list)
for line in open(path):
    s, tool, run, wall, rss, user, system = line.split('\t')
    if run != '0':
        rows[(s, tool)].append((float(wall), int(rss)))
        cpu[(s, tool)].append(float(user) + float(system))
print(f"{runs} runs each (medians; warm-up run excluded). small = {n} MIT-BIH objects; large = one {large_mb} MiB object.\n")
print("| set | tool | median wall s | min–max s | × rclone (medians) | CPU s (median) | peak RSS MB (max) |")
print("|---|---|---:|---:|---:|---:|---:|")
for s in ('small', 'large'):
    ref = statistics.median(w for w, _ in rows[(s, 'rclone')])
    for tool in ('download', 'rclone', 'aws', 'curl', 'java-version', 'download-version', 'curl-to-null',
                 'curl-to-file', 'dd-to-file'):
        v = rows.get((s, tool))
        if not v:
            continue
        walls = [w for w, _ in v]
        med = statistics.median(walls)
        print(f"| {s} | {tool} | {med:.2f} | {min(walls):.2f}–{max(walls):.2f} | {med / ref:.2f} "
              f"| {statistics.median(cpu[(s, tool)]):.2f} | {max(r for _, r in v) / 1024:.0f} |")
print(f"\nrerun of download over a complete copy: `{rerun}`")
per_phase = collections.defaultdict(list)
for line in phases.splitlines():
    for part in line.removeprefix('since main: ').split(', '):
        name, _, value = part.rpartition(' ')[0].rpartition(' ')
        if name:
            per_phase[name].append(int(value))
if per_phase:
    print("\nWhere download's time goes on the small set (`-v` phase timings from main on, medians of "
          f"{len(phases.splitlines())} more runs; the JVM's start before main is the `java-version` row):\n")
    print("| " + " | ".join(per_phase) + " |")
    print("|" + "---:|" * len(per_phase))
    print("| " + " | ".join(f"{statistics.median(v):.0f} ms" for v in per_phase.values()) + " |")
if large_phases.strip():
    print("\nThe large object with `-v`, 3 more runs (time from the start of its transfer; `since main` phases):\n")
    for line in large_phases.strip().splitlines():
        print(f"- `{line.strip()}`")
EOF
echo
echo "Load average (1, 5, 15 min) at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)."

