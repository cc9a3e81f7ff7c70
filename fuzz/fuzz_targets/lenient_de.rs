//! The response tree readers (`acs_runtime::tree`) on JSON, on the XML tree
//! and on bare text.
//!
//! The first byte picks the mode: a JSON document or an XML document (both
//! read into a recursive structure of every lenient type and list shape, so
//! deep nesting is reached; what reads must write back with `ToTree` and
//! read again to the same value), or bare text read as each lenient type,
//! checked against `str::parse`: text that `parse` reads must read as the
//! same value, and what reads as an integer must be an exact integer.
#![no_main]

use acs_runtime::tree::{Fields, FromTree, Lenient, Object, ToTree, TreeError, Value, read};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Default, PartialEq)]
struct Node {
    small: Option<i32>,
    big: Option<i64>,
    single: Option<f32>,
    double: Option<f64>,
    flag: Option<bool>,
    text: Option<String>,
    inner: Option<Box<Node>>,
    items: Vec<Node>,
    bare: Vec<i64>,
}

impl FromTree for Node {
    const NULL_IS_ELEMENT: bool = true;

    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Node {
            small: f.field("Small")?,
            big: f.field("Big")?,
            single: f.field("Single")?,
            double: f.field("Double")?,
            flag: f.field("Flag")?,
            text: f.field("Text")?,
            inner: f.field::<Node>("Inner")?.map(Box::new),
            items: f.list("Items")?,
            bare: f.bare_list("Bare")?,
        }))
    }
}

impl ToTree for Node {
    fn to_tree(&self) -> Value {
        let mut o = Object::new();
        o.put("Small", &self.small);
        o.put("Big", &self.big);
        o.put("Single", &self.single);
        o.put("Double", &self.double);
        o.put("Flag", &self.flag);
        o.put("Text", &self.text);
        o.put("Inner", &self.inner.as_deref());
        o.put("Items", &self.items);
        o.put("Bare", &self.bare);
        o.into_value()
    }
}

impl ToTree for &Node {
    fn to_tree(&self) -> Value {
        (*self).to_tree()
    }
}

/// What reads writes back and reads again the same (floats compared by
/// bits through `Debug`, which keeps `-0.0` apart from `0.0`).
fn round_trip(tree: Value) {
    let Ok(node) = read::<Node>(tree) else {
        return;
    };
    let written = node.to_tree();
    let again = read::<Node>(written.clone())
        .unwrap_or_else(|e| panic!("{written}: does not read back: {e}"));
    assert_eq!(format!("{node:?}"), format!("{again:?}"), "{written}");
}

fn text<T: Lenient>(s: &str) -> Result<Option<T>, TreeError> {
    T::read(&Value::String(s.to_owned()))
}

fn check_text(s: &str) {
    let t = s.trim();
    let blank = t.is_empty();

    let big = text::<i64>(s);
    if blank {
        assert_eq!(big, Ok(None), "{s:?}");
    } else if let Ok(n) = t.parse::<i64>() {
        assert_eq!(big, Ok(Some(n)), "{s:?}");
    }
    if let Ok(Some(n)) = big {
        let exact = t.parse::<i64>() == Ok(n) || t.parse::<f64>().is_ok_and(|f| f == n as f64);
        assert!(exact, "{s:?} read as the i64 {n}");
    }

    let small = text::<i32>(s);
    if let Ok(n) = t.parse::<i32>() {
        assert_eq!(small, Ok(Some(n)), "{s:?}");
    }
    if let Ok(Some(n)) = small {
        assert_eq!(big, Ok(Some(i64::from(n))), "{s:?}: i32 and i64 disagree");
    }

    let double = text::<f64>(s);
    if !blank {
        match t.parse::<f64>() {
            Ok(f) => assert!(
                matches!(double, Ok(Some(g)) if g.to_bits() == f.to_bits()),
                "{s:?}: {double:?}"
            ),
            Err(_) => assert!(double.is_err(), "{s:?}: {double:?}"),
        }
    }
    let _ = text::<f32>(s);

    let flag = text::<bool>(s);
    if !blank {
        let expected = if t.eq_ignore_ascii_case("true") {
            Some(true)
        } else if t.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        };
        match expected {
            Some(b) => assert_eq!(flag, Ok(Some(b)), "{s:?}"),
            None => assert!(flag.is_err(), "{s:?}: {flag:?}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [mode, rest @ ..] = data else {
        return;
    };
    match mode % 3 {
        0 => {
            if let Ok(tree) = serde_json::from_slice::<Value>(rest) {
                round_trip(tree);
            }
        }
        1 => {
            if let Ok(s) = std::str::from_utf8(rest)
                && let Ok(tree) = acs_runtime::xml::to_value(s)
            {
                round_trip(tree);
            }
        }
        _ => check_text(&String::from_utf8_lossy(rest)),
    }
});
