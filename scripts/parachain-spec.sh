#!/usr/bin/env bash
# Writes the parachain's chain spec, plain and raw, from the parachain runtime of the release
# build and one of its genesis presets, with the para id, collators, sudo key and balances an
# operator gives (no Rust edit):
#
#   scripts/parachain-spec.sh [options] [preset] [relay chain] [para id]
#
#   --preset NAME         development (default: Alice collates, is sudo), local_testnet (Alice
#                         and Bob collate) or demo (development plus sample healthcare data)
#   --relay-chain NAME    the relay chain's id (default rococo-local)
#   --para-id N           the para id, in the genesis and in the spec (default: the preset's, 2000)
#   --collator KEY[=AURA] a collator, repeatable: replaces the preset's. KEY is its account (an
#                         SS58 address in any form, 0x and 64 hex digits, or a dev URI such as
#                         //Alice); AURA its Aura session key, the account's own when left out
#   --sudo KEY            the sudo key (default: the preset's, Alice)
#   --balance KEY=AMOUNT  a balance at genesis in plancks (10^-12 HCT), repeatable: replaces the
#                         preset's, which fund the well-known dev accounts (give the sudo key one:
#                         an account without funds cannot sign)
#   --chain-type TYPE     Development, Local or Live (default: Development for development and
#                         demo, Local for local_testnet)
#   --name NAME, --id ID  the chain's name and id (default "Healthchain Parachain (<preset>)",
#                         healthchain_parachain_<preset>)
#
# The positional arguments are the older form of the first three options. The token and the SS58
# prefix are the solo chain's, read from its node's dev spec (`export-chain-spec --chain dev`),
# which takes them from the runtime's constants. The files go to
# $CARGO_TARGET_DIR/parachain/healthchain-parachain[-<preset>][-raw].json, or <id>[-raw].json
# with --id; the raw one's path is printed. polkadot-omni-node runs it (`--chain <raw> --dev`
# without a relay chain, or as a collator), and so do Chopsticks and zombienet. docs/parachain.md
# has the steps on a relay chain.
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Prints the comment above; exits with $1 (2, a usage error, unless asked for).
usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
	exit "${1:-2}"
}

preset=""
relay=""
para_id=""
chain_type=""
name=""
id=""
patch_args=()
positional=()
while [ $# -gt 0 ]; do
	case "$1" in
		--preset | --relay-chain | --para-id | --collator | --sudo | --balance | --chain-type | --name | --id)
			[ $# -ge 2 ] || { echo "$1 needs a value" >&2; usage; }
			case "$1" in
				--preset) preset="$2" ;;
				--relay-chain) relay="$2" ;;
				--para-id) para_id="$2" ;;
				--collator) patch_args+=(--collator "$2") ;;
				--sudo) patch_args+=(--sudo "$2") ;;
				--balance) patch_args+=(--balance "$2") ;;
				--chain-type) chain_type="$2" ;;
				--name) name="$2" ;;
				--id) id="$2" ;;
			esac
			shift 2
			;;
		-h | --help) usage 0 ;;
		-*)
			echo "unknown option $1" >&2
			usage
			;;
		*)
			positional+=("$1")
			shift
			;;
	esac
done
[ ${#positional[@]} -le 3 ] || usage
preset="${preset:-${positional[0]:-development}}"
relay="${relay:-${positional[1]:-rococo-local}}"
para_id="${para_id:-${positional[2]:-}}"
if [ -n "$para_id" ]; then
	[[ "$para_id" =~ ^[0-9]+$ ]] || { echo "the para id is a whole number, not '$para_id'" >&2; exit 2; }
	patch_args+=(--para-id "$para_id")
fi
if [ -z "$chain_type" ]; then
	case "$preset" in
		development | demo) chain_type=development ;;
		*) chain_type=local ;;
	esac
fi
chain_type="$(printf '%s' "$chain_type" | tr '[:upper:]' '[:lower:]')"
case "$chain_type" in
	development | local | live) ;;
	*)
		echo "the chain type is Development, Local or Live, not '$chain_type'" >&2
		exit 2
		;;
esac

. "$HC_ROOT/scripts/setup.sh" >/dev/null
wasm="$CARGO_TARGET_DIR/release/wbuild/healthchain-runtime/healthchain_parachain_runtime.compact.compressed.wasm"
for file in "$HEALTHCHAIN_NODE" "$wasm"; do
	if [ ! -f "$file" ]; then
		echo "$file not found: build with scripts/build.sh" >&2
		exit 1
	fi
done

out="$CARGO_TARGET_DIR/parachain"
if [ -n "$id" ]; then
	base="$out/$id"
else
	suffix=""
	[ "$preset" = development ] || suffix="-$preset"
	base="$out/healthchain-parachain$suffix"
fi
plain="$base.json"
raw="$base-raw.json"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# `create` writes the properties given here (its default would be tokenSymbol=UNIT); wallets,
# polkadot.js and Chopsticks read `system_properties` from them. They are the solo chain's, so
# that the runtime's constants stay their one source (docs/addresses.md).
"$HEALTHCHAIN_NODE" export-chain-spec --chain dev --output "$work/solo.json" >/dev/null
properties="$(node "$HC_ROOT/scripts/para-genesis.mjs" properties "$work/solo.json")"

# The preset, with what the options replace, is the patch `create` merges onto the runtime's
# default genesis: the same genesis as `named-preset` when nothing is replaced.
"$HEALTHCHAIN_NODE" chain-spec-builder display-preset -r "$wasm" -p "$preset" >"$work/preset.json"
node "$HC_ROOT/scripts/para-genesis.mjs" genesis "$work/preset.json" ${patch_args[@]+"${patch_args[@]}"} >"$work/genesis.json"
para_id="$(node "$HC_ROOT/scripts/para-genesis.mjs" para-id "$work/genesis.json")"
"$HEALTHCHAIN_NODE" chain-spec-builder -c "$plain" create \
	-n "${name:-Healthchain Parachain ($preset)}" -i "${id:-healthchain_parachain_${preset}}" -t "$chain_type" \
	--relay-chain "$relay" --para-id "$para_id" --properties "$properties" \
	--runtime "$wasm" patch "$work/genesis.json"
"$HEALTHCHAIN_NODE" chain-spec-builder -c "$raw" convert-to-raw "$plain"
echo "$raw"
