//! DescribeClientQuotas v0–1 (KIP-546): the quota entities a filter
//! matches, with their values (`kafka-configs --describe --entity-type
//! users|clients`). A component matches an entity's part of its type by
//! EXACT name, DEFAULT (`<default>`) or SPECIFIED (any named one); with
//! `strict`, the entity has no other parts. A client needs DescribeConfigs
//! on the cluster (else CLUSTER_AUTHORIZATION_FAILED).

use metadata::client_quota::{
    Entity, CLIENT_ID, MATCH_DEFAULT, MATCH_EXACT, MATCH_SPECIFIED, USER,
};
use protocol::messages::describe_client_quotas_request::ComponentData;
use protocol::messages::describe_client_quotas_response::{EntityData, EntryData, ValueData};
use protocol::messages::{DescribeClientQuotasRequest, DescribeClientQuotasResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

/// Why a filter is refused (Kafka's INVALID_REQUEST messages).
fn check(components: &[ComponentData]) -> Result<(), String> {
    for (i, c) in components.iter().enumerate() {
        if c.entity_type != USER && c.entity_type != CLIENT_ID && c.entity_type != "ip" {
            return Err(format!(
                "Custom entity type '{}' not supported",
                c.entity_type
            ));
        }
        if components[..i]
            .iter()
            .any(|o| o.entity_type == c.entity_type)
        {
            return Err(format!(
                "Duplicate {} filter component entity type",
                c.entity_type
            ));
        }
        match (c.match_type, &c.r#match) {
            (MATCH_EXACT, None) => return Err("Invalid empty entity name for EXACT match".into()),
            (MATCH_EXACT | MATCH_DEFAULT | MATCH_SPECIFIED, _) => {}
            (other, _) => return Err(format!("Unknown match type: {other}")),
        }
    }
    Ok(())
}

fn matches(entity: &Entity, components: &[ComponentData], strict: bool) -> bool {
    let each = components.iter().all(|c| {
        entity
            .iter()
            .find(|(kind, _)| *kind == c.entity_type)
            .is_some_and(|(_, name)| match c.match_type {
                MATCH_EXACT => name == &c.r#match,
                MATCH_DEFAULT => name.is_none(),
                _ => name.is_some(),
            })
    });
    each && (!strict || entity.len() == components.len())
}

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeClientQuotasRequest,
) -> DescribeClientQuotasResponse {
    let error = |code, message: String| DescribeClientQuotasResponse {
        error_code: code,
        error_message: Some(message),
        entries: None,
        ..Default::default()
    };
    if !broker.authorize(ctx, op::DESCRIBE_CONFIGS, Resource::Cluster, CLUSTER) {
        return error(
            code::CLUSTER_AUTHORIZATION_FAILED,
            "Cluster authorization failed.".into(),
        );
    }
    if let Err(message) = check(&request.components) {
        return error(code::INVALID_REQUEST, message);
    }
    let state = broker.state();
    let entries = state
        .client_quotas
        .iter()
        .filter(|(entity, _)| matches(entity, &request.components, request.strict))
        .map(|(entity, values)| EntryData {
            entity: entity
                .iter()
                .map(|(kind, name)| EntityData {
                    entity_type: kind.clone(),
                    entity_name: name.clone(),
                    ..Default::default()
                })
                .collect(),
            values: values
                .iter()
                .map(|(key, value)| ValueData {
                    key: key.clone(),
                    value: value.get(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    DescribeClientQuotasResponse {
        entries: Some(entries),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(kind: &str, match_type: i8, name: Option<&str>) -> ComponentData {
        ComponentData {
            entity_type: kind.into(),
            match_type,
            r#match: name.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn components_match_as_kafkas() {
        let alice_app: Entity = vec![
            (CLIENT_ID.into(), Some("app".into())),
            (USER.into(), Some("alice".into())),
        ];
        let default_user: Entity = vec![(USER.into(), None)];
        let exact = [component(USER, MATCH_EXACT, Some("alice"))];
        assert!(matches(&alice_app, &exact, false));
        assert!(!matches(&alice_app, &exact, true));
        assert!(!matches(&default_user, &exact, false));
        let default = [component(USER, MATCH_DEFAULT, None)];
        assert!(matches(&default_user, &default, true));
        let specified = [component(USER, MATCH_SPECIFIED, None)];
        assert!(matches(&alice_app, &specified, false));
        assert!(!matches(&default_user, &specified, false));
        // No component: every entity, unless strict.
        assert!(matches(&alice_app, &[], false));
        assert!(!matches(&alice_app, &[], true));
        assert!(check(&[component(USER, 1, None), component(USER, 2, None)]).is_err());
    }
}
