"""Spark reads and writes Tributary topics: the ETL of examples/spark-etl, end to end.

The job (examples/spark-etl/etl.py) runs as a subprocess, one Spark JVM per run, in
local[2] mode, with the Kafka connector (spark-sql-kafka-0-10) from the Ivy cache that
scripts/test fills ($TRIBUTARY_IVY_DIR, default ~/.cache/tributary-ivy; resolved from
Maven Central on first use otherwise).

* streaming, availableNow: raw JSON events (malformed and invalid ones among them) in,
  exactly the valid ones out, to a clean topic (keyed by user) and to Parquet; a second
  run with the same checkpoint processes only the events produced since, none twice.
* batch: an explicit offset range of the raw topic (startingOffsets / endingOffsets
  JSON), exactly the valid events of that range out; and a range by timestamps
  (startingTimestamp / endingTimestamp: ListOffsets by timestamp).

Besides the outputs, each run fails on Kafka-client trouble in the Spark log and on
warnings the broker logged while it ran.

Skipped when TRIBUTARY_SKIP_SPARK=1, or when pyspark, pyarrow or Java is missing.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

if os.environ.get("TRIBUTARY_SKIP_SPARK") == "1":
    pytest.skip("TRIBUTARY_SKIP_SPARK=1: the Spark ETL test is switched off", allow_module_level=True)
try:
    import pyspark  # noqa: F401  (the job imports it; only checked here)
except ImportError as e:
    pytest.skip(f"pyspark cannot be imported ({e}): pip install -r examples/spark-etl/requirements.txt", allow_module_level=True)
try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as e:
    pytest.skip(f"pyarrow cannot be imported ({e}): pip install -r examples/spark-etl/requirements.txt", allow_module_level=True)


def _java():
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


if _java() is None:
    pytest.skip("no Java found (JAVA_HOME or java on PATH): Spark needs a JVM (17+)", allow_module_level=True)

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

from common import unique_topic  # noqa: E402

ETL = Path(__file__).resolve().parents[2] / "examples" / "spark-etl" / "etl.py"
IVY_DIR = os.environ.get("TRIBUTARY_IVY_DIR") or os.path.expanduser("~/.cache/tributary-ivy")
JOB_TIMEOUT = 300
TIMEOUT = 30
PARTITIONS = 2

# Lines of the Spark log that point at the broker rather than at the job: the Kafka
# client refusing or failing a request. Any of them fails the test (with the line).
BROKER_TROUBLE = re.compile(
    r"UnsupportedVersion|UNSUPPORTED_VERSION|Unknown API|UnknownServerException|UNKNOWN_SERVER_ERROR"
    r"|CorruptRecord|InvalidRecord|OffsetOutOfRange|OFFSET_OUT_OF_RANGE|Fatal|IllegalStateException"
    r"|INVALID_REQUEST|InvalidRequestException|OutOfOrderSequence|Unexpected error"
)


# ---------------------------------------------------------------------------
# Events: (raw value as produced, the clean event expected from it or None)


def _ev(id, user, type, amount, ts, **extra):
    return json.dumps({"id": id, "user": user, "type": type, "amount": amount, "ts": ts, **extra}).encode()


def first_events(t0):
    """Valid events (some needing normalization) and everything the job must drop."""
    return [
        (_ev("e1", "alice", "click", 0, t0 + 1), {"id": "e1", "user": "alice", "type": "click", "amount": 0.0, "ts": t0 + 1}),
        (b"this is not json", None),
        (_ev("e2", "bob", "view", 1.5, t0 + 2), {"id": "e2", "user": "bob", "type": "view", "amount": 1.5, "ts": t0 + 2}),
        (b'{"id": "x1", "user": "bob", "type": "cli', None),  # truncated
        (_ev("e3", "  carol ", " PURCHASE ", 42.25, t0 + 3, note="extra fields are ignored"),
         {"id": "e3", "user": "carol", "type": "purchase", "amount": 42.25, "ts": t0 + 3}),
        (b"[1, 2, 3]", None),  # JSON, not an object
        (b'"just a string"', None),
        (None, None),  # null value
        (b"", None),
        (b"\xff\xfe\x00\x01 binary", None),
        (_ev("x2", "bob", "click", -1, t0 + 4), None),  # negative amount
        (_ev("x3", "bob", "delete", 1, t0 + 5), None),  # unknown type
        (json.dumps({"user": "bob", "type": "click", "amount": 1, "ts": t0 + 6}).encode(), None),  # no id
        (_ev("x5", "   ", "click", 1, t0 + 7), None),  # blank user
        (_ev("x6", "bob", "click", "ten", t0 + 8), None),  # amount not a number
        (json.dumps({"id": "x7", "user": "bob", "type": "click", "amount": 1}).encode(), None),  # no ts
        (('{"id": "x8", "user": "bob", "type": "click", "amount": NaN, "ts": %d}' % (t0 + 9)).encode(), None),
        (_ev("x9", "bob", "view", 1, 0), None),  # ts not > 0
        (_ev("e4", "alice", "purchase", 10, t0 + 10), {"id": "e4", "user": "alice", "type": "purchase", "amount": 10.0, "ts": t0 + 10}),
        (_ev("e5", "dave", "View", 3, t0 + 11), {"id": "e5", "user": "dave", "type": "view", "amount": 3.0, "ts": t0 + 11}),
        (_ev("e6", "bob", "click", 7.125, t0 + 12), {"id": "e6", "user": "bob", "type": "click", "amount": 7.125, "ts": t0 + 12}),
    ]


def second_events(t0):
    """Produced between the two streaming runs: the second run must see these only."""
    return [
        (_ev("e7", "erin", "click", 2, t0 + 20), {"id": "e7", "user": "erin", "type": "click", "amount": 2.0, "ts": t0 + 20}),
        (b"{broken", None),
        (_ev("e8", "alice", "view", 0.5, t0 + 21), {"id": "e8", "user": "alice", "type": "view", "amount": 0.5, "ts": t0 + 21}),
        (_ev("x10", "alice", "view", -0.5, t0 + 22), None),
        (_ev("e9", "frank", "purchase", 99, t0 + 23), {"id": "e9", "user": "frank", "type": "purchase", "amount": 99.0, "ts": t0 + 23}),
    ]


# ---------------------------------------------------------------------------
# Kafka side (confluent-kafka)

def create_topics(broker, *topics):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    fs = admin.create_topics(
        [NewTopic(t, num_partitions=PARTITIONS, replication_factor=1) for t in topics], request_timeout=TIMEOUT
    )
    for t in topics:
        fs[t].result(TIMEOUT)


def produce(broker, topic, events, start_index=0, base_ts=None):
    """Produces the raw values round-robin over the partitions (event i to partition
    (start_index + i) % PARTITIONS), with timestamp base_ts + 1000 * (start_index + i)
    when base_ts is given. Returns [(partition, offset, expected)] per event."""
    reports = {}

    def on_delivery(err, msg, i):
        reports[i] = (err, msg.partition(), msg.offset())

    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True, "linger.ms": 5})
    for i, (value, _) in enumerate(events):
        part = (start_index + i) % PARTITIONS
        kw = {} if base_ts is None else {"timestamp": base_ts + 1000 * (start_index + i)}
        p.produce(topic, value=value, partition=part, on_delivery=lambda err, msg, i=i: on_delivery(err, msg, i), **kw)
        # One at a time per partition, so the offsets follow the list order.
        p.flush(TIMEOUT)
    assert p.flush(TIMEOUT) == 0, "messages still undelivered"
    errors = [(i, r[0]) for i, r in reports.items() if r[0] is not None]
    assert not errors, f"delivery errors: {errors[:5]}"
    assert len(reports) == len(events)
    return [(reports[i][1], reports[i][2], exp) for i, (_, exp) in enumerate(events)]


def read_topic(bootstrap, topic, timeout=60):
    """Every record of every partition: [(partition, offset, key, value)], read up to the
    high watermarks (asked after the job has finished)."""
    c = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"unused-{topic}",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "fetch.wait.max.ms": 100,
        }
    )
    try:
        ends = {}
        for p in range(PARTITIONS):
            lo, hi = c.get_watermark_offsets(TopicPartition(topic, p), timeout=TIMEOUT, cached=False)
            ends[p] = hi
        c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < sum(ends.values()):
            assert time.monotonic() < deadline, f"read {len(got)} of {sum(ends.values())} records of {topic}"
            for m in c.consume(num_messages=1000, timeout=0.5):
                if m.error():
                    raise KafkaException(m.error())
                got.append((m.partition(), m.offset(), m.key(), m.value()))
        return got
    finally:
        c.close()


# ---------------------------------------------------------------------------
# The job


def broker_log_size(broker):
    try:
        return broker.log_path.stat().st_size
    except OSError:
        return 0


def broker_warnings_since(broker, offset, topics):
    """WARN and ERROR lines the broker logged past byte `offset` of its log about a
    client's request (unknown API, unsupported version, malformed request: they name the
    peer), a producer id, or one of `topics` (the shared broker may still be busy with
    other tests' topics)."""
    with open(broker.log_path, "rb") as f:
        f.seek(offset)
        text = re.sub(r"\x1b\[[0-9;]*m", "", f.read().decode("utf-8", "replace"))
    return [
        line
        for line in text.splitlines()
        if re.search(r"\b(WARN|ERROR)\b", line)
        and ("peer=" in line or "producer id" in line or any(t in line for t in topics))
    ]


def run_etl(broker, command, args, log_path, topics):
    """Runs etl.py `command` in local[2]; returns its ETL-SUMMARY (a dict). Fails the test
    with the log's tail when the job fails, with the lines in question when the Kafka
    client in the job logged trouble with the broker, and with the broker's own
    warnings logged while the job ran (unsupported API versions, malformed requests)."""
    cmd = [sys.executable, str(ETL), command, "--master", "local[2]", "--ivy-dir", IVY_DIR, *args]
    broker_log_at = broker_log_size(broker)
    started = time.monotonic()
    with open(log_path, "ab") as log:
        log.write(f"---- {' '.join(cmd)}\n".encode())
        log.flush()
        # Its own process group: on a time-out, the JVM that pyspark started goes too.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=JOB_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            log.write(out + f"---- killed after {JOB_TIMEOUT}s\n".encode())
        else:
            log.write(out + f"---- exit {proc.returncode} after {time.monotonic() - started:.1f}s\n".encode())
    text = Path(log_path).read_text(errors="replace")
    run_text = text[text.rfind(f"---- {' '.join(cmd)}") :]
    tail = "\n".join(run_text.splitlines()[-80:])
    assert proc.returncode == 0, f"etl.py {command} exited {proc.returncode}; log tail ({log_path}):\n{tail}"
    trouble = [line for line in run_text.splitlines() if BROKER_TROUBLE.search(line)]
    assert not trouble, "the Kafka client in the Spark job reported trouble with the broker:\n" + "\n".join(trouble[:30])
    warnings = broker_warnings_since(broker, broker_log_at, topics)
    assert not warnings, f"the broker logged warnings while etl.py {command} ran:\n" + "\n".join(warnings[:30])
    summaries = [line for line in out.decode().splitlines() if line.startswith("ETL-SUMMARY ")]
    assert summaries, f"etl.py {command} printed no ETL-SUMMARY; log tail:\n{tail}"
    return json.loads(summaries[-1][len("ETL-SUMMARY ") :])


def expected_records(produced):
    """The clean events of `produced`, as (key, value dict) and as Parquet rows."""
    kafka = sorted((e["user"].encode(), json.dumps(e, sort_keys=True)) for _, _, e in produced if e)
    rows = sorted(
        (e["id"], e["user"], e["type"], e["amount"], e["ts"], e["ts"] * 1000, p, o) for p, o, e in produced if e
    )
    return kafka, rows


def clean_topic_records(broker, topic):
    got = read_topic(broker.bootstrap, topic)
    return sorted((k, json.dumps(json.loads(v), sort_keys=True)) for _, _, k, v in got)


def parquet_rows(folder):
    """Every row of every part file in `folder` (pyarrow skips _spark_metadata and
    dot files): a file written twice would show as duplicate rows."""
    t = pq.read_table(folder)
    cols = t.to_pydict()
    ts_us = t.column("event_time").cast(pa.int64()).to_pylist()
    return sorted(
        zip(cols["id"], cols["user"], cols["type"], cols["amount"], cols["ts"], ts_us, cols["source_partition"], cols["source_offset"])
    )


def recent_t0():
    return int(time.time() * 1000) - 3_600_000


@pytest.fixture
def workdir():
    d = tempfile.mkdtemp(prefix="tributary-spark-")
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------------------


def test_streaming_etl_available_now_twice(broker, workdir):
    raw, clean = unique_topic("spark-raw"), unique_topic("spark-clean")
    create_topics(broker, raw, clean)
    t0 = recent_t0()
    log = workdir / "spark.log"
    args = [
        "--bootstrap-server", broker.bootstrap,
        "--input-topic", raw,
        "--output-topic", clean,
        "--parquet-dir", str(workdir / "parquet"),
        "--checkpoint-dir", str(workdir / "checkpoint"),
    ]  # fmt: skip

    # Run 1: everything from the earliest offsets.
    first = produce(broker, raw, first_events(t0))
    s = run_etl(broker, "stream", args, log, (raw, clean))
    n_valid = sum(1 for *_, e in first if e)
    for q in ("kafka", "parquet"):
        assert s["queries"][q]["input_rows"] == len(first), f"run 1, {q} query read: {s}"
    assert s["queries"]["kafka"]["output_rows"] == n_valid, f"run 1: {s}"
    want_kafka, want_rows = expected_records(first)
    assert clean_topic_records(broker, clean) == want_kafka
    assert parquet_rows(workdir / "parquet") == want_rows

    # Run 2, same checkpoint: only what was produced since, nothing twice.
    second = produce(broker, raw, second_events(t0), start_index=len(first))
    s = run_etl(broker, "stream", args, log, (raw, clean))
    n_valid = sum(1 for *_, e in second if e)
    for q in ("kafka", "parquet"):
        assert s["queries"][q]["input_rows"] == len(second), f"run 2, {q} query read: {s}"
    assert s["queries"]["kafka"]["output_rows"] == n_valid, f"run 2: {s}"
    want_kafka, want_rows = expected_records(first + second)
    assert clean_topic_records(broker, clean) == want_kafka
    assert parquet_rows(workdir / "parquet") == want_rows


def run_batch_and_check(broker, workdir, raw, clean, in_range, range_args):
    """Runs the batch job over `range_args` and checks that it read exactly
    `in_range` and wrote exactly its valid events, to the topic and Parquet."""
    s = run_etl(
        broker,
        "batch",
        [
            "--bootstrap-server", broker.bootstrap,
            "--input-topic", raw,
            "--output-topic", clean,
            "--parquet-dir", str(workdir / "parquet"),
            *range_args,
        ],  # fmt: skip
        workdir / "spark.log",
        (raw, clean),
    )
    assert s["input_rows"] == len(in_range), f"batch read: {s}"
    assert s["output_rows"] == sum(1 for *_, e in in_range if e), f"batch wrote: {s}"
    want_kafka, want_rows = expected_records(in_range)
    assert clean_topic_records(broker, clean) == want_kafka
    assert parquet_rows(workdir / "parquet") == want_rows


def test_batch_etl_offset_range(broker, workdir):
    raw, clean = unique_topic("spark-raw"), unique_topic("spark-clean")
    create_topics(broker, raw, clean)
    produced = produce(broker, raw, first_events(recent_t0()) + second_events(recent_t0()))
    ends = {p: 1 + max(o for q, o, _ in produced if q == p) for p in range(PARTITIONS)}
    # Partition 0 from offset 2 to its end ("latest"); partition 1 from its start
    # ("earliest") up to, not including, offset ends[1] - 2.
    start = {raw: {"0": 2, "1": -2}}
    end = {raw: {"0": -1, "1": ends[1] - 2}}
    in_range = [r for r in produced if (r[0] == 0 and r[1] >= 2) or (r[0] == 1 and r[1] < ends[1] - 2)]
    assert 0 < len(in_range) < len(produced)
    run_batch_and_check(broker, workdir, raw, clean, in_range,
                        ["--starting-offsets", json.dumps(start), "--ending-offsets", json.dumps(end)])


def test_batch_etl_timestamp_range(broker, workdir):
    """startingTimestamp / endingTimestamp: Spark asks the broker for the offsets by
    timestamp (ListOffsets with a timestamp) and reads what lies between."""
    raw, clean = unique_topic("spark-raw"), unique_topic("spark-clean")
    create_topics(broker, raw, clean)
    t0 = recent_t0()
    events = first_events(t0) + second_events(t0)
    produced = produce(broker, raw, events, base_ts=t0)  # event i has timestamp t0 + 1000 i
    # From event 4 (the first with a timestamp >= the start, which falls between two)
    # to event 19 (the ending offset is that of the first timestamp >= the end, excluded).
    first, last = 4, 19
    in_range = produced[first : last + 1]
    run_batch_and_check(broker, workdir, raw, clean, in_range,
                        ["--starting-timestamp", str(t0 + 1000 * first - 500),
                         "--ending-timestamp", str(t0 + 1000 * last + 1)])
