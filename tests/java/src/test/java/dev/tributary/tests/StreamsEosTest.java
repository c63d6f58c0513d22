package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A Kafka Streams 4.4 word count (Maven Central's kafka-streams) with
 * processing.guarantee=exactly_once_v2 (issue 18): its transactions carry the repartition
 * records, the changelog, the output and the consumed offsets; the output, read_committed,
 * holds every word's exact count, each count once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsEosTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int LINES = 300;

    private TributaryBroker broker;
    private Admin admin;

    @RegisterExtension
    final TestWatcher brokerLogOnFailure = TributaryBroker.logOnFailure(() -> broker);

    @BeforeAll
    void startBroker() throws Exception {
        broker = TributaryBroker.startOrConnect(Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.num.partitions", "5",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
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

    @Test
    @Timeout(240)
    void wordCountIsExactlyOnce() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String input = "words-in-" + suffix;
        String output = "words-out-" + suffix;
        admin.createTopics(List.of(new NewTopic(input, 2, (short) 1), new NewTopic(output, 2, (short) 1)))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> expected = new TreeMap<>();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < LINES; i++) {
                String line = "w" + (i % 7) + " x" + (i % 11) + " w" + (i % 3);
                for (String w : line.split(" ")) {
                    expected.merge(w, 1L, Long::sum);
                }
                p.send(new ProducerRecord<>(input, Integer.toString(i), line));
            }
        }
        Path stateDir = Files.createTempDirectory("streams-eos");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "wordcount-" + suffix);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream(input)
                .flatMapValues(line -> Arrays.asList(line.split(" ")))
                .groupBy((key, word) -> word)
                .count(Materialized.as(Stores.inMemoryKeyValueStore("counts")))
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        Map<String, List<Long>> seen = new HashMap<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(c,
                    new StringDeserializer(), new LongDeserializer())) {
                List<TopicPartition> tps = List.of(new TopicPartition(output, 0), new TopicPartition(output, 1));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                long deadline = System.currentTimeMillis() + 180_000;
                while (System.currentTimeMillis() < deadline && !latest(seen).equals(expected)) {
                    for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(500))) {
                        seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                    }
                }
            }
        }
        assertEquals(expected, latest(seen));
        // Exactly once: every word's counts only grow; none is emitted twice.
        for (Map.Entry<String, List<Long>> e : seen.entrySet()) {
            List<Long> counts = e.getValue();
            for (int i = 1; i < counts.size(); i++) {
                assertTrue(counts.get(i) > counts.get(i - 1), e.getKey() + ": " + counts);
            }
        }
    }

    private static Map<String, Long> latest(Map<String, List<Long>> seen) {
        Map<String, Long> out = new TreeMap<>();
        seen.forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
        return out;
    }
}
