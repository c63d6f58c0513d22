"""Helpers of the cluster tests: a three-node tributary cluster of real processes
(every node a broker and a metadata controller), each node's own view of the
metadata (a raw Metadata v1 request to that node), replica logs read from the
data dirs, and a producer/consumer workload that records a history for checker.py.
"""

import json
import shutil
import signal
import sys
import tempfile
import struct
import subprocess
import threading
import time
from pathlib import Path

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition

import kwire
from common import READY_TIMEOUT, Broker, free_port, wait_until

# Short timeouts, so that fencing, ISR changes and rebalances happen in seconds.
CLUSTER_OVERRIDES = {
    "default.replication.factor": "3",
    "min.insync.replicas": "2",
    "offsets.topic.replication.factor": "3",
    "offsets.topic.num.partitions": "3",
    "group.initial.rebalance.delay.ms": "0",
    "broker.session.timeout.ms": "3000",
    "broker.heartbeat.interval.ms": "500",
    "replica.lag.time.max.ms": "3000",
    "leader.imbalance.check.interval.seconds": "3",
    "log.cleaner.backoff.ms": "100",
    # Tests compact and delete records in segments of a few KiB (common.SMALL_SEGMENTS).
    "internal.segment.bytes.floor": "14",
}


class Node(Broker):
    """One cluster node, started from its own properties file (`tributary broker --config`)."""

    def __init__(self, bin_path, base_dir, node_id, port, controller_port, name=None):
        super().__init__(bin_path, base_dir, port=port, name=name or f"node {node_id}")
        self.node_id = node_id
        self.controller_port = controller_port
        self.config_path = self.base_dir / f"node{node_id}.properties"
        self.paused = False

    def write_config(self, voters, overrides):
        props = {
            "process.roles": "broker,controller",
            "node.id": str(self.node_id),
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "controller.quorum.voters": voters,
            "log.dirs": str(self.data_dir),
            **overrides,
        }
        self.base_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text("".join(f"{k}={v}\n" for k, v in props.items()))

    def command(self):
        return [self.bin, "broker", "--config", str(self.config_path)]

    def pause(self):
        """SIGSTOP: the process stops dead, its sockets stay open (like a network
        partition). Returns once every thread of it is stopped."""
        self.proc.send_signal(signal.SIGSTOP)
        self.paused = True
        wait_until(self._all_threads_stopped, 5, f"{self.name} to stop", 0.005)

    def _all_threads_stopped(self):
        states = []
        for stat in Path(f"/proc/{self.proc.pid}/task").glob("*/stat"):
            try:
                states.append(stat.read_text().rsplit(")", 1)[1].split()[0])
            except (OSError, IndexError):
                pass
        return bool(states) and all(s in ("T", "t") for s in states)

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)
        self.paused = False

    def terminate(self):
        """SIGTERM without waiting (a controlled shutdown)."""
        if self.paused:
            self.resume()
        self.proc.send_signal(signal.SIGTERM)

    def kill9(self):
        code = super().kill9()
        self.paused = False
        return code

    def metadata(self, topics=None, timeout=2.0):
        """This node's own view: {"brokers": {id: (host, port)}, "controller": id,
        "topics": {name: {partition: {"leader", "replicas", "isr", "error"}}}}."""
        with kwire.Conn(self.bootstrap, timeout=timeout) as c:
            r = kwire.Reader(c.roundtrip(kwire.metadata_request_v1(topics)))
        r.i32()  # correlation id
        brokers = {}
        for _ in range(r.i32()):
            node_id, host, port = r.i32(), r.string(), r.i32()
            r.string()  # rack
            brokers[node_id] = (host, port)
        controller = r.i32()
        out = {}
        for _ in range(r.i32()):
            err, name = r.i16(), r.string()
            r.take(1)  # is_internal
            parts = {}
            for _ in range(r.i32()):
                perr, index, leader = r.i16(), r.i32(), r.i32()
                replicas = [r.i32() for _ in range(r.i32())]
                isr = [r.i32() for _ in range(r.i32())]
                parts[index] = {"leader": leader, "replicas": replicas, "isr": isr, "error": perr}
            out[name] = {"error": err, "partitions": parts}
        assert r.done(), "bytes left over in the Metadata v1 response"
        return {"brokers": brokers, "controller": controller, "topics": out}

    def partitions(self, topic, timeout=2.0):
        """{partition: {"leader", "replicas", "isr", "error"}} as this node sees `topic`
        (None when this node cannot answer)."""
        try:
            t = self.metadata([topic], timeout)["topics"].get(topic)
        except (OSError, ValueError, AssertionError):
            return None
        if t is None or t["error"] != 0:
            return None
        return t["partitions"]

    def replica_log(self, topic, partition):
        """The record batches of this node's replica of topic-partition, read from its
        segment files: [(base_offset, last_offset, crc)]. A torn batch at the end (being
        written) is left out."""
        out = []
        d = self.data_dir / f"{topic}-{partition}"
        for seg in sorted(d.glob("*.log")):
            data = seg.read_bytes()
            pos = 0
            while pos + 27 <= len(data):
                base, length = struct.unpack_from(">qi", data, pos)
                if length < 15 or pos + 12 + length > len(data):
                    break
                (crc,) = struct.unpack_from(">I", data, pos + 17)
                (last_delta,) = struct.unpack_from(">i", data, pos + 23)
                out.append((base, base + last_delta, crc))
                pos += 12 + length
        return out


def module_cluster(bin_path, prefix, overrides=None):
    """A module fixture's body: starts a cluster in a temporary folder, lists its
    nodes with conftest's brokers (whose log tails go into a failing test's
    report), yields it, then stops every node with SIGTERM and fails the test
    when one does not exit cleanly (a crash, or SIGTERM ignored)."""
    import pytest

    base = tempfile.mkdtemp(prefix=prefix)
    c = Cluster(bin_path, base, overrides=overrides)
    registry = getattr(sys.modules.get("conftest"), "_brokers_in_use", [])
    registry.extend(c.nodes)
    try:
        c.start()
        yield c
    finally:
        for n in c.nodes:
            if n.paused:
                n.resume()
        for n in c.nodes:
            if n.alive():
                n.proc.send_signal(signal.SIGTERM)
        bad = []
        for n in c.nodes:
            code = n.stop(timeout=15)  # waits for the SIGTERM above; SIGKILL after 15 s
            if code not in (0, None) and not n.killed:
                bad.append(f"{n.name} exited with {code} after SIGTERM; log tail:\n{n.log_tail()}")
        for n in c.nodes:
            registry.remove(n)
        shutil.rmtree(base, ignore_errors=True)
        if bad:
            pytest.fail("\n".join(bad))


class Cluster:
    """`size` nodes (all voters) on free ports, each with its own data dir under `base`."""

    def __init__(self, bin_path, base, size=3, overrides=None):
        self.base = Path(base)
        ports = [(free_port(), free_port()) for _ in range(size)]
        voters = ",".join(f"{i + 1}@127.0.0.1:{c}" for i, (_, c) in enumerate(ports))
        self.nodes = []
        for i, (port, cport) in enumerate(ports):
            n = Node(bin_path, self.base / f"node{i + 1}", i + 1, port, cport)
            n.write_config(voters, overrides or CLUSTER_OVERRIDES)
            self.nodes.append(n)

    def node(self, node_id):
        return self.nodes[node_id - 1]

    def running(self):
        return [n for n in self.nodes if n.alive() and not n.paused]

    def others(self, *nodes):
        ids = {n.node_id for n in nodes}
        return [n for n in self.nodes if n.node_id not in ids]

    @staticmethod
    def bootstrap_of(nodes):
        return ",".join(n.bootstrap for n in nodes)

    @property
    def bootstrap(self):
        return self.bootstrap_of(self.nodes)

    def start(self, timeout=READY_TIMEOUT):
        """Spawns every node, then waits for each to listen (a node listens only once
        the quorum has a leader), then for every broker to be live."""
        for n in self.nodes:
            n.spawn()
        for n in self.nodes:
            n.wait_ready(timeout)
        self.wait_all_live(timeout)
        return self

    def describe(self, via=None, timeout=10):
        """`tributary cluster describe --json` through the given (default: running) nodes,
        or None when that fails."""
        via = via or self.running()
        cmd = [self.nodes[0].bin, "cluster", "describe", "--json", "--bootstrap-server", self.bootstrap_of(via)]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        if r.returncode != 0:
            return None
        try:
            return json.loads(r.stdout)
        except ValueError:
            return None

    def broker_states(self, via=None):
        d = self.describe(via)
        return {b["id"]: b["state"] for b in d["brokers"]} if d else {}

    def wait_all_live(self, timeout=30):
        want = {n.node_id: "live" for n in self.nodes}
        wait_until(lambda: self.broker_states() == want, timeout, "every broker live in cluster describe", 0.2)

    def heal(self, timeout=30):
        """Brings every node back (resumed or restarted on its data dir) and waits until
        all brokers are live."""
        for n in self.nodes:
            if n.paused:
                n.resume()
        for n in self.nodes:
            if not n.alive():
                n.spawn()
        for n in self.nodes:
            n.wait_ready(timeout)
        self.wait_all_live(timeout)

    def create_topic(self, topic, partitions, rf=3, via=None, timeout=30):
        node = via or self.running()[0]
        node.cli("topics", "create", topic, "--partitions", str(partitions), "--replication-factor", str(rf),
                 timeout=timeout)

    def wait_full_isr(self, topic, partitions, timeout=30, via=None, members=None):
        """Every partition has a leader among `members` (default: every node) and all of
        them in its ISR, as every running node (or `via`) sees it."""
        members = set(members or [n.node_id for n in self.nodes])

        def ok():
            views = [via] if via else self.running()
            for n in views:
                ps = n.partitions(topic)
                if ps is None or len(ps) != partitions:
                    return False
                for p in ps.values():
                    if p["leader"] not in members or not members <= set(p["isr"]):
                        return False
            return ps

        return wait_until(ok, timeout, f"{topic}: leaders and ISR {sorted(members)} in every partition", 0.1)

    def wait_same_logs(self, topic, partitions, timeout=20):
        """Every replica of every partition holds the same batches (same offsets and CRCs),
        read from the data dirs. Returns {partition: log end offset}."""
        last = {}

        def same():
            ends = {}
            for p in range(partitions):
                logs = {n.node_id: n.replica_log(topic, p) for n in self.nodes}
                last[p] = {i: (l[-1][1] + 1 if l else 0, len(l)) for i, l in logs.items()}
                if len({tuple(l) for l in logs.values()}) != 1:
                    return None
                ends[p] = last[p][1][0]
            return ends

        try:
            return wait_until(same, timeout, "identical replica logs", 0.2)
        except AssertionError as e:
            raise AssertionError(f"{e}; (log end offset, batches) per node: {last}") from None


# ---------------------------------------------------------------------------
# Workload: a producer writing unique values and a concurrent consumer, recording
# a checker.History


class Workload:
    """A producer thread writing b"k-<n>" to partition n % partitions at `rate` messages
    per second (acks=all, idempotent), and a consumer thread reading every partition
    from the beginning. Outcomes and reads go into `history`; `acks` lists
    (partition, enqueued_at, acked_at) in monotonic time."""

    def __init__(self, history, bootstrap, topic, partitions, rate=300, producer_conf=None):
        self.history = history
        self.topic, self.partitions, self.rate = topic, partitions, rate
        conf = {
            "bootstrap.servers": bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "linger.ms": 5,
            "message.timeout.ms": 30000,
            "request.timeout.ms": 5000,
            # librdkafka waits socket.timeout.ms (60 s by default) for a request to a
            # broker that stopped answering (SIGSTOP) before it looks for a new leader.
            "socket.timeout.ms": 6000,
            "retry.backoff.ms": 100,
            "retry.backoff.max.ms": 500,
            "reconnect.backoff.ms": 100,
            "reconnect.backoff.max.ms": 500,
            "topic.metadata.refresh.fast.interval.ms": 100,
            "error_cb": self._on_error,
        }
        conf.update(producer_conf or {})
        self.producer = Producer(conf)
        self.consumer = Consumer(
            {
                "bootstrap.servers": bootstrap,
                "group.id": f"unused-{topic}",
                "enable.auto.commit": False,
                "enable.auto.offset.store": False,
                "fetch.wait.max.ms": 100,
                "socket.timeout.ms": 6000,
                "reconnect.backoff.max.ms": 500,
                "topic.metadata.refresh.fast.interval.ms": 100,
                "error_cb": lambda e: None,
            }
        )
        self.acks = []
        self.no_offset = []  # deliveries reported without an offset: (partition, value, s after start)
        self.started = time.monotonic()
        self.errors = []  # client-level errors (error_cb) and delivery errors, with times
        self.sent = 0
        self._stop = threading.Event()
        self._stop_consumer = threading.Event()
        self._threads = []
        self.failure = None  # an exception in a thread

    def _on_error(self, err):
        self.errors.append((time.monotonic(), f"client: {err}"))

    def _on_delivery(self, err, msg, enqueued_at):
        v = msg.value()
        if err is None:
            # confluent-kafka gives None when the client has no offset for the delivery.
            self.history.acked(v, msg.partition(), msg.offset())
            self.acks.append((msg.partition(), enqueued_at, time.monotonic()))
            if msg.offset() is None:
                self.no_offset.append((msg.partition(), v, round(time.monotonic() - self.started, 2)))
        else:
            self.history.failed(v, err)
            self.errors.append((time.monotonic(), f"delivery of {v!r}: {err}"))

    def _produce_loop(self):
        try:
            n = 0
            start = time.monotonic()
            while not self._stop.is_set():
                v = b"k-%d" % n
                p = n % self.partitions
                self.history.sent(v, p)
                t = time.monotonic()
                while True:
                    try:
                        self.producer.produce(
                            self.topic, v, partition=p, on_delivery=lambda e, m, t=t: self._on_delivery(e, m, t)
                        )
                        break
                    except BufferError:
                        self.producer.poll(0.05)
                n += 1
                self.sent = n
                self.producer.poll(0)
                ahead = start + n / self.rate - time.monotonic()
                if ahead > 0:
                    self.producer.poll(ahead)
        except Exception as e:  # noqa: BLE001 - reported by stop()
            self.failure = e

    def _consume_loop(self):
        try:
            self.consumer.assign([TopicPartition(self.topic, p, OFFSET_BEGINNING) for p in range(self.partitions)])
            while not self._stop_consumer.is_set():
                for m in self.consumer.consume(num_messages=1000, timeout=0.2):
                    if m.error() is None:
                        self.history.live_reads.append((m.partition(), m.offset(), m.value()))
        except Exception as e:  # noqa: BLE001
            self.failure = e

    def start(self):
        for f in (self._produce_loop, self._consume_loop):
            t = threading.Thread(target=f, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def acked_since(self, partition, since):
        """When the first message of `partition` enqueued at or after `since` was
        acknowledged (monotonic time), or None."""
        times = [a for p, e, a in list(self.acks) if p == partition and e >= since]
        return min(times) if times else None

    def stop(self, flush_timeout=35):
        """Stops producing, waits for the outstanding outcomes (those not in by then stay
        unknown), and stops the consumer."""
        self._stop.set()
        self._threads[0].join(10)
        left = self.producer.flush(flush_timeout)
        self._stop_consumer.set()
        self._threads[1].join(10)
        self.consumer.close()
        if self.failure:
            raise self.failure
        return left


def read_all(bootstrap, topic, partitions, timeout=30):
    """Every record of every partition from its start to its high watermark, read
    by a fresh consumer: [(partition, offset, value)]."""
    c = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"unused-final-{topic}",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "fetch.wait.max.ms": 100,
        }
    )
    try:
        ends = {}
        deadline = time.monotonic() + timeout
        for p in range(partitions):
            while True:  # a leadership may be moving (preferred leaders come back)
                try:
                    lo, hi = c.get_watermark_offsets(TopicPartition(topic, p), timeout=10, cached=False)
                    break
                except KafkaException as e:
                    # A new leader answers OFFSET_NOT_AVAILABLE until its
                    # high watermark reaches its epoch's start (KIP-207).
                    if not e.args[0].retriable() and e.args[0].code() not in (
                            KafkaError.NOT_LEADER_FOR_PARTITION, KafkaError.OFFSET_NOT_AVAILABLE):
                        raise
                    assert time.monotonic() < deadline, f"no watermarks for {topic}[{p}] in {timeout}s: {e}"
                    time.sleep(0.2)
            assert lo == 0, f"{topic}[{p}] starts at {lo}"
            ends[p] = hi
        got = {p: [] for p in range(partitions)}
        c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions) if ends[p] > 0])
        deadline = time.monotonic() + timeout
        while any(got[p][-1][1] + 1 < ends[p] if got[p] else ends[p] > 0 for p in got):
            assert time.monotonic() < deadline, f"read {[len(v) for v in got.values()]} of {ends} in {timeout}s"
            for m in c.consume(num_messages=5000, timeout=0.5):
                if m.error():
                    raise KafkaException(m.error())
                if m.offset() < ends[m.partition()]:
                    got[m.partition()].append((m.partition(), m.offset(), m.value()))
        return [r for p in sorted(got) for r in got[p]], ends
    finally:
        c.close()
