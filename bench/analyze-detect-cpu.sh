#!/usr/bin/env bash
# QRS detection speed on each MIT-BIH record, one thread, measured as thread CPU time (see analyze-detect-cpu.java).
#   MITDB_DIR=/path/to/mitdb bench/analyze-detect-cpu.sh
# Build first: ./mvnw -B -q -pl common,analyze install -DskipTests && ./mvnw -B -q -pl benchmarks package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
[ -f benchmarks/target/benchmarks.jar ] || { echo "build benchmarks/target/benchmarks.jar first" >&2; exit 2; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp benchmarks/target/benchmarks.jar bench/analyze-detect-cpu.java
