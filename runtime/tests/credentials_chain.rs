//! The default chain against the set-ups a user switching from Alibaba
//! Cloud's official SDK brings along, one case per rule of the official
//! chain (Python `alibabacloud-credentials` 1.0.12, Go `default.go`): what
//! each case must sign with (AccessKey id, secret, token), or the error when
//! nothing works.
//!
//! Each case gets a temporary `HOME`, its own variables, a metadata service
//! on 127.0.0.1 (with or without a RAM role), a credentials URI server on
//! 127.0.0.1 and, where it says so, a fake STS client. Nothing reaches
//! beyond 127.0.0.1. Every answer, error and warning is checked for secrets.

mod support;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use acs_runtime::credentials::{
    AssumeRoleParams, BoxFuture, Credentials, CredentialsError, DefaultChain, EcsRamRoleProvider,
    OidcRoleParams, ProvideCredentials, RoleAssumer,
};
use support::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// What a case must yield.
enum Expect {
    /// AccessKey id, secret and security token.
    Keys(&'static str, &'static str, Option<&'static str>),
    /// The error's text must contain each of these (after substitution).
    Error(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    /// Files to write, relative to `HOME`.
    files: &'static [(&'static str, &'static str)],
    vars: &'static [(&'static str, &'static str)],
    /// Whether the metadata service lists a RAM role (else it answers 404).
    ecs_role: bool,
    /// Whether the chain has an STS client.
    sts: bool,
    /// A `--profile` choice.
    profile: Option<&'static str>,
    expect: Expect,
    /// A `WARN` event must name this source (a broken source was skipped).
    warns: Option<&'static str>,
}

const CASE: Case = Case {
    name: "",
    files: &[],
    vars: &[],
    ecs_role: false,
    sts: false,
    profile: None,
    expect: Expect::Error(&[]),
    warns: None,
};

const FILE: &str = ".alibabacloud/credentials";
const FILE_INI: &str = ".alibabacloud/credentials.ini";
const CLI: &str = ".aliyun/config.json";

const FILE_DEFAULT: &str = "[default]\ntype = access_key\naccess_key_id = FILEID\naccess_key_secret = file-S3CR3T\n\
     [other]\ntype = access_key\naccess_key_id = FILEOTHER\naccess_key_secret = other-S3CR3T\n";
const CLI_DEFAULT: &str = r#"{"current": "default", "profiles": [
    {"name": "default", "mode": "AK", "access_key_id": "CLIDEFID", "access_key_secret": "cli-S3CR3T"},
    {"name": "other", "mode": "AK", "access_key_id": "CLIOTHER", "access_key_secret": "cli-other-S3CR3T"}]}"#;
const ENV_KEYS: [(&str, &str); 2] = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID"),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-S3CR3T"),
];

const FILE_KEYS: Expect = Expect::Keys("FILEID", "file-S3CR3T", None);
const CLI_KEYS: Expect = Expect::Keys("CLIDEFID", "cli-S3CR3T", None);
const ECS_KEYS: Expect = Expect::Keys("STS.ecs-id-1", "ecs-S3CR3T-1", Some("ecs-T0K3N-1"));
const ASSUMED_SECRET: &str = "assumed-S3CR3T";
const ASSUMED_TOKEN: &str = "assumed-T0K3N";
const OIDC_TOKEN: &str = "oidc-T0K3N";

fn cases() -> Vec<Case> {
    vec![
        // 1. Order: environment, OIDC, config.json, credentials file, ECS.
        Case {
            name: "environment before both files",
            files: &[(FILE, FILE_DEFAULT), (CLI, CLI_DEFAULT)],
            vars: &ENV_KEYS,
            expect: Expect::Keys("ENVID", "env-S3CR3T", None),
            ..CASE
        },
        Case {
            name: "config.json before the credentials file",
            files: &[(FILE, FILE_DEFAULT), (CLI, CLI_DEFAULT)],
            expect: CLI_KEYS,
            ..CASE
        },
        Case {
            name: "ALIBABA_CLOUD_PROFILE naming a profile in both files",
            files: &[(FILE, FILE_DEFAULT), (CLI, CLI_DEFAULT)],
            vars: &[("ALIBABA_CLOUD_PROFILE", "other")],
            expect: Expect::Keys("CLIOTHER", "cli-other-S3CR3T", None),
            ..CASE
        },
        Case {
            name: "credentials file before the ECS role",
            files: &[(FILE, FILE_DEFAULT)],
            ecs_role: true,
            expect: FILE_KEYS,
            ..CASE
        },
        Case {
            name: "config.json without `current`: passed over, as officially",
            files: &[
                (FILE, FILE_DEFAULT),
                (
                    CLI,
                    r#"{"profiles": [{"name": "default", "mode": "AK", "access_key_id": "CLIDEFID", "access_key_secret": "cli-S3CR3T"}]}"#,
                ),
            ],
            expect: FILE_KEYS,
            ..CASE
        },
        // 2. A broken or unusable source is skipped, with a warning.
        Case {
            name: "malformed credentials file, valid config.json",
            files: &[
                (FILE, "[default\naccess_key_id = BROKEN\n"),
                (CLI, CLI_DEFAULT),
            ],
            expect: CLI_KEYS,
            ..CASE
        },
        Case {
            name: "malformed credentials file, then the ECS role",
            files: &[(FILE, "[default\naccess_key_id = BROKEN\n")],
            ecs_role: true,
            expect: ECS_KEYS,
            warns: Some("credentials file"),
            ..CASE
        },
        Case {
            name: "malformed config.json, valid credentials file",
            files: &[(FILE, FILE_DEFAULT), (CLI, "{\"profiles\": [")],
            expect: FILE_KEYS,
            warns: Some("aliyun CLI config"),
            ..CASE
        },
        Case {
            name: "access key id without its secret in the environment",
            files: &[(FILE, FILE_DEFAULT)],
            vars: &[("ALIBABA_CLOUD_ACCESS_KEY_ID", "HALF")],
            expect: FILE_KEYS,
            warns: Some("environment"),
            ..CASE
        },
        Case {
            name: "access_key profile missing its secret",
            files: &[(
                FILE,
                "[default]\ntype = access_key\naccess_key_id = NOSECRET\n",
            )],
            ecs_role: true,
            expect: ECS_KEYS,
            warns: Some("credentials file"),
            ..CASE
        },
        Case {
            name: "AK mode missing its secret in config.json",
            files: &[
                (FILE, FILE_DEFAULT),
                (
                    CLI,
                    r#"{"current": "default", "profiles": [{"name": "default", "mode": "AK", "access_key_id": "NOSECRET"}]}"#,
                ),
            ],
            expect: FILE_KEYS,
            warns: Some("aliyun CLI config"),
            ..CASE
        },
        Case {
            name: "ALIBABA_CLOUD_CREDENTIALS_FILE names a missing file",
            files: &[(FILE, FILE_DEFAULT)],
            vars: &[("ALIBABA_CLOUD_CREDENTIALS_FILE", "{home}/missing.ini")],
            ecs_role: true,
            expect: ECS_KEYS,
            warns: Some("credentials file"),
            ..CASE
        },
        Case {
            name: "ram_role_arn profile without an STS client",
            files: &[(
                FILE,
                "[default]\ntype = ram_role_arn\naccess_key_id = ARNID\naccess_key_secret = arn-S3CR3T\nrole_arn = acs:ram::1:role/a\n",
            )],
            ecs_role: true,
            expect: ECS_KEYS,
            warns: Some("credentials file"),
            ..CASE
        },
        // 3. The ECS metadata service is the last step by default.
        Case {
            name: "ECS instance with a role, nothing configured",
            ecs_role: true,
            expect: ECS_KEYS,
            ..CASE
        },
        Case {
            name: "ECS metadata disabled",
            vars: &[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")],
            ecs_role: true,
            expect: Expect::Error(&["ECS RAM role: ALIBABA_CLOUD_ECS_METADATA_DISABLED is true"]),
            ..CASE
        },
        Case {
            name: "ecs_ram_role profile while the metadata service is disabled",
            files: &[(FILE, "[default]\ntype = ecs_ram_role\n")],
            vars: &[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")],
            ecs_role: true,
            expect: Expect::Error(&[
                "credentials file: {home}/.alibabacloud/credentials: profile \"default\" uses an ECS \
                 RAM role, but ALIBABA_CLOUD_ECS_METADATA_DISABLED is true",
            ]),
            warns: Some("credentials file"),
            ..CASE
        },
        Case {
            name: "ECS role named by ALIBABA_CLOUD_ECS_METADATA",
            vars: &[("ALIBABA_CLOUD_ECS_METADATA", "my-role")],
            ecs_role: true,
            expect: ECS_KEYS,
            ..CASE
        },
        // 4. credentials and credentials.ini.
        Case {
            name: "only credentials.ini (the Python and Java name)",
            files: &[(
                FILE_INI,
                "[default]\ntype = access_key\naccess_key_id = INIID\naccess_key_secret = ini-S3CR3T\n",
            )],
            expect: Expect::Keys("INIID", "ini-S3CR3T", None),
            ..CASE
        },
        Case {
            name: "credentials and credentials.ini: credentials wins",
            files: &[
                (FILE, FILE_DEFAULT),
                (
                    FILE_INI,
                    "[default]\ntype = access_key\naccess_key_id = INIID\naccess_key_secret = ini-S3CR3T\n",
                ),
            ],
            expect: FILE_KEYS,
            warns: Some("credentials.ini"),
            ..CASE
        },
        // 5. The official INI dialect.
        Case {
            name: "inline comment",
            files: &[(
                FILE,
                "[default]\ntype = access_key # long-lived\naccess_key_id = HASHID # prod key\naccess_key_secret = hash-S3CR3T\n",
            )],
            expect: Expect::Keys("HASHID", "hash-S3CR3T", None),
            ..CASE
        },
        Case {
            name: "colon separator and keys in any case",
            files: &[(
                FILE,
                "[default]\nType: access_key\nAccess_Key_Id: COLONID\nACCESS_KEY_SECRET : colon-S3CR3T\n",
            )],
            expect: Expect::Keys("COLONID", "colon-S3CR3T", None),
            ..CASE
        },
        Case {
            name: "quoted values lose their quotes (ours; official keeps them)",
            files: &[(
                FILE,
                "[default]\ntype = \"access_key\"\naccess_key_id = \"QUOTEDID\"\naccess_key_secret = 'quoted-S3CR3T' # note\n",
            )],
            expect: Expect::Keys("QUOTEDID", "quoted-S3CR3T", None),
            ..CASE
        },
        // 6. ALIBABA_CLOUD_CLI_PROFILE_DISABLED.
        Case {
            name: "config.json disabled",
            files: &[(FILE, FILE_DEFAULT), (CLI, CLI_DEFAULT)],
            vars: &[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")],
            expect: FILE_KEYS,
            ..CASE
        },
        // 7. The other sources.
        Case {
            name: "credentials URI after the metadata service",
            vars: &[(
                "ALIBABA_CLOUD_CREDENTIALS_URI",
                "{uri}/credentials?ticket=1",
            )],
            expect: Expect::Keys("STS.uri-id", "uri-S3CR3T", Some("uri-T0K3N")),
            ..CASE
        },
        Case {
            name: "RRSA variables with an STS client",
            files: &[(FILE, FILE_DEFAULT), ("token", OIDC_TOKEN)],
            vars: &[
                ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/pod"),
                (
                    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                    "acs:ram::1:oidc-provider/ack",
                ),
                ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "{home}/token"),
            ],
            sts: true,
            expect: Expect::Keys(
                "STS.oidc>acs:ram::1:role/pod",
                ASSUMED_SECRET,
                Some(ASSUMED_TOKEN),
            ),
            ..CASE
        },
        Case {
            name: "RRSA variables without an STS client: skipped",
            files: &[(FILE, FILE_DEFAULT), ("token", OIDC_TOKEN)],
            vars: &[
                ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/pod"),
                (
                    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                    "acs:ram::1:oidc-provider/ack",
                ),
                ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "{home}/token"),
            ],
            expect: FILE_KEYS,
            warns: Some("OIDC role (RRSA)"),
            ..CASE
        },
        Case {
            name: "ram_role_arn profile with an STS client",
            files: &[(
                FILE,
                "[default]\ntype = ram_role_arn\naccess_key_id = ARNID\naccess_key_secret = arn-S3CR3T\nrole_arn = acs:ram::1:role/a\n",
            )],
            sts: true,
            expect: Expect::Keys(
                "STS.ARNID>acs:ram::1:role/a",
                ASSUMED_SECRET,
                Some(ASSUMED_TOKEN),
            ),
            ..CASE
        },
        Case {
            name: "oidc_role_arn profile with an STS client",
            files: &[
                (
                    FILE,
                    "[default]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/o\noidc_provider_arn = p\noidc_token_file_path = {home}/token\n",
                ),
                ("token", OIDC_TOKEN),
            ],
            sts: true,
            expect: Expect::Keys(
                "STS.oidc>acs:ram::1:role/o",
                ASSUMED_SECRET,
                Some(ASSUMED_TOKEN),
            ),
            ..CASE
        },
        Case {
            name: "config.json RamRoleArn and ChainableRamRoleArn",
            files: &[(
                CLI,
                r#"{"current": "chained", "profiles": [
                    {"name": "base", "mode": "RamRoleArn", "access_key_id": "BASEID", "access_key_secret": "base-S3CR3T",
                     "ram_role_arn": "acs:ram::1:role/first", "expired_seconds": 900},
                    {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "base",
                     "ram_role_arn": "acs:ram::2:role/second"}]}"#,
            )],
            sts: true,
            expect: Expect::Keys(
                "STS.STS.BASEID>acs:ram::1:role/first>acs:ram::2:role/second",
                ASSUMED_SECRET,
                Some(ASSUMED_TOKEN),
            ),
            ..CASE
        },
        Case {
            name: "config.json OIDC mode",
            files: &[
                (
                    CLI,
                    r#"{"current": "o", "profiles": [{"name": "o", "mode": "OIDC", "ram_role_arn": "acs:ram::1:role/o",
                        "oidc_provider_arn": "p", "oidc_token_file": "{home}/token"}]}"#,
                ),
                ("token", OIDC_TOKEN),
            ],
            sts: true,
            expect: Expect::Keys(
                "STS.oidc>acs:ram::1:role/o",
                ASSUMED_SECRET,
                Some(ASSUMED_TOKEN),
            ),
            ..CASE
        },
        Case {
            name: "config.json CloudSSO is not supported, the file is used",
            files: &[
                (FILE, FILE_DEFAULT),
                (
                    CLI,
                    r#"{"current": "sso", "profiles": [{"name": "sso", "mode": "CloudSSO"}]}"#,
                ),
            ],
            expect: FILE_KEYS,
            warns: Some("aliyun CLI config"),
            ..CASE
        },
        Case {
            name: "config.json CloudSSO alone",
            files: &[(
                CLI,
                r#"{"current": "sso", "profiles": [{"name": "sso", "mode": "CloudSSO"}]}"#,
            )],
            expect: Expect::Error(&[
                "aliyun CLI config: {home}/.aliyun/config.json: profile \"sso\": mode \"CloudSSO\" is not supported",
            ]),
            ..CASE
        },
        // Ours: an explicit --profile is not overridden by environment keys.
        Case {
            name: "--profile beats environment keys",
            files: &[(FILE, FILE_DEFAULT)],
            vars: &ENV_KEYS,
            profile: Some("other"),
            expect: Expect::Keys("FILEOTHER", "other-S3CR3T", None),
            ..CASE
        },
        // Nothing works: one error listing every source and why.
        Case {
            name: "nothing configured, not on an instance with a role",
            expect: Expect::Error(&["no credentials found: \
                 environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set; \
                 OIDC role (RRSA): ALIBABA_CLOUD_ROLE_ARN is not set; \
                 aliyun CLI config: {home}/.aliyun/config.json does not exist; \
                 credentials file: neither {home}/.alibabacloud/credentials nor credentials.ini exists; \
                 ECS RAM role: no RAM role is attached to this ECS instance \
                 (the metadata service at {ecs} answered HTTP 404); \
                 credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set"]),
            ..CASE
        },
    ]
}

/// STS played in memory: the assumed key id says who signed and which
/// roles were assumed; an OIDC call checks the token read from the file.
#[derive(Debug, Default)]
struct FakeSts;

fn assumed(id: String) -> Credentials {
    Credentials::new(id, ASSUMED_SECRET)
        .with_security_token(ASSUMED_TOKEN)
        .with_expiration(SystemTime::now() + Duration::from_secs(3_600))
}

impl RoleAssumer for FakeSts {
    fn assume_role<'a>(
        &'a self,
        source: &'a Credentials,
        params: &'a AssumeRoleParams,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let id = format!("STS.{}>{}", source.access_key_id(), params.role_arn);
        let named = params
            .role_session_name
            .as_deref()
            .is_some_and(|n| n.starts_with("acs-runtime-"));
        Box::pin(async move {
            if !named {
                return Err(CredentialsError::new("no default session name"));
            }
            Ok(assumed(id))
        })
    }

    fn assume_role_with_oidc<'a>(
        &'a self,
        params: &'a OidcRoleParams,
        oidc_token: &'a str,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let result = if oidc_token == OIDC_TOKEN {
            Ok(assumed(format!("STS.oidc>{}", params.role_arn)))
        } else {
            Err(CredentialsError::new("wrong OIDC token"))
        };
        Box::pin(async move { result })
    }
}

/// Records every event, at every level, with its level and fields.
#[derive(Clone, Default)]
struct Warnings(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Warnings {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let _ = write!(text, "\n{}", event.metadata().level());
        event.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// A credentials URI server whose `/credentials` answers with keys.
async fn uri_server() -> MetadataServer {
    MetadataServer::start(|request| match request.path.as_str() {
        "/credentials?ticket=1" => (
            200,
            format!(
                r#"{{"Code":"Success","AccessKeyId":"STS.uri-id","AccessKeySecret":"uri-S3CR3T","SecurityToken":"uri-T0K3N","Expiration":"{EXPIRATION}"}}"#
            ),
        ),
        _ => (404, String::new()),
    })
    .await
}

/// A metadata service without a RAM role.
async fn roleless_metadata_service() -> MetadataServer {
    MetadataServer::start(|request| match request.path.as_str() {
        "/latest/api/token" => (200, IMDS_TOKEN.to_owned()),
        _ => (404, String::new()),
    })
    .await
}

/// Runs one case; returns a description of what went wrong, if anything.
async fn run(case: &Case) -> Result<(), String> {
    let home = Home::new();
    let ecs = if case.ecs_role {
        MetadataServer::start(metadata_service()).await
    } else {
        roleless_metadata_service().await
    };
    let uri = uri_server().await;
    let home_text = home.path().display().to_string();
    let fill = |text: &str| {
        text.replace("{home}", &home_text)
            .replace("{uri}", &uri.url())
            .replace("{ecs}", &ecs.url())
    };
    for (path, text) in case.files {
        home.write(path, &fill(text));
    }
    let vars: Vec<(String, String)> = case
        .vars
        .iter()
        .map(|(name, value)| (name.to_string(), fill(value)))
        .collect();
    let vars: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();

    let mut chain = DefaultChain::builder(transport())
        .env(home.env(&vars))
        .ecs_ram_role(EcsRamRoleProvider::builder(transport()).endpoint(ecs.url()));
    if case.sts {
        chain = chain.role_assumer(Arc::new(FakeSts));
    }
    if let Some(profile) = case.profile {
        chain = chain.profile(profile);
    }
    let chain = chain.build();
    let result = chain.provide_credentials().await;
    assert_redacted(&chain);
    match (&case.expect, result) {
        (Expect::Keys(id, secret, token), Ok(credentials)) => {
            assert_redacted(&credentials);
            let got = (
                credentials.access_key_id(),
                credentials.access_key_secret(),
                credentials.security_token(),
            );
            if got != (*id, *secret, *token) {
                return Err(format!("expected keys {id}, got {}", got.0));
            }
            Ok(())
        }
        (Expect::Error(parts), Err(error)) => {
            assert_error_redacted(&error);
            let text = error.to_string();
            match parts
                .iter()
                .map(|p| fill(p))
                .find(|p| !text.contains(p.as_str()))
            {
                Some(missing) => Err(format!("error {text:?} lacks {missing:?}")),
                None => Ok(()),
            }
        }
        (Expect::Keys(id, ..), Err(error)) => {
            assert_error_redacted(&error);
            Err(format!("expected keys {id}, got error: {error}"))
        }
        (Expect::Error(_), Ok(credentials)) => Err(format!(
            "expected an error, got keys {}",
            credentials.access_key_id()
        )),
    }
}

#[test]
fn default_chain_resolves_like_the_official_libraries() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        let warnings = Warnings::default();
        let outcome =
            tracing::subscriber::with_default(warnings.clone(), || runtime.block_on(run(case)));
        let logged = warnings.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for marker in MARKERS {
            assert!(
                !logged.contains(marker),
                "{}: secret in a log line: {logged}",
                case.name
            );
        }
        if let Err(why) = outcome {
            failures.push(format!("{}: {why}", case.name));
        }
        let warned = |source: &str| {
            logged
                .lines()
                .any(|line| line.starts_with(Level::WARN.as_str()) && line.contains(source))
        };
        if let Some(source) = case.warns
            && !warned(source)
        {
            failures.push(format!(
                "{}: no warning naming {source:?}: {logged:?}",
                case.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
