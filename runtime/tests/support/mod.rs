//! What the credentials tests share: redaction checks, a temporary home
//! with fixture files, and a metadata service played by a raw HTTP/1.1
//! server on 127.0.0.1 with a transport to reach it. Nothing here reaches
//! beyond 127.0.0.1.
//!
//! All secrets in the fixtures contain `S3CR3T` or `T0K3N`.

// Each test crate that includes this module uses a different part of it.
#![allow(dead_code)]

use std::fmt::Debug;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use acs_runtime::credentials::{
    BoxFuture, Credentials, CredentialsError, EcsRamRoleBuilder, Env, ProvideCredentials,
};
use acs_runtime::error::{TransportError, TransportErrorKind};
use acs_runtime::transport::{SendOptions, Transport};
use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------
// Redaction checks

pub const MARKERS: [&str; 2] = ["S3CR3T", "T0K3N"];

pub fn assert_redacted(value: &dyn Debug) {
    let debug = format!("{value:?}");
    let pretty = format!("{value:#?}");
    for marker in MARKERS {
        assert!(!debug.contains(marker), "secret in Debug: {debug}");
        assert!(!pretty.contains(marker), "secret in Debug: {pretty}");
    }
}

pub fn assert_error_redacted(error: &CredentialsError) {
    assert_redacted(error);
    let display = error.to_string();
    for marker in MARKERS {
        assert!(!display.contains(marker), "secret in Display: {display}");
    }
}

/// Asks `provider` once, then checks that neither the provider (with what it
/// now caches), nor the credentials, nor the error show a secret.
pub fn checked(provider: &dyn ProvideCredentials) -> Result<Credentials, CredentialsError> {
    let result = block_on(provider.provide_credentials());
    assert_redacted(&provider);
    match &result {
        Ok(credentials) => assert_redacted(credentials),
        Err(error) => assert_error_redacted(error),
    }
    result
}

pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

// ---------------------------------------------------------------------------
// Fixtures

pub const CREDENTIALS_FILE: &str = "\
# written by the test
[default]
type = access_key
access_key_id = file-id
access_key_secret = file-S3CR3T

[sts]
type = sts
access_key_id = STS.file-id
access_key_secret = sts-S3CR3T
security_token = sts-T0K3N

[arn]
type = ram_role_arn
access_key_id = arn-id
access_key_secret = arn-S3CR3T
role_arn = acs:ram::1:role/x
";

pub const CLI_CONFIG: &str = r#"{
  "current": "default",
  "profiles": [
    {"name": "default", "mode": "AK", "access_key_id": "cli-id", "access_key_secret": "cli-S3CR3T",
     "sts_token": "", "ram_role_name": "", "region_id": "cn-shanghai", "output_format": "json", "language": "en"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli-id", "access_key_secret": "cli-sts-S3CR3T",
     "sts_token": "cli-T0K3N", "region_id": "cn-beijing"},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "cli-role", "region_id": "cn-hangzhou"},
    {"name": "arn", "mode": "RamRoleArn", "access_key_id": "x", "access_key_secret": "arn-S3CR3T",
     "ram_role_arn": "acs:ram::1:role/x"},
    {"name": "only-in-cli", "mode": "AK", "access_key_id": "only-id", "access_key_secret": "only-S3CR3T"}
  ]
}"#;

pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn with_credentials_file(self) -> Self {
        self.write(".alibabacloud/credentials", CREDENTIALS_FILE);
        self
    }

    pub fn with_cli_config(self) -> Self {
        self.write(".aliyun/config.json", CLI_CONFIG);
        self
    }

    /// An environment whose home is this directory, plus `vars`.
    pub fn env(&self, vars: &[(&str, &str)]) -> Env {
        let home = self.path().to_str().unwrap().to_owned();
        Env::from_pairs(
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .chain([("HOME".to_owned(), home)]),
        )
    }
}

// ---------------------------------------------------------------------------
// A metadata service on 127.0.0.1 and a raw HTTP/1.1 transport to reach it

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub type Handler = Arc<dyn Fn(&Recorded) -> (u16, String) + Send + Sync>;

pub struct MetadataServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
}

impl MetadataServer {
    /// Starts on the current runtime; serves connections one at a time.
    pub async fn start(
        handler: impl Fn(&Recorded) -> (u16, String) + Send + Sync + 'static,
    ) -> Self {
        let handler: Handler = Arc::new(handler);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let server_log = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some(request) = read_request(&mut socket).await else {
                    continue;
                };
                let (status, body) = handler(&request);
                server_log.lock().unwrap().push(request);
                let response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        MetadataServer { addr, log }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.log.lock().unwrap().len()
    }
}

/// Reads a request line and headers (and a body, if it has a length).
pub async fn read_request(socket: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 1024];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut have = buffer.len() - head_end - 4;
    while have < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        have += n;
    }
    Some(Recorded {
        method,
        path,
        headers,
    })
}

/// Just enough HTTP/1.1 to talk to [`MetadataServer`]: one request per
/// connection, `Connection: close`, body read to the end.
#[derive(Debug)]
pub struct RawTransport;

impl Transport for RawTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
        options: SendOptions,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async move {
            let io = |e: std::io::Error| TransportError::new(TransportErrorKind::Io, e);
            let authority = request.uri().authority().unwrap().to_string();
            let connect =
                tokio::time::timeout(options.connect_timeout, TcpStream::connect(&authority));
            let mut stream = connect
                .await
                .map_err(|_| TransportError::new(TransportErrorKind::Timeout, "connect timed out"))?
                .map_err(|e| TransportError::new(TransportErrorKind::Connect, e))?;
            let mut head = format!(
                "{} {} HTTP/1.1\r\nHost: {authority}\r\n",
                request.method(),
                request.uri().path_and_query().unwrap()
            );
            for (name, value) in request.headers() {
                head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                request.body().len()
            ));
            stream.write_all(head.as_bytes()).await.map_err(io)?;
            stream.write_all(request.body()).await.map_err(io)?;
            let mut raw = Vec::new();
            tokio::time::timeout(options.read_timeout, stream.read_to_end(&mut raw))
                .await
                .map_err(|_| TransportError::new(TransportErrorKind::Timeout, "read timed out"))?
                .map_err(io)?;
            let split = raw
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .ok_or_else(|| TransportError::new(TransportErrorKind::Io, "no response head"))?;
            let head = String::from_utf8_lossy(&raw[..split]).into_owned();
            let status: u16 = head
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| TransportError::new(TransportErrorKind::Io, "bad status line"))?;
            Ok(http::Response::builder()
                .status(status)
                .body(Bytes::copy_from_slice(&raw[split + 4..]))
                .unwrap())
        })
    }
}

pub fn transport() -> Arc<dyn Transport> {
    Arc::new(RawTransport)
}

pub const EXPIRATION: &str = "2030-01-01T00:00:00Z";
pub const EXPIRATION_SECS: u64 = 1_893_456_000;
pub const IMDS_TOKEN: &str = "imds-T0K3N";

pub fn role_answer(n: usize) -> String {
    format!(
        r#"{{"AccessKeyId":"STS.ecs-id-{n}","AccessKeySecret":"ecs-S3CR3T-{n}","SecurityToken":"ecs-T0K3N-{n}","Expiration":"{EXPIRATION}","Code":"Success","LastUpdated":"2029-12-31T18:00:00Z"}}"#
    )
}

/// A metadata service with IMDSv2 and one role, `my-role`, whose `n`-th
/// answer (from 1) carries keys numbered `n`.
pub fn metadata_service() -> impl Fn(&Recorded) -> (u16, String) + Send + Sync + 'static {
    let fetches = AtomicUsize::new(0);
    move |request| match (request.method.as_str(), request.path.as_str()) {
        ("PUT", "/latest/api/token") => (200, IMDS_TOKEN.to_owned()),
        ("GET", "/latest/meta-data/ram/security-credentials/") => (200, "my-role".to_owned()),
        ("GET", "/latest/meta-data/ram/security-credentials/my-role") => {
            (200, role_answer(fetches.fetch_add(1, Ordering::SeqCst) + 1))
        }
        _ => (404, "not found".to_owned()),
    }
}

/// A clock the test moves; starts one hour before [`EXPIRATION`].
#[derive(Clone)]
pub struct TestClock(Arc<AtomicU64>);

impl TestClock {
    pub fn new() -> Self {
        TestClock(Arc::new(AtomicU64::new(EXPIRATION_SECS - 3_600)))
    }

    pub fn set_left(&self, left: Duration) {
        self.0
            .store(EXPIRATION_SECS - left.as_secs(), Ordering::SeqCst);
    }

    pub fn install(&self, builder: EcsRamRoleBuilder) -> EcsRamRoleBuilder {
        let secs = Arc::clone(&self.0);
        builder.clock(move || {
            SystemTime::UNIX_EPOCH + Duration::from_secs(secs.load(Ordering::SeqCst))
        })
    }
}

pub fn summary(requests: &[Recorded]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// A 127.0.0.1 address nothing listens on (bound, then released).
pub fn dead_address() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port on 127.0.0.1")
}
