//! DeleteTopics, by name (v0-v5) or by name or topic id (v6+). A client
//! needs Delete on the topic (else TOPIC_AUTHORIZATION_FAILED); one named
//! by id it may not Describe is answered UNKNOWN_TOPIC_ID, as Kafka hides it.
//! Each topic deleted counts its partitions against the client's
//! `controller_mutation_rate` (KIP-599; strict from v5).

use protocol::messages::delete_topics_response::DeletableTopicResult;
use protocol::messages::{DeleteTopicsRequest, DeleteTopicsResponse};
use uuid::Uuid;

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DeleteTopicsRequest,
) -> DeleteTopicsResponse {
    let version = ctx.version;
    let state = broker.state();
    let may = |operation: i8, name: &str| {
        broker
            .authorizer
            .authorize(&state.acls, ctx, operation, Resource::Topic, name)
    };
    let targets: Vec<(Option<String>, Uuid)> = if version >= 6 {
        request
            .topics
            .into_iter()
            .map(|t| (t.name, t.topic_id))
            .collect()
    } else {
        request
            .topic_names
            .into_iter()
            .map(|n| (Some(n), Uuid::nil()))
            .collect()
    };
    let quota = broker.mutation_quota(&state, ctx, 5);
    let now = || storage::log::now_ms() as u64;
    let mut responses = Vec::with_capacity(targets.len());
    for (name, id) in targets {
        let mut r = DeletableTopicResult {
            name: name.clone(),
            topic_id: id,
            ..Default::default()
        };
        let name = match name {
            Some(n) => Some(n),
            None => state
                .topic_name_by_id(&id)
                .filter(|name| may(op::DESCRIBE, name))
                .map(str::to_string),
        };
        let Some(name) = name else {
            r.error_code = code::UNKNOWN_TOPIC_ID;
            responses.push(r);
            continue;
        };
        if !may(op::DELETE, &name) {
            r.error_code = code::TOPIC_AUTHORIZATION_FAILED;
            responses.push(r);
            continue;
        }
        // The broker's own state (committed offsets): Kafka's TopicCommand
        // refuses to delete it, with this message.
        if metadata::topic::is_internal(&name) {
            r.name = Some(name.clone());
            r.error_code = code::INVALID_REQUEST;
            if version >= 5 {
                r.error_message = Some(format!(
                    "Topic {name} is a kafka internal topic and is not allowed to be marked for deletion."
                ));
            }
            responses.push(r);
            continue;
        }
        if let Err(e) = quota.check(now()) {
            r.name = Some(name);
            r.error_code = e.code;
            r.error_message = Some(e.message);
            responses.push(r);
            continue;
        }
        let partitions = state.topic(&name).map_or(0, |t| t.partitions.len());
        match broker.delete_topic(&name).await {
            Ok(topic_id) => {
                quota.record(partitions, now());
                r.name = Some(name);
                r.topic_id = topic_id;
            }
            Err(ApiError {
                code: mut c,
                message: msg,
            }) => {
                // TOPIC_DELETION_DISABLED is known to clients from v3 on.
                if c == code::TOPIC_DELETION_DISABLED && version < 3 {
                    c = code::INVALID_REQUEST;
                }
                r.error_code = c;
                if version >= 5 {
                    r.error_message = Some(msg);
                }
            }
        }
        responses.push(r);
    }
    DeleteTopicsResponse {
        throttle_time_ms: quota.throttle_ms(now()) as i32,
        responses,
        ..Default::default()
    }
}
