#!/usr/bin/env bash
# Reproduces the figures in BENCHMARKS.md: signing (V3, V2, and the plain
# baselines), a whole call without network, and spec load+validate+generate
# (release and debug profile).
# Numbers depend on the machine and on what else runs: compare ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(-- --warm-up-time 2 --measurement-time 5)
cargo bench -p acs-runtime --bench signing "${args[@]}"
cargo bench -p acs-runtime --bench call "${args[@]}"
cargo bench -p acs-ecs --bench call "${args[@]}"
# The generator in release and in the debug profile build scripts are compiled in.
cargo bench -p codegen --bench generate "${args[@]}"
cargo bench -p codegen --bench generate --profile dev "${args[@]}"
# Compile cost of the generated SDK: scripts/bench-compile.sh (minutes; see BENCHMARKS.md).
