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


def test_acl_apis_answer_security_disabled_without_an_authorizer(broker):
    """As Kafka without authorizer.class.name: SECURITY_DISABLED with Kafka's
    messages (kafka-acls --list prints it), not an unsupported API."""
    import pytest
    from confluent_kafka import KafkaException
    from confluent_kafka.admin import (AclBinding, AclBindingFilter, AclPermissionType, ResourcePatternType,
                                       ResourceType)

    import kwire

    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    any_acl = AclBindingFilter(ResourceType.ANY, None, ResourcePatternType.ANY, None, None,
                               AclOperation.ANY, AclPermissionType.ANY)
    # DescribeAcls v1 on the wire (librdkafka drops its top-level error):
    # ANY resource, null name, ANY pattern, null principal and host, ANY op and permission.
    body = kwire.i8(1) + kwire.string(None) + kwire.i8(1) + kwire.string(None) + kwire.string(None) \
        + kwire.i8(1) + kwire.i8(1)
    with kwire.Conn(broker.bootstrap) as conn:
        r = kwire.Reader(conn.roundtrip(kwire.request(29, 1, body, correlation_id=7)))
    assert (r.i32(), r.i32(), r.i16(), r.string(), r.i32()) == \
        (7, 0, 54, "No Authorizer is configured on the broker", 0)  # SECURITY_DISABLED, no resources
    binding = AclBinding(ResourceType.TOPIC, "t", ResourcePatternType.LITERAL, "User:alice", "*",
                         AclOperation.READ, AclPermissionType.ALLOW)
    for future in [admin.create_acls([binding])[binding], admin.delete_acls([any_acl])[any_acl]]:
        with pytest.raises(KafkaException, match="No Authorizer is configured.") as e:
            future.result(TIMEOUT)
        assert e.value.args[0].name() == "SECURITY_DISABLED"
