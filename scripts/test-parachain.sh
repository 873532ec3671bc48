#!/usr/bin/env bash
# Runs end-to-end suites against the parachain runtime of the release build, without a relay
# chain:
#
#   scripts/test-parachain.sh [chopsticks|omni] [node --test options]
#
# By default (and in CI) it runs parachain.test.mjs, which compares the parachain's pallets with
# the solo chain's (calls, errors, events, storage, constants, runtime APIs: the same code
# configured the same way); share-record.test.mjs, one whole flow through the parachain WASM
# (organizations, consent, records, keys); and metadata-hash.test.mjs, transfers signed in mode 1
# with the metadata hash, as the Ledger generic app signs them (the blob is built with the hash).
# The pallet suites themselves run against the solo chain in scripts/test.sh; HC_PARACHAIN_SUITES=all runs them here too (organizations, consent,
# records, supply chain: about 8 more minutes under Chopsticks).
#
# 1. Makes the parachain's chain spec from its WASM and the runtime's `development` preset
#    (scripts/parachain-spec.sh: para id 2000 on `rococo-local`, token HCT).
# 2. Runs the suites with HC_E2E_CHAIN set to the backend (default chopsticks) and HC_CHAIN_SPEC
#    to the raw spec: each file starts its own Chopsticks or polkadot-omni-node
#    ($POLKADOT_OMNI_NODE, default ~/.cache/omni-node/bin/polkadot-omni-node). Under the omni
#    node, transactions fail until the chain's SS58 prefix is in the SS58 registry: its RPC
#    refuses `hc…` addresses (docs/addresses.md).
#
# Needs the release build (scripts/build.sh).
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$HC_ROOT/scripts/setup.sh"
cd "$HC_ROOT"

backend="${1:-chopsticks}"
if [ $# -gt 0 ]; then shift; fi
case "$backend" in
	chopsticks | omni) ;;
	*)
		echo "usage: scripts/test-parachain.sh [chopsticks|omni] [node --test options]" >&2
		exit 2
		;;
esac

raw="$(bash scripts/parachain-spec.sh development)"
printf '[test-parachain] chain spec: %s\n' "$raw" >&2

suites=(tests/e2e/share-record.test.mjs tests/e2e/parachain.test.mjs tests/e2e/metadata-hash.test.mjs)
if [ "${HC_PARACHAIN_SUITES:-}" = all ]; then
	suites=(tests/e2e/organizations.test.mjs tests/e2e/consent.test.mjs tests/e2e/records.test.mjs
		tests/e2e/supply-chain.test.mjs tests/e2e/key-directory.test.mjs "${suites[@]}")
fi

HC_E2E_CHAIN="$backend" HC_CHAIN_SPEC="$raw" node --test --test-concurrency=1 --test-timeout=600000 "$@" \
	"${suites[@]}"
