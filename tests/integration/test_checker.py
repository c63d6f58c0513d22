"""The history checker of the cluster tests (checker.py) on synthetic histories:
it passes a clean one and finds each kind of anomaly where it was planted.
No broker needed."""

import pytest

from checker import CATEGORIES, History, check


def clean_history(partitions=2, per_partition=5):
    """Values v0, v1, ... sent round-robin over the partitions, all acknowledged
    at consecutive offsets; returns the history and a faithful final read."""
    h = History()
    reads = []
    next_offset = [0] * partitions
    for n in range(partitions * per_partition):
        v, p = b"k-%d" % n, n % partitions
        h.sent(v, p)
        h.acked(v, p, next_offset[p])
        reads.append((p, next_offset[p], v))
        next_offset[p] += 1
    return h, reads


def only(result, category, n=1):
    others = {k: v for k, v in result.anomalies.items() if v and k != category}
    assert not others, f"unexpected anomalies: {others}"
    assert len(result.anomalies[category]) == n, result.summary()


def test_clean_history_passes():
    h, reads = clean_history()
    h.sent(b"k-failed", 0)
    h.failed(b"k-failed", "NOT_ENOUGH_REPLICAS")
    h.sent(b"k-unknown", 1)  # never answered
    h.sent(b"k-unknown-but-written", 1)
    reads.append((1, 5, b"k-unknown-but-written"))
    h.live_reads += [(0, 0, b"k-0"), (1, 2, b"k-5"), (0, 0, b"k-0")]  # seen twice live: fine
    r = check(h, reads)
    assert r.ok, r.summary()
    assert r.counts == {"acked": 10, "failed": 1, "unknown": 2}
    assert r.read == 11 and r.failed_or_unknown_read == 1
    assert "lost 0, duplicated 0, reordered 0" in r.summary()


def test_lost():
    h, reads = clean_history()
    r = check(h, [x for x in reads if x[2] != b"k-4"])
    only(r, "lost")
    assert r.anomalies["lost"][0][0] == b"k-4"
    assert "lost 1" in r.summary()


def test_duplicated_acked_and_unknown():
    h, reads = clean_history()
    h.sent(b"k-unknown", 0)
    reads += [(0, 5, b"k-unknown"), (0, 6, b"k-unknown"), (1, 5, b"k-3")]
    r = check(h, reads)
    only(r, "duplicated", 2)
    assert {d[0] for d in r.anomalies["duplicated"]} == {b"k-unknown", b"k-3"}


def test_reordered_swapped_offsets():
    h, reads = clean_history()
    # Partition 0 holds k-0, k-2, k-4, ... at offsets 0, 1, 2: swap two of them in
    # the log and in the acknowledgements alike, so only their order is wrong.
    h.acked(b"k-2", 0, 2)
    h.acked(b"k-4", 0, 1)
    reads = [x for x in reads if x[2] not in (b"k-2", b"k-4")] + [(0, 1, b"k-4"), (0, 2, b"k-2")]
    r = check(h, reads)
    only(r, "reordered")


def test_reordered_against_ack_offsets():
    """Read in send order but acknowledged at decreasing offsets."""
    h = History()
    for v in (b"a", b"b"):
        h.sent(v, 0)
    h.acked(b"a", 0, 1)
    h.acked(b"b", 0, 0)
    r = check(h, [(0, 0, b"a"), (0, 1, b"b")])
    assert r.anomalies["reordered"], r.summary()


def test_reordered_within_one_producer_only():
    """Two producers' messages interleave in any order; one producer's may not."""
    h = History()
    h.sent(b"a1", 0, producer="a")
    h.sent(b"a2", 0, producer="a")
    h.sent(b"b1", 0, producer="b")  # sent after a2, written before it: fine
    for v, o in ((b"a1", 0), (b"b1", 1), (b"a2", 2)):
        h.acked(v, 0, o)
    assert check(h, [(0, 0, b"a1"), (0, 1, b"b1"), (0, 2, b"a2")]).ok
    h = History()
    h.sent(b"a1", 0, producer="a")
    h.sent(b"a2", 0, producer="a")
    h.acked(b"a2", 0, 0)  # acknowledged in the order of the log, but not sent so
    h.acked(b"a1", 0, 1)
    r = check(h, [(0, 0, b"a2"), (0, 1, b"a1")])
    only(r, "reordered")
    assert "out of sent order" in r.anomalies["reordered"][0][1]


def test_acked_without_offset():
    """A client may report a delivery without its offset: it still must be read, once."""
    h, reads = clean_history()
    h.acked(b"k-2", 0, None)
    r = check(h, reads)
    assert r.ok and r.acked_without_offset == 1, r.summary()
    assert "1 acked without an offset" in r.summary()
    only(check(h, [x for x in reads if x[2] != b"k-2"]), "lost")
    only(check(h, reads + [(0, 9, b"k-2")]), "duplicated")


def test_misplaced():
    h, reads = clean_history()
    # The last of partition 0, read further on: the order holds, the offset does not.
    reads = [(p, o + 100, v) if v == b"k-8" else (p, o, v) for p, o, v in reads]
    r = check(h, reads)
    only(r, "misplaced")


def test_phantom():
    h, reads = clean_history()
    reads.append((1, 5, b"k-never-sent"))
    r = check(h, reads)
    only(r, "phantom")
    assert r.anomalies["phantom"][0][0] == b"k-never-sent"


def test_unstable_live_read():
    h, reads = clean_history()
    h.sent(b"k-truncated", 0)
    h.live_reads.append((0, 5, b"k-truncated"))  # shown to a consumer, then gone
    r = check(h, reads)
    only(r, "unstable")


def test_every_category_at_once():
    h, reads = clean_history()
    h.sent(b"k-dup", 1)
    reads = [x for x in reads if x[2] != b"k-0"]  # lost
    reads += [(1, 5, b"k-dup"), (1, 6, b"k-dup")]  # duplicated
    reads.append((1, 7, b"ghost"))  # phantom
    h.live_reads.append((1, 8, b"k-dup"))  # unstable
    r = check(h, reads)
    for c in ("lost", "duplicated", "phantom", "unstable"):
        assert r.anomalies[c], (c, r.summary())
    assert not r.ok
    assert set(r.anomalies) == set(CATEGORIES)


def test_values_must_be_unique():
    h = History()
    h.sent(b"x", 0)
    with pytest.raises(AssertionError):
        h.sent(b"x", 1)


def test_exactly_once_finds_lost_duplicated_and_phantom_outputs():
    from checker import check_exactly_once

    def out(v):
        return b"out-" + v

    inputs = [b"a", b"b", b"c"]
    clean = [(0, 0, b"out-a"), (1, 0, b"out-b"), (0, 1, b"out-c")]
    assert check_exactly_once(inputs, clean, out).ok
    r = check_exactly_once(inputs, clean[:2] + [(1, 1, b"out-b"), (2, 0, b"out-z")], out, aborted=[b"out-z"])
    assert [len(r.anomalies[k]) for k in ("lost", "duplicated", "phantom", "aborted_read")] == [1, 1, 1, 1], r.summary()
    assert r.anomalies["lost"] == [b"c"]
