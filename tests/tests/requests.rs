//! Request types: required parameters are constructor arguments (but never
//! `RegionId`, which the client fills), wire names are kept exactly,
//! documented region values are constants that still accept other strings,
//! and errors classify the documented codes.

use acs_ecs::delete_activation::{self, DeleteActivationError, DeleteActivationRequest};
use acs_ecs::deregister_managed_instance::{self, DeregisterManagedInstanceRequest};
use acs_runtime::{Operation, OperationError, Params, ServiceError};

fn params_of<O: Operation>(op: &O) -> Vec<(String, String)> {
    let mut params = Params::default();
    acs_runtime::params::write_params(op, &mut params).expect("the request serializes");
    params
        .pairs()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn requests_write_wire_names_in_spec_order() {
    let req = DeleteActivationRequest::new("4ECEEE12-56F1-4FBC-9AB1-890F1234****")
        .region_id(delete_activation::RegionId::CN_HANGZHOU);
    assert_eq!(
        params_of(&req),
        vec![
            ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
            (
                "ActivationId".to_owned(),
                "4ECEEE12-56F1-4FBC-9AB1-890F1234****".to_owned()
            ),
        ]
    );
    assert_eq!(req.request_region(), Some("cn-hangzhou"));
    assert_eq!(DeleteActivationRequest::INFO.action, "DeleteActivation");
    assert_eq!(DeleteActivationRequest::INFO.service.version, "2014-05-26");
    assert_eq!(
        DeleteActivationRequest::INFO.method,
        acs_runtime::HttpMethod::Post
    );
    assert_eq!(
        DeleteActivationRequest::REGION_PARAM,
        Some(acs_runtime::RegionParam::required("RegionId"))
    );

    // Without a RegionId of its own, the request sends none: the client
    // adds its region when it signs.
    let req = DeleteActivationRequest::new("4ECEEE12-56F1-4FBC-9AB1-890F1234****");
    assert_eq!(req.request_region(), None);
    assert_eq!(
        params_of(&req),
        [(
            "ActivationId".to_owned(),
            "4ECEEE12-56F1-4FBC-9AB1-890F1234****".to_owned()
        )]
    );

    let req = DeregisterManagedInstanceRequest::new("mi-hz01axdfas****").region_id("cn-beijing");
    assert_eq!(
        params_of(&req),
        vec![
            ("RegionId".to_owned(), "cn-beijing".to_owned()),
            ("InstanceId".to_owned(), "mi-hz01axdfas****".to_owned()),
        ]
    );
    assert_eq!(
        req.region_id,
        Some(deregister_managed_instance::RegionId::CN_BEIJING)
    );
}

#[test]
fn region_values_are_open() {
    let documented = delete_activation::RegionId::CN_SHANGHAI;
    assert!(documented.is_documented());
    let added_later = delete_activation::RegionId::from("ap-southeast-1");
    assert!(!added_later.is_documented());
    let req = DeleteActivationRequest::new("id").region_id(added_later);
    assert_eq!(req.request_region(), Some("ap-southeast-1"));
}

#[test]
fn error_codes_are_classified_and_unknown_codes_keep_every_detail() {
    let e = DeleteActivationError::from_service_error(ServiceError::new(
        500,
        "InternalError.Dispatch",
        "An error occurred when you dispatched the request.",
    ));
    assert!(matches!(e, DeleteActivationError::InternalErrorDispatch(_)));
    assert_eq!(e.code(), "InternalError.Dispatch");

    // A common code from service.yaml.
    let e = DeleteActivationError::from_service_error(ServiceError::new(
        400,
        "SignatureDoesNotMatch",
        "Specified signature is not matched with our calculation.",
    ));
    assert!(matches!(
        e,
        DeleteActivationError::Common(acs_ecs::CommonError::SignatureDoesNotMatch(_))
    ));

    let mut detail =
        ServiceError::new(403, "Some.New.Code", "Message as sent").with_request_id("req-1");
    detail.host_id = Some("ecs.aliyuncs.com".into());
    detail.recommend = Some("https://api.aliyun.com/troubleshoot?q=Some.New.Code".into());
    let e = DeleteActivationError::from_service_error(detail.clone());
    match &e {
        DeleteActivationError::Unhandled(kept) => assert_eq!(kept, &detail),
        other => panic!("expected the catch-all, got {other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "Some.New.Code (HTTP 403): Message as sent [RequestId: req-1]"
    );
}

#[test]
fn the_naming_fixture_writes_repeat_lists_json_and_odd_names() {
    use sdk_tests::naming::r#type::{Type, TypeRequest};
    let req = TypeRequest::new(Type::SELF)
        .self_(3)
        .n_3count(4_i64)
        .request(true)
        .with_new("n")
        .set_instance_id(["i-1", "i-2"])
        .tags(acs_runtime::serde_json::json!({"k": "v"}));
    assert_eq!(
        params_of(&req),
        vec![
            ("type".to_owned(), "self".to_owned()),
            ("Self".to_owned(), "3".to_owned()),
            ("3Count".to_owned(), "4".to_owned()),
            ("Request".to_owned(), "true".to_owned()),
            ("New".to_owned(), "n".to_owned()),
            ("InstanceId.1".to_owned(), "i-1".to_owned()),
            ("InstanceId.2".to_owned(), "i-2".to_owned()),
            ("Tags".to_owned(), r#"{"k":"v"}"#.to_owned()),
        ]
    );
    assert_eq!(Type::EMPTY.as_str(), "");
    assert_eq!(Type::N_1ST.as_str(), "1st");
}

/// Five ECS operations (the automatic snapshot policies') spell the region
/// parameter `regionId`: the client fills it under that name.
#[test]
fn a_lower_case_region_id_is_filled_under_its_own_name() {
    use acs_ecs::ApplyAutoSnapshotPolicyRequest;
    use acs_runtime::credentials::Credentials;
    assert_eq!(
        ApplyAutoSnapshotPolicyRequest::REGION_PARAM,
        Some(acs_runtime::RegionParam::required("regionId"))
    );
    let client = acs_ecs::Client::new(
        acs_runtime::Config::builder()
            .region("cn-hangzhou")
            .build()
            .expect("a valid configuration"),
    );
    let request = ApplyAutoSnapshotPolicyRequest::new("sp-1", r#"["d-1"]"#);
    let signed = client
        .runtime()
        .sign_request_at(
            &request,
            &Credentials::new("LTAI-test", "secret"),
            std::time::SystemTime::now(),
            "n",
        )
        .expect("signed");
    let query = signed.uri().query().unwrap_or_default();
    assert!(query.contains("regionId=cn-hangzhou"), "{query}");
    assert!(!query.contains("RegionId"), "{query}");
}

/// An operation called `Shared` keeps its module name, and the shape it
/// shares with `Type` (the same fields) is one type under both modules:
/// the crate's module of shared shapes takes another name.
#[test]
fn an_operation_named_like_the_shared_module_keeps_its_name() {
    let instance = sdk_tests::naming::shared::Instance::default();
    let same: sdk_tests::naming::r#type::Instance = instance;
    assert_eq!(same.r#loop, None);
    let req = sdk_tests::naming::shared::SharedRequest::new("i-1");
    assert_eq!(params_of(&req), vec![("Id".to_owned(), "i-1".to_owned())]);
}

/// ECS operations whose `Tag` has the same fields share one type (README,
/// "One type for one shape"): this compiles only if so.
#[test]
fn ecs_operations_with_the_same_tag_fields_share_one_type() {
    let tag: acs_ecs::create_instance::Tag = acs_ecs::create_disk::Tag::new().key("env");
    let request = acs_ecs::create_instance::CreateInstanceRequest::new("ecs.g5.large").tag(tag);
    assert_eq!(request.tag[0].key.as_deref(), Some("env"));
}
