//! Constraints written in prose, made structured where the wording is clear.
//!
//! A description is cut into units: sentences, and lists together with the
//! sentence that introduces them ("取值范围：" / "Valid values:" followed by
//! `-   Value：meaning` items). A unit that matches one of the patterns below
//! becomes a [`Constraints`] field; a unit that does not but still reads
//! like a constraint (it names a default, a maximum, a length…) is kept,
//! verbatim, as leftover prose for `constraints.text`. Everything else is
//! plain description. The description itself is never changed.
//!
//! | zh | en | becomes |
//! |----|----|---------|
//! | `取值范围：` + list, `可能值：` + list | `Valid values:` + list | `enum` |
//! | `取值：`a`、`b`` | ``Valid values: `a`, `b` `` | `enum` |
//! | `N的取值范围：1~50` | `Valid values of N: 1 to 50` | `count` |
//! | `取值范围：1~1000` | `Valid values: 1 to 1000` | `minimum`, `maximum` |
//! | `默认值：60` | `Default value: 60` | `default` |
//! | `最大值：50`, `最小值：1`, `起始值：1` | `Maximum value: 50`, `Minimum value: 1`, `start from page 1` | `maximum`, `minimum` |
//! | `长度不得超过128个字符` | `up to 128 characters in length` | `max_length` |
//!
//! A value must be one token (letters, digits, `-_.:/`) and fit the type;
//! `默认值：空` ("empty") or a default that depends on the instance is prose.

use super::document::Lang;
use crate::spec::{Constraints, Range, Scalar, TypeName};
use crate::validate::fits;

/// What a description says about its values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The structured constraints (`text` is never set here).
    pub constraints: Constraints,
    /// Constraint-like prose that did not parse, one unit per line.
    pub leftover: Option<String>,
}

/// Reads the constraints in `description`. `ty` is the type of one value
/// (a list's element type); `repeated` says whether the parameter is a
/// `Name.N` list (whose `N` range becomes `count`).
pub fn parse(description: &str, lang: Lang, ty: TypeName, repeated: bool) -> Parsed {
    let mut out = Parsed::default();
    let mut leftover: Vec<String> = Vec::new();
    for unit in units(description) {
        match unit {
            Unit::Sentence(s) => {
                let found = sentence(&s, lang, ty, repeated, &mut out.constraints);
                match found {
                    Found::All => {}
                    Found::Partly => leftover.push(s),
                    Found::Nothing if is_constraint_like(&s, lang) => leftover.push(s),
                    Found::Nothing => {}
                }
            }
            Unit::Introduced { intro, items } => {
                let values = if introduces_values(&intro, lang) {
                    list_values(&items, ty)
                } else {
                    None
                };
                match values {
                    Some(values) if out.constraints.allowed.is_empty() => {
                        out.constraints.allowed = values
                    }
                    _ if is_constraint_like(&intro, lang) => {
                        leftover.push(format!("{intro}\n{}", items.join("\n")));
                    }
                    _ => leftover.extend(items.into_iter().filter(|l| is_constraint_like(l, lang))),
                }
            }
            Unit::Item(line) => {
                if is_constraint_like(&line, lang) {
                    leftover.push(line);
                }
            }
        }
    }
    if !leftover.is_empty() {
        out.leftover = Some(leftover.join("\n"));
    }
    out
}

/// A piece of a description.
#[derive(Debug, PartialEq, Eq)]
enum Unit {
    /// One sentence of running text.
    Sentence(String),
    /// A sentence ending in a colon and the list items that follow it.
    Introduced { intro: String, items: Vec<String> },
    /// A list item not introduced by a sentence.
    Item(String),
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && t[digits..].starts_with(". ")
    }
}

fn units(description: &str) -> Vec<Unit> {
    let lines: Vec<&str> = description.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.trim().is_empty() {
            continue;
        }
        if is_item(line) {
            out.push(Unit::Item(line.to_owned()));
            continue;
        }
        let mut sentences = split_sentences(line);
        let last = sentences.pop().unwrap_or_default();
        out.extend(sentences.into_iter().map(Unit::Sentence));
        // Does a list follow (possibly after blank lines)?
        let mut j = i;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        if (last.ends_with('：') || last.ends_with(':')) && j < lines.len() && is_item(lines[j]) {
            let mut items = Vec::new();
            while j < lines.len()
                && (is_item(lines[j]) || lines[j].starts_with(' ') && !lines[j].trim().is_empty())
            {
                items.push(lines[j].to_owned());
                j += 1;
            }
            i = j;
            out.push(Unit::Introduced { intro: last, items });
        } else if !last.is_empty() {
            out.push(Unit::Sentence(last));
        }
    }
    out
}

/// Splits a line after `。`, `；` and after `.`, `?`, `!` followed by a space.
fn split_sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '。' | '；' | '！' | '？' => Some(i + c.len_utf8()),
            '.' | '?' | '!' if chars.peek().is_some_and(|(_, n)| *n == ' ') => Some(i + 1),
            _ => None,
        };
        if let Some(end) = end {
            let s = line[start..end].trim();
            if !s.is_empty() {
                out.push(s.to_owned());
            }
            start = end;
        }
    }
    let s = line[start..].trim();
    if !s.is_empty() {
        out.push(s.to_owned());
    }
    out
}

/// Phrases that state a constraint; a unit with one that does not parse is leftover prose.
fn is_constraint_like(s: &str, lang: Lang) -> bool {
    match lang {
        Lang::Zh => [
            "取值范围",
            "取值：",
            "可能值",
            "默认值：",
            "默认值为",
            "最大值",
            "最小值",
            "起始值",
            "个字符",
            "长度为",
            "不能超过",
            "不得超过",
            "不超过",
            "最多",
        ]
        .iter()
        .any(|p| s.contains(p)),
        Lang::En => {
            let l = s.to_ascii_lowercase();
            [
                "valid value",
                "default value",
                "maximum value",
                "minimum value",
                "in length",
                "cannot exceed",
                "must not exceed",
                "up to ",
                "a maximum of",
                "at most",
            ]
            .iter()
            .any(|p| l.contains(p))
        }
    }
}

/// Whether a sentence ending in a colon announces the allowed values.
fn introduces_values(intro: &str, lang: Lang) -> bool {
    match lang {
        Lang::Zh => intro.contains("取值") || intro.contains("可能值"),
        Lang::En => {
            let l = intro.to_ascii_lowercase();
            (l.contains("valid values") || l.contains("possible values"))
                && !l.contains("valid values of n")
        }
    }
}

/// How much of a sentence became structure.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    All,
    Partly,
    Nothing,
}

/// Reads the constraint one sentence states into `c`, and says how much of
/// it became structure.
fn sentence(s: &str, lang: Lang, ty: TypeName, repeated: bool, c: &mut Constraints) -> Found {
    let body = s.trim_end_matches(['。', '.', ';', '；']).trim();
    match lang {
        Lang::Zh => sentence_zh(body, ty, repeated, c),
        Lang::En => sentence_en(body, ty, repeated, c),
    }
}

/// Reads the constraint a Chinese sentence (without its final stop) states into `c`.
fn sentence_zh(body: &str, ty: TypeName, repeated: bool, c: &mut Constraints) -> Found {
    let numeric = matches!(ty, TypeName::Integer | TypeName::Long);
    if let Some(rest) = after_any(body, &["N的取值范围：", "N的取值范围为", "N的取值范围:"])
    {
        set_count(c, rest, repeated)
    } else if let Some(rest) = after_any(body, &["取值范围：", "取值范围为", "取值范围:"])
        && let Some((min, max, tail)) = range(rest)
    {
        set_bounds(c, min, max, tail, numeric)
    } else if let Some(rest) = after_any(body, &["取值：", "取值范围："]) {
        set_allowed(c, inline_values(rest, ty))
    } else if let Some(rest) = after_any(body, &["默认值：", "默认值为", "默认值:"]) {
        let value = rest.split(['，', ',', '。']).next().unwrap_or_default();
        set_default(c, token(value, ty))
    } else if let Some(n) = after_any(body, &["最大值：", "最大值为"]).and_then(int) {
        all_or_partly(c.maximum.replace(n).is_none() && numeric)
    } else if let Some(n) =
        after_any(body, &["最小值：", "最小值为", "起始值：", "起始值为"]).and_then(int)
    {
        all_or_partly(c.minimum.replace(n).is_none() && numeric)
    } else if ty == TypeName::String
        && let Some(n) = max_length_zh(body)
    {
        let found = all_or_partly(c.max_length.replace(n).is_none() && n > 0);
        if body.contains('~') {
            Found::Partly
        } else {
            found
        }
    } else {
        Found::Nothing
    }
}

/// Reads the constraint an English sentence (without its final stop) states into `c`.
fn sentence_en(body: &str, ty: TypeName, repeated: bool, c: &mut Constraints) -> Found {
    let numeric = matches!(ty, TypeName::Integer | TypeName::Long);
    if let Some(rest) = after_ci(body, "valid values of n:") {
        set_count(c, rest, repeated)
    } else if let Some(rest) = after_ci(body, "valid values:") {
        match range(rest) {
            Some((min, max, tail)) => set_bounds(c, min, max, tail, numeric),
            None => set_allowed(c, inline_values(rest, ty)),
        }
    } else if let Some(rest) = after_ci(body, "default value:") {
        set_default(c, token(rest, ty))
    } else if let Some(n) = after_ci(body, "maximum value:").and_then(int) {
        all_or_partly(c.maximum.replace(n).is_none() && numeric)
    } else if let Some(n) = after_ci(body, "minimum value:")
        .or_else(|| after_ci(body, "start from page"))
        .and_then(int)
    {
        all_or_partly(c.minimum.replace(n).is_none() && numeric)
    } else if ty == TypeName::String
        && let Some((n, exact)) = max_length_en(&body.to_ascii_lowercase())
    {
        all_or_partly(c.max_length.replace(n).is_none() && exact)
    } else {
        Found::Nothing
    }
}

/// All of a sentence became structure when `ok`, else part of it.
fn all_or_partly(ok: bool) -> Found {
    if ok { Found::All } else { Found::Partly }
}

/// Sets `count` from the range of `N` in `rest`, which only a repeated
/// parameter may have.
fn set_count(c: &mut Constraints, rest: &str, repeated: bool) -> Found {
    if let Some((min, max, "")) = range(rest)
        && repeated
    {
        all_or_partly(put_count(c, min, max))
    } else {
        Found::Partly
    }
}

/// Sets `minimum` and `maximum` from a range, which only a number with no
/// bounds yet and no text after the range may take.
fn set_bounds(c: &mut Constraints, min: i64, max: i64, tail: &str, numeric: bool) -> Found {
    let ok = numeric && tail.is_empty() && c.minimum.is_none() && c.maximum.is_none();
    if ok {
        c.minimum = Some(min);
        c.maximum = Some(max);
    }
    all_or_partly(ok)
}

/// Sets the allowed values, if there are any and none were set before.
fn set_allowed(c: &mut Constraints, values: Option<Vec<Scalar>>) -> Found {
    if let Some(values) = values
        && c.allowed.is_empty()
    {
        c.allowed = values;
        Found::All
    } else {
        Found::Nothing
    }
}

/// Sets the default, if there is one and none was set before.
fn set_default(c: &mut Constraints, value: Option<Scalar>) -> Found {
    if let Some(value) = value
        && c.default.is_none()
    {
        c.default = Some(value);
        Found::All
    } else {
        Found::Nothing
    }
}

fn put_count(c: &mut Constraints, min: i64, max: i64) -> bool {
    match (u32::try_from(min), u32::try_from(max)) {
        (Ok(min), Ok(max)) if c.count.is_none() => {
            c.count = Some(Range { min, max });
            true
        }
        _ => false,
    }
}

fn after_any<'a>(s: &'a str, patterns: &[&str]) -> Option<&'a str> {
    patterns
        .iter()
        .find_map(|p| s.find(p).map(|i| &s[i + p.len()..]))
}

/// What follows the first occurrence of the ASCII `pattern`, ignoring ASCII case.
fn after_ci<'a>(s: &'a str, pattern: &str) -> Option<&'a str> {
    let (hay, pat) = (s.as_bytes(), pattern.as_bytes());
    // An ASCII pattern can only match at character boundaries.
    let i = hay
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))?;
    s.get(i + pat.len()..)
}

/// `1~50`, `1 ~ 50`, `1～50`, `1 to 50` at the start of `s`; returns the
/// bounds and what follows (trimmed, final punctuation removed).
fn range(s: &str) -> Option<(i64, i64, &str)> {
    let s = s.trim_start();
    let digits = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .count();
    let min = parse_int(&s[..digits])?;
    let rest = s[digits..].trim_start();
    let rest = rest
        .strip_prefix('~')
        .or_else(|| rest.strip_prefix('～'))
        .or_else(|| rest.strip_prefix("to "))?
        .trim_start();
    let digits = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .count();
    let max = parse_int(&rest[..digits])?;
    Some((
        min,
        max,
        rest[digits..].trim().trim_end_matches(['。', '.']),
    ))
}

fn parse_int(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    s.replace(',', "").parse().ok()
}

/// A whole number alone (`50`, `50 `), nothing else.
fn int(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches(['。', '.']).trim();
    parse_int(s).filter(|_| s.chars().all(|c| c.is_ascii_digit() || c == ','))
}

/// One value: backticks removed, a single token, fitting `ty`.
fn token(s: &str, ty: TypeName) -> Option<Scalar> {
    let s = s.trim().trim_end_matches(['.', '。']).trim();
    let s = s
        .strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(s);
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
        && fits(ty, s);
    ok.then(|| Scalar(s.to_owned()))
}

/// Values written inline: `` `a`、`b` ``, `` `a`, `b`, and `c` ``, `a、b`.
fn inline_values(rest: &str, ty: TypeName) -> Option<Vec<Scalar>> {
    let rest = rest.trim();
    if rest.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    let normalized = rest
        .replace(", and ", ",")
        .replace(", or ", ",")
        .replace(" and ", ",")
        .replace(" or ", ",");
    for part in normalized.split(['、', ',', '，', '或', '和']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let v = token(part, ty)?;
        if values.contains(&v) {
            return None;
        }
        values.push(v);
    }
    (!values.is_empty()).then_some(values)
}

/// The values of a list's top-level items (`-   Value：meaning`); `None`
/// unless every item starts with one value.
fn list_values(items: &[String], ty: TypeName) -> Option<Vec<Scalar>> {
    let mut values = Vec::new();
    for item in items {
        if item.starts_with(' ') {
            continue; // a nested item or a continuation line
        }
        // `-   Value：meaning`, or the value alone (`-   Linux`).
        let text = item.trim_start_matches(['-', '*']).trim();
        let head = text.split(['：', ':']).next().unwrap_or_default();
        let v = token(head, ty)?;
        if values.contains(&v) {
            return None;
        }
        values.push(v);
    }
    (!values.is_empty()).then_some(values)
}

/// `长度不得超过128个字符`, `长度为2~128个字符`, `最多128个字符`.
fn max_length_zh(s: &str) -> Option<u64> {
    let i = s.find("个字符")?;
    let before = &s[..i];
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    let n: u64 = digits.chars().rev().collect::<String>().parse().ok()?;
    let lead = &before[..before.len() - digits.len()];
    let ok = ["不得超过", "不能超过", "不超过", "最多", "~", "～"]
        .iter()
        .any(|p| lead.ends_with(p));
    ok.then_some(n)
}

/// `up to 128 characters in length`, `cannot exceed 128 characters`,
/// `2 to 128 characters in length` (the last only partly: no minimum length
/// in the model). Returns the length and whether that was all.
fn max_length_en(lower: &str) -> Option<(u64, bool)> {
    let i = lower.find(" characters")?;
    let before = &lower[..i];
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    let n: u64 = digits.chars().rev().collect::<String>().parse().ok()?;
    let lead = before[..before.len() - digits.len()].trim_end();
    if lead.ends_with("up to") || lead.ends_with("cannot exceed") || lead.ends_with("a maximum of")
    {
        Some((n, true))
    } else if lead.ends_with(" to") {
        Some((n, false))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(s: &str, ty: TypeName) -> Parsed {
        parse(s, Lang::Zh, ty, false)
    }
    fn en(s: &str, ty: TypeName) -> Parsed {
        parse(s, Lang::En, ty, false)
    }
    fn values(v: &[&str]) -> Vec<Scalar> {
        v.iter().map(|s| Scalar((*s).to_owned())).collect()
    }

    #[test]
    fn value_lists() {
        let p = zh(
            "运维命令的语言类型。取值范围：\n\n-   RunBatScript：Bat命令。\n-   RunShellScript：Shell命令。",
            TypeName::String,
        );
        assert_eq!(
            p.constraints.allowed,
            values(&["RunBatScript", "RunShellScript"])
        );
        assert_eq!(p.leftover, None);
        let p = en(
            "The language type. Valid values:\n\n-   RunBatScript: batch\n-   RunShellScript: shell",
            TypeName::String,
        );
        assert_eq!(
            p.constraints.allowed,
            values(&["RunBatScript", "RunShellScript"])
        );
        // Nested items belong to their parent value.
        let p = zh(
            "状态，可能值：\n\n-   Running：\n    -   周期执行：一直为进行中。\n-   Finished：完成。",
            TypeName::String,
        );
        assert_eq!(p.constraints.allowed, values(&["Running", "Finished"]));
        // Values alone.
        let p = en(
            "The OS type. Valid values:\n\n-   Windows\n-   Linux",
            TypeName::String,
        );
        assert_eq!(p.constraints.allowed, values(&["Windows", "Linux"]));
        // Booleans.
        let p = zh(
            "是否周期执行。取值范围：\n\n-   true：是。\n-   false：否。\n\n默认值：false",
            TypeName::Boolean,
        );
        assert_eq!(p.constraints.allowed, values(&["true", "false"]));
        assert_eq!(p.constraints.default, Some(Scalar("false".into())));
    }

    #[test]
    fn inline_values_in_backticks() {
        let p = zh("模式。取值：`Once`、`Period`", TypeName::String);
        assert_eq!(p.constraints.allowed, values(&["Once", "Period"]));
        let p = en(
            "The mode. Valid values: `Once`, `Period`, and `EveryReboot`.",
            TypeName::String,
        );
        assert_eq!(
            p.constraints.allowed,
            values(&["Once", "Period", "EveryReboot"])
        );
    }

    #[test]
    fn a_list_with_a_non_value_item_is_prose() {
        let p = zh(
            "错误码，可能值：\n\n-   空：正常。\n-   InstanceNotExists：不存在。",
            TypeName::String,
        );
        assert!(p.constraints.allowed.is_empty());
        assert_eq!(
            p.leftover.as_deref(),
            Some("错误码，可能值：\n-   空：正常。\n-   InstanceNotExists：不存在。")
        );
    }

    #[test]
    fn counts_ranges_defaults_and_bounds() {
        let p = parse(
            "ECS实例ID列表。N的取值范围：1~50\n\n若指定了多台实例……",
            Lang::Zh,
            TypeName::String,
            true,
        );
        assert_eq!(p.constraints.count, Some(Range { min: 1, max: 50 }));
        assert_eq!(p.leftover, None);
        let p = parse(
            "实例ID，N的取值范围为1~50。",
            Lang::Zh,
            TypeName::String,
            true,
        );
        assert_eq!(p.constraints.count, Some(Range { min: 1, max: 50 }));
        let p = parse(
            "The ID of instance N. Valid values of N: 1 to 50.",
            Lang::En,
            TypeName::String,
            true,
        );
        assert_eq!(p.constraints.count, Some(Range { min: 1, max: 50 }));

        let p = zh(
            "使用次数上限。取值范围：1~1000\n\n默认值：10",
            TypeName::Integer,
        );
        assert_eq!(
            (p.constraints.minimum, p.constraints.maximum),
            (Some(1), Some(1000))
        );
        assert_eq!(p.constraints.default, Some(Scalar("10".into())));
        let p = en(
            "The maximum number. Valid values: 1 to 1000.\n\nDefault value: 10",
            TypeName::Integer,
        );
        assert_eq!(
            (p.constraints.minimum, p.constraints.maximum),
            (Some(1), Some(1000))
        );
        assert_eq!(p.constraints.default, Some(Scalar("10".into())));

        let p = zh(
            "分页查询时设置的每页行数。最大值：50\n\n默认值：10",
            TypeName::Long,
        );
        assert_eq!(p.constraints.maximum, Some(50));
        let p = zh("当前页码。起始值：1\n\n默认值：1", TypeName::Long);
        assert_eq!(p.constraints.minimum, Some(1));
        let p = en(
            "The page number. Pages start from page 1.\n\nDefault value: 1.",
            TypeName::Long,
        );
        assert_eq!(
            (p.constraints.minimum, p.constraints.default.clone()),
            (Some(1), Some(Scalar("1".into())))
        );
        let p = en(
            "The number of entries per page. Maximum value: 50.\n\nDefault value: 10.",
            TypeName::Long,
        );
        assert_eq!(p.constraints.maximum, Some(50));
        assert_eq!(p.leftover, None);
    }

    #[test]
    fn defaults_stop_at_the_clause() {
        let p = zh(
            "编码方式。\n\n默认值：PlainText，乱填或错填该取值会当作PlainText处理。",
            TypeName::String,
        );
        assert_eq!(p.constraints.default, Some(Scalar("PlainText".into())));
        assert_eq!(p.leftover, None);
        let p = en(
            "Default value: PlainText. If the specified value is invalid, PlainText is used by default.",
            TypeName::String,
        );
        assert_eq!(p.constraints.default, Some(Scalar("PlainText".into())));
        assert_eq!(p.leftover, None);
    }

    #[test]
    fn unparsed_constraint_prose_is_leftover() {
        let p = zh("命令。\n\n默认值：空，表示查询全部。", TypeName::String);
        assert_eq!(p.constraints, Constraints::default());
        assert_eq!(p.leftover.as_deref(), Some("默认值：空，表示查询全部。"));
        let p = zh(
            "运行目录。\n\n默认值：\n\n-   Linux：`/root`。\n-   Windows：`C:\\x`。",
            TypeName::String,
        );
        assert_eq!(
            p.leftover.as_deref(),
            Some("默认值：\n-   Linux：`/root`。\n-   Windows：`C:\\x`。")
        );
        // A default that does not fit the type is not a default.
        let p = zh("数量。默认值：十", TypeName::Integer);
        assert_eq!(p.constraints.default, None);
        assert!(p.leftover.is_some());
    }

    #[test]
    fn lengths() {
        let p = zh(
            "命令名称，支持全字符集。长度不得超过128个字符。",
            TypeName::String,
        );
        assert_eq!(p.constraints.max_length, Some(128));
        assert_eq!(p.leftover, None);
        let p = en(
            "The name supports all character sets and can be up to 128 characters in length.",
            TypeName::String,
        );
        assert_eq!(p.constraints.max_length, Some(128));
        let p = zh("前缀。支持1~50个字符，且必须以字母开头。", TypeName::String);
        assert_eq!(p.constraints.max_length, Some(50));
        assert!(p.leftover.is_some(), "the minimum length has no field");
        let p = en(
            "The name must be 2 to 128 characters in length.",
            TypeName::String,
        );
        assert_eq!(p.constraints.max_length, Some(128));
        assert!(p.leftover.is_some(), "the minimum length has no field");
    }

    #[test]
    fn plain_descriptions_have_no_constraints() {
        for d in [
            "地域ID。目前仅支持华东1（杭州）、华北2（北京）、华东2（上海）。",
            "The region ID. Only the China (Hangzhou), China (Beijing), and China (Shanghai) regions are supported.",
            "当该参数取值为`Period`时，必须同时指定`Frequency`。",
            "您也可以在注册托管实例时，指定新的实例名称以覆盖此默认值。",
            "`Output`字段中文字长度超出24 KB后，截断并丢弃的文字长度。",
        ] {
            let lang = if d.is_ascii() { Lang::En } else { Lang::Zh };
            assert_eq!(
                parse(d, lang, TypeName::String, false),
                Parsed::default(),
                "{d}"
            );
        }
    }
}
