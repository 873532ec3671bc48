#!/usr/bin/env bash
# Builds the node (with its runtime WASM), the gatekeeper and every test binary in one Cargo
# invocation and one profile, so that they share all compiled dependencies; then the web app's
# static bundle (app/dist).
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$HC_ROOT/scripts/setup.sh"
cd "$HC_ROOT"
jobs_flag=()
[ -n "${HC_BUILD_JOBS:-}" ] && jobs_flag=(-j "$HC_BUILD_JOBS")
cargo build --locked --release --workspace --all-targets "${jobs_flag[@]}"
(cd "$HC_ROOT/app" && npm run --silent build)
