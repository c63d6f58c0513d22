"""One member of a consumer group, run as a child process by test_groups.py.

    python group_member.py LIB BOOTSTRAP TOPIC GROUP PROTOCOL [MS_PER_MESSAGE]

LIB is "confluent" (confluent-kafka) or "kafka-python"; PROTOCOL is "classic" or
"consumer" (KIP-848, confluent only). It subscribes to TOPIC, reads from the earliest
offset where the group has no committed one, and never auto-commits. Each poll batch is
processed (written to stdout), then its offsets are committed synchronously
(commit-after-processing); it runs until killed or SIGTERM.

stdout carries one JSON object per line, flushed at once:
  {"assigned": [partitions]}              whenever its assignment changes
  {"processed": [[partition, offset]...]} a batch, before its commit
  {"committed": {partition: next_offset}} after the batch's commit succeeded
  {"commit_failed": "error"}              if it did not (the batch is re-read by whoever owns it next)
A batch is printed before it is committed, so an offset that was committed has always
been printed, even if the process is killed right after the commit.
Processing takes MS_PER_MESSAGE (default 5) per message, so that a test can kill a member
while the group still has work to do.
"""

import json
import os
import signal
import sys
import time

SESSION_TIMEOUT_MS = 6000
HEARTBEAT_INTERVAL_MS = 1000
MAX_BATCH = 50

stopping = False


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def on_sigterm(signum, frame):
    global stopping
    stopping = True


def process(batch, ms_per_message):
    """batch: [(partition, offset)] in poll order."""
    emit({"processed": batch})
    time.sleep(len(batch) * ms_per_message / 1000.0)


def run_confluent(bootstrap, topic, group, protocol, ms_per_message):
    from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

    conf = {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "client.id": f"member-{os.getpid()}",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "group.protocol": protocol,
    }
    if protocol == "classic":
        # With KIP-848 the broker owns these (group.consumer.* broker configs).
        conf["session.timeout.ms"] = SESSION_TIMEOUT_MS
        conf["heartbeat.interval.ms"] = HEARTBEAT_INTERVAL_MS
    c = Consumer(conf)
    c.subscribe([topic])
    assigned = None
    try:
        while not stopping:
            msgs = c.consume(MAX_BATCH, timeout=0.2)
            now = sorted(tp.partition for tp in c.assignment())
            if now != assigned:
                assigned = now
                emit({"assigned": now})
            batch = []
            for m in msgs:
                if m.error():
                    emit({"consume_error": str(m.error())})
                    if m.error().fatal() or m.error().code() == KafkaError._FATAL:
                        os._exit(3)  # close() can hang on a consumer in a fatal state
                    continue
                batch.append([m.partition(), m.offset()])
            if not batch:
                continue
            process(batch, ms_per_message)
            nxt = {}
            for p, o in batch:
                nxt[p] = max(nxt.get(p, 0), o + 1)
            try:
                c.commit(offsets=[TopicPartition(topic, p, o) for p, o in nxt.items()], asynchronous=False)
                emit({"committed": nxt})
            except KafkaException as e:
                emit({"commit_failed": str(e)})
    finally:
        c.close()


def run_kafka_python(bootstrap, topic, group, protocol, ms_per_message):
    from kafka import KafkaConsumer
    from kafka.errors import KafkaError
    from kafka.structs import OffsetAndMetadata, TopicPartition

    assert protocol == "classic", "kafka-python speaks only the classic group protocol"
    c = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        client_id=f"member-{os.getpid()}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=SESSION_TIMEOUT_MS,
        heartbeat_interval_ms=HEARTBEAT_INTERVAL_MS,
        max_poll_records=MAX_BATCH,
    )
    assigned = None
    try:
        while not stopping:
            records = c.poll(timeout_ms=200)
            now = sorted(tp.partition for tp in c.assignment())
            if now != assigned:
                assigned = now
                emit({"assigned": now})
            batch = [[r.partition, r.offset] for rs in records.values() for r in rs]
            if not batch:
                continue
            process(batch, ms_per_message)
            nxt = {}
            for p, o in batch:
                nxt[p] = max(nxt.get(p, 0), o + 1)
            try:
                c.commit({TopicPartition(topic, p): OffsetAndMetadata(o, "", -1) for p, o in nxt.items()})
                emit({"committed": nxt})
            except KafkaError as e:
                emit({"commit_failed": repr(e)})
    finally:
        c.close(autocommit=False)


def main():
    lib, bootstrap, topic, group, protocol = sys.argv[1:6]
    ms_per_message = float(sys.argv[6]) if len(sys.argv) > 6 else 5.0
    signal.signal(signal.SIGTERM, on_sigterm)
    emit({"started": os.getpid()})
    if lib == "confluent":
        run_confluent(bootstrap, topic, group, protocol, ms_per_message)
    elif lib == "kafka-python":
        run_kafka_python(bootstrap, topic, group, protocol, ms_per_message)
    else:
        sys.exit(f"unknown client library {lib!r}")


if __name__ == "__main__":
    main()
