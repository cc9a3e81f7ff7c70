//! Signature verification, V2 (RPC, HMAC-SHA1) and V3 (`ACS3-HMAC-SHA256`),
//! written from the published algorithm and never calling `acs_runtime::sign`:
//! a server that shared the client's canonicalisation would accept the
//! client's mistakes.
//!
//! The checks, in the order the gateway makes them: the request is signed at
//! all and completely (`MissingParameter`, `IncompleteSignature`); the
//! AccessKey ID is known (`InvalidAccessKeyId.NotFound`, 404); the timestamp
//! is within the tolerance of the server's clock (`InvalidTimeStamp.Expired`);
//! the signature matches (`SignatureDoesNotMatch`); a temporary key comes with
//! its security token, signed (`MissingSecurityToken`,
//! `InvalidSecurityToken.MismatchWithAccessKey`). Nonce reuse is checked by
//! the caller, which keeps the state.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::encode::{canonical_query, encode, parse_query};
use super::http::Request;
use super::reply::{ApiError, Format};
use super::time;

/// An AccessKey the server knows; `token` is set for a temporary (STS) key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) id: String,
    pub(crate) secret: String,
    pub(crate) token: Option<String>,
}

/// Which signature a request carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureVersion {
    /// `ACS3-HMAC-SHA256` in the `Authorization` header.
    V3,
    /// `Signature` in the query, HMAC-SHA1.
    V2,
}

/// What a verified request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Verified {
    pub(crate) signature_version: SignatureVersion,
    pub(crate) access_key_id: String,
    pub(crate) nonce: String,
    pub(crate) action: String,
    pub(crate) api_version: String,
    /// The operation's own parameters (common ones removed), decoded.
    pub(crate) params: Vec<(String, String)>,
}

/// V2's common parameters: not the operation's.
pub const V2_COMMON: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureType",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The signature version a request uses: V3 when it has an `Authorization`
/// header or (unsigned) the `x-acs-action` header, else V2.
pub(crate) fn signature_version(request: &Request) -> SignatureVersion {
    if request.header("authorization").is_some() || request.header("x-acs-action").is_some() {
        SignatureVersion::V3
    } else {
        SignatureVersion::V2
    }
}

/// The format the request asks for (used for errors too, so computed
/// before anything is verified).
pub(crate) fn requested_format(request: &Request) -> Format {
    match signature_version(request) {
        SignatureVersion::V3 => match request.header("accept") {
            Some(accept) if accept.to_ascii_lowercase().contains("xml") => Format::Xml,
            _ => Format::Json,
        },
        SignatureVersion::V2 => {
            let format = all_params(request).ok().and_then(|params| {
                params
                    .into_iter()
                    .find(|(n, _)| n == "Format")
                    .map(|(_, v)| v)
            });
            match format {
                Some(f) if f.eq_ignore_ascii_case("JSON") => Format::Json,
                _ => Format::Xml,
            }
        }
    }
}

/// The query parameters and, for a form body, the body's, decoded.
fn all_params(request: &Request) -> Result<Vec<(String, String)>, ApiError> {
    let malformed = || {
        ApiError::new(
            400,
            "InvalidParameter",
            "The query string or form body is not validly encoded.",
        )
    };
    let mut params = parse_query(&request.query).ok_or_else(malformed)?;
    let form = request.header("content-type").is_some_and(|t| {
        t.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    if form && !request.body.is_empty() {
        let body = std::str::from_utf8(&request.body).map_err(|_| malformed())?;
        params.extend(parse_query(body).ok_or_else(malformed)?);
    }
    Ok(params)
}

/// Verifies `request` against `keys` at `now` (Unix seconds), allowing
/// `tolerance_secs` of clock difference either way.
pub(crate) fn verify(
    request: &Request,
    keys: &[Key],
    now: i64,
    tolerance_secs: i64,
) -> Result<Verified, ApiError> {
    match signature_version(request) {
        SignatureVersion::V2 => verify_v2(request, keys, now, tolerance_secs),
        SignatureVersion::V3 => verify_v3(request, keys, now, tolerance_secs),
    }
}

/// Whether `request` carries no signature at all: no `Authorization`
/// header, no `Signature` or `AccessKeyId` parameter.
pub(crate) fn is_unsigned(request: &Request) -> bool {
    request.header("authorization").is_none()
        && all_params(request).is_ok_and(|params| {
            !params
                .iter()
                .any(|(n, _)| n == "Signature" || n == "AccessKeyId")
        })
}

/// The action an unsigned request names: `x-acs-action` or `Action`.
pub(crate) fn unsigned_action(request: &Request) -> Option<String> {
    request.header("x-acs-action").or_else(|| {
        all_params(request)
            .ok()?
            .into_iter()
            .find(|(n, _)| n == "Action")
            .map(|(_, v)| v)
    })
}

/// Checks an unsigned request for an operation the service accepts from
/// anyone (STS `AssumeRoleWithOIDC`): what a signed request of its version
/// carries besides the signature (V3: the `x-acs-*` headers and a body
/// hash that matches; V2: `Action`, `Version`, `Timestamp`,
/// `SignatureNonce`), with the timestamp within the tolerance. The
/// verified request has an empty AccessKey ID.
pub(crate) fn verify_unsigned(
    request: &Request,
    now: i64,
    tolerance_secs: i64,
) -> Result<Verified, ApiError> {
    let params = all_params(request)?;
    let (action, api_version, date, nonce, own) = match signature_version(request) {
        SignatureVersion::V3 => {
            let header = |name: &str| {
                request
                    .header(name)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| ApiError::missing(name))
            };
            if header("x-acs-content-sha256")? != hex::encode(Sha256::digest(&request.body)) {
                return Err(ApiError::new(
                    400,
                    "SignatureDoesNotMatch",
                    "The x-acs-content-sha256 header does not match the request body.",
                ));
            }
            (
                header("x-acs-action")?,
                header("x-acs-version")?,
                header("x-acs-date")?,
                header("x-acs-signature-nonce")?,
                params,
            )
        }
        SignatureVersion::V2 => {
            let required = |name: &str| {
                params
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| ApiError::missing(name))
            };
            let common = (
                required("Action")?,
                required("Version")?,
                required("Timestamp")?,
                required("SignatureNonce")?,
            );
            let own = params
                .iter()
                .filter(|(n, _)| !V2_COMMON.contains(&n.as_str()))
                .cloned()
                .collect();
            (common.0, common.1, common.2, common.3, own)
        }
    };
    check_time(&date, now, tolerance_secs)?;
    Ok(Verified {
        signature_version: signature_version(request),
        access_key_id: String::new(),
        nonce,
        action,
        api_version,
        params: own,
    })
}

fn find_key<'k>(keys: &'k [Key], id: &str) -> Result<&'k Key, ApiError> {
    keys.iter().find(|k| k.id == id).ok_or_else(|| {
        ApiError::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )
    })
}

fn check_time(timestamp: &str, now: i64, tolerance_secs: i64) -> Result<(), ApiError> {
    let Some(at) = time::parse(timestamp) else {
        return Err(ApiError::new(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        ));
    };
    if (at - now).abs() > tolerance_secs {
        return Err(ApiError::new(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        ));
    }
    Ok(())
}

/// The real gateway also quotes its string to sign; this server does not,
/// since with STS keys that text holds the security token.
fn signature_mismatch() -> ApiError {
    ApiError::new(
        400,
        "SignatureDoesNotMatch",
        "Specified signature is not matched with our calculation.",
    )
}

fn check_token(key: &Key, sent: Option<&str>) -> Result<(), ApiError> {
    match (&key.token, sent) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(ApiError::new(
            400,
            "MissingSecurityToken",
            "SecurityToken is mandatory for this action.",
        )),
        (Some(expected), Some(sent)) if constant_time_eq(expected.as_bytes(), sent.as_bytes()) => {
            Ok(())
        }
        _ => Err(ApiError::new(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "The security token you provided does not match the access key.",
        )),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn verify_v2(
    request: &Request,
    keys: &[Key],
    now: i64,
    tolerance_secs: i64,
) -> Result<Verified, ApiError> {
    let params = all_params(request)?;
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let required = |name: &str| {
        get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::missing(name))
    };
    let signature = required("Signature")?;
    let key = find_key(keys, required("AccessKeyId")?)?;
    let method = required("SignatureMethod")?;
    let version = required("SignatureVersion")?;
    if method != "HMAC-SHA1" || version != "1.0" {
        return Err(ApiError::new(
            400,
            "IncompleteSignature",
            "SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.",
        ));
    }
    check_time(required("Timestamp")?, now, tolerance_secs)?;
    let nonce = required("SignatureNonce")?;
    let action = required("Action")?;
    let api_version = required("Version")?;

    // StringToSign = METHOD & percentEncode("/") & percentEncode(canonical query)
    let canonical = canonical_query(
        params
            .iter()
            .filter(|(n, _)| n != "Signature")
            .map(|(n, v)| (n.as_str(), v.as_str())),
    );
    let string_to_sign = format!("{}&{}&{}", request.method, encode("/"), encode(&canonical));
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{}&", key.secret).as_bytes())
        .expect("HMAC takes any key");
    mac.update(string_to_sign.as_bytes());
    let expected = BASE64.encode(mac.finalize().into_bytes());
    if !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        return Err(signature_mismatch());
    }
    check_token(key, get("SecurityToken"))?;
    Ok(Verified {
        signature_version: SignatureVersion::V2,
        access_key_id: key.id.clone(),
        nonce: nonce.to_owned(),
        action: action.to_owned(),
        api_version: api_version.to_owned(),
        params: params
            .iter()
            .filter(|(n, _)| !V2_COMMON.contains(&n.as_str()))
            .cloned()
            .collect(),
    })
}

/// `Credential`, `SignedHeaders` and `Signature` of a V3 `Authorization`.
struct Authorization {
    credential: String,
    signed_headers: Vec<String>,
    signature: String,
}

fn parse_authorization(value: &str) -> Result<Authorization, ApiError> {
    let incomplete = |why: &str| {
        ApiError::new(
            400,
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards: {why}."),
        )
    };
    let rest = value
        .strip_prefix(V3_ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| incomplete("the algorithm must be ACS3-HMAC-SHA256"))?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (name, value) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| incomplete("malformed Authorization"))?;
        match name {
            "Credential" => credential = Some(value.to_owned()),
            "SignedHeaders" => signed = Some(value.to_owned()),
            "Signature" => signature = Some(value.to_owned()),
            _ => return Err(incomplete("unknown Authorization field")),
        }
    }
    let (Some(credential), Some(signed), Some(signature)) = (credential, signed, signature) else {
        return Err(incomplete(
            "Credential, SignedHeaders and Signature are all required",
        ));
    };
    let signed_headers: Vec<String> = signed.split(';').map(str::to_owned).collect();
    let sorted_lower = signed_headers.windows(2).all(|w| w[0] < w[1])
        && signed_headers
            .iter()
            .all(|h| !h.is_empty() && *h == h.to_ascii_lowercase());
    if !sorted_lower {
        return Err(incomplete(
            "SignedHeaders must be lower-case, sorted and unique",
        ));
    }
    Ok(Authorization {
        credential,
        signed_headers,
        signature,
    })
}

fn verify_v3(
    request: &Request,
    keys: &[Key],
    now: i64,
    tolerance_secs: i64,
) -> Result<Verified, ApiError> {
    let authorization = parse_authorization(&request.header("authorization").unwrap_or_default())?;
    let header = |name: &str| {
        request
            .header(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::missing(name))
    };
    let action = header("x-acs-action")?;
    let api_version = header("x-acs-version")?;
    let date = header("x-acs-date")?;
    let nonce = header("x-acs-signature-nonce")?;
    let content_sha256 = header("x-acs-content-sha256")?;
    header("host")?;

    // host, content-type and every x-acs-* header sent must be signed.
    for (name, _) in &request.headers {
        let must_sign = name == "host" || name == "content-type" || name.starts_with("x-acs-");
        if must_sign && !authorization.signed_headers.contains(name) {
            return Err(ApiError::new(
                400,
                "IncompleteSignature",
                format!(
                    "The request signature does not conform to Aliyun standards: header {name} must be signed."
                ),
            ));
        }
    }
    let key = find_key(keys, &authorization.credential)?;
    check_time(&date, now, tolerance_secs)?;
    if content_sha256 != hex::encode(Sha256::digest(&request.body)) {
        return Err(ApiError::new(
            400,
            "SignatureDoesNotMatch",
            "The x-acs-content-sha256 header does not match the request body.",
        ));
    }

    let query = parse_query(&request.query).ok_or_else(|| {
        ApiError::new(
            400,
            "InvalidParameter",
            "The query string is not validly encoded.",
        )
    })?;
    let mut canonical_headers = String::new();
    for name in &authorization.signed_headers {
        let value = request.header(name).unwrap_or_default();
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value.trim());
        canonical_headers.push('\n');
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        request.path,
        canonical_query(query.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
        canonical_headers,
        authorization.signed_headers.join(";"),
        content_sha256,
    );
    let string_to_sign = format!(
        "{V3_ALGORITHM}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.secret.as_bytes()).expect("HMAC takes any key");
    mac.update(string_to_sign.as_bytes());
    let expected = hex::encode(mac.finalize().into_bytes());
    if !constant_time_eq(expected.as_bytes(), authorization.signature.as_bytes()) {
        return Err(signature_mismatch());
    }
    check_token(key, request.header("x-acs-security-token").as_deref())?;
    Ok(Verified {
        signature_version: SignatureVersion::V3,
        access_key_id: key.id.clone(),
        nonce,
        action,
        api_version,
        params: all_params(request)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, secret: &str) -> Key {
        Key {
            id: id.into(),
            secret: secret.into(),
            token: None,
        }
    }

    /// The published V2 example (RPC signature document).
    fn v2_vector() -> Request {
        let query = [
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
            ("Signature", "OLeaidS1JvxuMvnyHOwuJ+uX5qY="),
        ]
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
        Request {
            method: "GET".into(),
            path: "/".into(),
            query,
            headers: vec![("host".into(), "ecs.aliyuncs.com".into())],
            body: Vec::new(),
        }
    }

    /// The published V3 example (ACS3-HMAC-SHA256 document).
    fn v3_vector() -> Request {
        let headers = [
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            (
                "x-acs-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                "authorization",
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
            ),
        ];
        Request {
            method: "POST".into(),
            path: "/".into(),
            query:
                "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
                    .into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    #[test]
    fn accepts_the_published_v2_vector() {
        let now = time::parse("2016-02-23T12:46:24Z").unwrap();
        let verified = verify(&v2_vector(), &[key("testid", "testsecret")], now, 900).unwrap();
        assert_eq!(verified.signature_version, SignatureVersion::V2);
        assert_eq!(verified.action, "DescribeRegions");
        assert_eq!(verified.nonce, "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        assert!(verified.params.is_empty());
        assert_eq!(requested_format(&v2_vector()), Format::Xml);
    }

    #[test]
    fn accepts_the_published_v3_vector() {
        let now = time::parse("2023-10-26T10:22:32Z").unwrap();
        let verified = verify(
            &v3_vector(),
            &[key("YourAccessKeyId", "YourAccessKeySecret")],
            now,
            900,
        )
        .unwrap();
        assert_eq!(verified.signature_version, SignatureVersion::V3);
        assert_eq!(verified.action, "RunInstances");
        assert_eq!(
            verified.params,
            vec![
                (
                    "ImageId".to_owned(),
                    "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".to_owned()
                ),
                ("RegionId".to_owned(), "cn-shanghai".to_owned()),
            ]
        );
    }

    #[test]
    fn any_change_to_a_vector_is_refused() {
        let now = time::parse("2016-02-23T12:46:24Z").unwrap();
        let code = |request: &Request, keys: &[Key], now: i64| {
            verify(request, keys, now, 900).unwrap_err().code
        };
        let v2 = v2_vector();
        assert_eq!(
            code(&v2, &[key("testid", "wrong")], now),
            "SignatureDoesNotMatch"
        );
        assert_eq!(
            code(&v2, &[key("other", "testsecret")], now),
            "InvalidAccessKeyId.NotFound"
        );
        assert_eq!(
            code(&v2, &[key("testid", "testsecret")], now + 901),
            "InvalidTimeStamp.Expired"
        );
        let mut post = v2.clone();
        post.method = "POST".into();
        assert_eq!(
            code(&post, &[key("testid", "testsecret")], now),
            "SignatureDoesNotMatch"
        );
        let mut sts = key("testid", "testsecret");
        sts.token = Some("token".into());
        assert_eq!(code(&v2, &[sts], now), "MissingSecurityToken");

        let now = time::parse("2023-10-26T10:22:32Z").unwrap();
        let keys = [key("YourAccessKeyId", "YourAccessKeySecret")];
        let mut v3 = v3_vector();
        v3.query = v3.query.replace("cn-shanghai", "cn-hangzhou");
        assert_eq!(code(&v3, &keys, now), "SignatureDoesNotMatch");
        let mut v3 = v3_vector();
        v3.headers.push(("x-acs-extra".into(), "1".into()));
        assert_eq!(code(&v3, &keys, now), "IncompleteSignature");
        let mut v3 = v3_vector();
        v3.body = b"x".to_vec();
        assert_eq!(code(&v3, &keys, now), "SignatureDoesNotMatch");
        assert_eq!(
            code(&v3_vector(), &keys, now - 901),
            "InvalidTimeStamp.Expired"
        );
    }
}
