#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the samples, the profiles, the catalog and tests/bad/
# (the corpus itself is not committed: it grows with every run). Idempotent.
#
#   fuzz/seed.sh && cargo +nightly fuzz run evidence -- -max_total_time=600
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c/evidence" "$c/evidence_pdf" "$c/profile" "$c/user_catalog"
# The first byte of an evidence input picks the parser: even TOML, odd JSON.
seed() { # seed DIR NAME PREFIX-BYTE FILE
  { printf "$3"; cat "$4"; } > "$1/$2"
}
for f in samples/*/evidence.toml tests/bad/*.toml tests/bad/*.json; do
  [ -f "$f" ] || continue
  n=$(echo "$f" | tr '/' '_')
  case "$f" in
    *.json) p='\x01' ;;
    *) p='\x00' ;;
  esac
  seed "$c/evidence" "$n" "$p" "$f"
  seed "$c/evidence_pdf" "$n" "$p" "$f"
done
for f in samples/profiles/*.toml tests/bad/profile-*.toml; do
  cp "$f" "$c/profile/$(echo "$f" | tr '/' '_')"
done
# user_catalog: the first byte picks the file of tests/fixtures/score/controls (sorted) that
# the rest replaces: 0 catalog.toml, 1 emergency.toml, 2 esignature.toml, 3 technical.toml.
i=0
for f in tests/fixtures/score/controls/*.toml; do
  seed "$c/user_catalog" "$(basename "$f")" "\\x0$i" "$f"
  i=$((i + 1))
done
echo "seeded: $(for t in evidence evidence_pdf profile user_catalog; do printf '%s %s  ' "$t" "$(ls "$c/$t" | wc -l)"; done)"
