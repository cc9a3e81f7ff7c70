//! Paginators over loopback HTTP, in both of Alibaba Cloud's paging styles:
//! `DescribePagedThings` (PageNumber/PageSize/TotalCount) and
//! `ListTokenThings` (NextToken/MaxResults, items inside a structure) of the
//! shapes fixture. The server makes each page from the parameters it read,
//! so the tests see exactly which pages were asked for, and with what.

use std::time::Duration;

use acs_runtime::credentials::Credentials;
use acs_runtime::paginate::Stream;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{Config, RequestId, ResponseFormat, RetryConfig};
use sdk_tests::server::{Fault, TestServer};
use sdk_tests::shapes::Client;
use sdk_tests::shapes::describe_paged_things::{DescribePagedThingsRequest, Thing};
use sdk_tests::shapes::list_token_things::ListTokenThingsRequest;

const AK: &str = "LTAI5tPagesKey";
const SECRET: &str = "pages-secret";

fn client(server: &TestServer, version: SignatureVersion, format: ResponseFormat) -> Client {
    Client::new(
        Config::builder()
            .endpoint(server.url())
            .region("cn-hangzhou")
            .credentials(Credentials::new(AK, SECRET))
            .signature_version(version)
            .format(format)
            .retry(RetryConfig::disabled())
            .read_timeout(Duration::from_secs(5))
            .build()
            .expect("a valid configuration"),
    )
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Serves `DescribePagedThings` over `total` things `t-1…`; without
/// `with_total`, the response has no `TotalCount`.
fn serve_pages(server: &TestServer, total: usize, with_total: bool) {
    server.respond_with("DescribePagedThings", move |params| {
        let page: usize = param(params, "PageNumber").map_or(1, |v| v.parse().unwrap());
        let size: usize = param(params, "PageSize").map_or(10, |v| v.parse().unwrap());
        let ids: Vec<String> = ((page - 1) * size + 1..=(page * size).min(total))
            .map(|i| format!("t-{i}"))
            .collect();
        let count = if with_total {
            format!("\"TotalCount\":{total},")
        } else {
            String::new()
        };
        let things: Vec<String> = ids
            .iter()
            .map(|id| format!("{{\"ThingId\":\"{id}\"}}"))
            .collect();
        let json = format!(
            "{{\"RequestId\":\"R-{page}\",{count}\"PageNumber\":{page},\"PageSize\":{size},\"Things\":{{\"Thing\":[{}]}}}}",
            things.join(",")
        );
        let count = if with_total {
            format!("<TotalCount>{total}</TotalCount>")
        } else {
            String::new()
        };
        let things: String = ids
            .iter()
            .map(|id| format!("<Thing><ThingId>{id}</ThingId></Thing>"))
            .collect();
        let xml = format!(
            "<DescribePagedThingsResponse><RequestId>R-{page}</RequestId>{count}<PageNumber>{page}</PageNumber><PageSize>{size}</PageSize><Things>{things}</Things></DescribePagedThingsResponse>"
        );
        (json, xml)
    });
}

/// Serves `ListTokenThings` over `total` ids `id-0…`: the token is the
/// index of the next id; the last page has `last_token` (`None`: absent).
fn serve_tokens(server: &TestServer, total: usize, last_token: Option<&'static str>) {
    server.respond_with("ListTokenThings", move |params| {
        let from: usize = param(params, "NextToken").map_or(0, |t| {
            t.strip_prefix("tok-")
                .expect("a token of ours")
                .parse()
                .unwrap()
        });
        let size: usize = param(params, "MaxResults").map_or(10, |v| v.parse().unwrap());
        let prefix = param(params, "Prefix").unwrap_or("id");
        let end = (from + size).min(total);
        let ids: Vec<String> = (from..end).map(|i| format!("{prefix}-{i}")).collect();
        let next = if end < total {
            Some(format!("tok-{end}"))
        } else {
            last_token.map(str::to_owned)
        };
        let json_token = next
            .as_ref()
            .map_or(String::new(), |t| format!("\"NextToken\":\"{t}\","));
        let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
        // TotalCount is meaningless with tokens (as ECS documents): 0 here.
        let json = format!(
            "{{\"RequestId\":\"R-{from}\",{json_token}\"TotalCount\":0,\"Data\":{{\"ThingIds\":{{\"ThingId\":[{}]}}}}}}",
            quoted.join(",")
        );
        let xml_token = next
            .as_ref()
            .map_or(String::new(), |t| format!("<NextToken>{t}</NextToken>"));
        let elements: String = ids
            .iter()
            .map(|id| format!("<ThingId>{id}</ThingId>"))
            .collect();
        let xml = format!(
            "<ListTokenThingsResponse><RequestId>R-{from}</RequestId>{xml_token}<TotalCount>0</TotalCount><Data><ThingIds>{elements}</ThingIds></Data></ListTokenThingsResponse>"
        );
        (json, xml)
    });
}

fn start() -> TestServer {
    TestServer::builder().access_key(AK, SECRET).start()
}

/// The value of `name` in every request the server read, in order.
fn sent(server: &TestServer, name: &str) -> Vec<Option<String>> {
    server
        .requests()
        .iter()
        .map(|r| param(&r.params, name).map(str::to_owned))
        .collect()
}

fn ids(things: &[Thing]) -> Vec<&str> {
    things
        .iter()
        .map(|t| t.thing_id.as_deref().unwrap_or("?"))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn page_numbers_until_total_count_keeping_the_other_parameters() {
    for (version, format) in [
        (SignatureVersion::V3, ResponseFormat::Json),
        (SignatureVersion::V2, ResponseFormat::Xml),
    ] {
        let server = start();
        serve_pages(&server, 7, true);
        let client = client(&server, version, format);
        let request = DescribePagedThingsRequest::new()
            .status("Running")
            .page_size(3);
        let pages = client
            .paginate(request)
            .pages()
            .try_collect()
            .await
            .expect("every page");
        let lens: Vec<usize> = pages.iter().map(|p| p.things.len()).collect();
        assert_eq!(lens, [3, 3, 1], "{format:?}");
        assert_eq!(pages[2].request_id(), Some("R-3"));
        assert_eq!(
            sent(&server, "PageNumber"),
            [None, Some("2".into()), Some("3".into())],
            "the first request is the caller's as given"
        );
        for name in ["RegionId", "Status", "PageSize"] {
            let values = sent(&server, name);
            assert!(
                values.iter().all(|v| v == &values[0] && v.is_some()),
                "{name} on every page: {values:?}"
            );
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn items_across_pages_in_order() {
    let server = start();
    serve_pages(&server, 7, true);
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
    let things = client
        .paginate(DescribePagedThingsRequest::new().page_size(3))
        .items()
        .try_collect()
        .await
        .expect("every item");
    assert_eq!(
        ids(&things),
        ["t-1", "t-2", "t-3", "t-4", "t-5", "t-6", "t-7"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_page_size_dividing_the_total_stops_without_asking_for_an_empty_page() {
    let server = start();
    serve_pages(&server, 6, true);
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
    let things = client
        .paginate(DescribePagedThingsRequest::new().page_size(3))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(things.len(), 6);
    assert_eq!(server.request_count(), 2, "TotalCount reached after page 2");
}

#[tokio::test(flavor = "current_thread")]
async fn without_a_total_count_an_empty_page_ends_it() {
    let server = start();
    serve_pages(&server, 6, false);
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
    let pages = client
        .paginate(DescribePagedThingsRequest::new().page_size(3))
        .pages()
        .try_collect()
        .await
        .unwrap();
    let lens: Vec<usize> = pages.iter().map(|p| p.things.len()).collect();
    assert_eq!(lens, [3, 3, 0], "the empty page is yielded too");
}

#[tokio::test(flavor = "current_thread")]
async fn a_start_page_is_kept_and_counted() {
    let server = start();
    serve_pages(&server, 7, true);
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
    let things = client
        .paginate(
            DescribePagedThingsRequest::new()
                .page_size(3)
                .page_number(2),
        )
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&things), ["t-4", "t-5", "t-6", "t-7"]);
    assert_eq!(server.request_count(), 2, "pages 2 and 3, then 7 of 7 seen");
}

#[tokio::test(flavor = "current_thread")]
async fn an_empty_result_is_one_empty_page_and_no_items() {
    for (style, items) in [("page number", 0usize), ("token", 0)] {
        let server = start();
        serve_pages(&server, 0, true);
        serve_tokens(&server, 0, None);
        let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
        let count = if style == "page number" {
            client
                .paginate(DescribePagedThingsRequest::new())
                .items()
                .try_collect()
                .await
                .unwrap()
                .len()
        } else {
            client
                .paginate(ListTokenThingsRequest::new())
                .items()
                .try_collect()
                .await
                .unwrap()
                .len()
        };
        assert_eq!(count, items, "{style}");
        assert_eq!(server.request_count(), 1, "{style}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn tokens_until_there_is_none_keeping_the_other_parameters() {
    for (version, format, last) in [
        (SignatureVersion::V3, ResponseFormat::Json, None),
        (SignatureVersion::V2, ResponseFormat::Xml, None),
        (SignatureVersion::V3, ResponseFormat::Json, Some("")),
    ] {
        let server = start();
        serve_tokens(&server, 5, last);
        let client = client(&server, version, format);
        let ids = client
            .paginate(ListTokenThingsRequest::new().prefix("vm").max_results(2))
            .items()
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{format:?} {last:?}: {e}"));
        assert_eq!(ids, ["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"], "{format:?}");
        assert_eq!(
            sent(&server, "NextToken"),
            [None, Some("tok-2".into()), Some("tok-4".into())]
        );
        assert!(
            sent(&server, "Prefix")
                .iter()
                .all(|p| p.as_deref() == Some("vm"))
        );
        assert!(
            sent(&server, "PageNumber").iter().all(Option::is_none),
            "the token style never sends a page number"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_token_that_does_not_advance_ends_it() {
    let server = start();
    server.respond_with("ListTokenThings", |_| {
        (
            r#"{"NextToken":"same","Data":{"ThingIds":{"ThingId":["a"]}}}"#.to_owned(),
            String::new(),
        )
    });
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
    let ids = client
        .paginate(ListTokenThingsRequest::new())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "a"]);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn an_error_is_yielded_after_the_pages_before_it_and_ends_the_stream() {
    let server = start();
    serve_pages(&server, 9, true);
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
    let mut items = client
        .paginate(DescribePagedThingsRequest::new().page_size(3))
        .items();
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(items.next().await.expect("an item").expect("page 1"));
    }
    server.inject(Fault::InternalErrorDispatch, 1);
    let error = items
        .next()
        .await
        .expect("the error is an item")
        .expect_err("page 2 fails");
    assert_eq!(
        error.as_service().map(|e| e.code()),
        Some("InternalError.Dispatch")
    );
    assert!(
        items.next().await.is_none(),
        "the stream ends with the error"
    );
    assert_eq!(ids(&seen), ["t-1", "t-2", "t-3"]);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn pages_are_a_futures_stream() {
    let server = start();
    serve_tokens(&server, 3, None);
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json);
    let mut pages = client
        .paginate(ListTokenThingsRequest::new().max_results(2))
        .pages();
    // Driven through the `Stream` trait alone, as any combinator would.
    let mut lens = Vec::new();
    while let Some(page) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut pages).poll_next(cx)).await
    {
        lens.push(page.unwrap().data.map_or(0, |d| d.thing_ids.len()));
    }
    assert_eq!(lens, [2, 1]);
    // The stream can move to another task.
    fn assert_send<T: Send + 'static>(_: &T) {}
    assert_send(&pages);
}
