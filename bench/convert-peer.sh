#!/usr/bin/env bash
# convert.jar against the peer, PhysioNet's reference Python reader (wfdb-python rdrecord + rdann) with h5py
# writing the same arrays, on the MIT-BIH records: whole process, cold start, wall clock, side by side
# (the runs alternate, so both see the same machine load).
#
#   MITDB_DIR=/path/to/mitdb [WFDB_PYTHON_DIR=/path/to/wfdb-python-checkout] bench/convert-peer.sh [RUNS]
#
# Without WFDB_PYTHON_DIR (wfdb-python is not installable here: no PyPI), only ours runs and is set against the
# peer's recorded 2.3-3.2 s. Prints every run, then best/median per side and the ratio of medians. RUNS
# defaults to 5. The peer needs /usr/bin/python3 with Debian's python3-numpy, -scipy, -pandas and -h5py.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
: "${MITDB_DIR:?set MITDB_DIR to a directory of MIT-BIH records}"
JAR=convert/target/convert.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -pl convert -am package -DskipTests" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/peer.py" <<'PY'
import glob, os, sys
import numpy as np, h5py, wfdb
src, dst = sys.argv[1], sys.argv[2]
for hea in sorted(glob.glob(os.path.join(src, "*.hea"))):
    name = os.path.basename(hea)[:-4]
    path = os.path.join(src, name)
    rec = wfdb.rdrecord(path, physical=False)
    with h5py.File(os.path.join(dst, name + ".h5"), "w") as f:
        d = f.create_dataset("signals/digital", data=np.ascontiguousarray(rec.d_signal.T.astype(np.int16)))
        d.attrs["name"] = np.array(rec.sig_name, dtype="S")
        d.attrs["units"] = np.array(rec.units, dtype="S")
        d.attrs["gain"] = np.array(rec.adc_gain)
        d.attrs["baseline"] = np.array(rec.baseline, dtype=np.int32)
        d.attrs["format"] = np.array([int(x) for x in rec.fmt], dtype=np.int32)
        f.attrs["sampling_frequency"] = rec.fs
        f.attrs["n_samples"] = rec.sig_len
        if os.path.exists(path + ".atr"):
            a = wfdb.rdann(path, "atr")
            g = f.create_group("annotations/atr")
            g["sample"] = a.sample.astype(np.int64)
            g["symbol"] = np.array(a.symbol, dtype="S")
            g["subtype"] = np.asarray(a.subtype, dtype=np.int32)
            g["chan"] = np.asarray(a.chan, dtype=np.int32)
            g["num"] = np.asarray(a.num, dtype=np.int32)
            g["aux"] = np.array([s.encode("latin-1") for s in a.aux_note], dtype="S")
PY

ours=(); peer=()
now() { date +%s.%N; }
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/ours"; t0=$(now)
  java -jar "$JAR" "$MITDB_DIR" "$WORK/ours" >/dev/null
  t1=$(now); ours+=("$(echo "$t1 - $t0" | bc)")
  echo "run $i: ours $(printf '%.2f' "${ours[-1]}") s"
  if [ -n "${WFDB_PYTHON_DIR:-}" ]; then
    rm -rf "$WORK/peer"; mkdir "$WORK/peer"; t0=$(now)
    PYTHONPATH="$WFDB_PYTHON_DIR" /usr/bin/python3 "$WORK/peer.py" "$MITDB_DIR" "$WORK/peer"
    t1=$(now); peer+=("$(echo "$t1 - $t0" | bc)")
    echo "run $i: peer $(printf '%.2f' "${peer[-1]}") s"
  fi
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "best %.2f s  median %.2f s", a[1], a[int((NR+1)/2)]}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "ours (convert.jar, $(ls "$WORK/ours" | wc -l) files, $(du -sb "$WORK/ours" | cut -f1) bytes): $(stats "${ours[@]}")"
m=$(median "${ours[@]}")
if [ ${#peer[@]} -gt 0 ]; then
  echo "peer (wfdb-python + h5py, $(du -sb "$WORK/peer" | cut -f1) bytes): $(stats "${peer[@]}")"
  echo "ratio of medians ours/peer: $(echo "scale=2; $m / $(median "${peer[@]}")" | bc)"
else
  echo "peer not run (set WFDB_PYTHON_DIR); recorded peer 2.3-3.2 s: ratio $(echo "scale=2; $m / 3.2" | bc)-$(echo "scale=2; $m / 2.3" | bc)"
fi
uptime
