#!/usr/bin/env bash
# Long fuzz runs: each target for FUZZ_RUNS executions (default 1,000,000),
# one at a time, with a time limit per input and a memory limit. Writes the
# log of each run to fuzz/logs/<target>.log and prints, per target, the
# executions, coverage (libFuzzer's cov/ft) and whether it crashed.
# The corpus grows in fuzz/corpus/<target>/ (gitignored); crashes land in
# fuzz/artifacts/<target>/ — minimise one with
#   cargo +nightly fuzz tmin <target> <crash file>
# and add it to tests/fixtures/fuzz-regressions/<target>/.
#
# Usage: scripts/fuzz.sh [TARGET...]     (default: every target)
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${FUZZ_RUNS:-1000000}"
timeout="${FUZZ_TIMEOUT:-10}"
rss="${FUZZ_RSS_MB:-2048}"
# Optional cap in seconds per target (libFuzzer's -max_total_time); 0 = none.
max_time="${FUZZ_MAX_TIME:-0}"
all=(spec_load_validate markdown_import metadata_import response_parse lenient_de sign_canonical)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")

max_len() {
    case $1 in
        markdown_import | metadata_import | response_parse) echo 65536 ;;
        spec_load_validate) echo 32768 ;;
        lenient_de) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

cd "$root/fuzz"
# Without a sanitizer (-s none): the crates forbid unsafe code, so
# AddressSanitizer finds nothing Rust's own checks do not, and it makes each
# input several times slower. Debug assertions and overflow checks stay on
# (cargo-fuzz's default). Memory is bounded by -rss_limit_mb, which also
# caps any single allocation, and time by -timeout per input.
[[ -d seeds ]] || "$root/scripts/fuzz-seeds.sh"
mkdir -p logs
# The targets call two ECS operations (response_parse, sign_canonical): an
# acs-ecs of those two builds in seconds, the whole API in minutes.
export ACS_ECS_OPERATIONS="${ACS_ECS_OPERATIONS:-DeleteActivation,DeregisterManagedInstance}"
cargo +nightly fuzz build -s none || exit 1
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    log="logs/$t.log"
    echo "== $t: $runs runs (log: fuzz/$log)"
    start=$(date +%s)
    cargo +nightly fuzz run -s none "$t" "corpus/$t" "seeds/$t" -- \
        -runs="$runs" -timeout="$timeout" -rss_limit_mb="$rss" -max_len="$(max_len "$t")" \
        -max_total_time="$max_time" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    execs=$(grep -oP 'stat::number_of_executed_units:\s*\K\d+' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(grep -oP 'cov: \K\d+' <<<"$last")
    ft=$(grep -oP 'ft: \K\d+' <<<"$last")
    corpus=$(grep -oP 'corp: \K[0-9]+/[0-9a-zA-Z]+' <<<"$last")
    if [[ $rc -eq 0 ]]; then finding="no crash"; else finding="CRASH (exit $rc, see fuzz/artifacts/$t/)"; status=1; fi
    echo "$t: ${execs:-?} execs in ${secs}s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corpus:-?}: $finding"
done
exit $status
