"""Apache Kafka 4.4's admin tools against a three-node cluster (issue 19):
`kafka-leader-election --election-type preferred` gives a partition back to
its preferred replica after that broker restarted (automatic rebalancing is
off here, so only the tool moves it)."""

import subprocess

import pytest

from cluster import CLUSTER_OVERRIDES, module_cluster
from common import BIN, kafka_tools_classpath, unique_topic, wait_until

OVERRIDES = {**CLUSTER_OVERRIDES, "auto.leader.rebalance.enable": "false"}


@pytest.fixture(scope="module")
def cluster():
    yield from module_cluster(BIN, "tributary-it-admin-cluster-", OVERRIDES)


def test_preferred_leader_election_moves_leadership_back(cluster):
    topic = unique_topic("elect")
    cluster.create_topic(topic, 3, 3)
    parts = cluster.wait_full_isr(topic, 3, timeout=20)
    preferred = parts[0]["replicas"][0]
    assert parts[0]["leader"] == preferred
    victim = cluster.node(preferred)
    victim.kill9()
    survivor = cluster.others(victim)[0]
    wait_until(lambda: (survivor.partitions(topic) or {}).get(0, {}).get("leader") not in (None, -1, preferred),
               20, "a new leader for partition 0", 0.2)
    victim.start()
    cluster.wait_all_live(timeout=30)
    cluster.wait_full_isr(topic, 3, timeout=30)
    assert survivor.partitions(topic)[0]["leader"] != preferred, "nothing moved it back but the tool"
    r = subprocess.run(["java", "-Xmx256m", "-cp", kafka_tools_classpath(),
                        "org.apache.kafka.tools.LeaderElectionCommand", "--bootstrap-server", cluster.bootstrap,
                        "--election-type", "preferred", "--topic", topic, "--partition", "0"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Successfully completed leader election (PREFERRED) for partitions {topic}-0" in r.stdout, r.stdout
    wait_until(lambda: all((n.partitions(topic) or {}).get(0, {}).get("leader") == preferred for n in cluster.nodes),
               20, f"node {preferred} leading partition 0 again in every node's view", 0.2)
