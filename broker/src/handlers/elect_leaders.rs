//! ElectLeaders (KIP-460, `kafka-leader-election`): the preferred replica
//! leads again where it is live and in the ISR; an unclean election is
//! never made (ELIGIBLE_LEADERS_NOT_AVAILABLE where one would be needed),
//! as `unclean.leader.election.enable` is refused. The decision is the
//! controller's (`metadata::controller::elect_leader`); each election is a
//! metadata command. Needs Alter on the cluster (else
//! CLUSTER_AUTHORIZATION_FAILED). As Kafka's: every partition when the
//! request names none, then leaving out those that need no election; a
//! partition named twice is answered once.

use std::collections::{BTreeMap, BTreeSet};

use metadata::controller::{elect_leader, ElectionRefused, ElectionType};
use protocol::messages::elect_leaders_response::{PartitionResult, ReplicaElectionResult};
use protocol::messages::{ElectLeadersRequest, ElectLeadersResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, metadata_error_code};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: ElectLeadersRequest,
) -> ElectLeadersResponse {
    let state = broker.state();
    let all = request.topic_partitions.is_none();
    // Each (topic, partition) once, in order.
    let mut wanted: BTreeSet<(String, i32)> = BTreeSet::new();
    match request.topic_partitions {
        Some(topics) => {
            for t in topics {
                for p in t.partitions {
                    wanted.insert((t.topic.clone(), p));
                }
            }
        }
        None => {
            for t in state.topics.values() {
                for p in 0..t.partitions.len() as i32 {
                    wanted.insert((t.name.clone(), p));
                }
            }
        }
    }
    let authorized = broker.authorize(ctx, op::ALTER, Resource::Cluster, CLUSTER);
    if !authorized && ctx.version >= 1 {
        return ElectLeadersResponse {
            error_code: code::CLUSTER_AUTHORIZATION_FAILED,
            ..Default::default()
        };
    }
    let election = match request.election_type {
        1 => ElectionType::Unclean,
        _ => ElectionType::Preferred,
    };
    let mut results: BTreeMap<String, Vec<PartitionResult>> = BTreeMap::new();
    for (topic, partition) in wanted {
        let (c, message) = if !authorized {
            (code::CLUSTER_AUTHORIZATION_FAILED, None)
        } else {
            match elect_leader(&state, &topic, partition, election) {
                Ok(command) => match broker.metadata.submit(command).await {
                    Ok(_) => {
                        tracing::info!(%topic, partition, ?election, "leader elected (ElectLeaders)");
                        (code::NONE, None)
                    }
                    Err(e) => (metadata_error_code(&e), Some(e.to_string())),
                },
                Err(ElectionRefused::NotNeeded) if all => continue,
                Err(ElectionRefused::NotNeeded) => (code::ELECTION_NOT_NEEDED, None),
                Err(ElectionRefused::PreferredNotAvailable) => {
                    (code::PREFERRED_LEADER_NOT_AVAILABLE, None)
                }
                Err(ElectionRefused::EligibleLeadersNotAvailable) => (
                    code::ELIGIBLE_LEADERS_NOT_AVAILABLE,
                    Some("unclean leader elections are not supported".to_string()),
                ),
                Err(ElectionRefused::UnknownTopicOrPartition(m)) => {
                    (code::UNKNOWN_TOPIC_OR_PARTITION, Some(m))
                }
            }
        };
        results.entry(topic).or_default().push(PartitionResult {
            partition_id: partition,
            error_code: c,
            error_message: message,
            ..Default::default()
        });
    }
    ElectLeadersResponse {
        replica_election_results: results
            .into_iter()
            .map(|(topic, partition_result)| ReplicaElectionResult {
                topic,
                partition_result,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}
