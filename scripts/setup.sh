#!/usr/bin/env bash
# Installs what building and testing Healthchain needs, when it is missing:
# Debian packages (protobuf compiler, clang, chromium for the browser tests, PostgreSQL for the
# indexer's), the Rust
# toolchain's WASM target and sources, the npm packages of the scripts, of the web app and of the
# polkadot-api client test from their lock files, and moto (the S3 test server) and jsonschema
# from PyPI. Safe to run again: it skips what is there.
# Source it (`. scripts/setup.sh`) to also get CARGO_TARGET_DIR and HEALTHCHAIN_NODE exported.
set -euo pipefail

HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

hc_log() { printf '[setup] %s\n' "$*" >&2; }

# Installs Debian packages, through sudo unless root.
hc_apt_install() {
	hc_log "installing $*"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Debian packages: protoc for libp2p, clang/libclang for bindgen.
missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || missing+=(clang)
ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || missing+=(libclang-dev)
[ ${#missing[@]} -eq 0 ] || hc_apt_install "${missing[@]}"

# Rust: the toolchain named in rust-toolchain.toml, with the WASM target and rust-src the
# runtime build needs.
channel="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$HC_ROOT/rust-toolchain.toml")"
if ! rustup target list --toolchain "$channel" --installed 2>/dev/null | grep -qx wasm32v1-none; then
	hc_log "adding wasm32v1-none to $channel"
	rustup target add wasm32v1-none --toolchain "$channel"
fi
for component in rust-src rustfmt; do
	if ! rustup component list --toolchain "$channel" --installed 2>/dev/null | grep -q "^$component"; then
		hc_log "adding $component to $channel"
		rustup component add "$component" --toolchain "$channel"
	fi
done

# npm packages of scripts/ and tests/, exactly as locked.
if [ ! -d "$HC_ROOT/scripts/node_modules/@polkadot/api" ] ||
	[ "$HC_ROOT/scripts/package-lock.json" -nt "$HC_ROOT/scripts/node_modules/.package-lock.json" ]; then
	hc_log "installing npm packages"
	(cd "$HC_ROOT/scripts" && npm ci --no-audit --no-fund --loglevel=error)
fi

# npm packages of the web app, exactly as locked.
if [ ! -d "$HC_ROOT/app/node_modules/vite" ] ||
	[ "$HC_ROOT/app/package-lock.json" -nt "$HC_ROOT/app/node_modules/.package-lock.json" ]; then
	hc_log "installing the web app's npm packages"
	(cd "$HC_ROOT/app" && npm ci --no-audit --no-fund --loglevel=error)
fi

# npm packages of the polkadot-api client test (tests/e2e/papi.test.mjs), exactly as locked.
if [ ! -d "$HC_ROOT/tests/clients/papi/node_modules/polkadot-api" ] ||
	[ "$HC_ROOT/tests/clients/papi/package-lock.json" -nt "$HC_ROOT/tests/clients/papi/node_modules/.package-lock.json" ]; then
	hc_log "installing the papi client test's npm packages"
	(cd "$HC_ROOT/tests/clients/papi" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Debian's chromium for the web app's browser tests (HC_SETUP_BROWSER=1, as scripts/test.sh
# sets): test tools cannot download a browser here.
if [ "${HC_SETUP_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
	hc_apt_install chromium
fi

# moto's S3-compatible server, the object store of the gatekeeper's end-to-end tests.
if ! python3 -c 'import moto.server' >/dev/null 2>&1; then
	hc_log "installing moto[server]"
	python3 -m pip install --quiet 'moto[server]==5.2.1'
fi

# Debian's PostgreSQL 15 for the indexer's end-to-end tests (HC_SETUP_POSTGRES=1, as
# scripts/test.sh sets); the tests start their own server on loopback.
if [ "${HC_SETUP_POSTGRES:-0}" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	hc_apt_install postgresql
fi

# The JSON Schema validator's format checks (URIs, times) for the export tests.
if ! python3 -c 'import jsonschema, rfc3987, rfc3339_validator' >/dev/null 2>&1; then
	hc_log "installing jsonschema with its format checkers"
	python3 -m pip install --quiet 'jsonschema==4.26.0' 'rfc3987==1.3.8' 'rfc3339-validator==0.1.4'
fi

# Cargo's target directory lives outside the work tree so builds survive fresh clones.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd "$HC_ROOT" && cargo metadata --format-version 1 --no-deps 2>/dev/null | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')}"
if [ "$CARGO_TARGET_DIR" = "$HC_ROOT/target" ] || [ -z "$CARGO_TARGET_DIR" ]; then
	export CARGO_TARGET_DIR="$HOME/.cache/healthchain-target"
fi
export HEALTHCHAIN_NODE="$CARGO_TARGET_DIR/release/healthchain-node"
hc_log "target dir: $CARGO_TARGET_DIR"
