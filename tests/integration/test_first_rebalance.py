"""The first rebalance of an empty classic group goes through Kafka's delayed
initial join (issue 15, item 4).

Kafka's coordinator completes the first rebalance of an Empty group only from
a timer: after `group.initial.rebalance.delay.ms`, and again for another delay
while new members keep joining (up to the rebalance timeout). A JoinGroup never
completes it inline. So consumers that arrive over a few seconds all land in
generation 1, and each is assigned once.

Here two confluent-kafka consumers start together and a third arrives after
the first delay has run out but within the second: all three get 2 of the 6
partitions in their first and only assignment. (A broker that completed the
join as soon as the first delay passed gives the first two 3 partitions each,
then rebalances when the third arrives.)
"""

import threading
import time

from confluent_kafka import Consumer

from common import unique_topic, wait_until

DELAY_MS = 3000
PARTITIONS = 6


class Member:
    """A consumer polled by its own thread, recording every assignment it gets."""

    def __init__(self, bootstrap, topic, group, name):
        self.name = name
        self.assignments = []
        self.revocations = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.consumer = Consumer(
            {
                "bootstrap.servers": bootstrap,
                "group.id": group,
                "client.id": name,
                "session.timeout.ms": 10000,
                "heartbeat.interval.ms": 500,
                "enable.auto.commit": False,
            }
        )
        self.topic = topic
        self.thread = threading.Thread(target=self.run, daemon=True)

    def on_assign(self, consumer, partitions):
        with self.lock:
            self.assignments.append(sorted(p.partition for p in partitions))

    def on_revoke(self, consumer, partitions):
        with self.lock:
            self.revocations += 1

    def run(self):
        self.consumer.subscribe([self.topic], on_assign=self.on_assign, on_revoke=self.on_revoke)
        while not self.stop.is_set():
            self.consumer.poll(0.1)

    def seen(self):
        with self.lock:
            return list(self.assignments), self.revocations

    def close(self):
        self.stop.set()
        self.thread.join(10)
        self.consumer.close()


def test_members_joining_during_the_initial_delays_share_one_generation(fresh_broker):
    b = fresh_broker(overrides=[f"group.initial.rebalance.delay.ms={DELAY_MS}"])
    topic = unique_topic("first-rebalance")
    group = unique_topic("g")
    b.cli("topics", "create", topic, "--partitions", str(PARTITIONS))

    members = [Member(b.bootstrap, topic, group, f"m{i}") for i in range(3)]
    try:
        start = time.monotonic()
        members[0].thread.start()
        members[1].thread.start()
        # After the first delay ran out (the two joined within it, so the timer
        # was re-armed), before the second one does.
        time.sleep(DELAY_MS * 1.4 / 1000)
        members[2].thread.start()

        def all_assigned():
            return all(m.seen()[0] for m in members)

        wait_until(all_assigned, 30, "all three members assigned")
        elapsed = time.monotonic() - start
        # Stay a while: a second generation would reassign and revoke.
        time.sleep(2)
        seen = {m.name: m.seen() for m in members}
        for name, (assignments, _) in seen.items():
            assert len(assignments) == 1, f"{name} was assigned {len(assignments)} times (several generations): {seen}"
            assert len(assignments[0]) == 2, f"{name} got {assignments[0]}, not 2 of {PARTITIONS}: {seen}"
        owned = sorted(p for assignments, _ in seen.values() for p in assignments[0])
        assert owned == list(range(PARTITIONS)), seen
        # Two delays at least (the third member re-armed the timer once more).
        assert elapsed >= 2 * DELAY_MS / 1000, f"first generation after {elapsed:.1f}s"
    finally:
        for m in members:
            m.close()
