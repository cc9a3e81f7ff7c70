//! The two Cloud Assistant operations of ECS `2014-05-26`, with state.
//!
//! What the documents say, and what this server chose where they are silent:
//!
//! * `RegionId` must be one of `cn-hangzhou`, `cn-beijing`, `cn-shanghai`
//!   (the documents: "only ... are supported"); any other is
//!   `RegionId.ApiNotSupported` (400), the code the Cloud Assistant documents use.
//! * An activation or instance belongs to a region; looked up in another one
//!   it does not exist.
//! * `DeleteActivation` deletes only an unused activation code (the
//!   documents: "the number of registered managed instances is 0") and
//!   returns it. **Server's choice**: a used one is refused with
//!   `Activation.InUse` (400); an unknown id is `InvalidActivationId.NotFound`
//!   (404). The documents list no code for either.
//! * `DeregisterManagedInstance` removes the instance and returns it.
//!   **Server's choice**: an unknown id is `InvalidInstanceId.NotFound` (404);
//!   deregistering moves one instance of its activation from
//!   `RegisteredCount` to `DeregisteredCount`, so an activation whose
//!   instances were all deregistered can then be deleted.
//! * A missing required parameter is `MissingParameter` (400), an unknown
//!   action `InvalidAction.NotFound` (404), another API version
//!   `InvalidVersion` (400).
//!
//! Numbers are written as strings, as in the documents' JSON examples.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::reply::ApiError;

/// The API version served.
pub const API_VERSION: &str = "2014-05-26";

/// The regions the two operations are documented to support.
pub const SUPPORTED_REGIONS: [&str; 3] = ["cn-hangzhou", "cn-beijing", "cn-shanghai"];

/// An activation code, as the server keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activation {
    /// `ActivationId`.
    pub activation_id: String,
    /// The region it belongs to.
    pub region_id: String,
    /// `Description`.
    pub description: String,
    /// `InstanceCount`: how many instances it may register.
    pub instance_count: i32,
    /// `InstanceName`: the default instance name prefix.
    pub instance_name: String,
    /// `IpAddressRange`.
    pub ip_address_range: String,
    /// `TimeToLiveInHours`.
    pub time_to_live_in_hours: i64,
    /// `CreationTime`.
    pub creation_time: String,
    /// `RegisteredCount`: instances registered with it and not deregistered.
    pub registered_count: i32,
    /// `DeregisteredCount`.
    pub deregistered_count: i32,
}

/// A managed instance, as the server keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedInstance {
    /// `InstanceId`, `mi-…`.
    pub instance_id: String,
    /// The region it belongs to.
    pub region_id: String,
    /// `ActivationId`: the activation it registered with.
    pub activation_id: String,
    /// `AgentVersion`.
    pub agent_version: String,
    /// `Hostname`.
    pub hostname: String,
    /// `InstanceName`.
    pub instance_name: String,
    /// `InternetIp`.
    pub internet_ip: String,
    /// `IntranetIp`.
    pub intranet_ip: String,
    /// `InvocationCount`.
    pub invocation_count: i64,
    /// `LastInvokedTime`.
    pub last_invoked_time: String,
    /// `MachineId`.
    pub machine_id: String,
    /// `OsType`.
    pub os_type: String,
    /// `OsVersion`.
    pub os_version: String,
    /// `RegistrationTime`.
    pub registration_time: String,
}

impl Activation {
    fn to_json(&self) -> Value {
        serde_json::json!({
            "ActivationId": self.activation_id,
            "CreationTime": self.creation_time,
            "DeregisteredCount": self.deregistered_count.to_string(),
            "Description": self.description,
            "InstanceCount": self.instance_count.to_string(),
            "InstanceName": self.instance_name,
            "IpAddressRange": self.ip_address_range,
            "RegisteredCount": self.registered_count.to_string(),
            "TimeToLiveInHours": self.time_to_live_in_hours.to_string(),
        })
    }
}

impl ManagedInstance {
    fn to_json(&self) -> Value {
        serde_json::json!({
            "ActivationId": self.activation_id,
            "AgentVersion": self.agent_version,
            "Hostname": self.hostname,
            "InstanceId": self.instance_id,
            "InstanceName": self.instance_name,
            "InternetIp": self.internet_ip,
            "IntranetIp": self.intranet_ip,
            "InvocationCount": self.invocation_count.to_string(),
            "LastInvokedTime": self.last_invoked_time,
            "MachineId": self.machine_id,
            "OsType": self.os_type,
            "OsVersion": self.os_version,
            "RegistrationTime": self.registration_time,
        })
    }
}

/// The service's state: activation codes and managed instances.
#[derive(Debug, Default)]
pub(crate) struct Ecs {
    activations: BTreeMap<String, Activation>,
    instances: BTreeMap<String, ManagedInstance>,
    next_id: u64,
}

impl Ecs {
    fn next(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Creates an unused activation code in `region` for up to
    /// `instance_count` instances; returns its id.
    pub(crate) fn create_activation(&mut self, region: &str, instance_count: i32) -> String {
        let n = self.next();
        let id = format!("4ECEEE12-56F1-4FBC-9AB1-{n:012X}");
        self.activations.insert(
            id.clone(),
            Activation {
                activation_id: id.clone(),
                region_id: region.to_owned(),
                description: "This is description.".to_owned(),
                instance_count,
                instance_name: "test-InstanceName".to_owned(),
                ip_address_range: "0.0.0.0/0".to_owned(),
                time_to_live_in_hours: 4,
                creation_time: "2021-01-20T06:00:00Z".to_owned(),
                registered_count: 0,
                deregistered_count: 0,
            },
        );
        id
    }

    /// Registers a managed instance with `activation_id`; `None` if the
    /// activation does not exist or is used up.
    pub(crate) fn register_instance(&mut self, activation_id: &str) -> Option<String> {
        let n = self.next();
        let activation = self.activations.get_mut(activation_id)?;
        if activation.registered_count + activation.deregistered_count >= activation.instance_count
        {
            return None;
        }
        activation.registered_count += 1;
        let id = format!("mi-hz01axdf{n:06x}");
        let instance = ManagedInstance {
            instance_id: id.clone(),
            region_id: activation.region_id.clone(),
            activation_id: activation_id.to_owned(),
            agent_version: "2.2.0.102".to_owned(),
            hostname: format!("test-Hostname-{n}"),
            instance_name: format!("{}-{n:03}", activation.instance_name),
            internet_ip: "47.8.**.**".to_owned(),
            intranet_ip: "10.0.**.**".to_owned(),
            invocation_count: 2,
            last_invoked_time: "2021-01-20T09:00:40Z".to_owned(),
            machine_id: format!("e03231b37ab14e53b5795ad6{n:08x}"),
            os_type: "linux".to_owned(),
            os_version: "Linux_#38~18.04.1-Ubuntu SMP Wed Jan 6 18:26:30 UTC 2021_x86_64"
                .to_owned(),
            registration_time: "2021-01-20T08:57:56Z".to_owned(),
        };
        self.instances.insert(id.clone(), instance);
        Some(id)
    }

    pub(crate) fn activation(&self, id: &str) -> Option<Activation> {
        self.activations.get(id).cloned()
    }

    pub(crate) fn instance(&self, id: &str) -> Option<ManagedInstance> {
        self.instances.get(id).cloned()
    }

    /// Runs `action` with `params`; the fields of the response (without
    /// `RequestId`) or the error.
    pub(crate) fn call(
        &mut self,
        action: &str,
        api_version: &str,
        params: &[(String, String)],
    ) -> Result<Map<String, Value>, ApiError> {
        let known = matches!(action, "DeleteActivation" | "DeregisterManagedInstance");
        if !known {
            return Err(ApiError::new(
                404,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            ));
        }
        if api_version != API_VERSION {
            return Err(ApiError::new(
                400,
                "InvalidVersion",
                "Specified parameter Version is not valid.",
            ));
        }
        let get = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| ApiError::missing(name))
        };
        let mut fields = Map::new();
        match action {
            "DeleteActivation" => {
                let id = get("ActivationId")?;
                let region = supported_region(get("RegionId")?)?;
                let activation = self.delete_activation(id, region)?;
                fields.insert("Activation".to_owned(), activation.to_json());
            }
            _ => {
                let id = get("InstanceId")?;
                let region = supported_region(get("RegionId")?)?;
                let instance = self.deregister_instance(id, region)?;
                fields.insert("Instance".to_owned(), instance.to_json());
            }
        }
        Ok(fields)
    }

    fn delete_activation(&mut self, id: &str, region: &str) -> Result<Activation, ApiError> {
        let activation = self
            .activations
            .get(id)
            .filter(|a| a.region_id == region)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    "InvalidActivationId.NotFound",
                    "The specified activation ID does not exist.",
                )
            })?;
        if activation.registered_count > 0 {
            return Err(ApiError::new(
                400,
                "Activation.InUse",
                format!(
                    "The activation code is in use: {} managed instance(s) are registered with it.",
                    activation.registered_count
                ),
            ));
        }
        Ok(self.activations.remove(id).expect("found above"))
    }

    fn deregister_instance(&mut self, id: &str, region: &str) -> Result<ManagedInstance, ApiError> {
        let in_region = self
            .instances
            .get(id)
            .is_some_and(|i| i.region_id == region);
        if !in_region {
            return Err(ApiError::new(
                404,
                "InvalidInstanceId.NotFound",
                "The specified instance does not exist.",
            ));
        }
        let instance = self.instances.remove(id).expect("found above");
        if let Some(activation) = self.activations.get_mut(&instance.activation_id) {
            activation.registered_count -= 1;
            activation.deregistered_count += 1;
        }
        Ok(instance)
    }
}

fn supported_region(region: &str) -> Result<&str, ApiError> {
    if SUPPORTED_REGIONS.contains(&region) {
        Ok(region)
    } else {
        Err(ApiError::new(
            400,
            "RegionId.ApiNotSupported",
            format!("The api is not supported in this region ({region})."),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_documented_semantics() {
        let mut ecs = Ecs::default();
        let used = ecs.create_activation("cn-hangzhou", 2);
        let instance = ecs.register_instance(&used).unwrap();
        let unused = ecs.create_activation("cn-hangzhou", 1);
        let code = |r: Result<Map<String, Value>, ApiError>| r.unwrap_err().code;

        let delete = |id: &str, region: &str| params(&[("ActivationId", id), ("RegionId", region)]);
        assert_eq!(
            code(ecs.call(
                "DeleteActivation",
                API_VERSION,
                &delete(&used, "cn-hangzhou")
            )),
            "Activation.InUse"
        );
        assert_eq!(
            code(ecs.call(
                "DeleteActivation",
                API_VERSION,
                &delete(&unused, "cn-beijing")
            )),
            "InvalidActivationId.NotFound"
        );
        assert_eq!(
            code(ecs.call(
                "DeleteActivation",
                API_VERSION,
                &delete(&unused, "us-west-1")
            )),
            "RegionId.ApiNotSupported"
        );
        assert_eq!(
            code(ecs.call(
                "DeleteActivation",
                API_VERSION,
                &params(&[("RegionId", "cn-hangzhou")])
            )),
            "MissingParameter"
        );
        assert_eq!(
            code(ecs.call("RunInstances", API_VERSION, &[])),
            "InvalidAction.NotFound"
        );
        assert_eq!(
            code(ecs.call("DeleteActivation", "2016-01-01", &[])),
            "InvalidVersion"
        );

        let fields = ecs
            .call(
                "DeleteActivation",
                API_VERSION,
                &delete(&unused, "cn-hangzhou"),
            )
            .unwrap();
        assert_eq!(fields["Activation"]["ActivationId"], unused.as_str());
        assert_eq!(fields["Activation"]["InstanceCount"], "1");
        assert!(ecs.activation(&unused).is_none());

        let deregister = params(&[("InstanceId", &instance), ("RegionId", "cn-hangzhou")]);
        let fields = ecs
            .call("DeregisterManagedInstance", API_VERSION, &deregister)
            .unwrap();
        assert_eq!(fields["Instance"]["InstanceId"], instance.as_str());
        assert!(ecs.instance(&instance).is_none());
        assert_eq!(
            code(ecs.call("DeregisterManagedInstance", API_VERSION, &deregister)),
            "InvalidInstanceId.NotFound"
        );
        let activation = ecs.activation(&used).unwrap();
        assert_eq!(
            (activation.registered_count, activation.deregistered_count),
            (0, 1)
        );
        ecs.call(
            "DeleteActivation",
            API_VERSION,
            &delete(&used, "cn-hangzhou"),
        )
        .unwrap();
    }
}
