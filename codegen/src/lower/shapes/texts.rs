//! The documentation of a shared shape: which text its one definition
//! carries, and what each operation's re-export adds.
//!
//! The operations that share a shape often describe it each in their own
//! words: ECS's request `Tag.N.Key` is "the tag key of the disk" in
//! `CreateDisk` and "of the auto provisioning group" in
//! `CreateAutoProvisioningGroup`; five of its 65 users begin "of the
//! resource", and no whole text is shared by more than two. Whichever single
//! copy the definition took, it would tell the users of most other
//! operations about the wrong resource. So each part
//! (the shape's own description, each field's, and the facts under each) is
//! chosen on its own:
//!
//! - the text more than half of the copies that have one give;
//! - when no text has a majority, no copy's: a sentence that says so (and,
//!   for facts, only the wire name, which is the shape's). Two copies of 65
//!   that agree would still name their own resource to the other 63.
//!
//! An operation whose text differs from the definition's gets its own on its
//! re-export (`ir::Reexport::docs`), which rustdoc shows above the
//! definition's on the operation's page for the type. Nothing a document
//! says is lost.

use std::collections::HashMap;

use crate::ir::Docs;
use crate::lower::{split_facts, unnamed};

/// What a definition says where no description has a majority.
const DIFFER: &str = "Described differently by the operations that use this type: \
                      see the type in the operation's module.";

/// One copy's documentation, split: the shape's, then each field's by Rust
/// name.
pub(super) struct CopyDocs<'a> {
    pub own: &'a Docs,
    pub fields: Vec<(&'a str, &'a Docs)>,
}

/// The chosen documentation of a shared shape.
pub(super) struct Chosen {
    /// The shape's.
    pub own: Docs,
    /// Each field's, by Rust name.
    pub fields: HashMap<String, Docs>,
}

/// Chooses the definition's documentation from its users' copies (in the
/// order of the operations' names).
pub(super) fn choose(copies: &[CopyDocs<'_>]) -> Chosen {
    let own = choose_one(copies.iter().map(|c| c.own));
    let mut fields = HashMap::new();
    if let Some(first) = copies.first() {
        for (name, _) in &first.fields {
            let texts = copies.iter().filter_map(|c| field(c, name));
            fields.insert((*name).to_owned(), choose_one(texts));
        }
    }
    Chosen { own, fields }
}

fn field<'a>(copy: &CopyDocs<'a>, name: &str) -> Option<&'a Docs> {
    copy.fields
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| *d)
}

fn choose_one<'a>(texts: impl Iterator<Item = &'a Docs>) -> Docs {
    let parts: Vec<(&[String], &[String])> = texts.map(|d| split_facts(d)).collect();
    // What the documents wrote, not what lowering did ("An element of
    // `Tags`."), which is chosen only if there is nothing else: without the
    // list's name if the copies' lists have different names.
    let written = parts
        .iter()
        .map(|(d, _)| *d)
        .filter(|d| unnamed(d).is_none());
    let description = match vote(written) {
        Some([]) => {
            let generated = parts.iter().map(|(d, _)| *d);
            vote(generated).map_or_else(
                || {
                    parts
                        .iter()
                        .find_map(|(d, _)| unnamed(d))
                        .unwrap_or_default()
                },
                |d| d.to_vec(),
            )
        }
        Some(d) => d.to_vec(),
        None => vec![DIFFER.to_owned()],
    };
    let facts = vote(parts.iter().map(|(_, f)| *f)).map_or_else(
        // The first fact, the wire name, is the shape's own and the same
        // in every copy.
        || {
            let given = parts.iter().find(|(_, f)| !f.is_empty());
            given.map(|(_, f)| f[..1].to_vec()).unwrap_or_default()
        },
        |f| f.to_vec(),
    );
    join(description, facts)
}

/// The text more than half of those that are not empty are, or
/// `Some(empty)` when all are; `None` when no text has a majority.
fn vote<'a>(texts: impl Iterator<Item = &'a [String]>) -> Option<&'a [String]> {
    let given: Vec<&[String]> = texts.filter(|t| !t.is_empty()).collect();
    if given.is_empty() {
        return Some(&[]);
    }
    let count = |t: &[String]| given.iter().filter(|g| **g == t).count();
    given.iter().copied().find(|t| 2 * count(t) > given.len())
}

fn join(description: Docs, facts: Docs) -> Docs {
    let mut out = description;
    if !out.is_empty() && !facts.is_empty() {
        out.push(String::new());
    }
    out.extend(facts);
    out
}

/// What `copy` says that the definition (`chosen`) does not, for its
/// re-export: its own description of the shape and of each field, and
/// facts, where they are given and differ. Empty when nothing does.
pub(super) fn own(copy: &CopyDocs<'_>, chosen: &Chosen) -> Docs {
    let mut body = differs(copy.own, &chosen.own);
    for (name, docs) in &copy.fields {
        let theirs = chosen.fields.get(*name).map_or(&[][..], |d| &d[..]);
        let mine = differs(docs, theirs);
        if mine.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push(String::new());
        }
        // A bullet per field; its lines indented so that the description's
        // paragraphs and lists stay inside it.
        let mut lines = mine.into_iter();
        let first = lines.next().unwrap_or_default();
        body.push(format!("- `{name}`: {first}").trim_end().to_owned());
        body.extend(lines.map(|l| if l.is_empty() { l } else { format!("  {l}") }));
    }
    if body.is_empty() {
        return body;
    }
    let mut out = vec!["As this operation documents it:".to_owned(), String::new()];
    out.extend(body);
    out
}

/// The parts of `mine` that are given and differ from `theirs`: its
/// description if the documents wrote it, and its facts without the wire
/// name (which the definition always has).
fn differs(mine: &[String], theirs: &[String]) -> Docs {
    let (my_description, my_facts) = split_facts(mine);
    let (their_description, their_facts) = split_facts(theirs);
    let description = if my_description != their_description && unnamed(my_description).is_none() {
        my_description.to_vec()
    } else {
        Vec::new()
    };
    let facts = if my_facts != their_facts {
        my_facts.iter().skip(1).cloned().collect()
    } else {
        Vec::new()
    };
    join(description, facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(lines: &[&str]) -> Docs {
        lines.iter().map(|l| (*l).to_owned()).collect()
    }

    fn key(description: &str, example: &str) -> Docs {
        let mut d = Vec::new();
        if !description.is_empty() {
            d.extend([description.to_owned(), String::new()]);
        }
        d.push("- Wire name: `Key`.".to_owned());
        d.push(format!("- Example: `{example}`."));
        d
    }

    fn copies<'a>(element: &'a Docs, keys: &'a [Docs]) -> Vec<CopyDocs<'a>> {
        keys.iter()
            .map(|k| CopyDocs {
                own: element,
                fields: vec![("key", k)],
            })
            .collect()
    }

    #[test]
    fn a_field_takes_the_text_most_copies_give_and_the_others_keep_theirs() {
        let element = docs(&["An element of `Tag`."]);
        let keys = [
            key("The key of the disk's tag.", "TestKey"),
            key("The key of the resource's tag.", "TestKey"),
            key("The key of the resource's tag.", "TestKey"),
        ];
        let copies = copies(&element, &keys);
        let chosen = choose(&copies);
        assert_eq!(chosen.own, element);
        assert_eq!(chosen.fields["key"], keys[1]);
        assert_eq!(
            own(&copies[0], &chosen),
            [
                "As this operation documents it:",
                "",
                "- `key`: The key of the disk's tag.",
            ]
        );
        assert!(own(&copies[1], &chosen).is_empty());
    }

    #[test]
    fn where_no_text_has_a_majority_the_definition_takes_none_of_them() {
        let element = docs(&["An element of `Tag`."]);
        let keys = [
            key("The key of the disk's tag.", "k1"),
            key("The key of the instance's tag.", "k2"),
            key("The key of the instance's tag.", "k2"),
            key("The key of the group's tag.", "k4"),
        ];
        // Two of four is the most, not a majority.
        let copies = copies(&element, &keys);
        let chosen = choose(&copies);
        assert_eq!(chosen.fields["key"], [DIFFER, "", "- Wire name: `Key`."]);
        assert_eq!(
            own(&copies[1], &chosen),
            [
                "As this operation documents it:",
                "",
                "- `key`: The key of the instance's tag.",
                "",
                "  - Example: `k2`.",
            ]
        );
    }

    #[test]
    fn descriptions_lowering_wrote_do_not_vote_and_lose_their_list_names() {
        let (tags, removed) = (
            docs(&["An element of `Tags`."]),
            docs(&["An element of `Removed`."]),
        );
        let keys = [key("The tag key.", "k")];
        let copies = [
            CopyDocs {
                own: &tags,
                fields: vec![("key", &keys[0])],
            },
            CopyDocs {
                own: &removed,
                fields: vec![("key", &keys[0])],
            },
        ];
        let chosen = choose(&copies);
        assert_eq!(chosen.own, ["An element of a list."]);
        assert!(own(&copies[0], &chosen).is_empty());
        let written = docs(&["The tags of the thing."]);
        let copies = [
            CopyDocs {
                own: &tags,
                fields: Vec::new(),
            },
            CopyDocs {
                own: &written,
                fields: Vec::new(),
            },
            CopyDocs {
                own: &removed,
                fields: Vec::new(),
            },
        ];
        assert_eq!(choose(&copies).own, written);
    }

    #[test]
    fn a_copy_without_a_description_neither_votes_nor_differs() {
        let element = docs(&["An element of `Tag`."]);
        let keys = [key("", "TestKey"), key("The tag key.", "TestKey")];
        let copies = copies(&element, &keys);
        let chosen = choose(&copies);
        assert_eq!(chosen.fields["key"], keys[1]);
        assert!(own(&copies[0], &chosen).is_empty());
        assert!(own(&copies[1], &chosen).is_empty());
    }
}
