#!/usr/bin/env bash
# The lints every change passes, run by scripts/test.sh after the tests:
#
#   - clippy on every crate and target of the workspace, warnings denied;
#   - the documentation of our crates (not their dependencies), rustdoc's warnings denied, so a
#     broken intra-doc link such as [`Error::IdsExhausted`] to a renamed error fails.
#
# Both use the release profile of the build: the build scripts and procedural macros it compiled
# serve here too, and only the type check of the dependencies is new work.
set -euo pipefail
HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$HC_ROOT/scripts/setup.sh"
cd "$HC_ROOT"

cargo clippy --locked --release --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --locked --release --workspace --no-deps
