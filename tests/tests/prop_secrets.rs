//! Property tests: no secret or token appears in the `Display` or `Debug`
//! of any error the credentials files give, however the file around them is
//! broken, nor in the `Debug` of the credentials themselves.

use acs_runtime::credentials::{Credentials, aliyun_cli, file};
use proptest::prelude::*;

/// A secret-looking value; long enough that finding it is not chance.
fn secret() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9+/=]{12,40}", "[^\\[\\]\n\r=#;\"\\\\ ]{12,30}",]
}

/// A way to break the file around the secret.
#[derive(Clone, Copy, Debug)]
enum Breakage {
    None,
    NoEquals,
    DuplicateKey,
    NoId,
    UnknownType,
    StsWithoutToken,
    EmptySection,
    Truncated,
}

fn breakage() -> impl Strategy<Value = Breakage> {
    prop_oneof![
        Just(Breakage::None),
        Just(Breakage::NoEquals),
        Just(Breakage::DuplicateKey),
        Just(Breakage::NoId),
        Just(Breakage::UnknownType),
        Just(Breakage::StsWithoutToken),
        Just(Breakage::EmptySection),
        Just(Breakage::Truncated),
    ]
}

fn assert_hidden(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} shows in: {text}");
    }
}

fn ini(secret: &str, token: &str, how: Breakage) -> String {
    let mut lines = vec![
        "[default]".to_owned(),
        "type = sts".to_owned(),
        "access_key_id = LTAI5tExampleId".to_owned(),
        format!("access_key_secret = {secret}"),
        format!("security_token = {token}"),
    ];
    match how {
        Breakage::None => {}
        Breakage::NoEquals => lines[3] = format!("access_key_secret {secret}"),
        Breakage::DuplicateKey => lines.push(format!("access_key_secret = {secret}")),
        Breakage::NoId => {
            lines.remove(2);
        }
        Breakage::UnknownType => lines[1] = "type = weird".into(),
        Breakage::StsWithoutToken => {
            lines.remove(4);
        }
        Breakage::EmptySection => lines.push(format!("[]\n{secret}")),
        Breakage::Truncated => lines.push(format!("[default\n{token}")),
    }
    lines.join("\n") + "\n"
}

fn cli_config(secret: &str, token: &str, how: Breakage) -> String {
    let profile = match how {
        Breakage::NoId => format!(
            r#"{{"name":"default","mode":"StsToken","access_key_secret":"{secret}","sts_token":"{token}"}}"#
        ),
        Breakage::UnknownType => format!(
            r#"{{"name":"default","mode":"Weird","access_key_id":"id","access_key_secret":"{secret}","sts_token":"{token}"}}"#
        ),
        Breakage::StsWithoutToken => format!(
            r#"{{"name":"default","mode":"StsToken","access_key_id":"id","access_key_secret":"{secret}"}}"#
        ),
        _ => format!(
            r#"{{"name":"default","mode":"StsToken","access_key_id":"id","access_key_secret":"{secret}","sts_token":"{token}"}}"#
        ),
    };
    let text = format!(r#"{{"current":"default","profiles":[{profile}]}}"#);
    match how {
        Breakage::NoEquals => text.replace(":\"", " \""),
        Breakage::DuplicateKey => text.replace("\"mode\"", &format!("\"mode\":{secret},\"x\"")),
        Breakage::Truncated => {
            // Cut in the middle of the secret, on a character boundary.
            let at = text.find(secret).unwrap_or(0) + secret.len() / 2;
            let at = (at..=text.len())
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(text.len());
            text[..at].to_owned()
        }
        Breakage::EmptySection => text.replace("[", &format!("[{secret},")),
        _ => text,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn credentials_file_errors_hide_secrets(secret in secret(), token in secret(), how in breakage()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        std::fs::write(&path, ini(&secret, &token, how)).unwrap();
        match file::load_profile(&path, "default") {
            Ok(found) => assert_hidden(&format!("{found:?}"), &[&secret, &token]),
            Err(e) => assert_hidden(&format!("{e} {e:?}"), &[&secret, &token]),
        }
    }

    #[test]
    fn cli_config_errors_hide_secrets(secret in secret(), token in secret(), how in breakage()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, cli_config(&secret, &token, how)).unwrap();
        match aliyun_cli::load_profile(&path, None) {
            Ok(found) => assert_hidden(&format!("{found:?}"), &[&secret, &token]),
            Err(e) => assert_hidden(&format!("{e} {e:?}"), &[&secret, &token]),
        }
    }

    #[test]
    fn credentials_debug_hides_secrets(id in "[A-Za-z0-9]{8,24}", secret in secret(), token in secret()) {
        let credentials = Credentials::new(id, secret.clone()).with_security_token(token.clone());
        assert_hidden(&format!("{credentials:?}"), &[&secret, &token]);
    }
}
