package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Transactions with the official Java client (issue 18): commits and aborts seen by
 * read_committed and read_uncommitted consumers, zombie fencing by a second producer with the
 * same transactional id, consume-transform-produce with sendOffsetsToTransaction, and the
 * coordinator aborting a hung producer's transaction at its timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> BROKER_OVERRIDES = Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "transaction.state.log.num.partitions", "5",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "offsets.topic.replication.factor", "1",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private TributaryBroker broker;
    private Admin admin;

    @RegisterExtension
    final TestWatcher brokerLogOnFailure = TributaryBroker.logOnFailure(() -> broker);

    @BeforeAll
    void startBroker() throws Exception {
        broker = TributaryBroker.startOrConnect(BROKER_OVERRIDES);
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

    private String topic(int partitions) throws Exception {
        String name = unique("txn");
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return name;
    }

    private KafkaProducer<String, String> producer(String transactionalId, int timeoutMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** A producer outside transactions (the client's defaults). */
    private KafkaProducer<String, String> plainProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
                new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String isolation, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Every value a consumer at `isolation` reads from `topic`, waiting until `expected` or quiet. */
    private List<String> readAll(String topic, int partitions, String isolation, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer(isolation, null)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.currentTimeMillis() + 15_000;
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    values.add(r.value());
                }
                if (!records.isEmpty()) {
                    quietSince = System.currentTimeMillis();
                }
                if (values.size() >= expected && System.currentTimeMillis() - quietSince > 1000) {
                    break;
                }
            }
        }
        values.sort(null);
        return values;
    }

    private static List<String> values(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    private static void send(KafkaProducer<String, String> p, String topic, List<String> values) {
        for (String v : values) {
            p.send(new ProducerRecord<>(topic, v, v));
        }
    }

    @Test
    @Timeout(120)
    void abortedRecordsAreInvisibleToReadCommitted() throws Exception {
        String topic = topic(3);
        try (KafkaProducer<String, String> p = producer(unique("tx"), 60_000)) {
            p.initTransactions();
            p.beginTransaction();
            send(p, topic, values("c1", 10));
            p.commitTransaction();
            p.beginTransaction();
            send(p, topic, values("ab", 10));
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            send(p, topic, values("c2", 5));
            p.commitTransaction();
        }
        // The broker finalizes transaction.version=2: the Kafka 4 client runs Transactions V2,
        // where every end bumps the producer epoch (three ends: epoch 3 in the markers).
        TopicPartition tp0 = new TopicPartition(topic, 0);
        var producers = admin.describeProducers(List.of(tp0)).partitionResult(tp0)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).activeProducers();
        assertEquals(1, producers.size(), producers.toString());
        assertEquals(3, producers.get(0).producerEpoch(), producers.toString());
        List<String> committed = new ArrayList<>(values("c1", 10));
        committed.addAll(values("c2", 5));
        committed.sort(null);
        assertEquals(committed, readAll(topic, 3, "read_committed", 15));
        List<String> all = new ArrayList<>(committed);
        all.addAll(values("ab", 10));
        all.sort(null);
        assertEquals(all, readAll(topic, 3, "read_uncommitted", 25));
    }

    @Test
    @Timeout(120)
    void aSecondProducerFencesTheFirst() throws Exception {
        String topic = topic(1);
        String id = unique("zombie");
        try (KafkaProducer<String, String> zombie = producer(id, 60_000)) {
            zombie.initTransactions();
            zombie.beginTransaction();
            send(zombie, topic, values("zombie", 3));
            zombie.flush();
            try (KafkaProducer<String, String> successor = producer(id, 60_000)) {
                // Fences the zombie and aborts its open transaction.
                successor.initTransactions();
                successor.beginTransaction();
                send(successor, topic, values("next", 3));
                successor.commitTransaction();
            }
            KafkaException e = assertThrows(KafkaException.class, zombie::commitTransaction);
            assertTrue(e instanceof ProducerFencedException
                    || e.getCause() instanceof ProducerFencedException, e.toString());
        }
        assertEquals(values("next", 3), readAll(topic, 1, "read_committed", 3));
    }

    @Test
    @Timeout(180)
    void consumeTransformProduceCommitsOffsetsWithTheOutput() throws Exception {
        String input = topic(2);
        String output = topic(2);
        String group = unique("ctp");
        try (KafkaProducer<String, String> p = plainProducer()) {
            send(p, input, values("in", 40));
        }
        int copied = 0;
        try (KafkaProducer<String, String> p = producer(unique("ctp"), 60_000);
                KafkaConsumer<String, String> c = consumer("read_committed", group)) {
            p.initTransactions();
            c.subscribe(List.of(input));
            long deadline = System.currentTimeMillis() + 60_000;
            boolean abortedOnce = false;
            while (copied < 40 && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                p.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    p.send(new ProducerRecord<>(output, r.key(), "out-" + r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()),
                            new OffsetAndMetadata(r.offset() + 1));
                }
                p.sendOffsetsToTransaction(offsets, c.groupMetadata());
                if (!abortedOnce) {
                    // The first round is aborted: its output and offsets vanish, and the
                    // consumer goes back to the last committed offsets.
                    abortedOnce = true;
                    p.abortTransaction();
                    for (TopicPartition tp : c.assignment()) {
                        OffsetAndMetadata committed = c.committed(java.util.Set.of(tp)).get(tp);
                        c.seek(tp, committed == null ? 0 : committed.offset());
                    }
                    continue;
                }
                p.commitTransaction();
                copied += records.count();
            }
        }
        assertEquals(40, copied);
        List<String> expected = new ArrayList<>();
        for (String v : values("in", 40)) {
            expected.add("out-" + v);
        }
        expected.sort(null);
        assertEquals(expected, readAll(output, 2, "read_committed", 40));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long total = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        assertEquals(40, total, committed.toString());
    }

    @Test
    @Timeout(120)
    void theCoordinatorAbortsATransactionPastItsTimeout() throws Exception {
        String topic = topic(1);
        try (KafkaProducer<String, String> hung = producer(unique("hung"), 2_000)) {
            hung.initTransactions();
            hung.beginTransaction();
            send(hung, topic, values("hung", 3));
            hung.flush();
            // The broker checks every 500 ms; the transaction times out after 2 s.
            Thread.sleep(5_000);
            assertThrows(KafkaException.class, hung::commitTransaction);
        }
        // Plain records after it are readable: the LSO moved past the aborted transaction.
        try (KafkaProducer<String, String> p = plainProducer()) {
            send(p, topic, values("after", 2));
        }
        assertEquals(values("after", 2), readAll(topic, 1, "read_committed", 2));
    }
}
