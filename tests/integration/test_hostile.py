"""Hostile and broken clients on raw sockets (kwire.py) against the shared broker:
each must cost only its own connection (or get an error response), never the broker.
The last test checks that a normal client is still served and memory stayed bounded."""

import random
import socket
import struct
import time

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

import kwire
from common import unique_topic

RSS_LIMIT_KB = 300 * 1024
TIMEOUT = 30


def assert_serving(broker):
    """The broker process is up and answers ApiVersions on a new connection."""
    assert broker.alive(), f"broker died (exit {broker.proc.returncode})"
    with kwire.Conn(broker.bootstrap) as c:
        corr, err, apis = kwire.parse_api_versions_v0(c.roundtrip(kwire.api_versions_request(0, correlation_id=77)))
    assert (corr, err) == (77, 0)
    assert kwire.API_VERSIONS in apis


def assert_closed(broker, data, what):
    with kwire.Conn(broker.bootstrap) as c:
        try:
            c.send(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed while we were still writing: fine
        assert c.closed_by_peer(timeout=10), f"{what}: connection not closed within 10s"
    assert_serving(broker)


def create_topic(broker, topic, partitions=1, config=None):
    a = AdminClient({"bootstrap.servers": broker.bootstrap})
    a.create_topics([NewTopic(topic, partitions, 1, config=config or {})], request_timeout=TIMEOUT)[topic].result(
        TIMEOUT
    )


def produce_raw(broker, topic, batch, partition=0):
    """Sends one Produce v3 (acks=-1) with `batch` as the partition's records; -> (error, base_offset)."""
    with kwire.Conn(broker.bootstrap) as c:
        corr, results = kwire.parse_produce_v3(
            c.roundtrip(kwire.produce_request_v3(topic, partition, batch, correlation_id=5))
        )
    assert corr == 5
    return results[(topic, partition)]


def end_offset(broker, topic, partition=0):
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "unused-hostile", "enable.auto.commit": False})
    try:
        return c.get_watermark_offsets(TopicPartition(topic, partition), timeout=TIMEOUT, cached=False)[1]
    finally:
        c.close()


# ---------------------------------------------------------------------------
# Framing


@pytest.mark.parametrize(
    "size",
    [0x7FFFFFFF, 104857600 + 1],
    ids=["2GiB", "socket.request.max.bytes+1"],
)
def test_frame_larger_than_socket_request_max_bytes(broker, size):
    assert_closed(broker, struct.pack(">i", size) + b"\x00\x12\x00\x00", f"frame size {size}")


@pytest.mark.parametrize("size", [-1, -(2**31)])
def test_negative_frame_size(broker, size):
    assert_closed(broker, struct.pack(">i", size) + b"\x00" * 16, f"frame size {size}")


def test_frame_shorter_than_a_header(broker):
    assert_closed(broker, struct.pack(">i", 3) + b"\x00\x03\x00", "3-byte frame")
    assert_closed(broker, struct.pack(">i", 0), "empty frame")


def test_truncated_frame_then_eof(broker):
    """Half a frame, then the client closes its side: the broker closes too."""
    data = kwire.metadata_request_v1(["a-topic-name"])
    with kwire.Conn(broker.bootstrap) as c:
        c.send(data[: len(data) // 2])
        c.sock.shutdown(socket.SHUT_WR)
        assert c.closed_by_peer(timeout=10), "broker kept a half-closed connection with half a frame"
    assert_serving(broker)


def test_truncated_request_body(broker):
    """A complete frame whose body ends too early."""
    body = struct.pack(">i", 1) + struct.pack(">h", 20) + b"short"  # 1 topic, name claims 20 bytes
    assert_closed(broker, kwire.request(kwire.METADATA, 1, body), "Metadata v1 with a truncated topic name")
    produce = kwire.produce_request_v3("t", 0, b"x" * 10)
    assert_closed(broker, kwire.frame(produce[4:-15]), "Produce v3 cut short")


def test_stalled_half_frame_does_not_block_others(broker):
    stalled = []
    try:
        for _ in range(20):
            c = kwire.Conn(broker.bootstrap)
            c.send(struct.pack(">i", 1000) + b"\x00\x03\x00\x01\x00\x00")  # 10 of 1004 bytes
            stalled.append(c)
        t0 = time.monotonic()
        for i in range(10):
            with kwire.Conn(broker.bootstrap, timeout=5) as c:
                corr, err, _ = kwire.parse_api_versions_v0(c.roundtrip(kwire.api_versions_request(0, i)))
                assert (corr, err) == (i, 0)
                meta = c.roundtrip(kwire.metadata_request_v1([], correlation_id=100 + i))
                assert struct.unpack(">i", meta[:4])[0] == 100 + i
        assert time.monotonic() - t0 < 5, "other clients were slowed down by stalled ones"
    finally:
        for c in stalled:
            c.close()
    assert_serving(broker)


@pytest.mark.parametrize("seed", range(8))
def test_garbage_bytes(broker, seed):
    rng = random.Random(seed)
    n = rng.choice([1, 3, 7, 64, 1000, 5000])
    junk = bytes(rng.getrandbits(8) for _ in range(n))
    with kwire.Conn(broker.bootstrap) as c:
        try:
            c.send(junk)
            c.sock.shutdown(socket.SHUT_WR)  # whatever the broker thinks it is, it ends here
            c.sock.settimeout(10)
            while c.sock.recv(65536):
                pass  # a (lucky) parse may even get a response; the broker must still close
        except (BrokenPipeError, ConnectionResetError):
            pass
    assert_serving(broker)


@pytest.mark.parametrize("seed", range(8))
def test_garbage_body_in_valid_frame(broker, seed):
    """A well-formed frame and header of a real API, followed by random bytes."""
    rng = random.Random(1000 + seed)
    api, version = rng.choice([(0, 3), (0, 9), (1, 4), (1, 12), (2, 1), (3, 1), (3, 12), (19, 5), (32, 1)])
    flexible = (api, version) in {(0, 9), (1, 12), (3, 12), (19, 5)}
    junk = bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 10, 300])))
    with kwire.Conn(broker.bootstrap) as c:
        c.send(kwire.request(api, version, junk, correlation_id=9, flexible=flexible))
        c.sock.settimeout(10)
        try:
            first = c.sock.recv(4)
        except ConnectionResetError:
            first = b""
        # Either closed, or an (error) response for correlation id 9.
        if first:
            body = c.recv_exact(struct.unpack(">i", first + c.recv_exact(4 - len(first)))[0])
            assert struct.unpack(">i", body[:4])[0] == 9
    assert_serving(broker)


# ---------------------------------------------------------------------------
# API keys and versions


@pytest.mark.parametrize("api_key", [9999, -1, 32767, 74], ids=["9999", "-1", "32767", "kafka-only-74"])
def test_unknown_api_key(broker, api_key):
    assert_closed(broker, kwire.request(api_key, 0), f"API key {api_key}")


@pytest.mark.parametrize("version", [13, 99, -1])
def test_unsupported_metadata_version(broker, version):
    assert_closed(broker, kwire.request(kwire.METADATA, version, struct.pack(">i", -1)), f"Metadata v{version}")


def test_api_versions_too_new(broker):
    """KIP-511: an ApiVersions version the broker does not know gets a v0 response with
    UNSUPPORTED_VERSION and the broker's API list, so the client can retry."""
    with kwire.Conn(broker.bootstrap) as c:
        corr, err, apis = kwire.parse_api_versions_v0(c.roundtrip(kwire.api_versions_request(99, correlation_id=42)))
        assert corr == 42
        assert err == kwire.UNSUPPORTED_VERSION
        assert apis.get(kwire.API_VERSIONS) == (0, 4)
        assert apis.get(kwire.METADATA) == (0, 12)
        assert apis.get(kwire.PRODUCE) == (3, 12)
        # The connection stays usable: a supported version works next.
        corr, err, apis2 = kwire.parse_api_versions_v0(c.roundtrip(kwire.api_versions_request(0, correlation_id=43)))
        assert (corr, err, apis2) == (43, 0, apis)


def test_trailing_bytes_after_request_body_are_ignored(broker):
    """librdkafka's all-topics Metadata v12 body, byte for byte: its 4-byte topic-array
    placeholder stays (0x00 = null compact array, then 3 zero bytes Kafka reads as the two
    booleans and the tag section), then the intended flags and tags: 3 bytes Kafka never reads."""
    body = bytes.fromhex("00000000" "01" "00" "00")
    with kwire.Conn(broker.bootstrap) as c:
        c.send(kwire.request(kwire.METADATA, 12, body, correlation_id=12, client_id="rdkafka", flexible=True))
        resp = c.recv_frame()  # ConnectionError when the broker closes the connection
    assert struct.unpack(">i", resp[:4])[0] == 12


def test_metadata_claiming_2g_topics(broker):
    body = struct.pack(">i", 2**31 - 1) + kwire.string("only-one")
    with kwire.Conn(broker.bootstrap) as c:
        c.send(kwire.request(kwire.METADATA, 1, body, correlation_id=3))
        c.sock.settimeout(10)
        first = c.sock.recv(4)
        if first:  # an error response is acceptable too
            rest = c.recv_exact(struct.unpack(">i", first + c.recv_exact(4 - len(first)))[0])
            assert struct.unpack(">i", rest[:4])[0] == 3
    assert_serving(broker)
    assert broker.rss_kb() < RSS_LIMIT_KB


# ---------------------------------------------------------------------------
# Record batches


def test_valid_then_corrupt_batch(broker):
    topic = unique_topic("hostile-crc")
    create_topic(broker, topic)
    good = kwire.record_batch([(b"k1", b"hello"), (b"k2", b"world")])
    assert produce_raw(broker, topic, good) == (kwire.NONE, 0)
    bad = bytearray(kwire.record_batch([(b"k3", b"flipped")]))
    bad[-3] ^= 0x01  # a bit of the value: the CRC no longer matches
    err, _ = produce_raw(broker, topic, bytes(bad))
    assert err == kwire.CORRUPT_MESSAGE
    # A good batch after it lands right after the first one; the corrupt one left no trace.
    assert produce_raw(broker, topic, kwire.record_batch([(b"k4", b"again")])) == (kwire.NONE, 2)
    assert end_offset(broker, topic) == 3
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "unused-hostile", "enable.auto.commit": False})
    try:
        c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        got = []
        deadline = time.monotonic() + TIMEOUT
        while len(got) < 3 and time.monotonic() < deadline:
            for m in c.consume(10, timeout=0.5):
                assert not m.error(), m.error()
                got.append((m.offset(), m.key(), m.value()))
        assert got == [(0, b"k1", b"hello"), (1, b"k2", b"world"), (2, b"k4", b"again")]
    finally:
        c.close()


def test_corrupt_compressed_payload(broker):
    """A batch with a correct CRC whose gzip payload is not gzip: an error, not a crash."""
    topic = unique_topic("hostile-gzip")
    create_topic(broker, topic)
    batch = kwire.record_batch([(b"k", b"v")], compression="gzip", records_payload=b"\x1f\x8bnot really gzip")
    err, _ = produce_raw(broker, topic, batch)
    assert err in (kwire.CORRUPT_MESSAGE, kwire.INVALID_RECORD), err
    assert end_offset(broker, topic) == 0
    assert_serving(broker)


def zstd_bomb(value_bytes):
    """A zstd records payload of ~10 kB holding one record whose value is
    `value_bytes` zero bytes."""
    import io

    import zstandard

    prefix = kwire.i8(0) + kwire.varint(0) + kwire.varint(0) + kwire.varint(1) + b"k" + kwire.varint(value_bytes)
    buf = io.BytesIO()
    with zstandard.ZstdCompressor(level=3).stream_writer(buf, closefd=False) as w:
        w.write(kwire.varint(len(prefix) + value_bytes + 1) + prefix)
        zeros = b"\0" * (1 << 20)
        for _ in range(value_bytes >> 20):
            w.write(zeros)
        w.write(kwire.varint(0))  # no headers
    return buf.getvalue()


def test_decompression_bomb(broker):
    """10 kB of zstd that inflates to 300 MiB: refused, and the memory is given back."""
    topic = unique_topic("hostile-bomb")
    create_topic(broker, topic)
    batch = kwire.record_batch([(b"k", b"")], compression="zstd", records_payload=zstd_bomb(300 << 20))
    assert len(batch) < 20_000
    err, _ = produce_raw(broker, topic, batch)
    assert err in (kwire.CORRUPT_MESSAGE, kwire.MESSAGE_TOO_LARGE, kwire.INVALID_RECORD), err
    assert end_offset(broker, topic) == 0
    assert_serving(broker)
    assert broker.rss_kb() < RSS_LIMIT_KB


def test_record_count_lies(broker):
    topic = unique_topic("hostile-count")
    create_topic(broker, topic)
    for count in (2**31 - 1, 5, -1):
        batch = kwire.record_batch([(b"k", b"v")], record_count=count)
        err, _ = produce_raw(broker, topic, batch)
        assert err in (kwire.CORRUPT_MESSAGE, kwire.INVALID_RECORD), f"record count {count}: error {err}"
    assert end_offset(broker, topic) == 0
    assert broker.rss_kb() < RSS_LIMIT_KB


def test_topic_max_message_bytes(broker):
    topic = unique_topic("hostile-big")
    create_topic(broker, topic, config={"max.message.bytes": "1000"})
    err, _ = produce_raw(broker, topic, kwire.record_batch([(b"k", b"x" * 2000)]))
    assert err == kwire.MESSAGE_TOO_LARGE
    assert produce_raw(broker, topic, kwire.record_batch([(b"k", b"x" * 500)])) == (kwire.NONE, 0)


def test_broker_message_max_bytes(fresh_broker):
    b = fresh_broker(overrides=["message.max.bytes=1000"])
    topic = unique_topic("hostile-big")
    create_topic(b, topic)
    err, _ = produce_raw(b, topic, kwire.record_batch([(b"k", b"y" * 2000)]))
    assert err == kwire.MESSAGE_TOO_LARGE
    assert produce_raw(b, topic, kwire.record_batch([(b"k", b"y" * 500)])) == (kwire.NONE, 0)
    # Batch size is what counts, compressed: 20 kB of 'y' gzip to a few dozen bytes.
    small = kwire.record_batch([(b"k", b"y" * 20_000)], compression="gzip")
    assert len(small) < 1000
    assert produce_raw(b, topic, small) == (kwire.NONE, 1)


# ---------------------------------------------------------------------------
# Afterwards


def test_zz_broker_still_serves_normal_clients(broker):
    """Runs last in this module: after all of the above, a normal client still works
    and the broker's memory stayed bounded."""
    topic = unique_topic("hostile-after")
    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True})
    for i in range(100):
        p.produce(topic, key=b"k%d" % i, value=b"v%d" % i)
    assert p.flush(TIMEOUT) == 0
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "unused-hostile", "enable.auto.commit": False})
    try:
        c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        got = []
        deadline = time.monotonic() + TIMEOUT
        while len(got) < 100 and time.monotonic() < deadline:
            for m in c.consume(100, timeout=0.5):
                assert not m.error(), m.error()
                got.append(m.value())
        assert got == [b"v%d" % i for i in range(100)]
    finally:
        c.close()
    rss = broker.rss_kb()
    assert rss < RSS_LIMIT_KB, f"broker RSS {rss} kB"
