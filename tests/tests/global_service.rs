//! A global service (STS's shape, `fixtures/good/global`): the generated
//! client reaches the central endpoint without a region, a listed region's
//! own host with one, and the central endpoint for any other region.

use std::time::SystemTime;

use acs_runtime::credentials::Credentials;
use sdk_tests::global::Client;
use sdk_tests::global::assume_role::AssumeRoleRequest;

/// The host the generated client signs an `AssumeRole` request for.
fn host(config: acs_runtime::client::ConfigBuilder) -> Result<String, String> {
    let client = Client::new(config.build().expect("a valid configuration"));
    let request = AssumeRoleRequest::new("acs:ram::123456789012****:role/adminrole", "alice");
    let credentials = Credentials::new("LTAI-test", "secret");
    client
        .runtime()
        .sign_request_at(&request, &credentials, SystemTime::UNIX_EPOCH, "nonce")
        .map(|signed| signed.uri().authority().expect("absolute URI").to_string())
        .map_err(|e| e.to_string())
}

#[test]
fn the_spec_has_no_pattern_and_a_central_endpoint() {
    let service = &sdk_tests::global::SERVICE;
    assert_eq!(service.endpoint_pattern, "");
    assert_eq!(service.central_endpoint, "sts.aliyuncs.com");
}

#[test]
fn without_a_region_the_central_endpoint() {
    assert_eq!(
        host(acs_runtime::Config::builder()).as_deref(),
        Ok("sts.aliyuncs.com")
    );
}

#[test]
fn with_a_region_its_own_host_or_the_central_endpoint() {
    let with = |region: &str| host(acs_runtime::Config::builder().region(region));
    assert_eq!(
        with("cn-shanghai").as_deref(),
        Ok("sts.cn-shanghai.aliyuncs.com")
    );
    assert_eq!(
        with("ap-southeast-1").as_deref(),
        Ok("sts.ap-southeast-1.aliyuncs.com")
    );
    assert_eq!(with("cn-beijing").as_deref(), Ok("sts.aliyuncs.com"));
}

#[test]
fn an_endpoint_override_wins() {
    let config = acs_runtime::Config::builder()
        .region("cn-shanghai")
        .endpoint("http://127.0.0.1:9000");
    assert_eq!(host(config).as_deref(), Ok("127.0.0.1:9000"));
}

#[test]
fn the_fixture_is_pinned_and_compiles() {
    let (files, _) = codegen::Config::new()
        .spec_dir("fixtures/good/global")
        .source_label("fixtures/good/global/")
        .by_name(true)
        .format(true)
        .cargo_metadata(false)
        .generate()
        .expect("valid spec");
    // The output file is named after the product in snake_case.
    assert_eq!(files[0].name, "sts.rs");
    assert_eq!(files[0].contents, sdk_tests::global::GENERATED_SOURCE);
    // Plain-string descriptions appear once, not once per language.
    let docs = &files[0].contents;
    assert_eq!(docs.matches("/// The request ID.").count(), 1, "{docs}");
    insta::assert_snapshot!("global_sdk", files[0].contents);
}
