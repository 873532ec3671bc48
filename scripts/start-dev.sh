#!/usr/bin/env bash
# The first README command: installs what is missing, builds, and starts a development chain
# (Alice validates alone: Aura blocks every 6 s, GRANDPA finality) with its RPC on
# ws://127.0.0.1:9944, the web app on http://127.0.0.1:8700 and the indexer's EPCIS API on
# http://127.0.0.1:8900 (docs/indexer.md; the node keeps all state for it). With `--chain demo`,
# also the demo hospital's gatekeeper (scripts/start-gatekeeper.sh) on http://127.0.0.1:8650.
# Ctrl-C stops them all. Extra arguments go to the node, e.g.
#   scripts/start-dev.sh --sealing instant      # a block per transaction
#   scripts/start-dev.sh --chain demo           # with sample organizations and data
#   HC_APP_PORT=8701 scripts/start-dev.sh       # the app on another port
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$HC_ROOT/scripts/build.sh"
. "$HC_ROOT/scripts/setup.sh" 2>/dev/null
args=("$@")
has_chain=0 demo=0 pruning=0
for a in "${args[@]}"; do
	case "$a" in --chain|--chain=*|--dev) has_chain=1 ;; esac
	case "$a" in --state-pruning|--state-pruning=*) pruning=1 ;; esac
	case "$a" in demo|--chain=demo) demo=1 ;; esac
done
[ $has_chain -eq 1 ] || args=(--dev "${args[@]}")
# The indexer reads every block's state from genesis on: the node keeps it all. A demo chain
# whose database was made without that cannot be switched (the node refuses a new pruning
# mode); then the indexer is not started.
indexer=1
demo_db="${XDG_DATA_HOME:-$HOME/.local/share}/healthchain-node/chains/healthchain_demo"
if [ $pruning -eq 0 ]; then
	if [ $demo -eq 1 ] && [ -d "$demo_db" ] && [ ! -f "$demo_db/.archive" ]; then
		indexer=0
		echo "not starting the indexer: $demo_db keeps only recent state (remove it to start the demo chain afresh)"
	else
		args+=(--state-pruning archive-canonical)
		[ $demo -eq 0 ] || { mkdir -p "$demo_db" && touch "$demo_db/.archive"; }
	fi
fi
index_dir="$(mktemp -d "${TMPDIR:-/tmp}/healthchain-dev-index.XXXXXX")"
app_port="${HC_APP_PORT:-8700}"

pids=()
stop() {
	trap - EXIT INT TERM
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$index_dir"
}
trap stop EXIT INT TERM

echo "starting: $HEALTHCHAIN_NODE ${args[*]} --rpc-cors all"
"$HEALTHCHAIN_NODE" "${args[@]}" --rpc-cors all &
pids+=($!)
node "$HC_ROOT/scripts/serve-app.mjs" --port "$app_port" &
pids+=($!)
# A new index at each start (from genesis); the indexer waits for the node's RPC. The app's
# pages may call it (the patient's FHIR export).
if [ $indexer -eq 1 ]; then
	"$CARGO_TARGET_DIR/release/healthchain-indexer" --node ws://127.0.0.1:9944 \
		--database "sqlite:$index_dir/index.db" --listen 127.0.0.1:8900 \
		--allowed-origin "http://127.0.0.1:$app_port" &
	pids+=($!)
fi
if [ $demo -eq 1 ]; then
	# The gatekeeper reads the chain from its first request on: wait for the node's RPC.
	for _ in $(seq 1 120); do
		curl -sf -o /dev/null -H 'content-type: application/json' \
			-d '{"id":1,"jsonrpc":"2.0","method":"system_health"}' http://127.0.0.1:9944 && break
		sleep 1
	done
	HC_APP_ORIGIN="http://127.0.0.1:$app_port" bash "$HC_ROOT/scripts/start-gatekeeper.sh" &
	pids+=($!)
fi
echo "web app: http://127.0.0.1:$app_port (node ws://127.0.0.1:9944$([ $indexer -eq 1 ] && echo ', indexer http://127.0.0.1:8900')$([ $demo -eq 1 ] && echo ', gatekeeper http://127.0.0.1:8650'))"
# Whichever stops first, the others follow.
wait -n
