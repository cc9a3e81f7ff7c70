//! `acs_ecs::Error` (`acs_runtime::Error`): one function calls two
//! operations with `?`, against the loopback test server, and the caller
//! learns which operation failed, the service's details, whether it was
//! throttled or a common code, and gets the typed error back.

use std::error::Error as _;
use std::time::Duration;

use acs_ecs::delete_activation::{DeleteActivationError, DeleteActivationRequest};
use acs_ecs::deregister_managed_instance::{
    DeregisterManagedInstanceError, DeregisterManagedInstanceRequest,
};
use acs_ecs::{Client, CommonError};
use acs_runtime::credentials::Credentials;
use acs_runtime::error::DisplayErrorContext;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{Config, OperationError, RequestId, RetryConfig, SdkError};
use sdk_tests::server::{Fault, TestServer};

const AK: &str = "LTAI5tAnyErrorKey";
const SECRET: &str = "any-error-secret";

fn start() -> TestServer {
    TestServer::builder().access_key(AK, SECRET).start()
}

fn client(server: &TestServer, version: SignatureVersion) -> Client {
    Client::new(
        Config::builder()
            .endpoint(server.url())
            .region("cn-hangzhou")
            .credentials(Credentials::new(AK, SECRET))
            .signature_version(version)
            .retry(RetryConfig::disabled())
            .read_timeout(Duration::from_secs(5))
            .build()
            .expect("a valid configuration"),
    )
}

/// The code a user writes: two operations, one error type, `?` on both.
async fn retire(client: &Client, instance: &str, activation: &str) -> Result<(), acs_ecs::Error> {
    client
        .deregister_managed_instance(&DeregisterManagedInstanceRequest::new(instance))
        .await?;
    client
        .delete_activation(&DeleteActivationRequest::new(activation))
        .await?;
    Ok(())
}

#[test]
fn it_is_one_pointer_and_can_cross_threads() {
    fn send_sync_static<T: Send + Sync + 'static>() {}
    send_sync_static::<acs_ecs::Error>();
    assert_eq!(
        std::mem::size_of::<acs_ecs::Error>(),
        std::mem::size_of::<usize>()
    );
    // The generated crates re-export the runtime's one type.
    let _same: fn(acs_ecs::Error) -> acs_runtime::Error = |e| e;
    let _sts: fn(acs_sts::Error) -> acs_runtime::Error = |e| e;
    assert_eq!(DeleteActivationError::ACTION, "DeleteActivation");
}

#[tokio::test]
async fn either_operation_fails_into_the_same_type() {
    let server = start();
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let client = client(&server, version);

        // Both succeed.
        let activation = server.create_activation("cn-hangzhou", 2);
        let instance = server.register_instance(&activation);
        retire(&client, &instance, &activation)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));

        // The first operation fails: an instance that does not exist.
        let activation = server.create_activation("cn-hangzhou", 2);
        let error = retire(&client, "mi-nobody", &activation).await.unwrap_err();
        assert_eq!(error.operation(), "DeregisterManagedInstance");
        assert_eq!(error.code(), Some("InvalidInstanceId.NotFound"));
        let detail = error.service_error().expect("the service's details");
        assert_eq!(detail.status, 404);
        let record = server.requests().pop().unwrap();
        assert_eq!(error.request_id(), Some(record.request_id.as_str()));
        assert!(!error.is_throttling() && !error.is_common());
        assert!(error.is::<DeregisterManagedInstanceError>());
        assert!(!error.is::<DeleteActivationError>());
        assert!(matches!(
            error.downcast_ref::<DeregisterManagedInstanceError>(),
            Some(DeregisterManagedInstanceError::Unhandled(_))
        ));
        assert!(error.downcast_ref::<DeleteActivationError>().is_none());
        assert_eq!(
            error.to_string(),
            format!(
                "DeregisterManagedInstance: service error: InvalidInstanceId.NotFound (HTTP 404): {} [RequestId: {}]",
                detail.message, record.request_id
            )
        );
        // `source()` is the typed error; the chain on one line says each message once.
        let source = error.source().expect("the typed error");
        assert!(source.is::<DeregisterManagedInstanceError>());
        assert_eq!(DisplayErrorContext(&error).to_string(), error.to_string());

        // The second fails: the activation still has a registered instance.
        let activation = server.create_activation("cn-hangzhou", 2);
        let first = server.register_instance(&activation);
        let _second = server.register_instance(&activation);
        let error = retire(&client, &first, &activation).await.unwrap_err();
        assert_eq!(error.operation(), "DeleteActivation");
        assert_eq!(error.code(), Some("Activation.InUse"));
        assert_eq!(error.service_error().map(|e| e.status), Some(400));
        // Downcast by value: the wrong type gives the error back unchanged…
        let error = error
            .downcast::<DeregisterManagedInstanceError>()
            .unwrap_err();
        assert_eq!(error.operation(), "DeleteActivation");
        // …and the right one the call's `SdkError`, typed.
        let typed = error.downcast::<DeleteActivationError>().unwrap();
        let SdkError::Service(DeleteActivationError::Unhandled(detail)) = &typed else {
            panic!("expected the catch-all, got {typed:?}");
        };
        assert_eq!(detail.code, "Activation.InUse");
    }
}

#[tokio::test]
async fn throttling_and_common_codes_without_comparing_strings() {
    let server = start();
    let client = client(&server, SignatureVersion::V3);
    let activation = server.create_activation("cn-hangzhou", 1);
    let instance = server.register_instance(&activation);
    server.inject(Fault::Throttling { retry_after: None }, 1);
    let error = retire(&client, &instance, &activation).await.unwrap_err();
    assert_eq!(error.operation(), "DeregisterManagedInstance");
    assert!(error.is_throttling());
    assert!(error.is_common(), "`Throttling` is a common code of ECS");
    assert!(matches!(
        error.common::<CommonError>(),
        Some(CommonError::Throttling(_))
    ));
    assert!(error.common::<std::io::Error>().is_none(), "another type");
    let typed = error
        .downcast_ref::<DeregisterManagedInstanceError>()
        .unwrap();
    assert!(typed.is_throttling());
    assert!(typed.common().is_some_and(CommonError::is_throttling));
    assert!(matches!(
        typed
            .common_error()
            .and_then(|c| c.downcast_ref::<CommonError>()),
        Some(CommonError::Throttling(_))
    ));

    // The same, asked of the call's own `SdkError`.
    server.inject(Fault::Throttling { retry_after: None }, 1);
    let error = client
        .deregister_managed_instance(&DeregisterManagedInstanceRequest::new(instance.as_str()))
        .await
        .unwrap_err();
    assert!(error.is_throttling());
    assert_eq!(
        error.service_error().map(|e| e.code.as_str()),
        Some("Throttling")
    );

    // A common code that is not throttling.
    let wrong = Client::new(
        Config::builder()
            .endpoint(server.url())
            .region("cn-hangzhou")
            .credentials(Credentials::new(AK, "not-the-secret"))
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    );
    let error = retire(&wrong, &instance, &activation).await.unwrap_err();
    assert!(!error.is_throttling() && error.is_common());
    assert!(matches!(
        error.common::<CommonError>(),
        Some(CommonError::SignatureDoesNotMatch(_))
    ));
}

#[tokio::test]
async fn failures_other_than_the_services_keep_their_kind() {
    let server = start();
    // No region anywhere: the local error, as any other kind.
    let regionless = Client::new(
        Config::builder()
            .endpoint(server.url())
            .credentials(Credentials::new(AK, SECRET))
            .build()
            .unwrap(),
    );
    let error = retire(&regionless, "mi-1", "act-1").await.unwrap_err();
    assert_eq!(error.operation(), "DeregisterManagedInstance");
    assert!(matches!(error.sdk_error(), SdkError::MissingRegion(_)));
    assert!(error.service_error().is_none() && error.code().is_none());
    assert!(
        error
            .downcast_ref::<DeregisterManagedInstanceError>()
            .is_none()
    );
    assert!(
        error.to_string().starts_with(
            "DeregisterManagedInstance: no region: DeregisterManagedInstance requires RegionId"
        ),
        "{error}"
    );
    assert!(error.source().is_some());
    let typed = error
        .downcast::<DeregisterManagedInstanceError>()
        .expect("the same operation");
    assert!(matches!(typed, SdkError::MissingRegion(_)));
    assert_eq!(server.request_count(), 0);

    // A connection refused: a transport error, not throttling.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let refused = Client::new(
        Config::builder()
            .endpoint(format!("http://{addr}"))
            .region("cn-hangzhou")
            .credentials(Credentials::new(AK, SECRET))
            .retry(RetryConfig::disabled())
            .connect_timeout(Duration::from_millis(300))
            .build()
            .unwrap(),
    );
    let error = retire(&refused, "mi-1", "act-1").await.unwrap_err();
    assert!(matches!(error.sdk_error(), SdkError::Transport(_)));
    assert!(!error.is_throttling() && !error.is_common());
    assert!(
        error
            .to_string()
            .starts_with("DeregisterManagedInstance: transport: ")
    );
}
