#!/usr/bin/env bash
# The README's first command as a new user meets it: a fresh clone of this repository and an empty Maven
# repository (every dependency and Maven itself downloaded), then `./pipeline demo --smoke` — build, synthetic
# records, embedded S3, download, convert, analyze, dashboard answering. Prints the wall time.
#
#   bench/fresh-demo.sh
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
git clone -q "$SRC" "$WORK/repo"
cd "$WORK/repo"
t0=$(date +%s.%N)
MAVEN_USER_HOME="$WORK/m2" MAVEN_OPTS="-Dmaven.repo.local=$WORK/m2/repository" \
  ./pipeline demo --smoke --port "${PORT:-7079}" > "$WORK/log" 2>&1 || { cat "$WORK/log" >&2; exit 1; }
t1=$(date +%s.%N)
echo "fresh clone → dashboard answering: $(echo "$t1 - $t0" | bc) s ($(nproc) cores; downloaded $(du -sh "$WORK/m2" | cut -f1) of Maven artifacts)"
