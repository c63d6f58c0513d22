//! The broker's side of topic and config admin (what Kafka's AdminManager
//! did before KRaft, and its ControllerApis now): creating topics (from
//! CreateTopics and Metadata's auto-creation), deleting them, adding
//! partitions and altering topic and broker configs, each checked as Kafka
//! checks it and then written as one metadata command.
//!
//! Invariants: every check (names, partition and replication bounds,
//! configs) runs before anything is allocated or written, `validate_only`
//! included; topic changes are serialized by `Broker::topic_changes`.

use super::*;

impl Broker {
    /// Creates a topic for a client (CreateTopics, or Metadata's
    /// auto-creation), or only checks that it could be created. Internal
    /// names are the broker's own (Kafka's ControllerApis refuses
    /// `__cluster_metadata` with INVALID_REQUEST and this message; the
    /// broker creates `__consumer_offsets` itself, with its own configs), and
    /// a name colliding with an existing one after Kafka's `.`/`_`
    /// normalisation is refused as Kafka's ReplicationControlManager does.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_topic(
        &self,
        name: &str,
        num_partitions: i32,
        replication_factor: i16,
        assignments: Vec<PartitionAssignment>,
        configs: BTreeMap<String, String>,
        validate_only: bool,
    ) -> Result<TopicState, ApiError> {
        if metadata::topic::is_reserved(name) {
            return Err(ApiError::new(
                code::INVALID_REQUEST,
                format!("Creation of internal topic {name} is prohibited."),
            ));
        }
        if metadata::validate_topic_name(name).is_ok() && (name.contains('.') || name.contains('_'))
        {
            let unified = metadata::topic::unify_collision_chars(name);
            let state = self.state();
            if let Some(other) = state
                .topics
                .keys()
                .find(|t| *t != name && metadata::topic::unify_collision_chars(t) == unified)
            {
                return Err(ApiError::new(
                    code::INVALID_TOPIC_EXCEPTION,
                    format!("Topic '{name}' collides with existing topic: {other}"),
                ));
            }
        }
        self.create_topic_unchecked(
            name,
            num_partitions,
            replication_factor,
            assignments,
            configs,
            validate_only,
        )
        .await
    }

    /// [`Broker::create_topic`] without the name rules a client is held to:
    /// the broker's own path for its internal topics.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn create_topic_unchecked(
        &self,
        name: &str,
        num_partitions: i32,
        replication_factor: i16,
        assignments: Vec<PartitionAssignment>,
        configs: BTreeMap<String, String>,
        validate_only: bool,
    ) -> Result<TopicState, ApiError> {
        for (k, v) in &configs {
            topic_config::validate(k, v, self.config.internal_segment_bytes_floor)
                .map_err(|m| ApiError::new(code::INVALID_CONFIG, m))?;
        }
        let partitions = if assignments.is_empty() {
            // Kafka's ReplicationControlManager.createTopic, in its order.
            if replication_factor < -1 || replication_factor == 0 {
                return Err(ApiError::new(
                    code::INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, or -1 to use the default value.",
                ));
            }
            if num_partitions < -1 || num_partitions == 0 {
                return Err(ApiError::new(
                    code::INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value.",
                ));
            }
            let n = if num_partitions == -1 {
                self.config.num_partitions
            } else {
                num_partitions
            };
            if n < 1 {
                return Err(ApiError::new(
                    code::INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value.",
                ));
            }
            // Before any allocation: the placement below is O(n).
            if i64::from(n) > MAX_PARTITIONS_PER_BATCH {
                return Err(ApiError::new(
                    code::POLICY_VIOLATION,
                    EXCESSIVE_PARTITIONS_MESSAGE,
                ));
            }
            let rf = if replication_factor == -1 {
                self.config.default_replication_factor
            } else {
                replication_factor
            };
            self.assign(n, rf, 0)?
        } else {
            if assignments.len() as i64 > MAX_PARTITIONS_PER_BATCH {
                return Err(ApiError::new(
                    code::POLICY_VIOLATION,
                    EXCESSIVE_PARTITIONS_MESSAGE,
                ));
            }
            if num_partitions != -1 || replication_factor != -1 {
                return Err(ApiError::new(
                    code::INVALID_REQUEST,
                    "Both numPartitions or replicationFactor and replicasAssignments were set.",
                ));
            }
            assignments
        };
        let cmd = Command::CreateTopic {
            name: name.to_string(),
            topic_id: Uuid::new_v4(),
            partitions,
            configs,
        };
        let _guard = self.topic_changes.lock().await;
        let state = self.state();
        state.check(&cmd).map_err(|e| ApiError::from(&e))?;
        if let Command::CreateTopic { partitions, .. } = &cmd {
            descriptor_budget::check_new_partitions(partitions)?;
        }
        if validate_only {
            let mut preview = (*state).clone();
            preview.apply(cmd).map_err(|e| ApiError::from(&e))?;
            return Ok(preview.topic(name).expect("just created").clone());
        }
        let state = self
            .metadata
            .submit(cmd)
            .await
            .map_err(|e| ApiError::from(&e))?;
        let topic = state.topic(name).expect("just created").clone();
        self.replica_manager.open_partitions(&topic, 0)?;
        tracing::info!(
            topic = name,
            partitions = topic.partitions.len(),
            "created topic"
        );
        Ok(topic)
    }

    pub async fn delete_topic(&self, name: &str) -> Result<Uuid, ApiError> {
        if !self.config.delete_topic_enable {
            return Err(ApiError::new(
                code::TOPIC_DELETION_DISABLED,
                "Topic deletion is disabled.",
            ));
        }
        let _guard = self.topic_changes.lock().await;
        let topic = self.state().topic(name).cloned().ok_or_else(|| {
            ApiError::new(
                code::UNKNOWN_TOPIC_OR_PARTITION,
                "This server does not host this topic-partition.",
            )
        })?;
        self.metadata
            .submit(Command::DeleteTopic {
                name: name.to_string(),
            })
            .await
            .map_err(|e| ApiError::from(&e))?;
        // Set aside before the answer: a topic created again at once gets
        // new directories, never these records.
        for index in 0..topic.partitions.len() as i32 {
            self.replica_manager.retire_partition(name, index);
        }
        tracing::info!(topic = name, "deleted topic");
        Ok(topic.topic_id)
    }

    pub async fn create_partitions(
        &self,
        name: &str,
        count: i32,
        assignments: Option<Vec<Vec<i32>>>,
        validate_only: bool,
    ) -> Result<(), ApiError> {
        let _guard = self.topic_changes.lock().await;
        let state = self.state();
        let topic = state.topic(name).ok_or_else(|| {
            ApiError::new(
                code::UNKNOWN_TOPIC_OR_PARTITION,
                "This server does not host this topic-partition.",
            )
        })?;
        let current = topic.partitions.len() as i32;
        if count <= current {
            return Err(ApiError::new(code::INVALID_PARTITIONS,
                format!("Topic currently has {current} partitions, which is higher than the requested {count}."),
            ));
        }
        // Before any allocation: the placement below is O(count - current).
        if i64::from(count) - i64::from(current) > MAX_PARTITIONS_PER_BATCH {
            return Err(ApiError::new(
                code::POLICY_VIOLATION,
                EXCESSIVE_BATCH_MESSAGE,
            ));
        }
        let new = match assignments {
            Some(a) => {
                if a.len() as i32 != count - current {
                    return Err(ApiError::new(code::INVALID_REPLICA_ASSIGNMENT,
                        format!("Increasing the number of partitions by {} but {} assignments provided.", count - current, a.len()),
                    ));
                }
                a.into_iter()
                    .map(|replicas| PartitionAssignment { replicas })
                    .collect()
            }
            None => self.assign(
                count - current,
                topic.partitions[0].replicas.len() as i16,
                current,
            )?,
        };
        descriptor_budget::check_new_partitions(&new)?;
        let cmd = Command::CreatePartitions {
            name: name.to_string(),
            partitions: new,
        };
        state.check(&cmd).map_err(|e| ApiError::from(&e))?;
        if validate_only {
            return Ok(());
        }
        let state = self
            .metadata
            .submit(cmd)
            .await
            .map_err(|e| ApiError::from(&e))?;
        self.replica_manager
            .open_partitions(state.topic(name).expect("exists"), current as usize)?;
        Ok(())
    }

    /// Changes a topic's config overrides: `Some` sets, `None` removes (back
    /// to the broker default). Every value is checked first (INVALID_CONFIG
    /// with Kafka's message); the change goes through the metadata log and
    /// applies to the running partitions without a restart.
    pub async fn alter_topic_configs(
        &self,
        name: &str,
        changes: BTreeMap<String, Option<String>>,
        validate_only: bool,
    ) -> Result<(), ApiError> {
        if self.state().topic(name).is_none() {
            return Err(ApiError::new(
                code::UNKNOWN_TOPIC_OR_PARTITION,
                format!("Topic {name} does not exist."),
            ));
        }
        for (k, v) in &changes {
            match v {
                Some(v) => topic_config::validate(k, v, self.config.internal_segment_bytes_floor),
                None if topic_config::find(k).is_none() => {
                    Err(format!("Unknown topic config name: {k}"))
                }
                None => Ok(()),
            }
            .map_err(|m| ApiError::new(code::INVALID_CONFIG, m))?;
        }
        if validate_only || changes.is_empty() {
            return Ok(());
        }
        let _guard = self.topic_changes.lock().await;
        let state = self
            .metadata
            .submit(Command::AlterTopicConfigs {
                name: name.to_string(),
                changes,
            })
            .await
            .map_err(|e| ApiError::from(&e))?;
        // Here at once; other brokers when the change reaches them.
        if let Some(topic) = state.topic(name) {
            let config = EffectiveTopicConfig::new(&self.topic_defaults(), &topic.configs);
            for i in 0..topic.partitions.len() as i32 {
                if let Some(p) = self.partition(name, i) {
                    p.set_config(config.clone());
                }
            }
        }
        tracing::info!(topic = name, "topic configs altered");
        Ok(())
    }

    /// Changes dynamic broker configs (AlterConfigs on a broker resource):
    /// this broker's own when `node` is given, else the cluster-wide default
    /// (Kafka's resource name ""). `Some` sets, `None` removes. Checked as
    /// Kafka 4.4 checks them (see [`crate::config::dynamic_broker_config`]); every
    /// accepted key is stored in the metadata log, and those Tributary acts
    /// on apply to the running broker when the change is replayed.
    pub async fn alter_broker_configs(
        &self,
        node: Option<i32>,
        changes: BTreeMap<String, Option<String>>,
        validate_only: bool,
    ) -> Result<(), ApiError> {
        let state = self.state();
        let config = self.topic_defaults();
        let in_force = |k: &str| -> Option<String> {
            let layered = config.dynamic.get(k).map(|(v, _)| v.clone());
            layered
                .or_else(|| self.config.overrides.get(k).cloned())
                .or_else(|| dynamic_broker_config::find(k)?.default.map(str::to_string))
        };
        let set: BTreeMap<String, String> = changes
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
            .collect();
        dynamic_broker_config::validate(
            &set,
            node.is_some(),
            &in_force,
            self.config.internal_segment_bytes_floor,
        )?;
        // The configs as they would be, checked by parsing the ones applied.
        let key = node.map_or(String::new(), |n| n.to_string());
        let mut layer = state.broker_configs.get(&key).cloned().unwrap_or_default();
        for (k, v) in &changes {
            match v {
                Some(v) => layer.insert(k.clone(), v.clone()),
                None => layer.remove(k),
            };
        }
        dynamic_broker_config::check_total_size(
            "Dynamic broker configs",
            dynamic_broker_config::MAX_DYNAMIC_CONFIG_BYTES,
            &state.broker_configs,
            &key,
            &layer,
        )?;
        let empty = BTreeMap::new();
        let (cluster, own) = match node {
            None => (&layer, &empty),
            Some(_) => (state.broker_configs.get("").unwrap_or(&empty), &layer),
        };
        let next = self
            .config
            .with_dynamic(cluster, own)
            .map_err(|m| ApiError::new(code::INVALID_CONFIG, m))?;
        if node == Some(self.config.node_id) {
            check_ssl_updates(&config, &next, &changes)?;
        }
        if validate_only || changes.is_empty() {
            return Ok(());
        }
        let _guard = self.topic_changes.lock().await;
        self.metadata
            .submit(Command::AlterBrokerConfigs {
                broker: node,
                changes,
            })
            .await
            .map_err(|e| ApiError::from(&e))?;
        tracing::info!(broker = ?node, "broker configs altered");
        Ok(())
    }
}

impl Broker {
    /// Changes a KIP-714 client metrics subscription (IncrementalAlterConfigs
    /// on a `client-metrics` resource): `Some` sets, `None` removes; a
    /// subscription left with no key is deleted. The keys as they would be
    /// are checked as Kafka checks them (see [`client_metrics::validate`]),
    /// and all subscriptions together are capped at
    /// [`client_metrics::MAX_SUBSCRIPTION_BYTES`].
    pub async fn alter_client_metrics(
        &self,
        name: &str,
        changes: BTreeMap<String, Option<String>>,
        validate_only: bool,
    ) -> Result<(), ApiError> {
        let state = self.state();
        let mut layer = state.client_metrics.get(name).cloned().unwrap_or_default();
        for (k, v) in &changes {
            match v {
                Some(v) => layer.insert(k.clone(), v.clone()),
                None => layer.remove(k),
            };
        }
        client_metrics::validate(name, &layer)?;
        dynamic_broker_config::check_total_size(
            "Client metrics subscriptions",
            client_metrics::MAX_SUBSCRIPTION_BYTES,
            &state.client_metrics,
            name,
            &layer,
        )?;
        if validate_only || changes.is_empty() {
            return Ok(());
        }
        self.metadata
            .submit(Command::AlterClientMetrics {
                name: name.to_string(),
                changes,
            })
            .await
            .map_err(|e| ApiError::from(&e))?;
        tracing::info!(subscription = name, "client metrics subscription altered");
        Ok(())
    }
}

/// A change of this broker's `listener.name.<l>.ssl.*` keys must give a
/// listener stores it can serve, with the certificate's names unchanged, as
/// Kafka validates it before storing it; else INVALID_REQUEST in Kafka's words.
fn check_ssl_updates(
    current: &BrokerConfig,
    next: &BrokerConfig,
    changes: &BTreeMap<String, Option<String>>,
) -> Result<(), ApiError> {
    use crate::config::ssl_config::{is_ssl_key, SslConfig};
    let listeners: std::collections::BTreeSet<String> = changes
        .keys()
        .filter(|k| is_ssl_key(k))
        .filter_map(|k| k.strip_prefix("listener.name.")?.split_once('.'))
        .map(|(l, _)| l.to_string())
        .collect();
    let protocols = crate::config::security::listener_protocols(current).unwrap_or_default();
    let (before, after) = (current.pairs_in_force(), next.pairs_in_force());
    for (listener, protocol) in protocols {
        if !listeners.contains(&listener.name.to_ascii_lowercase())
            || !matches!(protocol.as_str(), "SSL" | "SASL_SSL")
        {
            continue;
        }
        let old = SslConfig::of_listener(&listener.name, &before);
        let new = SslConfig::of_listener(&listener.name, &after);
        crate::ssl::check_update(&old, &new).map_err(|e| {
            ApiError::new(
                code::INVALID_REQUEST,
                format!(
                    "Invalid config value for resource ConfigResource(type=BROKER, name='{}'): Validation of dynamic config update of SSLFactory failed: {e}",
                    current.node_id
                ),
            )
        })?;
    }
    Ok(())
}
