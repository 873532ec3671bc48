#!/usr/bin/env bash
# Starts a gatekeeper beside a running dev chain started with `scripts/start-dev.sh --chain demo`:
# the demo's General Hospital (organization 1), logging with its admin's key (//Bob), blobs in
# a local directory, on http://127.0.0.1:8650. Builds first if needed.
#   GATEKEEPER_DIR   where its config, blobs and state go (default ~/.local/share/healthchain-gatekeeper)
#   HC_NODE_URL      the node (default http://127.0.0.1:9944)
#   HC_APP_ORIGIN    origin(s) of the web app, whose pages may call it (CORS); several separated
#                    by spaces, empty for none (default http://127.0.0.1:8700)
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$HC_ROOT/scripts/setup.sh" 2>/dev/null
[ -x "$CARGO_TARGET_DIR/release/healthchain-gatekeeper" ] || bash "$HC_ROOT/scripts/build.sh"
dir="${GATEKEEPER_DIR:-$HOME/.local/share/healthchain-gatekeeper}"
mkdir -p "$dir"
read -ra app_origins <<< "${HC_APP_ORIGIN-http://127.0.0.1:8700}"
allowed_origins=""
for origin in ${app_origins[@]+"${app_origins[@]}"}; do
	allowed_origins+="${allowed_origins:+, }\"$origin\""
done
cat > "$dir/gatekeeper.toml" <<TOML
listen = "127.0.0.1:8650"
public_url = "http://127.0.0.1:8650"
node = "${HC_NODE_URL:-http://127.0.0.1:9944}"
organization = 1
signer = "//Bob"
data_dir = "$dir/data"
allowed_origins = [$allowed_origins]

[storage]
backend = "directory"
path = "$dir/blobs"
TOML
echo "starting: healthchain-gatekeeper --config $dir/gatekeeper.toml"
exec "$CARGO_TARGET_DIR/release/healthchain-gatekeeper" --config "$dir/gatekeeper.toml"
