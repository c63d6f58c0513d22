//! DeleteTopics, by name (v0-v5) or by name or topic id (v6+).

use protocol::messages::delete_topics_response::DeletableTopicResult;
use protocol::messages::{DeleteTopicsRequest, DeleteTopicsResponse};
use uuid::Uuid;

use crate::broker::Broker;
use crate::error::{code, ApiError};

pub async fn handle(
    broker: &Broker,
    version: i16,
    request: DeleteTopicsRequest,
) -> DeleteTopicsResponse {
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
    let mut responses = Vec::with_capacity(targets.len());
    for (name, id) in targets {
        let mut r = DeletableTopicResult {
            name: name.clone(),
            topic_id: id,
            ..Default::default()
        };
        let name = match name {
            Some(n) => Some(n),
            None => broker.state().topic_name_by_id(&id).map(str::to_string),
        };
        let Some(name) = name else {
            r.error_code = code::UNKNOWN_TOPIC_ID;
            responses.push(r);
            continue;
        };
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
        match broker.delete_topic(&name).await {
            Ok(topic_id) => {
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
        responses,
        ..Default::default()
    }
}
