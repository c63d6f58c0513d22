//! CreatePartitions: grow a topic's partition count. A request adding more
//! than `MAX_PARTITIONS_PER_BATCH` partitions in all is refused whole
//! (POLICY_VIOLATION, the answer of Kafka's controller to an operation over
//! its batch bound) before anything is allocated. A client needs Alter on
//! the topic (else TOPIC_AUTHORIZATION_FAILED). The partitions added count
//! against the client's `controller_mutation_rate` (KIP-599; strict from v3).

use protocol::messages::create_partitions_response::CreatePartitionsTopicResult;
use protocol::messages::{CreatePartitionsRequest, CreatePartitionsResponse};

use crate::authorizer::{op, Resource};
use crate::broker::{Broker, EXCESSIVE_BATCH_MESSAGE, MAX_PARTITIONS_PER_BATCH};
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: CreatePartitionsRequest,
) -> CreatePartitionsResponse {
    let state = broker.state();
    let added: i64 = request
        .topics
        .iter()
        .map(|t| {
            let current = state
                .topic(&t.name)
                .map_or(0, |s| s.partitions.len() as i64);
            (i64::from(t.count) - current).max(0)
        })
        .sum();
    if added > MAX_PARTITIONS_PER_BATCH {
        return CreatePartitionsResponse {
            results: request
                .topics
                .into_iter()
                .map(|t| CreatePartitionsTopicResult {
                    name: t.name,
                    error_code: code::POLICY_VIOLATION,
                    error_message: Some(EXCESSIVE_BATCH_MESSAGE.into()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
    }
    let quota = broker.mutation_quota(&state, ctx, 3);
    let now = || storage::log::now_ms() as u64;
    let mut results = Vec::with_capacity(request.topics.len());
    for t in request.topics {
        let assignments = t
            .assignments
            .map(|list| list.into_iter().map(|a| a.broker_ids).collect());
        let mut r = CreatePartitionsTopicResult {
            name: t.name.clone(),
            ..Default::default()
        };
        let authorizer = &broker.authorizer;
        if !authorizer.authorize(&state.acls, ctx, op::ALTER, Resource::Topic, &t.name) {
            r.error_code = code::TOPIC_AUTHORIZATION_FAILED;
            r.error_message = Some("Authorization failed.".into());
            results.push(r);
            continue;
        }
        if let Err(e) = quota.check(now()) {
            r.error_code = e.code;
            r.error_message = Some(e.message);
            results.push(r);
            continue;
        }
        let before = state.topic(&t.name).map_or(0, |s| s.partitions.len());
        match broker
            .create_partitions(&t.name, t.count, assignments, request.validate_only)
            .await
        {
            Ok(()) if !request.validate_only => {
                let added = usize::try_from(t.count).unwrap_or(0).saturating_sub(before);
                quota.record(added, now());
            }
            Ok(()) => {}
            Err(ApiError {
                code: c,
                message: msg,
            }) => {
                r.error_code = c;
                r.error_message = Some(msg);
            }
        }
        results.push(r);
    }
    CreatePartitionsResponse {
        throttle_time_ms: quota.throttle_ms(now()) as i32,
        results,
        ..Default::default()
    }
}
