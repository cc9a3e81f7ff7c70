//! Property tests of signing: for random requests, the runtime's V3 and V2
//! signatures (with and without an STS token) are accepted by the test
//! server's own verifier (`sdk_tests::server::verify_signature`, which never
//! calls `acs_runtime::sign`), and a one-character change in any parameter
//! value, or in the token, makes it reject the request. No secret or token
//! appears in the `Display` or `Debug` of any error on the way.
//!
//! Names and values range over all of Unicode, with the characters that
//! encodings get wrong (`+ * ~ space % / = &`) over-represented, empty
//! values, repeated keys and repeat-list names (`Tag.1.Key`).

use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use acs_runtime::client::{Client, Config};
use acs_runtime::credentials::Credentials;
use acs_runtime::error::ServiceError;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{HttpMethod, Operation, OperationError, OperationInfo, ServiceInfo};
use proptest::prelude::*;
use sdk_tests::server::{SigningKey, verify_signature};

static SERVICE: ServiceInfo = ServiceInfo {
    product: "Ecs",
    version: "2014-05-26",
    endpoint_pattern: "ecs.{region_id}.aliyuncs.com",
    central_endpoint: "ecs.aliyuncs.com",
    regional_endpoints: &[],
};
static GET: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "DescribeThings",
    method: HttpMethod::Get,
    kind: None,
    idempotency_token: None,
};
static POST: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "DescribeThings",
    method: HttpMethod::Post,
    kind: None,
    idempotency_token: None,
};

/// An operation whose parameters are whatever the test gives it.
struct AnyOp<const POST_METHOD: bool>(Vec<(String, String)>);

#[derive(Debug)]
struct AnyError(ServiceError);

impl fmt::Display for AnyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for AnyError {}

impl OperationError for AnyError {
    fn from_service_error(error: ServiceError) -> Self {
        AnyError(error)
    }
    fn service_error(&self) -> &ServiceError {
        &self.0
    }
}

/// The pairs as a map whose keys are the wire names, repeated keys kept:
/// `acs_runtime::params::write` writes a top-level map's entries as they are.
impl<const POST_METHOD: bool> acs_runtime::serde::Serialize for AnyOp<POST_METHOD> {
    fn serialize<S: acs_runtime::serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<const POST_METHOD: bool> acs_runtime::params::WriteParams for AnyOp<POST_METHOD> {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl<const POST_METHOD: bool> Operation for AnyOp<POST_METHOD> {
    type Output = serde_json::Value;
    type Error = AnyError;
    const INFO: &'static OperationInfo = if POST_METHOD { &POST } else { &GET };
}

// V2's common parameters (the test server's list): an operation never has
// one of these, and the verifier reads the first of each name.
use sdk_tests::server::V2_COMMON as COMMON;

/// Text over all of Unicode, with the characters encodings get wrong made
/// frequent.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        3 => "[-+*~ %/=&?#.!'()_a-zA-Z0-9中é😀]{0,12}",
        1 => Just(String::new()),
        1 => "%[0-9A-Fa-f]{2}",
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => text(),
        2 => "[A-Z][A-Za-z]{0,10}",
        1 => (1u8..4, "[A-Za-z]{1,6}").prop_map(|(i, k)| format!("Tag.{i}.{k}")),
    ]
    // An empty name is no parameter: the serializer refuses it before signing
    // (`acs_runtime::params`' tests).
    .prop_filter("an operation parameter", |n| {
        !n.is_empty() && !COMMON.contains(&n.as_str())
    })
}

/// Parameters, with repeated keys now and then.
fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    (
        prop::collection::vec((name(), text()), 0..8),
        any::<prop::sample::Index>(),
        text(),
    )
        .prop_map(|(mut pairs, repeat, value)| {
            if !pairs.is_empty() {
                let name = pairs[repeat.index(pairs.len())].0.clone();
                pairs.push((name, value));
            }
            pairs
        })
}

#[derive(Clone, Debug)]
struct Case {
    version: SignatureVersion,
    post: bool,
    params: Vec<(String, String)>,
    id: String,
    secret: String,
    token: Option<String>,
    offset_secs: u32,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![Just(SignatureVersion::V3), Just(SignatureVersion::V2)],
        any::<bool>(),
        params(),
        "[A-Za-z0-9]{8,24}",
        // A secret can hold anything; the verifier keys its HMAC with it too.
        prop_oneof![
            "[A-Za-z0-9]{16,30}",
            any::<String>().prop_filter("non-empty", |s| !s.is_empty())
        ],
        // STS tokens are Base64-like text, sent in a header (V3).
        prop::option::of("[A-Za-z0-9+/=]{16,80}"),
        0u32..2_000_000_000,
    )
        .prop_map(
            |(version, post, params, id, secret, token, offset_secs)| Case {
                version,
                post,
                params,
                id,
                secret,
                token,
                offset_secs,
            },
        )
}

/// A client per signature version, built once: each sets up the default
/// transport (TLS, the platform's certificates), which takes a while.
fn client(version: SignatureVersion) -> &'static Client {
    static CLIENTS: OnceLock<[Client; 2]> = OnceLock::new();
    let clients = CLIENTS.get_or_init(|| {
        [SignatureVersion::V3, SignatureVersion::V2].map(|version| {
            Client::new(
                Config::builder()
                    .region("cn-hangzhou")
                    .signature_version(version)
                    .build()
                    .expect("a valid config"),
            )
        })
    });
    &clients[usize::from(version == SignatureVersion::V2)]
}

impl Case {
    fn credentials(&self) -> Credentials {
        let credentials = Credentials::new(self.id.clone(), self.secret.clone());
        match &self.token {
            Some(token) => credentials.with_security_token(token.clone()),
            None => credentials,
        }
    }

    fn time(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(u64::from(self.offset_secs))
    }

    fn key(&self) -> SigningKey<'_> {
        SigningKey {
            id: &self.id,
            secret: &self.secret,
            token: self.token.as_deref(),
        }
    }

    fn sign(&self, client: &Client, params: Vec<(String, String)>) -> http::Request<bytes::Bytes> {
        let credentials = self.credentials();
        let result = if self.post {
            client.sign_request_at(&AnyOp::<true>(params), &credentials, self.time(), "n-1")
        } else {
            client.sign_request_at(&AnyOp::<false>(params), &credentials, self.time(), "n-1")
        };
        match result {
            Ok(request) => request,
            Err(e) => {
                self.assert_no_secret(&format!("{e} {e:?}"));
                panic!("signing failed: {e}")
            }
        }
    }

    fn assert_no_secret(&self, text: &str) {
        if self.secret.chars().count() >= 8 {
            assert!(!text.contains(&self.secret), "the secret shows in {text}");
        }
        if let Some(token) = &self.token {
            assert!(!text.contains(token.as_str()), "the token shows in {text}");
        }
    }
}

/// `s` with one character changed: replaced by a different one, or one
/// inserted into an empty string.
fn change_one_char(s: &str, at: prop::sample::Index, with: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return with.to_string();
    }
    let i = at.index(chars.len());
    let replacement = if chars[i] == with {
        if with == 'a' { 'b' } else { 'a' }
    } else {
        with
    };
    chars
        .iter()
        .enumerate()
        .map(|(j, c)| if j == i { replacement } else { *c })
        .collect()
}

/// `request` with the query replaced by that of `params` (same encoding,
/// same order rules), keeping every header and the signature.
fn with_params_of(
    request: &http::Request<bytes::Bytes>,
    changed: &http::Request<bytes::Bytes>,
    version: SignatureVersion,
) -> http::Request<bytes::Bytes> {
    let mut tampered = request.clone();
    let query = match version {
        // V3 signs the query as sent: take the other request's.
        SignatureVersion::V3 => changed.uri().query().unwrap_or_default().to_owned(),
        // V2: the other request's query with this request's signature.
        SignatureVersion::V2 => {
            let signature = request
                .uri()
                .query()
                .and_then(|q| q.split('&').find(|p| p.starts_with("Signature=")))
                .expect("a V2 signature")
                .to_owned();
            changed
                .uri()
                .query()
                .unwrap_or_default()
                .split('&')
                .map(|p| {
                    if p.starts_with("Signature=") {
                        signature.as_str()
                    } else {
                        p
                    }
                })
                .collect::<Vec<_>>()
                .join("&")
        }
    };
    let uri = format!(
        "{}://{}{}?{query}",
        request.uri().scheme_str().unwrap_or("https"),
        request
            .uri()
            .authority()
            .map(|a| a.as_str())
            .unwrap_or_default(),
        request.uri().path()
    );
    *tampered.uri_mut() = uri.parse().expect("a valid URI");
    tampered
}

proptest! {
    // Failures are reported with the minimal case, not saved to a file.
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Accepted as signed; rejected after a one-character change of any
    /// parameter value.
    #[test]
    fn signatures_verify_and_changes_are_rejected(
        case in case(),
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        with in any::<char>(),
    ) {
        let client = client(case.version);
        let request = case.sign(client, case.params.clone());
        case.assert_no_secret(&format!("{:?}", case.credentials()));
        prop_assert_eq!(verify_signature(&request, &case.key(), case.time()), Ok(()));

        if !case.params.is_empty() {
            let mut changed = case.params.clone();
            let i = which.index(changed.len());
            changed[i].1 = change_one_char(&changed[i].1, at, with);
            let other = case.sign(client, changed);
            let tampered = with_params_of(&request, &other, case.version);
            let verdict = verify_signature(&tampered, &case.key(), case.time());
            prop_assert_eq!(verdict, Err("SignatureDoesNotMatch".to_owned()));
        }
    }

    /// A one-character change of the STS token is rejected: V2 signs it,
    /// V3 signs its header, and the verifier matches it to the key.
    #[test]
    fn a_changed_token_is_rejected(
        case in case().prop_filter("STS", |c| c.token.is_some()),
        at in any::<prop::sample::Index>(),
        with in "[A-Za-z0-9]",
    ) {
        let client = client(case.version);
        let request = case.sign(client, case.params.clone());
        let token = case.token.clone().unwrap_or_default();
        let changed = change_one_char(&token, at, with.chars().next().unwrap_or('a'));
        let mut tampered = request.clone();
        match case.version {
            SignatureVersion::V3 => {
                tampered.headers_mut().insert(
                    "x-acs-security-token",
                    http::HeaderValue::from_str(&changed).expect("a header value"),
                );
            }
            SignatureVersion::V2 => {
                let enc = |s: &str| sdk_tests_encode(s);
                let query = request.uri().to_string().replace(
                    &format!("SecurityToken={}", enc(&token)),
                    &format!("SecurityToken={}", enc(&changed)),
                );
                *tampered.uri_mut() = query.parse().expect("a valid URI");
            }
        }
        let verdict = verify_signature(&tampered, &case.key(), case.time());
        prop_assert!(verdict.is_err(), "a changed token was accepted");
        // And the server's answer names no token.
        let code = verdict.unwrap_err();
        case.assert_no_secret(&code);
    }

    /// Tokens and secrets that cannot be sent (control characters in a
    /// header) are an error that does not quote them; any that can are
    /// accepted.
    #[test]
    fn errors_never_show_the_secret_or_the_token(
        case in case(),
        // Surrounding whitespace excluded: HTTP strips it from header values,
        // and the runtime trims the V3 token header as it signs it, so such a
        // token reaches the service as a different one.
        token in any::<String>().prop_filter("long enough to find, no surrounding space", |t| {
            t.chars().count() >= 8 && t.trim() == t
        }),
    ) {
        let case = Case { token: Some(token), ..case };
        let client = client(case.version);
        let credentials = case.credentials();
        let result = client.sign_request_at(
            &AnyOp::<false>(case.params.clone()),
            &credentials,
            case.time(),
            "n-1",
        );
        match result {
            Ok(request) => {
                prop_assert_eq!(verify_signature(&request, &case.key(), case.time()), Ok(()));
            }
            Err(e) => case.assert_no_secret(&format!("{e} {e:?}")),
        }
        case.assert_no_secret(&format!("{credentials:?}"));
    }
}

/// Percent-encoding as the signature documents define it (a third copy,
/// for building tampered queries in this test only).
fn sdk_tests_encode(input: &str) -> String {
    let mut out = String::new();
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
