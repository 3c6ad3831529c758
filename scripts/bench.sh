#!/usr/bin/env bash
# Prints the rows of issue 16's performance table for the release build: whole-process
# medians of RUNS runs (default 5; 3 for the large batches), wall time, CPU time (user +
# system, the figure to trust when other work shares the machine) and peak resident memory,
# from /usr/bin/time -v. Peers are timed in the same run when they are available:
#   - check-jsonschema (validating the sample against the evidence schema), installed
#     idempotently from PyPI into target/bench-venv;
#   - Chromium printing the HTML disclosure to PDF (when /usr/bin/chromium exists).
# Not part of CI and nothing is asserted: it only prints.
#
#   scripts/bench.sh                 # every row
#   RUNS=9 scripts/bench.sh          # more runs per figure
#   BATCH=2000 scripts/bench.sh      # a smaller batch than 10 000 files
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
batch_n=${BATCH:-10000}
compare_n=${COMPARE:-1000}
sample=samples/typical/evidence.toml
profile=samples/profiles/university-hospital.toml
as_of=(--as-of 2026-12-01)

cargo build --release --quiet --bin sansho --example gen_vendors
bin=target/release/sansho
gen=target/release/examples/gen_vendors
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure LABEL N CMD…: runs CMD N times (stdout discarded, exit status ignored: a gate
# that is not met exits 1) and prints one row of medians. Python's wait4 gives CPU time and
# peak memory in microseconds and kilobytes (/usr/bin/time rounds to 10 ms).
measure() {
  local label=$1 n=$2
  shift 2
  python3 - "$label" "$n" "$@" <<'PY'
import os, statistics, subprocess, sys, time
label, n, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
walls, cpus, rss = [], [], []
for _ in range(n):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    walls.append((time.perf_counter() - t) * 1000)
    cpus.append((ru.ru_utime + ru.ru_stime) * 1000)
    rss.append(ru.ru_maxrss / 1024)
m = statistics.median
print(f"{label:<46} wall {m(walls):9.1f} ms   cpu {m(cpus):9.1f} ms   peak {m(rss):7.1f} MB")
PY
}

echo "sansho $(git describe --always --dirty 2>/dev/null || echo '?'), release build, $(nproc) cores," \
  "load average $(cut -d' ' -f1 /proc/loadavg), medians of $runs runs"
echo

echo "## validate / score of a sample ($sample)"
measure "sansho validate" "$runs" "$bin" validate "$sample" "${as_of[@]}"
measure "sansho score" "$runs" "$bin" score "$sample" "${as_of[@]}"
venv=target/bench-venv
if [ ! -x "$venv/bin/check-jsonschema" ]; then
  if python3 -m venv "$venv" >/dev/null 2>&1 &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema >/dev/null 2>&1; then
    :
  else
    echo "(peer skipped: check-jsonschema could not be installed into $venv)"
  fi
fi
if [ -x "$venv/bin/check-jsonschema" ]; then
  # The same data as JSON (what the peer reads) and the schema sansho validates it with.
  cp schemas/evidence.schema.json "$work/schema.json"
  python3 - "$sample" "$work/sample.json" <<'PY'
import json, sys, tomllib, datetime
def plain(v):
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime)): return v.isoformat()
    return v
with open(sys.argv[1], "rb") as f: data = tomllib.load(f)
data.pop("$schema", None)
json.dump(plain(data), open(sys.argv[2], "w"), ensure_ascii=False)
PY
  measure "peer: check-jsonschema (same data, JSON)" "$runs" \
    "$venv/bin/check-jsonschema" --schemafile "$work/schema.json" "$work/sample.json"
fi
echo

echo "## render --format pdf, the disclosure of $sample"
measure "sansho render --doc disclosure --format pdf" "$runs" \
  "$bin" render "$sample" --doc disclosure --format pdf -o "$work/d.pdf" --force "${as_of[@]}"
pages=$(strings "$work/d.pdf" | grep -c '/Type */Page\b' || true)
printf '%-46s %s KB, %s pages\n' "  size" "$(( $(stat -c %s "$work/d.pdf") / 1024 ))" "$pages"
if [ -x /usr/bin/chromium ]; then
  "$bin" render "$sample" --doc disclosure --format html -o "$work/d.html" --force "${as_of[@]}" 2>/dev/null
  measure "peer: chromium --headless --print-to-pdf (HTML)" "$runs" \
    /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$work/chromium" --print-to-pdf="$work/c.pdf" "file://$work/d.html"
  printf '%-46s %s KB\n' "  size" "$(( $(stat -c %s "$work/c.pdf") / 1024 ))"
else
  echo "(peer skipped: /usr/bin/chromium is not installed)"
fi
echo

big=$(( runs < 3 ? runs : 3 ))
"$gen" "$batch_n" "$work/batch" >/dev/null
echo "## $batch_n evidence files ($(du -sh --apparent-size "$work/batch" | cut -f1))"
measure "sansho score --batch ($batch_n files, jsonl)" "$big" \
  "$bin" score --batch "$work/batch" "${as_of[@]}"
echo

mkdir -p "$work/compare"
all=("$work/batch"/*.toml)
cp -t "$work/compare" "${all[@]:0:$compare_n}"
echo "## compare of $compare_n"
measure "sansho compare ($compare_n files, --profile, json)" "$runs" \
  "$bin" compare "$work/compare"/*.toml --profile "$profile" --format json "${as_of[@]}"
