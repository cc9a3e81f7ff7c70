//! Every documented example of the project's spec and of the shapes fixture
//! parses into the generated types with every value found at its path (see
//! `sdk_tests::examples`). The corpus check runs the same walk over every
//! imported ECS document.

use std::path::Path;

fn parse_with(
    operations: &'static [acs_runtime::dynamic::OperationDescriptor],
) -> impl Fn(&str, &http::Response<bytes::Bytes>) -> Result<serde_json::Value, String> {
    move |action, response| {
        let op = operations
            .iter()
            .find(|op| op.action == action)
            .ok_or_else(|| format!("no operation {action}"))?;
        (op.parse)(response).map_err(|e| e.to_string())
    }
}

/// `spec/` is the whole ECS API: every example either parses with every
/// value found, or the validator has already said that the document
/// contradicts itself (a warning of `codegen check`); nothing else fails.
/// The seed operations' examples all pass, each with its values found.
#[test]
fn every_example_of_the_spec_parses_with_every_value_found() {
    let report =
        sdk_tests::examples::check(Path::new("../spec"), &parse_with(acs_ecs::OPERATIONS)).unwrap();
    println!("{}", report.summary());
    let files = std::fs::read_dir("../spec/operations").unwrap().count();
    assert_eq!(report.operations, files);
    assert_eq!(report.operations, acs_ecs::OPERATIONS.len());
    assert_eq!(report.unexplained().count(), 0, "{}", report.summary());
    assert!(
        report.passed().count() > report.contradicting().count(),
        "{}",
        report.summary()
    );
    for seed in ["DeleteActivation", "DeregisterManagedInstance"] {
        let cases: Vec<_> = report.cases.iter().filter(|c| c.action == seed).collect();
        assert!(cases.len() >= 3, "{seed}: {cases:?}");
        for c in cases {
            assert!(c.problems.is_empty() && c.values >= 10, "{seed}: {c:?}");
        }
    }
}

#[test]
fn every_example_of_the_shapes_fixture_parses_with_every_value_found() {
    let report = sdk_tests::examples::check(
        Path::new("fixtures/good/shapes"),
        &parse_with(sdk_tests::shapes::OPERATIONS),
    )
    .unwrap();
    assert_eq!(report.passed().count(), 3, "{}", report.summary());
    // Every scalar of the JSON example: RequestId, 2×ThingId, 2×Size, Key,
    // Value, 2 ports, 2 categories, 2 values, Name.
    assert_eq!(report.cases[0].values, 14, "{report:?}");
    // TagThings, whose two lists of tags are one shared type: RequestId,
    // 2×(Key, Value) under `Tags`, (Key, Value) under `Removed`.
    let tag_things = report.cases.iter().find(|c| c.action == "TagThings");
    assert_eq!(tag_things.map(|c| c.values), Some(7), "{report:?}");
}

#[test]
fn a_value_the_types_lose_is_reported_with_its_path() {
    use serde_json::json;
    let example = json!({"Zones": {"Zone": [{"ZoneId": "a"}, {"ZoneId": "b"}]}, "Count": "2"});
    let lost = json!({"Zones": [{"ZoneId": "a"}], "Count": 3});
    let mut problems = Vec::new();
    let found = sdk_tests::examples::walk(&example, &lost, "", &mut problems);
    assert_eq!(found, 1);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("Count"), "{problems:?}");
    assert!(problems[1].contains("Zones.Zone[1].ZoneId"), "{problems:?}");
}
