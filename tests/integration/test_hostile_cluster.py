"""Hostile clients against the cluster's own channels (issue 14, items 1, 10, 11):

- quorum frames sent to a client listener, or to the controller listener by a
  process that is not a node of the quorum, are refused with the connection closed,
  and the cluster metadata stays as it was;
- every listener has the same limits: a stalled frame or an idle connection on the
  controller listener is closed after connections.max.idle.ms, and the connection
  quotas (max.connections, max.connections.per.ip and its overrides) hold;
- only another broker of the cluster may fetch as a replica.

Sources other than 127.0.0.1 (127.0.0.5, ...) stand for other hosts: on loopback
any 127.x.y.z address can be bound.
"""

import json
import shutil
import struct
import tempfile
import time

import pytest
from confluent_kafka import Producer

import kwire
from cluster import CLUSTER_OVERRIDES, Cluster
from common import BIN, unique_topic, wait_until

RAFT_RPC_API_KEY = 30000
TOPIC_AUTHORIZATION_FAILED = 29
IDLE_MS = 2500

SINGLE_NODE = {
    **CLUSTER_OVERRIDES,
    "default.replication.factor": "1",
    "min.insync.replicas": "1",
    "offsets.topic.replication.factor": "1",
    "connections.max.idle.ms": str(IDLE_MS),
}


@pytest.fixture(scope="module")
def node():
    """One node that is a broker and the only voter of its metadata quorum."""
    base = tempfile.mkdtemp(prefix="tributary-it-hostile-cluster-")
    c = Cluster(BIN, base, size=1, overrides=SINGLE_NODE)
    try:
        c.start()
        yield c.nodes[0]
    finally:
        for n in c.nodes:
            n.stop()
        shutil.rmtree(base, ignore_errors=True)


def quorum_frame(request, sender=None, correlation_id=1):
    """A quorum request frame; `sender=None` gives the older frame without a sender id."""
    body = json.dumps(request).encode()
    head = struct.pack(">hhi", RAFT_RPC_API_KEY, 0, correlation_id)
    if sender is not None:
        head += struct.pack(">Q", sender)
    return kwire.frame(head + body)


def register(node_id, port):
    return {"Submit": {"type": "RegisterBroker", "node_id": node_id, "host": "127.0.0.1", "port": port, "rack": None}}


def delete_topic(name):
    return {"Submit": {"type": "DeleteTopic", "name": name}}


def assert_refused(bootstrap, frame, source=None, what=""):
    with kwire.Conn(bootstrap, source=source) as c:
        try:
            c.send(frame)
        except (BrokenPipeError, ConnectionResetError):
            return
        assert c.closed_by_peer(timeout=10), f"{what}: the connection stayed open"


def assert_metadata_intact(node, topic):
    meta = node.metadata([topic])
    assert meta["brokers"][node.node_id] == ("127.0.0.1", node.port), meta["brokers"]
    assert meta["topics"][topic]["error"] == 0, meta["topics"]


def produce(bootstrap, topic, n):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for i in range(n):
        p.produce(topic, value=f"m{i}".encode())
    assert p.flush(30) == 0


def test_quorum_frames_on_the_client_listener_are_refused(node):
    topic = unique_topic("q")
    node.cli("topics", "create", topic, "--partitions", "1", "--replication-factor", "1")
    for sender in (None, node.node_id):
        for request in (register(node.node_id, 1), delete_topic(topic)):
            assert_refused(node.bootstrap, quorum_frame(request, sender), what=f"{request} on the client listener")
    time.sleep(0.5)
    assert_metadata_intact(node, topic)


def test_quorum_frames_from_strangers_on_the_controller_listener_are_refused(node):
    topic = unique_topic("q")
    node.cli("topics", "create", topic, "--partitions", "1", "--replication-factor", "1")
    controller = f"127.0.0.1:{node.controller_port}"
    cases = [
        # Another host claiming to be voter 1, with and without a sender id.
        ("127.0.0.5", node.node_id, register(node.node_id, 1)),
        ("127.0.0.5", None, register(node.node_id, 1)),
        ("127.0.0.5", node.node_id, delete_topic(topic)),
        # An unknown node id, from the voter's own address.
        (None, 42, delete_topic(topic)),
        # Voter 1 speaking for another node, or asking for fencing.
        (None, node.node_id, register(7, 1)),
        (None, node.node_id, {"Submit": {"type": "FenceBroker", "node_id": node.node_id}}),
        # Raft RPCs from a node that is not a voter.
        (None, 42, {"Vote": {"vote": {"leader_id": {"term": 99, "node_id": 42}, "committed": False},
                             "last_log_id": None}}),
    ]
    for source, sender, request in cases:
        assert_refused(controller, quorum_frame(request, sender), source=source,
                       what=f"{request} from {source or '127.0.0.1'} as node {sender}")
    time.sleep(0.5)
    assert_metadata_intact(node, topic)
    assert node.alive()


def test_controller_listener_closes_stalled_frames_and_idle_connections(node):
    controller = f"127.0.0.1:{node.controller_port}"
    stalled = kwire.Conn(controller, source="127.0.0.5")
    idle_quorum = kwire.Conn(controller, source="127.0.0.5")
    idle_client = kwire.Conn(node.bootstrap)
    try:
        # 60 MiB announced, 1 MiB sent, then nothing.
        stalled.send(struct.pack(">i", 60 << 20) + struct.pack(">hhi", RAFT_RPC_API_KEY, 0, 1) + b"x" * (1 << 20))
        t0 = time.monotonic()
        for what, c in (("stalled frame", stalled), ("idle quorum connection", idle_quorum),
                        ("idle client connection", idle_client)):
            assert c.closed_by_peer(timeout=IDLE_MS / 1000 + 10), f"{what}: not closed"
        assert time.monotonic() - t0 < IDLE_MS / 1000 + 10
    finally:
        for c in (stalled, idle_quorum, idle_client):
            c.close()
    assert node.alive()


def api_versions_ok(c, correlation_id, timeout):
    c.sock.settimeout(timeout)
    corr, err, _ = kwire.parse_api_versions_v0(c.roundtrip(kwire.api_versions_request(0, correlation_id)))
    return corr == correlation_id and err == 0


def open_served(bootstrap, n, source=None):
    """`n` connections, each answered. The start-up probes' connections hold their
    slots until the broker sees them end: until then, try again."""

    def attempt():
        conns = [kwire.Conn(bootstrap, source=source) for _ in range(n)]
        try:
            for i, c in enumerate(conns):
                assert api_versions_ok(c, i, 2)
            return conns
        except (ConnectionError, OSError):
            for c in conns:
                c.close()
            return None

    return wait_until(attempt, 15, f"{n} connections served", 0.2)


def test_max_connections_per_ip_and_overrides(fresh_broker):
    b = fresh_broker(overrides=["max.connections.per.ip=3", "max.connections.per.ip.overrides=127.0.0.7:5"])
    held = open_served(b.bootstrap, 3)
    try:
        extra = kwire.Conn(b.bootstrap)
        assert extra.closed_by_peer(timeout=5), "a 4th connection from 127.0.0.1 was kept"
        extra.close()
        # Another IP has its own count, and its override.
        held += open_served(b.bootstrap, 5, source="127.0.0.7")
        sixth = kwire.Conn(b.bootstrap, source="127.0.0.7")
        assert sixth.closed_by_peer(timeout=5), "a 6th connection from 127.0.0.7 was kept"
        sixth.close()
        # A closed connection gives its slot back.
        held.pop(0).close()

        def served_again():
            with kwire.Conn(b.bootstrap) as c:
                try:
                    return api_versions_ok(c, 99, 2)
                except (ConnectionError, OSError):
                    return False

        wait_until(served_again, 10, "a new connection served once one closed", 0.2)
    finally:
        for c in held:
            c.close()
    assert b.alive()


def test_max_connections_waits_for_a_slot(fresh_broker):
    b = fresh_broker(overrides=["max.connections=3"])
    held = open_served(b.bootstrap, 3)
    try:
        # The 4th is not accepted (the kernel's backlog holds it) until one closes.
        waiting = kwire.Conn(b.bootstrap)
        held.append(waiting)
        waiting.send(kwire.api_versions_request(0, 50))
        waiting.sock.settimeout(1.5)
        with pytest.raises(TimeoutError):
            waiting.recv_exact(4)
        held.pop(0).close()
        waiting.sock.settimeout(10)
        corr, err, _ = kwire.parse_api_versions_v0(waiting.recv_frame())
        assert (corr, err) == (50, 0)
    finally:
        for c in held:
            c.close()


def fetch_as(topic, replica_id):
    """A Fetch v4 of `topic` partition 0 from offset 0 as `replica_id` (-1: a consumer)."""
    return kwire.fetch_request_v4([(topic, [(0, 0, 1 << 20)])], max_bytes=1 << 20, replica_id=replica_id)


def fetched(resp):
    """-> (error, high watermark, records) of the one partition of a Fetch v4 answer."""
    _, topics = kwire.parse_fetch_v4(resp)
    [(_, [(_, err, hw, records)])] = topics
    return err, hw, records or b""


def test_only_brokers_of_the_cluster_fetch_as_replicas(node):
    topic = unique_topic("f")
    node.cli("topics", "create", topic, "--partitions", "1", "--replication-factor", "1")
    produce(node.bootstrap, topic, 5)
    with kwire.Conn(node.bootstrap) as c:
        # A consumer's fetch is served.
        err, hw, records = fetched(c.roundtrip(fetch_as(topic, -1)))
        assert (err, hw) == (0, 5) and records
        # Claiming to be this broker itself, or a broker that is not registered.
        for replica_id in (node.node_id, 2, 12345):
            err, _, records = fetched(c.roundtrip(fetch_as(topic, replica_id)))
            assert err == TOPIC_AUTHORIZATION_FAILED, f"fetch as replica {replica_id}: error {err}"
            assert records == b""
    # Claiming to be broker 1 from another host.
    with kwire.Conn(node.bootstrap, source="127.0.0.5") as c:
        err, _, _ = fetched(c.roundtrip(fetch_as(topic, node.node_id)))
        assert err == TOPIC_AUTHORIZATION_FAILED
    assert node.alive()
