#!/usr/bin/env bash
# Mean fiducial offset against the MIT-BIH reference per record, at 360 Hz and resampled (see analyze-fiducial.java).
#   MITDB_DIR=/path/to/mitdb bench/analyze-fiducial.sh [RATE_HZ ...]     # default: 360 125 250 500 1000
# Build first: ./mvnw -B -q -pl common,analyze install -DskipTests && ./mvnw -B -q -pl benchmarks package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
[ -f benchmarks/target/benchmarks.jar ] || { echo "build benchmarks/target/benchmarks.jar first" >&2; exit 2; }
java -Xmx4g -cp benchmarks/target/benchmarks.jar bench/analyze-fiducial.java "$@"
