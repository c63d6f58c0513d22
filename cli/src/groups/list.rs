//! `groups list` (Kafka's `ConsumerGroupCommand.listGroups`): the groups of
//! every broker, with their states when asked or filtered by state.
//!
//! Invariants: ListGroups goes to every broker (each lists the groups it
//! coordinates), and the result is sorted by group id.

use super::*;

pub(super) async fn list(
    client: &mut Client,
    states: Option<Vec<String>>,
    json: bool,
) -> Result<()> {
    let with_state = states.is_some();
    let groups = group_states(client, states.unwrap_or_default(), with_state).await?;
    if json {
        let out: Vec<serde_json::Value> = groups
            .iter()
            .map(|(g, state)| {
                let state = if state.is_empty() { "Unknown" } else { state };
                serde_json::json!({"group": g, "state": state})
            })
            .collect();
        print(&format!("{}\n", serde_json::Value::Array(out)));
        return Ok(());
    }
    print(&format_list(&groups, with_state));
    Ok(())
}

/// Every consumer group (in `filter`'s states when not empty) with its
/// state, from every broker.
pub(super) async fn group_states(
    client: &mut Client,
    filter: Vec<String>,
    with_state: bool,
) -> Result<BTreeMap<String, String>> {
    // Every broker lists the groups it coordinates.
    let metadata = client.metadata(Some(&[]), false).await?;
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    for broker in &metadata.brokers {
        let version = client
            .node_version(broker.node_id, ApiKey::ListGroups)
            .await?;
        if (with_state || !filter.is_empty()) && version < 4 {
            return Err(Error::Other(format!(
                "the broker at {}:{} has ListGroups v{version}, which does not give group states",
                broker.host, broker.port
            )));
        }
        let request = ListGroupsRequest {
            states_filter: if version >= 4 {
                filter.clone()
            } else {
                Vec::new()
            },
            ..Default::default()
        };
        let response = expect_body!(
            client
                .send_to(broker.node_id, RequestBody::ListGroups(request))
                .await?,
            ListGroups
        )?;
        if response.error_code != errors::NONE {
            return Err(Error::kafka(response.error_code, None));
        }
        for g in response.groups {
            // Consumer groups: the consumer protocol type, or none (groups
            // that only have committed offsets), as Kafka's tool lists.
            if g.protocol_type == "consumer" || g.protocol_type.is_empty() {
                groups.insert(g.group_id, g.group_state);
            }
        }
    }
    Ok(groups)
}

/// Group ids one per line; with states, Kafka's GROUP / STATE table.
pub(super) fn format_list(groups: &BTreeMap<String, String>, with_state: bool) -> String {
    if !with_state {
        return groups.keys().map(|g| format!("{g}\n")).collect();
    }
    let width = groups.keys().map(String::len).fold(15, usize::max) + 10;
    let mut out = format_row(&["GROUP", "STATE"], &[width]);
    for (g, state) in groups {
        let state = if state.is_empty() { "Unknown" } else { state };
        out.push_str(&format_row(&[g, state], &[width]));
    }
    out
}
