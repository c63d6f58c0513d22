//! One handler per Kafka API, and the dispatch from a request frame to them.

use bytes::Bytes;
use protocol::frame::{decode_request_header, encode_response};
use protocol::messages::{ApiKey, RequestBody, RequestHeader, ResponseBody};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::client_quota_manager::user_of;
use crate::error::code;
use crate::request_context::{ConnectionState, RequestContext};
use crate::response::Chunk;
use crate::sasl::Gate;

mod acls;
mod alter_client_quotas;
mod alter_configs;
mod alter_user_scram_credentials;
mod api_versions;
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
mod describe_quorum;
mod describe_user_scram_credentials;
mod distinct;
pub mod fetch;
mod find_coordinator;
mod heartbeat;
mod init_producer_id;
mod join_group;
mod leave_group;
mod list_groups;
mod list_offsets;
mod metadata;
mod offset_commit;
mod offset_delete;
mod offset_fetch;
mod offset_for_leader_epoch;
mod produce;
mod sasl_authenticate;
mod sasl_handshake;
mod sync_group;

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
    (ApiKey::Produce, 3, 11),
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
    let client_id = header.client_id.as_deref().unwrap_or_default();
    let ctx = RequestContext {
        api,
        version,
        correlation_id: header.correlation_id,
        client_id,
        listener: &conn.listener,
        peer: conn.peer,
        principal: &conn.principal,
    };
    let mut mute_ms = 0;
    let response = match body {
        RequestBody::ApiVersions(r) => ResponseBody::ApiVersions(api_versions::handle(version, r)),
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
                conn.mute_ms = throttle;
                return Ok(None);
            }
            mute_ms = throttle;
            resp.throttle_time_ms = throttle as i32;
            ResponseBody::Produce(resp)
        }
        RequestBody::Fetch(r) => {
            let replica = fetch::replica_id(version, &r);
            if let Some(id) = replica.filter(|id| conn.replica != Some(*id)) {
                if !broker.is_peer_broker_at(id, conn.peer.ip()).await {
                    tracing::warn!(peer = %conn.peer, replica_id = id, "fetch as a replica by a client that is not that broker; refused");
                    let answer = fetch::refused(version, &r, code::TOPIC_AUTHORIZATION_FAILED);
                    return fetch::respond(header.correlation_id, version, answer).map(Some);
                }
                conn.replica = Some(id);
            }
            // Kafka's KafkaApis: a replica's fetch needs ClusterAction.
            if replica.is_some()
                && !broker.authorize(&ctx, op::CLUSTER_ACTION, Resource::Cluster, CLUSTER)
            {
                let answer = fetch::refused(version, &r, code::TOPIC_AUTHORIZATION_FAILED);
                return fetch::respond(header.correlation_id, version, answer).map(Some);
            }
            let mut answer = fetch::handle(broker, &ctx, r).await;
            if replica.is_none() {
                // Kafka's fetch quota: the answer's size; a throttled
                // consumer gets an empty answer, not counted.
                let quotas = &broker.state().client_quotas;
                let (user, bytes) = (user_of(ctx.principal), answer.records_bytes());
                let now = storage::log::now_ms() as u64;
                let quota = &broker.fetch_quotas;
                let throttle = quota.record(quotas, user, ctx.client_id, bytes, now);
                if throttle > 0 {
                    quota.unrecord(quotas, user, ctx.client_id, bytes, now);
                    answer = answer.throttled(throttle as i32);
                }
                conn.mute_ms = throttle;
            }
            return fetch::respond(header.correlation_id, version, answer).map(Some);
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
    conn.mute_ms = mute_ms;
    respond(&header, version, &response).map(|b| Some(vec![Chunk::Bytes(b)]))
}

fn respond(header: &RequestHeader, version: i16, body: &ResponseBody) -> Result<Bytes, String> {
    encode_response(header.correlation_id, version, body).map_err(|e| {
        tracing::error!(api = body.api_key().name(), version, error = %e, "cannot encode response");
        format!("cannot encode response: {e}")
    })
}
