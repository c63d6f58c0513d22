//! DescribeClientQuotas v0–1: the client quotas matching a filter. No
//! quotas can be set yet (AlterClientQuotas is not served), so every filter
//! matches none: an empty answer, as Kafka gives when no quota is set. This
//! lets `kafka-configs --describe --entity-type users` (which asks for the
//! quotas beside the SCRAM credentials) work.

use protocol::messages::{DescribeClientQuotasRequest, DescribeClientQuotasResponse};

pub fn handle(_request: DescribeClientQuotasRequest) -> DescribeClientQuotasResponse {
    DescribeClientQuotasResponse {
        entries: Some(Vec::new()),
        ..Default::default()
    }
}
