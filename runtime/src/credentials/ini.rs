//! A strict parser for the INI dialect of the shared credentials file.
//!
//! The dialect is the one the official libraries read (Python's
//! `configparser` with their inline-comment rule), and nothing more:
//!
//! * a line is blank, a comment (first non-blank character `#` or `;`), a
//!   section header `[name]`, or an entry `key = value` or `key: value`
//!   (split at the first `=` or `:`);
//! * keys are matched in any case (`Access_Key_Id` is `access_key_id`);
//!   section names are matched exactly;
//! * keys and values are trimmed; a value is cut at its first `#` (an
//!   inline comment: `key = a # b` has the value `a`), unless it is wrapped
//!   in one pair of matching quotes (`"…"` or `'…'`), which it then loses
//!   (the official libraries keep the quotes, and the service rejects the
//!   key); a comment may follow the closing quote;
//! * an entry before the first section, a duplicate section, a duplicate key
//!   within a section (in any case), an empty key or section name, and any
//!   other line are errors.
//!
//! Errors carry the line number and never the line's text: the file holds
//! secrets.

use std::fmt;

/// One `[section]` and its entries, in file order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Section<'a> {
    name: &'a str,
    entries: Vec<(&'a str, &'a str)>,
}

impl<'a> Section<'a> {
    /// The value of `key`, if the section has it.
    pub(crate) fn get(&self, key: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| *v)
    }
}

/// A parsed file: its sections in file order, borrowing from the text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Ini<'a> {
    sections: Vec<Section<'a>>,
}

impl<'a> Ini<'a> {
    /// Parses `text`.
    pub(crate) fn parse(text: &'a str) -> Result<Self, IniError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut sections: Vec<Section<'a>> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line_number = index + 1;
            let error = |message: &'static str| IniError {
                line: line_number,
                message,
            };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let name = rest
                    .strip_suffix(']')
                    .ok_or_else(|| error("a section header must end with `]`"))?
                    .trim();
                if name.is_empty() {
                    return Err(error("empty section name"));
                }
                if name.contains(['[', ']']) {
                    return Err(error("a section name cannot contain `[` or `]`"));
                }
                if sections.iter().any(|s| s.name == name) {
                    return Err(error("duplicate section"));
                }
                sections.push(Section {
                    name,
                    entries: Vec::new(),
                });
                continue;
            }
            let (key, value) = line
                .split_once(['=', ':'])
                .ok_or_else(|| error("expected `[section]`, `key = value` or a comment"))?;
            let key = key.trim();
            if key.is_empty() {
                return Err(error("empty key"));
            }
            let section = sections
                .last_mut()
                .ok_or_else(|| error("an entry before the first `[section]`"))?;
            if section.get(key).is_some() {
                return Err(error("duplicate key in this section"));
            }
            section.entries.push((key, value_of(value.trim())));
        }
        Ok(Ini { sections })
    }

    /// The section called `name`.
    pub(crate) fn section(&self, name: &str) -> Option<&Section<'a>> {
        self.sections.iter().find(|s| s.name == name)
    }
}

/// A trimmed raw value without its quotes or its inline comment.
fn value_of(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some((inner, after)) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.split_once(quote))
        {
            let after = after.trim_start();
            if after.is_empty() || after.starts_with('#') {
                return inner;
            }
        }
    }
    match value.split_once('#') {
        Some((before, _comment)) => before.trim_end(),
        None => value,
    }
}

/// A line the parser rejected. Never contains the line's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct IniError {
    /// 1-based line number.
    pub(crate) line: usize,
    /// What is wrong with it.
    pub(crate) message: &'static str,
}

impl fmt::Display for IniError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Ini::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn parses_sections_and_entries() {
        let text = "\u{feff}# comment\n; another\n\n[default]\ntype = access_key\n  access_key_id=foo  \r\naccess_key_secret = \"b=a r\"\n[ sts ]\nsecurity_token = 'tok'\nempty =\nhash = a # b\n";
        let ini = Ini::parse(text).unwrap();
        let default = ini.section("default").unwrap();
        assert_eq!(default.get("type"), Some("access_key"));
        assert_eq!(default.get("access_key_id"), Some("foo"));
        assert_eq!(default.get("access_key_secret"), Some("b=a r"));
        assert_eq!(default.get("security_token"), None);
        let sts = ini.section("sts").unwrap();
        assert_eq!(sts.get("security_token"), Some("tok"));
        assert_eq!(sts.get("empty"), Some(""));
        assert_eq!(sts.get("hash"), Some("a"));
        assert!(ini.section("missing").is_none());
    }

    #[test]
    fn empty_file_has_no_sections() {
        assert!(Ini::parse("").unwrap().section("default").is_none());
        assert!(
            Ini::parse("\n# only a comment\n")
                .unwrap()
                .sections
                .is_empty()
        );
    }

    #[test]
    fn mismatched_quotes_are_kept() {
        let ini = Ini::parse("[a]\nk = \"x'\nq = \"\n").unwrap();
        assert_eq!(ini.section("a").unwrap().get("k"), Some("\"x'"));
        assert_eq!(ini.section("a").unwrap().get("q"), Some("\""));
    }

    #[test]
    fn official_dialect_colons_key_case_and_inline_comments() {
        let text = "[p]\nAccess_Key_Id: HASHID # prod key\nSECRET=s#no-space\n\
                    quoted = \"a # b\" # comment\nsingle = 'x';y\nsemi = v ; not a comment\n\
                    junk = \"a\" b # c\nurl = http://h:1/p\n";
        let ini = Ini::parse(text).unwrap();
        let p = ini.section("p").unwrap();
        assert_eq!(p.get("access_key_id"), Some("HASHID"));
        assert_eq!(p.get("ACCESS_KEY_ID"), Some("HASHID"));
        assert_eq!(p.get("secret"), Some("s"));
        assert_eq!(p.get("quoted"), Some("a # b"));
        assert_eq!(p.get("single"), Some("'x';y"));
        assert_eq!(p.get("semi"), Some("v ; not a comment"));
        assert_eq!(p.get("junk"), Some("\"a\" b"));
        // Split at the first separator, whichever it is.
        assert_eq!(p.get("url"), Some("http://h:1/p"));
        assert_eq!(
            err("[a]\nKey = 1\nkey: 2\n"),
            "line 3: duplicate key in this section"
        );
    }

    #[test]
    fn rejects_malformed_lines_with_their_number() {
        assert_eq!(
            err("key = value\n"),
            "line 1: an entry before the first `[section]`"
        );
        assert_eq!(
            err("[a]\nsecret-without-equals\n"),
            "line 2: expected `[section]`, `key = value` or a comment"
        );
        assert_eq!(err("[a\n"), "line 1: a section header must end with `]`");
        assert_eq!(err("[ ]\n"), "line 1: empty section name");
        assert_eq!(
            err("[a]]\n"),
            "line 1: a section name cannot contain `[` or `]`"
        );
        assert_eq!(err("[a]\n = v\n"), "line 2: empty key");
        assert_eq!(err("[a]\n[b]\n[a]\n"), "line 3: duplicate section");
        assert_eq!(
            err("[a]\nk = 1\nk = 2\n"),
            "line 3: duplicate key in this section"
        );
    }

    #[test]
    fn errors_never_quote_the_line() {
        let e = err("[a]\nS3CR3T\n");
        assert!(!e.contains("S3CR3T"), "{e}");
    }
}
