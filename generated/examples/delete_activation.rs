//! The README's ten-line program: delete an unused activation code.
//! `cargo run --example delete_activation -- <ActivationId>`

use acs_ecs::{Client, DeleteActivationRequest};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .ok_or("usage: delete_activation <ActivationId>")?;
    // Credentials from the default chain (README, "Credentials"): environment, RRSA,
    // ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS RAM role, a credentials URI.
    // The region is given once: it picks the endpoint and is every request's `RegionId`.
    let client = Client::new(
        acs_runtime::Config::builder()
            .region("cn-hangzhou")
            .build()?,
    );
    let response = client
        .delete_activation(&DeleteActivationRequest::new(id))
        .await?;
    println!("{:?}", response.activation);
    Ok(())
}
