//! Constraints of a parameter or field on both sides: documented values,
//! bounds (minimum, maximum, maximum length, number of values), default and
//! prose. Whether a move narrows or widens is the same on both sides; what
//! that means (the rule) depends on the side: see [`super::members::Kind`].

use super::Rule;
use super::compare::{Out, text_change};
use super::members::{Kind, Member};
use crate::spec::{Constraints, Range, Scalar};

pub(super) fn scalar(s: Option<&Scalar>) -> String {
    s.map(|s| format!("`{}`", s.as_str()))
        .unwrap_or_else(|| "none".to_owned())
}

fn list(values: &[&Scalar]) -> String {
    values
        .iter()
        .map(|v| format!("`{}`", v.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn joined(values: &[Scalar]) -> Option<String> {
    Some(
        values
            .iter()
            .map(Scalar::as_str)
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// Documented values, bounds, default and prose.
pub(super) fn compare(kind: Kind, path: &str, o: &Member, n: &Member, out: &mut Out) {
    let empty = Constraints::default();
    let (oc, nc) = (
        o.constraints().unwrap_or(&empty),
        n.constraints().unwrap_or(&empty),
    );
    documented_values(kind, path, (&oc.allowed, &nc.allowed), out);
    for bound in bounds(oc, nc) {
        bound_moved(kind, path, &bound, out);
    }
    default_value(kind, path, (oc, nc), out);
    prose(path, (oc, nc), out);
}

/// The documented values: a limit appearing or going, or values added and removed.
fn documented_values(
    kind: Kind,
    path: &str,
    (old_values, new_values): (&[Scalar], &[Scalar]),
    out: &mut Out,
) {
    let values = (joined(old_values), joined(new_values));
    match (old_values.is_empty(), new_values.is_empty()) {
        (true, true) => {}
        (true, false) => {
            let rule = match kind {
                Kind::Request => Rule::RequestParamEnumAdded,
                Kind::Response => Rule::ResponseFieldRangeNarrowed,
            };
            let message = format!(
                "values now limited to {}",
                list(&new_values.iter().collect::<Vec<_>>())
            );
            out.push_values(rule, path, message, None, values.1);
        }
        (false, true) => {
            let rule = match kind {
                Kind::Request => Rule::RequestParamEnumRemoved,
                Kind::Response => Rule::ResponseFieldRangeWidened,
            };
            let was = list(&old_values.iter().collect::<Vec<_>>());
            out.push_values(
                rule,
                path,
                format!("no longer limited to documented values (was {was})"),
                values.0,
                None,
            );
        }
        (false, false) => values_added_and_removed(kind, path, (old_values, new_values), out),
    }
}

/// Documented values added and removed, when both sides have some.
fn values_added_and_removed(
    kind: Kind,
    path: &str,
    (old_values, new_values): (&[Scalar], &[Scalar]),
    out: &mut Out,
) {
    let values = (joined(old_values), joined(new_values));
    let gone: Vec<&Scalar> = old_values
        .iter()
        .filter(|v| !new_values.contains(v))
        .collect();
    let came: Vec<&Scalar> = new_values
        .iter()
        .filter(|v| !old_values.contains(v))
        .collect();
    if !came.is_empty() {
        let rule = match kind {
            Kind::Request => Rule::RequestParamEnumValueAdded,
            Kind::Response => Rule::ResponseFieldEnumValueAdded,
        };
        let message = format!("documented values added: {}", list(&came));
        out.push_values(rule, path, message, values.0.clone(), values.1.clone());
    }
    if !gone.is_empty() {
        let rule = match kind {
            Kind::Request => Rule::RequestParamEnumValueRemoved,
            Kind::Response => Rule::ResponseFieldEnumValueRemoved,
        };
        let message = format!("documented values removed: {}", list(&gone));
        out.push_values(rule, path, message, values.0, values.1);
    }
}

/// Each bound (minimum, maximum, maximum length, number of values) on both sides.
fn bounds(oc: &Constraints, nc: &Constraints) -> [Bound; 4] {
    let bound = |v: Option<i64>| v.map(|v| v.to_string());
    let length = |v: Option<u64>| v.map(|v| v.to_string());
    let count = |r: Option<Range>| r.map(|r| format!("{}~{}", r.min, r.max));
    let (omin, omax) = (oc.count.map(|r| r.min), oc.count.map(|r| r.max));
    let (nmin, nmax) = (nc.count.map(|r| r.min), nc.count.map(|r| r.max));
    [
        Bound {
            what: "minimum",
            old: bound(oc.minimum),
            new: bound(nc.minimum),
            moves: [lower(oc.minimum, nc.minimum), Direction::Same],
        },
        Bound {
            what: "maximum",
            old: bound(oc.maximum),
            new: bound(nc.maximum),
            moves: [upper(oc.maximum, nc.maximum), Direction::Same],
        },
        Bound {
            what: "maximum length",
            old: length(oc.max_length),
            new: length(nc.max_length),
            moves: [upper(oc.max_length, nc.max_length), Direction::Same],
        },
        Bound {
            what: "number of values",
            old: count(oc.count),
            new: count(nc.count),
            moves: [lower(omin, nmin), upper(omax, nmax)],
        },
    ]
}

/// A bound that narrowed, widened, or (a range whose ends moved apart and together) both.
fn bound_moved(kind: Kind, path: &str, b: &Bound, out: &mut Out) {
    for direction in [Direction::Narrowed, Direction::Widened] {
        if !b.moves.contains(&direction) {
            continue;
        }
        let rule = match (kind, direction) {
            (Kind::Request, Direction::Narrowed) => Rule::RequestParamRangeNarrowed,
            (Kind::Request, _) => Rule::RequestParamRangeWidened,
            (Kind::Response, Direction::Narrowed) => Rule::ResponseFieldRangeNarrowed,
            (Kind::Response, _) => Rule::ResponseFieldRangeWidened,
        };
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
        let message = format!("{} {} → {}", b.what, show(&b.old), show(&b.new));
        out.push_values(rule, path, message, b.old.clone(), b.new.clone());
    }
}

/// The default value: a request rule, documentation only on a response.
fn default_value(kind: Kind, path: &str, (oc, nc): (&Constraints, &Constraints), out: &mut Out) {
    if oc.default != nc.default {
        let rule = match kind {
            Kind::Request => Rule::RequestParamDefaultChanged,
            Kind::Response => Rule::DescriptionChanged,
        };
        let message = format!(
            "default {} → {}",
            scalar(oc.default.as_ref()),
            scalar(nc.default.as_ref())
        );
        let show = |s: &Option<Scalar>| s.as_ref().map(|s| s.as_str().to_owned());
        out.push_values(rule, path, message, show(&oc.default), show(&nc.default));
    }
}

/// The constraints written in prose.
fn prose(path: &str, (oc, nc): (&Constraints, &Constraints), out: &mut Out) {
    if let Some(langs) = text_change(oc.text.as_ref(), nc.text.as_ref()) {
        out.push(
            Rule::DescriptionChanged,
            path,
            format!("constraints in prose changed ({langs})"),
        );
    }
}

/// One bound (or range) on both sides, and how its ends moved.
struct Bound {
    what: &'static str,
    old: Option<String>,
    new: Option<String>,
    moves: [Direction; 2],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Same,
    Narrowed,
    Widened,
}

/// A lower bound moving: up (or appearing) narrows, down (or going) widens.
fn lower<T: Ord>(old: Option<T>, new: Option<T>) -> Direction {
    match (old, new) {
        (None, Some(_)) => Direction::Narrowed,
        (Some(_), None) => Direction::Widened,
        (Some(a), Some(b)) if b > a => Direction::Narrowed,
        (Some(a), Some(b)) if b < a => Direction::Widened,
        _ => Direction::Same,
    }
}

/// An upper bound moving: down (or appearing) narrows, up (or going) widens.
fn upper<T: Ord>(old: Option<T>, new: Option<T>) -> Direction {
    match (old, new) {
        (None, Some(_)) => Direction::Narrowed,
        (Some(_), None) => Direction::Widened,
        (Some(a), Some(b)) if b < a => Direction::Narrowed,
        (Some(a), Some(b)) if b > a => Direction::Widened,
        _ => Direction::Same,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_narrow_when_they_close_in() {
        assert_eq!(lower(Some(1), Some(2)), Direction::Narrowed);
        assert_eq!(lower(None, Some(2)), Direction::Narrowed);
        assert_eq!(lower(Some(1), None), Direction::Widened);
        assert_eq!(upper(Some(10), Some(5)), Direction::Narrowed);
        assert_eq!(upper(Some(10), Some(50)), Direction::Widened);
        assert_eq!(upper(Some(10), Some(10)), Direction::Same);
    }
}
