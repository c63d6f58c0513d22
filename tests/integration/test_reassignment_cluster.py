"""Partition reassignment on a three-node cluster (issue 19), with Kafka 4.4's
`kafka-reassign-partitions`: every partition of a topic moves to a new
replica set (one replica added, the leader removed) while an acks=all
producer and a consumer run; the metadata quorum leader is SIGKILLed right
after the move is started and comes back. The move completes (the tool's
--verify says so, the metadata shows the target replicas and no move in
progress, the removed replicas' directories are gone), every replica left
holds the same log, and the Jepsen-style checker finds no acknowledged write
lost. `--generate` proposes an assignment, `--cancel` takes a move back, and
`--throttle` holds a new replica's catch-up to its rate.
A broker is decommissioned: its partitions moved away, then unregistered
(`tributary cluster remove-broker`, refused while it still holds replicas)."""

import json
import subprocess
import time

import pytest
from confluent_kafka import Producer

import checker
from cluster import CLUSTER_OVERRIDES, Workload, module_cluster, read_all
from common import BIN, kafka_tools_classpath, unique_topic, wait_until

PARTITIONS = 3


@pytest.fixture(scope="module")
def cluster():
    yield from module_cluster(BIN, "tributary-it-reassign-", CLUSTER_OVERRIDES)


def reassign(cluster, tmp_path, *args, plan=None):
    cmd = ["java", "-Xmx256m", "-cp", kafka_tools_classpath(),
           "org.apache.kafka.tools.reassign.ReassignPartitionsCommand",
           "--bootstrap-server", cluster.bootstrap, *args]
    if plan is not None:
        f = tmp_path / f"plan-{time.monotonic_ns()}.json"
        f.write_text(json.dumps(plan))
        cmd += ["--reassignment-json-file", str(f)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def plan_of(topic, targets):
    return {"version": 1, "partitions": [
        {"topic": topic, "partition": p, "replicas": r} for p, r in sorted(targets.items())]}


def settled(cluster, topic, targets):
    """Every running node sees each partition on its target replicas, all in
    the ISR, led by one of them."""
    for n in cluster.running():
        ps = n.partitions(topic, timeout=2)
        if not ps:
            return False
        for p, target in targets.items():
            if ps[p]["replicas"] != target or sorted(ps[p]["isr"]) != sorted(target) or ps[p]["leader"] not in target:
                return False
    return True


def test_move_every_partition_under_load_with_a_controller_kill(cluster, tmp_path):
    topic = unique_topic("reassign")
    cluster.create_topic(topic, PARTITIONS, 2)
    before = wait_until(lambda: (lambda ps: ps if ps and all(sorted(p["isr"]) == sorted(p["replicas"]) for p in ps.values()) else None)(
        cluster.nodes[0].partitions(topic)), 20, "every replica in sync")
    # [a, b] led by a -> [b, c]: c is added, the leader a removed.
    targets = {}
    for p, s in before.items():
        a, b = s["replicas"]
        (c,) = {1, 2, 3} - {a, b}
        targets[p] = [b, c]

    history = checker.History()
    load = Workload(history, cluster.bootstrap, topic, PARTITIONS).start()
    victim = None
    try:
        wait_until(lambda: {p for p, _, _ in load.acks} == set(range(PARTITIONS)), 15, "acks from every partition")
        time.sleep(1.0)
        code, out = reassign(cluster, tmp_path, "--execute", plan=plan_of(topic, targets))
        assert code == 0, out
        assert "Successfully started partition reassignments" in out, out
        victim = cluster.node(cluster.describe()["quorum_leader"])
        victim.kill9()
        time.sleep(3.0)
        victim.start()
        cluster.wait_all_live(timeout=30)
        acked_before = len(load.acks)

        def verified():
            code, out = reassign(cluster, tmp_path, "--verify", plan=plan_of(topic, targets))
            assert code == 0, out
            return "still in progress" not in out and out

        out = wait_until(verified, 60, "kafka-reassign-partitions --verify reporting every move complete", 1.0)
        for p in range(PARTITIONS):
            assert f"Reassignment of partition {topic}-{p} is completed." in out, out
        wait_until(lambda: settled(cluster, topic, targets), 30, f"{topic} on its target replicas {targets}", 0.2)
        code, out = reassign(cluster, tmp_path, "--list")
        assert code == 0 and "No partition reassignments found." in out, out
        wait_until(lambda: len(load.acks) > acked_before + 300, 20, "writes acknowledged after the move")
    finally:
        if victim is not None and not victim.alive():
            victim.start()
        load.stop()
    # The removed replicas are deleted; the kept ones hold the same batches.
    for p, target in targets.items():
        gone = ({1, 2, 3} - set(target)).pop()
        wait_until(lambda: not (cluster.node(gone).data_dir / f"{topic}-{p}").exists(), 20,
                   f"node {gone}'s replica of {topic}-{p} deleted", 0.2)
        wait_until(lambda: len({tuple(cluster.node(r).replica_log(topic, p)) for r in target}) == 1, 20,
                   f"replicas {target} of {topic}-{p} holding the same log", 0.2)
    final, _ = read_all(cluster.bootstrap, topic, PARTITIONS)
    r = checker.check(history, final)
    print(f"\n[cluster figure] reassignment under load: {r.summary()}", flush=True)
    assert r.ok, f"history anomalies\n{r.summary(examples=10)}"


def test_generate_and_cancel(cluster, tmp_path):
    topic = unique_topic("reassign-cancel")
    cluster.create_topic(topic, 1, 1)
    wait_until(lambda: cluster.nodes[0].partitions(topic), 20, "the topic in the metadata")
    (f := tmp_path / "topics.json").write_text(json.dumps({"version": 1, "topics": [{"topic": topic}]}))
    code, out = reassign(cluster, tmp_path, "--generate", "--topics-to-move-json-file", str(f), "--broker-list", "1,2")
    assert code == 0, out
    proposed = json.loads(out.split("Proposed partition reassignment configuration")[1].strip().splitlines()[0])
    assert [p["replicas"][0] in (1, 2) for p in proposed["partitions"]] == [True], proposed

    [owner] = cluster.nodes[0].partitions(topic)[0]["replicas"]
    # Moving onto a stopped broker cannot complete: it stays in progress
    # until cancelled, and the cancel gives the partition its replica back.
    # (Kafka's tool refuses a target it does not see live; `tributary
    # partitions reassign` leaves that to the controller, which takes any
    # registered broker, as Kafka's does.)
    other = cluster.node(({1, 2, 3} - {owner}).pop())
    other.terminate()
    try:
        wait_until(lambda: cluster.broker_states(via=cluster.running()).get(other.node_id) == "fenced", 20,
                   f"node {other.node_id} fenced")
        out = cluster.running()[0].cli("partitions", "reassign", "--topic", topic, "--partition", "0",
                                       "--replicas", str(other.node_id)).stdout
        assert f"Successfully started partition reassignment for {topic}-0" in out, out
        code, out = reassign(cluster, tmp_path, "--list")
        assert f"{topic}-0: replicas: {other.node_id},{owner}. adding: {other.node_id}. removing: {owner}." in out, out
        # (Clearing throttles would ask the stopped broker too, and wait for it.)
        code, out = reassign(cluster, tmp_path, "--cancel", "--preserve-throttles",
                             plan=plan_of(topic, {0: [other.node_id]}))
        assert code == 0 and f"Successfully cancelled partition reassignment for: {topic}-0" in out, out
        code, out = reassign(cluster, tmp_path, "--list")
        assert "No partition reassignments found." in out, out
        assert cluster.running()[0].partitions(topic)[0]["replicas"] == [owner]
    finally:
        other.start()
        cluster.wait_all_live(timeout=30)


def log_bytes(node, topic, partition):
    return sum(f.stat().st_size for f in (node.data_dir / f"{topic}-{partition}").glob("*.log"))


def test_throttled_move(cluster, tmp_path):
    """`--throttle` (100 kB/s) holds a new replica back: 4 MB take far longer
    than unthrottled (where they copy in well under a second), while the
    in-sync replica is never held back; with the rates removed the move
    completes."""
    topic = unique_topic("reassign-throttle")
    cluster.create_topic(topic, 1, 1)
    [src] = wait_until(lambda: (cluster.nodes[0].partitions(topic) or {}).get(0), 20, "the topic")["replicas"]
    dst = ({1, 2, 3} - {src}).pop()
    # acks=1: one replica, under the cluster's min.insync.replicas=2.
    p = Producer({"bootstrap.servers": cluster.bootstrap, "linger.ms": 20, "acks": 1})
    for i in range(4000):
        p.produce(topic, b"x" * 1000, partition=0)
    assert p.flush(30) == 0
    total = log_bytes(cluster.node(src), topic, 0)
    assert total > 4_000_000, total
    code, out = reassign(cluster, tmp_path, "--execute", "--throttle", "100000",
                         plan=plan_of(topic, {0: [src, dst]}))
    assert code == 0 and "The inter-broker throttle limit was set to 100000 B/s" in out, out
    time.sleep(3.0)
    copied = log_bytes(cluster.node(dst), topic, 0)
    code, out = reassign(cluster, tmp_path, "--list")
    assert f"{topic}-0: replicas: {src},{dst}. adding: {dst}." in out, (out, copied)
    # A fresh rate lets 10 windows' worth (1 MB) through at once, and each
    # side may overshoot by one fetch (1 MB); the rest waits on the rate.
    assert copied < total - 1_000_000, f"{copied} of {total} bytes copied in 3 s at 100 kB/s"
    for n in cluster.nodes:
        n.cli("configs", "alter", "--broker", str(n.node_id), "--delete-config", "leader.replication.throttled.rate,follower.replication.throttled.rate")
    wait_until(lambda: (lambda r: r[0] == 0 and "is completed" in r[1])(
        reassign(cluster, tmp_path, "--verify", plan=plan_of(topic, {0: [src, dst]}))), 60, "the move complete", 1.0)
    assert log_bytes(cluster.node(dst), topic, 0) == total


def test_decommission_a_broker(cluster, tmp_path):
    """`tributary cluster remove-broker` refuses while node 3 holds replicas;
    once kafka-reassign-partitions has moved every partition it holds
    (internal topics included) to nodes 1 and 2, node 3 is stopped and
    unregistered, and Kafka's `kafka-cluster unregister` of it then answers
    BROKER_ID_NOT_REGISTERED. Restarted, node 3 registers again."""
    one, victim = cluster.node(1), cluster.node(3)
    r = one.cli("cluster", "remove-broker", "--id", "3", check=False)
    assert r.returncode == 1 and "broker 3 still holds" in r.stderr, r.stdout + r.stderr
    targets = {}
    for topic, t in one.metadata()["topics"].items():
        for p, s in t["partitions"].items():
            if 3 in s["replicas"]:
                target = [x for x in s["replicas"] if x != 3]
                target += [y for y in (1, 2) if y not in target][: len(s["replicas"]) - len(target)]
                targets[(topic, p)] = target
    assert targets, "node 3 holds nothing to move"
    plan = {"version": 1, "partitions": [
        {"topic": t, "partition": p, "replicas": r} for (t, p), r in sorted(targets.items())]}
    code, out = reassign(cluster, tmp_path, "--execute", plan=plan)
    assert code == 0, out
    wait_until(lambda: (lambda r: r[0] == 0 and "still in progress" not in r[1])(
        reassign(cluster, tmp_path, "--verify", plan=plan)), 60, "every move off node 3 complete", 1.0)
    victim.terminate()
    try:
        r = one.cli("cluster", "remove-broker", "--id", "3")
        assert "Broker 3 is no longer registered." in r.stdout, r.stdout
        r = subprocess.run(["java", "-Xmx256m", "-cp", kafka_tools_classpath(), "org.apache.kafka.tools.ClusterTool",
                            "unregister", "--bootstrap-server", one.bootstrap, "--id", "3"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode != 0 and "Broker ID 3 is not currently registered" in r.stdout + r.stderr, r.stdout + r.stderr
    finally:
        victim.start()
    cluster.wait_all_live(timeout=30)
