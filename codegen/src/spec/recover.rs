//! Every serde-level problem of a file in one run, not one per build.
//!
//! serde stops at the first problem. When a file does not deserialize, it
//! is read again as a plain YAML tree; each problem serde names is reported
//! and the offending part taken out of the tree (an unknown key; else the
//! node whose value is wrong, or the mapping that misses a required key),
//! and the rest is deserialized again, until it deserializes or nothing
//! more can be taken out. A required key that was taken out for its own
//! problem is not reported again as missing. A file with duplicate keys
//! (which serde_yaml refuses to read at all) is read with the first entry
//! of each, so its other problems are reported in the same run.
//!
//! Paths of the pruned tree are mapped back to the file's own (a removed
//! list item shifts the indices after it), so positions come from the
//! file's [`SourceMap`](super::span::SourceMap).

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::suggest::{self, SerdeProblem};

/// One problem, by its YAML path in the original file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Problem {
    /// The node the message is about (a mapping, for a key's problem).
    pub path: String,
    /// Where to point: the unknown key, or the node's value.
    pub at: At,
    /// The message, reworded for a spec author.
    pub message: String,
}

/// Which position of a node a message points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum At {
    /// The key `path.key` of the mapping at `path`.
    Key(String),
    /// The value at `path` (for a mapping entry: its value, not its key).
    Value,
}

/// At most this many rounds; each removes a node, so only a pathological
/// file gets near it.
const MAX_ROUNDS: usize = 200;

/// Every problem serde finds in `text` as a `T`, in the order found.
/// `first` is what deserializing the text directly said, if it was tried
/// (not for a file with duplicate keys, whose first entry of each is read);
/// it is returned alone when nothing better can be said.
pub(super) fn problems<T: DeserializeOwned>(
    text: &str,
    first: Option<&serde_yaml::Error>,
) -> Vec<Problem> {
    let first_alone = || match first {
        Some(e) => vec![problem_of(&e.to_string(), &Renumbering::default()).0],
        None => Vec::new(),
    };
    let tree = match serde_yaml::from_str::<Value>(text) {
        Ok(tree) => Some(tree),
        Err(_) => tree_keeping_first_keys(text),
    };
    let Some(mut tree) = tree else {
        return first_alone();
    };
    let mut out = Vec::new();
    let mut renumbering = Renumbering::default();
    let mut taken_out: BTreeSet<(String, String)> = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        let Ok(rendered) = serde_yaml::to_string(&tree) else {
            break;
        };
        let error = match serde_yaml::from_str::<T>(&rendered) {
            Ok(_) => break,
            Err(e) => e.to_string(),
        };
        let (problem, kind, current) = problem_of(&error, &renumbering);
        let remove = match kind {
            SerdeProblem::UnknownKey(key, suggestion) => {
                // A misspelt required key is then missing: that is the
                // same mistake, already reported.
                if let Some(meant) = suggestion {
                    taken_out.insert((problem.path.clone(), meant));
                }
                out.push(problem);
                Removal::Key(current, key)
            }
            SerdeProblem::MissingKey(key) => {
                if !taken_out.contains(&(problem.path.clone(), key)) {
                    out.push(problem);
                }
                Removal::Node(current)
            }
            SerdeProblem::BadValue => {
                out.push(problem);
                Removal::Node(current)
            }
        };
        let removed = match remove {
            Removal::Key(parent, key) => remove_key(&mut tree, &parent, &key),
            Removal::Node(path) => match split_last(&path) {
                None => false,
                Some((parent, Last::Key(key))) => {
                    let original = renumbering.original(parent);
                    let done = remove_key(&mut tree, parent, key);
                    taken_out.insert((original, key.to_owned()));
                    done
                }
                Some((parent, Last::Index(i))) => {
                    let done = remove_item(&mut tree, parent, i);
                    if done {
                        renumbering.removed(parent, i);
                    }
                    done
                }
            },
        };
        if !removed {
            break;
        }
    }
    if out.is_empty() {
        // Deserializing the tree succeeded where the text did not (or the
        // first problem could not be taken out): say what serde said.
        return first_alone();
    }
    out
}

/// The YAML tree of `text` with the first entry of each duplicate key
/// (serde_yaml refuses duplicates; the source map has reported them).
/// None for anything else it cannot read: malformed YAML, aliases.
fn tree_keeping_first_keys(text: &str) -> Option<Value> {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    enum Open {
        Map(serde_yaml::Mapping, Option<Value>),
        Seq(Vec<Value>),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    for event in Parser::new_from_str(text) {
        let (event, _) = event.ok()?;
        let node = match event {
            Event::Scalar(v, style, ..) => {
                // A plain scalar may be null, a boolean or a number, as
                // serde_yaml would read it; anything else is text.
                let plain = match style {
                    ScalarStyle::Plain => serde_yaml::from_str::<Value>(&v)
                        .ok()
                        .filter(|x| matches!(x, Value::Null | Value::Bool(_) | Value::Number(_))),
                    _ => None,
                };
                plain.unwrap_or_else(|| Value::String(v.to_string()))
            }
            Event::MappingStart(..) => {
                stack.push(Open::Map(serde_yaml::Mapping::new(), None));
                continue;
            }
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingEnd => match stack.pop()? {
                Open::Map(m, None) => Value::Mapping(m),
                _ => return None,
            },
            Event::SequenceEnd => match stack.pop()? {
                Open::Seq(items) => Value::Sequence(items),
                Open::Map(..) => return None,
            },
            Event::Alias(..) => return None,
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Seq(items)) => items.push(node),
            Some(Open::Map(map, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => {
                    if !map.contains_key(&key) {
                        map.insert(key, node);
                    }
                }
            },
        }
    }
    root
}

enum Removal {
    Key(String, String),
    Node(String),
}

/// serde's message → the problem (original path), its kind, and the path
/// in the current, pruned tree.
fn problem_of(rendered: &str, renumbering: &Renumbering) -> (Problem, SerdeProblem, String) {
    let (current, message) = split_serde_message(rendered);
    let (kind, message) = suggest::reword(&message);
    let path = renumbering.original(&current);
    let at = match &kind {
        SerdeProblem::UnknownKey(key, _) => At::Key(key.clone()),
        SerdeProblem::MissingKey(_) | SerdeProblem::BadValue => At::Value,
    };
    (Problem { path, at, message }, kind, current)
}

/// serde_yaml renders errors as `path: message at line L column C`; split
/// off the path (positions are taken from the file's source map).
pub(super) fn split_serde_message(rendered: &str) -> (String, String) {
    let body = match rendered.rfind(" at line ") {
        Some(i) => &rendered[..i],
        None => rendered,
    };
    if let Some((path, msg)) = body.split_once(": ") {
        let is_path = !path.is_empty()
            && path.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '_' | '$' | '-')
            });
        if is_path {
            let path = if path == "." { "" } else { path };
            return (path.to_owned(), msg.to_owned());
        }
    }
    (String::new(), body.to_owned())
}

enum Last<'a> {
    Key(&'a str),
    Index(usize),
}

/// `a.b[2]` → (`a.b`, index 2); `a.b` → (`a`, key `b`); the root → None.
fn split_last(path: &str) -> Option<(&str, Last<'_>)> {
    if let Some(open) = path.strip_suffix(']').and_then(|p| p.rfind('['))
        && let Ok(i) = path[open + 1..path.len() - 1].parse()
    {
        return Some((&path[..open], Last::Index(i)));
    }
    if path.is_empty() {
        return None;
    }
    Some(match path.rfind('.') {
        Some(dot) => (&path[..dot], Last::Key(&path[dot + 1..])),
        None => ("", Last::Key(path)),
    })
}

/// The node at `path` (`request[1].fields[0]`), if there is one.
fn node_mut<'a>(tree: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    match split_last(path) {
        None => Some(tree),
        Some((parent, Last::Key(key))) => node_mut(tree, parent)?.as_mapping_mut()?.get_mut(key),
        Some((parent, Last::Index(i))) => node_mut(tree, parent)?.as_sequence_mut()?.get_mut(i),
    }
}

fn remove_key(tree: &mut Value, parent: &str, key: &str) -> bool {
    node_mut(tree, parent)
        .and_then(Value::as_mapping_mut)
        .and_then(|m| m.remove(key))
        .is_some()
}

fn remove_item(tree: &mut Value, parent: &str, i: usize) -> bool {
    match node_mut(tree, parent).and_then(Value::as_sequence_mut) {
        Some(items) if i < items.len() => {
            items.remove(i);
            true
        }
        _ => false,
    }
}

/// Which list items were taken out, to map the pruned tree's paths back
/// to the file's.
#[derive(Default)]
struct Renumbering {
    /// Original path of a list → original indices of its removed items.
    removed: BTreeMap<String, BTreeSet<usize>>,
}

impl Renumbering {
    /// Records that item `index` (current numbering) of the list at
    /// `current_list` (current path) was removed.
    fn removed(&mut self, current_list: &str, index: usize) {
        let list = self.original(current_list);
        let original = self.original_index(&list, index);
        self.removed.entry(list).or_default().insert(original);
    }

    fn original_index(&self, original_list: &str, mut index: usize) -> usize {
        if let Some(gone) = self.removed.get(original_list) {
            for g in gone {
                if *g <= index {
                    index += 1;
                }
            }
        }
        index
    }

    /// The file's path of a path in the pruned tree.
    fn original(&self, current: &str) -> String {
        if self.removed.is_empty() {
            return current.to_owned();
        }
        let mut out = String::new();
        let mut rest = current;
        while !rest.is_empty() {
            let end = rest
                .char_indices()
                .skip(1)
                .find(|(_, c)| matches!(c, '.' | '['))
                .map_or(rest.len(), |(i, _)| i);
            let segment = &rest[..end];
            rest = &rest[end..];
            match segment
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .and_then(|s| s.parse::<usize>().ok())
            {
                Some(i) => {
                    let original = self.original_index(&out, i);
                    out.push_str(&format!("[{original}]"));
                }
                None => out.push_str(segment),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::OperationFile;

    fn all(text: &str) -> Vec<Problem> {
        let first = serde_yaml::from_str::<OperationFile>(text).unwrap_err();
        problems::<OperationFile>(text, Some(&first))
    }

    #[test]
    fn every_problem_once_with_original_paths() {
        let text = "name: X\nsummary: s\nrequest:\n  - name: A\n    type: Strng\n    description: a\n  - name: B\n    type: String\n    descripton: b\n  - name: C\n    type: String\n    description: c\n    requird: true\n";
        let found = all(text);
        let got: Vec<(&str, &At, &str)> = found
            .iter()
            .map(|p| (p.path.as_str(), &p.at, p.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "request[0].type",
                    &At::Value,
                    "unknown value `Strng`: did you mean `String`? (one of `String`, `Integer`, `Long`, `Boolean`, `Float`, `Double`, `Struct`, `Array`, `RepeatList`, `List`, `Json`, `Map`)"
                ),
                (
                    "request[1]",
                    &At::Key("descripton".into()),
                    "unknown key `descripton`: did you mean `description`?"
                ),
                // The first item was taken out: still `request[2]`.
                (
                    "request[2]",
                    &At::Key("requird".into()),
                    "unknown key `requird`: did you mean `required`?"
                ),
            ]
        );
        // `request[1]` lost `descripton`, then misses `description`: the
        // same mistake, not reported twice.
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn a_file_with_duplicate_keys_is_read_with_the_first_of_each() {
        let text = "name: X\nsummary: s\nname: Y\nrequest:\n  - name: A\n    type: Strng\n    description: a\n    description: b\n";
        assert!(serde_yaml::from_str::<Value>(text).is_err());
        let tree = tree_keeping_first_keys(text).unwrap();
        assert_eq!(tree["name"], Value::String("X".into()));
        assert_eq!(tree["request"][0]["description"], Value::String("a".into()));
        let found = problems::<OperationFile>(text, None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, "request[0].type");
        // Scalars are typed as serde_yaml types them.
        let tree = tree_keeping_first_keys("a: 1\nb: true\nc: ~\nd: '1'\ne: x\nf:\n").unwrap();
        assert_eq!(
            serde_yaml::to_string(&tree).unwrap(),
            "a: 1\nb: true\nc: null\nd: '1'\ne: x\nf: null\n"
        );
        assert!(tree_keeping_first_keys("a: &x 1\nb: *x\n").is_none());
    }

    #[test]
    fn paths_map_back_after_removals() {
        let mut r = Renumbering::default();
        r.removed("request", 0);
        r.removed("request", 1); // the original third item
        assert_eq!(r.original("request[0].fields[1]"), "request[1].fields[1]");
        assert_eq!(r.original("request[1]"), "request[3]");
        r.removed("request[1].fields", 0);
        assert_eq!(r.original("request[1].fields[0]"), "request[3].fields[1]");
        assert_eq!(r.original("response[0]"), "response[0]");
        assert_eq!(r.original("请求[0].名"), "请求[0].名");
    }

    #[test]
    fn serde_messages_are_split_into_path_and_text() {
        assert_eq!(
            split_serde_message(
                "request[1]: unknown field `typo`, expected `name` at line 6 column 5"
            ),
            (
                "request[1]".to_owned(),
                "unknown field `typo`, expected `name`".to_owned()
            )
        );
        assert_eq!(
            split_serde_message("missing field `name` at line 1 column 1"),
            (String::new(), "missing field `name`".to_owned())
        );
    }

    #[test]
    fn split_paths() {
        assert!(matches!(
            split_last("a.b[2]"),
            Some(("a.b", Last::Index(2)))
        ));
        assert!(matches!(split_last("a.b"), Some(("a", Last::Key("b")))));
        assert!(matches!(split_last("b"), Some(("", Last::Key("b")))));
        assert!(split_last("").is_none());
    }
}
