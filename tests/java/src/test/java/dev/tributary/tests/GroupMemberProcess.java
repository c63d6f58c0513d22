package dev.tributary.tests;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A group member in a JVM of its own, so that a test can kill it without it leaving the group
 * (a crash): {@code KafkaConsumer.close(Duration.ZERO)} would still send LeaveGroup.
 *
 * <p>Arguments: the consumer properties as {@code key=value}, then {@code --topic=T} and
 * {@code --batch-delay-ms=N} (a pause after processing each poll batch, so that the member is
 * still busy when it is killed). It subscribes to the topic, and after every poll prints on
 * stdout (one line each, flushed):
 * <ul>
 *   <li>{@code PROCESSED p:o p:o ...} — the records of the batch, before committing them;</li>
 *   <li>{@code COMMITTED} or {@code COMMIT_FAILED <exception>} — the commitSync that follows;</li>
 *   <li>{@code ASSIGNED p,p,...} — whenever the assignment changed.</li>
 * </ul>
 */
public final class GroupMemberProcess {
    private GroupMemberProcess() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        String topic = null;
        long batchDelayMs = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            switch (key) {
                case "--topic" -> topic = value;
                case "--batch-delay-ms" -> batchDelayMs = Long.parseLong(value);
                default -> props.put(key, value);
            }
        }
        if (topic == null) {
            throw new IllegalArgumentException("--topic=T is required");
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Set<Integer> assigned = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    StringBuilder line = new StringBuilder("PROCESSED");
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        line.append(' ').append(r.partition()).append(':').append(r.offset());
                    }
                    out.println(line);
                    out.flush();
                    if (batchDelayMs > 0) {
                        Thread.sleep(batchDelayMs);
                    }
                    try {
                        consumer.commitSync();
                        out.println("COMMITTED");
                    } catch (KafkaException e) {
                        out.println("COMMIT_FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    out.flush();
                }
                Set<Integer> now = consumer.assignment().stream()
                        .map(TopicPartition::partition)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (!now.equals(assigned)) {
                    assigned = now;
                    out.println("ASSIGNED " + now.stream().map(String::valueOf).collect(Collectors.joining(",")));
                    out.flush();
                }
            }
        }
    }
}
