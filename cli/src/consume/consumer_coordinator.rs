//! `consume --group` (Kafka's `ConsumerCoordinator`, KIP-848 protocol): the
//! membership, applying assignments, initial positions from committed
//! offsets, periodic commits and leaving on exit.
//!
//! Invariants: only assigned partitions are read; a revoked partition's
//! position is committed before it is dropped, a lost membership drops every
//! partition without committing; a commit carries only positions that moved
//! since the last one, and a failed commit is retried by the next.

use super::*;

/// The consumer's side of its group membership.
pub(super) struct GroupMember {
    coordinator: Coordinator,
    /// Started once the topic exists.
    heartbeat: Option<Heartbeat>,
    seen_assignment: u64,
    seen_lost: u64,
    /// The assigned partitions of the topic. Each gets a position once its
    /// committed offset (or the reset offset) is known.
    assigned: BTreeSet<i32>,
    /// Assigned partitions of other topic ids (a topic recreated under the
    /// same name): owned as far as the group knows, never read.
    foreign: Assignment,
    /// The last offset committed per partition.
    committed: BTreeMap<i32, i64>,
    last_commit: Instant,
}

impl GroupMember {
    pub(super) fn new(group: &str) -> GroupMember {
        GroupMember {
            coordinator: Coordinator::new(group),
            heartbeat: None,
            seen_assignment: 0,
            seen_lost: 0,
            assigned: BTreeSet::new(),
            foreign: Assignment::new(),
            committed: BTreeMap::new(),
            last_commit: Instant::now(),
        }
    }

    fn membership(&self) -> group::Membership {
        self.heartbeat
            .as_ref()
            .map(|h| h.state.borrow().clone())
            .unwrap_or_default()
    }
}

impl Consumer {
    /// Starts the heartbeat task (on a connection of its own): the group
    /// assigns partitions from then on.
    pub(super) async fn join_group(&mut self) -> Result<()> {
        let client = Client::connect(&self.connect, "tributary-consumer").await?;
        let g = self.group.as_mut().expect("group mode");
        let topics = vec![self.topic_name.clone()];
        g.heartbeat = Some(Heartbeat::spawn(client, g.coordinator.group(), topics));
        Ok(())
    }

    /// Applies what the heartbeat task learnt: a lost membership drops every
    /// partition, a new assignment drops (after committing) the revoked ones
    /// and adds the new ones; then reports what we own. Also sets up the
    /// positions still missing and commits when it is time. Returns whether
    /// some position waits for fresher metadata.
    pub(super) async fn sync_group(&mut self) -> Result<bool> {
        let topic_id = self.topic().topic_id;
        let g = self.group.as_mut().expect("group mode");
        let m = match &mut g.heartbeat {
            Some(h) => h.state.borrow_and_update().clone(),
            None => return Ok(false),
        };
        if let Some(fatal) = m.fatal {
            return Err(Error::Other(fatal));
        }
        let mut changed = false;
        if m.lost_seq != g.seen_lost {
            // Fenced: another member may own these by now; commits would be
            // refused. Drop them and read again from the committed offsets.
            for p in std::mem::take(&mut g.assigned) {
                self.positions.remove(&p);
            }
            g.foreign.clear();
            g.committed.clear();
            g.seen_lost = m.lost_seq;
            changed = true;
        }
        if m.assignment_seq != g.seen_assignment {
            g.seen_assignment = m.assignment_seq;
            let new: BTreeSet<i32> = m.assignment.get(&topic_id).cloned().unwrap_or_default();
            let mut foreign = m.assignment.clone();
            foreign.remove(&topic_id);
            let revoked: Vec<i32> = g.assigned.difference(&new).copied().collect();
            if !revoked.is_empty() {
                // Commit what was read of them, then stop reading them.
                self.commit(Some(&revoked)).await;
                let g = self.group.as_mut().expect("group mode");
                for p in &revoked {
                    self.positions.remove(p);
                    g.committed.remove(p);
                }
            }
            let g = self.group.as_mut().expect("group mode");
            g.assigned = new;
            g.foreign = foreign;
            changed = true;
            if !g.foreign.is_empty() {
                let ids: Vec<String> = g.foreign.keys().map(crate::topics::kafka_uuid).collect();
                self.warn_once(format!(
                    "the group assigned partitions of topic ids {} (not '{}'): they are not read",
                    ids.join(", "),
                    self.topic_name
                ));
            }
        }
        let g = self.group.as_mut().expect("group mode");
        if changed {
            let mut owned = g.foreign.clone();
            if !g.assigned.is_empty() {
                owned.insert(topic_id, g.assigned.clone());
            }
            if let Some(h) = &g.heartbeat {
                h.report(owned, g.seen_lost);
            }
        }
        let missing: Vec<i32> = g
            .assigned
            .iter()
            .copied()
            .filter(|p| !self.positions.contains_key(p))
            .collect();
        let stale = if missing.is_empty() {
            false
        } else {
            self.init_positions(&missing).await?
        };
        let g = self.group.as_ref().expect("group mode");
        if g.last_commit.elapsed() >= COMMIT_INTERVAL {
            self.commit(None).await;
        }
        Ok(stale)
    }

    /// Positions for newly assigned partitions: the group's committed offset,
    /// or the reset offset (earliest with --from-beginning, else latest) where
    /// there is none. Returns whether some wait for fresher metadata.
    pub(super) async fn init_positions(&mut self, partitions: &[i32]) -> Result<bool> {
        if partitions
            .iter()
            .any(|p| self.topic().partition(*p).is_none())
        {
            self.refresh_leaders().await?;
        }
        let known: Vec<i32> = partitions
            .iter()
            .copied()
            .filter(|p| self.topic().partition(*p).is_some())
            .collect();
        let mut stale = known.len() < partitions.len();
        if known.is_empty() {
            return Ok(stale);
        }
        let g = self.group.as_mut().expect("group mode");
        let member = g.membership().member_ref();
        let wanted = [(self.topic_name.clone(), known.clone())];
        let committed = match group::fetch_offsets(
            &mut self.client,
            &mut g.coordinator,
            Some(&wanted),
            member.as_ref(),
        )
        .await
        {
            Ok(c) => c,
            // Retried at the next round.
            Err(Error::Kafka { code, .. })
                if code == errors::UNSTABLE_OFFSET_COMMIT || errors::is_coordinator_error(code) =>
            {
                return Ok(true)
            }
            Err(e) => return Err(e),
        };
        let mut reset = Vec::new();
        for p in known {
            match committed.get(&(self.topic_name.clone(), p)) {
                Some(Some(offset)) => {
                    g.committed.insert(p, *offset);
                    self.positions.insert(
                        p,
                        Position {
                            offset: *offset,
                            max_bytes: PARTITION_MAX_BYTES,
                        },
                    );
                }
                _ => reset.push(p),
            }
        }
        if !reset.is_empty() {
            self.seek(&reset, self.reset_to).await?;
            stale |= reset.iter().any(|p| !self.positions.contains_key(p));
        }
        Ok(stale)
    }

    /// Waits (at most one fetch wait) for the group to assign something.
    pub(super) async fn wait_for_assignment(&mut self) {
        let wait = self.time_left().map_or(MAX_WAIT, |left| left.min(MAX_WAIT));
        let g = self.group.as_mut().expect("group mode");
        match &mut g.heartbeat {
            Some(h) => {
                if let Ok(Err(_)) = tokio::time::timeout(wait, h.state.changed()).await {
                    // The task ended; its state says why at the next round.
                    tokio::time::sleep(wait).await;
                }
            }
            None => tokio::time::sleep(wait).await,
        }
    }

    /// Commits the positions of `only` (all assigned partitions when `None`)
    /// that moved since their last commit. Failures are warnings: the next
    /// commit carries the same offsets.
    pub(super) async fn commit(&mut self, only: Option<&[i32]>) {
        let g = self.group.as_mut().expect("group mode");
        g.last_commit = Instant::now();
        let m = g.membership();
        // Lost partitions (not handled yet) are not ours to commit.
        let Some(member) = m.member_ref().filter(|_| m.lost_seq == g.seen_lost) else {
            return;
        };
        let offsets: Vec<(String, i32, i64)> = self
            .positions
            .iter()
            .filter(|(p, _)| g.assigned.contains(p))
            .filter(|(p, _)| only.is_none_or(|o| o.contains(p)))
            .filter(|(p, pos)| g.committed.get(p) != Some(&pos.offset))
            .map(|(p, pos)| (self.topic_name.clone(), *p, pos.offset))
            .collect();
        if offsets.is_empty() {
            return;
        }
        let result = group::commit_offsets(
            &mut self.client,
            &mut g.coordinator,
            Some(&member),
            &offsets,
        )
        .await;
        let mut warnings = Vec::new();
        match result {
            Ok(codes) => {
                for (_, p, code) in codes {
                    match code {
                        errors::NONE => {
                            if let Some((_, _, o)) = offsets.iter().find(|(_, q, _)| *q == p) {
                                g.committed.insert(p, *o);
                            }
                        }
                        // The epoch moved on meanwhile: the next commit uses the new one.
                        errors::STALE_MEMBER_EPOCH => {}
                        code => warnings.push(format!(
                            "group '{}': cannot commit offsets: {}",
                            g.coordinator.group(),
                            errors::describe(code, None)
                        )),
                    }
                }
            }
            Err(e) => warnings.push(format!(
                "group '{}': cannot commit offsets: {e}",
                g.coordinator.group()
            )),
        }
        for w in warnings {
            self.warn_once(w);
        }
    }

    /// On exit: commits the positions (unless the membership is lost or
    /// broken) and leaves the group.
    pub(super) async fn close_group(&mut self) {
        let Some(g) = self.group.as_ref() else { return };
        if g.heartbeat.is_none() {
            return;
        }
        if g.membership().fatal.is_none() {
            self.commit(None).await;
        }
        let g = self.group.as_mut().expect("group mode");
        if let Some(h) = g.heartbeat.take() {
            h.leave().await;
        }
    }
}
