//! English text from the documents of an operation the metadata also
//! describes. The metadata wins for structure and Chinese text; the
//! documents' English fills `en` wherever their names match. Names are
//! compared as dotted paths without list indices, so a document's
//! `DataDisk.N.Size` row matches the metadata's `Size` field of the
//! RepeatList `DataDisk`, and `Zones.Zone.ZoneId` matches `Zones`' element
//! field `ZoneId` whether or not the wrapper is written.

use std::collections::BTreeMap;

use crate::spec::{Field, Items, OperationFile, Text};

/// What [`fill`] did.
#[derive(Debug, Default)]
pub(crate) struct Filled {
    /// How many texts it filled.
    pub(crate) texts: usize,
    /// Request and response names the documents have and the metadata has not.
    pub(crate) unmatched: Vec<String>,
}

/// Fills `meta`'s missing English from `doc`.
pub(crate) fn fill(meta: &mut OperationFile, doc: &OperationFile) -> Filled {
    let mut n = 0;
    n += text(&mut meta.summary, Some(&doc.summary));
    if let Some(d) = meta.description.as_mut() {
        n += text(d, doc.description.as_ref());
    }
    let mut request = BTreeMap::new();
    for p in &doc.request {
        collect(
            &p.name,
            &p.description,
            &p.fields,
            p.items.as_deref(),
            false,
            &mut request,
        );
    }
    for p in &mut meta.request {
        n += apply(
            &p.name,
            &mut p.description,
            &mut p.fields,
            p.items.as_deref_mut(),
            &request,
        );
    }
    let mut response = BTreeMap::new();
    for f in &doc.response {
        collect(
            &f.name,
            &f.description,
            &f.fields,
            f.items.as_deref(),
            false,
            &mut response,
        );
    }
    for f in &mut meta.response {
        n += apply(
            &f.name,
            &mut f.description,
            &mut f.fields,
            f.items.as_deref_mut(),
            &response,
        );
    }
    let mut unmatched = Vec::new();
    let mut known = BTreeMap::new();
    for p in &meta.request {
        collect(
            &p.name,
            &p.description,
            &p.fields,
            p.items.as_deref(),
            true,
            &mut known,
        );
    }
    unmatched.extend(
        request
            .keys()
            .filter(|k| !known.contains_key(*k))
            .map(|k| format!("request {k}")),
    );
    known.clear();
    for f in &meta.response {
        collect(
            &f.name,
            &f.description,
            &f.fields,
            f.items.as_deref(),
            true,
            &mut known,
        );
    }
    unmatched.extend(
        response
            .keys()
            .filter(|k| !known.contains_key(*k))
            .map(|k| format!("response {k}")),
    );
    for e in &mut meta.errors {
        let twin = doc
            .errors
            .iter()
            .find(|d| d.code == e.code && d.message == e.message)
            .or_else(|| doc.errors.iter().find(|d| d.code == e.code));
        if let Some(en) = twin
            .and_then(|d| d.description.as_ref())
            .and_then(|t| t.en.clone())
        {
            let d = e.description.get_or_insert_with(Text::default);
            if d.en.is_none() {
                d.en = Some(en);
                n += 1;
            }
        }
    }
    Filled {
        texts: n,
        unmatched,
    }
}

fn text(into: &mut Text, from: Option<&Text>) -> usize {
    match from.and_then(|t| t.en.as_ref()) {
        Some(en) if into.en.is_none() => {
            into.en = Some(en.clone());
            1
        }
        _ => 0,
    }
}

/// A name as a path key: list indices (`1`, `N`, `n`) left out.
fn key(prefix: &str, name: &str) -> String {
    let parts = prefix.split('.').chain(name.split('.')).filter(|s| {
        !s.is_empty() && *s != "N" && *s != "n" && !s.bytes().all(|b| b.is_ascii_digit())
    });
    parts.collect::<Vec<_>>().join(".")
}

/// Every name under `path` (a key without list indices) with its English
/// text. With `alternatives`, a wrapped list's fields are also keyed
/// through the wrapper's element name (`Zones.Zone.ZoneId`), as documents
/// that write the wrapper as a structure name them.
fn collect(
    path: &str,
    description: &Text,
    fields: &[Field],
    items: Option<&Items>,
    alternatives: bool,
    out: &mut BTreeMap<String, Option<String>>,
) {
    let here = key("", path);
    let slot = out.entry(here.clone()).or_default();
    if slot.is_none() {
        slot.clone_from(&description.en);
    }
    for f in fields {
        collect(
            &key(&here, &f.name),
            &f.description,
            &f.fields,
            f.items.as_deref(),
            alternatives,
            out,
        );
    }
    let mut items = items;
    while let Some(el) = items {
        for f in &el.fields {
            collect(
                &key(&here, &f.name),
                &f.description,
                &f.fields,
                f.items.as_deref(),
                alternatives,
                out,
            );
            if let Some(wrapper) = el.name.as_ref().filter(|_| alternatives) {
                let wrapped = key(&key(&here, wrapper), &f.name);
                collect(
                    &wrapped,
                    &f.description,
                    &f.fields,
                    f.items.as_deref(),
                    alternatives,
                    out,
                );
            }
        }
        items = el.items.as_deref();
    }
}

fn apply(
    path: &str,
    description: &mut Text,
    fields: &mut [Field],
    items: Option<&mut Items>,
    from: &BTreeMap<String, Option<String>>,
) -> usize {
    let here = key("", path);
    let mut n = 0;
    if description.en.is_none()
        && let Some(Some(en)) = from.get(&here)
    {
        description.en = Some(en.clone());
        n += 1;
    }
    for f in fields.iter_mut() {
        let p = key(&here, &f.name);
        n += apply(
            &p,
            &mut f.description,
            &mut f.fields,
            f.items.as_deref_mut(),
            from,
        );
    }
    let mut items = items;
    while let Some(el) = items {
        for f in el.fields.iter_mut() {
            let mut p = key(&here, &f.name);
            // A document that writes the wrapper as a structure (`Zones.Zone.ZoneId`).
            if let Some(wrapper) = &el.name
                && !from.contains_key(&p)
            {
                p = key(&key(&here, wrapper), &f.name);
            }
            n += apply(
                &p,
                &mut f.description,
                &mut f.fields,
                f.items.as_deref_mut(),
                from,
            );
        }
        items = el.items.as_deref_mut();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn keys_leave_out_list_indices() {
        assert_eq!(key("", "DataDisk.N.Size"), "DataDisk.Size");
        assert_eq!(key("DataDisk", "Size"), "DataDisk.Size");
        assert_eq!(key("", "Filter.1.Key"), "Filter.Key");
    }
}
