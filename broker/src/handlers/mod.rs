//! One handler per Kafka API, and the dispatch from a request frame to them,
//! with the client quotas that depend on the answer: the produce and fetch
//! byte rates, and the request quota (KIP-124, `request_quota`) on the time
//! the handler took. The handler's own quotas (controller mutations) are
//! its own.

use bytes::Bytes;
use protocol::frame::{decode_request_header, encode_response};
use protocol::messages::{ApiKey, FetchRequest, RequestBody, RequestHeader, ResponseBody};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::client_quota_manager::user_of;
use crate::error::code;
use crate::request_context::{ConnectionState, RequestContext};
use crate::response::Chunk;
use crate::sasl::Gate;
use crate::thread_time::ThreadTimed;

mod acls;
mod add_offsets_to_txn;
mod add_partitions_to_txn;
mod alter_client_quotas;
mod alter_configs;
mod alter_partition_reassignments;
mod alter_user_scram_credentials;
mod api_versions;
mod commit_checks;
mod consumer_group_describe;
mod consumer_group_heartbeat;
mod create_partitions;
mod create_topics;
mod delete_groups;
mod delete_records;
mod delete_topics;
mod describe_client_quotas;
mod describe_cluster;
pub mod describe_configs;
mod describe_groups;
mod describe_log_dirs;
mod describe_producers;
mod describe_quorum;
mod describe_topic_partitions;
mod describe_transactions;
mod describe_user_scram_credentials;
mod distinct;
mod elect_leaders;
mod end_txn;
pub mod fetch;
mod find_coordinator;
mod get_telemetry_subscriptions;
mod heartbeat;
pub(crate) mod init_producer_id;
mod join_group;
mod leave_group;
mod list_config_resources;
mod list_groups;
mod list_offsets;
mod list_partition_reassignments;
mod list_transactions;
mod metadata;
mod offset_commit;
mod offset_delete;
mod offset_fetch;
mod offset_for_leader_epoch;
mod produce;
mod push_telemetry;
mod request_quota;
mod sasl_authenticate;
mod sasl_handshake;
mod sync_group;
mod txn_offset_commit;
mod unregister_broker;
mod update_features;
mod write_txn_markers;

/// A decoded request's arrays take at most this many times the request's
/// size in memory, plus [`DECODE_BUDGET_FLOOR`]; past it the request is
/// refused as malformed (the connection closed). Real clients' requests
/// stay far below: their array elements carry names and ids, a few times
/// smaller on the wire than in memory at most.
const DECODE_BUDGET_FACTOR: usize = 8;
const DECODE_BUDGET_FLOOR: usize = 64 * 1024;

/// The APIs this broker implements and the versions it accepts. ApiVersions
/// advertises exactly this table: clients call whatever is advertised.
/// The ranges are Kafka 4.0's (old message formats below them are gone).
pub const SUPPORTED_APIS: &[(ApiKey, i16, i16)] = &[
    (ApiKey::Produce, 3, 12),
    (ApiKey::Fetch, 4, 17),
    (ApiKey::ListOffsets, 1, 9),
    (ApiKey::Metadata, 0, 12),
    (ApiKey::ApiVersions, 0, 4),
    (ApiKey::CreateTopics, 2, 7),
    (ApiKey::DeleteTopics, 1, 6),
    (ApiKey::InitProducerId, 0, 5),
    (ApiKey::DescribeConfigs, 1, 4),
    (ApiKey::CreatePartitions, 0, 3),
    (ApiKey::DescribeCluster, 0, 1),
    (ApiKey::FindCoordinator, 0, 6),
    (ApiKey::JoinGroup, 0, 9),
    (ApiKey::SyncGroup, 0, 5),
    (ApiKey::Heartbeat, 0, 4),
    (ApiKey::LeaveGroup, 0, 5),
    (ApiKey::OffsetCommit, 2, 9),
    (ApiKey::OffsetFetch, 1, 9),
    (ApiKey::ListGroups, 0, 5),
    (ApiKey::DescribeGroups, 0, 5),
    (ApiKey::DeleteGroups, 0, 2),
    (ApiKey::OffsetDelete, 0, 0),
    (ApiKey::ConsumerGroupHeartbeat, 0, 1),
    (ApiKey::ConsumerGroupDescribe, 0, 0),
    (ApiKey::OffsetForLeaderEpoch, 2, 4),
    (ApiKey::DescribeQuorum, 0, 2),
    (ApiKey::DeleteRecords, 0, 2),
    (ApiKey::AlterConfigs, 0, 2),
    (ApiKey::IncrementalAlterConfigs, 0, 1),
    (ApiKey::SaslHandshake, 0, 1),
    (ApiKey::SaslAuthenticate, 0, 2),
    (ApiKey::DescribeUserScramCredentials, 0, 0),
    (ApiKey::AlterUserScramCredentials, 0, 0),
    (ApiKey::DescribeAcls, 1, 3),
    (ApiKey::CreateAcls, 1, 3),
    (ApiKey::DeleteAcls, 1, 3),
    (ApiKey::DescribeClientQuotas, 0, 1),
    (ApiKey::AlterClientQuotas, 0, 1),
    (ApiKey::DescribeProducers, 0, 0),
    (ApiKey::ListTransactions, 0, 2),
    (ApiKey::DescribeTransactions, 0, 0),
    (ApiKey::AddPartitionsToTxn, 0, 5),
    (ApiKey::AddOffsetsToTxn, 0, 4),
    (ApiKey::EndTxn, 0, 5),
    (ApiKey::WriteTxnMarkers, 1, 1),
    (ApiKey::TxnOffsetCommit, 0, 5),
    (ApiKey::ElectLeaders, 0, 2),
    (ApiKey::DescribeLogDirs, 1, 5),
    (ApiKey::DescribeTopicPartitions, 0, 0),
    (ApiKey::AlterPartitionReassignments, 0, 1),
    (ApiKey::ListPartitionReassignments, 0, 0),
    (ApiKey::UnregisterBroker, 0, 0),
    (ApiKey::ListConfigResources, 0, 1),
    (ApiKey::GetTelemetrySubscriptions, 0, 0),
    (ApiKey::PushTelemetry, 0, 0),
    (ApiKey::UpdateFeatures, 0, 2),
];

pub fn supported_versions(api: ApiKey) -> Option<(i16, i16)> {
    SUPPORTED_APIS
        .iter()
        .find(|(k, _, _)| *k == api)
        .map(|&(_, lo, hi)| (lo, hi))
}

/// Handles one request frame. `Ok(None)`: no response (acks=0 produce).
/// `Err`: the connection must be closed (as Kafka does for a request it
/// cannot parse or an API it does not know).
pub async fn dispatch(
    broker: &Broker,
    conn: &mut ConnectionState,
    mut frame: Bytes,
) -> Result<Option<Vec<Chunk>>, String> {
    if conn.sasl.as_ref().is_some_and(|s| s.expects_raw_token()) {
        return sasl_authenticate::raw_token(broker, conn, frame).map(Some);
    }
    let request_size = frame.len();
    let header =
        decode_request_header(&mut frame).map_err(|e| format!("bad request header: {e}"))?;
    let version = header.request_api_version;
    let Some(api) = ApiKey::from_i16(header.request_api_key) else {
        tracing::warn!(peer = %conn.peer, api_key = header.request_api_key, "unknown API key; closing connection");
        return Err("unknown API key".into());
    };
    let supported = supported_versions(api).is_some_and(|(lo, hi)| (lo..=hi).contains(&version));
    if !supported {
        if api == ApiKey::ApiVersions {
            // The client asked for a newer ApiVersions than ours: answer with v0
            // and UNSUPPORTED_VERSION, and it retries with a version we list.
            let body = ResponseBody::ApiVersions(api_versions::unsupported_version());
            return respond(&header, 0, &body).map(|b| Some(vec![Chunk::Bytes(b)]));
        }
        tracing::warn!(peer = %conn.peer, api = api.name(), version, "unsupported API version; closing connection");
        return Err(format!("unsupported version {version} of {}", api.name()));
    }
    // Before authentication only ApiVersions and the SASL APIs are served.
    if let Some(sasl) = &conn.sasl {
        if let Gate::Close(reason) = sasl.gate(api, storage::log::now_ms() as u64) {
            tracing::info!(peer = %conn.peer, listener = %conn.listener, %reason, "closing connection");
            return Err(reason);
        }
    }
    // A request takes at most DECODE_BUDGET_FACTOR times its size (plus
    // DECODE_BUDGET_FLOOR) in memory once decoded: 4 million empty topic
    // names in an 8 MB Metadata request would otherwise take 300 MB.
    let budget = frame
        .len()
        .saturating_mul(DECODE_BUDGET_FACTOR)
        .saturating_add(DECODE_BUDGET_FLOOR);
    let decoded = protocol::wire::with_decode_budget(budget, || {
        RequestBody::decode_prefix(api, version, &mut frame)
    });
    let body = match decoded {
        Ok(body) => {
            if !frame.is_empty() {
                // Kafka ignores them too; librdkafka 2.x leaves 3 bytes after Metadata.
                tracing::trace!(
                    api = api.name(),
                    version,
                    trailing = frame.len(),
                    "bytes after the request body ignored"
                );
            }
            body
        }
        Err(e) => {
            tracing::warn!(peer = %conn.peer, api = api.name(), version, error = %e, "malformed request; closing connection");
            return Err(format!("malformed {} request: {e}", api.name()));
        }
    };
    // The SASL APIs change the connection itself.
    let body = match body {
        RequestBody::SaslHandshake(r) => {
            let body = ResponseBody::SaslHandshake(sasl_handshake::handle(conn, version, r));
            return respond(&header, version, &body).map(|b| Some(vec![Chunk::Bytes(b)]));
        }
        RequestBody::SaslAuthenticate(r) => {
            let now_ms = storage::log::now_ms() as u64;
            let answer = sasl_authenticate::handle(broker, conn, version, r, now_ms);
            let body = ResponseBody::SaslAuthenticate(answer);
            return respond(&header, version, &body).map(|b| Some(vec![Chunk::Bytes(b)]));
        }
        body => body,
    };
    // KIP-511: the client's software, which KIP-714 subscriptions match on.
    if let RequestBody::ApiVersions(r) = &body {
        if version >= 3 {
            conn.client_software = (
                r.client_software_name.clone(),
                r.client_software_version.clone(),
            );
        }
    }
    let client_id = header.client_id.as_deref().unwrap_or_default();
    let ctx = RequestContext {
        api,
        version,
        correlation_id: header.correlation_id,
        client_id,
        listener: &conn.listener,
        peer: conn.peer,
        principal: &conn.principal,
        client_software: (&conn.client_software.0, &conn.client_software.1),
    };
    // KIP-124: the handler's time is measured only when a request quota
    // applies to the client; otherwise it runs as it is.
    let request_quota = request_quota::applies(broker, &ctx);
    let handling = handle(broker, &ctx, &mut conn.replica, request_size, body);
    let (handled, thread_nanos) = match &request_quota {
        Some(_) => ThreadTimed::new(std::pin::pin!(handling)).await,
        None => (handling.await, 0),
    };
    let handled = handled?;
    let request_throttle = match (&request_quota, &handled) {
        // Kafka does not enforce the request quota on an acks=0 produce.
        (Some(quota), Handled::Response(..) | Handled::Fetch { .. }) => {
            request_quota::record(broker, &ctx, conn.replica, quota, thread_nanos)
        }
        _ => 0,
    };
    match handled {
        Handled::Response(mut response, mute_ms) => {
            request_quota::set_throttle_time(&mut response, request_throttle);
            conn.mute_ms = mute_ms.max(request_throttle);
            respond(&header, version, &response).map(|b| Some(vec![Chunk::Bytes(b)]))
        }
        Handled::Fetch { answer, consumer } => {
            let (answer, mute_ms) = fetch_quotas(broker, &ctx, answer, consumer, request_throttle);
            conn.mute_ms = mute_ms;
            fetch::respond(header.correlation_id, version, answer).map(Some)
        }
        Handled::Silent(mute_ms) => {
            conn.mute_ms = mute_ms;
            Ok(None)
        }
    }
}

/// What a handler made of a request, before the quotas that depend on the
/// time it took.
enum Handled {
    /// A response, and how long the byte-rate or controller mutation quota
    /// mutes the connection (its `throttle_time_ms` already set).
    Response(ResponseBody, u64),
    /// A fetch answer; a consumer's (not a replica's) counts against its
    /// byte-rate quota.
    Fetch {
        answer: fetch::FetchAnswer,
        consumer: bool,
    },
    /// No response (an acks=0 produce); the connection is muted this long.
    Silent(u64),
}

/// Kafka's quotas on a fetch answer: a consumer's counts its bytes; past
/// the byte rate or the request quota the answer is empty, with the larger
/// throttle, and its bytes are taken back (`unrecordQuotaSensor`). Returns
/// the answer and how long to mute the connection.
fn fetch_quotas(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    answer: fetch::FetchAnswer,
    consumer: bool,
    request_throttle: u64,
) -> (fetch::FetchAnswer, u64) {
    let (user, bytes) = (user_of(ctx.principal), answer.records_bytes());
    let now = storage::log::now_ms() as u64;
    let quota = &broker.fetch_quotas;
    // A replica's fetch has no byte-rate quota: no metadata read for it.
    let state = consumer.then(|| broker.state());
    let byte_throttle = state.as_ref().map_or(0, |state| {
        quota.record(&state.client_quotas, user, ctx.client_id, bytes, now)
    });
    let throttle = byte_throttle.max(request_throttle);
    if throttle == 0 {
        return (answer, 0);
    }
    if let Some(state) = &state {
        quota.unrecord(&state.client_quotas, user, ctx.client_id, bytes, now);
    }
    let throttle_ms = i32::try_from(throttle).unwrap_or(i32::MAX);
    (answer.throttled(throttle_ms), throttle)
}

/// Runs the handler of `body`. `replica`: the broker the connection was
/// shown to come from, set by its first allowed replica fetch.
async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    replica: &mut Option<i32>,
    request_size: usize,
    body: RequestBody,
) -> Result<Handled, String> {
    let ctx = *ctx;
    let version = ctx.version;
    let mut mute_ms = 0;
    let response = match body {
        RequestBody::ApiVersions(r) => ResponseBody::ApiVersions(api_versions::handle(broker, r)),
        RequestBody::Metadata(r) => ResponseBody::Metadata(metadata::handle(broker, &ctx, r).await),
        RequestBody::Produce(r) => {
            let acks = r.acks;
            let mut resp = produce::handle(broker, &ctx, r).await;
            // Kafka's produce quota: the request's size.
            let throttle = broker.produce_quotas.record(
                &broker.state().client_quotas,
                user_of(ctx.principal),
                ctx.client_id,
                request_size,
                storage::log::now_ms() as u64,
            );
            if acks == 0 {
                return Ok(Handled::Silent(throttle));
            }
            mute_ms = throttle;
            resp.throttle_time_ms = throttle as i32;
            ResponseBody::Produce(resp)
        }
        RequestBody::Fetch(r) => {
            let replica_id = fetch::replica_id(version, &r);
            let refused = |r: &FetchRequest| Handled::Fetch {
                answer: fetch::refused(version, r, code::TOPIC_AUTHORIZATION_FAILED),
                consumer: false,
            };
            if let Some(id) = replica_id.filter(|id| *replica != Some(*id)) {
                if !broker.is_peer_broker_at(id, ctx.peer.ip()).await {
                    tracing::warn!(peer = %ctx.peer, replica_id = id, "fetch as a replica by a client that is not that broker; refused");
                    return Ok(refused(&r));
                }
                *replica = Some(id);
            }
            // Kafka's KafkaApis: a replica's fetch needs ClusterAction.
            if replica_id.is_some()
                && !broker.authorize(&ctx, op::CLUSTER_ACTION, Resource::Cluster, CLUSTER)
            {
                return Ok(refused(&r));
            }
            let answer = fetch::handle(broker, &ctx, r).await;
            // Its quotas (the answer's size, the time taken) are the caller's.
            return Ok(Handled::Fetch {
                answer,
                consumer: replica_id.is_none(),
            });
        }
        RequestBody::ListOffsets(r) => {
            ResponseBody::ListOffsets(list_offsets::handle(broker, &ctx, r))
        }
        // KIP-599: past its controller mutation quota the client is muted.
        RequestBody::CreateTopics(r) => {
            let resp = create_topics::handle(broker, &ctx, r).await;
            mute_ms = resp.throttle_time_ms.max(0) as u64;
            ResponseBody::CreateTopics(resp)
        }
        RequestBody::DeleteTopics(r) => {
            let resp = delete_topics::handle(broker, &ctx, r).await;
            mute_ms = resp.throttle_time_ms.max(0) as u64;
            ResponseBody::DeleteTopics(resp)
        }
        RequestBody::CreatePartitions(r) => {
            let resp = create_partitions::handle(broker, &ctx, r).await;
            mute_ms = resp.throttle_time_ms.max(0) as u64;
            ResponseBody::CreatePartitions(resp)
        }
        RequestBody::DescribeConfigs(r) => {
            ResponseBody::DescribeConfigs(describe_configs::handle(broker, &ctx, r))
        }
        RequestBody::DescribeCluster(r) => {
            ResponseBody::DescribeCluster(describe_cluster::handle(broker, &ctx, r))
        }
        RequestBody::InitProducerId(r) => {
            ResponseBody::InitProducerId(init_producer_id::handle(broker, &ctx, r).await)
        }
        RequestBody::AddPartitionsToTxn(r) => {
            ResponseBody::AddPartitionsToTxn(add_partitions_to_txn::handle(broker, &ctx, r).await)
        }
        RequestBody::AddOffsetsToTxn(r) => {
            ResponseBody::AddOffsetsToTxn(add_offsets_to_txn::handle(broker, &ctx, r).await)
        }
        RequestBody::ElectLeaders(r) => {
            ResponseBody::ElectLeaders(elect_leaders::handle(broker, &ctx, r).await)
        }
        RequestBody::EndTxn(r) => ResponseBody::EndTxn(end_txn::handle(broker, &ctx, r).await),
        RequestBody::WriteTxnMarkers(r) => {
            ResponseBody::WriteTxnMarkers(write_txn_markers::handle(broker, &ctx, r).await)
        }
        RequestBody::TxnOffsetCommit(r) => {
            ResponseBody::TxnOffsetCommit(txn_offset_commit::handle(broker, &ctx, r).await)
        }
        RequestBody::FindCoordinator(r) => {
            ResponseBody::FindCoordinator(find_coordinator::handle(broker, &ctx, r).await)
        }
        RequestBody::JoinGroup(r) => {
            ResponseBody::JoinGroup(join_group::handle(broker, &ctx, r).await)
        }
        RequestBody::SyncGroup(r) => {
            ResponseBody::SyncGroup(sync_group::handle(broker, &ctx, r).await)
        }
        RequestBody::Heartbeat(r) => ResponseBody::Heartbeat(heartbeat::handle(broker, &ctx, r)),
        RequestBody::LeaveGroup(r) => {
            ResponseBody::LeaveGroup(leave_group::handle(broker, &ctx, r))
        }
        RequestBody::OffsetCommit(r) => {
            ResponseBody::OffsetCommit(offset_commit::handle(broker, &ctx, r).await)
        }
        RequestBody::OffsetFetch(r) => {
            ResponseBody::OffsetFetch(offset_fetch::handle(broker, &ctx, r))
        }
        RequestBody::ListGroups(r) => {
            ResponseBody::ListGroups(list_groups::handle(broker, &ctx, r))
        }
        RequestBody::DescribeGroups(r) => {
            ResponseBody::DescribeGroups(describe_groups::handle(broker, &ctx, r))
        }
        RequestBody::DeleteGroups(r) => {
            ResponseBody::DeleteGroups(delete_groups::handle(broker, &ctx, r).await)
        }
        RequestBody::OffsetDelete(r) => {
            ResponseBody::OffsetDelete(offset_delete::handle(broker, &ctx, r).await)
        }
        RequestBody::ConsumerGroupHeartbeat(r) => {
            ResponseBody::ConsumerGroupHeartbeat(consumer_group_heartbeat::handle(broker, &ctx, r))
        }
        RequestBody::OffsetForLeaderEpoch(r) => {
            ResponseBody::OffsetForLeaderEpoch(offset_for_leader_epoch::handle(broker, &ctx, r))
        }
        RequestBody::AlterConfigs(r) => {
            ResponseBody::AlterConfigs(alter_configs::alter(broker, &ctx, r).await)
        }
        RequestBody::IncrementalAlterConfigs(r) => {
            ResponseBody::IncrementalAlterConfigs(alter_configs::incremental(broker, &ctx, r).await)
        }
        RequestBody::DescribeQuorum(r) => {
            ResponseBody::DescribeQuorum(describe_quorum::handle(broker, &ctx, r))
        }
        RequestBody::DescribeClientQuotas(r) => {
            ResponseBody::DescribeClientQuotas(describe_client_quotas::handle(broker, &ctx, r))
        }
        RequestBody::AlterClientQuotas(r) => {
            ResponseBody::AlterClientQuotas(alter_client_quotas::handle(broker, &ctx, r).await)
        }
        RequestBody::DescribeAcls(r) => ResponseBody::DescribeAcls(acls::describe(broker, &ctx, r)),
        RequestBody::CreateAcls(r) => ResponseBody::CreateAcls(acls::create(broker, &ctx, r).await),
        RequestBody::DeleteAcls(r) => ResponseBody::DeleteAcls(acls::delete(broker, &ctx, r).await),
        RequestBody::AlterUserScramCredentials(r) => ResponseBody::AlterUserScramCredentials(
            alter_user_scram_credentials::handle(broker, &ctx, r).await,
        ),
        RequestBody::DescribeUserScramCredentials(r) => ResponseBody::DescribeUserScramCredentials(
            describe_user_scram_credentials::handle(broker, &ctx, r),
        ),
        RequestBody::DeleteRecords(r) => {
            ResponseBody::DeleteRecords(delete_records::handle(broker, &ctx, r).await)
        }
        RequestBody::DescribeTransactions(r) => {
            ResponseBody::DescribeTransactions(describe_transactions::handle(broker, &ctx, r))
        }
        RequestBody::ListTransactions(r) => {
            ResponseBody::ListTransactions(list_transactions::handle(broker, &ctx, r))
        }
        RequestBody::DescribeLogDirs(r) => {
            ResponseBody::DescribeLogDirs(describe_log_dirs::handle(broker, &ctx, r))
        }
        RequestBody::DescribeTopicPartitions(r) => ResponseBody::DescribeTopicPartitions(
            describe_topic_partitions::handle(broker, &ctx, r),
        ),
        RequestBody::AlterPartitionReassignments(r) => ResponseBody::AlterPartitionReassignments(
            alter_partition_reassignments::handle(broker, &ctx, r).await,
        ),
        RequestBody::ListPartitionReassignments(r) => ResponseBody::ListPartitionReassignments(
            list_partition_reassignments::handle(broker, &ctx, r),
        ),
        RequestBody::ListConfigResources(r) => {
            ResponseBody::ListConfigResources(list_config_resources::handle(broker, &ctx, r))
        }
        RequestBody::GetTelemetrySubscriptions(r) => ResponseBody::GetTelemetrySubscriptions(
            get_telemetry_subscriptions::handle(broker, &ctx, r),
        ),
        RequestBody::PushTelemetry(r) => {
            ResponseBody::PushTelemetry(push_telemetry::handle(broker, &ctx, r))
        }
        RequestBody::UpdateFeatures(r) => {
            ResponseBody::UpdateFeatures(update_features::handle(broker, &ctx, r).await)
        }
        RequestBody::UnregisterBroker(r) => {
            ResponseBody::UnregisterBroker(unregister_broker::handle(broker, &ctx, r).await)
        }
        RequestBody::DescribeProducers(r) => {
            ResponseBody::DescribeProducers(describe_producers::handle(broker, &ctx, r))
        }
        RequestBody::ConsumerGroupDescribe(r) => {
            ResponseBody::ConsumerGroupDescribe(consumer_group_describe::handle(broker, &ctx, r))
        }
        other => {
            // Unreachable while SUPPORTED_APIS and this match agree.
            tracing::error!(
                api = other.api_key().name(),
                "advertised API without a handler"
            );
            return Err("no handler".into());
        }
    };
    Ok(Handled::Response(response, mute_ms))
}

fn respond(header: &RequestHeader, version: i16, body: &ResponseBody) -> Result<Bytes, String> {
    encode_response(header.correlation_id, version, body).map_err(|e| {
        tracing::error!(api = body.api_key().name(), version, error = %e, "cannot encode response");
        format!("cannot encode response: {e}")
    })
}
