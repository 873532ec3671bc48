#!/usr/bin/env bash
# The second README command: installs what is missing, builds once, and runs every test:
# Rust unit and runtime tests, then the end-to-end tests against real nodes, the web app in
# Debian's chromium, then the parachain runtime under Chopsticks (its pallets compared with the
# solo chain's, and one whole flow).
# Prints the time of each phase.
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HC_ROOT"

start_all=$(date +%s)
phase_start=$start_all
phase() {
	local now; now=$(date +%s)
	printf '[phase] %-28s %5ds\n' "$1" "$((now - phase_start))"
	phase_start=$now
}

export HC_SETUP_BROWSER=1
export HC_SETUP_POSTGRES=1
. scripts/setup.sh
phase "setup"

cargo fmt --all -- --check
phase "formatting"

bash scripts/build.sh
phase "build (node, runtime, tests, app)"

cargo test --locked --release --workspace
phase "cargo test"

node --test tests/scripts/
phase "script unit tests"

node --test --test-concurrency=1 --test-timeout=600000 tests/e2e/
phase "end-to-end tests"

# The web app in a real browser, against its own demo node and gatekeeper per file.
node --test --test-concurrency=1 --test-timeout=300000 tests/app/
phase "browser tests"

# The parachain runtime under Chopsticks (scripts/test-parachain.sh says what runs).
bash scripts/test-parachain.sh chopsticks
phase "end-to-end, parachain"

bash scripts/lint.sh
phase "lints (clippy, rustdoc)"

printf '[phase] %-28s %5ds\n' "total" "$(( $(date +%s) - start_all ))"
