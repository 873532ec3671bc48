#!/usr/bin/env bash
# Fuzzes the runtime: libFuzzer (through cargo-fuzz) feeds random blocks of calls to the real
# runtime, natively, starting from the seed corpus, and stops at the first broken invariant
# (see tests/fuzz/src/lib.rs for the invariants).
#
#   scripts/fuzz.sh [seconds]     fuzz for that long (default 600), then print the figures
#
# Inputs that reach new code go to a working corpus next to the build (printed at the end), which
# later runs start from too; the committed seeds in tests/fuzz/corpus/runtime stay as they are.
# Commit an interesting input by copying it there (`cargo +nightly fuzz cmin` shrinks a corpus). A
# crash leaves its input in tests/fuzz/artifacts/runtime and makes this script fail; `cargo test`
# replays that directory too, and `HEALTHCHAIN_FUZZ_TRACE=1` prints what the input does.
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HC_ROOT"

SECS="${1:-600}"
if ! [[ "$SECS" =~ ^[0-9]+$ ]]; then
	echo "usage: $0 [seconds]" >&2
	exit 2
fi

# cargo-fuzz instruments the build with sanitizer-coverage flags that only nightly accepts; the
# pinned toolchain (rust-toolchain.toml) still builds everything else.
if ! rustup toolchain list | grep -q '^nightly'; then
	rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
	cargo install --locked cargo-fuzz
fi

# The runtime runs natively, so its WASM blob is not needed. The instrumented build gets its own
# target directory: its flags differ from the everyday build's, which it would otherwise rebuild.
export SKIP_WASM_BUILD=1
TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/healthchain-target}/fuzz"
CORPUS=tests/fuzz/corpus/runtime
WORK_CORPUS="$TARGET_DIR/corpus/runtime"
mkdir -p "$WORK_CORPUS"
ARTIFACTS=tests/fuzz/artifacts/runtime
# No AddressSanitizer: the runtime is safe Rust, and ASan would make each run several times
# slower. Debug assertions stay on, so `defensive!` paths and overflows count as crashes.
FUZZ_FLAGS=(--fuzz-dir tests/fuzz --features libfuzzer --sanitizer none --debug-assertions
	--target-dir "$TARGET_DIR")

build_start=$(date +%s)
cargo +nightly fuzz build "${FUZZ_FLAGS[@]}" runtime
build_secs=$(($(date +%s) - build_start))

corpus_before=$(find "$WORK_CORPUS" -type f | wc -l)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_start=$(date +%s)
status=0
# libFuzzer writes new inputs into the first corpus directory given, and reports on stderr.
cargo +nightly fuzz run "${FUZZ_FLAGS[@]}" runtime "$WORK_CORPUS" "$CORPUS" -- \
	-max_total_time="$SECS" -print_final_stats=1 2>&1 | tee "$log" || status=$?
run_secs=$(($(date +%s) - run_start))
corpus_after=$(find "$WORK_CORPUS" -type f | wc -l)

final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
echo
echo "== fuzz.sh: ${build_secs}s build, ${run_secs}s fuzzing (${SECS}s asked)"
echo "   executions:        $(final_stat number_of_executed_units) ($(final_stat average_exec_per_sec)/s)"
echo "   new inputs:        $(final_stat new_units_added) (working corpus $corpus_before -> $corpus_after files in $WORK_CORPUS)"
echo "   peak memory:       $(final_stat peak_rss_mb) MB"
echo "   last status line:  $(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
if [[ -d "$ARTIFACTS" ]] && [[ -n "$(find "$ARTIFACTS" -type f -newermt "@$run_start")" ]]; then
	echo "   crash inputs:      $(find "$ARTIFACTS" -type f -newermt "@$run_start" | tr '\n' ' ')"
fi
exit "$status"
