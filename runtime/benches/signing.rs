//! Signing cost of one `DeleteActivation`-like request (two parameters, fixed
//! time and nonce), V3 and V2, next to a "plain" baseline for each that does
//! the same job the obvious way with `hmac`/`sha2` directly: encode and sort
//! owned strings, `format!` the canonical text, hash, MAC, hex.
//!
//! The baselines produce exactly what the signer produces (checked before
//! measuring), so the ratio compares like with like. `bare/v3` is the floor:
//! only the hashing part of a V3 signature, from a pre-encoded query.
//!
//! `cargo bench -p acs-runtime --bench signing -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use acs_runtime::credentials::Credentials;
use acs_runtime::operation::{HttpMethod, Params};
use acs_runtime::sign::time::UtcTimestamp;
use acs_runtime::sign::{SignatureVersion, SignedRequest, SigningParams, sign};

const HOST: &str = "ecs.cn-hangzhou.aliyuncs.com";
const ACTION: &str = "DeleteActivation";
const VERSION: &str = "2014-05-26";
const NONCE: &str = "3156853299f313e23d1673dc12e1703d";
const PARAMS: [(&str, &str); 2] = [
    ("RegionId", "cn-hangzhou"),
    ("ActivationId", "act-2zeb7xnd2p9v5s3fz4yq"),
];

fn timestamp() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_698_315_752)
}

fn credentials() -> Credentials {
    Credentials::new(
        "LTAI5tExampleAccessKeyId",
        "ExampleAccessKeySecret0123456789",
    )
}

const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, RFC3986).to_string()
}

fn plain_query(params: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = params.iter().map(|(k, v)| (enc(k), enc(v))).collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// V3 the obvious way.
fn plain_v3(credentials: &Credentials, time: SystemTime) -> SignedRequest {
    let query = plain_query(&PARAMS);
    let payload = hex::encode(Sha256::digest(b""));
    let date = UtcTimestamp::new(time).to_string();
    let signed =
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
    let canonical_request = format!(
        "POST\n/\n{query}\nhost:{HOST}\nx-acs-action:{ACTION}\nx-acs-content-sha256:{payload}\n\
         x-acs-date:{date}\nx-acs-signature-nonce:{NONCE}\nx-acs-version:{VERSION}\n\n{signed}\n{payload}"
    );
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(credentials.access_key_secret().as_bytes())
        .expect("any key length");
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    let authorization = format!(
        "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed},Signature={signature}",
        credentials.access_key_id()
    );
    SignedRequest {
        query,
        headers: vec![
            ("host", HOST.to_owned()),
            ("x-acs-action", ACTION.to_owned()),
            ("x-acs-content-sha256", payload),
            ("x-acs-date", date),
            ("x-acs-signature-nonce", NONCE.to_owned()),
            ("x-acs-version", VERSION.to_owned()),
            ("authorization", authorization),
        ],
    }
}

/// The floor: the parameters already encoded and sorted, the date already
/// formatted; only `format!` the canonical request, hash, MAC, hex, and
/// `format!` the `Authorization` value. Not a complete signer.
fn bare_v3(credentials: &Credentials, query: &str, date: &str) -> String {
    let payload = hex::encode(Sha256::digest(b""));
    let signed =
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
    let canonical_request = format!(
        "POST\n/\n{query}\nhost:{HOST}\nx-acs-action:{ACTION}\nx-acs-content-sha256:{payload}\n\
         x-acs-date:{date}\nx-acs-signature-nonce:{NONCE}\nx-acs-version:{VERSION}\n\n{signed}\n{payload}"
    );
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(credentials.access_key_secret().as_bytes())
        .expect("any key length");
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    format!(
        "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed},Signature={signature}",
        credentials.access_key_id()
    )
}

/// V2 the obvious way.
fn plain_v2(credentials: &Credentials, time: SystemTime) -> SignedRequest {
    let date = UtcTimestamp::new(time).to_string();
    let mut params = PARAMS.to_vec();
    params.extend([
        ("AccessKeyId", credentials.access_key_id()),
        ("Action", ACTION),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", NONCE),
        ("SignatureVersion", "1.0"),
        ("Timestamp", &date),
        ("Version", VERSION),
    ]);
    let query = plain_query(&params);
    let string_to_sign = format!("POST&%2F&{}", enc(&query));
    let key = format!("{}&", credentials.access_key_secret());
    let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(string_to_sign.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    SignedRequest {
        query: format!("{query}&Signature={}", enc(&signature)),
        headers: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let credentials = credentials();
    let mut params = Params::with_capacity(PARAMS.len());
    for (name, value) in PARAMS {
        params.push(name, value);
    }
    let p = SigningParams {
        method: HttpMethod::Post,
        host: HOST,
        path: "/",
        action: ACTION,
        version: VERSION,
        params: &params,
        body: b"",
        timestamp: timestamp(),
        nonce: NONCE,
        credentials: &credentials,
        format: "JSON",
    };
    assert_eq!(
        sign(SignatureVersion::V3, &p),
        plain_v3(&credentials, timestamp())
    );
    assert_eq!(
        sign(SignatureVersion::V2, &p),
        plain_v2(&credentials, timestamp())
    );
    let v3 = sign(SignatureVersion::V3, &p);
    let date = UtcTimestamp::new(timestamp()).to_string();
    assert_eq!(
        bare_v3(&credentials, &v3.query, &date),
        v3.headers.last().unwrap().1
    );

    c.bench_function("sign/v3", |b| {
        b.iter(|| sign(SignatureVersion::V3, black_box(&p)))
    });
    c.bench_function("plain/v3", |b| {
        b.iter(|| plain_v3(black_box(&credentials), black_box(timestamp())))
    });
    c.bench_function("bare/v3", |b| {
        b.iter(|| {
            bare_v3(
                black_box(&credentials),
                black_box(&v3.query),
                black_box(&date),
            )
        })
    });
    c.bench_function("sign/v2", |b| {
        b.iter(|| sign(SignatureVersion::V2, black_box(&p)))
    });
    c.bench_function("plain/v2", |b| {
        b.iter(|| plain_v2(black_box(&credentials), black_box(timestamp())))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
