//! Committed offsets from the client side: OffsetFetch and OffsetCommit sent
//! to the group coordinator (Kafka's `ConsumerCoordinator`
//! `fetchCommittedOffsets` and `commitOffsetsSync`).
//!
//! Invariants: a request that meets a coordinator error (moved, loading) is
//! retried on a freshly found coordinator, at most `COORDINATOR_ATTEMPTS`
//! times; a KIP-848 member names itself (member id and epoch), an admin
//! commit does not and is accepted only by an inactive group.

use super::*;

/// A committed offset: `None` when the group has none for the partition.
pub type Committed = BTreeMap<(String, i32), Option<i64>>;

/// The member asking for offsets (KIP-848 members identify themselves in
/// OffsetFetch v9+ and OffsetCommit).
#[derive(Debug, Clone)]
pub struct MemberRef {
    pub member_id: String,
    pub epoch: i32,
}

/// The committed offsets of the group for `topics` (topic, partitions), or of
/// every partition it has offsets for when `topics` is `None`.
pub async fn fetch_offsets(
    client: &mut Client,
    coordinator: &mut Coordinator,
    topics: Option<&[(String, Vec<i32>)]>,
    member: Option<&MemberRef>,
) -> Result<Committed> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match fetch_offsets_once(client, coordinator, topics, member).await {
            Err(Error::Kafka { code, .. })
                if errors::is_coordinator_error(code) && attempt < COORDINATOR_ATTEMPTS =>
            {
                coordinator.reset();
                tokio::time::sleep(COORDINATOR_BACKOFF).await;
            }
            other => return other,
        }
    }
}

pub(super) async fn fetch_offsets_once(
    client: &mut Client,
    coordinator: &mut Coordinator,
    topics: Option<&[(String, Vec<i32>)]>,
    member: Option<&MemberRef>,
) -> Result<Committed> {
    let version = coordinator.version(client, ApiKey::OffsetFetch).await?;
    let group = coordinator.group().to_string();
    if topics.is_none() && version < 2 {
        return Err(Error::Other(format!(
            "the coordinator only has OffsetFetch v{version}, which cannot list a group's offsets"
        )));
    }
    let mut request = OffsetFetchRequest::default();
    if version >= 8 {
        let (member_id, member_epoch) = match member {
            Some(m) if version >= 9 => (Some(m.member_id.clone()), m.epoch),
            _ => (None, -1),
        };
        request.groups = vec![OffsetFetchRequestGroup {
            group_id: group.clone(),
            member_id,
            member_epoch,
            topics: topics.map(|ts| {
                ts.iter()
                    .map(|(name, parts)| OffsetFetchRequestTopics {
                        name: name.clone(),
                        partition_indexes: parts.clone(),
                        ..Default::default()
                    })
                    .collect()
            }),
            ..Default::default()
        }];
    } else {
        request.group_id = group.clone();
        request.topics = topics.map(|ts| {
            ts.iter()
                .map(|(name, parts)| OffsetFetchRequestTopic {
                    name: name.clone(),
                    partition_indexes: parts.clone(),
                    ..Default::default()
                })
                .collect()
        });
    }
    // A consumer must not start at an offset a transaction may still abort.
    request.require_stable = version >= 7 && member.is_some();
    let response = expect_body!(
        coordinator
            .send(client, RequestBody::OffsetFetch(request))
            .await?,
        OffsetFetch
    )?;
    // (topic, partition, offset, error code)
    let mut entries: Vec<(String, i32, i64, i16)> = Vec::new();
    let group_error = if version >= 8 {
        let g = response
            .groups
            .into_iter()
            .find(|g| g.group_id == group)
            .ok_or_else(|| {
                Error::Other(format!(
                    "the coordinator did not answer OffsetFetch for group '{group}'"
                ))
            })?;
        for t in g.topics {
            for p in t.partitions {
                entries.push((
                    t.name.clone(),
                    p.partition_index,
                    p.committed_offset,
                    p.error_code,
                ));
            }
        }
        g.error_code
    } else {
        for t in response.topics {
            for p in t.partitions {
                entries.push((
                    t.name.clone(),
                    p.partition_index,
                    p.committed_offset,
                    p.error_code,
                ));
            }
        }
        response.error_code
    };
    if group_error != errors::NONE {
        return Err(Error::kafka(group_error, None));
    }
    let mut out = Committed::new();
    for (topic, partition, offset, code) in entries {
        if code != errors::NONE {
            return Err(Error::Kafka {
                context: format!("{topic}-{partition}: "),
                code,
                message: None,
            });
        }
        out.insert((topic, partition), (offset >= 0).then_some(offset));
    }
    Ok(out)
}

/// Commits `offsets` (topic, partition, next offset to read) for `member`
/// (`None`: an admin commit, which only an inactive group accepts). Returns
/// the error code of each partition.
pub async fn commit_offsets(
    client: &mut Client,
    coordinator: &mut Coordinator,
    member: Option<&MemberRef>,
    offsets: &[(String, i32, i64)],
) -> Result<Vec<(String, i32, i16)>> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let codes = commit_offsets_once(client, coordinator, member, offsets).await?;
        let moved = !codes.is_empty()
            && codes
                .iter()
                .all(|(_, _, c)| errors::is_coordinator_error(*c));
        if moved && attempt < COORDINATOR_ATTEMPTS {
            coordinator.reset();
            tokio::time::sleep(COORDINATOR_BACKOFF).await;
            continue;
        }
        return Ok(codes);
    }
}

pub(super) async fn commit_offsets_once(
    client: &mut Client,
    coordinator: &mut Coordinator,
    member: Option<&MemberRef>,
    offsets: &[(String, i32, i64)],
) -> Result<Vec<(String, i32, i16)>> {
    let version = coordinator.version(client, ApiKey::OffsetCommit).await?;
    if member.is_some() && version < 1 {
        return Err(Error::Unsupported {
            addr: String::new(),
            api: ApiKey::OffsetCommit,
        });
    }
    let mut topics: BTreeMap<&str, Vec<OffsetCommitRequestPartition>> = BTreeMap::new();
    for (topic, partition, offset) in offsets {
        topics
            .entry(topic)
            .or_default()
            .push(OffsetCommitRequestPartition {
                partition_index: *partition,
                committed_offset: *offset,
                committed_leader_epoch: -1,
                committed_metadata: Some(String::new()),
                ..Default::default()
            });
    }
    let request = OffsetCommitRequest {
        group_id: coordinator.group().to_string(),
        generation_id_or_member_epoch: member.map_or(-1, |m| m.epoch),
        member_id: member.map(|m| m.member_id.clone()).unwrap_or_default(),
        group_instance_id: None,
        // v2-v4: -1 keeps the broker's offsets.retention.minutes.
        retention_time_ms: -1,
        topics: topics
            .into_iter()
            .map(|(name, partitions)| OffsetCommitRequestTopic {
                name: name.to_string(),
                partitions,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let response = expect_body!(
        coordinator
            .send(client, RequestBody::OffsetCommit(request))
            .await?,
        OffsetCommit
    )?;
    let mut out = Vec::new();
    for t in response.topics {
        for p in t.partitions {
            out.push((t.name.clone(), p.partition_index, p.error_code));
        }
    }
    for (topic, partition, _) in offsets {
        if !out.iter().any(|(t, p, _)| t == topic && p == partition) {
            out.push((
                topic.clone(),
                *partition,
                errors::UNKNOWN_TOPIC_OR_PARTITION,
            ));
        }
    }
    Ok(out)
}
