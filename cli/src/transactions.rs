//! `tributary transactions list|describe|describe-producers|find-hanging|abort`:
//! kafka-transactions.sh, with its verbs, flags and tables. This file owns
//! the command line, Kafka's table layout (`ToolsUtils.prettyPrintTable`)
//! and the lookups several verbs share (the producers of a partition, the
//! listings of every broker, the description of a transactional id); each
//! verb is a file of `transactions/`.
//!
//! Invariants: a flag combination kafka-transactions refuses is a usage
//! error (exit 2) found before connecting; a table has a header line even
//! without rows; a value Kafka prints as absent (`None`, `-1`) is printed
//! so here too.

mod abort;
mod describe;
mod describe_producers;
mod find_hanging;
mod list;

use clap::{ArgGroup, Args, Subcommand};
use protocol::messages::describe_producers_request::TopicRequest;
use protocol::messages::describe_producers_response::ProducerState;
use protocol::messages::describe_transactions_response::TransactionState as Description;
use protocol::messages::list_transactions_response::TransactionState as Listing;
use protocol::messages::{
    ApiKey, DescribeProducersRequest, DescribeTransactionsRequest, ListTransactionsRequest,
    RequestBody,
};

use crate::client::{expect_body, Client, ConnectArgs, Error, Result, COORDINATOR_KEY_TRANSACTION};
use crate::errors;

#[derive(Args, Debug)]
pub struct TransactionsArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: TransactionsCommand,
}

#[derive(Subcommand, Debug)]
enum TransactionsCommand {
    /// List transactions: every broker's transactional ids, their
    /// coordinator, producer id and state.
    List {
        /// Only transactions running longer than this many milliseconds
        /// (< 0: all).
        #[arg(long, value_name = "MS", allow_hyphen_values = true)]
        duration_filter: Option<i64>,
    },
    /// Describe the state of an active transactional-id.
    Describe {
        #[arg(long, value_name = "ID")]
        transactional_id: String,
    },
    /// Describe the states of active producers for a topic partition.
    DescribeProducers {
        /// Describe the producer state on this replica (default: the leader).
        #[arg(long, value_name = "N")]
        broker_id: Option<i32>,
        #[arg(long, value_name = "TOPIC")]
        topic: String,
        #[arg(long, value_name = "P", value_parser = clap::value_parser!(i32).range(0..))]
        partition: i32,
    },
    /// Abort a hanging transaction (requires administrative privileges):
    /// by its start offset, or (brokers before 3.0) by producer id, epoch and
    /// coordinator epoch.
    #[command(group(ArgGroup::new("transaction").required(true)
        .args(["start_offset", "producer_id"])))]
    Abort(abort::AbortArgs),
    /// Find hanging transactions: open transactions older than the maximum
    /// transaction timeout that their coordinator no longer knows of.
    #[command(group(ArgGroup::new("scope").required(true).multiple(true)
        .args(["broker_id", "topic"])))]
    FindHanging(find_hanging::FindHangingArgs),
}

pub fn run(args: TransactionsArgs) -> i32 {
    crate::client::run_command(
        &args.connect,
        "tributary-transactions",
        |mut client| async move {
            let out = match args.command {
                TransactionsCommand::List { duration_filter } => {
                    list::list(&mut client, duration_filter).await?
                }
                TransactionsCommand::Describe { transactional_id } => {
                    describe::describe(&mut client, &transactional_id).await?
                }
                TransactionsCommand::DescribeProducers {
                    broker_id,
                    topic,
                    partition,
                } => {
                    describe_producers::describe_producers(
                        &mut client,
                        &topic,
                        partition,
                        broker_id,
                    )
                    .await?
                }
                TransactionsCommand::Abort(abort) => {
                    abort::abort(&mut client, abort).await?;
                    String::new()
                }
                TransactionsCommand::FindHanging(find) => {
                    find_hanging::find_hanging(&mut client, find).await?
                }
            };
            print!("{out}");
            Ok(())
        },
    )
}

/// Kafka's `ToolsUtils.prettyPrintTable`: the header and each row on a line,
/// every cell left-aligned in its column's width and followed by a tab.
fn pretty_print_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&headers).chain(rows) {
        for (cell, w) in row.iter().zip(&widths) {
            out.push_str(&format!("{cell:<w$}\t"));
        }
        out.push('\n');
    }
    out
}

/// A partition as Kafka's `TopicPartition` prints: `topic-partition`.
fn topic_partition(topic: &str, partition: i32) -> String {
    format!("{topic}-{partition}")
}

/// The broker DescribeProducers asks for `topic`'s `partitions`: `broker_id`
/// when given, else each partition's leader (all partitions given here
/// must share it).
async fn producers_target(
    client: &mut Client,
    topic: &str,
    partition: i32,
    broker_id: Option<i32>,
) -> Result<i32> {
    let info = match client.topic(topic, false).await? {
        Ok(info) => info,
        Err(code) => return Err(Error::kafka(code, None)),
    };
    let Some(p) = info.partition(partition) else {
        return Err(Error::kafka(errors::UNKNOWN_TOPIC_OR_PARTITION, None));
    };
    match broker_id {
        Some(id) => Ok(id),
        None if p.leader >= 0 => Ok(p.leader),
        None => Err(Error::kafka(errors::LEADER_NOT_AVAILABLE, None)),
    }
}

/// DescribeProducers to `broker` for `partitions` of `topic`: per partition,
/// its active producers or its error.
async fn producers_on(
    client: &mut Client,
    broker: i32,
    topic: &str,
    partitions: &[i32],
) -> Result<Vec<(i32, Result<Vec<ProducerState>>)>> {
    let request = DescribeProducersRequest {
        topics: vec![TopicRequest {
            name: topic.to_string(),
            partition_indexes: partitions.to_vec(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let response = expect_body!(
        client
            .send_to(broker, RequestBody::DescribeProducers(request))
            .await?,
        DescribeProducers
    )?;
    Ok(partitions
        .iter()
        .map(|&p| {
            let answer = response
                .topics
                .iter()
                .filter(|t| t.name == topic)
                .flat_map(|t| &t.partitions)
                .find(|r| r.partition_index == p);
            let states = match answer {
                None => Err(Error::Other(format!(
                    "broker {broker} did not answer for partition {}",
                    topic_partition(topic, p)
                ))),
                Some(r) if r.error_code != errors::NONE => {
                    Err(Error::kafka(r.error_code, r.error_message.clone()))
                }
                Some(r) => Ok(r.active_producers.clone()),
            };
            (p, states)
        })
        .collect())
}

/// ListTransactions on every broker (each coordinates its own ids), with
/// Kafka's filters: per broker id, ascending, its listings.
async fn list_on_every_broker(
    client: &mut Client,
    producer_ids: &[i64],
    duration_filter: Option<i64>,
) -> Result<Vec<(i32, Vec<Listing>)>> {
    let mut brokers: Vec<i32> = client
        .metadata(Some(&[]), false)
        .await?
        .brokers
        .iter()
        .map(|b| b.node_id)
        .collect();
    brokers.sort_unstable();
    let mut out = Vec::with_capacity(brokers.len());
    for broker in brokers {
        if duration_filter.is_some()
            && client
                .node_version(broker, ApiKey::ListTransactions)
                .await?
                < 1
        {
            return Err(Error::Other(format!(
                "broker {broker} does not support --duration-filter (ListTransactions v1)"
            )));
        }
        let request = ListTransactionsRequest {
            state_filters: Vec::new(),
            producer_id_filters: producer_ids.to_vec(),
            duration_filter: duration_filter.unwrap_or(-1),
            transactional_id_pattern: None,
            ..Default::default()
        };
        let response = expect_body!(
            client
                .send_to(broker, RequestBody::ListTransactions(request))
                .await?,
            ListTransactions
        )?;
        if response.error_code != errors::NONE {
            return Err(Error::Kafka {
                context: format!("broker {broker}: "),
                code: response.error_code,
                message: None,
            });
        }
        out.push((broker, response.transaction_states));
    }
    Ok(out)
}

/// DescribeTransactions of `id` at its coordinator: the coordinator's id and
/// the description, or the error code the coordinator answered.
async fn describe_at_coordinator(
    client: &mut Client,
    id: &str,
) -> Result<(i32, std::result::Result<Description, i16>)> {
    let (coordinator, addr) = client
        .find_coordinator_of(COORDINATOR_KEY_TRANSACTION, id)
        .await?;
    let request = DescribeTransactionsRequest {
        transactional_ids: vec![id.to_string()],
        ..Default::default()
    };
    let response = expect_body!(
        client
            .send_to_addr(&addr, RequestBody::DescribeTransactions(request))
            .await?,
        DescribeTransactions
    )?;
    let state = response
        .transaction_states
        .into_iter()
        .find(|s| s.transactional_id == id)
        .ok_or_else(|| {
            Error::Other(format!(
                "the coordinator did not describe transactional id '{id}'"
            ))
        })?;
    if state.error_code != errors::NONE {
        return Ok((coordinator, Err(state.error_code)));
    }
    Ok((coordinator, Ok(state)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_laid_out_as_kafka_tools_do() {
        let rows = vec![
            vec!["a-long-id".to_string(), "1".to_string()],
            vec!["b".to_string(), "12345".to_string()],
        ];
        assert_eq!(
            pretty_print_table(&["TransactionalId", "Coordinator"], &rows),
            "TransactionalId\tCoordinator\t\n\
             a-long-id      \t1          \t\n\
             b              \t12345      \t\n"
        );
        assert_eq!(pretty_print_table(&["A", "B"], &[]), "A\tB\t\n");
    }
}
