//! CreateAcls, DescribeAcls and DeleteAcls (v1–3), as Kafka's `AclApis`.
//!
//! Without an authorizer each answers SECURITY_DISABLED with Kafka's
//! messages. With one: Describe needs Describe on the cluster, Create and
//! Delete need Alter on it (else CLUSTER_AUTHORIZATION_FAILED). Invalid
//! bindings and filters get INVALID_REQUEST with Kafka's message; the valid
//! creations of a request are written as one metadata command, and the ACLs
//! all deletion filters match as another.
//!
//! Bound: one DeleteAcls lists at most [`MAX_MATCHES`] matching ACLs in
//! all (filters past it are refused), so repeated or overlapping filters
//! cannot multiply the answer. (Filters are not collapsed: clients read the
//! results by position.)

use std::collections::{BTreeMap, BTreeSet};

use metadata::acl::{AclBinding, AclBindingFilter};
use metadata::Command;
use protocol::messages::create_acls_response::AclCreationResult;
use protocol::messages::delete_acls_response::{DeleteAclsFilterResult, DeleteAclsMatchingAcl};
use protocol::messages::describe_acls_response::{AclDescription, DescribeAclsResource};
use protocol::messages::{
    CreateAclsRequest, CreateAclsResponse, DeleteAclsRequest, DeleteAclsResponse,
    DescribeAclsRequest, DescribeAclsResponse,
};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

/// Kafka's `SecurityDisabledException` message for CreateAcls and DeleteAcls.
const NO_AUTHORIZER: &str = "No Authorizer is configured.";
const NOT_AUTHORIZED: &str = "Cluster authorization failed.";

/// The most matching ACLs one DeleteAcls answer lists.
pub const MAX_MATCHES: usize = 100_000;

/// Why a request on ACLs is refused before its entries are looked at.
fn refusal(broker: &Broker, ctx: &RequestContext<'_>, operation: i8) -> Option<ApiError> {
    if !broker.authorizer.enabled() {
        return Some(ApiError::new(code::SECURITY_DISABLED, NO_AUTHORIZER));
    }
    if !broker.authorize(ctx, operation, Resource::Cluster, CLUSTER) {
        return Some(ApiError::new(
            code::CLUSTER_AUTHORIZATION_FAILED,
            NOT_AUTHORIZED,
        ));
    }
    None
}

pub fn describe(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeAclsRequest,
) -> DescribeAclsResponse {
    let error = |code, message: &str| DescribeAclsResponse {
        error_code: code,
        error_message: Some(message.to_string()),
        ..Default::default()
    };
    if !broker.authorizer.enabled() {
        return error(
            code::SECURITY_DISABLED,
            "No Authorizer is configured on the broker",
        );
    }
    if let Some(e) = refusal(broker, ctx, op::DESCRIBE) {
        return error(e.code, &e.message);
    }
    let filter = AclBindingFilter {
        resource_type: request.resource_type_filter,
        resource_name: request.resource_name_filter,
        pattern_type: request.pattern_type_filter,
        principal: request.principal_filter,
        host: request.host_filter,
        operation: request.operation,
        permission: request.permission_type,
    };
    if let Err(message) = filter.validate() {
        return error(code::INVALID_REQUEST, &message);
    }
    let state = broker.state();
    let mut resources: BTreeMap<(i8, &str, i8), Vec<AclDescription>> = BTreeMap::new();
    for acl in state.acls.matching(&filter) {
        let key = (
            acl.resource_type,
            acl.resource_name.as_str(),
            acl.pattern_type,
        );
        resources.entry(key).or_default().push(AclDescription {
            principal: acl.principal.clone(),
            host: acl.host.clone(),
            operation: acl.operation,
            permission_type: acl.permission,
            ..Default::default()
        });
    }
    DescribeAclsResponse {
        resources: resources
            .into_iter()
            .map(
                |((resource_type, name, pattern_type), acls)| DescribeAclsResource {
                    resource_type,
                    resource_name: name.to_string(),
                    pattern_type,
                    acls,
                    ..Default::default()
                },
            )
            .collect(),
        ..Default::default()
    }
}

pub async fn create(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: CreateAclsRequest,
) -> CreateAclsResponse {
    let failed = |e: &ApiError| AclCreationResult {
        error_code: e.code,
        error_message: Some(e.message.clone()),
        ..Default::default()
    };
    if let Some(e) = refusal(broker, ctx, op::ALTER) {
        return CreateAclsResponse {
            results: request.creations.iter().map(|_| failed(&e)).collect(),
            ..Default::default()
        };
    }
    let bindings: Vec<Result<AclBinding, ApiError>> = request
        .creations
        .into_iter()
        .map(|c| {
            let acl = AclBinding {
                resource_type: c.resource_type,
                resource_name: c.resource_name,
                pattern_type: c.resource_pattern_type,
                principal: c.principal,
                host: c.host,
                operation: c.operation,
                permission: c.permission_type,
            };
            acl.validate()
                .map(|()| acl)
                .map_err(|m| ApiError::new(code::INVALID_REQUEST, m))
        })
        .collect();
    let valid: BTreeSet<AclBinding> = bindings.iter().flatten().cloned().collect();
    let written = if valid.is_empty() {
        Ok(())
    } else {
        let acls: Vec<AclBinding> = valid.into_iter().collect();
        let count = acls.len();
        let result = broker.metadata.submit(Command::CreateAcls { acls }).await;
        match &result {
            Ok(_) => tracing::info!(principal = ctx.principal, count, "ACLs created"),
            Err(e) => tracing::info!(principal = ctx.principal, error = %e, "ACL creation refused"),
        }
        result.map(|_| ()).map_err(|e| ApiError::from(&e))
    };
    CreateAclsResponse {
        results: bindings
            .iter()
            .map(|b| match (b, &written) {
                (Err(e), _) | (Ok(_), Err(e)) => failed(e),
                (Ok(_), Ok(())) => AclCreationResult::default(),
            })
            .collect(),
        ..Default::default()
    }
}

pub async fn delete(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DeleteAclsRequest,
) -> DeleteAclsResponse {
    let failed = |e: &ApiError| DeleteAclsFilterResult {
        error_code: e.code,
        error_message: Some(e.message.clone()),
        ..Default::default()
    };
    if let Some(e) = refusal(broker, ctx, op::ALTER) {
        return DeleteAclsResponse {
            filter_results: request.filters.iter().map(|_| failed(&e)).collect(),
            ..Default::default()
        };
    }
    let filters = request.filters;
    let state = broker.state();
    let mut listed = 0usize;
    let matched: Vec<Result<Vec<&AclBinding>, ApiError>> = filters
        .into_iter()
        .map(|f| {
            let filter = AclBindingFilter {
                resource_type: f.resource_type_filter,
                resource_name: f.resource_name_filter,
                pattern_type: f.pattern_type_filter,
                principal: f.principal_filter,
                host: f.host_filter,
                operation: f.operation,
                permission: f.permission_type,
            };
            filter
                .validate()
                .map_err(|m| ApiError::new(code::INVALID_REQUEST, m))?;
            let acls: Vec<&AclBinding> = state
                .acls
                .iter()
                .filter(|acl| filter.matches(acl))
                .collect();
            listed = listed.saturating_add(acls.len());
            if listed > MAX_MATCHES {
                return Err(ApiError::new(
                    code::INVALID_REQUEST,
                    format!("One DeleteAcls lists at most {MAX_MATCHES} matching ACLs"),
                ));
            }
            Ok(acls)
        })
        .collect();
    let doomed: BTreeSet<&AclBinding> = matched.iter().flatten().flatten().copied().collect();
    let written = if doomed.is_empty() {
        Ok(())
    } else {
        let acls: Vec<AclBinding> = doomed.into_iter().cloned().collect();
        let count = acls.len();
        let result = broker.metadata.submit(Command::DeleteAcls { acls }).await;
        if result.is_ok() {
            tracing::info!(principal = ctx.principal, count, "ACLs deleted");
        }
        result.map(|_| ()).map_err(|e| ApiError::from(&e))
    };
    let filter_results = matched
        .into_iter()
        .map(|m| match (m, &written) {
            (Err(e), _) => failed(&e),
            (Ok(acls), Err(e)) if !acls.is_empty() => failed(e),
            (Ok(acls), _) => DeleteAclsFilterResult {
                matching_acls: acls
                    .into_iter()
                    .map(|acl| DeleteAclsMatchingAcl {
                        resource_type: acl.resource_type,
                        resource_name: acl.resource_name.clone(),
                        pattern_type: acl.pattern_type,
                        principal: acl.principal.clone(),
                        host: acl.host.clone(),
                        operation: acl.operation,
                        permission_type: acl.permission,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            },
        })
        .collect();
    DeleteAclsResponse {
        filter_results,
        ..Default::default()
    }
}
