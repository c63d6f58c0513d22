"""A tiny Kafka wire encoder/decoder for hostile-input tests: just enough to build
requests by hand (valid, malformed, or lying about their sizes) and read the few
responses the tests look at. Big-endian, as Kafka's protocol is.

Request header v1: api_key int16, api_version int16, correlation_id int32,
client_id nullable string (int16 length). v2 (flexible versions) adds an empty
tagged-field section. Responses start with correlation_id int32.
"""

import gzip
import socket
import struct
import time

# API keys
PRODUCE, FETCH, LIST_OFFSETS, METADATA, API_VERSIONS, CREATE_TOPICS = 0, 1, 2, 3, 18, 19

# Error codes
NONE = 0
CORRUPT_MESSAGE = 2
MESSAGE_TOO_LARGE = 10
UNSUPPORTED_VERSION = 35
INVALID_RECORD = 87

# ---------------------------------------------------------------------------
# Primitives


def i8(v):
    return struct.pack(">b", v)


def i16(v):
    return struct.pack(">h", v)


def i32(v):
    return struct.pack(">i", v)


def i64(v):
    return struct.pack(">q", v)


def string(s):
    """STRING / NULLABLE_STRING: int16 length (-1 for None), UTF-8 bytes."""
    if s is None:
        return i16(-1)
    b = s.encode() if isinstance(s, str) else s
    return i16(len(b)) + b


def nbytes(b):
    """NULLABLE_BYTES: int32 length (-1 for None)."""
    if b is None:
        return i32(-1)
    return i32(len(b)) + b


def array(items):
    """ARRAY of already-encoded items: int32 count."""
    return i32(len(items)) + b"".join(items)


def uvarint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def varint(n):
    """Zigzag-encoded signed varint (also used for varlong)."""
    return uvarint((n << 1) ^ (n >> 63))


def compact_string(s):
    if s is None:
        return uvarint(0)
    b = s.encode()
    return uvarint(len(b) + 1) + b


# ---------------------------------------------------------------------------
# CRC-32C (Castagnoli), as RecordBatch v2 uses


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # the standard check value

# ---------------------------------------------------------------------------
# Requests


def header(api_key, api_version, correlation_id, client_id="kwire", flexible=False):
    h = i16(api_key) + i16(api_version) + i32(correlation_id) + string(client_id)
    return h + (b"\x00" if flexible else b"")


def frame(payload):
    """Size-prefixed frame."""
    return i32(len(payload)) + payload


def request(api_key, api_version, body=b"", correlation_id=1, client_id="kwire", flexible=False):
    return frame(header(api_key, api_version, correlation_id, client_id, flexible) + body)


def api_versions_request(version=0, correlation_id=1):
    if version >= 3:
        # v3+: flexible header and body (client software name and version).
        body = compact_string("kwire") + compact_string("0.1") + b"\x00"
        return request(API_VERSIONS, version, body, correlation_id, flexible=True)
    return request(API_VERSIONS, version, b"", correlation_id)


def metadata_request_v1(topics, correlation_id=1):
    """topics: a list of names, or None for all topics."""
    body = i32(-1) if topics is None else array([string(t) for t in topics])
    return request(METADATA, 1, body, correlation_id)


def produce_request_v3(topic, partition, records, acks=-1, timeout_ms=10_000, correlation_id=1):
    body = (
        string(None)  # transactional_id
        + i16(acks)
        + i32(timeout_ms)
        + array([string(topic) + array([i32(partition) + nbytes(records)])])
    )
    return request(PRODUCE, 3, body, correlation_id)


# ---------------------------------------------------------------------------
# RecordBatch v2

COMPRESSION = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


def record(offset_delta, key, value, headers=(), timestamp_delta=0):
    body = (
        i8(0)  # attributes
        + varint(timestamp_delta)
        + varint(offset_delta)
        + (varint(-1) if key is None else varint(len(key)) + key)
        + (varint(-1) if value is None else varint(len(value)) + value)
        + varint(len(headers))
        + b"".join(varint(len(k)) + k + (varint(-1) if v is None else varint(len(v)) + v) for k, v in headers)
    )
    return varint(len(body)) + body


def record_batch(records, base_timestamp=None, compression="none", records_payload=None, record_count=None):
    """A RecordBatch v2 holding `records` [(key, value)] (or a ready `records_payload`,
    already compressed if `compression` says so), with a correct CRC-32C."""
    if base_timestamp is None:
        base_timestamp = int(time.time() * 1000)
    if records_payload is None:
        payload = b"".join(record(i, k, v) for i, (k, v) in enumerate(records))
        if compression == "gzip":
            payload = gzip.compress(payload)
        elif compression != "none":
            raise ValueError("only none and gzip are built in; pass records_payload")
        records_payload = payload
    count = len(records) if record_count is None else record_count
    after_crc = (
        i16(COMPRESSION[compression])  # attributes: codec, CreateTime, not transactional
        + i32(max(count - 1, 0))  # lastOffsetDelta
        + i64(base_timestamp)
        + i64(base_timestamp)  # maxTimestamp (all deltas are 0)
        + i64(-1)  # producerId
        + i16(-1)  # producerEpoch
        + i32(-1)  # baseSequence
        + i32(count)
        + records_payload
    )
    crc = struct.pack(">I", crc32c(after_crc))
    after_length = i32(-1) + i8(2) + crc + after_crc  # partitionLeaderEpoch, magic, crc, ...
    return i64(0) + i32(len(after_length)) + after_length


# ---------------------------------------------------------------------------
# Responses


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError(f"response truncated: need {n} bytes at {self.pos}, have {len(self.data)}")
        b = self.data[self.pos : self.pos + n]
        self.pos += n
        return b

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def i64(self):
        return struct.unpack(">q", self.take(8))[0]

    def string(self):
        n = self.i16()
        return None if n < 0 else self.take(n).decode()

    def done(self):
        return self.pos == len(self.data)


def parse_api_versions_v0(resp):
    """-> (correlation_id, error_code, {api_key: (min, max)}); the whole body must be used."""
    r = Reader(resp)
    corr = r.i32()
    err = r.i16()
    apis = {}
    for _ in range(r.i32()):
        k = r.i16()
        apis[k] = (r.i16(), r.i16())
    assert r.done(), f"{len(resp) - r.pos} bytes left over in the ApiVersions v0 response"
    return corr, err, apis


def parse_produce_v3(resp):
    """-> (correlation_id, {(topic, partition): (error_code, base_offset)})."""
    r = Reader(resp)
    corr = r.i32()
    out = {}
    for _ in range(r.i32()):
        topic = r.string()
        for _ in range(r.i32()):
            p = r.i32()
            err = r.i16()
            base = r.i64()
            r.i64()  # log_append_time
            out[(topic, p)] = (err, base)
    r.i32()  # throttle_time_ms
    assert r.done(), "bytes left over in the Produce v3 response"
    return corr, out


# ---------------------------------------------------------------------------
# Connections


class Conn:
    """A raw TCP connection to the broker."""

    def __init__(self, bootstrap, timeout=10.0, source=None):
        """`source`: the local IP to connect from (any 127.x.y.z works on loopback)."""
        host, port = bootstrap.rsplit(":", 1)
        src = (source, 0) if source else None
        self.sock = socket.create_connection((host, int(port)), timeout=timeout, source_address=src)
        self.sock.settimeout(timeout)

    def send(self, data):
        self.sock.sendall(data)

    def recv_exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError(f"connection closed after {len(buf)} of {n} bytes")
            buf += chunk
        return bytes(buf)

    def recv_frame(self):
        (n,) = struct.unpack(">i", self.recv_exact(4))
        assert 0 <= n <= 64 << 20, f"response frame size {n}"
        return self.recv_exact(n)

    def roundtrip(self, data):
        self.send(data)
        return self.recv_frame()

    def closed_by_peer(self, timeout=5.0):
        """True when the broker closes the connection (EOF or reset) within `timeout` s
        without sending anything; False on timeout. Data received is an AssertionError."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False
        assert not data, f"expected the connection to be closed, got {len(data)} bytes: {data[:64].hex()}"
        return True

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---------------------------------------------------------------------------
# Admin requests and free-form batches (test_hostile_requests.py)

DELETE_TOPICS, CREATE_PARTITIONS = 20, 37


def boolean(v):
    return struct.pack(">?", v)


def create_topics_request_v4(topics, validate_only=False, timeout_ms=10_000, correlation_id=1):
    """topics: [(name, num_partitions, replication_factor)] or [(name, -1, -1, {partition: [brokers]})]."""
    items = []
    for t in topics:
        name, parts, rf = t[:3]
        assignments = t[3] if len(t) > 3 else {}
        items.append(
            string(name)
            + i32(parts)
            + i16(rf)
            + array([i32(p) + array([i32(b) for b in brokers]) for p, brokers in assignments.items()])
            + array([])  # configs
        )
    body = array(items) + i32(timeout_ms) + boolean(validate_only)
    return request(CREATE_TOPICS, 4, body, correlation_id)


def parse_create_topics_v4(resp):
    """-> (correlation_id, {name: (error_code, error_message)})."""
    r = Reader(resp)
    corr = r.i32()
    r.i32()  # throttle_time_ms
    out = {}
    for _ in range(r.i32()):
        name = r.string()
        out[name] = (r.i16(), r.string())
    assert r.done(), "bytes left over in the CreateTopics v4 response"
    return corr, out


def delete_topics_request_v3(names, timeout_ms=10_000, correlation_id=1):
    return request(DELETE_TOPICS, 3, array([string(n) for n in names]) + i32(timeout_ms), correlation_id)


def parse_delete_topics_v3(resp):
    """-> (correlation_id, {name: error_code})."""
    r = Reader(resp)
    corr = r.i32()
    r.i32()  # throttle_time_ms
    out = {}
    for _ in range(r.i32()):
        name = r.string()
        out[name] = r.i16()
    assert r.done(), "bytes left over in the DeleteTopics v3 response"
    return corr, out


def create_partitions_request_v1(topics, validate_only=False, timeout_ms=10_000, correlation_id=1):
    """topics: [(name, new_total_count)]."""
    items = [string(name) + i32(count) + i32(-1) for name, count in topics]  # assignments: null
    return request(CREATE_PARTITIONS, 1, array(items) + i32(timeout_ms) + boolean(validate_only), correlation_id)


def parse_create_partitions_v1(resp):
    """-> (correlation_id, {name: (error_code, error_message)})."""
    r = Reader(resp)
    corr = r.i32()
    r.i32()  # throttle_time_ms
    out = {}
    for _ in range(r.i32()):
        name = r.string()
        out[name] = (r.i16(), r.string())
    assert r.done(), "bytes left over in the CreatePartitions v1 response"
    return corr, out


def metadata_request_v4(topics, allow_auto_topic_creation=True, correlation_id=1):
    body = array([string(t) for t in topics]) + boolean(allow_auto_topic_creation)
    return request(METADATA, 4, body, correlation_id)


def parse_metadata_v4(resp):
    """-> (correlation_id, {topic: (error_code, number_of_partitions)})."""
    r = Reader(resp)
    corr = r.i32()
    r.i32()  # throttle_time_ms
    for _ in range(r.i32()):  # brokers
        r.i32(), r.string(), r.i32(), r.string()
    r.string()  # cluster_id
    r.i32()  # controller_id
    out = {}
    for _ in range(r.i32()):
        err = r.i16()
        name = r.string()
        r.take(1)  # is_internal
        n = r.i32()
        for _ in range(n):
            r.i16(), r.i32(), r.i32()
            for _ in range(2):  # replicas, isr
                for _ in range(r.i32()):
                    r.i32()
        out[name] = (err, n)
    assert r.done(), "bytes left over in the Metadata v4 response"
    return corr, out


def produce_request_v8(topic, partition, records, acks=-1, timeout_ms=10_000, correlation_id=1):
    body = string(None) + i16(acks) + i32(timeout_ms) + array([string(topic) + array([i32(partition) + nbytes(records)])])
    return request(PRODUCE, 8, body, correlation_id)


def parse_produce_v8(resp, record_errors=False):
    """-> (correlation_id, {(topic, partition): (error_code, base_offset, error_message)}),
    with a fourth element, the record errors [(batch_index, message)], if asked."""
    r = Reader(resp)
    corr = r.i32()
    out = {}
    for _ in range(r.i32()):
        topic = r.string()
        for _ in range(r.i32()):
            p = r.i32()
            err = r.i16()
            base = r.i64()
            r.i64()  # log_append_time
            r.i64()  # log_start_offset
            errors = [(r.i32(), r.string()) for _ in range(r.i32())]
            message = r.string()
            out[(topic, p)] = (err, base, message, errors) if record_errors else (err, base, message)
    r.i32()  # throttle_time_ms
    assert r.done(), "bytes left over in the Produce v8 response"
    return corr, out


def record_batch_with(
    values,
    timestamps,
    attributes=0,
    max_timestamp=None,
    producer_id=-1,
    producer_epoch=-1,
    base_sequence=-1,
):
    """An uncompressed RecordBatch v2 whose header says what the caller wants: `values`
    with absolute `timestamps` (ms), any `attributes`, `max_timestamp` (default: the
    records' largest), producer id, epoch and base sequence. The CRC is correct."""
    base_ts = min(timestamps)
    payload = b"".join(
        record(i, None, v, timestamp_delta=ts - base_ts) for i, (v, ts) in enumerate(zip(values, timestamps))
    )
    after_crc = (
        i16(attributes)
        + i32(len(values) - 1)
        + i64(base_ts)
        + i64(max(timestamps) if max_timestamp is None else max_timestamp)
        + i64(producer_id)
        + i16(producer_epoch)
        + i32(base_sequence)
        + i32(len(values))
        + payload
    )
    crc = struct.pack(">I", crc32c(after_crc))
    after_length = i32(-1) + i8(2) + crc + after_crc
    return i64(0) + i32(len(after_length)) + after_length


# ---------------------------------------------------------------------------
# Fetch v4 and Metadata v1 responses, and raw Fetch requests (memory tests)


def fetch_request_v4(topics, max_bytes=0x7FFFFFFF, max_wait_ms=0, min_bytes=0, correlation_id=1, replica_id=-1):
    """topics: [(name, [(partition, fetch_offset, partition_max_bytes)])], repeats allowed."""
    body = (
        i32(replica_id)
        + i32(max_wait_ms)
        + i32(min_bytes)
        + i32(max_bytes)
        + i8(0)  # isolation_level
        + array([string(t) + array([i32(p) + i64(o) + i32(m) for p, o, m in parts]) for t, parts in topics])
    )
    return request(FETCH, 4, body, correlation_id)


def parse_fetch_v4(resp):
    """-> (correlation_id, [(topic, [(partition, error_code, high_watermark, records bytes or None)])])."""
    r = Reader(resp)
    corr = r.i32()
    r.i32()  # throttle_time_ms
    topics = []
    for _ in range(r.i32()):
        name = r.string()
        parts = []
        for _ in range(r.i32()):
            p, err, hw = r.i32(), r.i16(), r.i64()
            r.i64()  # last_stable_offset
            n = r.i32()
            for _ in range(max(n, 0)):
                r.i64(), r.i64()  # aborted transaction
            size = r.i32()
            parts.append((p, err, hw, None if size < 0 else r.take(size)))
        topics.append((name, parts))
    assert r.done(), "bytes left over in the Fetch v4 response"
    return corr, topics


def parse_metadata_v1(resp):
    """-> (correlation_id, [(error_code, topic, partition count)])."""
    r = Reader(resp)
    corr = r.i32()
    for _ in range(r.i32()):  # brokers
        r.i32(), r.string(), r.i32(), r.string()
    r.i32()  # controller_id
    topics = []
    for _ in range(r.i32()):
        err, name = r.i16(), r.string()
        r.take(1)  # is_internal
        n = r.i32()
        for _ in range(n):
            r.i16(), r.i32(), r.i32()
            for _ in range(r.i32()):
                r.i32()  # replicas
            for _ in range(r.i32()):
                r.i32()  # isr
        topics.append((err, name, n))
    assert r.done(), "bytes left over in the Metadata v1 response"
    return corr, topics


def produce_request_v3_multi(topic, partitions, acks=-1, timeout_ms=30_000, correlation_id=1):
    """One Produce v3 to several partitions of `topic`: partitions = [(partition, records)]."""
    body = (
        string(None)  # transactional_id
        + i16(acks)
        + i32(timeout_ms)
        + array([string(topic) + array([i32(p) + nbytes(records) for p, records in partitions])])
    )
    return request(PRODUCE, 3, body, correlation_id)
