//! The command-line program `generated/examples/ecs.rs`, run as a user would,
//! against the loopback test server.
//!
//! The example is built once (`cargo build --workspace --examples`, fresh after
//! `cargo test --workspace`, which also reports where the binary is), then each test runs that binary with
//! credentials in the child's environment only, and a `HOME` of its own so
//! that no real credentials file is read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use sdk_tests::server::{SignatureVersion, TestServer};
use serde_json::Value;

const AK: &str = "LTAI5tCliTestKey";
const SECRET: &str = "cli-secret-must-never-be-printed";
const STS_AK: &str = "STS.NUcliTemporary";
const STS_SECRET: &str = "cli-sts-secret-must-never-be-printed";
const TOKEN: &str = "CAIS-cli-security-token";

/// Builds the example once and returns the path of its binary.
fn example_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut cargo = Command::new(env!("CARGO"));
        // The workspace's examples with the workspace's features: exactly
        // what `cargo test --workspace` has just built, so this is fresh
        // there. (`-p acs-ecs --features by-name` would be another feature
        // set, and compile the whole ECS crate a second time.)
        cargo.current_dir(&workspace).args([
            "build",
            "-q",
            "--workspace",
            "--examples",
            "--message-format=json",
        ]);
        // What cargo sets for this test process describes the sdk-tests
        // package; passed on, it would look like a changed environment to
        // build scripts that watch it (ring's does), and the nested build
        // would recompile them every time.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let set_for_this_test = name.starts_with("CARGO_PKG_")
                || name.starts_with("CARGO_MANIFEST_")
                || name.starts_with("CARGO_BIN_")
                || matches!(
                    &*name,
                    "OUT_DIR"
                        | "CARGO_CRATE_NAME"
                        | "CARGO_PRIMARY_PACKAGE"
                        | "CARGO_TARGET_TMPDIR"
                );
            if set_for_this_test {
                cargo.env_remove(&*name);
            }
        }
        let output = cargo.output().expect("running cargo build");
        assert!(
            output.status.success(),
            "building the example failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .find(|m| {
                m["reason"] == "compiler-artifact"
                    && m["target"]["name"] == "ecs"
                    && m["target"]["kind"]
                        .as_array()
                        .is_some_and(|k| k.iter().any(|k| k == "example"))
            })
            .and_then(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the example's executable")
    })
}

/// Runs the example with `args`, the environment variables `env` (and no
/// other `ALIBABA_CLOUD_*` ones), in a fresh `HOME`.
fn ecs(args: &[&str], env: &[(&str, &str)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(example_binary());
    command.args(args).env("HOME", home.path());
    for (name, _) in std::env::vars() {
        if name.starts_with("ALIBABA_CLOUD_") {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied());
    command.output().expect("running the example")
}

fn keys() -> [(&'static str, &'static str); 2] {
    [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", AK),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ]
}

fn start() -> TestServer {
    TestServer::builder()
        .access_key(AK, SECRET)
        .sts_key(STS_AK, STS_SECRET, TOKEN)
        .start()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn calls_an_operation_with_v3_and_prints_json() {
    let server = start();
    let id = server.create_activation("cn-hangzhou", 2);
    let url = server.url();
    let out = ecs(
        &[
            "--endpoint",
            &url,
            "DeleteActivation",
            "--RegionId",
            "cn-hangzhou",
            "--ActivationId",
            &id,
        ],
        &keys(),
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("pretty JSON on stdout");
    assert_eq!(json["Activation"]["ActivationId"], id.as_str());
    assert_eq!(
        json["Activation"]["InstanceCount"], 2,
        "typed: a number, not a string"
    );
    assert!(
        text(&out.stdout).contains("\n  \"Activation\""),
        "pretty-printed"
    );
    assert!(server.activation(&id).is_none());
    assert_eq!(server.requests()[0].signature_version, SignatureVersion::V3);
}

#[test]
fn calls_an_operation_with_v2_xml_and_the_region_flag() {
    let server = start();
    let activation = server.create_activation("cn-beijing", 1);
    let instance = server.register_instance(&activation);
    let url = server.url();
    let out = ecs(
        &[
            "--endpoint",
            &url,
            "--signature-version",
            "v2",
            "--format",
            "xml",
            "--region",
            "cn-beijing",
            "DeregisterManagedInstance",
            "--InstanceId",
            &instance,
        ],
        &keys(),
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["Instance"]["InstanceId"], instance.as_str());
    assert_eq!(json["Instance"]["ActivationId"], activation.as_str());
    let record = &server.requests()[0];
    assert_eq!(record.signature_version, SignatureVersion::V2);
    assert!(
        record
            .params
            .contains(&("RegionId".to_owned(), "cn-beijing".to_owned())),
        "--region fills RegionId"
    );
}

#[test]
fn dry_run_prints_the_signed_request_without_secrets() {
    let server = start();
    let url = server.url();
    let sts = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", STS_AK),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", STS_SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ];
    for (version, signature) in [
        ("v3", "authorization: ACS3-HMAC-SHA256 Credential="),
        ("v2", "&Signature="),
    ] {
        let out = ecs(
            &[
                "--dry-run",
                "--endpoint",
                &url,
                "--signature-version",
                version,
                "DeleteActivation",
                "--ActivationId",
                "4ECEEE12-56F1-4FBC-9AB1-890F1234****",
                "--RegionId",
                "cn-hangzhou",
            ],
            &sts,
        );
        assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with(&format!("POST {url}/?")), "{stdout}");
        assert!(stdout.contains(signature), "{version}: {stdout}");
        assert!(stdout.contains(STS_AK), "{stdout}");
        assert!(
            stdout.contains("** redacted **"),
            "the token is shown redacted: {stdout}"
        );
        for secret in [STS_SECRET, TOKEN] {
            assert!(
                !stdout.contains(secret) && !text(&out.stderr).contains(secret),
                "{version}: {secret} leaked"
            );
        }
    }
    assert_eq!(server.request_count(), 0, "a dry run sends nothing");
}

/// Parameters by wire key, as the `aliyun` CLI takes them: repeat lists of
/// structures, nested repeat lists, flat structures and JSON text reach the
/// signed request under their exact keys; a malformed key is a usage error.
#[test]
fn wire_keys_reach_the_signed_request_exactly() {
    let server = start();
    let url = server.url();
    let out = ecs(
        &[
            "--dry-run",
            "--endpoint",
            &url,
            "--signature-version",
            "v2",
            "RunInstances",
            "--RegionId",
            "cn-hangzhou",
            "--ImageId",
            "img-1",
            "--Tag.1.Key",
            "env",
            "--Tag.1.Value",
            "prod",
            "--Tag.2.Key",
            "team",
            "--NetworkInterface.1.SecurityGroupIds.1",
            "sg-1",
            "--NetworkInterface.1.SecurityGroupIds.2",
            "sg-2",
            "--SystemDisk.Category",
            "cloud_essd",
        ],
        &keys(),
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for pair in [
        "&Tag.1.Key=env&",
        "&Tag.1.Value=prod&",
        "&Tag.2.Key=team&",
        "&NetworkInterface.1.SecurityGroupIds.1=sg-1&",
        "&NetworkInterface.1.SecurityGroupIds.2=sg-2&",
        "&SystemDisk.Category=cloud_essd&",
    ] {
        assert!(stdout.contains(pair), "{pair} missing: {stdout}");
    }

    let out = ecs(
        &[
            "--dry-run",
            "--endpoint",
            &url,
            "--signature-version",
            "v2",
            "RunCommand",
            "--RegionId",
            "cn-hangzhou",
            "--Type",
            "RunShellScript",
            "--CommandContent",
            "echo {{a}}",
            "--Parameters",
            r#"{"a":"x"}"#,
        ],
        &keys(),
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    // `{"a":"x"}`, percent-encoded in the query.
    assert!(
        text(&out.stdout).contains("&Parameters=%7B%22a%22%3A%22x%22%7D&"),
        "{}",
        text(&out.stdout)
    );

    for bad in ["--Tag.0.Key", "--Tag.x.Key", "--SystemDisk.Colour"] {
        let out = ecs(
            &[
                "--dry-run",
                "--endpoint",
                &url,
                "RunInstances",
                "--RegionId",
                "cn-hangzhou",
                bad,
                "v",
            ],
            &keys(),
        );
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out.stderr));
        let key = bad.trim_start_matches("--");
        assert!(
            text(&out.stderr).contains(key),
            "{bad}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(server.request_count(), 0, "a dry run sends nothing");
}

#[test]
fn a_service_error_exits_1_with_code_message_and_request_id() {
    let server = start();
    let url = server.url();
    let out = ecs(
        &[
            "--endpoint",
            &url,
            "DeleteActivation",
            "--RegionId",
            "cn-hangzhou",
            "--ActivationId",
            "no-such-id",
        ],
        &keys(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("InvalidActivationId.NotFound"), "{stderr}");
    assert!(
        stderr.contains("The specified activation ID does not exist."),
        "{stderr}"
    );
    let request_id = &server.requests()[0].request_id;
    assert!(
        stderr.contains(&format!("RequestId: {request_id}")),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn credentials_come_from_the_named_profile() {
    let server = start();
    let id = server.create_activation("cn-shanghai", 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("credentials");
    std::fs::write(
        &file,
        format!("[default]\ntype = access_key\naccess_key_id = wrong\naccess_key_secret = wrong\n\n[e2e]\ntype = access_key\naccess_key_id = {AK}\naccess_key_secret = {SECRET}\n"),
    )
    .unwrap();
    let url = server.url();
    let file = file.to_str().unwrap();
    let out = ecs(
        &[
            "--endpoint",
            &url,
            "--profile",
            "e2e",
            "DeleteActivation",
            "--RegionId",
            "cn-shanghai",
            "--ActivationId",
            &id,
        ],
        &[("ALIBABA_CLOUD_CREDENTIALS_FILE", file)],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(server.requests()[0].access_key_id.as_deref(), Some(AK));

    let out = ecs(
        &[
            "--endpoint",
            &url,
            "--profile",
            "nobody",
            "DeleteActivation",
            "--RegionId",
            "cn-shanghai",
            "--ActivationId",
            &id,
        ],
        &[("ALIBABA_CLOUD_CREDENTIALS_FILE", file)],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("nobody"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_2_and_list_what_is_valid() {
    let out = ecs(&["RunInstancez", "--RegionId", "cn-hangzhou"], &keys());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("unknown operation `RunInstancez`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("DeleteActivation") && stderr.contains("DeregisterManagedInstance"),
        "{stderr}"
    );

    let out = ecs(&["DeleteActivation", "--RegionId", "cn-hangzhou"], &keys());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("missing required parameter(s) for DeleteActivation: --ActivationId"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--RegionId <String> (required)"),
        "lists the parameters: {stderr}"
    );

    let out = ecs(
        &[
            "DeleteActivation",
            "--activationid",
            "x",
            "--RegionId",
            "cn-hangzhou",
        ],
        &keys(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean --ActivationId?"),
        "{}",
        text(&out.stderr)
    );

    let out = ecs(&["DeleteActivation", "--RegionId"], &keys());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`--RegionId` needs a value"),
        "{}",
        text(&out.stderr)
    );

    let out = ecs(&[], &keys());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("usage: ecs"));
}
