//! Testing your own code without a server: `acs_runtime::mock` (feature
//! `test-util`) stands in for ECS, with typed responses and errors, a
//! sequence of them per operation, and a record of the typed requests.
//! `cargo run --example mock_test` runs the checks below; `cargo test` runs
//! them too.
//!
//! In a crate of your own, enable the feature for tests only:
//!
//! ```toml
//! [dev-dependencies]
//! acs-runtime = { version = "…", features = ["test-util"] }
//! ```

use acs_ecs::delete_activation::{Activation, DeleteActivationError};
use acs_ecs::{Client, DeleteActivationRequest, DeleteActivationResponse};
use acs_runtime::error::DisplayErrorContext;
use acs_runtime::mock::Mock;
use acs_runtime::{RequestId, SdkError, ServiceError, Shape};

/// The code under test: deletes an activation code and reports how many
/// instances it had registered; gives up on an activation still in use, and
/// retries itself (once) when the service is busy.
async fn retire_activation(client: &Client, id: &str) -> Result<i32, String> {
    let request = DeleteActivationRequest::new(id);
    let mut tries = 0;
    loop {
        tries += 1;
        match client.delete_activation(&request).await {
            Ok(response) => {
                return Ok(response
                    .activation
                    .and_then(|a| a.registered_count)
                    .unwrap_or(0));
            }
            Err(SdkError::Service(e)) if e.code() == "ServiceUnavailable" && tries < 2 => {}
            Err(e) => return Err(DisplayErrorContext(&e).to_string()),
        }
    }
}

fn deleted(registered: i32) -> DeleteActivationResponse {
    // Responses are `#[non_exhaustive]`: built from `Default` and their
    // fields, in one expression with `Shape::with`.
    DeleteActivationResponse::default().with(|r| {
        r.request_id = Some("R-1".into());
        r.activation = Some(Activation::default().with(|a| a.registered_count = Some(registered)));
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A typed response; the typed request the code sent is recorded.
    let mock = Mock::new();
    mock.on::<DeleteActivationRequest>().respond(deleted(3));
    let client = Client::new(mock.config());
    assert_eq!(retire_activation(&client, "act-1").await, Ok(3));
    // As sent: with the client's region (`Mock::config`'s `cn-hangzhou`) as `RegionId`.
    let sent = mock.requests::<DeleteActivationRequest>();
    assert_eq!(
        sent,
        [DeleteActivationRequest::new("act-1").region_id("cn-hangzhou")]
    );

    // A sequence: busy, then done; the code's own retry handles it.
    let mock = Mock::new();
    mock.on::<DeleteActivationRequest>()
        .fail(ServiceError::new(503, "ServiceUnavailable", "busy"))
        .respond(deleted(0));
    let client = Client::new(mock.config());
    assert_eq!(retire_activation(&client, "act-2").await, Ok(0));
    assert_eq!(mock.requests::<DeleteActivationRequest>().len(), 2);

    // Rules by a predicate on the typed request; a typed error.
    let mock = Mock::new();
    mock.on::<DeleteActivationRequest>()
        .matching(|r| r.activation_id == "in-use")
        .fail_with(DeleteActivationError::Unhandled(
            ServiceError::new(400, "Activation.InUse", "registered instances")
                .with_request_id("R-9"),
        ));
    mock.on::<DeleteActivationRequest>().respond(deleted(1));
    let client = Client::new(mock.config());
    let error = retire_activation(&client, "in-use").await.unwrap_err();
    assert!(
        error.contains("Activation.InUse") && error.contains("R-9"),
        "{error}"
    );
    assert_eq!(retire_activation(&client, "other").await, Ok(1));

    // A raw body goes through the real parse path.
    let mock = Mock::new();
    mock.on::<DeleteActivationRequest>().body(
        200,
        "<DeleteActivationResponse><RequestId>R-X</RequestId></DeleteActivationResponse>",
    );
    let client = Client::new(mock.config());
    let request = DeleteActivationRequest::new("act-3");
    let response = client.call(request).await.expect("an XML body");
    assert_eq!(response.request_id(), Some("R-X"));

    println!("all mock checks passed");
}

// `test = true` in Cargo.toml: `cargo test` runs the checks of `main`.
#[test]
fn mock_checks() {
    main();
}
