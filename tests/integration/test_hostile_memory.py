"""Small hostile requests must not pin large answers or stall other clients
(issue 14, items 4 and 8). Each test measures a fresh broker's peak resident
memory (VmHWM, reset through /proc/<pid>/clear_refs) across one hostile
request and checks the answer is Kafka's: one entry per distinct partition
or topic, however often the request names it.

Raw kwire requests only: no client library would send these.
"""

import gzip
import threading
import time

import kwire
from common import unique_topic, wait_until

MB = 1 << 20


def _status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/status")


class Peak:
    """Peak RSS growth of a process across a `with` block, in bytes."""

    def __init__(self, pid):
        self.pid = pid

    def __enter__(self):
        self.before = _status_kb(self.pid, "VmRSS")
        try:
            # "5" resets VmHWM to the current RSS (Linux 4.0+).
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass
        return self

    def __exit__(self, *exc):
        self.growth = (_status_kb(self.pid, "VmHWM") - self.before) * 1024
        print(f"peak RSS growth: {self.growth / MB:.1f} MB")


def auto_create(b, topic, partitions):
    """Creates `topic` through Metadata's auto creation and waits for its leaders."""

    def ready():
        with kwire.Conn(b.bootstrap) as c:
            _, topics = kwire.parse_metadata_v1(c.roundtrip(kwire.metadata_request_v1([topic])))
        return topics == [(0, topic, partitions)]

    wait_until(ready, 60, f"{topic} with {partitions} partitions")


def produce(b, topic, partition, batch):
    with kwire.Conn(b.bootstrap, timeout=60) as c:
        _, results = kwire.parse_produce_v3(c.roundtrip(kwire.produce_request_v3(topic, partition, batch)))
    return results[(topic, partition)]


def test_fetch_naming_one_partition_60000_times(fresh_broker):
    b = fresh_broker()
    topic = unique_topic("mem-fetch")
    auto_create(b, topic, 1)
    # 30 kB: read into the answer (not sent from the file) on every mention.
    batch = kwire.record_batch([(b"k", bytes(range(256)) * 117)])
    assert produce(b, topic, 0, batch) == (kwire.NONE, 0)
    req = kwire.fetch_request_v4([(topic, [(0, 0, 1 << 20)] * 60_000)], correlation_id=7)
    with Peak(b.pid) as peak, kwire.Conn(b.bootstrap, timeout=60) as c:
        c.send(req)
        size = int.from_bytes(c.recv_exact(4), "big")
        assert size < 4 * MB, f"a fetch of one partition answered with {size} bytes"
        corr, topics = kwire.parse_fetch_v4(c.recv_exact(size))
    assert corr == 7
    # Kafka keys a fetch by partition: one answer for the partition.
    assert len(topics) == 1 and topics[0][0] == topic
    [(p, err, hw, records)] = topics[0][1]
    assert (p, err, hw) == (0, kwire.NONE, 1)
    # The batch as produced, but for the leader epoch the broker set (bytes 12-16).
    assert records[:12] == batch[:12] and records[16:] == batch[16:]
    assert peak.growth < 150 * MB, f"the broker's peak RSS grew by {peak.growth / MB:.0f} MB"


def test_fetch_response_capped_by_fetch_max_bytes(fresh_broker):
    """fetch.max.bytes caps the records of one answer whatever max_bytes asks,
    plus one batch (KIP-74)."""
    b = fresh_broker(overrides=["fetch.max.bytes=100000", "num.partitions=8"])
    topic = unique_topic("mem-fetch-cap")
    auto_create(b, topic, 8)
    batch = kwire.record_batch([(b"k", b"v" * 60_000)])
    for p in range(8):
        assert produce(b, topic, p, batch) == (kwire.NONE, 0)
    req = kwire.fetch_request_v4([(topic, [(p, 0, 1 << 20) for p in range(8)])])
    with kwire.Conn(b.bootstrap) as c:
        _, topics = kwire.parse_fetch_v4(c.roundtrip(req))
    parts = topics[0][1]
    assert [p for p, *_ in parts] == list(range(8))
    total = sum(len(r or b"") for *_, r in parts)
    # Two batches: the first fits, the second crosses the cap; then nothing.
    assert total == 2 * len(batch), f"{total} bytes of records"


def test_metadata_naming_a_topic_4000_times(fresh_broker):
    b = fresh_broker(overrides=["num.partitions=500"])
    topic = unique_topic("mem-meta")
    auto_create(b, topic, 500)
    with Peak(b.pid) as peak, kwire.Conn(b.bootstrap, timeout=60) as c:
        corr, topics = kwire.parse_metadata_v1(c.roundtrip(kwire.metadata_request_v1([topic] * 4000, correlation_id=3)))
    assert corr == 3
    # Kafka collects the requested topics into a set.
    assert topics == [(0, topic, 500)]
    assert peak.growth < 60 * MB, f"the broker's peak RSS grew by {peak.growth / MB:.0f} MB"


def test_metadata_naming_the_empty_topic_a_million_times(fresh_broker):
    b = fresh_broker(overrides=["auto.create.topics.enable=false"])
    with Peak(b.pid) as peak, kwire.Conn(b.bootstrap, timeout=60) as c:
        _, topics = kwire.parse_metadata_v1(c.roundtrip(kwire.metadata_request_v1([""] * 1_000_000)))
    assert len(topics) == 1 and topics[0][1] == ""
    # The request is 2 MB; decoding it costs about 64 MB (one struct per
    # name). The old broker also built a million answers: +153 MB.
    assert peak.growth < 100 * MB, f"the broker's peak RSS grew by {peak.growth / MB:.0f} MB"


def test_compressed_record_with_33m_empty_headers(fresh_broker):
    b = fresh_broker()
    topic = unique_topic("mem-headers")
    auto_create(b, topic, 1)
    headers = 33_000_000
    body = (
        kwire.i8(0)
        + kwire.varint(0)  # timestamp delta
        + kwire.varint(0)  # offset delta
        + kwire.varint(-1)  # key
        + kwire.varint(-1)  # value
        + kwire.varint(headers)
        + b"\x00\x01" * headers  # empty key, null value
    )
    payload = gzip.compress(kwire.varint(len(body)) + body, compresslevel=9)
    assert len(payload) < 1 * MB
    batch = kwire.record_batch([(None, None)], compression="gzip", records_payload=payload)
    with Peak(b.pid) as peak:
        assert produce(b, topic, 0, batch) == (kwire.NONE, 0)
    # The decompressed 66 MB are held while validated, not 33 M headers.
    assert peak.growth < 200 * MB, f"the broker's peak RSS grew by {peak.growth / MB:.0f} MB"


def heavy_batch():
    """A small gzip batch that inflates to 60 MB: its validation costs
    about 0.1 s of CPU."""
    value = bytes(MB)
    records = b"".join(kwire.record(i, None, value) for i in range(60))
    return kwire.record_batch([(None, value)] * 60, compression="gzip", records_payload=gzip.compress(records, 9))


def test_large_compressed_produces_do_not_stall_other_clients(fresh_broker):
    b = fresh_broker(overrides=["num.partitions=8"])
    topic = unique_topic("mem-stall")
    auto_create(b, topic, 8)
    batch = heavy_batch()
    req = kwire.produce_request_v3_multi(topic, [(p, batch) for p in range(8)])
    stop = time.monotonic() + 4.0
    errors = []

    def producer():
        try:
            with kwire.Conn(b.bootstrap, timeout=120) as c:
                while time.monotonic() < stop:
                    _, results = kwire.parse_produce_v3(c.roundtrip(req))
                    assert all(err == kwire.NONE for err, _ in results.values()), results
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=producer) for _ in range(3)]
    for t in threads:
        t.start()
    worst = 0.0
    with kwire.Conn(b.bootstrap) as c:
        time.sleep(0.3)
        while time.monotonic() < stop:
            t0 = time.monotonic()
            _, err, _ = kwire.parse_api_versions_v0(c.roundtrip(kwire.api_versions_request()))
            worst = max(worst, time.monotonic() - t0)
            assert err == kwire.NONE
            time.sleep(0.05)
    for t in threads:
        t.join(180)
    assert not errors, errors
    print(f"worst ApiVersions latency: {worst * 1000:.1f} ms")
    # About starvation, not speed: the old broker took over 2 s here.
    assert worst < 0.5, f"ApiVersions took {worst * 1000:.0f} ms while others produced"
