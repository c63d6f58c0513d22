//! The replicas' life on this broker, Kafka's ReplicaManager duties:
//! reconciling the local replicas with the metadata (Kafka's `applyDelta`:
//! open, set roles, retire), one replica fetcher per followed partition,
//! ISR changes sent to the controller one at a time, ISR shrinking, and the
//! retention and cleaning passes over every log.
//!
//! Invariants: a replica is opened or retired only under
//! `Broker::open_lock`; a partition has at most one fetcher; an ISR change
//! leaves only through `send_isr_changes`, in order.

use super::*;

impl Broker {
    /// Brings the local replicas in line with the metadata: opens new ones,
    /// sets each one's role (starting a replica fetcher for followers), and
    /// removes replicas of deleted topics.
    pub fn reconcile(self: &Arc<Self>) {
        let state = self.state();
        let dynamic = dynamic_config_of(&self.config, &state);
        if dynamic.dynamic != self.topic_defaults().dynamic {
            // Keys only: values may be passwords, and are up to
            // MAX_DYNAMIC_CONFIG_BYTES long.
            let keys: Vec<&String> = dynamic.dynamic.keys().collect();
            tracing::info!(?keys, "dynamic broker configs changed");
            self.dynamic_config.send_replace(Arc::new(dynamic));
        }
        self.retire_gone_partitions(&state);
        // Partitions whose configs changed, and of how many topics: one
        // line at info (each partition's at debug).
        let (mut reconfigured, mut topics_reconfigured) = (0usize, 0usize);
        for topic in state.topics.values() {
            if let Err(ApiError { message: e, .. }) = self.open_partitions(topic, 0) {
                tracing::error!(topic = %topic.name, error = %e, "cannot open partition");
                continue;
            }
            // Topic configs changed by AlterConfigs apply to running logs.
            let config = EffectiveTopicConfig::new(&self.topic_defaults(), &topic.configs);
            let before = reconfigured;
            for (i, p) in topic.partitions.iter().enumerate() {
                let Some(partition) = self.partition(&topic.name, i as i32) else {
                    continue;
                };
                if partition.set_config(config.clone()) {
                    reconfigured += 1;
                }
                partition.set_role(Role::from(p), std::time::Instant::now());
                if p.leader != self.config.node_id && p.leader >= 0 {
                    self.ensure_fetcher(partition);
                }
            }
            if reconfigured > before {
                topics_reconfigured += 1;
            }
        }
        if reconfigured > 0 {
            tracing::info!(
                partitions = reconfigured,
                topics = topics_reconfigured,
                "topic configs changed"
            );
        }
        self.sync_coordination();
    }

    /// Replicas this broker no longer hosts (their topic deleted, perhaps
    /// created again under a new id) are set aside before anything is
    /// opened, so a new topic never finds an old one's directory.
    pub(super) fn retire_gone_partitions(&self, state: &ClusterState) {
        let gone: Vec<(String, i32)> = self
            .partitions
            .read()
            .expect("partitions lock")
            .iter()
            .filter(|((t, i), p)| {
                let same_topic = state.topic(t).is_some_and(|s| s.topic_id == p.topic_id);
                !same_topic
                    || state
                        .partition(t, *i)
                        .is_none_or(|p| !p.replicas.contains(&self.config.node_id))
            })
            .map(|(key, _)| key.clone())
            .collect();
        for (topic, index) in gone {
            self.retire_partition(&topic, index);
        }
    }

    /// Takes a replica out of service: its directory renamed to Kafka's
    /// `<topic>-<partition>.<id>-delete` at once, its files deleted once no
    /// request uses it any more.
    pub(super) fn retire_partition(&self, topic: &str, index: i32) {
        let removed = self
            .partitions
            .write()
            .expect("partitions lock")
            .remove(&(topic.to_string(), index));
        let Some(p) = removed else { return };
        let to = p.dir.with_file_name(delete_dir_name(topic, index));
        match p.retire(&to) {
            Ok(()) => tracing::info!(topic, partition = index, "replica removed (topic deleted)"),
            Err(e) => {
                tracing::error!(topic, partition = index, error = %e, "cannot set the directory of a deleted replica aside")
            }
        }
        remove_partition_when_unused(p);
    }

    pub(super) fn ensure_fetcher(self: &Arc<Self>, partition: Arc<Partition>) {
        let key = (partition.topic.clone(), partition.index);
        if !self
            .fetchers
            .lock()
            .expect("fetchers lock")
            .insert(key.clone())
        {
            return;
        }
        let broker = self.clone();
        tokio::spawn(async move {
            crate::replica_fetcher::run(&broker, &partition).await;
            broker.fetchers.lock().expect("fetchers lock").remove(&key);
            // The role may have changed again while the fetcher stopped.
            if broker.partition(&key.0, key.1).is_some_and(|p| {
                let r = p.role();
                r.leader != broker.config.node_id && r.leader >= 0
            }) {
                broker.reconcile();
            }
        });
    }

    /// Queues an ISR change for the controller (Kafka's AlterPartition).
    pub fn send_isr_change(&self, partition: Arc<Partition>, change: IsrChange) {
        let _ = self.isr_changes.send((partition, change));
    }

    /// Sends queued ISR changes to the controller until the broker stops.
    pub async fn send_isr_changes(self: Arc<Self>) {
        let Some(mut rx) = self.isr_changes_rx.lock().expect("isr lock").take() else {
            return;
        };
        while let Some((partition, change)) = rx.recv().await {
            let broker = self.clone();
            let cmd = Command::AlterPartition {
                topic: partition.topic.clone(),
                partition: partition.index,
                leader: broker.config.node_id,
                leader_epoch: change.leader_epoch,
                partition_epoch: change.partition_epoch,
                isr: change.isr.clone(),
            };
            match broker.metadata.submit(cmd).await {
                Ok(_) => {
                    tracing::info!(topic = %partition.topic, partition = partition.index, isr = ?change.isr, "ISR changed");
                    broker.reconcile();
                }
                Err(e) => {
                    tracing::info!(topic = %partition.topic, partition = partition.index, error = %e, "ISR change refused");
                    partition.isr_change_failed();
                }
            }
        }
    }

    /// Leaders drop followers that fell behind from their ISRs.
    pub fn shrink_isrs(&self) {
        let lag = std::time::Duration::from_millis(self.config.replica_lag_time_max_ms);
        let now = std::time::Instant::now();
        for p in self.all_partitions() {
            if let Some(change) = p.isr_shrink(lag, now) {
                self.send_isr_change(p, change);
            }
        }
    }

    /// Deletes segments past retention on every partition.
    pub fn apply_retention(&self) {
        let now = storage::log::now_ms();
        for p in self.all_partitions() {
            let n = p.apply_retention(now);
            if n > 0 {
                tracing::info!(topic = %p.topic, partition = p.index, segments = n, "deleted segments past retention");
            }
        }
    }

    /// One compaction round on every partition whose cleanup.policy holds
    /// compact and that has enough to clean. Returns whether any log was
    /// cleaned (the cleaner then goes on at once, else it backs off).
    pub fn clean_logs(&self, cleaner: &mut storage::Cleaner) -> bool {
        let now = storage::log::now_ms();
        let mut cleaned = false;
        for p in self.all_partitions() {
            if !p.config().compact {
                continue;
            }
            match p.clean(cleaner, now) {
                Ok(Some(stats)) => {
                    cleaned = true;
                    tracing::debug!(topic = %p.topic, partition = p.index, ?stats, "log cleaned");
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(topic = %p.topic, partition = p.index, error = %e, "log cleaning failed")
                }
            }
        }
        cleaned
    }
}
