#!/usr/bin/env bash
# The first README command: installs what is missing, builds, and starts a development chain
# (Alice validates alone: Aura blocks every 6 s, GRANDPA finality) with its RPC on
# ws://127.0.0.1:9944 for polkadot.js. Extra arguments go to the node, e.g.
#   scripts/start-dev.sh --sealing instant      # a block per transaction
#   scripts/start-dev.sh --chain demo           # with sample organizations and data
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$HC_ROOT/scripts/build.sh"
. "$HC_ROOT/scripts/setup.sh" 2>/dev/null
args=("$@")
has_chain=0
for a in "${args[@]}"; do case "$a" in --chain|--chain=*|--dev) has_chain=1 ;; esac; done
[ $has_chain -eq 1 ] || args=(--dev "${args[@]}")
echo "starting: $HEALTHCHAIN_NODE ${args[*]} --rpc-cors all"
exec "$HEALTHCHAIN_NODE" "${args[@]}" --rpc-cors all
