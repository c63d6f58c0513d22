package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Java client (kafka-clients) against Tributary: the admin client, and a
 * producer with default settings (idempotent, acks=all) whose messages a consumer reads back
 * intact in every codec.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaClientTest {
    private static final int PARTITIONS = 3;
    private static final int MESSAGES = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TributaryBroker broker;
    private Admin admin;

    /** Prints the broker's output when a test fails. */
    @RegisterExtension
    final TestWatcher brokerLogOnFailure = TributaryBroker.logOnFailure(() -> broker);

    @BeforeAll
    void startBroker() throws Exception {
        broker = TributaryBroker.startOrConnect();
        admin = broker.admin(TIMEOUT);
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void createTopic(String topic, int partitions) throws Exception {
        get(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
    }

    private TopicDescription describe(String topic) throws Exception {
        return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    }

    private static void assertPartitions(TopicDescription d, int expected, Node expectedLeader) {
        assertEquals(expected, d.partitions().size(), "partitions of " + d.name());
        for (int i = 0; i < expected; i++) {
            TopicPartitionInfo p = d.partitions().get(i);
            assertEquals(i, p.partition());
            assertNotNull(p.leader(), "leader of partition " + i);
            assertEquals(expectedLeader.id(), p.leader().id(), "leader of partition " + i);
            assertEquals(1, p.replicas().size(), "replicas of partition " + i);
            assertEquals(1, p.isr().size(), "ISR of partition " + i);
        }
    }

    // ------------------------------------------------------------------ admin

    @Test
    @Timeout(120)
    void describeClusterShowsOneBroker() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();
        Collection<Node> nodes = get(cluster.nodes());
        assertEquals(1, nodes.size(), "nodes: " + nodes);
        Node node = nodes.iterator().next();
        String[] hostPort = broker.bootstrap().split(":");
        assertEquals(Integer.parseInt(hostPort[hostPort.length - 1]), node.port(), "advertised port");
        Node controller = get(cluster.controller());
        assertNotNull(controller, "controller");
        String clusterId = get(cluster.clusterId());
        assertNotNull(clusterId, "cluster id");
        assertFalse(clusterId.isEmpty(), "cluster id");
    }

    @Test
    @Timeout(120)
    void topicLifecycle() throws Exception {
        String topic = uniqueTopic("java-admin");
        Node node = get(admin.describeCluster().nodes()).iterator().next();

        // createTopics, with one topic config.
        NewTopic newTopic = new NewTopic(topic, PARTITIONS, (short) 1)
                .configs(Map.of("retention.ms", "3600000"));
        get(admin.createTopics(List.of(newTopic)).all());

        // listTopics
        Set<String> names = get(admin.listTopics().names());
        assertTrue(names.contains(topic), "listTopics: " + names);

        // describeTopics
        TopicDescription d = describe(topic);
        assertEquals(topic, d.name());
        assertFalse(d.isInternal());
        assertNotNull(d.topicId());
        assertPartitions(d, PARTITIONS, node);

        // describeConfigs: the override, and a default.
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = get(admin.describeConfigs(List.of(resource)).all()).get(resource);
        assertNotNull(config, "describeConfigs result");
        ConfigEntry retention = config.get("retention.ms");
        assertNotNull(retention, "retention.ms in " + config);
        assertEquals("3600000", retention.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
        ConfigEntry cleanup = config.get("cleanup.policy");
        assertNotNull(cleanup, "cleanup.policy in " + config);
        assertEquals("delete", cleanup.value());
        assertTrue(cleanup.isDefault() || cleanup.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                "cleanup.policy is not an override: " + cleanup);

        // createPartitions: 3 -> 5.
        get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all());
        assertPartitions(describe(topic), 5, node);

        // deleteTopics: gone from listTopics.
        get(admin.deleteTopics(List.of(topic)).all());
        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (get(admin.listTopics().names()).contains(topic)) {
            if (System.currentTimeMillis() > deadline) {
                fail("topic " + topic + " still listed after deleteTopics");
            }
            Thread.sleep(100);
        }
        broker.assertAlive();
    }

    @Test
    @Timeout(120)
    void creatingAnExistingTopicFails() throws Exception {
        String topic = uniqueTopic("java-exists");
        createTopic(topic, PARTITIONS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all()));
        assertInstanceOf(TopicExistsException.class, e.getCause(), "cause: " + e.getCause());
        // The failed attempt changed nothing.
        assertPartitions(describe(topic), PARTITIONS,
                get(admin.describeCluster().nodes()).iterator().next());
        get(admin.deleteTopics(List.of(topic)).all());
    }

    @Test
    @Timeout(120)
    void adminErrorsMapToJavaExceptions() throws Exception {
        String missing = uniqueTopic("java-missing");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(admin.describeTopics(List.of(missing)).allTopicNames()));
        assertInstanceOf(UnknownTopicOrPartitionException.class, e.getCause(), "describeTopics: " + e.getCause());
        e = assertThrows(ExecutionException.class, () -> get(admin.deleteTopics(List.of(missing)).all()));
        assertInstanceOf(UnknownTopicOrPartitionException.class, e.getCause(), "deleteTopics: " + e.getCause());

        String topic = uniqueTopic("java-errors");
        createTopic(topic, PARTITIONS);
        e = assertThrows(ExecutionException.class,
                () -> get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all()));
        assertInstanceOf(InvalidPartitionsException.class, e.getCause(), "createPartitions 3 -> 2: " + e.getCause());
        e = assertThrows(ExecutionException.class, () -> get(admin.createTopics(List.of(
                new NewTopic(uniqueTopic("java-badcfg"), 1, (short) 1).configs(Map.of("retention.ms", "soon"))))
                .all()));
        assertInstanceOf(InvalidConfigurationException.class, e.getCause(), "bad retention.ms: " + e.getCause());
        get(admin.deleteTopics(List.of(topic)).all());
    }

    // ------------------------------------------------------ produce & consume

    /** What one sent message should look like when read back. */
    private record Expected(int index, byte[] key, byte[] value, long timestamp, List<Header> headers,
                            AtomicReference<RecordMetadata> metadata) {
    }

    private static Expected message(int i, String codec, long baseTimestamp) {
        byte[] key = ("key-" + (i % 1000) + "-" + i).getBytes(StandardCharsets.UTF_8);
        byte[] value;
        if (i % 97 == 0) {
            value = null; // a tombstone
        } else if (i % 101 == 0) {
            value = new byte[0];
        } else {
            // Compressible text of varying length, with the index in it.
            StringBuilder sb = new StringBuilder("value-" + i + "-" + codec + ":");
            for (int j = 0; j < i % 40; j++) {
                sb.append(" lorem ipsum ").append(j);
            }
            value = sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        // Timestamps are explicit and not monotonic: +-1 minute jitter around a day ago.
        long timestamp = baseTimestamp + i * 10L + ((i * 7919L) % 120_000) - 60_000;
        List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader("idx", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("codec", codec.getBytes(StandardCharsets.UTF_8)));
        if (i % 7 == 0) {
            headers.add(new RecordHeader("nullable", null));
        }
        if (i % 11 == 0) {
            headers.add(new RecordHeader("idx", new byte[] {0, (byte) 0xff, 1})); // repeated key, binary
            headers.add(new RecordHeader("ünïcødé", new byte[0]));
        }
        return new Expected(i, key, value, timestamp, headers, new AtomicReference<>());
    }

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    @Timeout(300)
    void defaultProducerRoundTrip(String codec) throws Exception {
        String topic = uniqueTopic("java-" + codec);
        createTopic(topic, PARTITIONS);
        long baseTimestamp = System.currentTimeMillis() - Duration.ofDays(1).toMillis();

        List<Expected> sent = new ArrayList<>(MESSAGES);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        AtomicReference<Exception> sendError = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < MESSAGES; i++) {
                Expected m = message(i, codec, baseTimestamp);
                sent.add(m);
                producer.send(new ProducerRecord<>(topic, null, m.timestamp(), m.key(), m.value(), m.headers()),
                        (metadata, exception) -> {
                            if (exception != null) {
                                sendError.compareAndSet(null, exception);
                            } else {
                                m.metadata().set(metadata);
                            }
                        });
            }
            producer.flush();
        }
        if (sendError.get() != null) {
            throw new AssertionError("send failed (" + codec + ")", sendError.get());
        }

        // Every send was acknowledged at a distinct offset, in its key's partition, and in
        // send order within each partition (the idempotent producer keeps order).
        Map<TopicPartition, List<Expected>> byPartition = new HashMap<>();
        for (Expected m : sent) {
            RecordMetadata md = m.metadata().get();
            assertNotNull(md, "no ack for message " + m.index());
            assertEquals(Utils.toPositive(Utils.murmur2(m.key())) % PARTITIONS, md.partition(),
                    "partition of message " + m.index());
            assertEquals(m.timestamp(), md.timestamp(), "acked timestamp of message " + m.index());
            byPartition.computeIfAbsent(new TopicPartition(topic, md.partition()), k -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<TopicPartition, List<Expected>> e : byPartition.entrySet()) {
            List<Expected> list = e.getValue();
            for (int j = 0; j < list.size(); j++) {
                assertEquals(j, list.get(j).metadata().get().offset(),
                        e.getKey() + ": offset of message " + list.get(j).index());
            }
        }
        assertEquals(PARTITIONS, byPartition.size(), "messages spread over every partition");

        // Read everything back from the beginning of every partition.
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> received = new HashMap<>();
        int total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            assertEquals(PARTITIONS, infos.size(), "partitionsFor");
            List<TopicPartition> tps = infos.stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);

            Map<TopicPartition, Long> end = consumer.endOffsets(tps, TIMEOUT);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, TIMEOUT);
            for (TopicPartition tp : tps) {
                assertEquals(0L, begin.get(tp), "beginning offset of " + tp);
                int n = byPartition.getOrDefault(tp, List.of()).size();
                assertEquals((long) n, end.get(tp), "end offset of " + tp);
            }

            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (total < MESSAGES && System.currentTimeMillis() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    received.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                            .add(r);
                    total++;
                }
            }
            // Nothing beyond what was sent.
            ConsumerRecords<byte[], byte[]> extra = consumer.poll(Duration.ofMillis(200));
            assertEquals(0, extra.count(), "records beyond the " + MESSAGES + " sent");
        }
        assertEquals(MESSAGES, total, "records read back (" + codec + ")");

        for (Map.Entry<TopicPartition, List<Expected>> e : byPartition.entrySet()) {
            TopicPartition tp = e.getKey();
            List<Expected> want = e.getValue();
            List<ConsumerRecord<byte[], byte[]>> got = received.getOrDefault(tp, List.of());
            assertEquals(want.size(), got.size(), "records of " + tp);
            for (int j = 0; j < want.size(); j++) {
                Expected m = want.get(j);
                ConsumerRecord<byte[], byte[]> r = got.get(j);
                String what = codec + " " + tp + " offset " + j + " (message " + m.index() + ")";
                assertEquals(j, r.offset(), what + ": offset");
                assertArrayEquals(m.key(), r.key(), what + ": key");
                assertArrayEquals(m.value(), r.value(), what + ": value");
                assertEquals(TimestampType.CREATE_TIME, r.timestampType(), what + ": timestamp type");
                assertEquals(m.timestamp(), r.timestamp(), what + ": timestamp");
                Header[] gotHeaders = r.headers().toArray();
                assertEquals(m.headers().size(), gotHeaders.length, what + ": header count");
                for (int h = 0; h < gotHeaders.length; h++) {
                    Header wantH = m.headers().get(h);
                    assertEquals(wantH.key(), gotHeaders[h].key(), what + ": header " + h + " key");
                    assertArrayEquals(wantH.value(), gotHeaders[h].value(),
                            what + ": header " + h + " value " + Arrays.toString(gotHeaders[h].value()));
                }
            }
        }
        broker.assertAlive();
        get(admin.deleteTopics(List.of(topic)).all());
    }
}
