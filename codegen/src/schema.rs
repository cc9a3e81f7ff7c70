//! The JSON Schema of the spec format, generated from the serde model so it
//! cannot drift from what the loader accepts. `spec/schema/` holds the
//! checked-in copies that editors use; a test fails when they are stale.

use crate::spec::{OperationFile, OverlayFile, ServiceFile};

/// The file name of the service file's schema.
pub const SERVICE_SCHEMA: &str = "service.schema.json";
/// The file name of the operation files' schema.
pub const OPERATION_SCHEMA: &str = "operation.schema.json";
/// The file name of the overlay files' schema.
pub const OVERLAY_SCHEMA: &str = "overlay.schema.json";

/// The schema of `service.yaml`, as pretty JSON ending in a newline.
pub fn service_schema() -> String {
    render(schemars::schema_for!(ServiceFile))
}

/// The schema of `operations/*.yaml`, as pretty JSON ending in a newline.
pub fn operation_schema() -> String {
    render(schemars::schema_for!(OperationFile))
}

/// The schema of `overlays/*.yaml`, as pretty JSON ending in a newline.
pub fn overlay_schema() -> String {
    render(schemars::schema_for!(OverlayFile))
}

fn render(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is always serializable");
    text.push('\n');
    text
}

/// Every schema as (file name, content).
pub fn all() -> [(&'static str, String); 3] {
    [
        (SERVICE_SCHEMA, service_schema()),
        (OPERATION_SCHEMA, operation_schema()),
        (OVERLAY_SCHEMA, overlay_schema()),
    ]
}
