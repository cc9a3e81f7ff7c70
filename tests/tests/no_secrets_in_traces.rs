//! Secrets never reach the logs: every span and event the runtime emits
//! while calling the loopback server (V3 and V2, with an STS token that V2
//! puts in the query string, through retries, service errors and a wrong
//! secret) is recorded by a subscriber, and no secret or token appears.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_ecs::Client;
use acs_ecs::delete_activation::DeleteActivationRequest;
use acs_runtime::credentials::Credentials;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{Config, RetryConfig};
use sdk_tests::server::{Fault, TestServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const STS_AK: &str = "STS.NUtraceTemporary";
const STS_SECRET: &str = "trace-sts-secret-4f1d";
const TOKEN: &str = "CAIS-trace-security-token-9b2e";
const AK: &str = "LTAI5tTraceLongLived";
const SECRET: &str = "trace-long-lived-secret-77aa";

/// Records the name and every field of every span and event, at every level.
#[derive(Clone, Default)]
struct Recorder {
    text: Arc<Mutex<String>>,
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

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = self.text.lock().unwrap();
        let _ = write!(text, "\nspan {}", span.metadata().name());
        span.record(&mut Fields(&mut text));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.text.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.text.lock().unwrap();
        let _ = write!(text, "\nevent {}", event.metadata().target());
        event.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn client(server: &TestServer, version: SignatureVersion, credentials: Credentials) -> Client {
    let config = Config::builder()
        .endpoint(server.url())
        .region("cn-hangzhou")
        .credentials(credentials)
        .signature_version(version)
        .retry(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .read_timeout(Duration::from_millis(500))
        .build()
        .expect("valid configuration");
    Client::new(config)
}

#[test]
fn no_secret_or_token_is_ever_traced() {
    let recorder = Recorder::default();
    let server = TestServer::builder()
        .access_key(AK, SECRET)
        .sts_key(STS_AK, STS_SECRET, TOKEN)
        .start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    tracing::subscriber::with_default(recorder.clone(), || {
        runtime.block_on(async {
            for version in [SignatureVersion::V3, SignatureVersion::V2] {
                let sts = client(
                    &server,
                    version,
                    Credentials::new(STS_AK, STS_SECRET).with_security_token(TOKEN),
                );
                // Throttled twice (two retries, each logged), then deleted.
                let id = server.create_activation("cn-hangzhou", 1);
                server.inject(Fault::Throttling { retry_after: None }, 2);
                sts.delete_activation(&DeleteActivationRequest::new(id.as_str()))
                    .await
                    .unwrap();
                // A service error (not found), after 500s that are retried.
                server.inject(Fault::InternalErrorDispatch, 1);
                let _ = sts
                    .delete_activation(&DeleteActivationRequest::new(id.as_str()))
                    .await
                    .unwrap_err();
                // A wrong secret.
                let wrong = client(
                    &server,
                    version,
                    Credentials::new(AK, "not-the-secret").with_security_token(TOKEN),
                );
                let _ = wrong
                    .delete_activation(&DeleteActivationRequest::new("x"))
                    .await
                    .unwrap_err();
            }
        })
    });

    let text = recorder.text.lock().unwrap().clone();
    // The recorder saw the calls: spans per call, retry events with reasons.
    assert!(text.matches("span acs_call").count() >= 6, "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("operation=DeleteActivation"), "{text}");
    assert!(
        text.contains("status=400") && text.contains("request_id="),
        "{text}"
    );
    for secret in [SECRET, STS_SECRET, TOKEN, "not-the-secret"] {
        assert!(!text.contains(secret), "{secret:?} was traced:\n{text}");
    }
}
