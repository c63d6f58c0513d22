//! CreateAcls, DescribeAcls and DeleteAcls (v1–3) on a broker without an
//! authorizer: Kafka's answers, SECURITY_DISABLED with Kafka's messages,
//! one result per creation and per deletion filter, so that `kafka-acls
//! --list` and AdminClient's ACL calls get Kafka's error instead of an
//! unsupported API. (ACLs themselves come with the authorizer.)

use protocol::messages::create_acls_response::AclCreationResult;
use protocol::messages::delete_acls_response::DeleteAclsFilterResult;
use protocol::messages::{
    CreateAclsRequest, CreateAclsResponse, DeleteAclsRequest, DeleteAclsResponse,
    DescribeAclsResponse,
};

use crate::error::code;

/// Kafka's `SecurityDisabledException` message for CreateAcls and DeleteAcls.
const NO_AUTHORIZER: &str = "No Authorizer is configured.";

pub fn describe() -> DescribeAclsResponse {
    DescribeAclsResponse {
        error_code: code::SECURITY_DISABLED,
        error_message: Some("No Authorizer is configured on the broker".into()),
        ..Default::default()
    }
}

pub fn create(request: CreateAclsRequest) -> CreateAclsResponse {
    CreateAclsResponse {
        results: request
            .creations
            .iter()
            .map(|_| AclCreationResult {
                error_code: code::SECURITY_DISABLED,
                error_message: Some(NO_AUTHORIZER.into()),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

pub fn delete(request: DeleteAclsRequest) -> DeleteAclsResponse {
    DeleteAclsResponse {
        filter_results: request
            .filters
            .iter()
            .map(|_| DeleteAclsFilterResult {
                error_code: code::SECURITY_DISABLED,
                error_message: Some(NO_AUTHORIZER.into()),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}
