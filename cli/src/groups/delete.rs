//! `groups delete` (Kafka's `ConsumerGroupCommand.deleteGroups`): DeleteGroups
//! sent to each group's coordinator.
//!
//! Invariants: each group is deleted by its own coordinator; every group
//! asked for is reported, deleted or with its error.

use super::*;

pub(super) async fn delete(client: &mut Client, groups: &[String]) -> Result<()> {
    // Each group's coordinator deletes it.
    let mut by_coordinator: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for g in groups {
        let addr = client.find_coordinator(g).await?;
        by_coordinator.entry(addr).or_default().push(g.clone());
    }
    let mut deleted = Vec::new();
    let mut failed = Vec::new();
    for (addr, names) in by_coordinator {
        let request = DeleteGroupsRequest {
            groups_names: names.clone(),
            ..Default::default()
        };
        let response = expect_body!(
            client
                .send_to_addr(&addr, RequestBody::DeleteGroups(request))
                .await?,
            DeleteGroups
        )?;
        for name in names {
            match response.results.iter().find(|r| r.group_id == name) {
                Some(r) if r.error_code == errors::NONE => deleted.push(name),
                Some(r) => failed.push((name, r.error_code)),
                None => failed.push((name, errors::UNKNOWN_SERVER_ERROR)),
            }
        }
    }
    let quoted = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if failed.is_empty() {
        print(&format!(
            "Deletion of requested consumer groups ({}) was successful.\n",
            quoted(&deleted)
        ));
        return Ok(());
    }
    let mut message = String::from("Deletion of some consumer groups failed:");
    for (name, code) in &failed {
        let why = match *code {
            errors::GROUP_ID_NOT_FOUND => {
                errors::describe(*code, Some(&format!("Group '{name}' does not exist.")))
            }
            errors::NON_EMPTY_GROUP => {
                errors::describe(*code, Some(&format!("Group '{name}' has active members.")))
            }
            c => errors::describe(c, None),
        };
        message.push_str(&format!(
            "\n* Group '{name}' could not be deleted due to: {why}"
        ));
    }
    if !deleted.is_empty() {
        print(&format!(
            "These consumer groups were deleted successfully: {}\n",
            quoted(&deleted)
        ));
    }
    Err(Error::Other(message))
}
