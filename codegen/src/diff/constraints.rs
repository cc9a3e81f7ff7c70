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
    let request = kind == Kind::Request;

    let (old_values, new_values) = (&oc.allowed[..], &nc.allowed[..]);
    let values = (joined(old_values), joined(new_values));
    match (old_values.is_empty(), new_values.is_empty()) {
        (true, true) => {}
        (true, false) => {
            let rule = if request {
                Rule::RequestParamEnumAdded
            } else {
                Rule::ResponseFieldRangeNarrowed
            };
            let message = format!(
                "values now limited to {}",
                list(&new_values.iter().collect::<Vec<_>>())
            );
            out.push_values(rule, path, message, None, values.1);
        }
        (false, true) => {
            let rule = if request {
                Rule::RequestParamEnumRemoved
            } else {
                Rule::ResponseFieldRangeWidened
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
        (false, false) => {
            let gone: Vec<&Scalar> = old_values
                .iter()
                .filter(|v| !new_values.contains(v))
                .collect();
            let came: Vec<&Scalar> = new_values
                .iter()
                .filter(|v| !old_values.contains(v))
                .collect();
            if !came.is_empty() {
                let rule = if request {
                    Rule::RequestParamEnumValueAdded
                } else {
                    Rule::ResponseFieldEnumValueAdded
                };
                let message = format!("documented values added: {}", list(&came));
                out.push_values(rule, path, message, values.0.clone(), values.1.clone());
            }
            if !gone.is_empty() {
                let rule = if request {
                    Rule::RequestParamEnumValueRemoved
                } else {
                    Rule::ResponseFieldEnumValueRemoved
                };
                let message = format!("documented values removed: {}", list(&gone));
                out.push_values(rule, path, message, values.0, values.1);
            }
        }
    }

    let bound = |v: Option<i64>| v.map(|v| v.to_string());
    let length = |v: Option<u64>| v.map(|v| v.to_string());
    let count = |r: Option<Range>| r.map(|r| format!("{}~{}", r.min, r.max));
    let (omin, omax) = (oc.count.map(|r| r.min), oc.count.map(|r| r.max));
    let (nmin, nmax) = (nc.count.map(|r| r.min), nc.count.map(|r| r.max));
    let ranges = [
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
    ];
    for b in ranges {
        // A range whose two ends move apart and together is both.
        for direction in [Direction::Narrowed, Direction::Widened] {
            if !b.moves.contains(&direction) {
                continue;
            }
            let rule = match (request, direction) {
                (true, Direction::Narrowed) => Rule::RequestParamRangeNarrowed,
                (true, _) => Rule::RequestParamRangeWidened,
                (false, Direction::Narrowed) => Rule::ResponseFieldRangeNarrowed,
                (false, _) => Rule::ResponseFieldRangeWidened,
            };
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
            let message = format!("{} {} → {}", b.what, show(&b.old), show(&b.new));
            out.push_values(rule, path, message, b.old.clone(), b.new.clone());
        }
    }

    if oc.default != nc.default {
        let rule = if request {
            Rule::RequestParamDefaultChanged
        } else {
            Rule::DescriptionChanged
        };
        let message = format!(
            "default {} → {}",
            scalar(oc.default.as_ref()),
            scalar(nc.default.as_ref())
        );
        let show = |s: &Option<Scalar>| s.as_ref().map(|s| s.as_str().to_owned());
        out.push_values(rule, path, message, show(&oc.default), show(&nc.default));
    }
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
