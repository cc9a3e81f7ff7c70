//! Credential providers against fixtures in a temporary directory and a
//! metadata service played by a raw HTTP/1.1 server on 127.0.0.1.
//!
//! Every provider, credential and error these tests produce goes through
//! [`checked`] or [`assert_redacted`], which fail if a secret shows in its
//! `Debug` or `Display` output. All secrets in the fixtures contain `S3CR3T`
//! or `T0K3N`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use acs_runtime::credentials::{
    AliyunCliProvider, BoxFuture, CliProfile, Credentials, CredentialsChain, CredentialsError,
    CredentialsFileProvider, DefaultChain, DefaultChainBuilder, EcsRamRoleProvider, Env,
    EnvironmentProvider, ProfileCredentials, ProvideCredentials, aliyun_cli, file,
};
use tokio::net::TcpListener;

mod support;

use support::*;

/// The default chain reading `env`, with the metadata service at an
/// address nothing listens on: no test reaches 100.100.100.200.
fn default_chain(env: Env) -> DefaultChainBuilder {
    DefaultChain::builder(transport()).env(env).ecs_ram_role(
        EcsRamRoleProvider::builder(transport()).endpoint(format!("http://{}", dead_address())),
    )
}

// ---------------------------------------------------------------------------
// Explicit keys and the environment

#[test]
fn explicit_keys_provide_themselves() {
    let keys = Credentials::new("id", "explicit-S3CR3T").with_security_token("explicit-T0K3N");
    let provided = checked(&keys).unwrap();
    assert_eq!(provided, keys);
}

#[test]
fn environment_keys_and_token() {
    let env = Env::from_pairs([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-S3CR3T"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", "env-T0K3N"),
    ]);
    assert_redacted(&env);
    let credentials = checked(&EnvironmentProvider::with_env(env)).unwrap();
    assert_eq!(credentials.access_key_id(), "env-id");
    assert_eq!(credentials.access_key_secret(), "env-S3CR3T");
    assert_eq!(credentials.security_token(), Some("env-T0K3N"));
}

#[test]
fn environment_without_keys_is_not_configured() {
    let error = checked(&EnvironmentProvider::with_env(Env::from_pairs([(
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "",
    )])))
    .unwrap_err();
    assert!(error.is_not_configured());
    assert_eq!(error.to_string(), "ALIBABA_CLOUD_ACCESS_KEY_ID is not set");
}

#[test]
fn environment_with_half_a_key_pair_is_an_error() {
    let error = checked(&EnvironmentProvider::with_env(Env::from_pairs([(
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "env-S3CR3T",
    )])))
    .unwrap_err();
    assert!(!error.is_not_configured());
    assert_eq!(
        error.to_string(),
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not"
    );
    let error = checked(&EnvironmentProvider::with_env(Env::from_pairs([(
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "env-id",
    )])))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
    );
}

// ---------------------------------------------------------------------------
// The shared credentials file

#[test]
fn credentials_file_default_profile() {
    let home = Home::new().with_credentials_file();
    let provider = CredentialsFileProvider::new().with_env(home.env(&[]));
    assert_eq!(
        provider.path().unwrap(),
        home.path().join(".alibabacloud/credentials")
    );
    assert_eq!(provider.profile_name(), "default");
    let credentials = checked(&provider).unwrap();
    assert_eq!(credentials, Credentials::new("file-id", "file-S3CR3T"));
}

#[test]
fn credentials_file_profile_from_the_environment() {
    let home = Home::new().with_credentials_file();
    let provider =
        CredentialsFileProvider::new().with_env(home.env(&[("ALIBABA_CLOUD_PROFILE", "sts")]));
    let credentials = checked(&provider).unwrap();
    assert_eq!(
        credentials,
        Credentials::new("STS.file-id", "sts-S3CR3T").with_security_token("sts-T0K3N")
    );
}

#[test]
fn credentials_file_explicit_profile_wins_over_the_environment() {
    let home = Home::new().with_credentials_file();
    let provider = CredentialsFileProvider::new()
        .with_env(home.env(&[("ALIBABA_CLOUD_PROFILE", "default")]))
        .with_profile("sts");
    assert_eq!(checked(&provider).unwrap().access_key_id(), "STS.file-id");
}

#[test]
fn credentials_file_path_from_the_environment() {
    let home = Home::new();
    let path = home.write("elsewhere/creds.ini", CREDENTIALS_FILE);
    let provider = CredentialsFileProvider::new()
        .with_env(home.env(&[("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap())]));
    assert_eq!(provider.path().unwrap(), path);
    assert_eq!(checked(&provider).unwrap().access_key_id(), "file-id");
}

#[test]
fn credentials_file_load_profile_function() {
    let home = Home::new().with_credentials_file();
    let path = home.path().join(".alibabacloud/credentials");
    let profile = file::load_profile(&path, "sts").unwrap();
    assert_redacted(&profile);
    assert_eq!(
        profile,
        ProfileCredentials::Static(
            Credentials::new("STS.file-id", "sts-S3CR3T").with_security_token("sts-T0K3N")
        )
    );
}

#[test]
fn credentials_file_unsupported_type_names_file_profile_and_type() {
    let home = Home::new();
    let path = home.write(
        ".alibabacloud/credentials",
        "[default]\ntype = saml\nprivate_key = S3CR3T\n",
    );
    let provider = CredentialsFileProvider::new().with_env(home.env(&[]));
    let error = checked(&provider).unwrap_err();
    assert!(!error.is_not_configured());
    assert_eq!(
        error.to_string(),
        format!(
            "{}: profile \"default\": unsupported type \"saml\" \
             (supported: access_key, sts, ecs_ram_role, ram_role_arn, oidc_role_arn)",
            path.display()
        )
    );
}

#[test]
fn credentials_file_role_profile_without_an_sts_client_says_so() {
    let home = Home::new().with_credentials_file();
    let provider = CredentialsFileProvider::new()
        .with_env(home.env(&[]))
        .with_profile("arn");
    let error = checked(&provider).unwrap_err();
    assert!(!error.is_not_configured());
    assert_eq!(
        error.to_string(),
        format!(
            "{}: profile \"arn\" (RAM role acs:ram::1:role/x) needs an STS client: use \
             `acs_sts::default_chain()` (crate acs-sts), or configure one with \
             `DefaultChainBuilder::role_assumer` (or `with_role_assumer` on the file providers)",
            home.path().join(".alibabacloud/credentials").display()
        )
    );
}

#[test]
fn credentials_file_missing_profile_is_not_configured() {
    let home = Home::new().with_credentials_file();
    let provider = CredentialsFileProvider::new()
        .with_env(home.env(&[]))
        .with_profile("nope");
    let error = checked(&provider).unwrap_err();
    assert!(error.is_not_configured());
    assert_eq!(
        error.to_string(),
        format!(
            "{}: profile \"nope\" not found",
            home.path().join(".alibabacloud/credentials").display()
        )
    );
}

#[test]
fn credentials_file_missing_default_file_is_not_configured() {
    let home = Home::new();
    let error = checked(&CredentialsFileProvider::new().with_env(home.env(&[]))).unwrap_err();
    assert!(error.is_not_configured());
    assert_eq!(
        error.to_string(),
        format!(
            "neither {} nor credentials.ini exists",
            home.path().join(".alibabacloud/credentials").display()
        )
    );
}

#[test]
fn credentials_file_missing_explicit_file_is_an_error() {
    let home = Home::new();
    let path = home.path().join("missing");
    let by_variable = CredentialsFileProvider::new()
        .with_env(home.env(&[("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap())]));
    let by_setter = CredentialsFileProvider::new()
        .with_env(home.env(&[]))
        .with_path(&path);
    for provider in [by_variable, by_setter] {
        let error = checked(&provider).unwrap_err();
        assert!(!error.is_not_configured());
        assert_eq!(
            error.to_string(),
            format!("{} does not exist", path.display())
        );
    }
}

#[test]
fn credentials_file_malformed_names_the_line_not_its_text() {
    let home = Home::new();
    let path = home.write("creds", "[default]\ntype = access_key\nmalformed-S3CR3T\n");
    let provider = CredentialsFileProvider::new()
        .with_env(home.env(&[]))
        .with_path(&path);
    let error = checked(&provider).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 3: expected `[section]`, `key = value` or a comment",
            path.display()
        )
    );
}

#[test]
fn credentials_file_is_read_once() {
    let home = Home::new().with_credentials_file();
    let provider = CredentialsFileProvider::new().with_env(home.env(&[]));
    checked(&provider).unwrap();
    std::fs::remove_file(home.path().join(".alibabacloud/credentials")).unwrap();
    assert_eq!(checked(&provider).unwrap().access_key_id(), "file-id");
    // `load` bypasses what was kept.
    assert!(provider.load().unwrap_err().is_not_configured());
}

// ---------------------------------------------------------------------------
// The aliyun CLI config

#[test]
fn cli_config_current_profile_and_region() {
    let home = Home::new().with_cli_config();
    let provider = AliyunCliProvider::new().with_env(home.env(&[]));
    let profile: CliProfile = provider.load().unwrap();
    assert_redacted(&profile);
    assert_eq!(profile.name(), "default");
    assert_eq!(profile.region_id(), Some("cn-shanghai"));
    let credentials = checked(&provider).unwrap();
    assert_eq!(credentials, Credentials::new("cli-id", "cli-S3CR3T"));
}

#[test]
fn cli_config_load_profile_function() {
    let home = Home::new().with_cli_config();
    let path = home.path().join(".aliyun/config.json");
    let profile = aliyun_cli::load_profile(&path, Some("sts")).unwrap();
    assert_redacted(&profile);
    assert_eq!(profile.region_id(), Some("cn-beijing"));
    assert_eq!(
        profile.credentials(),
        &ProfileCredentials::Static(
            Credentials::new("STS.cli-id", "cli-sts-S3CR3T").with_security_token("cli-T0K3N")
        )
    );
    let error = aliyun_cli::load_profile(&path, Some("nope")).unwrap_err();
    assert_error_redacted(&error);
    assert!(error.is_not_configured());
    let error = aliyun_cli::load_profile(&home.path().join("none.json"), None).unwrap_err();
    assert_error_redacted(&error);
    assert!(error.is_not_configured());
}

#[test]
fn cli_config_sts_profile_from_the_environment() {
    let home = Home::new().with_cli_config();
    let provider = AliyunCliProvider::new().with_env(home.env(&[("ALIBABA_CLOUD_PROFILE", "sts")]));
    let credentials = checked(&provider).unwrap();
    assert_eq!(credentials.security_token(), Some("cli-T0K3N"));
}

#[test]
fn cli_config_unsupported_mode_names_file_profile_and_mode() {
    let home = Home::new();
    let path = home.write(
        ".aliyun/config.json",
        r#"{"current": "default", "profiles": [{"name": "default", "mode": "Saml", "access_key_secret": "S3CR3T"}]}"#,
    );
    let provider = AliyunCliProvider::new().with_env(home.env(&[]));
    let error = checked(&provider).unwrap_err();
    assert!(!error.is_not_configured());
    assert_eq!(
        error.to_string(),
        format!(
            "{}: profile \"default\": unsupported mode \"Saml\" (supported: AK, StsToken, \
             EcsRamRole, RamRoleArn, ChainableRamRoleArn, OIDC)",
            path.display()
        )
    );
}

#[test]
fn cli_config_role_profile_without_an_sts_client_says_so() {
    let home = Home::new().with_cli_config();
    let provider = AliyunCliProvider::new()
        .with_env(home.env(&[]))
        .with_profile("arn");
    let error = checked(&provider).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: profile \"arn\" (RAM role acs:ram::1:role/x) needs an STS client: use \
             `acs_sts::default_chain()` (crate acs-sts), or configure one with \
             `DefaultChainBuilder::role_assumer` (or `with_role_assumer` on the file providers)",
            home.path().join(".aliyun/config.json").display()
        )
    );
}

#[test]
fn cli_config_malformed_json_quotes_no_value() {
    let home = Home::new();
    let path = home.write(
        "config.json",
        r#"{"profiles": [{"name": "default", "mode": "AK", "access_key_secret": ["S3CR3T"]}]}"#,
    );
    let provider = AliyunCliProvider::new()
        .with_env(home.env(&[]))
        .with_path(&path);
    let error = checked(&provider).unwrap_err();
    assert!(
        error.to_string().starts_with(&format!(
            "{}: invalid JSON (unexpected structure) at line 1",
            path.display()
        )),
        "{error}"
    );
}

#[test]
fn cli_config_ecs_ram_role_needs_a_transport() {
    let home = Home::new().with_cli_config();
    let provider = AliyunCliProvider::new()
        .with_env(home.env(&[]))
        .with_profile("ecs");
    let error = checked(&provider).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: profile \"ecs\" uses an ECS RAM role, which needs an HTTP transport: configure the provider with `with_ecs_ram_role`",
            home.path().join(".aliyun/config.json").display()
        )
    );
}

#[test]
fn cli_config_ecs_ram_role_asks_the_metadata_service_for_that_role() {
    block_on(async {
        let server = MetadataServer::start(|request| match request.path.as_str() {
            "/latest/api/token" => (200, IMDS_TOKEN.to_owned()),
            "/latest/meta-data/ram/security-credentials/cli-role" => (200, role_answer(7)),
            _ => (404, String::new()),
        })
        .await;
        let home = Home::new().with_cli_config();
        let provider = AliyunCliProvider::new()
            .with_env(home.env(&[]))
            .with_profile("ecs")
            .with_ecs_ram_role(EcsRamRoleProvider::builder(transport()).endpoint(server.url()));
        assert_eq!(provider.load().unwrap().region_id(), Some("cn-hangzhou"));
        let credentials = provider.provide_credentials().await.unwrap();
        assert_redacted(&provider);
        assert_redacted(&credentials);
        assert_eq!(credentials.access_key_id(), "STS.ecs-id-7");
        assert_eq!(
            summary(&server.requests()),
            [
                "PUT /latest/api/token",
                "GET /latest/meta-data/ram/security-credentials/cli-role"
            ]
        );
    });
}

// ---------------------------------------------------------------------------
// The ECS RAM role

#[test]
fn ecs_role_discovery_token_and_fetch() {
    block_on(async {
        let server = MetadataServer::start(metadata_service()).await;
        let provider = EcsRamRoleProvider::builder(transport())
            .endpoint(format!("{}/", server.url()))
            .build();
        let credentials = provider.provide_credentials().await.unwrap();
        assert_redacted(&provider);
        assert_redacted(&credentials);
        assert_eq!(credentials.access_key_id(), "STS.ecs-id-1");
        assert_eq!(credentials.access_key_secret(), "ecs-S3CR3T-1");
        assert_eq!(credentials.security_token(), Some("ecs-T0K3N-1"));
        assert_eq!(
            credentials.expiration(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXPIRATION_SECS))
        );

        let requests = server.requests();
        assert_eq!(
            summary(&requests),
            [
                "PUT /latest/api/token",
                "GET /latest/meta-data/ram/security-credentials/",
                "GET /latest/meta-data/ram/security-credentials/my-role",
            ]
        );
        // IMDSv2: the token is asked for with a TTL, then sent along.
        assert_eq!(
            requests[0].header("X-aliyun-ecs-metadata-token-ttl-seconds"),
            Some("21600")
        );
        assert_eq!(requests[0].header("X-aliyun-ecs-metadata-token"), None);
        for request in &requests[1..] {
            assert_eq!(
                request.header("X-aliyun-ecs-metadata-token"),
                Some(IMDS_TOKEN)
            );
        }
    });
}

#[test]
fn ecs_role_configured_name_skips_discovery() {
    block_on(async {
        let server = MetadataServer::start(metadata_service()).await;
        let provider = EcsRamRoleProvider::builder(transport())
            .endpoint(server.url())
            .role_name("my-role")
            .metadata_token_ttl(Duration::from_secs(60))
            .build();
        let credentials = provider.provide_credentials().await.unwrap();
        assert_redacted(&provider);
        assert_eq!(credentials.access_key_id(), "STS.ecs-id-1");
        let requests = server.requests();
        assert_eq!(
            summary(&requests),
            [
                "PUT /latest/api/token",
                "GET /latest/meta-data/ram/security-credentials/my-role",
            ]
        );
        assert_eq!(
            requests[0].header("X-aliyun-ecs-metadata-token-ttl-seconds"),
            Some("60")
        );
    });
}

#[test]
fn ecs_role_credentials_are_cached() {
    block_on(async {
        let server = MetadataServer::start(metadata_service()).await;
        let clock = TestClock::new();
        let provider = clock
            .install(EcsRamRoleProvider::builder(transport()).endpoint(server.url()))
            .build();
        let first = provider.provide_credentials().await.unwrap();
        let after_first = server.request_count();
        assert_eq!(after_first, 3);
        // 10 minutes left: more than the 5-minute margin.
        clock.set_left(Duration::from_secs(600));
        let second = provider.provide_credentials().await.unwrap();
        assert_eq!(second, first);
        assert_eq!(
            server.request_count(),
            after_first,
            "no request for a cached answer"
        );
        assert_redacted(&provider);
    });
}

#[test]
fn ecs_role_credentials_are_refreshed_near_expiry() {
    block_on(async {
        let server = MetadataServer::start(metadata_service()).await;
        let clock = TestClock::new();
        let provider = clock
            .install(EcsRamRoleProvider::builder(transport()).endpoint(server.url()))
            .build();
        assert_eq!(
            provider
                .provide_credentials()
                .await
                .unwrap()
                .access_key_id(),
            "STS.ecs-id-1"
        );
        // 4 minutes left: inside the default 5-minute margin.
        clock.set_left(Duration::from_secs(240));
        let refreshed = provider.provide_credentials().await.unwrap();
        assert_redacted(&refreshed);
        assert_eq!(refreshed.access_key_id(), "STS.ecs-id-2");
        // The discovered role is kept: the refresh does not list roles again.
        assert_eq!(
            summary(&server.requests()[3..]),
            [
                "PUT /latest/api/token",
                "GET /latest/meta-data/ram/security-credentials/my-role",
            ]
        );
    });
}

#[test]
fn ecs_role_refresh_margin_is_configurable() {
    block_on(async {
        let server = MetadataServer::start(metadata_service()).await;
        let clock = TestClock::new();
        let provider = clock
            .install(
                EcsRamRoleProvider::builder(transport())
                    .endpoint(server.url())
                    .refresh_margin(Duration::from_secs(2 * 3_600)),
            )
            .build();
        // One hour left is inside a two-hour margin: every call refreshes.
        provider.provide_credentials().await.unwrap();
        let second = provider.provide_credentials().await.unwrap();
        assert_eq!(second.access_key_id(), "STS.ecs-id-2");
        assert_redacted(&provider);
    });
}

#[test]
fn ecs_role_failed_refresh_keeps_unexpired_credentials() {
    block_on(async {
        let fail = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let server_fail = Arc::clone(&fail);
        let service = metadata_service();
        let server = MetadataServer::start(move |request| {
            if server_fail.load(Ordering::SeqCst) {
                (500, "down".to_owned())
            } else {
                service(request)
            }
        })
        .await;
        let clock = TestClock::new();
        let provider = clock
            .install(EcsRamRoleProvider::builder(transport()).endpoint(server.url()))
            .build();
        let first = provider.provide_credentials().await.unwrap();
        fail.store(true, Ordering::SeqCst);
        clock.set_left(Duration::from_secs(60));
        assert_eq!(provider.provide_credentials().await.unwrap(), first);
        // Once they have expired, the failure is reported.
        clock.set_left(Duration::ZERO);
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert_eq!(
            error.to_string(),
            format!(
                "ECS RAM role \"my-role\": the metadata service at {} answered HTTP 500",
                server.url()
            )
        );
    });
}

#[test]
fn ecs_role_without_token_falls_back_when_allowed() {
    block_on(async {
        let service = metadata_service();
        let server = MetadataServer::start(move |request| {
            if request.method == "PUT" {
                (403, "IMDSv2 not available".to_owned())
            } else {
                service(request)
            }
        })
        .await;
        let provider = EcsRamRoleProvider::builder(transport())
            .endpoint(server.url())
            .build();
        let credentials = provider.provide_credentials().await.unwrap();
        assert_redacted(&credentials);
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        for request in &requests[1..] {
            assert_eq!(request.header("X-aliyun-ecs-metadata-token"), None);
        }
    });
}

#[test]
fn ecs_role_without_token_fails_when_fallback_is_disabled() {
    block_on(async {
        let service = metadata_service();
        let server = MetadataServer::start(move |request| {
            if request.method == "PUT" {
                (403, "IMDSv2 not available".to_owned())
            } else {
                service(request)
            }
        })
        .await;
        let provider = EcsRamRoleProvider::builder(transport())
            .endpoint(server.url())
            .imds_v1_fallback(false)
            .build();
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert_redacted(&provider);
        assert_eq!(
            error.to_string(),
            "could not get an ECS metadata token, and going on without one (IMDSv1) is disabled: \
             the metadata service answered HTTP 403 to the token request"
        );
        assert_eq!(summary(&server.requests()), ["PUT /latest/api/token"]);
    });
}

#[test]
fn ecs_role_code_other_than_success_is_an_error() {
    block_on(async {
        let server = MetadataServer::start(|request| match request.path.as_str() {
            "/latest/api/token" => (200, IMDS_TOKEN.to_owned()),
            "/latest/meta-data/ram/security-credentials/my-role" => (
                200,
                r#"{"Code":"Failed","AccessKeyId":"x","AccessKeySecret":"failed-S3CR3T","SecurityToken":"failed-T0K3N","Expiration":"2030-01-01T00:00:00Z"}"#.to_owned(),
            ),
            _ => (404, String::new()),
        })
        .await;
        let provider = EcsRamRoleProvider::builder(transport())
            .endpoint(server.url())
            .role_name("my-role")
            .build();
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert_redacted(&provider);
        assert_eq!(
            error.to_string(),
            "ECS RAM role \"my-role\": the metadata service answered Code \"Failed\" instead of \"Success\""
        );
    });
}

#[test]
fn ecs_role_none_attached() {
    block_on(async {
        let server = MetadataServer::start(|request| match request.path.as_str() {
            "/latest/api/token" => (200, IMDS_TOKEN.to_owned()),
            _ => (404, String::new()),
        })
        .await;
        let provider = EcsRamRoleProvider::builder(transport())
            .endpoint(server.url())
            .build();
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert_eq!(
            error.to_string(),
            format!(
                "no RAM role is attached to this ECS instance (the metadata service at {} answered HTTP 404)",
                server.url()
            )
        );
    });
}

#[test]
fn ecs_role_unreachable_service() {
    block_on(async {
        // Bind then drop a listener: nothing listens on that port any more.
        let addr = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap();
        let provider = EcsRamRoleProvider::builder(transport())
            .endpoint(format!("http://{addr}"))
            .role_name("my-role")
            .build();
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert!(
            error.to_string().starts_with(&format!(
                "metadata service at http://{addr}: could not connect"
            )),
            "{error}"
        );
    });
}

// ---------------------------------------------------------------------------
// Chains

const ENV_KEYS: [(&str, &str); 2] = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-S3CR3T"),
];

#[test]
fn default_chain_prefers_the_environment() {
    let home = Home::new().with_credentials_file().with_cli_config();
    let chain = default_chain(home.env(&ENV_KEYS)).build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "env-id");
}

#[test]
fn default_chain_reads_the_cli_config_before_the_credentials_file() {
    let home = Home::new().with_credentials_file().with_cli_config();
    let chain = default_chain(home.env(&[])).build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "cli-id");
    let home = Home::new().with_credentials_file();
    let chain = default_chain(home.env(&[])).build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "file-id");
}

#[test]
fn default_chain_profile_variable_applies_to_both_files() {
    // Here only the CLI has the profile.
    let home = Home::new().with_credentials_file().with_cli_config();
    let chain = default_chain(home.env(&[("ALIBABA_CLOUD_PROFILE", "only-in-cli")])).build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "only-id");
}

#[test]
fn default_chain_lists_every_source_when_all_are_missing() {
    let home = Home::new();
    let dead = dead_address();
    let chain = default_chain(home.env(&[]))
        .ecs_ram_role(EcsRamRoleProvider::builder(transport()).endpoint(format!("http://{dead}")))
        .build();
    let error = checked(&chain).unwrap_err();
    assert!(!error.is_not_configured());
    let text = error.to_string();
    let expected_start = format!(
        "no credentials found: \
         environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set; \
         OIDC role (RRSA): ALIBABA_CLOUD_ROLE_ARN is not set; \
         aliyun CLI config: {} does not exist; \
         credentials file: neither {} nor credentials.ini exists; \
         ECS RAM role: metadata service at http://{dead}: could not connect",
        home.path().join(".aliyun/config.json").display(),
        home.path().join(".alibabacloud/credentials").display(),
    );
    assert!(text.starts_with(&expected_start), "{text}");
    assert!(
        text.ends_with("; credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set"),
        "{text}"
    );
}

#[test]
fn default_chain_skips_a_broken_source() {
    let home = Home::new().with_credentials_file();
    home.write(
        ".aliyun/config.json",
        r#"{"current": "default", "profiles": [{"name": "default", "mode": "CloudSSO"}]}"#,
    );
    let chain = default_chain(home.env(&[])).build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "file-id");
    // Half a key pair in the environment is skipped too.
    let chain = default_chain(home.env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")])).build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "file-id");
}

#[test]
fn default_chain_sticks_to_the_source_that_answered() {
    let home = Home::new().with_credentials_file();
    let chain = default_chain(home.env(&[])).build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "file-id");
    // The CLI config appears later: the chain does not switch accounts.
    home.write(".aliyun/config.json", CLI_CONFIG);
    assert_eq!(checked(&chain).unwrap().access_key_id(), "file-id");
}

#[test]
fn default_chain_discovers_the_ecs_role_or_uses_the_named_one() {
    block_on(async {
        let server = MetadataServer::start(metadata_service()).await;
        let home = Home::new();
        let ecs = EcsRamRoleProvider::builder(transport()).endpoint(server.url());

        let discovered = default_chain(home.env(&[]))
            .ecs_ram_role(ecs.clone())
            .build();
        let credentials = discovered.provide_credentials().await.unwrap();
        assert_redacted(&discovered);
        assert_redacted(&credentials);
        assert_eq!(credentials.access_key_id(), "STS.ecs-id-1");
        assert_eq!(
            summary(&server.requests()),
            [
                "PUT /latest/api/token",
                "GET /latest/meta-data/ram/security-credentials/",
                "GET /latest/meta-data/ram/security-credentials/my-role",
            ]
        );

        let named = default_chain(home.env(&[("ALIBABA_CLOUD_ECS_METADATA", "my-role")]))
            .ecs_ram_role(ecs.clone())
            .build();
        let credentials = named.provide_credentials().await.unwrap();
        assert_eq!(credentials.access_key_id(), "STS.ecs-id-2");
        // The role was named: no discovery request.
        assert_eq!(
            summary(&server.requests()[3..]),
            [
                "PUT /latest/api/token",
                "GET /latest/meta-data/ram/security-credentials/my-role",
            ]
        );

        let disabled = default_chain(home.env(&[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]))
            .ecs_ram_role(ecs)
            .build();
        let error = disabled.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert!(
            error
                .to_string()
                .contains("ECS RAM role: ALIBABA_CLOUD_ECS_METADATA_DISABLED is true"),
            "{error}"
        );
        assert_eq!(server.request_count(), 5);
    });
}

#[test]
fn default_chain_remembers_an_unreachable_metadata_service() {
    block_on(async {
        let home = Home::new();
        let dead = format!("http://{}", dead_address());
        let chain = || {
            default_chain(home.env(&[]))
                .ecs_ram_role(EcsRamRoleProvider::builder(transport()).endpoint(dead.clone()))
                .build()
        };
        let first = chain().provide_credentials().await.unwrap_err();
        assert!(
            first.to_string().contains(&format!(
                "ECS RAM role: metadata service at {dead}: could not connect"
            )),
            "{first}"
        );
        // Another chain in the same process does not try again.
        let second = chain().provide_credentials().await.unwrap_err();
        assert!(
            second.to_string().contains(&format!(
                "ECS RAM role: the metadata service at {dead} could not be reached earlier in this process"
            )),
            "{second}"
        );
    });
}

#[test]
fn a_slow_metadata_service_is_not_remembered_as_unreachable() {
    block_on(async {
        // Accepts connections and never answers.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let provider = || {
            EcsRamRoleProvider::builder(transport())
                .endpoint(url.clone())
                .remember_unreachable(true)
                .send_options(acs_runtime::transport::SendOptions {
                    connect_timeout: Duration::from_secs(1),
                    read_timeout: Duration::from_millis(50),
                    max_response_bytes: 1024,
                })
                .build()
        };
        for _ in 0..2 {
            let error = provider().provide_credentials().await.unwrap_err();
            assert_error_redacted(&error);
            assert!(
                error.to_string().contains("read timed out"),
                "asked again, not remembered: {error}"
            );
        }
    });
}

#[test]
fn default_chain_honours_imdsv1_disabled() {
    block_on(async {
        let service = metadata_service();
        let server = MetadataServer::start(move |request| {
            if request.method == "PUT" {
                (403, String::new())
            } else {
                service(request)
            }
        })
        .await;
        let home = Home::new();
        let chain = default_chain(home.env(&[
            ("ALIBABA_CLOUD_ECS_METADATA", "my-role"),
            ("ALIBABA_CLOUD_IMDSV1_DISABLED", "true"),
        ]))
        .ecs_ram_role(EcsRamRoleProvider::builder(transport()).endpoint(server.url()))
        .build();
        let error = chain.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert!(
            error.to_string().contains(
                "ECS RAM role: could not get an ECS metadata token, and going on without one (IMDSv1) is disabled"
            ),
            "{error}"
        );
        assert_eq!(server.request_count(), 1);
    });
}

#[test]
fn default_chain_with_a_profile_ignores_the_environment() {
    let home = Home::new().with_credentials_file().with_cli_config();
    let env = home.env(&ENV_KEYS);
    // Both files have `sts`: the CLI config is read first.
    let from_cli = default_chain(env.clone()).profile("sts").build();
    assert_eq!(checked(&from_cli).unwrap().access_key_id(), "STS.cli-id");
    let from_cli = default_chain(env.clone()).profile("only-in-cli").build();
    assert_eq!(checked(&from_cli).unwrap().access_key_id(), "only-id");
    let home = Home::new().with_credentials_file();
    let from_file = default_chain(home.env(&ENV_KEYS)).profile("sts").build();
    assert_eq!(checked(&from_file).unwrap().access_key_id(), "STS.file-id");
}

#[test]
fn default_chain_with_a_missing_profile_says_where_it_looked() {
    let home = Home::new().with_credentials_file();
    let cli = home.write("cli/config.json", CLI_CONFIG);
    let chain = default_chain(home.env(&ENV_KEYS))
        .cli_config(&cli)
        .profile("nope")
        .build();
    let error = checked(&chain).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "profile \"nope\" not found: \
             aliyun CLI config: {}: profile \"nope\" not found; \
             credentials file: {}: profile \"nope\" not found",
            cli.display(),
            home.path().join(".alibabacloud/credentials").display(),
        )
    );
}

#[test]
fn default_chain_file_paths_can_be_set() {
    let home = Home::new();
    let creds = home.write("a/creds", CREDENTIALS_FILE);
    let chain = default_chain(home.env(&[]))
        .credentials_file(&creds)
        .build();
    assert_eq!(checked(&chain).unwrap().access_key_id(), "file-id");
}

#[test]
fn credentials_chain_skips_unconfigured_sources_and_sticks() {
    #[derive(Debug)]
    struct Counting {
        calls: AtomicUsize,
        answer: Result<Credentials, CredentialsError>,
    }
    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let answer = self.answer.clone();
            Box::pin(async move { answer })
        }
    }
    let home = Home::new();
    let chain = CredentialsChain::new()
        .with_source(
            "nothing here",
            CredentialsFileProvider::new().with_env(home.env(&[])),
        )
        .with_source("keys", Credentials::new("chain-id", "chain-S3CR3T"))
        .with_source(
            "never asked",
            Counting {
                calls: AtomicUsize::new(0),
                answer: Err(CredentialsError::new("unreachable")),
            },
        );
    assert_eq!(checked(&chain).unwrap().access_key_id(), "chain-id");
    // The file appears, but the chain sticks to the source that answered.
    home.write(".alibabacloud/credentials", CREDENTIALS_FILE);
    assert_eq!(checked(&chain).unwrap().access_key_id(), "chain-id");
    let debug = format!("{chain:?}");
    assert!(debug.contains("never asked"));
    assert!(debug.contains("calls: 0"), "{debug}");

    let empty = CredentialsChain::new();
    let error = checked(&empty).unwrap_err();
    assert!(error.is_not_configured());
    assert_eq!(
        error.to_string(),
        "no credentials found: the chain has no sources"
    );
}
