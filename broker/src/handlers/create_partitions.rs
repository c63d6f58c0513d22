//! CreatePartitions: grow a topic's partition count.

use protocol::messages::create_partitions_response::CreatePartitionsTopicResult;
use protocol::messages::{CreatePartitionsRequest, CreatePartitionsResponse};

use crate::broker::Broker;

pub async fn handle(
    broker: &Broker,
    _version: i16,
    request: CreatePartitionsRequest,
) -> CreatePartitionsResponse {
    let mut results = Vec::with_capacity(request.topics.len());
    for t in request.topics {
        let assignments = t
            .assignments
            .map(|list| list.into_iter().map(|a| a.broker_ids).collect());
        let mut r = CreatePartitionsTopicResult {
            name: t.name.clone(),
            ..Default::default()
        };
        if let Err((c, msg)) = broker
            .create_partitions(&t.name, t.count, assignments, request.validate_only)
            .await
        {
            r.error_code = c;
            r.error_message = Some(msg);
        }
        results.push(r);
    }
    CreatePartitionsResponse {
        results,
        ..Default::default()
    }
}
