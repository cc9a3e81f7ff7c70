//! Golden tests for request signing.
//!
//! Every folder under `tests/signing/` is one case: `input.txt` describes the
//! request and one file per step holds the exact expected text of that step
//! (a single trailing newline in a file is ignored). The expected texts were
//! computed independently of this crate, and the `published` cases reproduce
//! the examples of the service's own signing documentation.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_runtime::credentials::Credentials;
use acs_runtime::operation::{HttpMethod, Params};
use acs_runtime::sign::{self, SignatureVersion, SignedRequest, SigningParams, v2, v3};

/// The number of case folders checked in; the walk must find at least these.
const CASES: usize = 9;

const V3_FILES: &[&str] = &[
    "canonical-request.txt",
    "string-to-sign.txt",
    "signature.txt",
    "authorization.txt",
    "query.txt",
    "headers.txt",
];
const V2_FILES: &[&str] = &[
    "canonical-query.txt",
    "string-to-sign.txt",
    "signature.txt",
    "query.txt",
];

/// A parsed `input.txt`: `key: value` lines, `#` comments, `param: Name=Value`
/// once per parameter (in the order they are written), an optional
/// `security-token`, `format` (V2) and `body`.
struct Input {
    version: SignatureVersion,
    method: HttpMethod,
    host: String,
    path: String,
    action: String,
    api_version: String,
    params: Vec<(String, String)>,
    timestamp: SystemTime,
    nonce: String,
    credentials: Credentials,
    format: String,
    body: String,
}

impl Input {
    fn parse(text: &str) -> Result<Input, String> {
        let mut fields = std::collections::BTreeMap::new();
        let mut params = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once(':')
                .ok_or_else(|| format!("not `key: value`: {line:?}"))?;
            let value = value.strip_prefix(' ').unwrap_or(value);
            if key == "param" {
                let (name, value) = value
                    .split_once('=')
                    .ok_or_else(|| format!("not `param: Name=Value`: {line:?}"))?;
                params.push((name.to_owned(), value.to_owned()));
            } else if fields.insert(key, value).is_some() {
                return Err(format!("`{key}` given twice"));
            }
        }
        let mut take = |key: &str| {
            fields
                .remove(key)
                .map(str::to_owned)
                .ok_or_else(|| format!("missing `{key}`"))
        };
        let version = match take("signature-version")?.as_str() {
            "V3" => SignatureVersion::V3,
            "V2" => SignatureVersion::V2,
            other => return Err(format!("unknown signature-version {other:?}")),
        };
        let method = match take("method")?.as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            other => return Err(format!("unknown method {other:?}")),
        };
        let host = take("host")?;
        let path = take("path")?;
        let action = take("action")?;
        let api_version = take("version")?;
        let timestamp = parse_timestamp(&take("timestamp")?)?;
        let nonce = take("nonce")?;
        let mut credentials = Credentials::new(take("access-key-id")?, take("access-key-secret")?);
        if let Ok(token) = take("security-token") {
            credentials = credentials.with_security_token(token);
        }
        let format = take("format").unwrap_or_default();
        let body = take("body").unwrap_or_default();
        if let Some(key) = fields.keys().next() {
            return Err(format!("unknown key `{key}`"));
        }
        Ok(Input {
            version,
            method,
            host,
            path,
            action,
            api_version,
            params,
            timestamp,
            nonce,
            credentials,
            format,
            body,
        })
    }

    fn params(&self) -> Params<'_> {
        let mut params = Params::with_capacity(self.params.len());
        for (name, value) in &self.params {
            params.push(name.as_str(), value.as_str());
        }
        params
    }

    fn signing_params<'a>(&'a self, params: &'a Params<'a>) -> SigningParams<'a> {
        SigningParams {
            method: self.method,
            host: &self.host,
            path: &self.path,
            action: &self.action,
            version: &self.api_version,
            params,
            body: self.body.as_bytes(),
            timestamp: self.timestamp,
            nonce: &self.nonce,
            credentials: &self.credentials,
            format: &self.format,
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` to a `SystemTime`, with the inverse of the
/// signer's calendar conversion (Hinnant's `days_from_civil`), so each checks
/// the other.
fn parse_timestamp(text: &str) -> Result<SystemTime, String> {
    let bad = || format!("bad timestamp {text:?}");
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return Err(bad());
    }
    let num = |range: std::ops::Range<usize>| -> Result<i64, String> {
        text[range].parse().map_err(|_| bad())
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3_600 + mm * 60 + ss;
    let secs = u64::try_from(secs).map_err(|_| bad())?;
    Ok(UNIX_EPOCH + Duration::from_secs(secs))
}

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/signing");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("reading {}: {e}", root.display()))
        .map(|entry| entry.expect("reading a case folder").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> String {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.strip_suffix('\n').map(str::to_owned).unwrap_or(text)
}

fn headers_text(signed: &SignedRequest) -> String {
    let mut out = String::new();
    for (i, (name, value)) in signed.headers.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write!(out, "{name}: {value}").unwrap();
    }
    out
}

/// The actual text of each step of a case, by file name.
fn actual_steps(input: &Input) -> Vec<(&'static str, String)> {
    let params = input.params();
    let p = input.signing_params(&params);
    let signed = sign::sign(input.version, &p);
    match input.version {
        SignatureVersion::V3 => {
            let steps = v3::signing_steps(&p);
            let out = vec![
                ("canonical-request.txt", steps.canonical_request.to_string()),
                ("string-to-sign.txt", steps.string_to_sign.to_string()),
                ("signature.txt", steps.signature.to_string()),
                ("authorization.txt", steps.authorization.clone()),
                ("query.txt", signed.query.clone()),
                ("headers.txt", headers_text(&signed)),
            ];
            assert_eq!(
                steps.into_signed_request(),
                signed,
                "sign() is the steps' result"
            );
            out
        }
        SignatureVersion::V2 => {
            let steps = v2::signing_steps(&p);
            let out = vec![
                ("canonical-query.txt", steps.canonical_query.to_string()),
                ("string-to-sign.txt", steps.string_to_sign().to_string()),
                ("signature.txt", steps.signature.to_string()),
                ("query.txt", signed.query.clone()),
            ];
            assert!(signed.headers.is_empty(), "V2 needs no headers");
            assert_eq!(
                steps.into_signed_request(),
                signed,
                "sign() is the steps' result"
            );
            out
        }
    }
}

#[test]
fn golden_cases() {
    let dirs = case_dirs();
    assert!(
        dirs.len() >= CASES,
        "found {} case folders, expected at least {CASES}",
        dirs.len()
    );
    let mut failures = Vec::new();
    let mut compared = 0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let input = match Input::parse(&read(&dir.join("input.txt"))) {
            Ok(input) => input,
            Err(e) => {
                failures.push(format!("{name}/input.txt: {e}"));
                continue;
            }
        };
        let expected_files = match input.version {
            SignatureVersion::V3 => V3_FILES,
            SignatureVersion::V2 => V2_FILES,
        };
        for entry in std::fs::read_dir(dir).unwrap() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            if file != "input.txt" && !expected_files.contains(&file.as_str()) {
                failures.push(format!(
                    "{name}/{file}: not a step of this signature version"
                ));
            }
        }
        for (file, actual) in actual_steps(&input) {
            let path = dir.join(file);
            if !path.exists() {
                failures.push(format!("{name}/{file}: missing"));
                continue;
            }
            let expected = read(&path);
            compared += 1;
            if actual != expected {
                failures.push(format!(
                    "{name}/{file} differs\n--- expected\n{expected}\n--- actual\n{actual}\n---"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        compared >= CASES * V2_FILES.len(),
        "compared only {compared} files"
    );
}

#[test]
fn the_published_examples_are_among_the_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/signing");
    assert_eq!(
        read(&root.join("v2-published-describe-regions/signature.txt")),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
    assert_eq!(
        read(&root.join("v3-published-run-instances/signature.txt")),
        "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
}

const SECRET: &str = "Sup3r/Secret+Key=";
const TOKEN: &str = "CAIS+sts/Token==Value";

/// Every form in which the secret or the token could leak into text.
fn forbidden() -> Vec<String> {
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let mut out = Vec::new();
    for s in [SECRET, TOKEN] {
        out.push(s.to_owned());
        out.push(encode(s));
        out.push(encode(&encode(s)));
    }
    // The distinctive middle of each, however it is escaped around it.
    out.push("Secret".to_owned());
    out.push("Token%3D%3DValue".to_owned());
    out.push("Token==Value".to_owned());
    out
}

fn assert_no_secret(what: &str, debug: String) {
    for needle in forbidden() {
        assert!(
            !debug.contains(&needle),
            "Debug of {what} shows {needle:?}: {debug}"
        );
    }
}

#[test]
fn debug_never_shows_the_secret_or_the_token() {
    let credentials = Credentials::new("AKID", SECRET).with_security_token(TOKEN);
    let mut params = Params::default();
    params.push("RegionId", "cn-hangzhou");
    let p = SigningParams {
        method: HttpMethod::Post,
        host: "ecs.cn-hangzhou.aliyuncs.com",
        path: "/",
        action: "DeleteActivation",
        version: "2014-05-26",
        params: &params,
        body: b"",
        timestamp: UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        nonce: "nonce",
        credentials: &credentials,
        format: "JSON",
    };
    assert_no_secret("SigningParams", format!("{p:?}"));
    assert_no_secret("SignatureVersion", format!("{:?}", SignatureVersion::V3));

    let v3_steps = v3::signing_steps(&p);
    // The token is really there to be hidden: it is signed and sent.
    assert!(v3_steps.canonical_request.to_string().contains(TOKEN));
    assert_no_secret("V3Steps", format!("{v3_steps:?}"));
    assert_no_secret(
        "v3::CanonicalRequest",
        format!("{:?}", v3_steps.canonical_request),
    );
    assert_no_secret(
        "v3::CanonicalHeaders",
        format!("{:?}", v3_steps.canonical_request.headers()),
    );
    assert_no_secret(
        "CanonicalQuery (V3)",
        format!("{:?}", v3_steps.canonical_request.query()),
    );
    assert_no_secret("v3::StringToSign", format!("{:?}", v3_steps.string_to_sign));
    assert_no_secret("v3::Signature", format!("{:?}", v3_steps.signature));
    let v3_signed = v3_steps.into_signed_request();
    assert!(v3_signed.headers.iter().any(|(_, value)| value == TOKEN));
    assert_no_secret("SignedRequest (V3)", format!("{v3_signed:?}"));

    let v2_steps = v2::signing_steps(&p);
    assert!(
        v2_steps
            .canonical_query
            .to_string()
            .contains("SecurityToken=")
    );
    assert_no_secret("V2Steps", format!("{v2_steps:?}"));
    assert_no_secret(
        "CanonicalQuery (V2)",
        format!("{:?}", v2_steps.canonical_query),
    );
    assert_no_secret(
        "v2::StringToSign",
        format!("{:?}", v2_steps.string_to_sign()),
    );
    assert_no_secret("v2::Signature", format!("{:?}", v2_steps.signature));
    let v2_signed = v2_steps.into_signed_request();
    assert!(v2_signed.query.contains("SecurityToken=CAIS"));
    assert_no_secret("SignedRequest (V2)", format!("{v2_signed:?}"));

    assert_no_secret(
        "UtcTimestamp",
        format!("{:?}", sign::time::UtcTimestamp::new(p.timestamp)),
    );
}

#[test]
fn v3_without_a_token_signs_six_headers() {
    let credentials = Credentials::new("AKID", "secret");
    let params = Params::default();
    let p = SigningParams {
        method: HttpMethod::Get,
        host: "ecs.aliyuncs.com",
        path: "",
        action: "DescribeRegions",
        version: "2014-05-26",
        params: &params,
        body: b"",
        timestamp: UNIX_EPOCH,
        nonce: "n",
        credentials: &credentials,
        format: "",
    };
    let signed = sign::sign(SignatureVersion::default(), &p);
    let names: Vec<&str> = signed.headers.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "host",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-version",
            "authorization"
        ]
    );
    assert_eq!(signed.query, "");
    // An empty path is the root.
    assert!(
        v3::signing_steps(&p)
            .canonical_request
            .to_string()
            .starts_with("GET\n/\n\n")
    );
    // V2 leaves out an empty `Format`, so the service applies its default.
    assert!(
        !sign::sign(SignatureVersion::V2, &p)
            .query
            .contains("Format=")
    );
}

#[test]
fn signing_is_deterministic() {
    let credentials = Credentials::new("AKID", "secret").with_security_token("tok");
    let mut params = Params::default();
    params.push("B", "2");
    params.push("A", "1");
    let p = SigningParams {
        method: HttpMethod::Post,
        host: "h",
        path: "/",
        action: "X",
        version: "v",
        params: &params,
        body: b"{}",
        timestamp: UNIX_EPOCH,
        nonce: "n",
        credentials: &credentials,
        format: "JSON",
    };
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let first = sign::sign(version, &p);
        for _ in 0..3 {
            assert_eq!(sign::sign(version, &p), first);
        }
    }
}
