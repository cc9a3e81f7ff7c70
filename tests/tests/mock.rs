//! `acs_runtime::mock` (feature `test-util`) with the shapes fixture: the
//! typed request recorded is the one sent, every wire shape included, in
//! both signature versions; sequences feed the client's own retries;
//! unanswered calls and transport failures are errors a caller can see.

use std::collections::BTreeMap;

use acs_runtime::error::{DisplayErrorContext, TransportErrorKind};
use acs_runtime::mock::Mock;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{RequestId, RetryConfig, SdkError, ServiceError, Shape};
use sdk_tests::shapes::Client;
use sdk_tests::shapes::create_thing::{
    self, CreateThingRequest, CreateThingResponse, NetworkInterface, SystemDisk, Tag, Thing,
    Traffic,
};
use sdk_tests::shapes::describe_paged_things::{self, DescribePagedThingsRequest};
use sdk_tests::shapes::get_nothing::{GetNothingRequest, GetNothingResponse};

fn every_shape() -> CreateThingRequest {
    CreateThingRequest::new()
        .instance_id("i 2*~+")
        .tag(Tag::new("owner name").value("Zoë + 张三 *~"))
        .network_interface(
            NetworkInterface::new("vsw-1")
                .security_group_ids("sg-1")
                .traffic(Traffic::new().queue_number(4)),
        )
        .system_disk(
            SystemDisk::new()
                .category(create_thing::Category::CLOUD_ESSD)
                .size(40),
        )
        .parameters(serde_json::json!({"a": "x y", "n": [1, 2]}))
        .labels(BTreeMap::from([("k".to_owned(), "v w".to_owned())]))
        .ports(vec![80, 443])
        .dry_run(false)
}

#[tokio::test(flavor = "current_thread")]
async fn the_recorded_request_is_the_typed_request_sent_v3_and_v2() {
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let mock = Mock::new();
        let output = CreateThingResponse::default().with(|r| {
            r.request_id = Some("R-1".into());
            r.things = vec![Thing::default().with(|t| {
                t.thing_id = Some("t-1".into());
                t.ports = vec![80];
            })];
        });
        mock.on::<CreateThingRequest>().respond(output.clone());
        let client = Client::new(
            mock.config_builder()
                .signature_version(version)
                .build()
                .unwrap(),
        );
        let got = client
            .call(every_shape())
            .await
            .expect("the mocked response");
        assert_eq!(got, output, "{version:?}: the typed response round-trips");
        assert_eq!(got.request_id(), Some("R-1"));
        // What was sent, read back: with the mock client's region as
        // `RegionId`, which the request left to the client.
        assert_eq!(
            mock.requests::<CreateThingRequest>(),
            [every_shape().region_id("cn-hangzhou")],
            "{version:?}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_sequence_feeds_the_clients_own_retries() {
    let mock = Mock::new();
    mock.on::<GetNothingRequest>()
        .fail(ServiceError::new(400, "Throttling.User", "slow down"))
        .times(2)
        .respond(GetNothingResponse::default().with(|r| r.request_id = Some("R-3".into())));
    let client = Client::new(
        mock.config_builder()
            .retry(RetryConfig::default())
            .build()
            .unwrap(),
    );
    let response = client
        .call(GetNothingRequest::new())
        .await
        .expect("the third attempt");
    assert_eq!(response.request_id(), Some("R-3"));
    assert_eq!(mock.requests::<GetNothingRequest>().len(), 3);
    // The last reply answers every later call.
    assert!(client.call(GetNothingRequest::new()).await.is_ok());
}

#[tokio::test(flavor = "current_thread")]
async fn typed_errors_classify_and_display_the_whole_story() {
    let mock = Mock::new();
    mock.on::<GetNothingRequest>().fail(
        ServiceError::new(
            400,
            "InvalidParameter",
            "The specified parameter is invalid.",
        )
        .with_request_id("R-E"),
    );
    let client = Client::new(mock.config());
    let error = client.call(GetNothingRequest::new()).await.unwrap_err();
    assert_eq!(error.request_id(), Some("R-E"));
    let service = error.as_service().expect("a service error");
    assert!(service.common().is_some(), "a common code: {service:?}");
    assert_eq!(
        error.to_string(),
        "service error: InvalidParameter (HTTP 400): The specified parameter is invalid. [RequestId: R-E]"
    );
    assert_eq!(DisplayErrorContext(&error).to_string(), error.to_string());
}

#[tokio::test(flavor = "current_thread")]
async fn unanswered_calls_and_transport_failures_are_transport_errors() {
    let mock = Mock::new();
    mock.on::<DescribePagedThingsRequest>()
        .matching(|r| r.status.as_deref() == Some("Running"))
        .transport_error(TransportErrorKind::Timeout);
    let client = Client::new(mock.config());
    let timeout = client
        .call(DescribePagedThingsRequest::new().status("Running"))
        .await
        .unwrap_err();
    assert!(
        matches!(&timeout, SdkError::Transport(e) if e.kind == TransportErrorKind::Timeout),
        "{timeout:?}"
    );
    let unanswered = client
        .call(DescribePagedThingsRequest::new())
        .await
        .unwrap_err();
    let text = DisplayErrorContext(&unanswered).to_string();
    assert!(
        text.contains("no rule") && text.contains("DescribePagedThings"),
        "{text}"
    );
    let recorded = mock.recorded();
    assert_eq!(recorded.len(), 2);
    assert!(recorded[0].answered && !recorded[1].answered);
}

#[tokio::test(flavor = "current_thread")]
async fn paginators_run_on_mocks_too() {
    let mock = Mock::new();
    let page = |ids: &[&str], total: i32| {
        describe_paged_things::DescribePagedThingsResponse::default().with(|r| {
            r.total_count = Some(total);
            r.things = ids
                .iter()
                .map(|id| {
                    describe_paged_things::Thing::default()
                        .with(|t| t.thing_id = Some((*id).into()))
                })
                .collect();
        })
    };
    mock.on::<DescribePagedThingsRequest>()
        .matching(|r| r.page_number.unwrap_or(1) == 1)
        .respond(page(&["a", "b"], 3));
    mock.on::<DescribePagedThingsRequest>()
        .matching(|r| r.page_number == Some(2))
        .respond(page(&["c"], 3));
    let client = Client::new(mock.config());
    let things = client
        .paginate(DescribePagedThingsRequest::new().page_size(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = things
        .iter()
        .filter_map(|t| t.thing_id.as_deref())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_malformed_raw_body_is_a_response_error() {
    let mock = Mock::new();
    mock.on::<GetNothingRequest>().body(200, "{\"RequestId\": ");
    let client = Client::new(mock.config());
    let error = client.call(GetNothingRequest::new()).await.unwrap_err();
    assert!(matches!(error, SdkError::Response(_)), "{error:?}");
}
