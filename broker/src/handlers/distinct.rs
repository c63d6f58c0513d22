//! Collapsing the duplicates of a request's array before its answer is
//! built. An answer per element can be far larger than the element (all the
//! configs of a topic for its name, a group's members for its id), so a
//! request naming one thing many times would pin an answer many times its
//! size. Kafka collects most of these arrays into maps or sets; here every
//! handler whose answer per element outweighs the element keeps each
//! distinct element once, at its first mention. The answer then has at most
//! one entry per distinct element, so its size is bounded by the distinct
//! things the request names, not by how often it names them.

use std::collections::HashSet;
use std::hash::Hash;

/// `items` without the ones whose key an earlier item had, in order.
pub fn distinct_by<T, K: Hash + Eq>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut seen = HashSet::with_capacity(items.len().min(1024));
    items.into_iter().filter(|i| seen.insert(key(i))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_mentions_in_order() {
        let v = vec![(1, 'a'), (2, 'b'), (1, 'c'), (3, 'd'), (2, 'e')];
        assert_eq!(distinct_by(v, |x| x.0), vec![(1, 'a'), (2, 'b'), (3, 'd')]);
    }
}
