//! `tributary broker [--config server.properties] [--override key=value]...`

use std::collections::BTreeMap;
use std::path::PathBuf;

use broker::BrokerConfig;
use clap::Args;
use tokio::sync::watch;

use crate::logging;

#[derive(Args)]
pub struct BrokerArgs {
    /// A Kafka server.properties file.
    #[arg(long, short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
    /// A config key=value that overrides the file (repeatable).
    #[arg(long = "override", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
    /// Kafka's scripts take the properties file as a bare argument; so do we.
    #[arg(value_name = "server.properties")]
    properties: Option<PathBuf>,
}

pub fn run(args: BrokerArgs) -> i32 {
    // Dropped on return: the queued log lines are written before the exit.
    let _logging = logging::init();
    let mut pairs = BTreeMap::new();
    if let Some(path) = args.config.or(args.properties) {
        match BrokerConfig::read_properties(&path) {
            Ok(p) => pairs.extend(p),
            Err(e) => {
                logging::to_stderr(&format!("error: cannot read config: {e}"));
                return 2;
            }
        }
    }
    for o in &args.overrides {
        let Some((k, v)) = o.split_once('=') else {
            logging::to_stderr(&format!("error: --override expects key=value, got '{o}'"));
            return 2;
        };
        pairs.insert(k.trim().to_string(), v.trim().to_string());
    }
    let (config, warnings) = match BrokerConfig::from_pairs(&pairs) {
        Ok(c) => c,
        Err(e) => {
            logging::to_stderr(&format!("error: invalid config: {e}"));
            return 2;
        }
    };
    for w in warnings {
        tracing::warn!("{w}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let (tx, rx) = watch::channel(false);
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("shutting down");
            let _ = tx.send(true);
        });
        match broker::run(config, rx).await {
            Ok(()) => 0,
            Err(e) => {
                tracing::error!("{e}");
                logging::to_stderr(&format!("error: {e}"));
                1
            }
        }
    })
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
