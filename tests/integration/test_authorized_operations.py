"""Authorized operations (KIP-430), as librdkafka's admin client asks for them: with no
authorizer, Kafka 4.4 answers every operation it supports on the resource (issue 15,
item 2). Without the request's flag, no operations are listed."""

from confluent_kafka import Consumer, TopicCollection
from confluent_kafka.admin import AclOperation, AdminClient, NewTopic

from common import unique_topic, wait_until

TIMEOUT = 30

TOPIC_OPS = {
    AclOperation.READ,
    AclOperation.WRITE,
    AclOperation.CREATE,
    AclOperation.DELETE,
    AclOperation.ALTER,
    AclOperation.DESCRIBE,
    AclOperation.DESCRIBE_CONFIGS,
    AclOperation.ALTER_CONFIGS,
}
GROUP_OPS = {
    AclOperation.READ,
    AclOperation.DELETE,
    AclOperation.DESCRIBE,
    AclOperation.DESCRIBE_CONFIGS,
    AclOperation.ALTER_CONFIGS,
}
CLUSTER_OPS = {
    AclOperation.CREATE,
    AclOperation.CLUSTER_ACTION,
    AclOperation.DESCRIBE_CONFIGS,
    AclOperation.ALTER_CONFIGS,
    AclOperation.IDEMPOTENT_WRITE,
    AclOperation.ALTER,
    AclOperation.DESCRIBE,
}


def ops(result):
    return set(result.authorized_operations or [])


def test_topic_cluster_and_group_operations_as_kafka_answers_them(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = unique_topic("authz")
    admin.create_topics([NewTopic(topic, 1, 1)], request_timeout=TIMEOUT)[topic].result(TIMEOUT)

    described = admin.describe_topics(TopicCollection([topic]), include_authorized_operations=True)
    assert ops(described[topic].result(TIMEOUT)) == TOPIC_OPS
    described = admin.describe_topics(TopicCollection([topic]), include_authorized_operations=False)
    assert ops(described[topic].result(TIMEOUT)) == set()

    assert ops(admin.describe_cluster(include_authorized_operations=True).result(TIMEOUT)) == CLUSTER_OPS
    assert ops(admin.describe_cluster(include_authorized_operations=False).result(TIMEOUT)) == set()

    group = unique_topic("authz-group")
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "auto.offset.reset": "earliest"})
    try:
        c.subscribe([topic])
        wait_until(lambda: c.poll(0.2) is None and c.assignment(), TIMEOUT, "the consumer's assignment")
        described = admin.describe_consumer_groups([group], include_authorized_operations=True)
        assert ops(described[group].result(TIMEOUT)) == GROUP_OPS
        described = admin.describe_consumer_groups([group], include_authorized_operations=False)
        assert ops(described[group].result(TIMEOUT)) == set()
    finally:
        c.close()
