//! Every advertised API, at every advertised version, answers random requests
//! (the codec's `sample` generator) with a response that encodes at that
//! version and decodes back: a handler that sets a field its version lacks,
//! or panics on odd input, fails here. Every fourth request comes from a
//! client over a tiny request quota (KIP-124), so the answers that carry
//! its throttle time are covered at every version too.

use std::collections::BTreeMap;

use bytes::Buf;
use protocol::frame::{decode_response, encode_request};
use protocol::messages::*;
use protocol::sample::{Gen, Sample};

use broker::client_quota_manager::REQUEST_PERCENTAGE;
use broker::handlers::{dispatch, SUPPORTED_APIS};
use broker::request_context::ConnectionState;
use metadata::client_quota::{QuotaValue, CLIENT_ID};

mod common;

fn sample_request(api: ApiKey, version: i16, g: &mut Gen) -> RequestBody {
    macro_rules! s {
        ($t:ident) => {
            $t::sample(version, g)
        };
    }
    match api {
        ApiKey::Produce => {
            let mut r = s!(ProduceRequest);
            // Transactional produce has its own error path; cover both.
            if g.bool() {
                r.transactional_id = None;
            }
            RequestBody::Produce(r)
        }
        ApiKey::Fetch => {
            let mut r = s!(FetchRequest);
            r.max_wait_ms = 0; // no long poll in this test
            RequestBody::Fetch(r)
        }
        ApiKey::ListOffsets => RequestBody::ListOffsets(s!(ListOffsetsRequest)),
        ApiKey::Metadata => RequestBody::Metadata(s!(MetadataRequest)),
        ApiKey::ApiVersions => RequestBody::ApiVersions(s!(ApiVersionsRequest)),
        ApiKey::CreateTopics => RequestBody::CreateTopics(s!(CreateTopicsRequest)),
        ApiKey::DeleteTopics => RequestBody::DeleteTopics(s!(DeleteTopicsRequest)),
        ApiKey::InitProducerId => RequestBody::InitProducerId(s!(InitProducerIdRequest)),
        ApiKey::DescribeConfigs => RequestBody::DescribeConfigs(s!(DescribeConfigsRequest)),
        ApiKey::CreatePartitions => RequestBody::CreatePartitions(s!(CreatePartitionsRequest)),
        ApiKey::DescribeCluster => RequestBody::DescribeCluster(s!(DescribeClusterRequest)),
        ApiKey::FindCoordinator => RequestBody::FindCoordinator(s!(FindCoordinatorRequest)),
        ApiKey::JoinGroup => {
            let mut r = s!(JoinGroupRequest);
            // Short timeouts: a join that waits for a rebalance must end soon.
            r.session_timeout_ms = 6000;
            r.rebalance_timeout_ms = 10;
            RequestBody::JoinGroup(r)
        }
        ApiKey::SyncGroup => RequestBody::SyncGroup(s!(SyncGroupRequest)),
        ApiKey::Heartbeat => RequestBody::Heartbeat(s!(HeartbeatRequest)),
        ApiKey::LeaveGroup => RequestBody::LeaveGroup(s!(LeaveGroupRequest)),
        ApiKey::OffsetCommit => RequestBody::OffsetCommit(s!(OffsetCommitRequest)),
        ApiKey::OffsetFetch => RequestBody::OffsetFetch(s!(OffsetFetchRequest)),
        ApiKey::ListGroups => RequestBody::ListGroups(s!(ListGroupsRequest)),
        ApiKey::DescribeGroups => RequestBody::DescribeGroups(s!(DescribeGroupsRequest)),
        ApiKey::DeleteGroups => RequestBody::DeleteGroups(s!(DeleteGroupsRequest)),
        ApiKey::OffsetDelete => RequestBody::OffsetDelete(s!(OffsetDeleteRequest)),
        ApiKey::ConsumerGroupHeartbeat => {
            RequestBody::ConsumerGroupHeartbeat(s!(ConsumerGroupHeartbeatRequest))
        }
        ApiKey::ConsumerGroupDescribe => {
            RequestBody::ConsumerGroupDescribe(s!(ConsumerGroupDescribeRequest))
        }
        ApiKey::OffsetForLeaderEpoch => {
            RequestBody::OffsetForLeaderEpoch(s!(OffsetForLeaderEpochRequest))
        }
        ApiKey::DescribeQuorum => RequestBody::DescribeQuorum(s!(DescribeQuorumRequest)),
        ApiKey::DeleteRecords => RequestBody::DeleteRecords(s!(DeleteRecordsRequest)),
        ApiKey::AlterConfigs => RequestBody::AlterConfigs(s!(AlterConfigsRequest)),
        ApiKey::IncrementalAlterConfigs => {
            RequestBody::IncrementalAlterConfigs(s!(IncrementalAlterConfigsRequest))
        }
        ApiKey::SaslHandshake => RequestBody::SaslHandshake(s!(SaslHandshakeRequest)),
        ApiKey::SaslAuthenticate => RequestBody::SaslAuthenticate(s!(SaslAuthenticateRequest)),
        ApiKey::DescribeUserScramCredentials => {
            RequestBody::DescribeUserScramCredentials(s!(DescribeUserScramCredentialsRequest))
        }
        ApiKey::AlterUserScramCredentials => {
            RequestBody::AlterUserScramCredentials(s!(AlterUserScramCredentialsRequest))
        }
        ApiKey::DescribeAcls => RequestBody::DescribeAcls(s!(DescribeAclsRequest)),
        ApiKey::CreateAcls => RequestBody::CreateAcls(s!(CreateAclsRequest)),
        ApiKey::DeleteAcls => RequestBody::DeleteAcls(s!(DeleteAclsRequest)),
        ApiKey::DescribeClientQuotas => {
            RequestBody::DescribeClientQuotas(s!(DescribeClientQuotasRequest))
        }
        ApiKey::AlterClientQuotas => RequestBody::AlterClientQuotas(s!(AlterClientQuotasRequest)),
        ApiKey::DescribeProducers => RequestBody::DescribeProducers(s!(DescribeProducersRequest)),
        ApiKey::DescribeLogDirs => RequestBody::DescribeLogDirs(s!(DescribeLogDirsRequest)),
        ApiKey::UnregisterBroker => RequestBody::UnregisterBroker(s!(UnregisterBrokerRequest)),
        ApiKey::ListConfigResources => {
            RequestBody::ListConfigResources(s!(ListConfigResourcesRequest))
        }
        ApiKey::GetTelemetrySubscriptions => {
            RequestBody::GetTelemetrySubscriptions(s!(GetTelemetrySubscriptionsRequest))
        }
        ApiKey::PushTelemetry => RequestBody::PushTelemetry(s!(PushTelemetryRequest)),
        ApiKey::UpdateFeatures => RequestBody::UpdateFeatures(s!(UpdateFeaturesRequest)),
        ApiKey::AlterPartitionReassignments => {
            RequestBody::AlterPartitionReassignments(s!(AlterPartitionReassignmentsRequest))
        }
        ApiKey::ListPartitionReassignments => {
            RequestBody::ListPartitionReassignments(s!(ListPartitionReassignmentsRequest))
        }
        ApiKey::DescribeTopicPartitions => {
            RequestBody::DescribeTopicPartitions(s!(DescribeTopicPartitionsRequest))
        }
        ApiKey::ListTransactions => RequestBody::ListTransactions(s!(ListTransactionsRequest)),
        ApiKey::DescribeTransactions => {
            RequestBody::DescribeTransactions(s!(DescribeTransactionsRequest))
        }
        ApiKey::AddPartitionsToTxn => {
            RequestBody::AddPartitionsToTxn(s!(AddPartitionsToTxnRequest))
        }
        ApiKey::AddOffsetsToTxn => RequestBody::AddOffsetsToTxn(s!(AddOffsetsToTxnRequest)),
        ApiKey::EndTxn => RequestBody::EndTxn(s!(EndTxnRequest)),
        ApiKey::ElectLeaders => RequestBody::ElectLeaders(s!(ElectLeadersRequest)),
        ApiKey::WriteTxnMarkers => RequestBody::WriteTxnMarkers(s!(WriteTxnMarkersRequest)),
        ApiKey::TxnOffsetCommit => RequestBody::TxnOffsetCommit(s!(TxnOffsetCommitRequest)),
        other => panic!(
            "{} is advertised but has no sample in this test",
            other.name()
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_answers_random_requests_at_every_version() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), &[]).await;
    // The group ticker, as `broker::run` starts it.
    let ticker = {
        let broker = broker.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                broker.groups.tick();
            }
        })
    };
    // A topic with data, so that some requests hit real partitions.
    broker
        .create_topic("t", 2, 1, Vec::new(), BTreeMap::new(), false)
        .await
        .unwrap();
    let throttled = vec![(CLIENT_ID.to_string(), Some("throttled".to_string()))];
    let quota = BTreeMap::from([(REQUEST_PERCENTAGE.to_string(), Some(QuotaValue::new(1e-4)))]);
    broker
        .metadata
        .submit(metadata::Command::AlterClientQuotas {
            changes: vec![(throttled, quota)],
        })
        .await
        .unwrap();
    let mut throttled_answers = 0;
    let mut conn = ConnectionState::new(
        "127.0.0.1:1".parse().unwrap(),
        "PLAINTEXT",
        broker::request_context::ANONYMOUS.to_string(),
    );
    let mut g = Gen::new(42);
    for &(api, min, max) in SUPPORTED_APIS {
        for version in min..=max {
            for round in 0..20 {
                let mut request = sample_request(api, version, &mut g);
                if round % 2 == 0 {
                    aim_at_topic_t(&mut request);
                }
                let client_id = if round % 4 == 1 { "throttled" } else { "test" };
                let mut frame = encode_request(round, Some(client_id), version, &request).unwrap();
                frame.advance(4);
                let response = dispatch(&broker, &mut conn, frame)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("{} v{version}: connection closed: {e}", api.name())
                    });
                let Some(chunks) = response else {
                    // acks=0 produce has no response.
                    continue;
                };
                let mut response = broker::response::into_bytes(chunks).unwrap();
                response.advance(4);
                let (correlation_id, body) = decode_response(api, version, response)
                    .unwrap_or_else(|e| panic!("{} v{version}: bad response: {e}", api.name()));
                assert_eq!(correlation_id, round);
                assert_eq!(body.api_key(), api);
                if body.throttle_time_ms().is_some_and(|t| t > 0) {
                    assert_eq!(client_id, "throttled", "{} v{version}", api.name());
                    throttled_answers += 1;
                }
            }
        }
    }
    assert!(
        throttled_answers > 0,
        "the throttled client was never throttled"
    );
    ticker.abort();
    broker.shutdown();
}

/// Points topic names of the request at the existing topic "t".
fn aim_at_topic_t(request: &mut RequestBody) {
    match request {
        RequestBody::Produce(r) => r.topic_data.iter_mut().for_each(|t| t.name = "t".into()),
        RequestBody::Fetch(r) => r.topics.iter_mut().for_each(|t| t.topic = "t".into()),
        RequestBody::ListOffsets(r) => r.topics.iter_mut().for_each(|t| t.name = "t".into()),
        RequestBody::DescribeConfigs(r) => r.resources.iter_mut().for_each(|res| {
            res.resource_type = 2;
            res.resource_name = "t".into();
        }),
        _ => {}
    }
}
