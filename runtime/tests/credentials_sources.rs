//! The sources added to follow the official chain, on their own: the
//! credentials URI (against a server on 127.0.0.1) and the role providers
//! (against an STS client played in memory). Secrets, including the OIDC
//! token and a ticket in the URI's query, never show in `Debug`, `Display`
//! or an error.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use acs_runtime::credentials::{
    AssumeRoleParams, BoxFuture, Credentials, CredentialsError, CredentialsUriProvider, Env,
    EnvironmentProvider, OidcRoleArnProvider, OidcRoleParams, ProvideCredentials,
    RamRoleArnProvider, RoleAssumer,
};
use support::*;

fn uri_answer() -> String {
    format!(
        r#"{{"Code":"Success","AccessKeyId":"STS.uri-id","AccessKeySecret":"uri-S3CR3T","SecurityToken":"uri-T0K3N","Expiration":"{EXPIRATION}"}}"#
    )
}

#[test]
fn credentials_uri_serves_and_keeps_credentials() {
    block_on(async {
        let server = MetadataServer::start(|request| match request.path.as_str() {
            "/creds?ticket=T0K3N" => (200, uri_answer()),
            _ => (404, String::new()),
        })
        .await;
        let provider = CredentialsUriProvider::new(
            format!("{}/creds?ticket=T0K3N", server.url()),
            transport(),
        );
        let first = provider.provide_credentials().await.unwrap();
        assert_redacted(&first);
        assert_redacted(&provider);
        assert_eq!(first.access_key_id(), "STS.uri-id");
        assert_eq!(first.access_key_secret(), "uri-S3CR3T");
        assert_eq!(first.security_token(), Some("uri-T0K3N"));
        assert_eq!(
            first.expiration(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXPIRATION_SECS))
        );
        // Kept until 5 minutes before they expire (2030): no second request.
        assert_eq!(provider.provide_credentials().await.unwrap(), first);
        assert_eq!(summary(&server.requests()), ["GET /creds?ticket=T0K3N"]);
    });
}

#[test]
fn credentials_uri_errors_name_the_uri_without_its_query() {
    block_on(async {
        let server = MetadataServer::start(|request| match request.path.as_str() {
            "/down?ticket=T0K3N" => (500, "uri-S3CR3T".to_owned()),
            "/failed?ticket=T0K3N" => (
                200,
                r#"{"Code":"Failed","AccessKeySecret":"uri-S3CR3T"}"#.to_owned(),
            ),
            _ => (404, String::new()),
        })
        .await;
        let url = server.url();
        for (path, expected) in [
            (
                "down",
                format!("credentials URI {url}/down answered HTTP 500"),
            ),
            (
                "failed",
                format!(
                    "the credentials URI {url}/failed answered Code \"Failed\" instead of \"Success\""
                ),
            ),
        ] {
            let provider =
                CredentialsUriProvider::new(format!("{url}/{path}?ticket=T0K3N"), transport());
            let error = provider.provide_credentials().await.unwrap_err();
            assert_error_redacted(&error);
            assert_redacted(&provider);
            assert_eq!(error.to_string(), expected);
        }
        let dead = format!("http://{}", dead_address());
        let provider = CredentialsUriProvider::new(format!("{dead}/x?ticket=T0K3N"), transport());
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert!(
            error
                .to_string()
                .starts_with(&format!("credentials URI {dead}/x: could not connect")),
            "{error}"
        );
    });
}

/// Counts its calls; answers with keys derived from the request.
#[derive(Debug, Default)]
struct CountingSts {
    calls: AtomicUsize,
}

impl RoleAssumer for CountingSts {
    fn assume_role<'a>(
        &'a self,
        source: &'a Credentials,
        params: &'a AssumeRoleParams,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let id = format!("STS.{}>{}#{n}", source.access_key_id(), params.role_arn);
        Box::pin(async move {
            Ok(Credentials::new(id, "role-S3CR3T")
                .with_security_token("role-T0K3N")
                .with_expiration(SystemTime::now() + Duration::from_secs(3_600)))
        })
    }

    fn assume_role_with_oidc<'a>(
        &'a self,
        params: &'a OidcRoleParams,
        oidc_token: &'a str,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let result = if oidc_token == "oidc-T0K3N" {
            Ok(
                Credentials::new(format!("STS.oidc>{}#{n}", params.role_arn), "role-S3CR3T")
                    .with_security_token("role-T0K3N")
                    // Expires within the refresh margin: asked again every time.
                    .with_expiration(SystemTime::now() + Duration::from_secs(60)),
            )
        } else {
            Err(CredentialsError::new("wrong OIDC token"))
        };
        Box::pin(async move { result })
    }
}

#[test]
fn ram_role_arn_assumes_once_and_keeps_the_result() {
    block_on(async {
        let sts = Arc::new(CountingSts::default());
        let provider = RamRoleArnProvider::new(
            Arc::new(Credentials::new("BASE", "base-S3CR3T")),
            AssumeRoleParams::new("acs:ram::1:role/r"),
            sts.clone(),
        );
        let first = provider.provide_credentials().await.unwrap();
        assert_eq!(first.access_key_id(), "STS.BASE>acs:ram::1:role/r#1");
        assert_eq!(provider.provide_credentials().await.unwrap(), first);
        assert_eq!(sts.calls.load(Ordering::SeqCst), 1);
        assert_redacted(&provider);
        assert_redacted(&first);
    });
}

#[test]
fn ram_role_arn_names_a_failing_source() {
    block_on(async {
        let provider = RamRoleArnProvider::new(
            // An environment without keys.
            Arc::new(EnvironmentProvider::with_env(
                Env::from_pairs::<&str, &str>([]),
            )),
            AssumeRoleParams::new("acs:ram::1:role/r"),
            Arc::new(CountingSts::default()),
        );
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        // The role is configured: its missing source is a failure, not an absence.
        assert!(!error.is_not_configured());
        assert_eq!(
            error.to_string(),
            "the credentials to assume acs:ram::1:role/r: ALIBABA_CLOUD_ACCESS_KEY_ID is not set"
        );
    });
}

#[test]
fn oidc_role_reads_the_token_file_on_every_refresh() {
    block_on(async {
        let home = Home::new();
        let token = home.write("token", "stale-T0K3N\n");
        let sts = Arc::new(CountingSts::default());
        let provider = OidcRoleArnProvider::new(
            OidcRoleParams::new("acs:ram::1:role/pod", "acs:ram::1:oidc-provider/p", &token),
            sts.clone(),
        );
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert_eq!(
            error.to_string(),
            "assuming acs:ram::1:role/pod with an OIDC token: wrong OIDC token"
        );
        // The token is rotated: the next refresh reads the new one.
        home.write("token", "oidc-T0K3N\n");
        let credentials = provider.provide_credentials().await.unwrap();
        assert_redacted(&credentials);
        assert_redacted(&provider);
        assert_eq!(
            credentials.access_key_id(),
            "STS.oidc>acs:ram::1:role/pod#2"
        );

        std::fs::remove_file(&token).unwrap();
        let error = provider.provide_credentials().await.unwrap_err();
        assert_error_redacted(&error);
        assert!(
            error
                .to_string()
                .starts_with(&format!("reading the OIDC token {}: ", token.display())),
            "{error}"
        );
        home.write("token", "  \n");
        let error = provider.provide_credentials().await.unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("the OIDC token file {} is empty", token.display())
        );
    });
}
