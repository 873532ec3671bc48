#!/usr/bin/env bash
# The load report: starts a dev node on loopback, loads it with each workload (balance transfers
# as the yardstick, consent grants, access logs, record registrations, commissioning, shipping
# full pallets, and check_access / verify queries), re-executes each workload's fullest block
# for its import time, and writes docs/performance/load-report.{md,json}.
# Usage: scripts/load.sh [hc-load options]   e.g.  --sealing instant   --grants 30000
# `target/release/hc-load --help` lists the options (sizes, workloads, connections).
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HC_ROOT"
bash scripts/build.sh
. scripts/setup.sh
LOAD="$CARGO_TARGET_DIR/release/hc-load"
exec "$LOAD" --node "$HEALTHCHAIN_NODE" --base-path "$CARGO_TARGET_DIR/load-db" \
	--out docs/performance "$@"
