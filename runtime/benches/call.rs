//! A whole call without network: build the request, sign it (V3 and V2),
//! hand it to a transport that answers at once with canned JSON, parse the
//! typed result. Driven by a current-thread tokio runtime's `block_on`.
//!
//! `cargo bench -p acs-runtime --bench call -- --warm-up-time 1 --measurement-time 3`

use std::fmt;
use std::hint::black_box;
use std::time::{Duration, SystemTime};

use acs_runtime::client::{Client, Config};
use acs_runtime::credentials::{BoxFuture, Credentials};
use acs_runtime::error::{ServiceError, TransportError};
use acs_runtime::response::parse_response;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::transport::{SendOptions, Transport};
use acs_runtime::tree::{Fields, FromTree, TreeError, Value};
use acs_runtime::{HttpMethod, Operation, OperationError, OperationInfo, Params, ServiceInfo};
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};

static SERVICE: ServiceInfo = ServiceInfo {
    product: "Ecs",
    version: "2014-05-26",
    endpoint_pattern: "ecs.{region_id}.aliyuncs.com",
    central_endpoint: "ecs.aliyuncs.com",
    regional_endpoints: &[("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com")],
};

static INFO: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "DescribeInstances",
    method: HttpMethod::Post,
    kind: None,
    idempotency_token: None,
};

/// A typical small request: a region, a few filters, paging.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeInstances {
    region_id: String,
    instance_ids: String,
    status: String,
    page_number: i32,
    page_size: i32,
}

#[allow(dead_code)] // the fields are read by the benchmark only through `black_box`
#[derive(Default)]
struct Output {
    request_id: String,
    total_count: Option<i64>,
    page_number: Option<i32>,
    instances: Instances,
}

/// What generated code writes: one reader per structure.
impl FromTree for Output {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Output {
            request_id: f.field("RequestId")?.unwrap_or_default(),
            total_count: f.field("TotalCount")?,
            page_number: f.field("PageNumber")?,
            instances: f.field("Instances")?.unwrap_or_default(),
        }))
    }
}

#[allow(dead_code)]
#[derive(Default)]
struct Instances {
    instance: Vec<Instance>,
}

impl FromTree for Instances {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Instances {
            instance: f.bare_list("Instance")?,
        }))
    }
}

#[allow(dead_code)]
#[derive(Default)]
struct Instance {
    instance_id: String,
    status: String,
    cpu: Option<i32>,
}

impl FromTree for Instance {
    const NULL_IS_ELEMENT: bool = true;
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Instance {
            instance_id: f.field("InstanceId")?.unwrap_or_default(),
            status: f.field("Status")?.unwrap_or_default(),
            cpu: f.field("Cpu")?,
        }))
    }
}

#[derive(Debug)]
struct Unhandled(ServiceError);

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Unhandled {}

impl OperationError for Unhandled {
    fn from_service_error(error: ServiceError) -> Self {
        Unhandled(error)
    }

    fn service_error(&self) -> &ServiceError {
        &self.0
    }
}

impl acs_runtime::params::WriteParams for DescribeInstances {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl Operation for DescribeInstances {
    type Output = Output;
    type Error = Unhandled;
    const INFO: &'static OperationInfo = &INFO;

    fn request_region(&self) -> Option<&str> {
        Some(&self.region_id)
    }
}

const BODY: &str = r#"{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","TotalCount":2,"PageNumber":1,"PageSize":10,
"Instances":{"Instance":[{"InstanceId":"i-bp1a","Status":"Running","Cpu":2},{"InstanceId":"i-bp1b","Status":"Running","Cpu":"4"}]}}"#;

/// Answers every request at once with the same JSON.
#[derive(Debug)]
struct Canned;

impl Transport for Canned {
    fn send(
        &self,
        request: http::Request<Bytes>,
        _: SendOptions,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        drop(black_box(request));
        let mut response = http::Response::new(Bytes::from_static(BODY.as_bytes()));
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json;charset=utf-8"),
        );
        Box::pin(async move { Ok(response) })
    }
}

fn client(version: SignatureVersion) -> Client {
    let config = Config::builder()
        .credentials(Credentials::new(
            "LTAI5tBenchmarkKeyId",
            "BenchmarkSecretValue0123456789",
        ))
        .region("cn-hangzhou")
        .signature_version(version)
        .transport(Canned)
        .build()
        .expect("valid configuration");
    Client::new(config)
}

fn op() -> DescribeInstances {
    DescribeInstances {
        region_id: "cn-hangzhou".into(),
        instance_ids: r#"["i-bp1a","i-bp1b"]"#.into(),
        status: "Running".into(),
        page_number: 1,
        page_size: 10,
    }
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let op = op();

    for (name, version) in [
        ("call/v3", SignatureVersion::V3),
        ("call/v2", SignatureVersion::V2),
    ] {
        let client = client(version);
        c.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(client.call(black_box(&op)))
                    .expect("canned call succeeds")
            })
        });
    }

    // The parts, to see where the time goes.
    let credentials = Credentials::new("LTAI5tBenchmarkKeyId", "BenchmarkSecretValue0123456789");
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for (name, version) in [
        ("sign_request/v3", SignatureVersion::V3),
        ("sign_request/v2", SignatureVersion::V2),
    ] {
        let client = client(version);
        c.bench_function(name, |b| {
            b.iter(|| {
                client
                    .sign_request_at(
                        black_box(&op),
                        &credentials,
                        time,
                        "0123456789abcdef0123456789abcdef",
                    )
                    .expect("signs")
            })
        });
    }
    // The floor under `sign_request`: the signer alone.
    let mut params = Params::with_capacity(8);
    acs_runtime::params::write(&op, &mut params).expect("writes");
    for (name, version) in [
        ("sign_only/v3", SignatureVersion::V3),
        ("sign_only/v2", SignatureVersion::V2),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                acs_runtime::sign::sign(
                    version,
                    black_box(&acs_runtime::sign::SigningParams {
                        method: HttpMethod::Post,
                        host: "ecs-cn-hangzhou.aliyuncs.com",
                        path: "/",
                        action: "DescribeInstances",
                        version: "2014-05-26",
                        params: &params,
                        body: b"",
                        timestamp: time,
                        nonce: "0123456789abcdef0123456789abcdef",
                        credentials: &credentials,
                        format: "JSON",
                    }),
                )
            })
        });
    }

    // The floor under `parse_response`: serde_json alone reading the same
    // body into the value tree that the typed output is read from.
    c.bench_function("serde_json_baseline", |b| {
        b.iter(|| {
            serde_json::from_slice::<acs_runtime::tree::Value>(black_box(BODY.as_bytes()))
                .expect("parses")
        })
    });
    c.bench_function("parse_response", |b| {
        b.iter(|| {
            let mut response = http::Response::new(Bytes::from_static(BODY.as_bytes()));
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            parse_response::<DescribeInstances>(black_box(&response)).expect("parses")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
