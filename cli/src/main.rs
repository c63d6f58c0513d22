//! `tributary`: the broker and the console tools in one binary.

mod broker_cmd;

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
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Broker(args) => broker_cmd::run(args),
    };
    std::process::exit(code);
}
