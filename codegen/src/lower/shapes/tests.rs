//! Shape names depend on the spec's paths, not its order, nor on the other
//! operations; shapes of the same fields are one type.

use std::collections::BTreeMap;
use std::path::Path;

use crate::ir::{self, Definition};
use crate::spec::{Field, Items, LoadedSpec};

fn load(relative: &str) -> LoadedSpec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    crate::load_and_validate(&dir).unwrap_or_else(|(d, _)| panic!("{d}"))
}

fn lower(spec: &LoadedSpec) -> ir::Service {
    crate::lower::lower(spec, "", "")
}

/// Every shape of every operation: (operation, path, kind) → (name, its
/// name in the `shared` module if it is defined there).
type Names = BTreeMap<(String, String, &'static str), (String, Option<String>)>;

fn names(svc: &ir::Service) -> Names {
    let mut out = Names::new();
    for op in &svc.operations {
        let mut put = |path: &str, kind, name: &str, d: &Definition| {
            let old = out.insert(
                (op.action.clone(), path.to_owned(), kind),
                (name.to_owned(), d.shared_name().map(str::to_owned)),
            );
            assert!(old.is_none(), "{} {path} {kind}: two shapes", op.action);
        };
        for s in &op.request_structs {
            put(&s.path, "request", &s.name, &s.definition);
        }
        for s in &op.structs {
            put(&s.path, "response", &s.name, &s.definition);
        }
        for v in &op.value_sets {
            put(&v.path, "values", &v.name, &v.definition);
        }
    }
    out
}

fn reverse_fields(fields: &mut [Field]) {
    fields.reverse();
    for f in fields {
        reverse_fields(&mut f.fields);
        reverse_items(f.items.as_deref_mut());
    }
}

fn reverse_items(items: Option<&mut Items>) {
    if let Some(i) = items {
        reverse_fields(&mut i.fields);
        reverse_items(i.items.as_deref_mut());
    }
}

fn shared_names(svc: &ir::Service) -> Vec<String> {
    let s = &svc.shared;
    let mut n: Vec<String> = s.structs.iter().map(|s| s.name.clone()).collect();
    n.extend(s.request_structs.iter().map(|s| s.name.clone()));
    n.extend(s.value_sets.iter().map(|v| v.name.clone()));
    n.sort();
    n
}

#[test]
fn reordering_the_spec_renames_no_type() {
    let spec = load("../spec");
    let before = lower(&spec);
    let mut reordered = spec;
    reordered.operations.reverse();
    for op in &mut reordered.operations {
        let op = &mut op.value;
        op.request.reverse();
        for p in &mut op.request {
            reverse_fields(&mut p.fields);
            reverse_items(p.items.as_deref_mut());
        }
        reverse_fields(&mut op.response);
    }
    let after = lower(&reordered);
    let (before_names, after_names) = (names(&before), names(&after));
    assert!(before_names.len() > 700, "{}", before_names.len());
    let changed: Vec<_> = before_names
        .iter()
        .filter(|(k, v)| after_names.get(*k) != Some(*v))
        .map(|(k, v)| (k, v, after_names.get(k)))
        .collect();
    assert!(changed.is_empty(), "{changed:#?}");
    assert_eq!(before_names.len(), after_names.len());
    assert_eq!(shared_names(&before), shared_names(&after));
}

#[test]
fn other_operations_rename_nothing_in_an_operation() {
    let spec = load("../spec");
    let all = names(&lower(&spec));
    let mut fewer = spec;
    let mut i = 0;
    fewer.operations.retain(|_| {
        i += 1;
        i % 3 != 0
    });
    for (key, (name, _)) in names(&lower(&fewer)) {
        assert_eq!(all.get(&key).map(|(n, _)| n), Some(&name), "{key:?}");
    }
}

#[test]
fn shapes_of_the_same_fields_are_defined_once_and_others_are_not() {
    let svc = lower(&load("../tests/fixtures/good/shapes"));
    let n = names(&svc);
    let get = |op: &str, path: &str, kind| n[&(op.to_owned(), path.to_owned(), kind)].clone();
    let shared = |name: &str| Some(name.to_owned());
    // CreateThing's request `Tag` and TagThings' have the same fields.
    assert_eq!(
        get("CreateThing", "request.Tag", "request"),
        ("Tag".into(), shared("Tag"))
    );
    assert_eq!(
        get("TagThings", "request.Tag", "request"),
        ("Tag".into(), shared("Tag"))
    );
    // The response's `Tag`, nested in CreateThing and at the top in
    // TagThings, where the request's `Tag` keeps the plain name: each
    // operation names it by its parent.
    let (name, def) = get("CreateThing", "response.Things.Thing.Tags.Tag", "response");
    assert_eq!(name, "ThingTag");
    let Some(response_tag) = def else {
        panic!("{def:?}")
    };
    // The same fields at two paths of one operation (`Tags.Tag` and
    // `Removed.Tag`) are one shape, recorded at the first path.
    assert_eq!(
        get("TagThings", "response.Removed.Tag", "response"),
        ("ResponseTag".into(), shared(&response_tag))
    );
    let tags = ("TagThings".into(), "response.Tags.Tag".into(), "response");
    assert!(!n.contains_key(&tags));
    // `SystemDisk` differs by a field: each operation defines its own.
    for op in ["CreateThing", "TagThings"] {
        assert_eq!(get(op, "request.SystemDisk", "request").1, None);
    }
    // Its `Category` values are the same: one value set.
    assert_eq!(
        get("TagThings", "request.SystemDisk.Category", "values"),
        ("Category".into(), shared("Category"))
    );
    let defined: Vec<&str> = svc
        .shared
        .request_structs
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(defined, ["Tag"]);
}
