//! Retries that never create twice, end to end over loopback HTTP: the
//! shapes fixture's `RunThing` (a create with a `ClientToken`), `MakeThing`
//! (a create without one) and `DescribeThing` (a read), and the ECS
//! `DeleteActivation` (a delete), against the test server, which counts
//! every execution and deduplicates by `ClientToken` as the service does.

use std::collections::BTreeSet;
use std::time::Duration;

use acs_ecs::delete_activation::{DeleteActivationError, DeleteActivationRequest};
use acs_runtime::client::ConfigBuilder;
use acs_runtime::credentials::Credentials;
use acs_runtime::error::TransportErrorKind;
use acs_runtime::{CallOptions, Config, OperationError, RetryClass, RetryConfig, SdkError};
use sdk_tests::server::{Fault, RequestRecord, TestServer};
use sdk_tests::shapes::Client;
use sdk_tests::shapes::describe_thing::DescribeThingRequest;
use sdk_tests::shapes::make_thing::MakeThingRequest;
use sdk_tests::shapes::order_thing::OrderThingRequest;
use sdk_tests::shapes::run_thing::RunThingRequest;

const AK: &str = "LTAI5tRetriesKey";
const SECRET: &str = "retries-secret";

/// The faults after which the operation did run.
fn executed_then_failed() -> [Fault; 2] {
    [Fault::ExecuteThenInternalError, Fault::ExecuteThenDrop]
}

fn start() -> TestServer {
    let server = TestServer::builder().access_key(AK, SECRET).start();
    // `{RequestId}` is the executing request's id: it tells which attempt
    // a result comes from.
    for action in ["RunThing", "OrderThing", "MakeThing", "DescribeThing"] {
        server.respond(
            action,
            r#"{"RequestId":"{RequestId}","ThingId":"t-{RequestId}"}"#,
            &format!(
                "<{action}Response><RequestId>{{RequestId}}</RequestId><ThingId>t-{{RequestId}}</ThingId></{action}Response>"
            ),
        );
    }
    server
}

/// Region `cn-hangzhou`, three attempts, back-offs of at most 5 ms, short
/// timeouts.
fn config(server: &TestServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.url())
        .region("cn-hangzhou")
        .credentials(Credentials::new(AK, SECRET))
        .retry(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .connect_timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(500))
}

fn client(server: &TestServer) -> Client {
    Client::new(config(server).build().expect("a valid configuration"))
}

fn param<'r>(record: &'r RequestRecord, name: &str) -> Option<&'r str> {
    record
        .params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn is_v4_uuid(token: &str) -> bool {
    let b = token.as_bytes();
    token.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
        && token
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

#[tokio::test]
async fn a_create_without_a_token_that_ran_then_failed_is_not_run_again() {
    let server = start();
    let client = client(&server);
    let request = MakeThingRequest::new().name("web");
    for (i, fault) in executed_then_failed().into_iter().enumerate() {
        server.inject(fault.clone(), 1);
        let error = client.make_thing(&request).await.unwrap_err();
        match (&fault, &error) {
            (Fault::ExecuteThenInternalError, SdkError::Service(e)) => {
                assert_eq!(e.service_error().status, 500);
                assert_eq!(e.service_error().code, "InternalError");
            }
            (Fault::ExecuteThenDrop, SdkError::Transport(e)) => {
                assert_eq!(e.kind, TransportErrorKind::Io, "{e}");
            }
            _ => panic!("{fault:?}: unexpected {error:?}"),
        }
        assert_eq!(server.request_count(), i + 1, "{fault:?}: one attempt");
        assert_eq!(server.executions("MakeThing"), i + 1, "{fault:?}: ran once");
    }
}

#[tokio::test]
async fn a_create_without_a_token_is_not_retried_after_a_read_timeout() {
    let server = start();
    let client = Client::new(
        config(&server)
            .read_timeout(Duration::from_millis(150))
            .build()
            .unwrap(),
    );
    // The server runs it after 400 ms, when the client has given up.
    server.inject(Fault::Delay(Duration::from_millis(400)), 1);
    let error = client
        .make_thing(&MakeThingRequest::new())
        .await
        .unwrap_err();
    let SdkError::Transport(e) = &error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(e.kind, TransportErrorKind::Timeout, "{e}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(server.request_count(), 1, "not retried");
    assert_eq!(server.executions("MakeThing"), 1, "it did run, once");
}

#[tokio::test]
async fn a_create_without_a_token_is_retried_when_it_provably_did_not_run() {
    let server = start();
    let client = client(&server);
    server.inject(Fault::Throttling { retry_after: None }, 2);
    let output = client.make_thing(&MakeThingRequest::new()).await.unwrap();
    let records = server.requests();
    assert_eq!(
        records.len(),
        3,
        "two throttled attempts, then the one that ran"
    );
    assert_eq!(server.executions("MakeThing"), 1);
    assert_eq!(
        output.request_id.as_deref(),
        Some(records[2].request_id.as_str())
    );
}

#[tokio::test]
async fn the_caller_may_opt_a_create_in_for_one_call() {
    let server = start();
    let client = client(&server);
    server.inject(Fault::ExecuteThenInternalError, 1);
    let options = CallOptions::new().retry_class(RetryClass::Transient);
    client
        .runtime()
        .call_with(&MakeThingRequest::new(), &options)
        .await
        .unwrap();
    assert_eq!(server.request_count(), 2);
    assert_eq!(
        server.executions("MakeThing"),
        2,
        "ran twice, as the caller accepted"
    );
}

#[tokio::test]
async fn a_tokened_create_is_retried_with_the_same_token_and_runs_once() {
    let server = start();
    let client = client(&server);
    let request = RunThingRequest::new().name("web");
    for (i, fault) in executed_then_failed().into_iter().enumerate() {
        let before = server.request_count();
        server.inject(fault.clone(), 1);
        let output = client.run_thing(&request).await.unwrap();
        let records = &server.requests()[before..];
        assert_eq!(records.len(), 2, "{fault:?}: retried once");
        let token = param(&records[0], "ClientToken").expect("a filled token");
        assert!(is_v4_uuid(token), "{token}");
        assert_eq!(param(&records[1], "ClientToken"), Some(token), "{fault:?}");
        assert_ne!(records[0].nonce, records[1].nonce, "signed afresh");
        assert_eq!(server.executions("RunThing"), i + 1, "{fault:?}: ran once");
        // The service's dedup answered the retry with the first result.
        let first = records[0].request_id.as_str();
        assert_eq!(output.request_id.as_deref(), Some(first), "{fault:?}");
        assert_eq!(output.thing_id, Some(format!("t-{first}")));
    }
}

#[tokio::test]
async fn a_callers_own_token_is_kept() {
    let server = start();
    let client = client(&server);
    let request = RunThingRequest::new().client_token("order-4711");
    server.inject(Fault::ExecuteThenDrop, 1);
    let first = client.run_thing(&request).await.unwrap();
    let records = server.requests();
    assert_eq!(records.len(), 2);
    for record in &records {
        let tokens: Vec<_> = record
            .params
            .iter()
            .filter(|(n, _)| n == "ClientToken")
            .collect();
        assert_eq!(tokens.len(), 1, "{:?}", record.params);
        assert_eq!(tokens[0].1, "order-4711");
    }
    // A later call with the same token is the same request.
    let again = client.run_thing(&request).await.unwrap();
    assert_eq!(again.thing_id, first.thing_id);
    assert_eq!(server.executions("RunThing"), 1);
}

#[tokio::test]
async fn a_required_token_is_the_callers_and_makes_the_call_retried() {
    let server = start();
    let client = client(&server);
    let request = OrderThingRequest::new("order-4712");
    server.inject(Fault::ExecuteThenInternalError, 1);
    let output = client.order_thing(&request).await.unwrap();
    let records = server.requests();
    assert_eq!(records.len(), 2, "retried after the 500");
    for record in &records {
        assert_eq!(param(record, "ClientToken"), Some("order-4712"));
    }
    assert_eq!(server.executions("OrderThing"), 1);
    assert_eq!(
        output.request_id.as_deref(),
        Some(records[0].request_id.as_str())
    );
}

#[tokio::test]
async fn filled_tokens_are_unique_across_calls() {
    let server = start();
    let client = client(&server);
    let request = RunThingRequest::new();
    for _ in 0..20 {
        client.run_thing(&request).await.unwrap();
    }
    let tokens: BTreeSet<String> = server
        .requests()
        .iter()
        .map(|r| param(r, "ClientToken").unwrap().to_owned())
        .collect();
    assert_eq!(tokens.len(), 20);
    assert!(tokens.iter().all(|t| is_v4_uuid(t)), "{tokens:?}");
    assert_eq!(server.executions("RunThing"), 20);
}

#[tokio::test]
async fn reads_are_retried_on_every_transient_failure() {
    let server = start();
    let client = client(&server);
    server.inject(Fault::ExecuteThenInternalError, 1);
    server.inject(Fault::ExecuteThenDrop, 1);
    let output = client
        .describe_thing(&DescribeThingRequest::new("t-1"))
        .await
        .unwrap();
    let records = server.requests();
    assert_eq!(records.len(), 3);
    assert_eq!(server.executions("DescribeThing"), 3);
    assert_eq!(
        output.request_id.as_deref(),
        Some(records[2].request_id.as_str())
    );
    assert!(
        param(&records[0], "ClientToken").is_none(),
        "no token to fill"
    );

    // A read timeout too.
    let client = Client::new(
        config(&server)
            .read_timeout(Duration::from_millis(150))
            .build()
            .unwrap(),
    );
    server.inject(Fault::Delay(Duration::from_millis(400)), 1);
    client
        .describe_thing(&DescribeThingRequest::new("t-1"))
        .await
        .unwrap();
    assert_eq!(server.request_count(), 5);
}

/// A delete is retried after a 500; when the first attempt had in fact
/// deleted, the retry answers not-found, and that is what the call returns
/// (README "Retries": it is not turned into a success).
#[tokio::test]
async fn a_delete_is_retried_and_a_second_delete_answers_not_found() {
    let server = start();
    let ecs = acs_ecs::Client::new(config(&server).build().unwrap());
    let id = server.create_activation("cn-hangzhou", 1);
    let request = DeleteActivationRequest::new(id.as_str());

    server.inject(Fault::InternalErrorDispatch, 1);
    ecs.delete_activation(&request).await.unwrap();
    assert_eq!(server.request_count(), 2, "a 500 that did not run, retried");
    assert!(server.activation(&id).is_none());

    let id = server.create_activation("cn-hangzhou", 1);
    let request = DeleteActivationRequest::new(id.as_str());
    server.inject(Fault::ExecuteThenInternalError, 1);
    let error = ecs.delete_activation(&request).await.unwrap_err();
    let SdkError::Service(e @ DeleteActivationError::Unhandled(_)) = &error else {
        panic!("expected not found, got {error:?}");
    };
    assert_eq!(e.service_error().code, "InvalidActivationId.NotFound");
    assert_eq!(server.request_count(), 4);
    assert_eq!(server.executions("DeleteActivation"), 3);
    assert!(
        server.activation(&id).is_none(),
        "deleted by the first attempt"
    );
}
