//! Credentials that need an STS call, end to end over loopback: the
//! runtime's default chain reads a `ram_role_arn` or `oidc_role_arn`
//! profile (or the RRSA variables), `acs_sts::StsRoleAssumer` calls the test
//! server with the generated STS client, and the temporary keys it answers
//! sign the next ECS call.
//!
//! The server verifies the STS call as it verifies any call: `AssumeRole`
//! signed with the profile's long-lived key (V3 and V2), `AssumeRoleWithOIDC`
//! unsigned ([`Builder::anonymous_action`](sdk_tests::server::Builder::anonymous_action)).
//! It knows the temporary keys it hands out (`sts_key`), so the ECS call
//! after is verified with the issued key and token.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use acs_ecs::DeleteActivationRequest;
use acs_runtime::credentials::{DefaultChain, Env};
use acs_runtime::sign::SignatureVersion;
use acs_runtime::sign::time::UtcTimestamp;
use acs_runtime::transport::{ReqwestTransport, Transport};
use acs_runtime::{Config, RetryConfig, SdkError};
use acs_sts::StsRoleAssumer;
use acs_sts::assume_role_with_oidc::AssumeRoleWithOIDCRequest;
use sdk_tests::server::{Fault, RequestRecord, TestServer};

const SOURCE_AK: &str = "LTAI5tSourceKey";
const SOURCE_SECRET: &str = "source-secret-never-shown";
const ROLE: &str = "acs:ram::123456789012****:role/ecs-admin";
const PROVIDER: &str = "acs:ram::123456789012****:oidc-provider/ack-rrsa";
const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.oidc-token-never-shown";
const POLICY: &str =
    r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"#;

/// A temporary key the server issues (and accepts afterwards).
struct Issued {
    id: &'static str,
    secret: &'static str,
    token: &'static str,
}

const FIRST: Issued = Issued {
    id: "STS.NUIssuedFirst",
    secret: "issued-secret-1-never-shown",
    token: "CAIS-issued-token-1-never-shown",
};
const SECOND: Issued = Issued {
    id: "STS.NUIssuedSecond",
    secret: "issued-secret-2-never-shown",
    token: "CAIS-issued-token-2-never-shown",
};

fn start() -> TestServer {
    TestServer::builder()
        .access_key(SOURCE_AK, SOURCE_SECRET)
        .sts_key(FIRST.id, FIRST.secret, FIRST.token)
        .sts_key(SECOND.id, SECOND.secret, SECOND.token)
        .anonymous_action("AssumeRoleWithOIDC")
        .start()
}

/// STS's answer to `action`, issuing `key` until `expires_in` from now.
fn answer(server: &TestServer, action: &str, key: &Issued, expires_in: Duration) {
    let expiration = UtcTimestamp::new(SystemTime::now() + expires_in);
    let expiration = expiration.as_str();
    let json = format!(
        r#"{{"RequestId":"6894B13B-6D71-4EF5-88FA-F32781734A7F",
            "AssumedRoleUser":{{"Arn":"{ROLE}/session","AssumedRoleId":"3445:session"}},
            "Credentials":{{"AccessKeyId":"{}","AccessKeySecret":"{}","SecurityToken":"{}","Expiration":"{expiration}"}}}}"#,
        key.id, key.secret, key.token
    );
    let xml = format!(
        "<{action}Response><RequestId>6894B13B-6D71-4EF5-88FA-F32781734A7F</RequestId>\
         <Credentials><AccessKeyId>{}</AccessKeyId><AccessKeySecret>{}</AccessKeySecret>\
         <SecurityToken>{}</SecurityToken><Expiration>{expiration}</Expiration></Credentials>\
         </{action}Response>",
        key.id, key.secret, key.token
    );
    server.respond(action, &json, &xml);
}

/// A home directory holding `~/.alibabacloud/credentials`.
fn home_with_credentials(profile: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("a temporary directory");
    let dir = home.path().join(".alibabacloud");
    std::fs::create_dir(&dir).expect("~/.alibabacloud");
    std::fs::write(dir.join("credentials"), profile).expect("the credentials file");
    home
}

fn ram_role_arn_profile() -> String {
    format!(
        "[default]\ntype = ram_role_arn\naccess_key_id = {SOURCE_AK}\n\
         access_key_secret = {SOURCE_SECRET}\nrole_arn = {ROLE}\n\
         role_session_name = sdk-tests\npolicy = {POLICY}\nexternal_id = abcd1234\n"
    )
}

fn transport() -> Arc<dyn Transport> {
    Arc::new(ReqwestTransport::new().expect("the default transport"))
}

/// The default chain of `home` with the variables `vars`, the ECS metadata
/// service off, and a role assumer that calls `server`.
fn chain(
    server: &TestServer,
    home: &Path,
    vars: &[(&str, &str)],
    version: SignatureVersion,
) -> DefaultChain {
    let home = home.to_str().expect("a UTF-8 temporary path");
    let mut env = vec![
        ("HOME", home),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ];
    env.extend_from_slice(vars);
    let transport = transport();
    let assumer = StsRoleAssumer::new(Arc::clone(&transport))
        .endpoint(server.url())
        .signature_version(version)
        .retry(RetryConfig::disabled());
    DefaultChain::builder(transport)
        .env(Env::from_pairs(env.iter().copied()))
        .role_assumer(Arc::new(assumer))
        .build()
}

/// An ECS client signing with `chain`, calling `server`.
fn ecs(server: &TestServer, chain: DefaultChain) -> acs_ecs::Client {
    let config = Config::builder()
        .endpoint(server.url())
        .region("cn-hangzhou")
        .credentials(chain)
        .retry(RetryConfig::disabled())
        .build()
        .expect("a valid configuration");
    acs_ecs::Client::new(config)
}

/// Deletes a fresh activation code: one ECS call, signed with whatever the
/// chain provides.
async fn delete_activation(
    server: &TestServer,
    client: &acs_ecs::Client,
) -> Result<(), SdkError<acs_ecs::DeleteActivationError>> {
    let id = server.create_activation("cn-hangzhou", 1);
    client
        .delete_activation(&DeleteActivationRequest::new(id))
        .await
        .map(|_| ())
}

fn param<'r>(record: &'r RequestRecord, name: &str) -> Option<&'r str> {
    record
        .params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// (action, AccessKey ID, status) of every request the server received.
fn calls(server: &TestServer) -> Vec<(String, String, u16)> {
    server
        .requests()
        .into_iter()
        .map(|r| {
            (
                r.action.unwrap_or_default(),
                r.access_key_id.unwrap_or_default(),
                r.status.unwrap_or_default(),
            )
        })
        .collect()
}

fn call(action: &str, key: &str, status: u16) -> (String, String, u16) {
    (action.to_owned(), key.to_owned(), status)
}

#[tokio::test]
async fn a_ram_role_arn_profile_assumes_the_role_and_signs_with_the_issued_key() {
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let server = start();
        answer(&server, "AssumeRole", &FIRST, Duration::from_secs(3600));
        let home = home_with_credentials(&ram_role_arn_profile());
        let client = ecs(&server, chain(&server, home.path(), &[], version));

        delete_activation(&server, &client)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));

        assert_eq!(
            calls(&server),
            [
                call("AssumeRole", SOURCE_AK, 200),
                call("DeleteActivation", FIRST.id, 200),
            ],
            "{version:?}"
        );
        let assume = &server.requests()[0];
        assert_eq!(param(assume, "RoleArn"), Some(ROLE));
        assert_eq!(param(assume, "RoleSessionName"), Some("sdk-tests"));
        assert_eq!(param(assume, "Policy"), Some(POLICY));
        assert_eq!(param(assume, "ExternalId"), Some("abcd1234"));
        assert_eq!(param(assume, "DurationSeconds"), Some("3600"));
    }
}

#[tokio::test]
async fn the_cli_config_sets_the_duration_and_the_session_name() {
    let server = start();
    answer(&server, "AssumeRole", &FIRST, Duration::from_secs(3600));
    let home = tempfile::tempdir().expect("a temporary directory");
    let dir = home.path().join(".aliyun");
    std::fs::create_dir(&dir).expect("~/.aliyun");
    let config = format!(
        r#"{{"current":"arn","profiles":[{{"name":"arn","mode":"RamRoleArn",
            "access_key_id":"{SOURCE_AK}","access_key_secret":"{SOURCE_SECRET}",
            "ram_role_arn":"{ROLE}","ram_session_name":"cli-session","expired_seconds":900}}]}}"#
    );
    std::fs::write(dir.join("config.json"), config).expect("config.json");
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    delete_activation(&server, &client).await.expect("the call");

    let assume = &server.requests()[0];
    assert_eq!(assume.action.as_deref(), Some("AssumeRole"));
    assert_eq!(param(assume, "RoleSessionName"), Some("cli-session"));
    assert_eq!(param(assume, "DurationSeconds"), Some("900"));
    assert_eq!(param(assume, "Policy"), None);
}

#[tokio::test]
async fn a_chainable_cli_profile_assumes_the_role_with_its_source_profile() {
    let server = start();
    answer(&server, "AssumeRole", &FIRST, Duration::from_secs(3600));
    let home = tempfile::tempdir().expect("a temporary directory");
    let dir = home.path().join(".aliyun");
    std::fs::create_dir(&dir).expect("~/.aliyun");
    let config = format!(
        r#"{{"current":"chained","profiles":[
            {{"name":"base","mode":"AK","access_key_id":"{SOURCE_AK}","access_key_secret":"{SOURCE_SECRET}"}},
            {{"name":"chained","mode":"ChainableRamRoleArn","source_profile":"base",
              "ram_role_arn":"{ROLE}","ram_session_name":"chained-session","external_id":"ext-9"}}]}}"#
    );
    std::fs::write(dir.join("config.json"), config).expect("config.json");
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V2),
    );

    delete_activation(&server, &client).await.expect("the call");

    assert_eq!(
        calls(&server),
        [
            call("AssumeRole", SOURCE_AK, 200),
            call("DeleteActivation", FIRST.id, 200),
        ]
    );
    let assume = &server.requests()[0];
    assert_eq!(param(assume, "RoleSessionName"), Some("chained-session"));
    assert_eq!(param(assume, "ExternalId"), Some("ext-9"));
}

#[tokio::test]
async fn issued_credentials_are_kept_until_near_their_expiry() {
    let server = start();
    answer(&server, "AssumeRole", &FIRST, Duration::from_secs(3600));
    let home = home_with_credentials(&ram_role_arn_profile());
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    for _ in 0..3 {
        delete_activation(&server, &client).await.expect("a call");
    }

    assert_eq!(
        calls(&server),
        [
            call("AssumeRole", SOURCE_AK, 200),
            call("DeleteActivation", FIRST.id, 200),
            call("DeleteActivation", FIRST.id, 200),
            call("DeleteActivation", FIRST.id, 200),
        ],
        "one AssumeRole for three calls"
    );
}

#[tokio::test]
async fn credentials_near_their_expiry_are_refreshed_with_a_new_assume_role() {
    let server = start();
    // Two minutes left: inside the five-minute margin, so not kept.
    answer(&server, "AssumeRole", &FIRST, Duration::from_secs(120));
    let home = home_with_credentials(&ram_role_arn_profile());
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    delete_activation(&server, &client)
        .await
        .expect("first call");
    answer(&server, "AssumeRole", &SECOND, Duration::from_secs(3600));
    delete_activation(&server, &client)
        .await
        .expect("second call");
    delete_activation(&server, &client)
        .await
        .expect("third call");

    assert_eq!(
        calls(&server),
        [
            call("AssumeRole", SOURCE_AK, 200),
            call("DeleteActivation", FIRST.id, 200),
            call("AssumeRole", SOURCE_AK, 200),
            call("DeleteActivation", SECOND.id, 200),
            call("DeleteActivation", SECOND.id, 200),
        ]
    );
}

/// Every secret of these tests: none may appear in an error.
fn assert_no_secret(text: &str) {
    for secret in [
        SOURCE_SECRET,
        OIDC_TOKEN,
        FIRST.secret,
        FIRST.token,
        SECOND.secret,
        SECOND.token,
    ] {
        assert!(!text.contains(secret), "a secret in {text:?}");
    }
}

#[tokio::test]
async fn an_sts_error_is_reported_by_the_chain_with_its_code() {
    let server = start();
    server.inject(
        Fault::Raw {
            status: 403,
            content_type: "application/json;charset=utf-8".into(),
            body: br#"{"RequestId":"A1B2C3D4-0000-4000-8000-000000000403","HostId":"sts.aliyuncs.com",
                "Code":"NoPermission","Message":"You are not authorized to do this action. You should be authorized by RAM."}"#
                .to_vec(),
        },
        1,
    );
    let home = home_with_credentials(&ram_role_arn_profile());
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    let error = delete_activation(&server, &client).await.unwrap_err();

    let SdkError::Credentials(credentials) = &error else {
        panic!("expected a credentials error, got {error:?}");
    };
    let message = credentials.to_string();
    assert!(
        message.contains("credentials file")
            && message.contains(ROLE)
            && message.contains("STS AssumeRole failed: NoPermission (HTTP 403)")
            && message.contains("RequestId"),
        "{message}"
    );
    assert_no_secret(&message);
    assert_no_secret(&format!("{error:?}"));
    assert_eq!(calls(&server), [call("AssumeRole", SOURCE_AK, 403)]);
}

#[tokio::test]
async fn a_wrong_source_secret_fails_the_servers_signature_check() {
    let server = start();
    answer(&server, "AssumeRole", &FIRST, Duration::from_secs(3600));
    let profile = ram_role_arn_profile().replace(SOURCE_SECRET, "a-wrong-secret");
    let home = home_with_credentials(&profile);
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    let error = delete_activation(&server, &client).await.unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains("STS AssumeRole failed: SignatureDoesNotMatch (HTTP 400)"),
        "{message}"
    );
    assert!(!message.contains("a-wrong-secret"), "{message}");
    let records = server.requests();
    assert_eq!(records.len(), 1, "no ECS call");
    assert_eq!(records[0].code.as_deref(), Some("SignatureDoesNotMatch"));
}

#[tokio::test]
async fn an_answer_without_credentials_is_an_error_that_shows_no_body() {
    let server = start();
    server.respond(
        "AssumeRole",
        &format!(
            r#"{{"RequestId":"R","Credentials":{{"AccessKeyId":"{}","AccessKeySecret":"{}"}}}}"#,
            FIRST.id, FIRST.secret
        ),
        "<AssumeRoleResponse/>",
    );
    let home = home_with_credentials(&ram_role_arn_profile());
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    let error = delete_activation(&server, &client).await.unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains(
            "STS AssumeRole answered without Credentials.SecurityToken, Credentials.Expiration"
        ),
        "{message}"
    );
    assert_no_secret(&message);
}

#[tokio::test]
async fn an_unreadable_answer_is_an_error_that_does_not_quote_it() {
    let server = start();
    // Cut off after the secret: what a broken proxy might pass on.
    let body = format!(
        r#"{{"RequestId":"R","Credentials":{{"AccessKeyId":"{}","AccessKeySecret":"{}","SecurityToken":"{}"#,
        FIRST.id, FIRST.secret, FIRST.token
    );
    server.inject(
        Fault::Raw {
            status: 200,
            content_type: "application/json;charset=utf-8".into(),
            body: body.into_bytes(),
        },
        1,
    );
    let home = home_with_credentials(&ram_role_arn_profile());
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    let error = delete_activation(&server, &client).await.unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains(
            "STS AssumeRole failed: HTTP 200: the answer is not a valid AssumeRole response"
        ),
        "{message}"
    );
    assert_no_secret(&message);
    assert_no_secret(&format!("{error:?}"));
}

/// `ALIBABA_CLOUD_OIDC_TOKEN_FILE` and the other RRSA variables, with the
/// token written to a file in `home`.
fn rrsa_vars(home: &Path) -> (String, [(&'static str, &'static str); 3]) {
    let file = home.join("oidc-token");
    std::fs::write(&file, format!("{OIDC_TOKEN}\n")).expect("the token file");
    let file = file.to_str().expect("a UTF-8 temporary path").to_owned();
    (
        file,
        [
            ("ALIBABA_CLOUD_ROLE_ARN", ROLE),
            ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", PROVIDER),
            ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-7"),
        ],
    )
}

#[tokio::test]
async fn rrsa_assumes_the_role_with_the_token_file_unsigned() {
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let server = start();
        answer(
            &server,
            "AssumeRoleWithOIDC",
            &FIRST,
            Duration::from_secs(3600),
        );
        let home = tempfile::tempdir().expect("a temporary directory");
        let (token_file, vars) = rrsa_vars(home.path());
        let mut vars = vars.to_vec();
        vars.push(("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file.as_str()));
        let client = ecs(&server, chain(&server, home.path(), &vars, version));

        delete_activation(&server, &client)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        delete_activation(&server, &client)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));

        assert_eq!(
            calls(&server),
            [
                // Unsigned: the server admitted it with no AccessKey.
                call("AssumeRoleWithOIDC", "", 200),
                call("DeleteActivation", FIRST.id, 200),
                call("DeleteActivation", FIRST.id, 200),
            ],
            "{version:?}"
        );
        let assume = &server.requests()[0];
        assert_eq!(param(assume, "RoleArn"), Some(ROLE));
        assert_eq!(param(assume, "OIDCProviderArn"), Some(PROVIDER));
        assert_eq!(param(assume, "OIDCToken"), Some(OIDC_TOKEN), "trimmed");
        assert_eq!(param(assume, "RoleSessionName"), Some("pod-7"));
        assert_eq!(param(assume, "DurationSeconds"), Some("3600"));
        assert_eq!(param(assume, "AccessKeyId"), None);
    }
}

#[tokio::test]
async fn an_oidc_role_arn_profile_reads_its_token_file() {
    let server = start();
    answer(
        &server,
        "AssumeRoleWithOIDC",
        &FIRST,
        Duration::from_secs(3600),
    );
    let token_home = tempfile::tempdir().expect("a temporary directory");
    let (token_file, _) = rrsa_vars(token_home.path());
    let home = home_with_credentials(&format!(
        "[default]\ntype = oidc_role_arn\nrole_arn = {ROLE}\noidc_provider_arn = {PROVIDER}\n\
         oidc_token_file_path = {token_file}\npolicy = {POLICY}\n"
    ));
    let client = ecs(
        &server,
        chain(&server, home.path(), &[], SignatureVersion::V3),
    );

    delete_activation(&server, &client).await.expect("the call");

    assert_eq!(
        calls(&server),
        [
            call("AssumeRoleWithOIDC", "", 200),
            call("DeleteActivation", FIRST.id, 200),
        ]
    );
    let assume = &server.requests()[0];
    assert_eq!(param(assume, "OIDCToken"), Some(OIDC_TOKEN));
    assert_eq!(param(assume, "Policy"), Some(POLICY));
    let session = param(assume, "RoleSessionName").unwrap_or_default();
    assert!(session.starts_with("acs-runtime-"), "{session}");
}

#[tokio::test]
async fn an_oidc_failure_names_the_code_and_not_the_token() {
    let server = start();
    server.inject(
        Fault::Raw {
            status: 400,
            content_type: "application/json;charset=utf-8".into(),
            body: br#"{"RequestId":"E0","Code":"AuthenticationFail.OIDCToken.Expired","Message":"The OIDC token has expired."}"#
                .to_vec(),
        },
        1,
    );
    let home = tempfile::tempdir().expect("a temporary directory");
    let (token_file, vars) = rrsa_vars(home.path());
    let mut vars = vars.to_vec();
    vars.push(("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file.as_str()));
    let client = ecs(
        &server,
        chain(&server, home.path(), &vars, SignatureVersion::V3),
    );

    let error = delete_activation(&server, &client).await.unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains("OIDC role (RRSA)")
            && message.contains(
                "STS AssumeRoleWithOIDC failed: AuthenticationFail.OIDCToken.Expired (HTTP 400)"
            ),
        "{message}"
    );
    assert_no_secret(&message);
    assert_no_secret(&format!("{error:?}"));
}

#[tokio::test]
async fn the_server_refuses_an_unsigned_request_for_any_other_action() {
    let server = start();
    answer(&server, "AssumeRole", &FIRST, Duration::from_secs(3600));
    let client = acs_sts::Client::new(
        Config::builder()
            .endpoint(server.url())
            .credentials(acs_runtime::credentials::Credentials::new(
                SOURCE_AK,
                SOURCE_SECRET,
            ))
            .retry(RetryConfig::disabled())
            .build()
            .expect("a valid configuration"),
    );
    let request = acs_sts::AssumeRoleRequest::new(ROLE, "s");
    let options = acs_runtime::CallOptions::new().anonymous();
    let error = client
        .runtime()
        .call_with(&request, &options)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("IncompleteSignature"), "{error}");
    client
        .assume_role(&request)
        .await
        .expect("signed, it passes");
}

#[test]
fn an_unsigned_request_is_the_signed_one_without_key_and_signature() {
    let client = acs_sts::Client::new(
        Config::builder()
            .credentials(acs_runtime::credentials::Credentials::new(
                SOURCE_AK,
                SOURCE_SECRET,
            ))
            .build()
            .expect("a valid configuration"),
    );
    let request = AssumeRoleWithOIDCRequest::new(PROVIDER, ROLE, OIDC_TOKEN, "s");
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let unsigned = client
        .runtime()
        .unsigned_request_at(&request, at, "nonce-1")
        .expect("a request");
    let signed = client
        .runtime()
        .sign_request_at(
            &request,
            &acs_runtime::credentials::Credentials::new(SOURCE_AK, SOURCE_SECRET),
            at,
            "nonce-1",
        )
        .expect("a request");
    assert_eq!(unsigned.uri(), signed.uri(), "V3: the same query");
    assert_eq!(
        unsigned.uri().authority().map(|a| a.as_str()),
        Some("sts.aliyuncs.com")
    );
    let mut without: Vec<_> = signed
        .headers()
        .iter()
        .filter(|(name, _)| *name != "authorization")
        .collect();
    without.sort_by_key(|(name, _)| name.as_str());
    let mut headers: Vec<_> = unsigned.headers().iter().collect();
    headers.sort_by_key(|(name, _)| name.as_str());
    assert_eq!(headers, without);

    let v2 = acs_sts::Client::new(
        Config::builder()
            .signature_version(SignatureVersion::V2)
            .build()
            .expect("a valid configuration"),
    );
    let query = v2
        .runtime()
        .unsigned_request_at(&request, at, "nonce-1")
        .expect("a request")
        .uri()
        .query()
        .unwrap_or_default()
        .to_owned();
    let names: Vec<&str> = query
        .split('&')
        .map(|pair| pair.split_once('=').map_or(pair, |(n, _)| n))
        .collect();
    assert_eq!(
        names,
        [
            "Action",
            "Format",
            "OIDCProviderArn",
            "OIDCToken",
            "RoleArn",
            "RoleSessionName",
            "SignatureNonce",
            "Timestamp",
            "Version",
        ],
        "{query}"
    );
}
