//! What the generated code costs to compile grows with its size: a budget on
//! the lines generated per operation of the committed `spec/`, and operation
//! selection (`Config::operations`) generating only what a crate asks for.
//!
//! Lines, unlike compile times, do not vary with the machine's load, so CI
//! can guard them. BENCHMARKS.md ("Cost at scale") has the compile times.

use codegen::Config;

/// Formatted lines per operation, beyond what a spec with no operations
/// generates (the client, `SERVICE`, `CommonError`), for the default
/// acs-ecs build (no by-name machinery). The full ECS spec (354
/// operations) generates 632 (BENCHMARKS.md, "Cost at scale": the tree
/// readers and `WriteParams`, which compile in half the time of the serde
/// derives they replaced); the budget leaves 10% for richer documents.
/// Raise it only with a measurement in BENCHMARKS.md.
const LINES_PER_OPERATION_BUDGET: usize = 640;

fn lines(selection: Option<&[&str]>) -> usize {
    let mut config = Config::new();
    config
        .spec_dir("../spec")
        .source_label("spec/")
        .format(true)
        .cargo_metadata(false);
    if let Some(names) = selection {
        config.operations(names.iter().copied());
    }
    let (files, _) = config.generate().expect("generates");
    files[0].contents.lines().count()
}

#[test]
fn lines_per_operation_stay_under_the_budget() {
    let operations = codegen::lower_dir("../spec".as_ref(), "spec/")
        .expect("valid spec")
        .operations
        .len();
    let all = lines(None);
    let fixed = lines(Some(&[]));
    let per_operation = (all - fixed) / operations;
    println!(
        "{operations} operations: {all} lines, {fixed} without operations, {per_operation} per operation"
    );
    assert!(
        per_operation <= LINES_PER_OPERATION_BUDGET,
        "{per_operation} generated lines per operation, over the budget of {LINES_PER_OPERATION_BUDGET} \
         ({operations} operations, {all} lines): see BENCHMARKS.md, \"Cost at scale\""
    );
}

#[test]
fn a_selection_generates_only_its_operations() {
    let (files, _) = Config::new()
        .spec_dir("../spec")
        .operations(["Delete*"])
        .cargo_metadata(false)
        .generate()
        .expect("generates");
    let source = &files[0].contents;
    assert!(source.contains("pub mod delete_activation"), "{source}");
    assert!(!source.contains("deregister_managed_instance"), "{source}");
    assert!(source.contains("pub enum CommonError"), "{source}");
}

#[test]
fn a_selection_naming_an_unknown_operation_is_an_error_with_a_suggestion() {
    let err = Config::new()
        .spec_dir("../spec")
        .operations(["DeleteActivatoin", "Nothing*", "DeleteActivation"])
        .cargo_metadata(false)
        .generate()
        .unwrap_err();
    assert!(
        matches!(err, codegen::Error::UnknownOperations { .. }),
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains("no operation matches `DeleteActivatoin` (did you mean `DeleteActivation`?)"),
        "{text}"
    );
    assert!(text.contains("no operation matches `Nothing*`"), "{text}");
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn the_by_name_machinery_is_generated_only_on_request() {
    let generate = |by_name: bool| {
        let (files, _) = Config::new()
            .spec_dir("../spec")
            .by_name(by_name)
            .cargo_metadata(false)
            .generate()
            .expect("generates");
        files.into_iter().next().unwrap().contents
    };
    let without = generate(false);
    let with = generate(true);
    for item in [
        "pub const OPERATIONS",
        "pub async fn call_by_name",
        "Deserialize",
    ] {
        assert!(with.contains(item), "{item}");
    }
    for item in ["OPERATIONS", "call_by_name", "json_text"] {
        assert!(!without.contains(item), "{item}");
    }
}
