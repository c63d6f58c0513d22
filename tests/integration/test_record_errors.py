"""Per-record errors in Produce (KIP-467; issue 15, item 1).

When validation refuses individual records, Kafka refuses the batch and names
those records in `record_errors` (their index in the batch and a message),
with a summary in `error_message`. librdkafka then fails the named records
with their error and the others with _INVALID_DIFFERENT_RECORD, so that an
application can send the good ones again.

* confluent-kafka: 100 records in one batch to a compacted topic, 10 without
  a key: exactly those 10 fail with INVALID_RECORD, the 90 others with
  _INVALID_DIFFERENT_RECORD, and sent again alone they are stored.
* raw Produce v8: the fields themselves, with Kafka 4.4's messages, for
  key-less records, timestamps out of range, several batches for one
  partition, and (doing better than Kafka,
  which refuses the batch without naming any) a record whose header does
  not parse while its length does.
"""

import time

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition

import kwire
from common import unique_topic

INVALID_RECORD = 87
INVALID_TIMESTAMP = 32


def produce_raw(bootstrap, topic, batch):
    with kwire.Conn(bootstrap) as c:
        _, out = kwire.parse_produce_v8(c.roundtrip(kwire.produce_request_v8(topic, 0, batch)), record_errors=True)
    return out[(topic, 0)]


def test_librdkafka_fails_only_the_keyless_records_of_a_compacted_batch(broker):
    topic = unique_topic("record-errors")
    broker.cli("topics", "create", topic, "--partitions", "1", "--config", "cleanup.policy=compact")
    p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 500, "batch.num.messages": 1000})
    results = {}

    def report(i):
        def delivered(err, msg):
            results[i] = err.code() if err else None

        return delivered

    keyless = {i for i in range(100) if i % 10 == 3}
    for i in range(100):
        key = None if i in keyless else b"k%d" % i
        p.produce(topic, key=key, value=b"v%d" % i, partition=0, on_delivery=report(i))
    assert p.flush(30) == 0
    assert len(results) == 100
    bad = {i for i, c in results.items() if c == KafkaError.INVALID_RECORD}
    others = {i for i, c in results.items() if c == KafkaError._INVALID_DIFFERENT_RECORD}
    assert bad == keyless, results
    assert others == set(range(100)) - keyless, results

    # The others were refused only for being in the same batch: sent again, they land.
    for i in sorted(others):
        p.produce(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0, on_delivery=report(i))
    assert p.flush(30) == 0
    assert all(results[i] is None for i in others), results

    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g"), "enable.auto.commit": False})
    c.assign([TopicPartition(topic, 0, 0)])
    got = []
    deadline = time.monotonic() + 20
    while len(got) < 90 and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is not None and not m.error():
            got.append(m.value())
    c.close()
    assert sorted(got) == sorted(b"v%d" % i for i in others)


def test_keyless_records_are_named_with_kafkas_messages(broker):
    topic = unique_topic("record-errors-raw")
    broker.cli("topics", "create", topic, "--partitions", "1", "--config", "cleanup.policy=compact")
    batch = kwire.record_batch([(b"a", b"1"), (None, b"2"), (b"c", b"3"), (None, b"4")])
    err, base, message, errors = produce_raw(broker.bootstrap, topic, batch)
    one = f"Compacted topic cannot accept message without key in topic partition {topic}-0"
    assert err == INVALID_RECORD and base == -1
    assert errors == [(1, one), (3, one)]
    assert message == (
        "One or more records have been rejected due to 2 record errors in total, and only showing "
        f"the first three errors at most: [RecordError(batchIndex=1, message='{one}'), "
        f"RecordError(batchIndex=3, message='{one}')]"
    )


def test_timestamps_out_of_range_are_named(broker):
    topic = unique_topic("record-errors-ts")
    broker.cli("topics", "create", topic, "--partitions", "1", "--config", "message.timestamp.before.max.ms=3600000")
    now = int(time.time() * 1000)
    batch = kwire.record_batch_with([b"ok", b"old", b"ok2"], [now, now - 7_200_000, now])
    err, _, message, errors = produce_raw(broker.bootstrap, topic, batch)
    assert err == INVALID_TIMESTAMP
    assert message == "One or more records have been rejected due to invalid timestamp"
    assert [i for i, _ in errors] == [1]
    assert errors[0][1].startswith(f"Timestamp {now - 7_200_000} of message with offset 1 is out of range. "
                                   "The timestamp should be within ["), errors


def test_a_record_with_a_malformed_header_is_named_and_the_rest_read(broker):
    topic = unique_topic("record-errors-hdr")
    broker.cli("topics", "create", topic, "--partitions", "1")
    # Record 1: one header whose key length is -1 (a header key is never null).
    body = kwire.i8(0) + kwire.varint(0) + kwire.varint(1) + kwire.varint(-1) + kwire.varint(1) + b"x"
    body += kwire.varint(1) + kwire.varint(-1) + kwire.varint(-1)
    payload = kwire.record(0, None, b"a") + kwire.varint(len(body)) + body + kwire.record(2, None, b"c")
    batch = kwire.record_batch([None] * 3, records_payload=payload)
    err, _, message, errors = produce_raw(broker.bootstrap, topic, batch)
    assert err == INVALID_RECORD
    assert [i for i, _ in errors] == [1], errors
    assert message.startswith("One or more records have been rejected due to 1 record errors in total"), message
    # Nothing of the batch was stored.
    ok, base, _, _ = produce_raw(broker.bootstrap, topic, kwire.record_batch([(None, b"z")]))
    assert (ok, base) == (0, 0)


def test_a_partitions_records_are_exactly_one_batch(broker):
    """Kafka's ProduceRequest.validateRecords: since v3, one batch per partition."""
    topic = unique_topic("one-batch")
    broker.cli("topics", "create", topic, "--partitions", "1")
    two = kwire.record_batch([(None, b"1")]) + kwire.record_batch([(None, b"2")])
    err, base, message, errors = produce_raw(broker.bootstrap, topic, two)
    assert (err, base, errors) == (INVALID_RECORD, -1, [])
    assert message == "Produce requests with version 8 are only allowed to contain exactly one record batch per partition"
    err, _, message, _ = produce_raw(broker.bootstrap, topic, b"")
    assert err == INVALID_RECORD
    assert message == "Produce requests with version 8 must have at least one record batch per partition"
    ok, base, _, _ = produce_raw(broker.bootstrap, topic, kwire.record_batch([(None, b"3")]))
    assert (ok, base) == (0, 0)
