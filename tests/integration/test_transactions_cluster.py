"""Transactions in a three-node cluster (issue 18): the coordinator on one
node, the partitions' leaders on others, so that markers travel in
WriteTxnMarkers and the leaders verify transactional batches with the
coordinator (AddPartitionsToTxn v4) over the inter-broker listener; and
exactly-once under failures: a consume-transform-produce loop
(eos_worker.py) runs while the test SIGKILLs the transaction coordinator's
node, SIGSTOPs an output partition's leader and SIGKILLs the loop itself,
in an order and at times drawn from a seed. Afterwards a read_committed
read of the output holds every input exactly once (checker.py's
check_exactly_once) and the group's committed offsets cover the input."""

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

import checker
import kwire
from cluster import CLUSTER_OVERRIDES, module_cluster
from common import BIN, unique_topic, wait_until

OVERRIDES = {
    **CLUSTER_OVERRIDES,
    "transaction.state.log.num.partitions": "3",
    "transaction.state.log.replication.factor": "3",
    "transaction.state.log.min.isr": "2",
    "transaction.abort.timed.out.transaction.cleanup.interval.ms": "1000",
}
WORKER = Path(__file__).with_name("eos_worker.py")


@pytest.fixture(scope="module")
def cluster():
    yield from module_cluster(BIN, "tributary-it-txn-cluster-", OVERRIDES)


def transaction_coordinator(cluster, tid):
    """The node id FindCoordinator (key type 1) names for `tid`."""

    def ask():
        for n in cluster.running():
            try:
                with kwire.Conn(n.bootstrap, timeout=3) as conn:
                    body = kwire.string(tid) + kwire.i8(1)
                    r = kwire.Reader(conn.roundtrip(kwire.request(10, 1, body)))
                    r.i32(), r.i32()
                    err = r.i16()
                    r.string()
                    node = r.i32()
                    if err == 0:
                        return node
            except (OSError, ValueError):
                continue
        return None

    return wait_until(ask, 30, f"the coordinator of {tid}", 0.2)


def read_committed(bootstrap, topic, partitions, timeout=60):
    """Every record a read_committed consumer reads from each partition's
    start to its last stable offset: [(partition, offset, value)]."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": unique_topic("final"),
                  "isolation.level": "read_committed", "enable.auto.commit": False})
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        ends = {}
        for tp in tps:
            ends[tp.partition] = wait_until(
                lambda: _high(c, tp), timeout, f"the watermarks of {topic}[{tp.partition}]", 0.2)[1]
        c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
        got = []
        deadline = time.monotonic() + timeout
        while True:
            positions = {tp.partition: tp.offset for tp in c.position(tps)}
            if all(positions[p] >= ends[p] for p in ends):
                return got
            assert time.monotonic() < deadline, f"read to {positions} of {ends}"
            for m in c.consume(num_messages=1000, timeout=0.5):
                if m.error() is None:
                    got.append((m.partition(), m.offset(), m.value()))
    finally:
        c.close()


def _high(c, tp):
    try:
        return c.get_watermark_offsets(tp, timeout=5, cached=False)
    except Exception:
        return None


def committed_total(bootstrap, group, topic, partitions):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        got = c.committed([TopicPartition(topic, p) for p in range(partitions)], 15)
        return sum(max(tp.offset, 0) for tp in got)
    finally:
        c.close()


def test_transactions_across_brokers(cluster):
    """Partitions led by every node, one coordinator: committed records are
    read, aborted ones are not, with read_committed; all with read_uncommitted."""
    topic = unique_topic("txn-x")
    cluster.create_topic(topic, 6, 3)
    cluster.wait_full_isr(topic, 6, timeout=20)
    p = Producer({"bootstrap.servers": cluster.bootstrap, "transactional.id": unique_topic("x")})
    p.init_transactions(60)
    for prefix, commit in (("c", True), ("a", False), ("d", True)):
        p.begin_transaction()
        for i in range(60):
            p.produce(topic, f"{prefix}-{i}".encode(), partition=i % 6)
        if commit:
            p.commit_transaction(60)
        else:
            assert p.flush(60) == 0
            p.abort_transaction(60)
    values = sorted(v for _, _, v in read_committed(cluster.bootstrap, topic, 6))
    assert values == sorted(f"{x}-{i}".encode() for x in "cd" for i in range(60))


class Supervisor:
    """Runs eos_worker.py, starting it again whenever it fails or is killed,
    until it exits 0 (idle) or `stop` is called."""

    def __init__(self, args):
        self.args = args
        self.proc = None
        self.starts = 0
        self.done = threading.Event()
        self.stopping = False
        self.lock = threading.Lock()
        self.errors = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping:
            with self.lock:
                self.proc = subprocess.Popen([sys.executable, str(WORKER), *self.args],
                                             stderr=subprocess.PIPE, text=True)
                self.starts += 1
            _, err = self.proc.communicate()
            if self.proc.returncode == 0:
                self.done.set()
                return
            self.errors.append((self.proc.returncode, err.strip()[-300:]))
            time.sleep(0.5)

    def kill9(self):
        with self.lock:
            if self.proc and self.proc.poll() is None:
                self.proc.send_signal(signal.SIGKILL)

    def stop(self):
        self.stopping = True
        self.kill9()
        self.thread.join(30)


@pytest.mark.parametrize("seed", [1, 2])
def test_exactly_once_under_failures(cluster, seed):
    rng = random.Random(seed)
    cluster.heal()
    n_inputs, parts = 1500, 3
    src, dst = unique_topic("eos-in"), unique_topic("eos-out")
    group, tid = unique_topic("eos-g"), unique_topic("eos-tx")
    for t in (src, dst):
        cluster.create_topic(t, parts, 3)
        cluster.wait_full_isr(t, parts, timeout=20)
    p = Producer({"bootstrap.servers": cluster.bootstrap, "enable.idempotence": True})
    inputs = [f"{seed}-{i}".encode() for i in range(n_inputs)]
    for v in inputs:
        p.produce(src, v)
    assert p.flush(60) == 0

    worker = Supervisor([cluster.bootstrap, src, dst, group, tid, "10"])
    coordinator = cluster.node(transaction_coordinator(cluster, tid))
    leader_id = cluster.nodes[0].partitions(dst)[rng.randrange(parts)]["leader"]
    faults = ["kill_coordinator", "pause_leader", "kill_worker"]
    rng.shuffle(faults)
    log = []
    try:
        for fault in faults:
            time.sleep(rng.uniform(1.5, 3.0))
            assert not worker.done.is_set(), f"the loop finished before the faults {log}"
            if fault == "kill_coordinator":
                coordinator.kill9()
                time.sleep(rng.uniform(1.0, 3.0))
                coordinator.start()
            elif fault == "pause_leader":
                leader = cluster.node(leader_id)
                leader.pause()
                time.sleep(rng.uniform(2.0, 4.0))
                leader.resume()
            else:
                worker.kill9()
            log.append(fault)
        assert worker.done.wait(180), f"the loop did not finish (faults {log}, errors {worker.errors[-3:]})"
    finally:
        worker.stop()
    cluster.heal()
    outputs = read_committed(cluster.bootstrap, dst, parts)
    r = checker.check_exactly_once(inputs, outputs, lambda v: b"out-" + v)
    assert r.ok, f"seed {seed}, faults {log}, worker starts {worker.starts}:\n{r.summary()}"
    # The loop was killed once, and may have failed on the other faults.
    assert worker.starts >= 2, worker.starts
    print(f"\nFIGURE seed {seed}: faults {log}; the loop ran {worker.starts} times; {r.summary()}")
    assert committed_total(cluster.bootstrap, group, src, parts) == n_inputs
