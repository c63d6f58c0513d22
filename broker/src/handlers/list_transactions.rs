//! ListTransactions (KIP-664, v0–2): the transactions this broker
//! coordinates (the ids of the `__transaction_state` partitions it has
//! loaded), filtered by state, producer id, duration (v1, KIP-994) and a
//! transactional id pattern (v2, KIP-1152), as `kafka-transactions.sh list`
//! asks every broker. Only the ids the client may Describe are listed.
//! State names the coordinator does not know come back in
//! `unknown_state_filters`, and then match nothing, as in Kafka.
//!
//! Bounds: the pattern is the client's: it is compiled with a size limit
//! ([`MAX_PATTERN_PROGRAM_BYTES`]) by a regex engine whose matching time is
//! linear in the input, and a pattern that does not compile is answered
//! INVALID_REGULAR_EXPRESSION.

use std::collections::BTreeSet;

use protocol::messages::list_transactions_response::TransactionState as Listed;
use protocol::messages::{ListTransactionsRequest, ListTransactionsResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;
use crate::transaction::transaction_metadata::TransactionState;

/// The most memory a compiled id pattern may take.
pub const MAX_PATTERN_PROGRAM_BYTES: usize = 1 << 20;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: ListTransactionsRequest,
) -> ListTransactionsResponse {
    let mut response = ListTransactionsResponse::default();
    let pattern = match request.transactional_id_pattern.as_deref() {
        None | Some("") => None,
        Some(p) => match regex::RegexBuilder::new(&format!("^(?:{p})$"))
            .size_limit(MAX_PATTERN_PROGRAM_BYTES)
            .build()
        {
            Ok(re) => Some(re),
            Err(_) => {
                response.error_code = code::INVALID_REGULAR_EXPRESSION;
                return response;
            }
        },
    };
    let mut states = BTreeSet::new();
    for name in &request.state_filters {
        match TransactionState::from_name(name) {
            Some(s) => {
                states.insert(s);
            }
            None => response.unknown_state_filters.push(name.clone()),
        }
    }
    if !request.state_filters.is_empty() && states.is_empty() {
        // Only unknown states: nothing matches them.
        return response;
    }
    let producer_ids: BTreeSet<i64> = request.producer_id_filters.iter().copied().collect();
    let now_ms = crate::group::coordinator::now_ms();
    let state = broker.state();
    let table = broker.transactions.lock().expect("transactions lock");
    let Some(table) = table.as_ref() else {
        // No transaction state topic yet: no transaction anywhere.
        return response;
    };
    response.transaction_states = table
        .list(&states, &producer_ids, request.duration_filter, now_ms)
        .into_iter()
        .filter(|m| {
            pattern
                .as_ref()
                .is_none_or(|re| re.is_match(&m.transactional_id))
        })
        .filter(|m| {
            broker.authorizer.authorize(
                &state.acls,
                ctx,
                op::DESCRIBE,
                Resource::TransactionalId,
                &m.transactional_id,
            )
        })
        .map(|m| Listed {
            transactional_id: m.transactional_id.clone(),
            producer_id: m.producer_id,
            transaction_state: m.state.name().to_string(),
            ..Default::default()
        })
        .collect();
    response
}
