//! The client's region is every request's default `RegionId`, end to end
//! over loopback HTTP, signed V3 and V2: the test server verifies each
//! signature with its own code, records the parameters exactly as it read
//! them, and keeps activation codes per region (one looked up in another
//! region does not exist), so a success also says which region was sent.
//!
//! | client | request | sent | |
//! |---|---|---|---|
//! | region | unset | the client's | `from_the_client_only` |
//! | none | region | the request's | `from_the_request_only` |
//! | region | the same | it, once | `both_the_same` |
//! | region | another | the request's, endpoint the client's, a warning | `both_different` |
//! | none | unset | nothing: a local error | `neither` |

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use acs_ecs::Client;
use acs_ecs::delete_activation::{DeleteActivationError, DeleteActivationRequest};
use acs_ecs::deregister_managed_instance::DeregisterManagedInstanceRequest;
use acs_runtime::client::ConfigBuilder;
use acs_runtime::credentials::Credentials;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{Config, Operation, RegionParam, RetryConfig, SdkError};
use sdk_tests::server::{RequestRecord, TestServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

const AK: &str = "LTAI5tRegionKey";
const SECRET: &str = "region-secret";

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V3, SignatureVersion::V2];

fn start() -> TestServer {
    TestServer::builder().access_key(AK, SECRET).start()
}

/// A configuration for `server` without a region: no retries, short timeouts.
fn config(server: &TestServer, version: SignatureVersion) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.url())
        .credentials(Credentials::new(AK, SECRET))
        .signature_version(version)
        .retry(RetryConfig::disabled())
        .read_timeout(Duration::from_secs(5))
}

fn client(config: ConfigBuilder) -> Client {
    Client::new(config.build().expect("a valid configuration"))
}

/// Every `RegionId` the request carried, as the server read it.
fn region_ids(record: &RequestRecord) -> Vec<&str> {
    record
        .params
        .iter()
        .filter(|(name, _)| name == "RegionId")
        .map(|(_, value)| value.as_str())
        .collect()
}

/// The last request's `RegionId`s, after checking that it was verified and answered 200.
fn sent_regions(server: &TestServer) -> Vec<String> {
    let record = server.requests().pop().expect("a request");
    assert_eq!(record.status, Some(200), "{record:?}");
    region_ids(&record).into_iter().map(str::to_owned).collect()
}

/// The `RegionId` facts come from the spec: required for both seed
/// operations (and filled by the client), so it is never a constructor
/// argument.
#[test]
fn region_id_is_a_fact_of_the_operation_not_a_constructor_argument() {
    assert_eq!(
        DeleteActivationRequest::REGION_PARAM,
        Some(RegionParam::required("RegionId"))
    );
    assert_eq!(
        DeregisterManagedInstanceRequest::REGION_PARAM,
        Some(RegionParam::required("RegionId"))
    );
    let request = DeleteActivationRequest::new("act-1");
    assert_eq!(request.region_id, None);
    let request = request.region_id("cn-beijing");
    assert_eq!(request.request_region(), Some("cn-beijing"));
}

#[tokio::test]
async fn from_the_client_only() {
    let server = start();
    for version in VERSIONS {
        let client = client(config(&server, version).region("cn-shanghai"));
        let id = server.create_activation("cn-shanghai", 1);
        let response = client
            .delete_activation(&DeleteActivationRequest::new(id.as_str()))
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(
            response.activation.and_then(|a| a.activation_id).as_deref(),
            Some(id.as_str())
        );
        assert_eq!(sent_regions(&server), ["cn-shanghai"], "{version:?}");
        let record = server.requests().pop().unwrap();
        let mut names: Vec<&str> = record.params.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["ActivationId", "RegionId"], "{version:?}: exactly");
    }
}

#[tokio::test]
async fn from_the_request_only() {
    let server = start();
    for version in VERSIONS {
        let client = client(config(&server, version));
        assert_eq!(client.runtime().config().region(), None);
        let id = server.create_activation("cn-beijing", 1);
        let instance = server.register_instance(&id);
        client
            .deregister_managed_instance(
                &DeregisterManagedInstanceRequest::new(instance.as_str()).region_id("cn-beijing"),
            )
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(sent_regions(&server), ["cn-beijing"], "{version:?}");
    }
}

#[tokio::test]
async fn both_the_same() {
    let server = start();
    for version in VERSIONS {
        let client = client(config(&server, version).region("cn-hangzhou"));
        let id = server.create_activation("cn-hangzhou", 1);
        client
            .delete_activation(&DeleteActivationRequest::new(id.as_str()).region_id("cn-hangzhou"))
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(sent_regions(&server), ["cn-hangzhou"], "sent once");
    }
}

/// Records the message and fields of every `WARN` event.
#[derive(Clone, Default)]
struct Warnings {
    text: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl Subscriber for Warnings {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if *event.metadata().level() == Level::WARN {
            let mut text = String::new();
            event.record(&mut Fields(&mut text));
            self.text.lock().unwrap().push(text);
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The documented choice: the request's `RegionId` is sent as given, the
/// endpoint stays the client's region's, and the call warns with both.
#[tokio::test]
async fn both_different() {
    let warnings = Warnings::default();
    let _guard = tracing::subscriber::set_default(warnings.clone());
    let server = start();
    for version in VERSIONS {
        let client = client(config(&server, version).region("cn-hangzhou"));
        // The activation is in cn-beijing: found only if cn-beijing was sent.
        let id = server.create_activation("cn-beijing", 1);
        client
            .delete_activation(&DeleteActivationRequest::new(id.as_str()).region_id("cn-beijing"))
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(sent_regions(&server), ["cn-beijing"], "{version:?}");
    }
    let warnings = warnings.text.lock().unwrap().clone();
    assert_eq!(warnings.len(), 2, "one per call: {warnings:?}");
    for warning in &warnings {
        assert!(
            warning.contains("differs from the client's region")
                && warning.contains("request_region=cn-beijing")
                && warning.contains("client_region=cn-hangzhou"),
            "{warning}"
        );
    }

    // Without an endpoint override the endpoint is visibly the client's:
    // cn-hangzhou's host, with cn-beijing in the query.
    for version in VERSIONS {
        let client = client(
            Config::builder()
                .region("cn-hangzhou")
                .signature_version(version)
                .credentials(Credentials::new(AK, SECRET)),
        );
        let request = DeleteActivationRequest::new("act-1").region_id("cn-beijing");
        let signed = client
            .runtime()
            .sign_request_at(
                &request,
                &Credentials::new(AK, SECRET),
                SystemTime::now(),
                "n",
            )
            .unwrap();
        assert_eq!(
            signed.uri().host(),
            Some("ecs-cn-hangzhou.aliyuncs.com"),
            "{version:?}"
        );
        let query = signed.uri().query().unwrap_or_default();
        assert!(query.contains("RegionId=cn-beijing"), "{query}");
        assert!(!query.contains("RegionId=cn-hangzhou"), "{query}");
    }
}

/// Neither the client nor the request has a region, and the operation
/// requires one: a local error that names the operation and what to set,
/// before anything is signed or sent; no panic.
#[tokio::test]
async fn neither() {
    let server = start();
    for version in VERSIONS {
        let client = client(config(&server, version));
        let request = DeleteActivationRequest::new(server.create_activation("cn-hangzhou", 1));
        let error = client.delete_activation(&request).await.unwrap_err();
        let SdkError::MissingRegion(missing) = &error else {
            panic!("expected MissingRegion, got {error:?}");
        };
        assert_eq!(missing.operation(), "DeleteActivation");
        assert_eq!(missing.parameter(), "RegionId");
        let text = error.to_string();
        assert!(
            text.contains("DeleteActivation requires RegionId")
                && text.contains("set the client's region")
                && text.contains("the request's RegionId")
                && text.contains("nothing was sent"),
            "{text}"
        );
        // The sans-IO steps refuse the same way.
        let signed = client.runtime().signed_request(&request).await;
        assert!(
            matches!(signed, Err(SdkError::MissingRegion(_))),
            "{signed:?}"
        );
        let unsigned = client
            .runtime()
            .unsigned_request_at(&request, SystemTime::now(), "n");
        assert!(matches!(unsigned, Err(SdkError::MissingRegion(_))));
        // It is not retried (retries are off here, but it is no transient
        // failure either) and not a throttling.
        assert!(!error.is_throttling());
        assert!(acs_runtime::retry::RetryReason::of(&error).is_none());
    }
    assert_eq!(server.request_count(), 0, "nothing reached the server");
}

/// A client region the operation does not serve is the service's to refuse
/// (`RegionId.ApiNotSupported`, a documented code of the operation): the
/// client sends it like any other.
#[tokio::test]
async fn the_client_region_is_what_the_service_judges() {
    let server = start();
    let client = client(config(&server, SignatureVersion::V3).region("ap-southeast-1"));
    let error = client
        .delete_activation(&DeleteActivationRequest::new("act-1"))
        .await
        .unwrap_err();
    let SdkError::Service(DeleteActivationError::RegionIdApiNotSupported(detail)) = &error else {
        panic!("expected RegionIdApiNotSupported, got {error:?}");
    };
    assert_eq!(detail.status, 400);
    assert_eq!(
        region_ids(&server.requests()[0]),
        ["ap-southeast-1"],
        "the client's region was sent"
    );
}
