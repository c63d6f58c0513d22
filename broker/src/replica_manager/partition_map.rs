//! The map of the replicas a broker hosts, by topic name and partition
//! index, as the request path reads it: a lookup hashes the topic name once
//! and indexes the partition, with no allocation (a fetch of 100 partitions
//! looks up each one up to three times).
//!
//! Invariants: at most one replica per (topic, index); a topic's entry
//! exists only while it holds a replica (an emptied topic is removed), so
//! the map's size is bounded by the replicas opened.

use std::collections::HashMap;

/// `T` is the replica (`T`); generic so that tests need no log.
pub struct PartitionMap<T> {
    /// Each topic's replicas, indexed by partition (`None`: not hosted here).
    topics: HashMap<String, Vec<Option<T>>>,
}

impl<T> Default for PartitionMap<T> {
    fn default() -> Self {
        PartitionMap {
            topics: HashMap::new(),
        }
    }
}

impl<T> PartitionMap<T> {
    pub fn get(&self, topic: &str, index: i32) -> Option<&T> {
        let slot = usize::try_from(index).ok()?;
        self.topics.get(topic)?.get(slot)?.as_ref()
    }

    /// A topic's replicas, indexed by partition.
    pub fn topic(&self, topic: &str) -> Option<&[Option<T>]> {
        self.topics.get(topic).map(Vec::as_slice)
    }

    /// Puts `partition` at (`topic`, `index`), returning the replica it replaces.
    pub fn insert(&mut self, topic: &str, index: i32, partition: T) -> Option<T> {
        let slot = usize::try_from(index).expect("a partition index is not negative");
        let slots = self.topics.entry(topic.to_string()).or_default();
        if slots.len() <= slot {
            slots.resize_with(slot + 1, || None);
        }
        slots[slot].replace(partition)
    }

    pub fn remove(&mut self, topic: &str, index: i32) -> Option<T> {
        let slot = usize::try_from(index).ok()?;
        let slots = self.topics.get_mut(topic)?;
        let removed = slots.get_mut(slot)?.take();
        while slots.last().is_some_and(Option::is_none) {
            slots.pop();
        }
        if slots.is_empty() {
            self.topics.remove(topic);
        }
        removed
    }

    /// Every replica with its topic and index.
    pub fn iter(&self) -> impl Iterator<Item = (&str, i32, &T)> {
        self.topics.iter().flat_map(|(topic, slots)| {
            slots
                .iter()
                .enumerate()
                .filter_map(move |(i, p)| Some((topic.as_str(), i as i32, p.as_ref()?)))
        })
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.iter().map(|(_, _, p)| p)
    }

    /// Empties the map, returning every replica.
    pub fn drain(&mut self) -> Vec<T> {
        self.topics
            .drain()
            .flat_map(|(_, slots)| slots.into_iter().flatten())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_inserts_and_removals() {
        let mut m = PartitionMap::default();
        assert_eq!(m.insert("t", 2, 20), None);
        assert_eq!(m.insert("t", 0, 0), None);
        assert_eq!(m.insert("t", 0, 1), Some(0), "the old replica is returned");
        assert_eq!(m.get("t", 0), Some(&1));
        assert_eq!(m.get("t", 1), None);
        assert_eq!(m.get("t", -1), None);
        assert_eq!(m.get("u", 0), None);
        assert_eq!(m.topic("t").map(<[_]>::len), Some(3));
        let mut all: Vec<_> = m.iter().map(|(t, i, v)| (t.to_string(), i, *v)).collect();
        all.sort();
        assert_eq!(all, vec![("t".into(), 0, 1), ("t".into(), 2, 20)]);
        assert_eq!(m.remove("t", 2), Some(20));
        assert_eq!(m.remove("t", 2), None);
        assert_eq!(m.remove("t", 0), Some(1));
        assert!(m.topics.is_empty(), "an emptied topic leaves the map");
        m.insert("a", 1, 5);
        m.insert("b", 0, 6);
        let mut drained = m.drain();
        drained.sort();
        assert_eq!(drained, vec![5, 6]);
        assert_eq!(m.values().count(), 0);
    }
}
