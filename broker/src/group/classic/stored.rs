//! A classic group as Kafka stores it in `__consumer_offsets`: the
//! GroupMetadata record (key version 2: the group id; value: protocol type,
//! generation, protocol, leader, members with their subscription and
//! assignment), written when a rebalance completes (Stable) or the group
//! empties, and a tombstone when the group is deleted. A coordinator that
//! takes over replays it, so that the members of a stable group go on in
//! their generation instead of rebalancing.
//!
//! Invariants:
//! - the stored view of a group is defined only in Stable (with members)
//!   and Empty: other states are on their way to one of them and are not
//!   written;
//! - written at value version 3, as Kafka 4.x writes it; versions 0-4 are
//!   read (Kafka's schema, generated from its spec);
//! - a restored group is Stable with its members (their session timers
//!   restarted at the load) or Empty, never in a rebalance; a record that
//!   names a leader or protocol it lacks, or no members in a group with a
//!   protocol, restores as Empty.

use bytes::{Buf, Bytes};
use protocol::messages::group_metadata_value::MemberMetadata;
use protocol::messages::{GroupMetadataKey, GroupMetadataValue};
use protocol::Message;

use super::*;

/// The key version (the record type) of a group's metadata.
pub const GROUP_METADATA_KEY_VERSION: i16 = 2;
/// The value version written (Kafka 4.x's).
const VALUE_VERSION: i16 = 3;

/// What a stored record says of a group: enough to tell when it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredView {
    pub generation_id: i32,
    pub members: Vec<(String, Bytes)>,
}

/// The key of `group`'s metadata record.
pub fn key(group: &str) -> Bytes {
    let key = GroupMetadataKey {
        group: group.to_string(),
        ..Default::default()
    };
    version_prefixed(&key, GROUP_METADATA_KEY_VERSION, 0)
}

/// The group id of a metadata record's key, or `None` for another record
/// type (offset commits: key versions 0 and 1) or a malformed key.
pub fn group_of_key(mut key: Bytes) -> Option<String> {
    if key.remaining() < 2 || key.get_i16() != GROUP_METADATA_KEY_VERSION {
        return None;
    }
    GroupMetadataKey::decode_exact(0, key).ok().map(|k| k.group)
}

/// A metadata record's value; `None` when malformed or of an unknown version.
pub fn decode_value(mut value: Bytes) -> Option<GroupMetadataValue> {
    if value.remaining() < 2 {
        return None;
    }
    let version = value.get_i16();
    GroupMetadataValue::decode_exact(version, value).ok()
}

fn version_prefixed<M: Message>(message: &M, prefix: i16, version: i16) -> Bytes {
    message
        .encode_prefixed(prefix, version)
        .expect("a group record within the schema's bounds")
}

impl Group {
    /// The view a record of the group would store now; `None` in states
    /// that are not stored.
    pub fn stored_view(&self) -> Option<StoredView> {
        match self.state {
            GroupState::Stable | GroupState::Empty => Some(StoredView {
                generation_id: self.generation_id,
                members: self
                    .members
                    .values()
                    .map(|m| (m.member_id.clone(), m.assignment.clone()))
                    .collect(),
            }),
            _ => None,
        }
    }

    /// The value of the group's metadata record now (see [`Group::stored_view`]).
    pub fn to_record(&self, now_ms: i64) -> Option<Bytes> {
        self.stored_view()?;
        let protocol = self.protocol_name.clone();
        let value = GroupMetadataValue {
            protocol_type: self.protocol_type.clone().unwrap_or_default(),
            generation: self.generation_id,
            protocol: protocol.clone(),
            leader: self.leader_id.clone(),
            current_state_timestamp: now_ms,
            members: self
                .members
                .values()
                .map(|m| MemberMetadata {
                    member_id: m.member_id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    rebalance_timeout: m.rebalance_timeout_ms,
                    session_timeout: m.session_timeout_ms,
                    subscription: protocol
                        .as_deref()
                        .map(|p| m.metadata_for(p))
                        .unwrap_or_default(),
                    assignment: m.assignment.clone(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        Some(version_prefixed(&value, VALUE_VERSION, VALUE_VERSION))
    }

    /// The group a record stored, as a coordinator that loads it takes it
    /// over at `now_ms`.
    pub fn from_record(
        group_id: &str,
        value: &GroupMetadataValue,
        config: GroupConfig,
        now_ms: i64,
    ) -> Group {
        let mut g = Group::new(group_id, config);
        g.generation_id = value.generation;
        g.protocol_type = Some(value.protocol_type.clone()).filter(|t| !t.is_empty());
        let leader = value.leader.clone();
        let protocol = value.protocol.clone().filter(|p| !p.is_empty());
        let whole = protocol.is_some()
            && !value.members.is_empty()
            && value
                .members
                .iter()
                .any(|m| Some(&m.member_id) == leader.as_ref());
        if !whole {
            return g;
        }
        let name = protocol.clone().expect("checked");
        for m in &value.members {
            if let Some(instance) = &m.group_instance_id {
                g.static_members
                    .insert(instance.clone(), m.member_id.clone());
            }
            g.members.insert(
                m.member_id.clone(),
                Member {
                    member_id: m.member_id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    session_timeout_ms: m.session_timeout,
                    rebalance_timeout_ms: if m.rebalance_timeout < 0 {
                        m.session_timeout
                    } else {
                        m.rebalance_timeout
                    },
                    protocols: vec![(name.clone(), m.subscription.clone())],
                    assignment: m.assignment.clone(),
                    awaiting_join: false,
                    awaiting_sync: false,
                    last_heartbeat_ms: now_ms,
                },
            );
        }
        g.protocol_name = protocol;
        g.leader_id = leader;
        g.state = GroupState::Stable;
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: GroupConfig = GroupConfig {
        initial_rebalance_delay_ms: 100,
        min_session_timeout_ms: 6_000,
        max_session_timeout_ms: 1_800_000,
        max_size: 100,
    };

    fn join_args(member_id: &str, instance: Option<&str>) -> JoinArgs {
        JoinArgs {
            member_id: member_id.to_string(),
            group_instance_id: instance.map(str::to_string),
            client_id: "c".into(),
            client_host: "/127.0.0.1".into(),
            session_timeout_ms: 10_000,
            rebalance_timeout_ms: 30_000,
            protocol_type: "consumer".into(),
            protocols: vec![("range".into(), Bytes::from_static(b"sub"))],
            require_known_member_id: false,
        }
    }

    /// A group of two members, one static, Stable at generation 1.
    fn stable_group() -> Group {
        let mut g = Group::new("g", CONFIG);
        let (a, _) = g.join(0, join_args("", None));
        let Outcome::Later(a) = a else {
            panic!("{a:?}")
        };
        let (b, _) = g.join(0, join_args("", Some("i-1")));
        let Outcome::Later(b) = b else {
            panic!("{b:?}")
        };
        // The initial delay runs out (re-armed once for the second join).
        let mut now = 0;
        while g.state == GroupState::PreparingRebalance && now < 1_000 {
            now += 100;
            g.tick(now);
        }
        assert_eq!(g.state, GroupState::CompletingRebalance);
        let leader = g.leader_id.clone().unwrap();
        let assignments = vec![
            (a.clone(), Bytes::from_static(b"to-a")),
            (b.clone(), Bytes::from_static(b"to-b")),
        ];
        g.sync(now, &leader, g.generation_id, None, assignments);
        assert_eq!(g.state, GroupState::Stable);
        g
    }

    #[test]
    fn a_stable_group_comes_back_stable_in_its_generation() {
        let g = stable_group();
        let value = decode_value(g.to_record(30).unwrap()).unwrap();
        assert_eq!(group_of_key(key("g")).as_deref(), Some("g"));
        let back = Group::from_record("g", &value, CONFIG, 1_000);
        assert_eq!(back.state, GroupState::Stable);
        assert_eq!(back.generation_id, g.generation_id);
        assert_eq!(back.stored_view(), g.stored_view());
        assert_eq!(back.leader_id, g.leader_id);
        assert_eq!(back.protocol_name.as_deref(), Some("range"));
        // Its members heartbeat and sync in their generation as before.
        for (id, assignment) in g.stored_view().unwrap().members {
            let m = &back.members[&id];
            assert_eq!((m.last_heartbeat_ms, &m.assignment), (1_000, &assignment));
            assert_eq!(
                back.check_commit(&id, g.generation_id, m.group_instance_id.as_deref()),
                code::NONE
            );
        }
        assert_eq!(back.static_members.len(), 1);
    }

    #[test]
    fn only_stable_and_empty_are_stored_and_a_partial_record_restores_empty() {
        let mut g = Group::new("g", CONFIG);
        assert_eq!(
            decode_value(g.to_record(0).unwrap()).unwrap().members.len(),
            0
        );
        g.join(0, join_args("", None));
        assert_eq!(g.state, GroupState::PreparingRebalance);
        assert!(g.to_record(0).is_none() && g.stored_view().is_none());
        let mut value = decode_value(stable_group().to_record(0).unwrap()).unwrap();
        value.leader = Some("nobody".into());
        let back = Group::from_record("g", &value, CONFIG, 0);
        assert_eq!((back.state, back.members.len()), (GroupState::Empty, 0));
        assert_eq!(
            back.generation_id, value.generation,
            "the next rebalance moves past it"
        );
    }

    #[test]
    fn other_record_types_and_garbage_are_not_groups() {
        assert_eq!(
            group_of_key(crate::group::offsets::encode_key("g", "t", 0)),
            None
        );
        assert_eq!(group_of_key(Bytes::from_static(b"\x00\x02\xff")), None);
        assert!(decode_value(Bytes::from_static(b"\x00\x09abc")).is_none());
        assert!(decode_value(Bytes::from_static(b"\x00")).is_none());
    }
}
