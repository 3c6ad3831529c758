#!/usr/bin/env bash
# Times `sansho compare` on generated vendors (release build) and prints one line per run:
# wall time and peak resident memory, from /usr/bin/time -v.
#
#   scripts/bench-compare.sh            # 100 vendors (json, pdf) and 1 000 vendors (json)
#   scripts/bench-compare.sh 100 1000 10000
#
# Targets: 100 vendors under 1 s as JSON and under 3 s as PDF (issue 15); 1 000 vendors as
# JSON within 0.6 s and 50 MB (issue 16). Each figure is the median of RUNS runs (default 3).
# The vendors are written by examples/gen_vendors.rs from the three samples (fixed seed, so
# every run compares the same files); no timing is asserted anywhere, this only prints.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000)
runs=${RUNS:-3}
profile=samples/profiles/university-hospital.toml

cargo build --release --quiet --bin sansho --example gen_vendors
bin=target/release/sansho
gen=target/release/examples/gen_vendors
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median of the numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure LABEL FORMAT DIR: prints "LABEL  wall s  CPU s  peak MB" (medians over $runs runs;
# CPU = user + system time, the figure to trust when other work shares the machine)
measure() {
  local label=$1 format=$2 dir=$3 walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    local out=()
    [ "$format" = pdf ] && out=(-o "$work/out.pdf" --force)
    /usr/bin/time -v "$bin" compare "$dir"/*.toml --profile "$profile" --as-of 2026-12-01 \
      --format "$format" "${out[@]}" >/dev/null 2>"$work/time.txt" || true
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
      for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time.txt")")
    cpus+=("$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.txt")")
  done
  printf '%-24s wall %7.3f s   cpu %7.3f s   peak %7.1f MB\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(printf '%s\n' "${rss[@]}" | median)"
}

echo "sansho compare, release build, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg), median of $runs runs"
for n in "${sizes[@]}"; do
  dir=$work/v$n
  "$gen" "$n" "$dir"
  measure "$n vendors, json" json "$dir"
  if [ "$n" -le 200 ]; then
    measure "$n vendors, pdf" pdf "$dir"
  fi
  rm -rf "$dir"
done
