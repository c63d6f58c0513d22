"""A consume-transform-produce loop with confluent-kafka, for the
exactly-once cluster test (test_transactions_cluster.py): reads INPUT as
group GROUP at read_committed, writes b"out-" + value to OUTPUT in
transactions of TID that carry the consumed offsets
(send_offsets_to_transaction). Exits 0 once nothing has come for IDLE
seconds; any error exits 3 at once, and the supervisor starts it again (a
new process resumes from the committed offsets, and its
init_transactions fences and aborts what the old one left open).

Usage: eos_worker.py BOOTSTRAP INPUT OUTPUT GROUP TID IDLE"""

import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer


def main(bootstrap, input_topic, output, group, tid, idle):
    common = {"bootstrap.servers": bootstrap, "socket.timeout.ms": 6000}
    c = Consumer({**common, "group.id": group, "isolation.level": "read_committed",
                  "enable.auto.commit": False, "auto.offset.reset": "earliest",
                  "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
    p = Producer({**common, "transactional.id": tid, "transaction.timeout.ms": 10000,
                  "linger.ms": 5})
    p.init_transactions(60)
    c.subscribe([input_topic])
    last = time.monotonic()
    while time.monotonic() - last < idle:
        msgs = [m for m in c.consume(num_messages=20, timeout=0.5) if m.error() is None]
        if not msgs:
            continue
        last = time.monotonic()
        p.begin_transaction()
        for m in msgs:
            p.produce(output, key=m.value(), value=b"out-" + m.value())
        p.send_offsets_to_transaction(c.position(c.assignment()), c.consumer_group_metadata(), 30)
        p.commit_transaction(30)
        time.sleep(0.02)  # a few transactions a second: the faults land mid-run
    c.close()


if __name__ == "__main__":
    try:
        main(*sys.argv[1:6], float(sys.argv[6]))
    except KafkaException as e:
        print(f"eos_worker: {e}", file=sys.stderr, flush=True)
        sys.exit(3)
