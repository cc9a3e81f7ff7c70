//! Helpers shared by the fuzz targets: splitting one input into several
//! files, a scratch directory per process, and a structure-aware YAML
//! mutator for the spec target.

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

/// Splits `data` at lines that are exactly `marker` followed by a name
/// (e.g. `#--- overlay`): the first part has the name `""`.
pub fn sections<'a>(data: &'a str, marker: &str) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    let mut name = "";
    let mut start = 0;
    let mut at = 0;
    for line in data.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if let Some(rest) = trimmed.strip_prefix(marker) {
            out.push((name, &data[start..at]));
            name = rest.trim();
            start = at + line.len();
        }
        at += line.len();
    }
    out.push((name, &data[start..]));
    out
}

/// A fresh directory for this process under `/dev/shm` when it exists (the
/// targets write a few files per input), else the system's temp dir. It is
/// left behind on exit; it holds only the last input's files.
pub fn scratch_dir(what: &str) -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("acs-fuzz-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the scratch directory");
    dir
}

/// A small deterministic generator (xorshift), seeded by libFuzzer.
pub struct Rng(u64);

impl Rng {
    /// From libFuzzer's seed.
    pub fn new(seed: u32) -> Self {
        Rng(u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Values the spec format and the documents make interesting.
const INTERESTING: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "4003",
    "2147483648",
    "-9223372036854775809",
    "1e308",
    "NaN",
    "true",
    "false",
    "null",
    "~",
    "String",
    "Integer",
    "Long",
    "Boolean",
    "Float",
    "Double",
    "Struct",
    "Array",
    "RepeatList",
    "List",
    "Json",
    "Map",
    "self",
    "type",
    "gen",
    "r#type",
    "1abc",
    "Request",
    "Response",
    "Client",
    "a b",
    "a.b",
    "a-b",
    "中文",
    "A\u{0}B",
    "{",
    "<",
    "]]>",
    "Name.1",
    "RegionId",
    "RequestId",
    "cn-hangzhou",
    "GET",
    "POST",
    "v2",
    "v3",
];

/// Mutates a YAML document as a tree: replaces a scalar with an
/// interesting one, deletes, duplicates, swaps or nests a node, renames a
/// key. `None` when the text is not YAML (the caller then mutates bytes).
pub fn mutate_yaml(text: &str, rng: &mut Rng) -> Option<String> {
    let mut doc: Value = serde_yaml::from_str(text).ok()?;
    let count = count_nodes(&doc);
    let donor = nth_node(&doc, rng.below(count))
        .cloned()
        .unwrap_or(Value::Null);
    let target = rng.below(count);
    let op = rng.below(7);
    let pick = INTERESTING[rng.below(INTERESTING.len())];
    let extra = rng.next();
    let mut seen = 0;
    mutate_nth(&mut doc, target, &mut seen, &mut |node| match op {
        0 => *node = scalar(pick),
        1 => *node = donor.clone(),
        2 => match node {
            Value::Sequence(items) if !items.is_empty() => {
                let i = extra as usize % items.len();
                items.remove(i);
            }
            Value::Mapping(map) if !map.is_empty() => {
                let i = extra as usize % map.len();
                if let Some(key) = map.keys().nth(i).cloned() {
                    map.remove(&key);
                }
            }
            _ => *node = Value::Null,
        },
        3 => match node {
            Value::Sequence(items) if !items.is_empty() => {
                let i = extra as usize % items.len();
                let copy = items[i].clone();
                items.insert(i, copy);
            }
            _ => *node = Value::Sequence(vec![node.clone(), node.clone()]),
        },
        4 => match node {
            Value::Mapping(map) if !map.is_empty() => {
                let i = extra as usize % map.len();
                if let Some(key) = map.keys().nth(i).cloned() {
                    let value = map.remove(&key).unwrap_or(Value::Null);
                    map.insert(scalar(pick), value);
                }
            }
            _ => *node = scalar(pick),
        },
        5 => {
            let mut map = Mapping::new();
            map.insert(
                Value::String("fields".into()),
                Value::Sequence(vec![node.clone()]),
            );
            *node = Value::Mapping(map);
        }
        _ => match node {
            Value::String(s) => {
                let cut = s
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(extra as usize % (s.chars().count() + 1))
                    .unwrap_or(s.len());
                s.insert_str(cut, pick);
            }
            Value::Sequence(items) => items.push(donor.clone()),
            Value::Mapping(map) => {
                map.insert(scalar(pick), donor.clone());
            }
            _ => *node = donor.clone(),
        },
    });
    serde_yaml::to_string(&doc).ok()
}

fn scalar(text: &str) -> Value {
    match text {
        "null" | "~" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match text.parse::<i64>() {
            Ok(n) => Value::Number(n.into()),
            Err(_) => Value::String(text.to_owned()),
        },
    }
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Sequence(items) => items.iter().map(count_nodes).sum(),
        Value::Mapping(map) => map.values().map(count_nodes).sum(),
        Value::Tagged(t) => count_nodes(&t.value),
        _ => 0,
    }
}

fn nth_node(v: &Value, n: usize) -> Option<&Value> {
    fn walk<'a>(v: &'a Value, n: usize, seen: &mut usize) -> Option<&'a Value> {
        if *seen == n {
            return Some(v);
        }
        *seen += 1;
        match v {
            Value::Sequence(items) => items.iter().find_map(|i| walk(i, n, seen)),
            Value::Mapping(map) => map.values().find_map(|i| walk(i, n, seen)),
            Value::Tagged(t) => walk(&t.value, n, seen),
            _ => None,
        }
    }
    walk(v, n, &mut 0)
}

fn mutate_nth(v: &mut Value, n: usize, seen: &mut usize, f: &mut dyn FnMut(&mut Value)) -> bool {
    if *seen == n {
        f(v);
        return true;
    }
    *seen += 1;
    match v {
        Value::Sequence(items) => items.iter_mut().any(|i| mutate_nth(i, n, seen, f)),
        Value::Mapping(map) => map.values_mut().any(|i| mutate_nth(i, n, seen, f)),
        Value::Tagged(t) => mutate_nth(&mut t.value, n, seen, f),
        _ => false,
    }
}

/// Mutates a multi-file input (sections split by `marker`): one section
/// through [`mutate_yaml`], the others kept. `None` when that section is not
/// YAML.
pub fn mutate_sections(data: &[u8], marker: &str, rng: &mut Rng) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(data).ok()?;
    let parts = sections(text, marker);
    let which = rng.below(parts.len());
    let mutated = mutate_yaml(parts[which].1, rng)?;
    let mut out = String::with_capacity(text.len() + 64);
    for (i, (name, body)) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(marker);
            out.push_str(name);
            out.push('\n');
        }
        out.push_str(if i == which { &mutated } else { body });
        if i + 1 < parts.len() && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    Some(out.into_bytes())
}

/// What an importer wrote is consistent with itself: the rendered file
/// passes its own hand-edit check (`is_pristine`) and its YAML reads back
/// as the same operation. Panics (a finding) otherwise.
pub fn assert_imported_file_reads_back(op: &codegen::import::Imported) {
    let contents = &op.file.contents;
    assert!(
        codegen::import::is_pristine(contents),
        "an imported file fails its own checksum:\n{contents}"
    );
    let body = contents.splitn(3, '\n').nth(2).unwrap_or_default();
    let back: codegen::spec::OperationFile = codegen::spec::load::from_yaml(body)
        .unwrap_or_else(|e| panic!("imported YAML does not read back: {e}\n{body}"));
    assert!(
        back == op.operation,
        "imported YAML reads back as a different operation:\n{body}"
    );
}
