//! The checked-in JSON Schemas in `spec/schema/` are generated from the
//! loader's types; this fails when they are stale.

#[test]
fn checked_in_schemas_are_current() {
    for (name, expected) in codegen::schema::all() {
        let path = std::path::Path::new("../spec/schema").join(name);
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "{} is stale: run `cargo run -p codegen -- schema` and commit the result",
            path.display()
        );
    }
}

#[test]
fn every_spec_file_points_editors_at_its_schema() {
    let service = std::fs::read_to_string("../spec/service.yaml").unwrap();
    assert!(service.starts_with("# yaml-language-server: $schema=schema/service.schema.json\n"));
    for entry in std::fs::read_dir("../spec/operations").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schema/operation.schema.json\n"),
            "{} does not reference the schema",
            path.display()
        );
    }
    for entry in std::fs::read_dir("../spec/overlays").into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schema/overlay.schema.json\n"),
            "{} does not reference the schema",
            path.display()
        );
    }
}
