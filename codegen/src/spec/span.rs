//! Where things are in a YAML file: a map from YAML paths (`request[1].example`)
//! to line and column, built from the YAML parser's event marks.
//!
//! serde_yaml tells positions only for its own errors; validation finds its
//! problems later, on typed values, and asks this map where they were.
//! Building it also catches malformed YAML and duplicate keys, with exact
//! positions.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScanError};

/// Positions of the nodes of one YAML file.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// YAML path → (line, column), 1-based. For a mapping entry, the key's position.
    positions: BTreeMap<String, (usize, usize)>,
    /// YAML path of a mapping entry → its value's position.
    values: BTreeMap<String, (usize, usize)>,
    /// YAML path of a sequence item → its `name`, for logical paths.
    names: BTreeMap<String, String>,
}

/// A problem found while building the map: malformed YAML or a duplicate key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxProblem {
    /// The YAML path of the node, where known.
    pub path: String,
    /// 1-based line and column.
    pub line_col: (usize, usize),
    /// What is wrong.
    pub message: String,
    /// Whether it is a duplicate key, after which the rest of the file can
    /// still be read (malformed YAML cannot).
    pub duplicate_key: bool,
}

/// How deep mappings and lists may nest in a spec file. The whole ECS API
/// needs under 20 (a response structure in a list in a structure, each
/// level a mapping and a list); the limit keeps the recursive readers after
/// this one (serde, validation, lowering) far from the end of the stack.
pub const MAX_NESTING: usize = 128;

enum Frame {
    Mapping {
        path: String,
        key: Option<String>,
        /// Keys seen so far, with their positions.
        seen: BTreeMap<String, (usize, usize)>,
    },
    Sequence {
        path: String,
        next: usize,
    },
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

impl SourceMap {
    /// Parses `text` and records every node's position.
    pub fn build(text: &str) -> Result<SourceMap, Vec<SyntaxProblem>> {
        let (map, problems) = Self::build_partial(text);
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    /// Like [`SourceMap::build`], but also returns what was mapped before
    /// (or despite) the problems, so messages can still use logical paths.
    pub fn build_partial(text: &str) -> (SourceMap, Vec<SyntaxProblem>) {
        Self::build_impl(text, false)
    }

    /// Like [`SourceMap::build_partial`], and also records where each
    /// mapping entry's value is ([`SourceMap::value_position`]): for
    /// messages about wrong values, so only a file with such problems pays
    /// for it.
    pub fn build_with_values(text: &str) -> (SourceMap, Vec<SyntaxProblem>) {
        Self::build_impl(text, true)
    }

    /// Parses `text` into the map, with value positions when `with_values`,
    /// stopping at the first problem after which the rest cannot be read.
    fn build_impl(text: &str, with_values: bool) -> (SourceMap, Vec<SyntaxProblem>) {
        let mut map = SourceMap::default();
        let mut problems = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(text) {
            let (event, span) = match event {
                Ok(e) => e,
                Err(e) => {
                    problems.push(malformed(&stack, &e));
                    return (map, problems);
                }
            };
            let at = (span.start.line(), span.start.col() + 1);
            if let Some(problem) = too_deep(&stack, &event, at) {
                problems.push(problem);
                return (map, problems);
            }
            let mut node_path = None;
            if starts_node(&event) {
                match map.place(&mut stack, &event, at, with_values, &mut problems) {
                    Ok(Placement::Key) => continue,
                    Ok(Placement::Node(path)) => node_path = Some(path),
                    Err(problem) => {
                        problems.push(problem);
                        return (map, problems);
                    }
                }
            }
            enter_or_leave(&mut stack, &event, node_path);
        }
        (map, problems)
    }

    /// Records where a node sits: as a key, a mapping value or a sequence
    /// item of the innermost open collection, or as the root.
    fn place(
        &mut self,
        stack: &mut [Frame],
        event: &Event<'_>,
        at: (usize, usize),
        with_values: bool,
        problems: &mut Vec<SyntaxProblem>,
    ) -> Result<Placement, SyntaxProblem> {
        match stack.last_mut() {
            Some(Frame::Mapping { path, key, seen }) => match key.take() {
                None => {
                    let name = self.record_key(path, seen, event, at, problems)?;
                    *key = Some(name);
                    Ok(Placement::Key)
                }
                Some(k) => Ok(Placement::Node(self.record_value(
                    path,
                    &k,
                    event,
                    at,
                    with_values,
                ))),
            },
            Some(Frame::Sequence { path, next }) => {
                let full = format!("{path}[{next}]");
                *next += 1;
                self.positions.insert(full.clone(), at);
                Ok(Placement::Node(full))
            }
            None => Ok(Placement::Node(String::new())),
        }
    }

    /// Records a mapping key's position and returns its name; a duplicate
    /// key is a problem, a key that is not plain text ends the map.
    fn record_key(
        &mut self,
        path: &str,
        seen: &mut BTreeMap<String, (usize, usize)>,
        event: &Event<'_>,
        at: (usize, usize),
        problems: &mut Vec<SyntaxProblem>,
    ) -> Result<String, SyntaxProblem> {
        let name = match event {
            Event::Scalar(v, ..) => v.to_string(),
            _ => {
                return Err(SyntaxProblem {
                    path: path.to_owned(),
                    line_col: at,
                    message: "only plain text keys are allowed in a spec".into(),
                    duplicate_key: false,
                });
            }
        };
        let full = join(path, &name);
        if let Some((line, col)) = seen.get(&name) {
            problems.push(SyntaxProblem {
                path: full,
                line_col: at,
                message: format!("duplicate key `{name}` (the first is at {line}:{col})"),
                duplicate_key: true,
            });
        } else {
            seen.insert(name.clone(), at);
            self.positions.insert(full, at);
        }
        Ok(name)
    }

    /// Records the value of the mapping entry `key` (its position, and the
    /// item's `name` or `code`) and returns its YAML path.
    fn record_value(
        &mut self,
        path: &str,
        key: &str,
        event: &Event<'_>,
        at: (usize, usize),
        with_values: bool,
    ) -> String {
        let full = join(path, key);
        if let Event::Scalar(v, ..) = event
            && (key == "name" || (key == "code" && !self.names.contains_key(path)))
        {
            self.names.insert(path.to_owned(), v.to_string());
        }
        if with_values {
            self.values.entry(full.clone()).or_insert(at);
        }
        full
    }

    /// The position of `yaml_path`, or of its nearest recorded ancestor.
    pub fn position(&self, yaml_path: &str) -> Option<(usize, usize)> {
        let mut p = yaml_path;
        loop {
            if let Some(at) = self.positions.get(p) {
                return Some(*at);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// The position of the value at `yaml_path`: for a mapping entry its
    /// value (where serde points at a wrong value; recorded only by
    /// [`SourceMap::build_with_values`]), else as [`Self::position`].
    pub fn value_position(&self, yaml_path: &str) -> Option<(usize, usize)> {
        self.values
            .get(yaml_path)
            .copied()
            .or_else(|| self.position(yaml_path))
    }

    /// The logical path of `yaml_path`: list items by their `name`
    /// (`request[1]` → `request.RegionId`), struct children without the
    /// `fields` step (`response[1].fields[0]` → `response.Activation.InstanceCount`),
    /// list elements as `[]`.
    pub fn logical(&self, yaml_path: &str) -> String {
        let mut out = String::new();
        let mut raw = String::new();
        for seg in segments(yaml_path) {
            match seg {
                Segment::Key(k) => {
                    // `pagination.items` names a list; it is not one.
                    let structural = raw != "pagination";
                    raw = join(&raw, k);
                    match k {
                        "fields" if structural => {}
                        "items" if structural => out.push_str("[]"),
                        _ => {
                            if !out.is_empty() {
                                out.push('.');
                            }
                            out.push_str(k);
                        }
                    }
                }
                Segment::Index(i) => {
                    raw = format!("{raw}[{i}]");
                    match self.names.get(&raw) {
                        Some(name) => {
                            if !out.is_empty() {
                                out.push('.');
                            }
                            out.push_str(name);
                        }
                        None => out.push_str(&format!("[{i}]")),
                    }
                }
            }
        }
        out
    }
}

/// Where a node sits, as [`SourceMap::place`] finds it.
enum Placement {
    /// The node is a mapping key: recorded, and it opens nothing.
    Key,
    /// The node is a mapping value, a sequence item or the root, at this YAML path.
    Node(String),
}

/// The problem of YAML the parser cannot read.
fn malformed(stack: &[Frame], error: &ScanError) -> SyntaxProblem {
    let m = error.marker();
    SyntaxProblem {
        path: current_path(stack),
        line_col: (m.line(), m.col() + 1),
        message: format!("malformed YAML: {}", error.info()),
        duplicate_key: false,
    }
}

/// The problem of a mapping or list nested deeper than [`MAX_NESTING`],
/// if `event` opens one.
fn too_deep(stack: &[Frame], event: &Event<'_>, at: (usize, usize)) -> Option<SyntaxProblem> {
    if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..))
        && stack.len() >= MAX_NESTING
    {
        // serde and the validator recurse on what this accepts.
        return Some(SyntaxProblem {
            path: current_path(stack),
            line_col: at,
            message: format!(
                "nested deeper than {MAX_NESTING} levels of mappings and lists \
                 (a spec needs far fewer)"
            ),
            duplicate_key: false,
        });
    }
    None
}

/// Whether `event` starts a node: a scalar, a mapping, a list or an alias.
fn starts_node(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(..)
    )
}

/// Opens a frame for a mapping or list that starts at `node_path`, or
/// closes the frame of one that ends.
fn enter_or_leave(stack: &mut Vec<Frame>, event: &Event<'_>, node_path: Option<String>) {
    match event {
        Event::MappingStart(..) => stack.push(Frame::Mapping {
            path: node_path.unwrap_or_default(),
            key: None,
            seen: BTreeMap::new(),
        }),
        Event::SequenceStart(..) => stack.push(Frame::Sequence {
            path: node_path.unwrap_or_default(),
            next: 0,
        }),
        Event::MappingEnd | Event::SequenceEnd => {
            stack.pop();
        }
        _ => {}
    }
}

fn current_path(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Mapping { path, key, .. }) => match key {
            Some(k) => join(path, k),
            None => path.clone(),
        },
        Some(Frame::Sequence { path, .. }) => path.clone(),
        None => String::new(),
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(&'a str),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        for idx in rest.split(['[', ']']).filter(|s| !s.is_empty()) {
            out.push(Segment::Index(idx));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name: X\nrequest:\n  - name: RegionId\n    type: String\nresponse:\n  - name: Activation\n    fields:\n      - name: InstanceCount\n        example: abc\n";

    #[test]
    fn positions_and_logical_paths() {
        let map = SourceMap::build(DOC).unwrap();
        assert_eq!(map.value_position("request[0].type"), Some((4, 5)));
        let (map, _) = SourceMap::build_with_values(DOC);
        assert_eq!(map.position("request[0].type"), Some((4, 5)));
        assert_eq!(map.value_position("request[0].type"), Some((4, 11)));
        assert_eq!(map.value_position("request[0]"), Some((3, 5)));
        assert_eq!(map.position("response[0].fields[0].example"), Some((9, 9)));
        // falls back to the nearest ancestor
        assert_eq!(
            map.position("response[0].fields[0].example.zh"),
            Some((9, 9))
        );
        assert_eq!(
            map.logical("response[0].fields[0].example"),
            "response.Activation.InstanceCount.example"
        );
        assert_eq!(map.logical("request[0]"), "request.RegionId");
        assert_eq!(map.logical("request[7]"), "request[7]");
    }

    #[test]
    fn duplicate_keys_are_reported_with_position() {
        let err = SourceMap::build("name: a\ntype: String\nname: b\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line_col, (3, 1));
        assert_eq!(err[0].message, "duplicate key `name` (the first is at 1:1)");
    }

    #[test]
    fn malformed_yaml_is_reported_with_position() {
        let err = SourceMap::build("name: a\nrequest: [1, 2\n").unwrap_err();
        assert!(err[0].message.starts_with("malformed YAML"), "{err:?}");
        assert_eq!(err[0].line_col.0, 3);
    }

    #[test]
    fn nesting_is_limited_before_anything_recurses() {
        let deep = |levels: usize| format!("a: {}{}", "[".repeat(levels), "]".repeat(levels));
        // The root mapping is one level.
        assert!(SourceMap::build(&deep(MAX_NESTING - 1)).is_ok());
        let err = SourceMap::build(&deep(MAX_NESTING)).unwrap_err();
        assert!(err[0].message.contains("nested deeper than 128"), "{err:?}");
        let err = SourceMap::build(&deep(100_000)).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
    }
}
