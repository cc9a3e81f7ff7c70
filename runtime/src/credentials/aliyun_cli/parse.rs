//! The format of `config.json` and what each profile mode means: the
//! credentials a profile describes, following `source_profile` chains.

use serde::Deserialize;

use super::CliProfile;
use crate::credentials::env;
use crate::credentials::profile::ProfileCredentials;
use crate::credentials::role::{self, AssumeRoleParams, OidcRoleParams, StsEndpoint};
use crate::credentials::{Credentials, CredentialsError};

/// The modes this crate supports.
const SUPPORTED_MODES: &str = "AK, StsToken, EcsRamRole, RamRoleArn, ChainableRamRoleArn, OIDC";

// No `Debug`: these hold secrets.
#[derive(Deserialize)]
struct Config {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<RawProfile>,
}

#[derive(Deserialize)]
struct RawProfile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    sts_token: Option<String>,
    #[serde(default)]
    ram_role_name: Option<String>,
    #[serde(default)]
    region_id: Option<String>,
    #[serde(default)]
    ram_role_arn: Option<String>,
    #[serde(default)]
    ram_session_name: Option<String>,
    #[serde(default)]
    role_session_name: Option<String>,
    #[serde(default)]
    expired_seconds: Option<u64>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    sts_region: Option<String>,
    #[serde(default)]
    enable_vpc: Option<bool>,
    #[serde(default)]
    source_profile: Option<String>,
    #[serde(default)]
    oidc_provider_arn: Option<String>,
    #[serde(default)]
    oidc_token_file: Option<String>,
}

/// Parses a CLI config and picks a profile out of it. Errors do not name the
/// file; the caller adds it.
pub(super) fn parse_profile(
    text: &str,
    name: Option<&str>,
) -> Result<CliProfile, CredentialsError> {
    // serde_json's messages can quote the offending value, which may be a
    // secret: keep only the category and the position.
    let config: Config = serde_json::from_str(text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected structure",
            serde_json::error::Category::Eof => "unexpected end of file",
        };
        CredentialsError::new(format!(
            "invalid JSON ({what}) at line {}, column {}",
            e.line(),
            e.column()
        ))
    })?;
    let name = name
        .map(str::to_owned)
        .or_else(|| config.current.clone().filter(|c| !c.is_empty()))
        .ok_or_else(|| {
            CredentialsError::not_configured(format!(
                "no profile chosen: no `current` in the file and {} is not set",
                env::PROFILE
            ))
        })?;
    let raw = find(&config, &name)?;
    Ok(CliProfile {
        region_id: non_empty(raw.region_id.clone()),
        credentials: credentials_of(&config, raw, &mut vec![name.clone()])?,
        name,
    })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

fn find<'c>(config: &'c Config, name: &str) -> Result<&'c RawProfile, CredentialsError> {
    config
        .profiles
        .iter()
        .find(|p| p.name.as_deref() == Some(name))
        .ok_or_else(|| CredentialsError::not_configured(format!("profile {name:?} not found")))
}

/// The credentials of `raw`, the last profile of `path` (the chain of
/// `source_profile`s that led to it, to refuse cycles).
fn credentials_of(
    config: &Config,
    raw: &RawProfile,
    path: &mut Vec<String>,
) -> Result<ProfileCredentials, CredentialsError> {
    let name = path.last().cloned().unwrap_or_default();
    let in_profile =
        |message: String| CredentialsError::new(format!("profile {name:?}: {message}"));
    let mode = non_empty(raw.mode.clone())
        .ok_or_else(|| in_profile(format!("no `mode` (supported: {SUPPORTED_MODES})")))?;
    let required = |value: &Option<String>, key: &str| {
        non_empty(value.clone()).ok_or_else(|| in_profile(format!("mode {mode} needs `{key}`")))
    };
    let keys = || -> Result<Credentials, CredentialsError> {
        Ok(Credentials::new(
            required(&raw.access_key_id, "access_key_id")?,
            required(&raw.access_key_secret, "access_key_secret")?,
        ))
    };
    let endpoint = StsEndpoint {
        region: non_empty(raw.sts_region.clone()),
        vpc: raw.enable_vpc,
    };
    let duration =
        || role::duration_seconds(raw.expired_seconds, "expired_seconds").map_err(in_profile);
    let role_params = || -> Result<AssumeRoleParams, CredentialsError> {
        let mut params = AssumeRoleParams::new(required(&raw.ram_role_arn, "ram_role_arn")?);
        params.role_session_name = non_empty(raw.ram_session_name.clone());
        params.duration_seconds = duration()?;
        params.policy = non_empty(raw.policy.clone());
        params.external_id = non_empty(raw.external_id.clone());
        params.endpoint = endpoint.clone();
        Ok(params)
    };
    Ok(match mode.as_str() {
        "AK" => ProfileCredentials::Static(keys()?),
        "StsToken" => ProfileCredentials::Static(
            keys()?.with_security_token(required(&raw.sts_token, "sts_token")?),
        ),
        "EcsRamRole" => ProfileCredentials::EcsRamRole {
            role_name: non_empty(raw.ram_role_name.clone()),
        },
        "RamRoleArn" => ProfileCredentials::RamRoleArn {
            source: Box::new(ProfileCredentials::Static(keys()?)),
            params: role_params()?,
        },
        "ChainableRamRoleArn" => {
            let source_name = required(&raw.source_profile, "source_profile")?;
            if path.contains(&source_name) {
                return Err(in_profile(format!(
                    "source_profile {source_name:?} leads back to itself ({} -> {source_name})",
                    path.join(" -> ")
                )));
            }
            let params = role_params()?;
            let source_raw = find(config, &source_name)
                .map_err(|_| in_profile(format!("source_profile {source_name:?} not found")))?;
            path.push(source_name);
            let source = credentials_of(config, source_raw, path)?;
            path.pop();
            ProfileCredentials::RamRoleArn {
                source: Box::new(source),
                params,
            }
        }
        "OIDC" => {
            let mut params = OidcRoleParams::new(
                required(&raw.ram_role_arn, "ram_role_arn")?,
                required(&raw.oidc_provider_arn, "oidc_provider_arn")?,
                required(&raw.oidc_token_file, "oidc_token_file")?,
            );
            params.role_session_name = non_empty(raw.role_session_name.clone());
            params.duration_seconds = duration()?;
            params.policy = non_empty(raw.policy.clone());
            params.endpoint = endpoint;
            ProfileCredentials::OidcRoleArn(params)
        }
        "CloudSSO" | "External" | "CredentialsURI" => {
            return Err(in_profile(format!(
                "mode {mode:?} is not supported ({}; supported: {SUPPORTED_MODES})",
                match mode.as_str() {
                    "CloudSSO" => "it needs an interactive `aliyun configure` login",
                    "External" => "it runs an external program",
                    _ => "use ALIBABA_CLOUD_CREDENTIALS_URI instead",
                }
            )));
        }
        other => {
            return Err(in_profile(format!(
                "unsupported mode {other:?} (supported: {SUPPORTED_MODES})"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{
        "current": "sts",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "id", "access_key_secret": "secret",
             "sts_token": "", "ram_role_name": "", "region_id": "cn-hangzhou", "output_format": "json"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "sid", "access_key_secret": "ssecret",
             "sts_token": "tok", "region_id": ""},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "role", "region_id": "cn-beijing"},
            {"name": "arn", "mode": "RamRoleArn", "ram_role_arn": "acs:ram::1:role/x"},
            {"name": "half", "mode": "AK", "access_key_id": "id"}
        ]
    }"#;

    #[test]
    fn parses_each_supported_mode() {
        let default = parse_profile(CONFIG, Some("default")).unwrap();
        assert_eq!(default.name(), "default");
        assert_eq!(default.region_id(), Some("cn-hangzhou"));
        assert_eq!(
            default.credentials(),
            &ProfileCredentials::Static(Credentials::new("id", "secret"))
        );
        let current = parse_profile(CONFIG, None).unwrap();
        assert_eq!(current.name(), "sts");
        assert_eq!(current.region_id(), None);
        assert_eq!(
            current.into_credentials(),
            ProfileCredentials::Static(
                Credentials::new("sid", "ssecret").with_security_token("tok")
            )
        );
        let ecs = parse_profile(CONFIG, Some("ecs")).unwrap();
        assert_eq!(
            ecs.credentials(),
            &ProfileCredentials::EcsRamRole {
                role_name: Some("role".into())
            }
        );
    }

    #[test]
    fn without_current_no_profile_is_read() {
        // As in the official libraries: not even one called `default`.
        let text = r#"{"profiles": [{"name": "default", "mode": "AK", "access_key_id": "a", "access_key_secret": "b"}]}"#;
        let error = parse_profile(text, None).unwrap_err();
        assert!(error.is_not_configured());
        assert_eq!(
            error.to_string(),
            "no profile chosen: no `current` in the file and ALIBABA_CLOUD_PROFILE is not set"
        );
        assert_eq!(
            parse_profile(text, Some("default")).unwrap().name(),
            "default"
        );
    }

    #[test]
    fn profile_errors() {
        let missing = parse_profile(CONFIG, Some("nope")).unwrap_err();
        assert!(missing.is_not_configured());
        assert_eq!(missing.to_string(), "profile \"nope\" not found");
        assert_eq!(
            parse_profile(CONFIG, Some("arn")).unwrap_err().to_string(),
            "profile \"arn\": mode RamRoleArn needs `access_key_id`"
        );
        assert_eq!(
            parse_profile(CONFIG, Some("half")).unwrap_err().to_string(),
            "profile \"half\": mode AK needs `access_key_secret`"
        );
    }

    const ROLES: &str = r#"{
        "profiles": [
            {"name": "ak", "mode": "AK", "access_key_id": "id", "access_key_secret": "s"},
            {"name": "arn", "mode": "RamRoleArn", "access_key_id": "id", "access_key_secret": "s",
             "ram_role_arn": "acs:ram::1:role/a", "ram_session_name": "me", "expired_seconds": 1800,
             "policy": "{}", "external_id": "ext", "sts_region": "cn-shanghai", "enable_vpc": true},
            {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "arn",
             "ram_role_arn": "acs:ram::2:role/b"},
            {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "r"},
            {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "r"},
            {"name": "orphan", "mode": "ChainableRamRoleArn", "source_profile": "gone", "ram_role_arn": "r"},
            {"name": "oidc", "mode": "OIDC", "ram_role_arn": "r", "oidc_provider_arn": "p",
             "oidc_token_file": "/t", "role_session_name": "pod", "expired_seconds": 900},
            {"name": "short", "mode": "RamRoleArn", "access_key_id": "id", "access_key_secret": "s",
             "ram_role_arn": "r", "expired_seconds": 60},
            {"name": "sso", "mode": "CloudSSO", "cloud_sso_sign_in_url": "https://x"}
        ]
    }"#;

    #[test]
    fn parses_role_modes() {
        let arn = parse_profile(ROLES, Some("arn"))
            .unwrap()
            .into_credentials();
        let mut params = AssumeRoleParams::new("acs:ram::1:role/a");
        params.role_session_name = Some("me".into());
        params.duration_seconds = 1800;
        params.policy = Some("{}".into());
        params.external_id = Some("ext".into());
        params.endpoint = StsEndpoint {
            region: Some("cn-shanghai".into()),
            vpc: Some(true),
        };
        let expected_arn = ProfileCredentials::RamRoleArn {
            source: Box::new(ProfileCredentials::Static(Credentials::new("id", "s"))),
            params,
        };
        assert_eq!(arn, expected_arn);
        // A chained role is signed by what its source profile gives.
        assert_eq!(
            parse_profile(ROLES, Some("chain"))
                .unwrap()
                .into_credentials(),
            ProfileCredentials::RamRoleArn {
                source: Box::new(expected_arn),
                params: AssumeRoleParams::new("acs:ram::2:role/b"),
            }
        );
        let mut oidc = OidcRoleParams::new("r", "p", "/t");
        oidc.role_session_name = Some("pod".into());
        oidc.duration_seconds = 900;
        assert_eq!(
            parse_profile(ROLES, Some("oidc"))
                .unwrap()
                .into_credentials(),
            ProfileCredentials::OidcRoleArn(oidc)
        );
    }

    #[test]
    fn role_mode_errors() {
        let error = |name| parse_profile(ROLES, Some(name)).unwrap_err().to_string();
        assert_eq!(
            error("loop-a"),
            "profile \"loop-b\": source_profile \"loop-a\" leads back to itself (loop-a -> loop-b -> loop-a)"
        );
        assert_eq!(
            error("orphan"),
            "profile \"orphan\": source_profile \"gone\" not found"
        );
        assert_eq!(
            error("short"),
            "profile \"short\": `expired_seconds` is 60; a session lasts at least 900 seconds"
        );
        assert_eq!(
            error("sso"),
            "profile \"sso\": mode \"CloudSSO\" is not supported (it needs an interactive \
             `aliyun configure` login; supported: AK, StsToken, EcsRamRole, RamRoleArn, \
             ChainableRamRoleArn, OIDC)"
        );
    }

    #[test]
    fn json_errors_do_not_quote_values() {
        let text = r#"{"profiles": [{"name": "default", "access_key_secret": 12345678}]}"#;
        let error = parse_profile(text, None).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid JSON (unexpected structure) at line 1, column 63"
        );
        assert!(!error.contains("12345678"));
        let error = parse_profile("{\"current\": \"S3CR3T", None)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("S3CR3T"), "{error}");
    }
}
