#!/usr/bin/env bash
# The load report: starts a dev node on loopback, loads it with each workload (balance transfers
# as the yardstick; grants, revokes, permitted and denied access logs; record registrations,
# acknowledgements and key attachments; commissioning, shipping, receiving and recalling full
# pallets; check_access / verify queries), then starts again from a genesis already holding
# FILL_GRANTS grants, FILL_RECORDS records and FILL_PACKS packs (default 1,000,000, 100,000 and
# 1,000,000, which the node holds in about 9 GiB; 0 skips that part: 10,000,000 packs on top ran
# it out of memory while it wrote the genesis, see docs/performance) and runs transfers, grants,
# records and the queries there. It
# re-executes each workload's fullest block for its import time and writes
# docs/performance/load-report.{md,json}.
# Usage: scripts/load.sh [hc-load options]   e.g.  --sealing instant   --grants 30000
# `hc-load --help` (in the cargo target directory) lists the options.
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HC_ROOT"
bash scripts/build.sh
. scripts/setup.sh
LOAD="$CARGO_TARGET_DIR/release/hc-load"
exec "$LOAD" --node "$HEALTHCHAIN_NODE" --base-path "$CARGO_TARGET_DIR/load-db" \
	--out docs/performance --fill-grants "${FILL_GRANTS:-1000000}" \
	--fill-records "${FILL_RECORDS:-100000}" --fill-packs "${FILL_PACKS:-1000000}" "$@"
