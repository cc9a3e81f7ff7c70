//! The JSON answer that serves temporary credentials, shared by the ECS
//! metadata service and a credentials URI, and the cache that keeps such
//! credentials until they are about to expire.
//!
//! ```json
//! {"Code": "Success", "AccessKeyId": "STS.…", "AccessKeySecret": "…",
//!  "SecurityToken": "…", "Expiration": "2026-11-22T12:00:00Z"}
//! ```

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use super::time::parse_utc_timestamp;
use super::{Credentials, CredentialsError};

// No `Debug`: holds secrets.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    code: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

/// Parses an answer from `who` (e.g. `the metadata service`, named in the
/// errors). Errors never quote the body.
pub(crate) fn parse_credentials(body: &[u8], who: &str) -> Result<Credentials, CredentialsError> {
    let answer: Answer = serde_json::from_slice(body).map_err(|e| {
        CredentialsError::new(format!(
            "{who}'s answer is not the expected JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let code = answer.code.unwrap_or_default();
    if code != "Success" {
        return Err(CredentialsError::new(format!(
            "{who} answered Code {code:?} instead of \"Success\""
        )));
    }
    let field = |value: Option<String>, name: &str| {
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| CredentialsError::new(format!("{who}'s answer has no {name}")))
    };
    let expiration = field(answer.expiration, "Expiration")?;
    let expiration = parse_utc_timestamp(&expiration)
        .map_err(|e| CredentialsError::new(format!("{who}'s Expiration is an {e}")))?;
    Ok(Credentials::new(
        field(answer.access_key_id, "AccessKeyId")?,
        field(answer.access_key_secret, "AccessKeySecret")?,
    )
    .with_security_token(field(answer.security_token, "SecurityToken")?)
    .with_expiration(expiration))
}

/// Temporary credentials kept until less than `margin` is left before they
/// expire. The `std` mutex is never held across an `.await`.
#[derive(Debug)]
pub(crate) struct Kept {
    slot: Mutex<Option<Credentials>>,
    margin: Duration,
}

impl Kept {
    /// An empty cache that refreshes `margin` before expiry.
    pub(crate) fn new(margin: Duration) -> Self {
        Kept {
            slot: Mutex::new(None),
            margin,
        }
    }

    /// The kept credentials, if they are still fresh at `now`.
    pub(crate) fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref()
            .filter(|c| match c.expiration() {
                None => true,
                Some(expiration) => expiration
                    .duration_since(now)
                    .is_ok_and(|left| left >= self.margin),
            })
            .cloned()
    }

    /// Keeps `credentials` and returns them.
    pub(crate) fn keep(&self, credentials: Credentials) -> Credentials {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(credentials.clone());
        credentials
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHO: &str = "the metadata service";

    #[test]
    fn parses_an_answer() {
        let body = br#"{"AccessKeyId":"STS.id","AccessKeySecret":"S3CR3T","SecurityToken":"T0K3N",
            "Expiration":"2030-01-01T00:00:00Z","Code":"Success","LastUpdated":"2029-12-31T18:00:00Z"}"#;
        let credentials = parse_credentials(body, WHO).unwrap();
        assert_eq!(credentials.access_key_id(), "STS.id");
        assert_eq!(credentials.access_key_secret(), "S3CR3T");
        assert_eq!(credentials.security_token(), Some("T0K3N"));
        assert_eq!(
            credentials.expiration(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000))
        );
    }

    #[test]
    fn answer_errors_never_quote_secrets() {
        for (body, expected) in [
            (
                &br#"{"Code":"Failed","AccessKeySecret":"S3CR3T"}"#[..],
                "the metadata service answered Code \"Failed\" instead of \"Success\"",
            ),
            (
                br#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"S3CR3T","Expiration":"2030-01-01T00:00:00Z"}"#,
                "the metadata service's answer has no SecurityToken",
            ),
            (
                br#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"S3CR3T","SecurityToken":"T0K3N","Expiration":"soon"}"#,
                "the metadata service's Expiration is an invalid timestamp \"soon\": expected the form YYYY-MM-DDTHH:MM:SSZ",
            ),
            (
                br#"{"Code":"Success","AccessKeySecret":12345678}"#,
                "the metadata service's answer is not the expected JSON (line 1, column 44)",
            ),
        ] {
            let error = parse_credentials(body, WHO).unwrap_err().to_string();
            assert_eq!(error, expected);
            assert!(!error.contains("S3CR3T") && !error.contains("12345678"));
        }
    }

    #[test]
    fn kept_until_the_margin() {
        let kept = Kept::new(Duration::from_secs(300));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        assert!(kept.fresh(now).is_none());
        let expiring = Credentials::new("a", "b").with_expiration(now + Duration::from_secs(600));
        kept.keep(expiring.clone());
        assert_eq!(kept.fresh(now), Some(expiring));
        assert!(kept.fresh(now + Duration::from_secs(301)).is_none());
        kept.keep(Credentials::new("c", "d"));
        assert!(kept.fresh(now + Duration::from_secs(1_000_000)).is_some());
    }
}
