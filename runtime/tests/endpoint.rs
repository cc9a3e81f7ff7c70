//! Endpoint resolution: override, spec map, pattern or central endpoint,
//! and the errors.

use acs_runtime::ServiceInfo;
use acs_runtime::endpoint::{Endpoint, Scheme, resolve};

static ECS: ServiceInfo = ServiceInfo {
    product: "Ecs",
    version: "2014-05-26",
    endpoint_pattern: "ecs.{region_id}.aliyuncs.com",
    central_endpoint: "ecs.aliyuncs.com",
    regional_endpoints: &[
        ("cn-beijing", "ecs.cn-beijing.aliyuncs.com"),
        ("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"),
        ("cn-shanghai", "ecs.cn-shanghai.aliyuncs.com"),
    ],
};

static GLOBAL: ServiceInfo = ServiceInfo {
    product: "Ram",
    version: "2015-05-01",
    endpoint_pattern: "ram.aliyuncs.com",
    central_endpoint: "ram.aliyuncs.com",
    regional_endpoints: &[],
};

/// A global service as its spec says it: no pattern, a central endpoint,
/// and the regions that have their own host (as STS's official endpoint
/// map has them).
static STS: ServiceInfo = ServiceInfo {
    product: "Sts",
    version: "2015-04-01",
    endpoint_pattern: "",
    central_endpoint: "sts.aliyuncs.com",
    regional_endpoints: &[
        ("ap-southeast-1", "sts.ap-southeast-1.aliyuncs.com"),
        ("cn-hangzhou", "sts.cn-hangzhou.aliyuncs.com"),
        ("cn-shanghai", "sts.cn-shanghai.aliyuncs.com"),
    ],
};

static NO_PATTERN: ServiceInfo = ServiceInfo {
    product: "Odd",
    version: "2020-01-01",
    endpoint_pattern: "",
    central_endpoint: "",
    regional_endpoints: &[("cn-hangzhou", "odd.cn-hangzhou.aliyuncs.com")],
};

fn error(region: Option<&str>, url: Option<&str>) -> String {
    resolve(&ECS, region, url).unwrap_err().to_string()
}

#[test]
fn map_hit() {
    let endpoint = resolve(&ECS, Some("cn-hangzhou"), None).unwrap();
    assert_eq!(endpoint.scheme(), Scheme::Https);
    assert_eq!(endpoint.authority(), "ecs-cn-hangzhou.aliyuncs.com");
    assert_eq!(endpoint.host(), "ecs-cn-hangzhou.aliyuncs.com");
    assert_eq!(endpoint.port(), None);
    assert_eq!(endpoint.base_path(), "");
    assert_eq!(
        endpoint.url_prefix(),
        "https://ecs-cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(endpoint.to_string(), "https://ecs-cn-hangzhou.aliyuncs.com");
    // Every entry of the map is found, first and last included.
    for (region, host) in ECS.regional_endpoints {
        assert_eq!(
            resolve(&ECS, Some(region), None).unwrap().authority(),
            *host
        );
    }
}

#[test]
fn pattern_fallback() {
    let endpoint = resolve(&ECS, Some("ap-southeast-1"), None).unwrap();
    assert_eq!(endpoint, Endpoint::https("ecs.ap-southeast-1.aliyuncs.com"));
    assert_eq!(
        endpoint.url_prefix(),
        "https://ecs.ap-southeast-1.aliyuncs.com"
    );
}

#[test]
fn global_pattern_needs_no_region() {
    let endpoint = resolve(&GLOBAL, None, None).unwrap();
    assert_eq!(endpoint.authority(), "ram.aliyuncs.com");
    assert_eq!(
        resolve(&GLOBAL, Some("cn-hangzhou"), None)
            .unwrap()
            .authority(),
        "ram.aliyuncs.com"
    );
}

#[test]
fn global_service_without_a_region_uses_the_central_endpoint() {
    let endpoint = resolve(&STS, None, None).unwrap();
    assert_eq!(endpoint, Endpoint::https("sts.aliyuncs.com"));
    assert_eq!(endpoint.url_prefix(), "https://sts.aliyuncs.com");
}

#[test]
fn global_service_with_a_region() {
    // A region in the map: its own host.
    assert_eq!(
        resolve(&STS, Some("cn-shanghai"), None).unwrap(),
        Endpoint::https("sts.cn-shanghai.aliyuncs.com")
    );
    for (region, host) in STS.regional_endpoints {
        assert_eq!(
            resolve(&STS, Some(region), None).unwrap().authority(),
            *host
        );
    }
    // Any other region: the central endpoint, never a made-up host.
    for region in ["cn-beijing", "us-west-1", "eu-central-1"] {
        assert_eq!(
            resolve(&STS, Some(region), None).unwrap(),
            Endpoint::https("sts.aliyuncs.com"),
            "{region}"
        );
    }
    // The override wins, and the region is still checked.
    assert_eq!(
        resolve(&STS, Some("cn-shanghai"), Some("http://127.0.0.1:9000"))
            .unwrap()
            .url_prefix(),
        "http://127.0.0.1:9000"
    );
    assert!(resolve(&STS, Some("cn.evil"), Some("http://127.0.0.1:9000")).is_err());
}

#[test]
fn regional_service_does_not_fall_back_to_its_central_endpoint() {
    // ECS has a central endpoint too, but it is regional: an unlisted region
    // goes by the pattern, and no region is an error (as in the official SDKs).
    assert_eq!(
        resolve(&ECS, Some("eu-central-1"), None).unwrap(),
        Endpoint::https("ecs.eu-central-1.aliyuncs.com")
    );
    assert!(resolve(&ECS, None, None).is_err());
}

#[test]
fn global_service_without_any_endpoint() {
    static NOWHERE: ServiceInfo = ServiceInfo {
        product: "Nowhere",
        version: "2020-01-01",
        endpoint_pattern: "",
        central_endpoint: "",
        regional_endpoints: &[],
    };
    assert_eq!(
        resolve(&NOWHERE, None, None).unwrap_err().to_string(),
        "no region configured and no endpoint override: Nowhere 2020-01-01 has no central endpoint; \
         set a region (e.g. cn-hangzhou) or an endpoint URL"
    );
}

#[test]
fn region_without_map_entry_or_pattern() {
    assert_eq!(
        resolve(&NO_PATTERN, Some("cn-hangzhou"), None)
            .unwrap()
            .authority(),
        "odd.cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(
        resolve(&NO_PATTERN, Some("cn-beijing"), None)
            .unwrap_err()
            .to_string(),
        "Odd 2020-01-01 has no endpoint for region \"cn-beijing\": set an endpoint URL"
    );
}

#[test]
fn override_http_with_port() {
    let endpoint = resolve(&ECS, Some("cn-hangzhou"), Some("http://127.0.0.1:8080")).unwrap();
    assert_eq!(endpoint.scheme(), Scheme::Http);
    assert_eq!(endpoint.authority(), "127.0.0.1:8080");
    assert_eq!(endpoint.host(), "127.0.0.1");
    assert_eq!(endpoint.port(), Some(8080));
    assert_eq!(endpoint.url_prefix(), "http://127.0.0.1:8080");
}

#[test]
fn override_without_region() {
    let endpoint = resolve(&ECS, None, Some("https://proxy.example.com/acs/ecs/")).unwrap();
    assert_eq!(endpoint.scheme(), Scheme::Https);
    assert_eq!(endpoint.authority(), "proxy.example.com");
    assert_eq!(endpoint.base_path(), "/acs/ecs");
    assert_eq!(endpoint.url_prefix(), "https://proxy.example.com/acs/ecs");
}

#[test]
fn override_bare_host_is_https() {
    let endpoint = resolve(&ECS, None, Some("ecs.cn-qingdao.aliyuncs.com")).unwrap();
    assert_eq!(endpoint, Endpoint::https("ecs.cn-qingdao.aliyuncs.com"));
    let endpoint = resolve(&ECS, None, Some("HTTPS://Localhost:443")).unwrap();
    assert_eq!(endpoint.url_prefix(), "https://Localhost:443");
}

#[test]
fn bad_override() {
    let cases = [
        (
            "ftp://ecs.aliyuncs.com",
            "invalid endpoint URL \"ftp://ecs.aliyuncs.com\": the scheme must be http or https",
        ),
        ("http://", "invalid endpoint URL \"http://\": no host"),
        ("", "invalid endpoint URL \"\": no host"),
        (
            "https:///path",
            "invalid endpoint URL \"https:///path\": no host",
        ),
        (
            "https://ecs.aliyuncs.com:0",
            "invalid endpoint URL \"https://ecs.aliyuncs.com:0\": the port must be a number from 1 to 65535",
        ),
        (
            "https://ecs.aliyuncs.com:99999",
            "invalid endpoint URL \"https://ecs.aliyuncs.com:99999\": the port must be a number from 1 to 65535",
        ),
        (
            "https://ecs.aliyuncs.com:",
            "invalid endpoint URL \"https://ecs.aliyuncs.com:\": the port must be a number from 1 to 65535",
        ),
        (
            "https://ecs aliyuncs.com",
            "invalid endpoint URL \"https://ecs aliyuncs.com\": the host may contain only letters, digits, '.', '-' and '_'",
        ),
        (
            "https://ecs.aliyuncs.com/?x=1",
            "invalid endpoint URL \"https://ecs.aliyuncs.com/?x=1\": a query or fragment is not allowed",
        ),
        (
            "https://ecs.aliyuncs.com#frag",
            "invalid endpoint URL \"https://ecs.aliyuncs.com#frag\": a query or fragment is not allowed",
        ),
        (
            "https://user:S3CR3T@ecs.aliyuncs.com",
            "invalid endpoint URL: user info (`user@`) is not allowed",
        ),
    ];
    for (url, expected) in cases {
        assert_eq!(error(Some("cn-hangzhou"), Some(url)), expected, "{url}");
    }
}

#[test]
fn missing_region() {
    assert_eq!(
        error(None, None),
        "no region configured and no endpoint override: Ecs 2014-05-26 is a regional service; \
         set a region (e.g. cn-hangzhou) or an endpoint URL"
    );
}

#[test]
fn bad_region_chars() {
    for region in [
        "evil.com#",
        "cn-hangzhou.evil.com",
        "cn-hangzhou/x",
        "cn-hangzhou@evil",
        "CN-HANGZHOU",
        "cn hangzhou",
        "",
    ] {
        let message = error(Some(region), None);
        assert_eq!(
            message,
            format!(
                "invalid region id {region:?}: use lowercase letters, digits and '-' only (e.g. cn-hangzhou)"
            )
        );
        // Checked even when an override makes the region unnecessary.
        assert_eq!(
            error(Some(region), Some("https://ecs.aliyuncs.com")),
            message
        );
    }
}
