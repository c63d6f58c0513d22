//! What the broker's in-process tests share: a broker opened on a temporary
//! log directory (its listener is never bound; requests go to
//! `handlers::dispatch` or the broker's own API).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use broker::{Broker, BrokerConfig};

/// A broker on `dir`, with the `extra` settings on top of the minimum.
pub async fn open_broker(dir: &Path, extra: &[(&str, &str)]) -> Arc<Broker> {
    let mut pairs: BTreeMap<String, String> = [
        ("log.dirs".to_string(), dir.display().to_string()),
        (
            "listeners".to_string(),
            "PLAINTEXT://127.0.0.1:1".to_string(),
        ),
    ]
    .into();
    for (k, v) in extra {
        pairs.insert(k.to_string(), v.to_string());
    }
    Broker::open(BrokerConfig::from_pairs(&pairs).unwrap().0)
        .await
        .unwrap()
}
