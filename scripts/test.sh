#!/usr/bin/env bash
# The test command of the README and of CI: installs what the tests need that Cargo cannot
# (Debian packages, a Python venv, npm packages) — each step idempotent, skipped when already
# present — and then runs `cargo test`. Arguments are passed to `cargo test`.
#
# Tests that drive an external tool find it through tests/support (tool paths are exported
# below); with SANSHO_REQUIRE_TOOLS=1 (set here) a missing tool fails the test instead of
# skipping it, so CI can never pass by silently skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tools="$root/target/test-tools"
mkdir -p "$tools"

say() { printf '== %s\n' "$*" >&2; }

# Debian packages: installed only when a command they provide is missing.
apt_need=()
need_apt() { # need_apt COMMAND PACKAGE...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 || apt_need+=("$@")
}
need_apt pdftotext poppler-utils
need_apt chromium chromium
need_apt soffice libreoffice-calc-nogui
# The browser tests of sansho serve (tests/e2e.rs): Node runs playwright-core, which drives
# the chromium above.
need_apt node nodejs
need_apt npm npm
# compliance-trestle (tests/oscal.rs) needs Python with venv and pip.
trestle_version=5.2.0 # the release that models OSCAL 1.2.1
trestle_venv="$tools/trestle-venv"
trestle_ok() {
  "$trestle_venv/bin/python" -c "import sys, importlib.metadata as m; sys.exit(m.version('compliance-trestle') != '$trestle_version')" 2>/dev/null
}
if ! trestle_ok; then
  need_apt python3 python3
  command -v python3 >/dev/null 2>&1 && python3 -c 'import ensurepip, venv' 2>/dev/null || apt_need+=(python3-venv)
fi
if [ ${#apt_need[@]} -gt 0 ]; then
  say "apt-get install ${apt_need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${apt_need[@]}" >/dev/null
fi

# An independent OSCAL implementation, pinned, in its own venv: installed once, reinstalled
# only when the pinned version changes.
if ! trestle_ok; then
  say "pip install compliance-trestle==$trestle_version (in $trestle_venv)"
  python3 -m venv --clear "$trestle_venv"
  "$trestle_venv/bin/python" -m pip install -q --disable-pip-version-check "compliance-trestle==$trestle_version"
  trestle_ok
fi

# playwright-core for tests/e2e (pinned in tests/e2e/package-lock.json): installed once into
# tests/e2e/node_modules, reinstalled only when the pinned version changes. It never downloads
# a browser (it uses /usr/bin/chromium).
e2e="$root/tests/e2e"
e2e_ok() {
  (cd "$e2e" && node -e 'const l = require("./package-lock.json").packages["node_modules/playwright-core"].version; process.exit(require("./node_modules/playwright-core/package.json").version === l ? 0 : 1)') 2>/dev/null
}
if ! e2e_ok; then
  say "npm ci (playwright-core, in $e2e)"
  (cd "$e2e" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  e2e_ok
fi

export SANSHO_REQUIRE_TOOLS=1
export SANSHO_TEST_TOOLS="$tools"

say "cargo test $*"
cargo test --locked "$@"
