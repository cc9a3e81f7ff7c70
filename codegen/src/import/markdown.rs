//! The markdown of the API reference documents, as far as the importer
//! needs it: headings, paragraphs (list items included), fenced code and
//! pipe tables. Table cells may span several lines (a row is complete when
//! it has all its cells) and hold `|` escaped as `\|`.

use super::ids;

/// One block of a document, with the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `## Title {#anchor .class}`: the level and the title without the attributes.
    Heading {
        /// Number of `#`.
        level: usize,
        /// The title, trimmed, attributes removed.
        text: String,
        /// Where it is.
        line: usize,
    },
    /// Consecutive non-blank lines (list items included), unescaped.
    Paragraph {
        /// The lines, trailing spaces removed.
        text: String,
        /// Where it starts.
        line: usize,
    },
    /// A fenced code block, verbatim.
    Code {
        /// The content between the fences, without leading or trailing blank lines.
        text: String,
        /// The line of the first content line.
        line: usize,
    },
    /// A pipe table.
    Table(Table),
}

/// A pipe table: header cells and rows of cells, as written (escapes kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The header cells, trimmed.
    pub header: Vec<String>,
    /// The rows after the separator row.
    pub rows: Vec<Row>,
    /// The header's line.
    pub line: usize,
}

/// One table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The cells: `\|` resolved, continuation lines joined with `\n`, trimmed,
    /// markdown escapes still in place (see [`unescape`]).
    pub cells: Vec<String>,
    /// The line the row starts on.
    pub line: usize,
}

/// A problem in the markdown itself, at a line. None stops the reading:
/// the blocks around it are still returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// The finding's id ([`super::ids`]).
    pub id: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Splits a document into blocks. Every malformed table row and unclosed
/// fence is reported; the blocks around them are still returned.
pub fn parse(text: &str) -> (Vec<Block>, Vec<SyntaxError>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            i += 1;
        } else if trimmed.starts_with("```") {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].trim_start().starts_with("```") {
                end += 1;
            }
            if end == lines.len() {
                errors.push(SyntaxError {
                    line: i + 1,
                    id: ids::CODE_BLOCK_UNCLOSED,
                    message: "a code block is not closed (missing ```)".into(),
                });
            }
            let body = &lines[start..end.min(lines.len())];
            let first = body.iter().position(|l| !l.trim().is_empty());
            let last = body.iter().rposition(|l| !l.trim().is_empty());
            let (text, at) = match (first, last) {
                (Some(f), Some(l)) => (body[f..=l].join("\n"), start + f + 1),
                _ => (String::new(), start + 1),
            };
            blocks.push(Block::Code { text, line: at });
            i = end + 1;
        } else if let Some(level) = heading_level(trimmed) {
            blocks.push(Block::Heading {
                level,
                text: heading_text(&trimmed[level..]),
                line: i + 1,
            });
            i += 1;
        } else if trimmed.starts_with('|') && lines.get(i + 1).is_some_and(|l| is_separator(l)) {
            i = parse_table(&lines, i, &mut blocks, &mut errors);
        } else {
            let start = i;
            let mut para = Vec::new();
            while i < lines.len() {
                let l = lines[i];
                let t = l.trim();
                if t.is_empty() || t.starts_with("```") || heading_level(t).is_some() {
                    break;
                }
                if t.starts_with('|') && lines.get(i + 1).is_some_and(|l| is_separator(l)) {
                    break;
                }
                para.push(l.trim_end());
                i += 1;
            }
            blocks.push(Block::Paragraph {
                text: para.join("\n"),
                line: start + 1,
            });
        }
    }
    (blocks, errors)
}

fn heading_level(line: &str) -> Option<usize> {
    let level = line.chars().take_while(|c| *c == '#').count();
    ((1..=6).contains(&level) && line[level..].starts_with(' ')).then_some(level)
}

/// `Title {#anchor .class}` → `Title`; a trailing colon (`接口说明：`) goes too.
fn heading_text(rest: &str) -> String {
    let mut t = rest.trim();
    if t.ends_with('}')
        && let Some(open) = t.rfind('{')
    {
        t = t[..open].trim_end();
    }
    t.trim_end_matches([':', '：']).trim().to_owned()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.len() > 1 && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The positions of the unescaped `|` in `s`.
fn pipes(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => out.push(i),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    out
}

fn split_cells(row: &str) -> Vec<String> {
    let p = pipes(row);
    p.windows(2)
        .map(|w| row[w[0] + 1..w[1]].to_owned())
        .collect()
}

/// Reads a table starting at `lines[start]` (its header); returns the index
/// of the first line after it.
fn parse_table(
    lines: &[&str],
    start: usize,
    blocks: &mut Vec<Block>,
    errors: &mut Vec<SyntaxError>,
) -> usize {
    let header: Vec<String> = split_cells(lines[start].trim())
        .iter()
        .map(|c| clean_cell(c))
        .collect();
    let columns = header.len();
    let mut rows = Vec::new();
    let mut i = start + 2;
    // The row being read: its first line and its text so far.
    let mut pending: Option<(usize, String)> = None;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        let complete = row_complete(pending.as_ref(), columns);
        // A line that starts with `|` is a new row, unless it only closes
        // the row being read.
        let closes = !complete && row_closed_by(pending.as_ref(), t, columns);
        if line.starts_with('|') && !closes {
            finish_row(pending.take(), columns, &mut rows, errors);
            pending = Some((i + 1, t.to_owned()));
        } else if let Some((_, text)) = pending.as_mut() {
            // A heading ends the table; so does a code fence, unless a cell
            // is still open (cells hold code blocks).
            if complete || heading_level(t).is_some() {
                break;
            }
            text.push('\n');
            text.push_str(line);
        } else {
            break;
        }
        i += 1;
    }
    finish_row(pending, columns, &mut rows, errors);
    blocks.push(Block::Table(Table {
        header,
        rows,
        line: start + 1,
    }));
    i
}

/// Whether the row being read, if any, has all its cells and is closed.
///
/// A row starts at the first column; a continuation line that closes a
/// multi-line cell (` |`) is indented.
fn row_complete(pending: Option<&(usize, String)>, columns: usize) -> bool {
    pending.is_none_or(|(_, text)| {
        pipes(text.trim_end()).len() > columns && text.trim_end().ends_with('|')
    })
}

/// Whether the trimmed line `t` only closes the row being read, which
/// still lacks cells (`|` alone, or `… |` ending the last cell), rather
/// than starting a new row: exports write a cell's last blank line that way.
fn row_closed_by(pending: Option<&(usize, String)>, t: &str, columns: usize) -> bool {
    pending.is_some_and(|(_, text)| pipes(text.trim_end()).len() + pipes(t).len() <= columns + 1)
}

/// Adds the row that was being read, if any, to `rows`, fitted to the
/// table's columns: a short row is padded (or dropped when all its cells
/// are empty), a long row's last cells are joined with `|`.
fn finish_row(
    pending: Option<(usize, String)>,
    columns: usize,
    rows: &mut Vec<Row>,
    errors: &mut Vec<SyntaxError>,
) {
    let Some((line, text)) = pending else { return };
    let mut text = text.trim_end().to_owned();
    if !text.ends_with('|') {
        text.push('|');
    }
    let mut cells: Vec<String> = split_cells(&text).iter().map(|c| clean_cell(c)).collect();
    let found = cells.len();
    if found < columns {
        errors.push(SyntaxError {
            line,
            id: ids::TABLE_ROW_SHORT,
            message: format!(
                "this table row has {found} cells; the table has {columns} columns (the missing ones are read as empty)"
            ),
        });
        if cells.iter().all(String::is_empty) {
            return;
        }
        cells.resize(columns, String::new());
    } else if found > columns && columns > 0 {
        errors.push(SyntaxError {
            line,
            id: ids::TABLE_ROW_LONG,
            message: format!(
                "this table row has {found} cells; the table has {columns} columns (the last {} are joined with `|`)",
                found - columns + 1
            ),
        });
        let rest = cells.split_off(columns - 1).join("|");
        cells.push(rest);
    }
    rows.push(Row { cells, line });
}

/// A cell's text: `\|` resolved, each continuation line without its one
/// leading space (an artifact of the documents' export; deeper indentation
/// is list nesting and stays), trailing spaces removed, runs of blank lines
/// folded into one, the whole trimmed (non-breaking spaces included).
fn clean_cell(raw: &str) -> String {
    let raw = raw.replace("\\|", "|");
    let mut out: Vec<&str> = Vec::new();
    for (n, line) in raw.split('\n').enumerate() {
        let mut l = line.trim_end();
        if n == 0 {
            l = l.trim_start();
        } else if let Some(rest) = l.strip_prefix(' ')
            && !rest.starts_with(' ')
        {
            l = rest;
        }
        if l.trim().is_empty() && out.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        out.push(if l.trim().is_empty() { "" } else { l });
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n").trim().to_owned()
}

/// Removes markdown backslash escapes (`\*` → `*`, `\_` → `_`, `\(` → `(`,
/// `\\` → `\`, …) outside code spans; inside backticks text is literal, as
/// markdown reads it.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            // Find the closing run of the same length.
            let mut j = i + run;
            let mut close = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let r = chars[j..].iter().take_while(|c| **c == '`').count();
                    if r == run {
                        close = Some(j);
                        break;
                    }
                    j += r;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(j) => {
                    out.extend(&chars[i..j + run]);
                    i = j + run;
                }
                None => {
                    out.extend(&chars[i..i + run]);
                    i += run;
                }
            }
        } else if c == '\\' && chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The target of the first markdown link `[text](url)` in `s`.
pub fn first_link(s: &str) -> Option<String> {
    let mut rest = s;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        if let Some(end) = after.find(')') {
            let url = after[..end].trim();
            if url.starts_with("http") {
                return Some(url.to_owned());
            }
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lose_their_attributes() {
        let (blocks, errors) =
            parse("# Op {#doc_api .reference}\n\nIntro.\n\n## 接口说明：\n## 错误码 { .section}\n");
        assert!(errors.is_empty());
        let titles: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(titles, ["Op", "接口说明", "错误码"]);
    }

    #[test]
    fn multi_line_cells_and_escaped_pipes() {
        let doc = "|名称|类型|描述|\n|--|--|--|\n|A|String|第一行。\n\n -   x：一\n-   y：二\n    -   嵌套 |\n|B|String|a \\| b |\n|C|String|末行。\n\n |\n";
        let (blocks, errors) = parse(doc);
        assert!(errors.is_empty(), "{errors:?}");
        let Block::Table(t) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.header, ["名称", "类型", "描述"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2].cells[2], "末行。");
        assert_eq!(
            t.rows[0].cells[2],
            "第一行。\n\n-   x：一\n-   y：二\n    -   嵌套"
        );
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[1].cells, ["B", "String", "a | b"]);
        assert_eq!(t.rows[1].line, 8);
    }

    #[test]
    fn a_row_with_the_wrong_number_of_cells_is_read_and_reported_at_its_line() {
        let doc = "|a|b|c|\n|-|-|-|\n|1|2|3|\n|1|2|\n|1|2|3|4|\n|4|5|6|\n";
        let (blocks, errors) = parse(doc);
        let Block::Table(t) = &blocks[0] else {
            panic!()
        };
        let cells: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            cells,
            [
                vec!["1", "2", "3"],
                vec!["1", "2", ""],
                vec!["1", "2", "3|4"],
                vec!["4", "5", "6"]
            ]
        );
        assert_eq!(
            errors,
            [
                SyntaxError {
                    line: 4,
                    id: ids::TABLE_ROW_SHORT,
                    message: "this table row has 2 cells; the table has 3 columns (the missing ones are read as empty)".into()
                },
                SyntaxError {
                    line: 5,
                    id: ids::TABLE_ROW_LONG,
                    message: "this table row has 4 cells; the table has 3 columns (the last 2 are joined with `|`)".into()
                },
            ]
        );
    }

    #[test]
    fn a_cell_may_hold_a_code_block_and_end_on_a_line_of_its_own() {
        let doc = "|a|b|\n|-|-|\n|1|x\n\n```\ncode\n```\n\n|\n|2|y|\n";
        let (blocks, errors) = parse(doc);
        assert!(errors.is_empty(), "{errors:?}");
        let Block::Table(t) = &blocks[0] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1], "x\n\n```\ncode\n```");
        assert_eq!(t.rows[1].cells, ["2", "y"]);
    }

    #[test]
    fn code_blocks_are_verbatim_without_surrounding_blank_lines() {
        let (blocks, _) = parse("``` {#demo}\n\n{\n    \"a\": 1, \n}\n\n```\n");
        assert_eq!(
            blocks,
            [Block::Code {
                text: "{\n    \"a\": 1, \n}".into(),
                line: 3
            }]
        );
    }

    #[test]
    fn unescape_outside_code_spans_only() {
        assert_eq!(
            unescape(r"i-bp\*\*\*\* Linux\_\#38 \(x\) C:\\a"),
            r"i-bp**** Linux_#38 (x) C:\a"
        );
        assert_eq!(unescape(r"`C:\Windows\_x` \_"), r"`C:\Windows\_x` _");
        assert_eq!(unescape(r"\{a\}\[b\]"), "{a}[b]");
        assert_eq!(unescape(r"no \escape"), r"no \escape");
    }

    #[test]
    fn links() {
        assert_eq!(
            first_link("[您可以在OpenAPI Explorer中直接运行该接口](https://api.aliyun.com/#api=X)")
                .as_deref(),
            Some("https://api.aliyun.com/#api=X")
        );
        assert_eq!(
            first_link("前往【[API Explorer](https://api.aliyun.com/#x)】").as_deref(),
            Some("https://api.aliyun.com/#x")
        );
        assert_eq!(first_link("[a](~~123~~)"), None);
    }
}
