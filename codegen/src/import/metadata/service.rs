//! `service.yaml` from the metadata, for a spec directory that has none.

use std::collections::BTreeMap;

use super::Sink;
use super::json::Json;
use crate::import::ids;
use crate::spec::{Endpoints, Method, Protocol, ServiceFile, SignatureVersion, Style};

/// The service the metadata describes, or `None` (with a finding) when it
/// is not one the spec format can hold.
pub(crate) fn service(doc: &Json, sink: &mut Sink) -> Option<ServiceFile> {
    let info = doc.get("info");
    let field = |key: &str| info.and_then(|i| i.text(key)).map(str::to_owned);
    let (Some(product), Some(version)) = (field("product"), field("version")) else {
        sink.error(
            ids::METADATA_INFO_INVALID,
            "info",
            "`info` needs `product` and `version`",
        );
        return None;
    };
    let style = rpc_style(field("style").as_deref(), sink)?;
    let (protocols, methods) = protocols_and_methods(doc);
    let default_method = methods[0];
    let lower = product.to_ascii_lowercase();
    let pattern = format!("{lower}.{{region_id}}.aliyuncs.com");
    let regional = regional_endpoints(doc, &pattern, sink);
    Some(ServiceFile {
        product,
        version,
        title: None,
        style,
        protocols,
        methods,
        default_method,
        signature_versions: vec![SignatureVersion::V3, SignatureVersion::V2],
        endpoints: Endpoints {
            pattern,
            central: format!("{lower}.aliyuncs.com"),
            regional,
        },
        errors: Vec::new(),
    })
}

/// The style `info.style` names, or `None` (with a finding) when it is not
/// RPC, the only style the spec format holds.
fn rpc_style(style: Option<&str>, sink: &mut Sink) -> Option<Style> {
    match style {
        Some("RPC" | "rpc") => Some(Style::Rpc),
        other => {
            sink.error(
                ids::METADATA_INFO_INVALID,
                "info.style",
                format!(
                    "style `{}` is not supported: the spec format holds RPC products only",
                    other.unwrap_or("")
                ),
            );
            None
        }
    }
}

/// The protocols and methods of all the apis, each once, HTTPS and POST
/// first (and alone when the apis name none).
fn protocols_and_methods(doc: &Json) -> (Vec<Protocol>, Vec<Method>) {
    let apis = doc.get("apis").map(Json::entries).unwrap_or(&[]);
    let mut protocols = Vec::new();
    let mut methods = Vec::new();
    for (_, api) in apis {
        for s in api.get("schemes").map(Json::elements).unwrap_or(&[]) {
            match s.as_str().map(str::to_ascii_lowercase).as_deref() {
                Some("https") if !protocols.contains(&Protocol::Https) => {
                    protocols.push(Protocol::Https)
                }
                Some("http") if !protocols.contains(&Protocol::Http) => {
                    protocols.push(Protocol::Http)
                }
                _ => {}
            }
        }
        for m in api.get("methods").map(Json::elements).unwrap_or(&[]) {
            if let Some(m) = m.as_str().and_then(method)
                && !methods.contains(&m)
            {
                methods.push(m);
            }
        }
    }
    // HTTPS first, POST first: what the official SDKs use.
    protocols.sort_by_key(|p| *p != Protocol::Https);
    methods.sort_by_key(|m| *m != Method::Post);
    if protocols.is_empty() {
        protocols.push(Protocol::Https);
    }
    if methods.is_empty() {
        methods.push(Method::Post);
    }
    (protocols, methods)
}

/// The endpoints that `pattern` does not give, by region; an endpoint
/// without a valid region id and host name is skipped with a finding.
fn regional_endpoints(doc: &Json, pattern: &str, sink: &mut Sink) -> BTreeMap<String, String> {
    let mut regional = BTreeMap::new();
    for (i, e) in doc
        .get("endpoints")
        .map(Json::elements)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let (Some(region), Some(host)) = (e.text("regionId"), e.text("endpoint")) else {
            sink.warn(
                ids::METADATA_ENDPOINT_INVALID,
                &format!("endpoints[{i}]"),
                "an endpoint needs `regionId` and `endpoint`; skipped",
            );
            continue;
        };
        let region_ok = region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !region_ok || host.contains(['/', ' ', ':']) {
            sink.warn(
                ids::METADATA_ENDPOINT_INVALID,
                &format!("endpoints[{i}]"),
                format!("`{region}` → `{host}` is not a region id and a host name; skipped"),
            );
            continue;
        }
        if host != pattern.replace("{region_id}", region) {
            regional.insert(region.to_owned(), host.to_owned());
        }
    }
    regional
}

/// An HTTP method as the metadata writes it (`post`, `get`).
pub(crate) fn method(m: &str) -> Option<Method> {
    match m.to_ascii_lowercase().as_str() {
        "post" => Some(Method::Post),
        "get" => Some(Method::Get),
        _ => None,
    }
}
