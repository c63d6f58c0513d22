//! `transactions list`: every broker's transactional ids (ListTransactions
//! to each broker, as Kafka's admin `listTransactions` asks them all), in
//! kafka-transactions' columns.
//!
//! Invariant: rows go by coordinator id, ascending, and keep each broker's
//! order.

use super::*;

const HEADERS: &[&str] = &[
    "TransactionalId",
    "Coordinator",
    "ProducerId",
    "TransactionState",
];

pub(super) async fn list(client: &mut Client, duration_filter: Option<i64>) -> Result<String> {
    let listings = list_on_every_broker(client, &[], duration_filter)
        .await
        .map_err(|e| Error::Other(format!("Failed to list transactions: {e}")))?;
    Ok(pretty_print_table(HEADERS, &rows(&listings)))
}

fn rows(listings: &[(i32, Vec<Listing>)]) -> Vec<Vec<String>> {
    listings
        .iter()
        .flat_map(|(broker, states)| {
            states.iter().map(move |s| {
                vec![
                    s.transactional_id.clone(),
                    broker.to_string(),
                    s.producer_id.to_string(),
                    s.transaction_state.clone(),
                ]
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_their_coordinator() {
        let listing = |id: &str, pid: i64, state: &str| Listing {
            transactional_id: id.into(),
            producer_id: pid,
            transaction_state: state.into(),
            ..Default::default()
        };
        let rows = rows(&[
            (
                0,
                vec![listing("a", 7, "Ongoing"), listing("b", 8, "Empty")],
            ),
            (2, vec![listing("c", 9, "CompleteCommit")]),
        ]);
        assert_eq!(
            rows,
            vec![
                vec!["a", "0", "7", "Ongoing"],
                vec!["b", "0", "8", "Empty"],
                vec!["c", "2", "9", "CompleteCommit"],
            ]
        );
    }
}
