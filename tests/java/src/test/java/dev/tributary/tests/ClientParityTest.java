package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Where client libraries see Kafka's details (issue 15), with the official Java client:
 * per-record errors in Produce (KIP-467), authorized operations (KIP-430) and the first
 * rebalance of an empty group through the delayed initial join. Each answer was diffed
 * against Apache Kafka 4.4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientParityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int INITIAL_DELAY_MS = 3000;

    private TributaryBroker broker;
    private Admin admin;

    @RegisterExtension
    final TestWatcher brokerLogOnFailure = TributaryBroker.logOnFailure(() -> broker);

    @BeforeAll
    void startBroker() throws Exception {
        broker = TributaryBroker.startLocal(
                Map.of("group.initial.rebalance.delay.ms", Integer.toString(INITIAL_DELAY_MS)));
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

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        get(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all());
    }

    /** 20 records in one batch to a compacted topic, 2 without a key: only those 2 are invalid. */
    @Test
    @Timeout(120)
    void onlyTheInvalidRecordsOfABatchFailWithInvalidRecord() throws Exception {
        String topic = unique("record-errors");
        createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1000);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.RETRIES_CONFIG, 0);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) {
                byte[] key = (i == 4 || i == 11) ? null : ("k" + i).getBytes();
                sent.add(producer.send(new ProducerRecord<>(topic, 0, key, ("v" + i).getBytes())));
            }
            producer.flush();
        }
        String keyless = "Compacted topic cannot accept message without key in topic partition " + topic + "-0";
        for (int i = 0; i < 20; i++) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, sent.get(i)::get, "record " + i);
            if (i == 4 || i == 11) {
                assertInstanceOf(InvalidRecordException.class, e.getCause(), "record " + i);
                assertEquals(keyless, e.getCause().getMessage());
            } else {
                // Refused only for sharing the batch: a plain KafkaException, retriable by the application.
                assertEquals(KafkaException.class, e.getCause().getClass(), "record " + i + ": " + e.getCause());
            }
        }
    }

    @Test
    @Timeout(60)
    void authorizedOperationsAreEveryOperationKafkaSupportsWithoutAnAuthorizer() throws Exception {
        String topic = unique("authorized-ops");
        createTopic(topic, 1, Map.of());
        Set<AclOperation> topicOps = get(admin.describeTopics(List.of(topic),
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames())
                .get(topic).authorizedOperations();
        assertEquals(EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE,
                AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                AclOperation.ALTER_CONFIGS), topicOps);
        Set<AclOperation> clusterOps = get(admin.describeCluster(
                new DescribeClusterOptions().includeAuthorizedOperations(true)).authorizedOperations());
        assertEquals(EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
                AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER,
                AclOperation.DESCRIBE), clusterOps);

        // A group with a member, so that it exists.
        String group = unique("g");
        try (KafkaConsumer<byte[], byte[]> c = consumer(group, "ops")) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (c.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100));
            }
            ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).all()).get(group);
            assertEquals(EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS), d.authorizedOperations());
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Two consumers start together and a third after the first initial delay ran out (within
     * the second, re-armed because members joined): all three land in generation 1, each
     * assigned once, 2 of the 6 partitions.
     */
    @Test
    @Timeout(120)
    void membersJoiningDuringTheInitialDelaysShareTheFirstGeneration() throws Exception {
        String topic = unique("first-rebalance");
        createTopic(topic, 6, Map.of());
        String group = unique("g");
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, List<Set<Integer>>> assigned = new HashMap<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "m" + i;
            List<Set<Integer>> mine = new ArrayList<>();
            assigned.put(name, mine);
            threads.add(new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> c = consumer(group, name)) {
                    c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                        }

                        @Override
                        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                            Set<Integer> ps = new TreeSet<>();
                            partitions.forEach(p -> ps.add(p.partition()));
                            synchronized (mine) {
                                mine.add(ps);
                            }
                        }
                    });
                    while (!stop.get()) {
                        c.poll(Duration.ofMillis(100));
                    }
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }, name));
        }
        threads.get(0).start();
        threads.get(1).start();
        Thread.sleep(INITIAL_DELAY_MS * 14 / 10);
        threads.get(2).start();
        long deadline = System.currentTimeMillis() + 45_000;
        while (System.currentTimeMillis() < deadline && !allAssigned(assigned)) {
            Thread.sleep(50);
        }
        // Stay a while: a second generation would assign again.
        Thread.sleep(2000);
        // What the group did up to now: once the first consumer closes, the
        // others rightly rebalance without it.
        Map<String, List<Set<Integer>>> seen = new HashMap<>();
        for (Map.Entry<String, List<Set<Integer>>> e : assigned.entrySet()) {
            synchronized (e.getValue()) {
                seen.put(e.getKey(), new ArrayList<>(e.getValue()));
            }
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(15_000);
        }
        assertTrue(failures.isEmpty(), "consumer failed: " + failures);
        Set<Integer> all = new TreeSet<>();
        for (Map.Entry<String, List<Set<Integer>>> e : seen.entrySet()) {
            synchronized (e.getValue()) {
                assertEquals(1, e.getValue().size(), e.getKey() + " assigned in several generations: " + seen);
                assertEquals(2, e.getValue().get(0).size(), e.getKey() + ": " + seen);
                all.addAll(e.getValue().get(0));
            }
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), all, seen.toString());
    }

    private static boolean allAssigned(Map<String, List<Set<Integer>>> assigned) {
        for (List<Set<Integer>> l : assigned.values()) {
            synchronized (l) {
                if (l.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }
}
