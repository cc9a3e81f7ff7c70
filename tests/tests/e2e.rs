//! End to end over real HTTP on loopback: the generated `acs_ecs::Client`,
//! the runtime's default reqwest transport, and the test server
//! (`sdk_tests::server`), which verifies signatures with its own code,
//! refuses reused nonces and stale timestamps, and keeps state.
//!
//! Every client here has tiny back-offs and timeouts in the hundreds of
//! milliseconds, so the whole file runs in one to two seconds.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use acs_ecs::Client;
use acs_ecs::delete_activation::{DeleteActivationError, DeleteActivationRequest};
use acs_ecs::deregister_managed_instance::{
    DeregisterManagedInstanceError, DeregisterManagedInstanceRequest,
};
use acs_runtime::client::ConfigBuilder;
use acs_runtime::credentials::{BoxFuture, Credentials};
use acs_runtime::error::TransportErrorKind;
use acs_runtime::response::parse_response;
use acs_runtime::retry::Sleep;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{
    CallOptions, Config, OperationError, ResponseFormat, RetryConfig, SdkError, ServiceError,
};
use sdk_tests::server::{self, Fault, TestServer};

const AK: &str = "LTAI5tE2eLongLived";
const SECRET: &str = "e2e-secret-must-never-be-shown";
const STS_AK: &str = "STS.NUe2eTemporary";
const STS_SECRET: &str = "e2e-sts-secret";
const TOKEN: &str = "CAIS-e2e-security-token";

fn start() -> TestServer {
    TestServer::builder()
        .access_key(AK, SECRET)
        .sts_key(STS_AK, STS_SECRET, TOKEN)
        .start()
}

/// A client configuration for `server`: region `cn-hangzhou` (the
/// requests' `RegionId`), long-lived keys, V3, JSON, three attempts with
/// back-offs of at most 20 ms, 300 ms timeouts.
fn config(server: &TestServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.url())
        .region("cn-hangzhou")
        .credentials(Credentials::new(AK, SECRET))
        .retry(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .connect_timeout(Duration::from_millis(300))
        .read_timeout(Duration::from_millis(300))
}

fn ecs_client(config: ConfigBuilder) -> Client {
    Client::new(config.build().expect("a valid configuration"))
}

/// The service error of a failed call, whatever the variant.
fn service_error<E: OperationError>(error: &SdkError<E>) -> &ServiceError {
    match error {
        SdkError::Service(e) => e.service_error(),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn no_retries() -> CallOptions {
    CallOptions::new().retry(RetryConfig::disabled())
}

/// Deletes an unused activation (typed response checked), then deletes it
/// again (not found), in JSON and in XML.
async fn delete_twice(server: &TestServer, config: impl Fn() -> ConfigBuilder) {
    for format in [ResponseFormat::Json, ResponseFormat::Xml] {
        let client = ecs_client(config().format(format));
        let id = server.create_activation("cn-hangzhou", 3);
        let request = DeleteActivationRequest::new(id.as_str());

        let response = client
            .delete_activation(&request)
            .await
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        let activation = response.activation.expect("the Activation struct");
        assert_eq!(activation.activation_id.as_deref(), Some(id.as_str()));
        assert_eq!(
            activation.instance_count,
            Some(3),
            "numbers sent as strings are typed"
        );
        assert_eq!(activation.registered_count, Some(0));
        assert_eq!(activation.time_to_live_in_hours, Some(4));
        assert_eq!(activation.ip_address_range.as_deref(), Some("0.0.0.0/0"));
        let record = server.requests().pop().unwrap();
        assert_eq!(
            response.request_id.as_deref(),
            Some(record.request_id.as_str())
        );
        assert_eq!(record.status, Some(200));
        assert!(server.activation(&id).is_none(), "deleted");

        let error = client.delete_activation(&request).await.unwrap_err();
        let detail = service_error(&error);
        assert!(
            matches!(
                error,
                SdkError::Service(DeleteActivationError::Unhandled(_))
            ),
            "{error:?}"
        );
        assert_eq!(
            (detail.status, detail.code.as_str()),
            (404, "InvalidActivationId.NotFound")
        );
        assert!(
            detail.request_id.is_some() && detail.host_id.is_some() && detail.recommend.is_some()
        );
    }
}

#[tokio::test]
async fn v3_delete_activation_then_not_found() {
    let server = start();
    delete_twice(&server, || config(&server)).await;
    let records = server.requests();
    assert_eq!(records.len(), 4);
    for record in &records {
        assert_eq!(record.signature_version, server::SignatureVersion::V3);
        assert_eq!(record.access_key_id.as_deref(), Some(AK));
        assert_eq!(record.action.as_deref(), Some("DeleteActivation"));
    }
}

#[tokio::test]
async fn v3_with_sts_credentials() {
    let server = start();
    let sts = || {
        config(&server).credentials(Credentials::new(STS_AK, STS_SECRET).with_security_token(TOKEN))
    };
    delete_twice(&server, sts).await;
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.access_key_id.as_deref() == Some(STS_AK))
    );
}

#[tokio::test]
async fn v2_delete_activation_then_not_found() {
    let server = start();
    delete_twice(&server, || {
        config(&server).signature_version(SignatureVersion::V2)
    })
    .await;
    let records = server.requests();
    assert_eq!(records.len(), 4);
    assert!(
        records
            .iter()
            .all(|r| r.signature_version == server::SignatureVersion::V2)
    );
    // The operation's parameters arrived as documented, common ones apart.
    let names: Vec<&str> = records[0].params.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ActivationId", "RegionId"]);
}

#[tokio::test]
async fn v2_with_sts_credentials() {
    let server = start();
    let sts = || {
        config(&server)
            .signature_version(SignatureVersion::V2)
            .credentials(Credentials::new(STS_AK, STS_SECRET).with_security_token(TOKEN))
    };
    delete_twice(&server, sts).await;
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.access_key_id.as_deref() == Some(STS_AK))
    );
}

#[tokio::test]
async fn a_temporary_key_needs_its_token() {
    let server = start();
    let id = server.create_activation("cn-hangzhou", 1);
    let request = DeleteActivationRequest::new(id.as_str());
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let without = ecs_client(
            config(&server)
                .signature_version(version)
                .credentials(Credentials::new(STS_AK, STS_SECRET)),
        );
        let error = without.delete_activation(&request).await.unwrap_err();
        assert_eq!(
            service_error(&error).code,
            "MissingSecurityToken",
            "{version:?}"
        );
        let wrong = ecs_client(config(&server).signature_version(version).credentials(
            Credentials::new(STS_AK, STS_SECRET).with_security_token("another-token"),
        ));
        let error = wrong.delete_activation(&request).await.unwrap_err();
        assert_eq!(
            service_error(&error).code,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "{version:?}"
        );
    }
    assert!(server.activation(&id).is_some(), "nothing was deleted");
}

#[tokio::test]
async fn a_used_activation_is_refused_until_its_instances_are_deregistered() {
    let server = start();
    let client = ecs_client(config(&server).region("cn-beijing"));
    let id = server.create_activation("cn-beijing", 2);
    let instance = server.register_instance(&id);
    let request = DeleteActivationRequest::new(id.as_str());

    let error = client.delete_activation(&request).await.unwrap_err();
    let SdkError::Service(DeleteActivationError::Unhandled(detail)) = &error else {
        panic!("expected the catch-all variant, got {error:?}");
    };
    assert_eq!(
        (detail.status, detail.code.as_str()),
        (400, "Activation.InUse")
    );
    assert!(
        detail.message.contains("1 managed instance"),
        "{}",
        detail.message
    );
    assert_eq!(
        detail.request_id.as_deref(),
        Some(server.requests()[0].request_id.as_str())
    );
    assert_eq!(server.request_count(), 1, "a 4xx is not retried");
    assert!(server.activation(&id).is_some());

    let deregistered = client
        .deregister_managed_instance(&DeregisterManagedInstanceRequest::new(instance.as_str()))
        .await
        .unwrap();
    assert_eq!(
        deregistered.instance.unwrap().activation_id.as_deref(),
        Some(id.as_str())
    );
    let activation = client
        .delete_activation(&request)
        .await
        .unwrap()
        .activation
        .unwrap();
    assert_eq!(
        (activation.registered_count, activation.deregistered_count),
        (Some(0), Some(1))
    );
}

#[tokio::test]
async fn deregister_managed_instance_returns_the_instance_and_removes_it() {
    let server = start();
    let id = server.create_activation("cn-shanghai", 1);
    let instance_id = server.register_instance(&id);
    let kept = server.instance(&instance_id).unwrap();
    for version in [SignatureVersion::V2, SignatureVersion::V3] {
        let client = ecs_client(
            config(&server)
                .region("cn-shanghai")
                .signature_version(version),
        );
        let request = DeregisterManagedInstanceRequest::new(instance_id.as_str());
        if version == SignatureVersion::V2 {
            let instance = client
                .deregister_managed_instance(&request)
                .await
                .unwrap()
                .instance
                .unwrap();
            assert_eq!(instance.instance_id.as_deref(), Some(instance_id.as_str()));
            assert_eq!(instance.hostname.as_deref(), Some(kept.hostname.as_str()));
            assert_eq!(
                instance.os_version.as_deref(),
                Some(kept.os_version.as_str())
            );
            assert_eq!(instance.invocation_count, Some(2));
            assert_eq!(
                instance.machine_id.as_deref(),
                Some(kept.machine_id.as_str())
            );
            assert!(server.instance(&instance_id).is_none(), "removed");
        } else {
            let error = client
                .deregister_managed_instance(&request)
                .await
                .unwrap_err();
            assert!(matches!(
                error,
                SdkError::Service(DeregisterManagedInstanceError::Unhandled(_))
            ));
            assert_eq!(service_error(&error).code, "InvalidInstanceId.NotFound");
            assert_eq!(service_error(&error).status, 404);
        }
    }
}

#[tokio::test]
async fn an_unsupported_region_is_refused() {
    let server = start();
    let client = ecs_client(config(&server).region("ap-southeast-1"));
    let id = server.create_activation("cn-hangzhou", 1);
    let error = client
        .delete_activation(&DeleteActivationRequest::new(id.as_str()))
        .await
        .unwrap_err();
    let detail = service_error(&error);
    assert_eq!(
        (detail.status, detail.code.as_str()),
        (400, "RegionId.ApiNotSupported")
    );
    assert!(server.activation(&id).is_some());
}

/// Records the waits asked for and does not wait.
#[derive(Clone, Debug, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

#[tokio::test]
async fn throttling_is_retried_with_the_advised_wait_and_fresh_nonces() {
    let server = start();
    let sleep = RecordingSleep::default();
    let client = ecs_client(
        config(&server)
            .retry(
                RetryConfig::default()
                    .with_max_attempts(4)
                    .with_max_backoff(Duration::from_secs(2)),
            )
            .sleep(sleep.clone()),
    );
    let id = server.create_activation("cn-hangzhou", 1);
    server.inject(
        Fault::Throttling {
            retry_after: Some(Duration::from_millis(1500)),
        },
        2,
    );

    let response = client
        .delete_activation(&DeleteActivationRequest::new(id.as_str()))
        .await;
    assert!(response.is_ok(), "{response:?}");
    let records = server.requests();
    let statuses: Vec<Option<u16>> = records.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(400), Some(400), Some(200)]);
    assert_eq!(records[0].code.as_deref(), Some("Throttling"));
    // The server refuses a reused nonce, so the success proves it too.
    let mut nonces: Vec<&str> = records.iter().filter_map(|r| r.nonce.as_deref()).collect();
    nonces.sort_unstable();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "each attempt has a new nonce");
    // `x-acs-retry-after: 1500` (milliseconds) was honoured, not the 100 ms back-off.
    assert_eq!(*sleep.0.lock().unwrap(), [Duration::from_millis(1500); 2]);
}

#[tokio::test]
async fn internal_error_dispatch_is_typed_after_retries_or_at_once() {
    let server = start();
    let client = ecs_client(config(&server));
    let id = server.create_activation("cn-hangzhou", 1);
    let request = DeleteActivationRequest::new(id.as_str());
    server.inject(Fault::InternalErrorDispatch, 4);

    let error = client.delete_activation(&request).await.unwrap_err();
    let SdkError::Service(DeleteActivationError::InternalErrorDispatch(detail)) = &error else {
        panic!("expected InternalErrorDispatch, got {error:?}");
    };
    assert_eq!(detail.status, 500);
    assert_eq!(
        detail.message,
        "An error occurred when you dispatched the request."
    );
    assert_eq!(server.request_count(), 3, "three attempts by default");

    let error = client
        .runtime()
        .call_with(&request, &no_retries())
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        SdkError::Service(DeleteActivationError::InternalErrorDispatch(_))
    ));
    assert_eq!(
        server.request_count(),
        4,
        "one attempt with retries disabled"
    );
    assert!(server.activation(&id).is_some(), "the operation never ran");
}

#[tokio::test]
async fn a_wrong_secret_or_key_is_refused_with_its_variant() {
    let server = start();
    let id = server.create_activation("cn-hangzhou", 1);
    let request = DeleteActivationRequest::new(id.as_str());
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let wrong_secret = ecs_client(
            config(&server)
                .signature_version(version)
                .credentials(Credentials::new(AK, "not-the-secret")),
        );
        let error = wrong_secret.delete_activation(&request).await.unwrap_err();
        assert!(
            matches!(
                error,
                SdkError::Service(DeleteActivationError::Common(
                    acs_ecs::CommonError::SignatureDoesNotMatch(_)
                ))
            ),
            "{error:?}"
        );
        assert!(!error.to_string().contains("not-the-secret"));

        let unknown = ecs_client(
            config(&server)
                .signature_version(version)
                .credentials(Credentials::new("LTAI-nobody", SECRET)),
        );
        let error = unknown.delete_activation(&request).await.unwrap_err();
        assert!(
            matches!(
                error,
                SdkError::Service(DeleteActivationError::Common(
                    acs_ecs::CommonError::InvalidAccessKeyIdNotFound(_)
                ))
            ),
            "{error:?}"
        );
        assert_eq!(service_error(&error).status, 404);
    }
    assert_eq!(server.request_count(), 4, "none is retried");
}

#[tokio::test]
async fn a_slow_server_is_a_timeout_and_a_retry_gets_through() {
    let server = start();
    let client = ecs_client(config(&server).read_timeout(Duration::from_millis(200)));
    let request = DeleteActivationRequest::new(server.create_activation("cn-hangzhou", 1));
    // The server would answer after 10 s; the client must give up long before.
    server.inject(Fault::Delay(Duration::from_secs(10)), 1);

    let started = Instant::now();
    let error = client
        .runtime()
        .call_with(&request, &no_retries())
        .await
        .unwrap_err();
    let SdkError::Transport(e) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(e.kind, TransportErrorKind::Timeout, "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // Timeouts are retried: the first attempt is slow, the second answers.
    let request = DeleteActivationRequest::new(server.create_activation("cn-hangzhou", 1));
    server.inject(Fault::Delay(Duration::from_secs(2)), 1);
    let before = server.request_count();
    client.delete_activation(&request).await.unwrap();
    assert_eq!(server.request_count() - before, 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = ecs_client(
        Config::builder()
            .endpoint(format!("http://{addr}"))
            .region("cn-hangzhou")
            .credentials(Credentials::new(AK, SECRET))
            .retry(RetryConfig::default().with_initial_backoff(Duration::from_millis(1)))
            .connect_timeout(Duration::from_millis(300)),
    );
    let error = client
        .delete_activation(&DeleteActivationRequest::new("id"))
        .await
        .unwrap_err();
    let SdkError::Transport(e) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(e.kind, TransportErrorKind::Connect, "{e}");
}

#[tokio::test]
async fn a_malformed_body_keeps_the_status_and_its_start() {
    let server = start();
    let client = ecs_client(config(&server));
    let id = server.create_activation("cn-hangzhou", 1);
    server.inject(Fault::TruncatedBody, 1);
    let error = client
        .delete_activation(&DeleteActivationRequest::new(id.as_str()))
        .await
        .unwrap_err();
    let SdkError::Response(e) = &error else {
        panic!("expected a response error, got {error:?}");
    };
    assert_eq!(e.status, 200);
    assert!(e.body_start.starts_with("{\""), "{:?}", e.body_start);
    assert!(e.reason.contains("truncated"), "{}", e.reason);
    assert_eq!(
        server.request_count(),
        1,
        "an unreadable 2xx is not retried"
    );

    // An HTML error page from a proxy: retried as a 5xx, then reported.
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
    let fault = Fault::Raw {
        status: 502,
        content_type: "text/html".into(),
        body: html,
    };
    server.inject(fault, 3);
    let request = DeleteActivationRequest::new(server.create_activation("cn-hangzhou", 1));
    let error = client.delete_activation(&request).await.unwrap_err();
    let SdkError::Response(e) = &error else {
        panic!("expected a response error, got {error:?}");
    };
    assert_eq!(e.status, 502);
    assert!(e.body_start.starts_with("<html>"), "{:?}", e.body_start);
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn sans_io_signed_request_and_raw_response() {
    let server = start();
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let client = ecs_client(config(&server).signature_version(version));
        let id = server.create_activation("cn-hangzhou", 1);
        let request = DeleteActivationRequest::new(id.as_str());

        let signed = client.runtime().signed_request(&request).await.unwrap();
        let raw = server::send_raw(&signed).await.unwrap();
        let response = parse_response::<DeleteActivationRequest>(&raw).unwrap();
        assert_eq!(
            response.activation.unwrap().activation_id.as_deref(),
            Some(id.as_str())
        );

        // The same request again: the server refuses the nonce.
        let raw = server::send_raw(&signed).await.unwrap();
        let error = parse_response::<DeleteActivationRequest>(&raw).unwrap_err();
        assert!(
            matches!(
                error,
                SdkError::Service(DeleteActivationError::Common(
                    acs_ecs::CommonError::SignatureNonceUsed(_)
                ))
            ),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn timestamps_are_checked_against_the_servers_clock() {
    let credentials = Credentials::new(AK, SECRET);
    // A server whose clock says 2023-10-26T10:22:32Z accepts a request signed then...
    let fixed = server::timestamp("2023-10-26T10:22:32Z");
    let server = TestServer::builder()
        .access_key(AK, SECRET)
        .clock(move || fixed)
        .start();
    let client = ecs_client(config(&server));
    let request = DeleteActivationRequest::new(server.create_activation("cn-hangzhou", 1));
    let signed = client
        .runtime()
        .sign_request_at(
            &request,
            &credentials,
            fixed + Duration::from_secs(60),
            "nonce-at-fixed-time",
        )
        .unwrap();
    let raw = server::send_raw(&signed).await.unwrap();
    assert!(parse_response::<DeleteActivationRequest>(&raw).is_ok());

    // ...and refuses one signed 16 minutes off, either way.
    for (offset, nonce) in [(-16i64, "nonce-early"), (16, "nonce-late")] {
        let at = if offset < 0 {
            fixed - Duration::from_secs(16 * 60)
        } else {
            fixed + Duration::from_secs(16 * 60)
        };
        let signed = client
            .runtime()
            .sign_request_at(&request, &credentials, at, nonce)
            .unwrap();
        let raw = server::send_raw(&signed).await.unwrap();
        let error = parse_response::<DeleteActivationRequest>(&raw).unwrap_err();
        assert!(
            matches!(
                error,
                SdkError::Service(DeleteActivationError::Common(
                    acs_ecs::CommonError::InvalidTimeStampExpired(_)
                ))
            ),
            "{offset}: {error:?}"
        );
    }

    // With the real clock, a call signed now is accepted; one from an hour ago is not.
    let server = start();
    let client = ecs_client(config(&server));
    let request = DeleteActivationRequest::new(server.create_activation("cn-hangzhou", 1));
    let stale = SystemTime::now() - Duration::from_secs(3600);
    let signed = client
        .runtime()
        .sign_request_at(&request, &credentials, stale, "nonce-stale")
        .unwrap();
    let raw = server::send_raw(&signed).await.unwrap();
    assert_eq!(raw.status(), 400);
    assert!(client.delete_activation(&request).await.is_ok());
}
