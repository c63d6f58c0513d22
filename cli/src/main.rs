//! `tributary`: the broker and the console tools in one binary.

mod acls;
mod broker_cmd;
mod client;
mod cluster;
mod configs;
mod consume;
mod errors;
mod group;
mod groups;
mod kafka_syntax;
mod logging;
mod partitions;
mod perf;
mod produce;
mod quotas;
mod topics;
mod transactions;
mod truncate;
mod users;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "tributary",
    version,
    about = "A Kafka-compatible commit log in one binary"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a broker node (single-node cluster by default, on 127.0.0.1:9092, data in ./data).
    Broker(broker_cmd::BrokerArgs),
    /// Create, list, describe, alter and delete topics (like kafka-topics.sh).
    Topics(topics::TopicsArgs),
    /// Write stdin lines to a topic, one message per line (like kafka-console-producer.sh).
    Produce(produce::ProduceArgs),
    /// Print a topic's messages, one per line (like kafka-console-consumer.sh).
    Consume(consume::ConsumeArgs),
    /// List, describe and delete consumer groups; reset their offsets (like
    /// kafka-consumer-groups.sh).
    Groups(groups::GroupsArgs),
    /// Describe and alter the configs of topics, brokers and the cluster-wide
    /// broker defaults (like kafka-configs.sh).
    Configs(configs::ConfigsArgs),
    /// Describe the cluster: the metadata quorum and each broker's state.
    Cluster(cluster::ClusterArgs),
    /// Add, list and remove SCRAM users (like kafka-configs.sh --entity-type users).
    Users(users::UsersArgs),
    /// Add, list and remove ACLs (like kafka-acls.sh).
    Acls(acls::AclsArgs),
    /// Set, remove and describe client quotas of users and client ids (like
    /// kafka-configs.sh --entity-type users|clients).
    Quotas(quotas::QuotasArgs),
    /// List, describe, find hanging and abort transactions; describe a
    /// partition's producers (like kafka-transactions.sh).
    Transactions(transactions::TransactionsArgs),
    /// Move partitions to other replicas, cancel, list and verify their
    /// moves (like kafka-reassign-partitions.sh).
    Partitions(partitions::PartitionsArgs),
    /// Measure a cluster: `perf produce` and `perf consume` (like
    /// kafka-producer-perf-test.sh and kafka-consumer-perf-test.sh), and
    /// `perf e2e` (end-to-end latency at a fixed rate).
    Perf(perf::PerfArgs),
    /// Print a shell completion script: `source <(tributary completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

const NO_ZOOKEEPER: &str = "tributary has no ZooKeeper: the brokers keep the cluster metadata themselves; use --bootstrap-server HOST:PORT (default 127.0.0.1:9092)";

/// Whether the client command line uses Kafka's old `--zookeeper` flag.
/// Checked before clap so that a pasted tutorial command gets the explanation
/// even when its other flags are Kafka's spelling too.
fn uses_zookeeper(args: &[String]) -> bool {
    if args.get(1).map(String::as_str) == Some("broker") {
        return false;
    }
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--zookeeper" || a.starts_with("--zookeeper="))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if uses_zookeeper(&args) {
        eprintln!("{NO_ZOOKEEPER}");
        std::process::exit(2);
    }
    let args = match kafka_syntax::rewrite(args) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("Error: {e}");
            std::process::exit(2);
        }
    };
    let cli = Cli::parse_from(args);
    let code = match cli.command {
        Command::Broker(args) => broker_cmd::run(args),
        Command::Topics(args) => topics::run(args),
        Command::Produce(args) => produce::run(args),
        Command::Consume(args) => consume::run(args),
        Command::Groups(args) => groups::run(args),
        Command::Perf(args) => perf::run(args),
        Command::Cluster(args) => cluster::run(args),
        Command::Users(args) => users::run(args),
        Command::Acls(args) => acls::run(args),
        Command::Quotas(args) => quotas::run(args),
        Command::Configs(args) => configs::run(args),
        Command::Transactions(args) => transactions::run(args),
        Command::Partitions(args) => partitions::run(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "tributary",
                &mut std::io::stdout(),
            );
            0
        }
    };
    // A client command stopped by Ctrl-C exits as shells expect.
    let code = if client::interrupted() {
        client::EXIT_INTERRUPTED
    } else {
        code
    };
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn zookeeper_flag_is_detected() {
        assert!(uses_zookeeper(&argv(
            "tributary topics --zookeeper localhost:2181 list"
        )));
        assert!(uses_zookeeper(&argv(
            "tributary consume t --zookeeper=localhost:2181"
        )));
        assert!(!uses_zookeeper(&argv("tributary topics list")));
        assert!(!uses_zookeeper(&argv("tributary produce t -- --zookeeper")));
        assert!(!uses_zookeeper(&argv("tributary broker --zookeeper x")));
    }

    #[test]
    fn broker_list_is_an_alias() {
        let cli = Cli::try_parse_from(argv("tributary produce t --broker-list h:1")).unwrap();
        assert!(matches!(cli.command, Command::Produce(_)));
        assert!(Cli::try_parse_from(argv("tributary topics --bootstrap-server h:1 list")).is_ok());
        assert!(Cli::try_parse_from(argv("tributary topics list --bootstrap-server h:1")).is_ok());
        assert!(
            Cli::try_parse_from(argv("tributary consume t --bootstrap-server nohost")).is_err()
        );
        assert!(Cli::try_parse_from(argv("tributary produce t --acks -1")).is_ok());
        assert!(Cli::try_parse_from(argv("tributary produce t --acks 2")).is_err());
        assert!(Cli::try_parse_from(argv("tributary consume t --offset 3")).is_err());
        assert!(Cli::try_parse_from(argv("tributary consume t --partition 0 --offset 3")).is_ok());
        assert!(Cli::try_parse_from(argv(
            "tributary consume t --partition 0 --offset 3 --from-beginning"
        ))
        .is_err());
        assert!(Cli::try_parse_from(argv("tributary topics create t --partitions 0")).is_err());
        assert!(
            Cli::try_parse_from(argv("tributary consume t --group g --from-beginning")).is_ok()
        );
        assert!(Cli::try_parse_from(argv("tributary consume t --group g --partition 0")).is_err());
        assert!(
            Cli::try_parse_from(argv("tributary groups describe g --bootstrap-server h:1")).is_ok()
        );
        assert!(Cli::try_parse_from(argv("tributary groups describe")).is_err());
        assert!(Cli::try_parse_from(argv("tributary groups delete a b --group c")).is_ok());
        assert!(
            Cli::try_parse_from(argv("tributary consume t --isolation-level read_committed"))
                .is_ok()
        );
        assert!(
            Cli::try_parse_from(argv("tributary consume t --isolation-level committed")).is_err()
        );
        assert!(Cli::try_parse_from(argv(
            "tributary transactions --bootstrap-server h:1 describe --transactional-id x"
        ))
        .is_ok());
        assert!(Cli::try_parse_from(argv("tributary transactions find-hanging")).is_err());
        assert!(Cli::try_parse_from(argv(
            "tributary transactions find-hanging --partition 0 --broker-id 1"
        ))
        .is_err());
        assert!(Cli::try_parse_from(argv(
            "tributary transactions abort --topic t --partition 0 --producer-id 1"
        ))
        .is_err());
        assert!(Cli::try_parse_from(argv(
            "tributary transactions abort --topic t --partition 0 --producer-id 1 --producer-epoch 0 --coordinator-epoch -1"
        ))
        .is_ok());
    }
}
