#!/usr/bin/env bash
# Morphology classes against the reference AAMI labels, pooled over the MIT-BIH records (see the .java file).
#   MITDB_DIR=/path/to/mitdb bench/analyze-morphology-pooled.sh
# Build first: ./mvnw -B -q -pl common,analyze install -DskipTests && ./mvnw -B -q -pl benchmarks package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
[ -f benchmarks/target/benchmarks.jar ] || { echo "build benchmarks/target/benchmarks.jar first" >&2; exit 2; }
java -cp benchmarks/target/benchmarks.jar bench/analyze-morphology-pooled.java
