//! AlterUserScramCredentials v0: sets and deletes users' SCRAM credentials
//! (`kafka-configs --entity-type users --alter --add-config
//! 'SCRAM-SHA-512=[password=...]'`). The client sends a salted password;
//! the metadata log keeps the stored and server keys derived from it. The
//! valid changes are written as one command; if that fails, every user
//! that had none of Kafka's own errors gets its error. A client needs Alter
//! on the cluster (else CLUSTER_AUTHORIZATION_FAILED for every user).

use metadata::Command;
use protocol::messages::{AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::error::ApiError;
use crate::request_context::RequestContext;
use crate::sasl::scram_control;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: AlterUserScramCredentialsRequest,
) -> AlterUserScramCredentialsResponse {
    let state = broker.state();
    let (mut results, mut changes) = scram_control::alter(
        &request.deletions,
        &request.upsertions,
        &state.scram_credentials,
    );
    if !broker.authorize(ctx, op::ALTER, Resource::Cluster, CLUSTER) {
        changes.clear();
        for r in &mut results {
            r.error_code = code::CLUSTER_AUTHORIZATION_FAILED;
            r.error_message = Some("Cluster authorization failed.".into());
        }
    }
    if !changes.is_empty() {
        let users: Vec<String> = changes.iter().map(|(u, m, _)| format!("{u}/{m}")).collect();
        match broker
            .metadata
            .submit(Command::AlterScramCredentials { changes })
            .await
        {
            Ok(_) => tracing::info!(credentials = ?users, "SCRAM credentials altered"),
            Err(e) => {
                let error = ApiError::from(&e);
                for r in results.iter_mut().filter(|r| r.error_code == code::NONE) {
                    r.error_code = error.code;
                    r.error_message = Some(error.message.clone());
                }
            }
        }
    }
    AlterUserScramCredentialsResponse {
        results,
        ..Default::default()
    }
}
