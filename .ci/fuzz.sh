#!/usr/bin/env bash
# CI: every fuzz target for a short fixed number of runs (FUZZ_CI_RUNS,
# default 2000 — a count, not a time, so the check is the same on any
# machine), when the nightly toolchain is there; a clean skip when not.
# The long runs are scripts/fuzz.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${FUZZ_CI_RUNS:-2000}"
targets=(spec_load_validate markdown_import metadata_import response_parse lenient_de sign_canonical)

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz: skipped (no nightly toolchain; cargo-fuzz needs it)"
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    # About 45 s on a 2-core machine; worth it for a fresh CI machine.
    echo "fuzz: installing cargo-fuzz"
    if ! cargo install cargo-fuzz --locked --quiet; then
        echo "fuzz: skipped (cargo-fuzz could not be installed)"
        exit 0
    fi
fi

bash scripts/fuzz-seeds.sh
cd fuzz
# Without a sanitizer: the crates forbid unsafe code, and ASan makes each
# input several times slower. Memory is bounded by -rss_limit_mb (which
# also caps any single allocation) and time by -timeout per input.
# The targets call two ECS operations (response_parse, sign_canonical): an
# acs-ecs of those two builds in seconds, the whole API in minutes.
export ACS_ECS_OPERATIONS="${ACS_ECS_OPERATIONS:-DeleteActivation,DeregisterManagedInstance}"
cargo +nightly fuzz build -s none || exit 1
status=0
for t in "${targets[@]}"; do
    mkdir -p "../target/fuzz-ci/$t"
    if cargo +nightly fuzz run -s none "$t" "../target/fuzz-ci/$t" "seeds/$t" -- \
        -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        >"../target/fuzz-ci/$t.log" 2>&1; then
        echo "fuzz: $t: $(grep -E '^Done [0-9]+ runs' "../target/fuzz-ci/$t.log" | tail -1)"
    else
        echo "fuzz: $t FAILED; last lines of target/fuzz-ci/$t.log:"
        tail -40 "../target/fuzz-ci/$t.log"
        status=1
    fi
done
exit $status
