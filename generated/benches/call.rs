//! A whole DeleteActivation call without network, through the generated
//! client: build the request, sign it (V3 and V2), hand it to a transport
//! that answers at once with the document's JSON example, parse the typed
//! response. Run with `cargo bench -p acs-ecs --bench call`.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use acs_ecs::{Client, DeleteActivationRequest};
use acs_runtime::credentials::{BoxFuture, Credentials};
use acs_runtime::error::TransportError;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::transport::{SendOptions, Transport};
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};

/// The JSON example of the DeleteActivation document.
const BODY: &str = r#"{"RequestId": "4ECEEE12-56F1-4FBC-9AB1-890F74942176", "Activation": {"InstanceName": "test-InstanceName", "DeregisteredCount": "0", "InstanceCount": "1", "Description": "This is description.", "CreationTime": "2021-01-20T06:00:00Z", "ActivationId": "4ECEEE12-56F1-4FBC-9AB1-890F1234****", "RegisteredCount": "0", "TimeToLiveInHours": "4", "IpAddressRange": "0.0.0.0/0"}}"#;

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

/// Polls a future that completes without waiting (the canned transport
/// never does), so the figure is the SDK's work and not an executor's.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn bench(c: &mut Criterion) {
    let request = DeleteActivationRequest::new("4ECEEE12-56F1-4FBC-9AB1-890F1234****");
    for (name, version) in [
        ("delete_activation/v3", SignatureVersion::V3),
        ("delete_activation/v2", SignatureVersion::V2),
    ] {
        let config = acs_runtime::Config::builder()
            .credentials(Credentials::new(
                "LTAI5tBenchmarkKeyId",
                "BenchmarkSecretValue0123456789",
            ))
            .region("cn-hangzhou")
            .signature_version(version)
            .transport(Canned)
            .build()
            .expect("valid configuration");
        let client = Client::new(config);
        c.bench_function(name, |b| {
            b.iter(|| {
                run(client.delete_activation(black_box(&request))).expect("canned call succeeds")
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
