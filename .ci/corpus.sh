#!/usr/bin/env bash
# Corpus check: import the official ECS metadata (api-docs.json) together
# with every ECS API document (zh-CN and en-US) into a temporary spec,
# validate it, generate the SDK and compile it, warnings denied.
#
# Also checks that spec/operations/*.yaml are import output: once spec/
# holds the merged import (more than 2 operation files), the temporary
# spec's operations must equal spec/operations/*.yaml byte for byte, file
# for file; before that, importing the 19 documents of the seed corpus
# must reproduce them.
#
# Fails when a document is refused, when import reports an error, when a
# second import changes a file, or when the imported spec does not pass
# `codegen check` (its warnings, examples that contradict their response,
# are counted, not fatal). Prints the counts: documents imported, findings
# by id, operations generated (the whole report is written beside the
# spec, as Markdown and JSON).
#
# Usage: .ci/corpus.sh [DOCS_DIR]   (default: ../shared/docs/ecs-all, beside the checkout)
#
# Environment:
#   CORPUS_METADATA=FILE  the metadata (default ../shared/meta/ecs/2014-05-26/api-docs.json;
#                         when it does not exist, the documents are imported alone)
#   SEED_DOCS=DIR         the seed corpus (default ../shared/docs/ecs)
#   CORPUS_COMPILE=0      skip generating and compiling the SDK;
#   CORPUS_COMPILE=1      generate and compile it even when spec/ is this import
#                         (by default it is then skipped: the workspace's acs-ecs,
#                         which clippy -D warnings and cargo test build, is that SDK).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docs="$(cd "${1:-$root/../shared/docs/ecs-all}" && pwd)"
metadata="${CORPUS_METADATA:-$root/../shared/meta/ecs/2014-05-26/api-docs.json}"
seed_docs="${SEED_DOCS:-$root/../shared/docs/ecs}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$target/corpus-sdk"
spec="$work/spec"

if [[ ! -d "$docs/zh-CN" || ! -d "$docs/en-US" ]]; then
    echo "corpus: no documents in $docs (expected zh-CN/ and en-US/)" >&2
    exit 1
fi
inputs=("$docs")
if [[ -f "$metadata" ]]; then
    metadata="$(cd "$(dirname "$metadata")" && pwd)/$(basename "$metadata")"
    inputs=("$metadata" "$docs")
else
    echo "corpus: no metadata at $metadata; importing the documents alone" >&2
fi

echo "corpus: building codegen"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p codegen --bin codegen
codegen="$target/debug/codegen"
mkdir -p "$work"

rm -rf "$spec" "$work/src"
mkdir -p "$spec" "$work/src"
cp "$root/spec/service.yaml" "$spec/"

echo "corpus: importing ${inputs[*]}"
status=0
"$codegen" import --out "$spec" \
    --report-md "$work/import-report.md" --report-json "$work/import-report.json" \
    "${inputs[@]}" >/dev/null 2>"$work/import.log" || status=$?
# The summary (counts, findings by id) ends the log; every finding is in it
# and in the reports.
sed -n '/^import: [0-9]* documents/,$p' "$work/import.log"
echo "corpus: findings: $work/import-report.md (and .json)"
if [[ "$status" -ne 0 ]]; then
    grep ': error\[' "$work/import.log" >&2 || true
    echo "corpus: import failed (exit status $status)" >&2
    exit 1
fi
refused=$(sed -n 's/^import: .* \([0-9][0-9]*\) refused;.*/\1/p' "$work/import.log")
if [[ "$refused" != "0" ]]; then
    grep ': error\[' "$work/import.log" >&2 || true
    echo "corpus: ${refused:-?} documents refused" >&2
    exit 1
fi

# Importing again changes nothing (byte-identical, files untouched).
again=$("$codegen" import --out "$spec" "${inputs[@]}" 2>/dev/null | grep -cv '^ *unchanged ' || true)
if [[ "$again" -ne 0 ]]; then
    echo "corpus: a second import changed $again files" >&2
    exit 1
fi

# The checked-in operations are import output (hand curation is in overlays).
same_files() { # expected-dir actual-dir what
    local file name
    for file in "$1"/*.yaml "$2"/*.yaml; do
        name="$(basename "$file")"
        if ! cmp -s "$1/$name" "$2/$name"; then
            echo "corpus: spec/operations/$name differs from what import makes of $3:" >&2
            diff -u "$1/$name" "$2/$name" >&2 || true
            exit 1
        fi
    done
    echo "corpus: spec/operations/*.yaml are what import makes of $3"
}
checked_in=$(find "$root/spec/operations" -name '*.yaml' | wc -l)
rm -f "$work/is-spec"
if [[ "$checked_in" -gt 2 ]]; then
    same_files "$root/spec/operations" "$spec/operations" "${inputs[*]}"
    # Read by .ci/corpus-examples.sh.
    touch "$work/is-spec"
elif [[ -d "$seed_docs/zh-CN" ]]; then
    seed="$work/seed"
    rm -rf "$seed"
    mkdir -p "$seed"
    "$codegen" import --out "$seed" "$seed_docs" >/dev/null 2>"$work/seed-import.log" || {
        cat "$work/seed-import.log" >&2
        echo "corpus: importing the seed corpus $seed_docs failed" >&2
        exit 1
    }
    for file in "$root"/spec/operations/*.yaml; do
        if ! cmp -s "$file" "$seed/operations/$(basename "$file")"; then
            echo "corpus: spec/operations/$(basename "$file") differs from what import produces:" >&2
            diff -u "$file" "$seed/operations/$(basename "$file")" >&2 || true
            exit 1
        fi
    done
    echo "corpus: spec/operations/*.yaml are what import makes of $seed_docs"
else
    echo "corpus: no seed corpus at $seed_docs; byte-identity check skipped" >&2
fi

echo "corpus: checking"
if ! "$codegen" check --spec "$spec" >"$work/check.log" 2>&1; then
    grep ': error: ' "$work/check.log" >&2 || true
    echo "corpus: codegen check failed; all in $work/check.log" >&2
    exit 1
fi
warnings=$(grep -c ': warning: ' "$work/check.log" || true)
tail -n 1 "$work/check.log"
echo "corpus: codegen check: $warnings warnings (examples that contradict their response; all in $work/check.log)"

if [[ "${CORPUS_COMPILE:-}" == "0" ]]; then
    echo "corpus: ok (imported and checked; CORPUS_COMPILE=0: not generated or compiled)"
    exit 0
fi
if [[ -f "$work/is-spec" && "${CORPUS_COMPILE:-}" != "1" ]]; then
    # The import is spec/ byte for byte, so its SDK is acs-ecs: generated by
    # its build.rs and compiled, warnings denied, by `cargo clippy` and
    # `cargo test --workspace` (tests/tests/examples.rs walks its examples).
    # Compiling a second copy would add minutes and check nothing new.
    echo "corpus: ok (imported and checked; its SDK is acs-ecs, compiled by the workspace build; CORPUS_COMPILE=1 compiles a copy)"
    exit 0
fi

echo "corpus: generating"
"$codegen" generate --spec "$spec" --out "$work/src/generated" >/dev/null
echo "corpus: $(find "$spec/operations" -name '*.yaml' | wc -l) operations generated"

cat >"$work/Cargo.toml" <<EOF
# Generated by .ci/corpus.sh: the SDK of the imported ECS metadata and documents.
[package]
name = "corpus-sdk"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
acs-runtime = { path = "$root/runtime" }

# Not a member of the main workspace.
[workspace]
EOF
cat >"$work/src/lib.rs" <<'EOF'
//! The SDK generated from the imported ECS metadata and documents (by .ci/corpus.sh).
#![deny(warnings, missing_docs)]
include!("generated/ecs.rs");
EOF
# Same dependency versions as the workspace, so the build reuses them.
cp "$root/Cargo.lock" "$work/Cargo.lock"

echo "corpus: compiling"
CARGO_TARGET_DIR="$target" cargo build --quiet --manifest-path "$work/Cargo.toml"
echo "corpus: ok (imported, validated, generated and compiled)"
