//! Endpoint resolution: which host a request goes to.
//!
//! [`resolve`] picks, in order, as Alibaba Cloud's official SDKs do
//! (`endpoint` override, then the product's `endpointMap`, then the
//! `endpointRule`, regional or central):
//!
//! 1. the override URL, if any (`https://host[:port][/base]`, `http://` too,
//!    or a bare `host[:port]`, which means HTTPS);
//! 2. the spec's endpoint for the region ([`ServiceInfo::regional_endpoints`],
//!    sorted by region, so a binary search);
//! 3. for a *regional* service (its [`ServiceInfo::endpoint_pattern`] has a
//!    `{region_id}` placeholder): the pattern with the region put in; with
//!    no region this is an error, as in the official SDKs ("RegionId is
//!    empty");
//! 4. for a *global* service (no pattern: the official SDKs' `central`
//!    rule): [`ServiceInfo::central_endpoint`], with or without a region.
//!    STS and RAM are such services: an STS client needs no region.
//!
//! A pattern without the placeholder is one fixed host for every region
//! (what older hand-written [`ServiceInfo`]s say for a global service).
//!
//! Region ids are checked (`[a-z0-9-]` only) before they go anywhere near a
//! host name. An endpoint from the spec is borrowed, not copied.

use std::borrow::Cow;
use std::fmt;

use crate::operation::ServiceInfo;

/// No endpoint could be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An endpoint error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// The placeholder [`ServiceInfo::endpoint_pattern`] uses for the region.
pub const REGION_PLACEHOLDER: &str = "{region_id}";

/// `http` or `https`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `https`, the default.
    #[default]
    Https,
    /// `http`, only ever from an override URL.
    Http,
}

impl Scheme {
    /// `"https"` or `"http"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where requests for one service go: scheme, authority and base path.
///
/// `Display` is the [URL prefix](Endpoint::url_prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    scheme: Scheme,
    authority: Cow<'static, str>,
    base_path: String,
}

impl Endpoint {
    /// An HTTPS endpoint with no base path. `authority` is `host[:port]`
    /// and is not checked: use [`Endpoint::parse`] for untrusted input.
    pub fn https(authority: impl Into<Cow<'static, str>>) -> Self {
        Endpoint {
            scheme: Scheme::Https,
            authority: authority.into(),
            base_path: String::new(),
        }
    }

    /// Parses and checks an endpoint URL: `http://` or `https://`, a host,
    /// an optional port and an optional base path; no user info, query or
    /// fragment. Without a scheme (`ecs.aliyuncs.com`), HTTPS.
    pub fn parse(url: &str) -> Result<Self, EndpointError> {
        if url.contains('@') {
            // User info may hold a password: do not quote the URL.
            return Err(EndpointError::new(
                "invalid endpoint URL: user info (`user@`) is not allowed",
            ));
        }
        let invalid =
            |why: &str| EndpointError::new(format!("invalid endpoint URL {url:?}: {why}"));
        let (scheme, rest) = match url.split_once("://") {
            None => (Scheme::Https, url),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
            Some(_) => return Err(invalid("the scheme must be http or https")),
        };
        if rest.contains(['?', '#']) {
            return Err(invalid("a query or fragment is not allowed"));
        }
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (host, port) = split_port(authority);
        check_host(host).map_err(invalid)?;
        if let Some(port) = port
            && !port.parse::<u16>().is_ok_and(|p| p != 0)
        {
            return Err(invalid("the port must be a number from 1 to 65535"));
        }
        if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid(
                "the path contains whitespace or control characters",
            ));
        }
        Ok(Endpoint {
            scheme,
            authority: Cow::Owned(authority.to_owned()),
            base_path: path.trim_end_matches('/').to_owned(),
        })
    }

    /// `https` unless an override said `http`.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// `host[:port]`, as sent in the `Host` header.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The host, without the port (an IPv6 address keeps its brackets).
    pub fn host(&self) -> &str {
        split_port(&self.authority).0
    }

    /// The port, if one was given.
    pub fn port(&self) -> Option<u16> {
        split_port(&self.authority).1.and_then(|p| p.parse().ok())
    }

    /// The base path: empty, or starting with `/` and not ending with one.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `scheme://authority` followed by the base path; append the request's
    /// path (starting with `/`) to get its URL.
    pub fn url_prefix(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.base_path)
    }
}

/// Splits `host[:port]`; an IPv6 literal is `[addr]` or `[addr]:port`.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    let after_brackets = authority.rfind(']').map_or(0, |i| i + 1);
    match authority[after_brackets..].rfind(':') {
        Some(i) => {
            let colon = after_brackets + i;
            (&authority[..colon], Some(&authority[colon + 1..]))
        }
        None => (authority, None),
    }
}

fn check_host(host: &str) -> Result<(), &'static str> {
    if host.is_empty() {
        return Err("no host");
    }
    if let Some(inner) = host.strip_prefix('[') {
        let ok = inner.strip_suffix(']').is_some_and(|addr| {
            !addr.is_empty()
                && addr
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        });
        return if ok {
            Ok(())
        } else {
            Err("invalid IPv6 address")
        };
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_';
    if !host.chars().all(allowed) || host.starts_with(['.', '-']) {
        return Err("the host may contain only letters, digits, '.', '-' and '_'");
    }
    Ok(())
}

/// Checks a region id: 1 to 64 characters among `a-z`, `0-9` and `-`, so
/// that it cannot change the host it is put into.
pub fn validate_region(region: &str) -> Result<(), EndpointError> {
    let ok = !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(EndpointError::new(format!(
            "invalid region id {region:?}: use lowercase letters, digits and '-' only (e.g. cn-hangzhou)"
        )))
    }
}

/// The endpoint for `service` in `region`, or `override_url` if given; see
/// the [module](self) docs for the order. A region, if given, is checked even
/// when the override makes it unnecessary.
pub fn resolve(
    service: &ServiceInfo,
    region: Option<&str>,
    override_url: Option<&str>,
) -> Result<Endpoint, EndpointError> {
    if let Some(region) = region {
        validate_region(region)?;
    }
    if let Some(url) = override_url {
        return Endpoint::parse(url);
    }
    if let Some(region) = region {
        let map = service.regional_endpoints;
        debug_assert!(
            map.is_sorted_by(|a, b| a.0 < b.0),
            "{}: regional_endpoints must be sorted by region",
            service.product
        );
        if let Ok(i) = map.binary_search_by(|(r, _)| (*r).cmp(region)) {
            return Ok(Endpoint::https(map[i].1));
        }
    }
    let pattern = service.endpoint_pattern;
    if pattern.contains(REGION_PLACEHOLDER) {
        // Regional.
        return match region {
            Some(region) => Ok(Endpoint::https(pattern.replace(REGION_PLACEHOLDER, region))),
            None => Err(EndpointError::new(format!(
                "no region configured and no endpoint override: {} {} is a regional service; \
                 set a region (e.g. cn-hangzhou) or an endpoint URL",
                service.product, service.version
            ))),
        };
    }
    // Global: one host for every region not in the map, and for no region.
    let host = if pattern.is_empty() {
        service.central_endpoint
    } else {
        pattern
    };
    if !host.is_empty() {
        return Ok(Endpoint::https(host));
    }
    Err(match region {
        Some(region) => EndpointError::new(format!(
            "{} {} has no endpoint for region {region:?}: set an endpoint URL",
            service.product, service.version
        )),
        None => EndpointError::new(format!(
            "no region configured and no endpoint override: {} {} has no central endpoint; \
             set a region (e.g. cn-hangzhou) or an endpoint URL",
            service.product, service.version
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_port_cases() {
        assert_eq!(split_port("h"), ("h", None));
        assert_eq!(split_port("h:80"), ("h", Some("80")));
        assert_eq!(split_port("[::1]"), ("[::1]", None));
        assert_eq!(split_port("[::1]:8080"), ("[::1]", Some("8080")));
        assert_eq!(split_port("h:"), ("h", Some("")));
    }

    #[test]
    fn region_ids() {
        for good in [
            "cn-hangzhou",
            "ap-southeast-1",
            "us-east-1",
            "cn-shanghai-finance-1",
        ] {
            validate_region(good).unwrap();
        }
        for bad in [
            "",
            "CN-hangzhou",
            "cn_hangzhou",
            "cn.hangzhou",
            "a/b",
            "evil.com#",
            " cn",
            &"a".repeat(65),
        ] {
            assert!(validate_region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parse_ipv6() {
        let e = Endpoint::parse("http://[::1]:8080/x/").unwrap();
        assert_eq!(
            (e.host(), e.port(), e.base_path()),
            ("[::1]", Some(8080), "/x")
        );
        assert!(Endpoint::parse("http://[zz]:80").is_err());
        assert!(Endpoint::parse("http://[::1").is_err());
    }
}
