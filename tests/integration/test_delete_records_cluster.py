"""DeleteRecords in a three-node cluster: followers take the leader's new log start
offset from their fetches, so every replica drops the records, and a new leader
after a failover still starts at the low watermark."""

from confluent_kafka import Consumer, Producer, TopicPartition

from common import unique_topic, wait_until
from test_cluster import cluster, cluster_nodes  # noqa: F401 (fixtures)

N = 100
TIMEOUT = 30


def earliest(bootstrap, topic):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused-watermarks"})
    try:
        return c.get_watermark_offsets(TopicPartition(topic, 0), timeout=TIMEOUT, cached=False)[0]
    finally:
        c.close()


def test_followers_drop_the_deleted_records_too(cluster):  # noqa: F811
    topic = unique_topic("truncate-cluster")
    node = cluster.running()[0]
    node.cli("topics", "create", topic, "--partitions", "1", "--replication-factor", "3",
             "--config", "segment.bytes=300")
    cluster.wait_full_isr(topic, 1)
    p = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "linger.ms": 100})
    for i in range(N):
        p.produce(topic, value=b"v%d" % i, partition=0)
        if i % 15 == 14:
            p.flush(TIMEOUT)
    assert p.flush(TIMEOUT) == 0
    cluster.wait_same_logs(topic, 1)

    out = node.cli("topics", "truncate", topic, "--partition", "0", "--before", "40").stdout
    assert out == "Partition 0: low watermark 40\n", out

    def every_replica_moved():
        for n in cluster.nodes:
            d = n.data_dir / f"{topic}-0"
            checkpoint = d / "log-start-offset-checkpoint"
            if not checkpoint.exists() or checkpoint.read_text() != "0\n40\n":
                return False
            first = n.replica_log(topic, 0)[0]
            if first[0] > 40 or first[1] < 30:  # the batch holding 40 comes first
                return False
        return True

    # The answer came once the followers in the ISR had moved theirs too.
    assert every_replica_moved(), "DeleteRecords answered before the followers moved"

    # Kill the leader: its successor, a former follower, starts at 40 too.
    leader = cluster.wait_full_isr(topic, 1)[0]["leader"]
    cluster.node(leader).kill9()
    others = [n for n in cluster.nodes if n.node_id != leader]
    bootstrap = cluster.bootstrap_of(others)
    wait_until(
        lambda: (ps := others[0].partitions(topic)) and ps[0]["leader"] not in (leader, -1),
        TIMEOUT, "a new leader",
        0.2,
    )
    assert wait_until(lambda: earliest(bootstrap, topic) == 40, TIMEOUT, "earliest offset 40 on the new leader", 0.5)
