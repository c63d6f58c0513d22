//! ListGroups, with the state filter of v4+ and the type filter of v5+.

use protocol::messages::list_groups_response::ListedGroup;
use protocol::messages::{ListGroupsRequest, ListGroupsResponse};

use crate::broker::Broker;

pub fn handle(broker: &Broker, version: i16, r: ListGroupsRequest) -> ListGroupsResponse {
    let wanted = |filter: &[String], value: &str| {
        filter.is_empty() || filter.iter().any(|f| f.eq_ignore_ascii_case(value))
    };
    let groups = broker
        .groups
        .list()
        .into_iter()
        .filter(|(_, state, _, group_type)| {
            wanted(&r.states_filter, state) && wanted(&r.types_filter, group_type)
        })
        .map(|(group_id, state, protocol_type, group_type)| ListedGroup {
            group_id,
            protocol_type,
            group_state: if version >= 4 {
                state.to_string()
            } else {
                String::new()
            },
            group_type: if version >= 5 {
                group_type.to_string()
            } else {
                String::new()
            },
            ..Default::default()
        })
        .collect();
    ListGroupsResponse {
        groups,
        ..Default::default()
    }
}
