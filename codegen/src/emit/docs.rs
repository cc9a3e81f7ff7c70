//! Doc comments: one `#[doc]` attribute per line, as rustdoc writes them.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` for every line of `lines`, made safe for rustdoc (see
/// [`never_doctests`]).
pub fn attrs(lines: &[String]) -> TokenStream {
    let attrs = never_doctests(lines).into_iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// The documents' text as Markdown that rustdoc never compiles: their code
/// blocks hold shell commands, JSON and lists of characters, never Rust, and
/// `cargo test` would compile every untagged block of a generated crate as a
/// doctest (and fail). Fenced blocks become `text` ([`fence`]); an indented
/// code block (four spaces after a blank line that follows a paragraph)
/// becomes a fenced `text` block; any other line indented four spaces or
/// more (inside lists, where it would be a code block of the item) keeps
/// three.
pub fn never_doctests(lines: &[String]) -> Vec<Cow<'_, str>> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let is_list_item = |l: &str| {
        let t = l.trim_start();
        t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("+ ")
            || t.split_once(". ").is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            })
    };
    let mut out: Vec<Cow<'_, str>> = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    let mut in_indented = false;
    // The last non-blank line outside code: a paragraph at the margin?
    let mut after_paragraph = true;
    let mut previous_blank = true;
    for line in lines {
        let blank = line.trim().is_empty();
        if in_indented {
            if blank || indent(line) >= 4 {
                out.push(if blank {
                    "".into()
                } else {
                    line[4..].to_owned().into()
                });
                continue;
            }
            // Blank lines kept inside the block go after it.
            let trailing = out.iter().rev().take_while(|l| l.is_empty()).count();
            out.insert(out.len() - trailing, "```".into());
            in_indented = false;
        }
        if let Some((quote, content)) = block_quote(line) {
            // Inside a quote: a fence becomes `text`, and content indented
            // four spaces (code there) keeps three.
            let content: Cow<'_, str> = if in_fence || is_fence(content) {
                fence(content, &mut in_fence)
            } else if indent(content) >= 4 {
                format!("   {}", content.trim_start()).into()
            } else {
                content.into()
            };
            out.push(format!("{quote}{content}").into());
            after_paragraph = false;
            previous_blank = false;
            continue;
        }
        if in_fence || is_fence(line) {
            out.push(fence(line, &mut in_fence));
            previous_blank = false;
            continue;
        }
        if !blank && indent(line) >= 4 {
            if previous_blank && after_paragraph {
                out.push("```text".into());
                out.push(line[4..].to_owned().into());
                in_indented = true;
                continue;
            }
            out.push(format!("   {}", line.trim_start()).into());
        } else {
            out.push(line.as_str().into());
        }
        if !blank {
            after_paragraph = indent(line) == 0 && !is_list_item(line);
        }
        previous_blank = blank;
    }
    if in_indented {
        let trailing = out.iter().rev().take_while(|l| l.is_empty()).count();
        out.insert(out.len() - trailing, "```".into());
    }
    out
}

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// A block quote's markers (`> `, `> > `, after at most three spaces) and
/// what follows them.
fn block_quote(line: &str) -> Option<(&str, &str)> {
    let start = line.len() - line.trim_start_matches(' ').len();
    if start > 3 || !line[start..].starts_with('>') {
        return None;
    }
    let mut end = start;
    while line[end..].starts_with('>') {
        end += 1;
        if line[end..].starts_with(' ') {
            end += 1;
        }
    }
    Some(line.split_at(end))
}

/// The documents' code blocks hold shell commands, JSON, and lists of
/// characters, never Rust; rustdoc would compile an untagged block (or one
/// tagged with a Rust attribute such as `ignore`) as a doctest. An opening
/// fence without a language, or with only Rust attributes, becomes
/// `` ```text ``; any other language tag (`json`, `shell`) is kept, and
/// rustdoc does not test those.
fn fence<'a>(line: &'a str, in_block: &mut bool) -> Cow<'a, str> {
    let trimmed = line.trim_start();
    let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) else {
        return line.into();
    };
    if *in_block {
        *in_block = false;
        return line.into();
    }
    *in_block = true;
    let info = trimmed.trim_start_matches(marker.chars().next().unwrap_or('`'));
    let rust_like = info
        .split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .all(|t| {
            matches!(
                t,
                "rust"
                    | "ignore"
                    | "no_run"
                    | "should_panic"
                    | "compile_fail"
                    | "edition2015"
                    | "edition2018"
                    | "edition2021"
                    | "edition2024"
                    | "test_harness"
            )
        });
    if !rust_like {
        return line.into();
    }
    let indent = &line[..line.len() - trimmed.len()];
    let fence_len = trimmed.len() - info.len();
    format!("{indent}{}text", &trimmed[..fence_len]).into()
}

#[cfg(test)]
mod tests {
    use super::{fence, never_doctests};

    fn safe(lines: &[&str]) -> Vec<String> {
        let lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        never_doctests(&lines)
            .into_iter()
            .map(|l| l.into_owned())
            .collect()
    }

    #[test]
    fn indented_code_is_fenced_and_indented_list_text_kept_as_text() {
        assert_eq!(
            safe(&["Examples:", "", "    a: 1", "", "    b", "", "After."]),
            [
                "Examples:",
                "",
                "```text",
                "a: 1",
                "",
                "b",
                "```",
                "",
                "After."
            ]
        );
        assert_eq!(
            safe(&["- item", "", "    more of the item", "text"]),
            ["- item", "", "   more of the item", "text"]
        );
        // Not after a blank line: a paragraph's continuation.
        assert_eq!(safe(&["a", "    b"]), ["a", "   b"]);
        assert_eq!(safe(&["", "    code"]), ["", "```text", "code", "```"]);
        // In block quotes: never code.
        assert_eq!(
            safe(&["> -   a", "", ">         b", "> > ```", "> > x", "> > ```"]),
            ["> -   a", "", ">    b", "> > ```text", "> > x", "> > ```"]
        );
    }

    fn all(lines: &[&str]) -> Vec<String> {
        let mut in_block = false;
        lines
            .iter()
            .map(|l| fence(l, &mut in_block).into_owned())
            .collect()
    }

    #[test]
    fn code_blocks_are_never_doctests() {
        assert_eq!(
            all(&[
                "a",
                "```",
                "()`~!@#",
                "```",
                "  ```ignore",
                "x",
                "  ```",
                "````",
                "````"
            ]),
            [
                "a",
                "```text",
                "()`~!@#",
                "```",
                "  ```text",
                "x",
                "  ```",
                "````text",
                "````"
            ]
        );
        assert_eq!(
            all(&["```json", "{}", "```", "~~~", "echo", "~~~"]),
            ["```json", "{}", "```", "~~~text", "echo", "~~~"]
        );
    }
}
