#!/usr/bin/env bash
# Measures weights on this machine and writes them into the source tree:
# - every Healthchain pallet -> pallets/<name>/src/weights.rs (scripts/weights/pallet-template.hbs);
# - pallet_balances, pallet_utility, pallet_proxy, pallet_multisig, pallet_sudo,
#   pallet_timestamp, pallet_transaction_payment, frame_system, frame_system_extensions ->
#   runtime/src/weights/<pallet>.rs;
# - the parachain's own pallets (cumulus_pallet_parachain_system, cumulus_pallet_xcmp_queue,
#   pallet_message_queue, pallet_xcm, pallet_session, pallet_collator_selection) ->
#   runtime/src/weights/<pallet>.rs, measured on the parachain runtime built with benchmarks
#   (the node build with HC_PARACHAIN_BENCHMARKS=1 writes it; this script runs that build,
#   which recompiles the runtime once more after a build without it);
# - block and extrinsic base weights (`benchmark overhead`) and ParityDB read/write weights
#   (`benchmark storage`, on the database scripts/load.sh leaves) -> runtime/src/weights/.
# Usage: scripts/benchmark.sh [pallet ...]   (default: all; also `overhead`, `storage`).
# STEPS and REPEAT override the sampling: 50 steps and 20 repeats by default, 10 and 5 for
# pallet_supply_chain, whose worst cases build a full pallet (10,000 packs) for every sample.
# Rebuild afterwards (scripts/build.sh) to use the new weights.
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HC_ROOT"
. scripts/setup.sh
NODE="$HEALTHCHAIN_NODE"
[ -x "$NODE" ] || { echo "build the node first: scripts/build.sh" >&2; exit 1; }

header="$(mktemp)"
trap 'rm -f "$header"' EXIT
printf '// Measured on %s (%s cores, %s); see scripts/benchmark.sh.\n' \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(nproc)" \
	"$(free -g | awk '/Mem:/ {print $2 " GiB"}')" > "$header"

ours=(pallet_organizations:organizations pallet_consent:consent pallet_records:records pallet_supply_chain:supply-chain pallet_key_directory:key-directory pallet_claims:claims pallet_trials:trials)
theirs=(frame_system frame_system_extensions pallet_transaction_payment pallet_balances pallet_timestamp pallet_sudo pallet_utility pallet_proxy pallet_multisig)
parachain=(cumulus_pallet_parachain_system cumulus_pallet_xcmp_queue pallet_message_queue pallet_xcm pallet_session pallet_collator_selection)
selected=("$@")
wanted() { [ ${#selected[@]} -eq 0 ] && return 0; local p; for p in "${selected[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

bench() {
	local pallet="$1" output="$2"; shift 2
	local steps=50 repeat=20
	[ "$pallet" = pallet_supply_chain ] && steps=10 repeat=5
	steps="${STEPS:-$steps}"; repeat="${REPEAT:-$repeat}"
	echo "[benchmark] $pallet -> $output (steps $steps, repeat $repeat)"
	local t0=$(date +%s)
	"$NODE" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "$steps" --repeat "$repeat" --wasm-execution compiled --heap-pages 4096 \
		--no-storage-info --output "$output" --header "$header" "$@"
	echo "[benchmark] $pallet took $(( $(date +%s) - t0 ))s"
}

mkdir -p runtime/src/weights
for entry in "${ours[@]}"; do
	pallet="${entry%%:*}"; dir="${entry##*:}"
	wanted "$pallet" || continue
	bench "$pallet" "pallets/$dir/src/weights.rs" --template scripts/weights/pallet-template.hbs
done
for pallet in "${theirs[@]}"; do
	wanted "$pallet" || continue
	bench "$pallet" "runtime/src/weights/$pallet.rs"
done

# The parachain's pallets run on the parachain blob with benchmarks, from its `development`
# preset. `--allow-missing-host-functions`: the blob imports the storage-proof-size host
# function, which only `validate_block` calls (on collators and relay validators), never a
# benchmark, and which the solo node does not have.
para_wanted=()
for pallet in "${parachain[@]}"; do wanted "$pallet" && para_wanted+=("$pallet"); done
if [ ${#para_wanted[@]} -gt 0 ]; then
	echo "[benchmark] building the parachain runtime with benchmarks"
	HC_PARACHAIN_BENCHMARKS=1 cargo build --locked --release -p healthchain-node
	para_wasm="$CARGO_TARGET_DIR/release/wbuild/healthchain-runtime/healthchain_parachain_runtime_benchmarks.compact.compressed.wasm"
	for pallet in "${para_wanted[@]}"; do
		steps="${STEPS:-50}"; repeat="${REPEAT:-20}"
		echo "[benchmark] $pallet (parachain) -> runtime/src/weights/$pallet.rs (steps $steps, repeat $repeat)"
		t0=$(date +%s)
		"$NODE" benchmark pallet --runtime "$para_wasm" --genesis-builder runtime \
			--genesis-builder-preset development --allow-missing-host-functions \
			--pallet "$pallet" --extrinsic '*' --steps "$steps" --repeat "$repeat" \
			--wasm-execution compiled --heap-pages 4096 --no-storage-info \
			--output "runtime/src/weights/$pallet.rs" --header "$header"
		echo "[benchmark] $pallet took $(( $(date +%s) - t0 ))s"
	done
fi

if wanted overhead; then
	echo "[benchmark] block and extrinsic overhead"
	"$NODE" benchmark overhead --chain dev --weight-path runtime/src/weights --header "$header" \
		--warmup 5 --repeat 50
fi
if wanted storage; then
	# Database weights mean something only on a state of realistic size: by default the
	# database the load report (scripts/load.sh) leaves behind, with ~125,000 keys of grants,
	# records and packs. Writes are timed in batches of 10,000 keys, about what one full block
	# of healthcare calls writes.
	db="${STORAGE_DB:-$CARGO_TARGET_DIR/load-db/db}"
	[ -d "$db" ] || { echo "no populated database at $db: run scripts/load.sh first" >&2; exit 1; }
	echo "[benchmark] ParityDB storage weights on $db"
	"$NODE" benchmark storage --dev --base-path "$db" --database paritydb \
		--state-version 1 --weight-path runtime/src/weights --header "$header" --warmups 2 \
		--batch-size 10000
fi
