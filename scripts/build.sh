#!/usr/bin/env bash
# Builds the node (with its runtime WASM), the gatekeeper and every test binary in one Cargo
# invocation and one profile, so that they share all compiled dependencies; then the web app's
# static bundle (app/dist).
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$HC_ROOT/scripts/setup.sh"
cd "$HC_ROOT"
# A first build compiles about 1,200 crates and the runtime's WASM: say how long it takes
# (31 min measured on 2 cores, docs/measured.md) before it starts.
if [ ! -x "$CARGO_TARGET_DIR/release/healthchain-node" ]; then
	cores="$(nproc 2>/dev/null || echo 2)"
	echo "First build into $CARGO_TARGET_DIR: about $(( (62 + cores - 1) / cores )) minutes on $cores cores (31 min measured on 2); later builds take a few minutes."
fi
jobs_flag=()
[ -n "${HC_BUILD_JOBS:-}" ] && jobs_flag=(-j "$HC_BUILD_JOBS")
# In CI, cargo also writes where the build's time went: $CARGO_TARGET_DIR/cargo-timings/.
timings_flag=()
[ "${CI:-}" = true ] && timings_flag=(--timings)
cargo build --locked --release --workspace --all-targets "${jobs_flag[@]}" "${timings_flag[@]}"
(cd "$HC_ROOT/app" && npm run --silent build)
