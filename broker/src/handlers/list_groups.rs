//! ListGroups, with the state filter of v4+ and the type filter of v5+.

use protocol::messages::list_groups_response::ListedGroup;
use protocol::messages::{ListGroupsRequest, ListGroupsResponse};

use crate::broker::Broker;

pub fn handle(broker: &Broker, version: i16, r: ListGroupsRequest) -> ListGroupsResponse {
    let groups = broker
        .groups
        .list()
        .into_iter()
        .filter(|(_, state, _)| {
            r.states_filter.is_empty()
                || r.states_filter
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(state))
        })
        .filter(|_| {
            r.types_filter.is_empty()
                || r.types_filter
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case("classic"))
        })
        .map(|(group_id, state, protocol_type)| ListedGroup {
            group_id,
            protocol_type,
            group_state: if version >= 4 {
                state.to_string()
            } else {
                String::new()
            },
            group_type: if version >= 5 {
                "classic".to_string()
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
