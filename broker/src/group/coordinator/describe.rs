//! The read-only views of groups for ListGroups and DescribeGroups (Kafka's
//! `handleListGroups` and `handleDescribeGroup`).
//!
//! Invariants: nothing here changes a group; a group known only by its
//! committed offsets shows as an Empty classic group with no protocol; a
//! consumer-protocol group with members lists as a consumer group.

use super::*;

impl Coordinator {
    /// (group id, state name, protocol type) of every group known, including
    /// groups that only have committed offsets.
    /// (group id, state, protocol type, group type "classic" or "consumer").
    pub fn list(&self) -> Vec<(String, &'static str, String, &'static str)> {
        let groups = self.groups.lock().expect("groups lock");
        let offsets = self.offsets.lock().expect("offsets lock");
        let mut out: BTreeMap<String, (&'static str, String, &'static str)> = BTreeMap::new();
        for g in offsets.groups() {
            out.insert(g.clone(), ("Empty", String::new(), "classic"));
        }
        for (id, e) in groups.iter() {
            out.insert(
                id.clone(),
                (
                    e.group.state.name(),
                    e.group.protocol_type.clone().unwrap_or_default(),
                    "classic",
                ),
            );
        }
        drop(groups);
        for (id, g) in self
            .consumer_groups
            .lock()
            .expect("consumer groups lock")
            .iter()
        {
            // A group id is a consumer group while it has members, or when no
            // classic group claims it.
            if !g.members.is_empty() || !out.contains_key(id) || out[id].1.is_empty() {
                out.insert(
                    id.clone(),
                    (g.state(), CONSUMER_GROUP_TYPE.to_string(), "consumer"),
                );
            }
        }
        out.into_iter().map(|(k, (s, p, t))| (k, s, p, t)).collect()
    }

    /// A snapshot of a group for DescribeGroups, if it exists.
    pub fn describe(&self, group_id: &str) -> Option<GroupDescription> {
        let known_offsets = self
            .offsets
            .lock()
            .expect("offsets lock")
            .has_group(group_id);
        let groups = self.groups.lock().expect("groups lock");
        match groups.get(group_id) {
            Some(e) => Some(GroupDescription {
                state: e.group.state.name(),
                protocol_type: e.group.protocol_type.clone().unwrap_or_default(),
                protocol: e.group.protocol_name.clone().unwrap_or_default(),
                members: e
                    .group
                    .members
                    .values()
                    .map(|m| MemberDescription {
                        member_id: m.member_id.clone(),
                        group_instance_id: m.group_instance_id.clone(),
                        client_id: m.client_id.clone(),
                        client_host: m.client_host.clone(),
                        metadata: e
                            .group
                            .protocol_name
                            .as_ref()
                            .and_then(|p| m.protocols.iter().find(|(n, _)| n == p))
                            .map(|(_, md)| md.clone())
                            .unwrap_or_default(),
                        assignment: m.assignment.clone(),
                    })
                    .collect(),
            }),
            None if known_offsets => Some(GroupDescription {
                state: "Empty",
                protocol_type: String::new(),
                protocol: String::new(),
                members: Vec::new(),
            }),
            None => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct MemberDescription {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub metadata: Bytes,
    pub assignment: Bytes,
}

#[derive(Debug, Clone)]
pub struct GroupDescription {
    pub state: &'static str,
    pub protocol_type: String,
    pub protocol: String,
    pub members: Vec<MemberDescription>,
}
