//! V2 and V3 canonicalisation on arbitrary parameter names and values.
//!
//! The first byte holds flags (method, STS token, V2 `Format`); the rest is
//! split at NUL bytes into name, value, name, value, … (lossy UTF-8, so
//! every Unicode scalar is reachable). Checked against a naive reference
//! written here from the documents (encode every byte but `A-Z a-z 0-9 - _
//! . ~` as `%XX`, sort by encoded name then value, join): the canonical
//! query, V2's string to sign and the query it sends, V3's canonical
//! request line. The signed `http::Request` must always build (every query
//! byte is encoded, so the URI is valid), and no `Debug` shows the token.
#![no_main]

use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use acs_runtime::credentials::Credentials;
use acs_runtime::sign::{self, CanonicalQuery, SignatureVersion, SigningParams};
use acs_runtime::{
    Client, Config, HttpMethod, Operation, OperationError, OperationInfo, Params, ServiceError,
    ServiceInfo,
};
use libfuzzer_sys::fuzz_target;

const TOKEN: &str = "FUZZ-STS-TOKEN/+=zz";

static SERVICE: ServiceInfo = ServiceInfo {
    product: "Ecs",
    version: "2014-05-26",
    endpoint_pattern: "ecs.{region_id}.aliyuncs.com",
    central_endpoint: "ecs.aliyuncs.com",
    regional_endpoints: &[],
};
static GET: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "FuzzAction",
    method: HttpMethod::Get,
    kind: None,
    idempotency_token: None,
};
static POST: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "FuzzAction",
    method: HttpMethod::Post,
    kind: None,
    idempotency_token: None,
};

struct FuzzOp<const POST_METHOD: bool>(Vec<(String, String)>);

#[derive(Debug)]
struct FuzzError(ServiceError);
impl fmt::Display for FuzzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
impl std::error::Error for FuzzError {}
impl OperationError for FuzzError {
    fn from_service_error(error: ServiceError) -> Self {
        FuzzError(error)
    }
    fn service_error(&self) -> &ServiceError {
        &self.0
    }
}

/// The pairs as a map whose keys are the wire names, repeated keys kept.
impl<const POST_METHOD: bool> serde::Serialize for FuzzOp<POST_METHOD> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<const POST_METHOD: bool> acs_runtime::params::WriteParams for FuzzOp<POST_METHOD> {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl<const POST_METHOD: bool> Operation for FuzzOp<POST_METHOD> {
    type Output = serde_json::Value;
    type Error = FuzzError;
    const INFO: &'static OperationInfo = if POST_METHOD { &POST } else { &GET };
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn reference_query(pairs: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> =
        pairs.iter().map(|(n, v)| (encode(n), encode(v))).collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// A client per signature version, built once: building one sets up the
/// default transport (TLS, the platform's certificates), which is slow.
fn clients() -> &'static [Client; 2] {
    static CLIENTS: OnceLock<[Client; 2]> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        [SignatureVersion::V3, SignatureVersion::V2].map(|version| {
            Client::new(
                Config::builder()
                    .region("cn-hangzhou")
                    .signature_version(version)
                    .build()
                    .expect("a valid config"),
            )
        })
    })
}

fn check_request<O: Operation>(
    client: &Client,
    op: &O,
    credentials: &Credentials,
    secret: &str,
    unnamed: bool,
) where
    O::Error: fmt::Debug,
{
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    match client.sign_request_at(op, credentials, time, "nonce") {
        Ok(request) => assert!(!format!("{request:?}").contains(secret)),
        // A parameter with an empty name is no parameter: the serializer
        // refuses the request (and says why without the secret).
        Err(e) if unnamed => {
            let shown = format!("{e} {e:?}");
            assert!(shown.contains("without a name"), "{shown}");
            assert!(!shown.contains(secret));
        }
        Err(e) => panic!("a signed request does not build: {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let [flags, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let fields: Vec<&str> = text.split('\0').collect();
    let pairs: Vec<(String, String)> = fields
        .chunks(2)
        .map(|c| (c[0].to_owned(), c.get(1).copied().unwrap_or("").to_owned()))
        .collect();
    let mut params = Params::default();
    for (n, v) in &pairs {
        params.push(n.as_str(), v.as_str());
    }

    // The shared canonical query.
    let canonical = CanonicalQuery::from_params(&params);
    assert_eq!(canonical.as_str(), reference_query(&pairs));

    let method = if flags & 1 == 0 {
        HttpMethod::Get
    } else {
        HttpMethod::Post
    };
    let secret = "fuzz-secret-0123456789";
    let mut credentials = Credentials::new("fuzz-id", secret);
    let sts = flags & 2 != 0;
    if sts {
        credentials = credentials.with_security_token(TOKEN);
    }
    let format = if flags & 4 == 0 { "JSON" } else { "" };
    let timestamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let p = SigningParams {
        method,
        host: "ecs.aliyuncs.com",
        path: "/",
        action: "FuzzAction",
        version: "2014-05-26",
        params: &params,
        body: b"",
        timestamp,
        nonce: "nonce-1",
        credentials: &credentials,
        format,
    };
    let token_in_input = text.contains("STS-TOKEN") || text.contains("STS%2DTOKEN");

    // V2: the common parameters join the query; the string to sign encodes it again.
    let v2 = sign::v2::signing_steps(&p);
    let mut all = pairs.clone();
    for (n, v) in [
        ("AccessKeyId", "fuzz-id"),
        ("Action", "FuzzAction"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "nonce-1"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2023-11-14T22:13:20Z"),
        ("Version", "2014-05-26"),
    ] {
        all.push((n.into(), v.into()));
    }
    if !format.is_empty() {
        all.push(("Format".into(), format.into()));
    }
    if sts {
        all.push(("SecurityToken".into(), TOKEN.into()));
    }
    let v2_query = reference_query(&all);
    assert_eq!(v2.canonical_query.as_str(), v2_query);
    assert_eq!(
        v2.string_to_sign().to_string(),
        format!("{}&%2F&{}", method.as_str(), encode(&v2_query))
    );
    let debug = format!("{v2:?} {:?}", v2.string_to_sign());
    assert!(!debug.contains(secret));
    if sts && !token_in_input {
        assert!(
            !debug.contains("STS-TOKEN"),
            "V2 Debug shows the token: {debug}"
        );
    }
    let signature = v2.signature.to_string();
    let sent = v2.clone().into_query();
    assert_eq!(sent, format!("{v2_query}&Signature={}", encode(&signature)));

    // V3: the canonical request's third line is the canonical query.
    let v3 = sign::v3::signing_steps(&p);
    let canonical_request = v3.canonical_request.to_string();
    let mut lines = canonical_request.split('\n');
    assert_eq!(lines.next(), Some(method.as_str()));
    assert_eq!(lines.next(), Some("/"));
    assert_eq!(lines.next(), Some(reference_query(&pairs).as_str()));
    let debug = format!("{v3:?}");
    assert!(!debug.contains(secret));
    if sts && !token_in_input {
        assert!(
            !debug.contains("STS-TOKEN"),
            "V3 Debug shows the token: {debug}"
        );
    }
    let signed = sign::sign(SignatureVersion::V3, &p);
    if sts && !token_in_input {
        assert!(!format!("{signed:?}").contains("STS-TOKEN"));
    }

    // The whole request builds, with either signature.
    let client = &clients()[usize::from(flags & 8 != 0)];
    let unnamed = pairs.iter().any(|(name, _)| name.is_empty());
    if flags & 1 == 0 {
        check_request(
            client,
            &FuzzOp::<false>(pairs),
            &credentials,
            secret,
            unnamed,
        );
    } else {
        check_request(
            client,
            &FuzzOp::<true>(pairs),
            &credentials,
            secret,
            unnamed,
        );
    }
});
