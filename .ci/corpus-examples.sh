#!/usr/bin/env bash
# The documents' examples against the generated types, over the whole
# corpus: after .ci/corpus.sh has imported, generated and compiled the SDK of
# every ECS document (target/corpus-sdk), parse every JSON and XML example of
# every operation through its generated response type and find every scalar
# of the example at its path in the typed result (sdk_tests::examples).
#
# Prints how many operations' examples parse with every value found, lists
# the examples that contradict their own document's table (counted apart),
# and fails on any other failure: a fault of the generated types or the
# runtime, not of the documents.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$target/corpus-sdk"
if [[ -f "$work/is-spec" && "${CORPUS_COMPILE:-}" != "1" ]]; then
    # .ci/corpus.sh found the import equal to spec/: the same walk over the
    # same operations is tests/tests/examples.rs, run by `cargo test --workspace`.
    echo "corpus-examples: the corpus is spec/; its examples are walked by tests/tests/examples.rs (cargo test)"
    exit 0
fi
if [[ ! -f "$work/Cargo.toml" || ! -d "$work/spec" ]]; then
    echo "corpus-examples: no corpus SDK in $work (run .ci/corpus.sh first)" >&2
    exit 1
fi

mkdir -p "$work/tests"
if ! grep -q '^\[dev-dependencies\]' "$work/Cargo.toml"; then
    cat >>"$work/Cargo.toml" <<TOML

[dev-dependencies]
sdk-tests = { path = "$root/tests" }
http = "1"
bytes = "1"
serde_json = "1"
TOML
fi
cat >"$work/tests/examples.rs" <<'RS'
//! Written by .ci/corpus-examples.sh: every example of the corpus spec,
//! value by value, through the generated types.

#[test]
fn every_example_value_is_found_or_the_document_contradicts_itself() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let parse = |action: &str, response: &http::Response<bytes::Bytes>| {
        let op = corpus_sdk::OPERATIONS
            .iter()
            .find(|op| op.action == action)
            .ok_or_else(|| format!("no operation {action}"))?;
        (op.parse)(response).map_err(|e| e.to_string())
    };
    let report = sdk_tests::examples::check(&spec, &parse).expect("the corpus spec checks");
    println!("{}", report.summary());
    let unexplained: Vec<_> = report.unexplained().collect();
    assert!(unexplained.is_empty(), "{} unexplained failures", unexplained.len());
}
RS
echo "corpus-examples: parsing every example through the generated types"
CARGO_TARGET_DIR="$target" cargo test --quiet --manifest-path "$work/Cargo.toml" \
    --test examples -- --nocapture 2>&1 | grep -v '^running\|^$\|^test result\|^test .* ok$' || {
    echo "corpus-examples: failed" >&2
    exit 1
}
