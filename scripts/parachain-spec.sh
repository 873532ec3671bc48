#!/usr/bin/env bash
# Writes the parachain's chain spec, plain and raw, from the parachain runtime of the release
# build and one of its genesis presets:
#
#   scripts/parachain-spec.sh [preset] [relay chain] [para id]
#
# preset: development (default: Alice collates, is sudo), local_testnet (Alice and Bob
# collate) or demo (development plus sample healthcare data); relay chain: rococo-local
# (default); para id: 2000 (default, the id the presets' genesis carries; a different one needs
# a preset with that id). The files go to $CARGO_TARGET_DIR/parachain/healthchain-parachain[-<preset>][-raw].json;
# the raw one's path is printed. polkadot-omni-node runs it (`--chain <raw> --dev` without a
# relay chain, or as a collator), and so do Chopsticks and zombienet.
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$HC_ROOT/scripts/setup.sh" >/dev/null

preset="${1:-development}"
relay="${2:-rococo-local}"
para_id="${3:-2000}"

wasm="$CARGO_TARGET_DIR/release/wbuild/healthchain-runtime/healthchain_parachain_runtime.compact.compressed.wasm"
for file in "$HEALTHCHAIN_NODE" "$wasm"; do
	if [ ! -f "$file" ]; then
		echo "$file not found: build with scripts/build.sh" >&2
		exit 1
	fi
done

suffix=""
[ "$preset" = development ] || suffix="-$preset"
case "$preset" in
	development | demo) chain_type=development ;;
	*) chain_type=local ;;
esac
out="$CARGO_TARGET_DIR/parachain"
plain="$out/healthchain-parachain$suffix.json"
raw="$out/healthchain-parachain$suffix-raw.json"
mkdir -p "$out"
# `create` writes the properties given here (its default would be tokenSymbol=UNIT); wallets
# and Chopsticks read `system_properties` from them.
"$HEALTHCHAIN_NODE" chain-spec-builder -c "$plain" create \
	-n "Healthchain Parachain ($preset)" -i "healthchain_parachain_${preset}" -t "$chain_type" \
	--relay-chain "$relay" --para-id "$para_id" \
	--properties tokenSymbol=HCT,tokenDecimals=12,ss58Format=42 \
	--runtime "$wasm" named-preset "$preset"
"$HEALTHCHAIN_NODE" chain-spec-builder -c "$raw" convert-to-raw "$plain"
echo "$raw"
