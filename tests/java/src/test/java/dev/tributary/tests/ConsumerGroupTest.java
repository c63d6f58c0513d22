package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Consumer groups with the official Java client: the classic protocol (client-side assignors)
 * and the KIP-848 consumer protocol (server-side assignors), a member crash and its
 * partitions moving to the others with nothing skipped, committed offsets across a broker
 * restart and a kill -9, and the admin client's group operations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerGroupTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Session timeout of the members: the consumers' (classic) and the broker's (KIP-848). */
    private static final int SESSION_TIMEOUT_MS = 6000;
    /** How long after the session timeout a dead member's partitions may take to move. */
    private static final int REASSIGN_SLACK_MS = 5000;
    private static final Map<String, String> BROKER_OVERRIDES = Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "group.consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS),
            "group.consumer.heartbeat.interval.ms", "500");

    private static final int CRASH_PARTITIONS = 6;
    private static final int CRASH_MESSAGES = 6000;

    private TributaryBroker broker;
    private Admin admin;

    /** Prints the broker's output when a test fails. */
    @RegisterExtension
    final TestWatcher brokerLogOnFailure = TributaryBroker.logOnFailure(() -> broker);

    @BeforeAll
    void startBroker() throws Exception {
        broker = TributaryBroker.startOrConnect(BROKER_OVERRIDES);
        admin = admin(broker);
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

    // ------------------------------------------------------------- helpers

    private static Admin admin(TributaryBroker b) {
        return b.admin(TIMEOUT);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failureOf(KafkaFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        return e.getCause();
    }

    private static void createTopic(Admin a, String topic, int partitions) throws Exception {
        get(a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
    }

    /** Sends messages [from, to) keyed "key-i", value "value-i", and waits for every ack. */
    private static void produce(String bootstrap, String topic, int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AtomicReference<Exception> error = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i), (md, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (error.get() != null) {
            throw new AssertionError("send to " + topic + " failed", error.get());
        }
    }

    /** partition -> log end offset. */
    private static Map<Integer, Long> endOffsets(Admin a, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> out = new TreeMap<>();
        get(a.listOffsets(request).all()).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    /** partition -> committed offset of the group for the topic. */
    private static Map<Integer, Long> committed(Admin a, String group, String topic) throws Exception {
        Map<Integer, Long> out = new TreeMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e
                : get(a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                out.put(e.getKey().partition(), e.getValue().offset());
            }
        }
        return out;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedWithMetadata(Admin a, String group)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        get(a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om);
            }
        });
        return out;
    }

    @FunctionalInterface
    interface Check {
        /** null when the condition holds, else what is still wrong. */
        String problem() throws Exception;
    }

    /** Polls until the check passes `times` times in a row; fails with the last problem at the deadline. */
    private void await(String what, long timeoutMs, int times, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String problem = "not checked";
        int inARow = 0;
        while (true) {
            problem = check.problem();
            if (problem == null) {
                if (++inARow >= times) {
                    return;
                }
            } else {
                inARow = 0;
            }
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + timeoutMs + " ms waiting for " + what + ": " + problem);
            }
            broker.assertAlive();
            Thread.sleep(100);
        }
    }

    private static Properties consumerProps(String bootstrap, String group, String clientId,
                                            Map<String, String> extra) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putAll(extra);
        return c;
    }

    /** Client settings of a classic-protocol member with this assignor. */
    private static Map<String, String> classic(String assignor) {
        return Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
    }

    /** Client settings of a KIP-848 member (session and heartbeat come from the broker). */
    private static Map<String, String> consumerProtocol(String remoteAssignor) {
        return Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, remoteAssignor);
    }

    /** Offsets processed per partition, across members (at least once: duplicates are counted). */
    static final class Processed {
        private final Map<Integer, BitSet> offsets = new HashMap<>();
        private long total;
        private long duplicates;

        synchronized void add(int partition, long offset) {
            BitSet bits = offsets.computeIfAbsent(partition, p -> new BitSet());
            if (bits.get((int) offset)) {
                duplicates++;
            }
            bits.set((int) offset);
            total++;
        }

        synchronized long total() {
            return total;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        /** null if offsets 0..end-1 of every partition were processed (and nothing beyond). */
        synchronized String gaps(Map<Integer, Long> ends) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<Integer, Long> e : ends.entrySet()) {
                BitSet bits = offsets.getOrDefault(e.getKey(), new BitSet());
                int end = (int) (long) e.getValue();
                int firstMissing = bits.nextClearBit(0);
                if (firstMissing < end) {
                    int missing = end - bits.get(0, end).cardinality();
                    sb.append(" partition ").append(e.getKey()).append(": ").append(missing)
                            .append(" of ").append(end).append(" missing, first ").append(firstMissing).append(';');
                }
                if (bits.length() > end) {
                    sb.append(" partition ").append(e.getKey()).append(": offset ").append(bits.length() - 1)
                            .append(" beyond end ").append(end).append(';');
                }
            }
            return sb.length() == 0 ? null : sb.toString();
        }
    }

    /** A group member whose current assignment the test can read. */
    interface Member {
        String name();

        /** The partitions it owned after its last poll. */
        Set<Integer> assignment();
    }

    /** A member polling in a thread of this JVM, committing synchronously after each batch. */
    static final class ThreadMember implements Member, AutoCloseable {
        private final String name;
        private final Thread thread;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private final ConcurrentLinkedQueue<String> commitFailures = new ConcurrentLinkedQueue<>();
        private volatile Set<Integer> assignment = Set.of();

        ThreadMember(String name, Properties props, String topic, Processed processed) {
            this.name = name;
            this.thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                    consumer.subscribe(List.of(topic));
                    while (!stop.get()) {
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            processed.add(r.partition(), r.offset());
                        }
                        if (!records.isEmpty()) {
                            try {
                                consumer.commitSync();
                            } catch (CommitFailedException | RebalanceInProgressException e) {
                                // The batch will be delivered again (at least once).
                                commitFailures.add(e.getClass().getSimpleName());
                            }
                        }
                        assignment = consumer.assignment().stream()
                                .map(TopicPartition::partition)
                                .collect(Collectors.toCollection(TreeSet::new));
                    }
                } catch (Throwable t) {
                    error.set(t);
                }
            }, "member-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Integer> assignment() {
            return assignment;
        }

        void assertHealthy() {
            if (error.get() != null) {
                throw new AssertionError("member " + name + " failed", error.get());
            }
        }

        /** Stops polling and closes the consumer (it leaves the group). */
        @Override
        public void close() throws Exception {
            stop.set(true);
            thread.join(30_000);
            if (thread.isAlive()) {
                thread.interrupt();
                throw new AssertionError("member " + name + " did not stop");
            }
            assertHealthy();
        }
    }

    /** A member in a JVM of its own ({@link GroupMemberProcess}), so that it can crash. */
    static final class ProcessMember implements Member, AutoCloseable {
        private final String name;
        private final Process process;
        private final Thread reader;
        private final Processed processed;
        private final AtomicInteger processedHere = new AtomicInteger();
        private final AtomicInteger commits = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> commitFailures = new ConcurrentLinkedQueue<>();
        private volatile Set<Integer> assignment = Set.of();

        ProcessMember(String name, Properties props, String topic, long batchDelayMs, Processed processed)
                throws IOException {
            this.name = name;
            this.processed = processed;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", testClassPath(),
                    GroupMemberProcess.class.getName()));
            for (String key : props.stringPropertyNames()) {
                command.add(key + "=" + props.getProperty(key));
            }
            command.add("--topic=" + topic);
            command.add("--batch-delay-ms=" + batchDelayMs);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            process = pb.start();
            reader = new Thread(this::readOutput, "reader-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private static String testClassPath() {
            // Surefire runs the tests from a manifest-only jar; it names the real class path here.
            String cp = System.getProperty("surefire.test.class.path");
            return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
        }

        private void readOutput() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                int ch;
                while ((ch = in.read()) != -1) {
                    if (ch != '\n') {
                        line.append((char) ch);
                        continue;
                    }
                    // Only whole lines: a line cut short by the kill is ignored.
                    handle(line.toString());
                    line.setLength(0);
                }
            } catch (IOException e) {
                // The process died.
            }
        }

        private void handle(String line) {
            if (line.startsWith("PROCESSED ")) {
                for (String po : line.substring("PROCESSED ".length()).split(" ")) {
                    int colon = po.indexOf(':');
                    processed.add(Integer.parseInt(po.substring(0, colon)), Long.parseLong(po.substring(colon + 1)));
                    processedHere.incrementAndGet();
                }
            } else if (line.startsWith("ASSIGNED")) {
                String list = line.substring("ASSIGNED".length()).trim();
                Set<Integer> now = new TreeSet<>();
                if (!list.isEmpty()) {
                    for (String p : list.split(",")) {
                        now.add(Integer.parseInt(p));
                    }
                }
                assignment = now;
            } else if (line.equals("COMMITTED")) {
                commits.incrementAndGet();
            } else if (line.startsWith("COMMIT_FAILED")) {
                commitFailures.add(line);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Integer> assignment() {
            return process.isAlive() ? assignment : Set.of();
        }

        int processedHere() {
            return processedHere.get();
        }

        void assertAlive() {
            if (!process.isAlive()) {
                throw new AssertionError("member process " + name + " exited with status " + process.exitValue());
            }
        }

        /** SIGKILL: no LeaveGroup, no last commit. Waits until its output is read to the end. */
        void crash() throws Exception {
            process.destroyForcibly();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "member process " + name + " did not die");
            reader.join(10_000);
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                crash();
            }
        }
    }

    /**
     * null if every member owns at least one partition, no partition has two owners, all
     * `partitions` are owned, and the coordinator describes the group as Stable with these
     * members and these assignments.
     */
    private String unstable(String group, String topic, int partitions, List<? extends Member> members)
            throws Exception {
        Map<Integer, String> owners = new TreeMap<>();
        List<Set<Integer>> published = new ArrayList<>();
        for (Member m : members) {
            Set<Integer> a = m.assignment();
            published.add(a);
            if (a.isEmpty()) {
                return m.name() + " owns no partition; " + describeMembers(members);
            }
            for (int p : a) {
                String other = owners.put(p, m.name());
                if (other != null) {
                    return "partition " + p + " owned by " + other + " and " + m.name() + "; "
                            + describeMembers(members);
                }
            }
        }
        if (owners.size() != partitions) {
            return "owned partitions " + owners.keySet() + " of " + partitions + "; " + describeMembers(members);
        }
        ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
        if (d.groupState() != GroupState.STABLE || d.members().size() != members.size()) {
            return "coordinator: state " + d.groupState() + ", " + d.members().size() + " members; "
                    + describeMembers(members);
        }
        List<Set<Integer>> described = new ArrayList<>();
        for (MemberDescription md : d.members()) {
            described.add(md.assignment().topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(topic))
                    .map(TopicPartition::partition)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        if (!new HashSet<>(described).equals(new HashSet<>(published))) {
            return "coordinator describes assignments " + described + ", members own " + published;
        }
        return null;
    }

    private static String describeMembers(List<? extends Member> members) {
        return members.stream().map(m -> m.name() + "=" + m.assignment()).collect(Collectors.joining(", "));
    }

    // ------------------------------------------------- a member crashes

    @ParameterizedTest(name = "classic protocol, {0}")
    @ValueSource(strings = {"org.apache.kafka.clients.consumer.RangeAssignor",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"})
    @Timeout(150)
    void classicGroupSurvivesACrashedMember(String assignor) throws Exception {
        String shortName = assignor.substring(assignor.lastIndexOf('.') + 1);
        crashScenario("classic/" + shortName, classic(assignor),
                assignor.equals(RangeAssignor.class.getName()),
                assignor.equals(CooperativeStickyAssignor.class.getName()));
    }

    @ParameterizedTest(name = "consumer protocol (KIP-848), group.remote.assignor={0}")
    @ValueSource(strings = {"uniform", "range"})
    @Timeout(150)
    void consumerProtocolGroupSurvivesACrashedMember(String assignor) throws Exception {
        crashScenario("consumer/" + assignor, consumerProtocol(assignor), false, assignor.equals("uniform"));
    }

    /**
     * Three members (two threads here, one in a child JVM) share a 6-partition topic, each
     * committing synchronously after processing each batch. Once the group is stable, every
     * partition has exactly one owner; then the child JVM is killed (no LeaveGroup); its
     * partitions move to the other two within the session timeout; and every one of the 6,000
     * messages is processed at least once (none skipped), with the group's committed offsets
     * ending at the log end.
     *
     * @param contiguous the assignor gives each member a contiguous range of partitions
     * @param sticky     the survivors keep their partitions when the dead member's move
     */
    private void crashScenario(String label, Map<String, String> clientConfig, boolean contiguous, boolean sticky)
            throws Exception {
        long started = System.currentTimeMillis();
        String topic = unique("group-crash");
        String group = unique("crash-group");
        createTopic(admin, topic, CRASH_PARTITIONS);
        Processed processed = new Processed();

        List<ThreadMember> survivors = new ArrayList<>();
        try (ProcessMember victim = new ProcessMember("victim",
                consumerProps(broker.bootstrap(), group, "victim", withMaxPollRecords(clientConfig, 50)),
                topic, 25, processed)) {
            try {
                for (int i = 1; i <= 2; i++) {
                    survivors.add(new ThreadMember("member" + i,
                            consumerProps(broker.bootstrap(), group, "member" + i,
                                    withMaxPollRecords(clientConfig, 200)),
                            topic, processed));
                }
                List<Member> all = List.of(victim, survivors.get(0), survivors.get(1));

                // Stable: each partition owned by exactly one member (checked three times in a row).
                await(label + ": a stable group of 3", TIMEOUT.toMillis(), 3, () -> {
                    victim.assertAlive();
                    survivors.forEach(ThreadMember::assertHealthy);
                    return unstable(group, topic, CRASH_PARTITIONS, all);
                });
                long stableAt = System.currentTimeMillis();
                Map<String, Set<Integer>> before = new LinkedHashMap<>();
                for (Member m : all) {
                    before.put(m.name(), m.assignment());
                    assertEquals(CRASH_PARTITIONS / 3, m.assignment().size(),
                            label + ": balanced assignment " + describeMembers(all));
                    if (contiguous) {
                        assertContiguous(label, m);
                    }
                }

                // The first half, while all three are members; the victim is slow (25 ms per batch
                // of at most 50) so that it dies with work in flight.
                produce(broker.bootstrap(), topic, 0, CRASH_MESSAGES / 2);
                await(label + ": the victim processing records", TIMEOUT.toMillis(), 1,
                        () -> victim.processedHere() >= 100 ? null : "victim processed " + victim.processedHere());

                victim.crash();
                long killedAt = System.currentTimeMillis();
                int victimProcessed = victim.processedHere();

                // Its partitions move to the two others.
                await(label + ": the victim's partitions " + before.get("victim") + " moving to the survivors",
                        SESSION_TIMEOUT_MS + 30_000L, 1, () -> {
                            survivors.forEach(ThreadMember::assertHealthy);
                            return unstable(group, topic, CRASH_PARTITIONS, survivors);
                        });
                long movedAfterMs = System.currentTimeMillis() - killedAt;
                for (ThreadMember s : survivors) {
                    assertEquals(CRASH_PARTITIONS / 2, s.assignment().size(),
                            label + ": balanced assignment after the crash " + describeMembers(survivors));
                    if (contiguous) {
                        assertContiguous(label, s);
                    }
                    if (sticky) {
                        assertTrue(s.assignment().containsAll(before.get(s.name())),
                                label + ": " + s.name() + " kept its partitions " + before.get(s.name())
                                        + " (sticky), now " + s.assignment());
                    }
                }
                if (broker.isLocal()) {
                    assertTrue(movedAfterMs <= SESSION_TIMEOUT_MS + REASSIGN_SLACK_MS,
                            label + ": partitions moved " + movedAfterMs + " ms after the kill (session timeout "
                                    + SESSION_TIMEOUT_MS + " ms)");
                }

                // The second half, to the two survivors.
                produce(broker.bootstrap(), topic, CRASH_MESSAGES / 2, CRASH_MESSAGES);
                Map<Integer, Long> ends = endOffsets(admin, topic, CRASH_PARTITIONS);
                assertEquals(CRASH_MESSAGES, ends.values().stream().mapToLong(Long::longValue).sum(),
                        label + ": log end offsets " + ends);

                // At least once: every offset of every partition processed, none skipped.
                await(label + ": every message processed", TIMEOUT.toMillis(), 1, () -> {
                    survivors.forEach(ThreadMember::assertHealthy);
                    return processed.gaps(ends);
                });
                await(label + ": committed offsets at the log end", TIMEOUT.toMillis(), 1, () -> {
                    Map<Integer, Long> c = committed(admin, group, topic);
                    return c.equals(ends) ? null : "committed " + c + ", log end " + ends;
                });
                for (ThreadMember s : survivors) {
                    s.close();
                }
                for (String f : victim.commitFailures) {
                    assertTrue(f.startsWith("COMMIT_FAILED CommitFailedException")
                                    || f.startsWith("COMMIT_FAILED RebalanceInProgressException"),
                            label + ": unexpected commit failure of the victim: " + f);
                }
                System.out.printf("%s: stable %d ms after start; victim processed %d records, its partitions "
                                + "moved %d ms after the kill; %d records processed for %d messages (%d again); "
                                + "commit failures: victim %s, survivors %s%n",
                        label, stableAt - started, victimProcessed, movedAfterMs, processed.total(), CRASH_MESSAGES,
                        processed.duplicates(), victim.commitFailures,
                        survivors.stream().map(s -> s.name + "=" + s.commitFailures).collect(Collectors.joining(" ")));
            } finally {
                for (ThreadMember s : survivors) {
                    s.stop.set(true);
                }
                for (ThreadMember s : survivors) {
                    s.thread.join(30_000);
                }
            }
        }
        broker.assertAlive();
        get(admin.deleteConsumerGroups(List.of(group)).all());
        get(admin.deleteTopics(List.of(topic)).all());
    }

    private static Map<String, String> withMaxPollRecords(Map<String, String> config, int maxPollRecords) {
        Map<String, String> out = new HashMap<>(config);
        out.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        return out;
    }

    private static void assertContiguous(String label, Member m) {
        Set<Integer> a = m.assignment();
        int min = a.stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = a.stream().mapToInt(Integer::intValue).max().orElse(-1);
        assertEquals(max - min + 1, a.size(), label + ": " + m.name() + " owns a range of partitions, not " + a);
    }

    // ------------------------------------ committed offsets survive restarts

    @Test
    @Timeout(150)
    void committedOffsetsSurviveRestartAndKill() throws Exception {
        assumeTrue(TributaryBroker.canStartLocal(), "needs TRIBUTARY_BIN (a broker this test can restart)");
        try (TributaryBroker own = TributaryBroker.startLocal(BROKER_OVERRIDES); Admin a = admin(own)) {
            String topic = unique("offsets-durable");
            int partitions = 3;
            createTopic(a, topic, partitions);
            produce(own.bootstrap(), topic, 0, 300);
            String simple = unique("simple-group");   // commits of a consumer using assign()
            String member = unique("member-group");   // commits of a subscribed member, generation checked
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }

            Map<TopicPartition, OffsetAndMetadata> simpleOffsets = new HashMap<>(Map.of(
                    tps.get(0), new OffsetAndMetadata(10, "first"),
                    tps.get(1), new OffsetAndMetadata(20, ""),
                    tps.get(2), new OffsetAndMetadata(30, "ünïcødé metadata")));
            commitAssigned(own, simple, simpleOffsets);
            Map<Integer, Long> memberOffsets = consumeAllAndCommit(own, a, member, topic, partitions, 300);

            assertOffsets("before the restart", a, simple, simpleOffsets);
            assertEquals(memberOffsets, committed(a, member, topic), "member group before the restart");

            own.restart();
            assertOffsets("after a graceful restart", a, simple, simpleOffsets);
            assertEquals(memberOffsets, committed(a, member, topic), "member group after a graceful restart");

            // More commits: overwrite, delete one partition's offset, a member consuming more.
            simpleOffsets.put(tps.get(0), new OffsetAndMetadata(15, "second"));
            simpleOffsets.put(tps.get(2), new OffsetAndMetadata(35, null));
            commitAssigned(own, simple, Map.of(tps.get(0), simpleOffsets.get(tps.get(0)),
                    tps.get(2), simpleOffsets.get(tps.get(2))));
            get(a.deleteConsumerGroupOffsets(simple, Set.of(tps.get(1))).all());
            simpleOffsets.remove(tps.get(1));
            produce(own.bootstrap(), topic, 300, 420);
            memberOffsets = consumeAllAndCommit(own, a, member, topic, partitions, 120);
            assertEquals(420, memberOffsets.values().stream().mapToLong(Long::longValue).sum(), "member commits");
            assertOffsets("before kill -9", a, simple, simpleOffsets);

            own.kill();
            own.start();
            assertOffsets("after kill -9 and a start", a, simple, simpleOffsets);
            assertEquals(memberOffsets, committed(a, member, topic), "member group after kill -9");
            // A new member resumes at the committed offsets: nothing left to read.
            assertEquals(memberOffsets, consumeAllAndCommit(own, a, member, topic, partitions, 0),
                    "member group after re-reading nothing");
            own.assertAlive();
        }
    }

    /** Commits these offsets with a consumer that uses assign() (a "simple" commit, no generation). */
    private static void commitAssigned(TributaryBroker b, String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(b.bootstrap(), group,
                "simple-committer", classic(RangeAssignor.class.getName())))) {
            c.assign(offsets.keySet());
            c.commitSync(offsets, TIMEOUT);
        }
    }

    /**
     * A subscribed member reads exactly `expected` records (from the committed offsets),
     * commits after each batch, and leaves; returns the committed offsets.
     */
    private Map<Integer, Long> consumeAllAndCommit(TributaryBroker b, Admin a, String group, String topic,
                                                   int partitions, int expected) throws Exception {
        Map<Integer, Long> ends = endOffsets(a, topic, partitions);
        int read = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(b.bootstrap(), group,
                "member", classic(RangeAssignor.class.getName())))) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (System.currentTimeMillis() < deadline) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
                read += records.count();
                if (!records.isEmpty()) {
                    c.commitSync();
                }
                if (c.assignment().size() == partitions) {
                    boolean atEnd = true;
                    for (int p = 0; p < partitions; p++) {
                        atEnd &= c.position(new TopicPartition(topic, p)) >= ends.get(p);
                    }
                    if (atEnd) {
                        break;
                    }
                }
            }
            // Nothing more arrives.
            read += c.poll(Duration.ofMillis(300)).count();
            assertEquals(expected, read, "records read by a member of " + group);
            Map<Integer, Long> positions = new TreeMap<>();
            for (int p = 0; p < partitions; p++) {
                positions.put(p, c.position(new TopicPartition(topic, p)));
            }
            assertEquals(ends, positions, "positions after reading " + group);
            c.commitSync();
        }
        return committed(a, group, topic);
    }

    private static void assertOffsets(String when, Admin a, String group,
                                      Map<TopicPartition, OffsetAndMetadata> expected) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> got = committedWithMetadata(a, group);
        assertEquals(expected.keySet(), got.keySet(), group + " " + when + ": partitions with offsets " + got);
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : expected.entrySet()) {
            OffsetAndMetadata g = got.get(e.getKey());
            assertEquals(e.getValue().offset(), g.offset(), group + " " + when + ": offset of " + e.getKey());
            String wantMeta = e.getValue().metadata() == null ? "" : e.getValue().metadata();
            assertEquals(wantMeta, g.metadata(), group + " " + when + ": metadata of " + e.getKey());
        }
    }

    // -------------------------------------------- commit while revoking

    /**
     * The pattern of KafkaConsumer's documentation: commit in onPartitionsRevoked. With the
     * eager protocol the listener runs when the member learns of the rebalance, before it
     * rejoins (the group is PreparingRebalance); Kafka accepts a commit of the current
     * generation then (only CompletingRebalance answers REBALANCE_IN_PROGRESS).
     */
    @Test
    @Timeout(120)
    void classicMemberCommitsInOnPartitionsRevoked() throws Exception {
        String topic = unique("group-revoke");
        String group = unique("revoke-group");
        int partitions = 2;
        createTopic(admin, topic, partitions);
        produce(broker.bootstrap(), topic, 0, 100);
        Map<Integer, Long> ends = endOffsets(admin, topic, partitions);
        ConcurrentLinkedQueue<String> revocations = new ConcurrentLinkedQueue<>();
        Processed processed = new Processed();
        try (KafkaConsumer<byte[], byte[]> first = new KafkaConsumer<>(consumerProps(broker.bootstrap(), group,
                "first", classic(RangeAssignor.class.getName())))) {
            first.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    if (revoked.isEmpty()) {
                        return;
                    }
                    try {
                        first.commitSync();
                        revocations.add("committed " + revoked);
                    } catch (RuntimeException e) {
                        revocations.add("commit failed: " + e);
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                }
            });
            // Read everything, commit nothing yet.
            int read = 0;
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (read < 100 && System.currentTimeMillis() < deadline) {
                read += first.poll(Duration.ofMillis(100)).count();
            }
            assertEquals(100, read, "records read by the first member");
            assertEquals(Map.of(), committed(admin, group, topic), "nothing committed yet");

            // A second member joins: the first one's partitions are revoked, and it commits then.
            try (ThreadMember second = new ThreadMember("second", consumerProps(broker.bootstrap(), group, "second",
                    classic(RangeAssignor.class.getName())), topic, processed)) {
                deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
                int again = 0;
                while (revocations.isEmpty() && System.currentTimeMillis() < deadline) {
                    again += first.poll(Duration.ofMillis(100)).count();
                    second.assertHealthy();
                }
                assertEquals("committed [" + topic + "-0, " + topic + "-1]",
                        revocations.stream().findFirst().orElse("no revocation within " + TIMEOUT),
                        "the commit in onPartitionsRevoked");
                assertEquals(ends, committed(admin, group, topic), "offsets committed while revoking");
                assertEquals(0, again, "records the first member read again");
            }
        }
        assertEquals(0, processed.total(), "records the second member read again");
        get(admin.deleteTopics(List.of(topic)).all());
    }

    // ----------------------------------------------------------------- admin

    @Test
    @Timeout(120)
    void adminManagesClassicGroups() throws Exception {
        String topic = unique("group-admin");
        int partitions = 3;
        createTopic(admin, topic, partitions);
        produce(broker.bootstrap(), topic, 0, 60);
        Map<Integer, Long> ends = endOffsets(admin, topic, partitions);
        Set<TopicPartition> allTps = topicPartitions(topic, partitions);
        String activeGroup = unique("admin-classic");
        String emptyGroup = unique("admin-empty");
        Deviations deviations = new Deviations();

        // A group that consumed everything, committed, and whose member left: Empty.
        consumeAllAndCommit(broker, admin, emptyGroup, topic, partitions, 60);

        ConsumerGroupListing emptyListing;
        try (ThreadMember member = new ThreadMember("classic-member", consumerProps(broker.bootstrap(), activeGroup,
                "classic-member", classic(RangeAssignor.class.getName())), topic, new Processed())) {
            awaitStableAndCommitted(activeGroup, topic, partitions, member, ends);

            // listConsumerGroups: both groups, with their state and type.
            Map<String, ConsumerGroupListing> listed = listedGroups();
            assertListed(listed, activeGroup, GroupState.STABLE, GroupType.CLASSIC);
            assertListed(listed, emptyGroup, GroupState.EMPTY, GroupType.CLASSIC);
            emptyListing = listed.get(emptyGroup);

            // describeConsumerGroups: the member and its assignment.
            Map<String, ConsumerGroupDescription> described =
                    get(admin.describeConsumerGroups(List.of(activeGroup, emptyGroup)).all());
            ConsumerGroupDescription d = described.get(activeGroup);
            assertEquals(GroupState.STABLE, d.groupState(), "state: " + d);
            assertEquals(GroupType.CLASSIC, d.type(), "type: " + d);
            assertEquals("range", d.partitionAssignor(), "assignor: " + d);
            assertFalse(d.isSimpleConsumerGroup(), "simple: " + d);
            assertNotNull(d.coordinator(), "coordinator: " + d);
            assertOneMemberOwning(d, "classic-member", allTps);
            ConsumerGroupDescription de = described.get(emptyGroup);
            assertEquals(GroupState.EMPTY, de.groupState(), "empty group state: " + de);
            assertTrue(de.members().isEmpty(), "empty group members: " + de);

            // listConsumerGroupOffsets
            assertEquals(ends, committed(admin, emptyGroup, topic), "offsets of the empty group");
            assertEquals(ends, committed(admin, activeGroup, topic), "offsets of the active group");

            // The active group can be neither deleted nor have its offsets altered or deleted.
            assertActiveGroupProtected(activeGroup, topic, ends, deviations);

            // The empty group: alter, delete one partition's offset, delete the group.
            alterDeleteAndDelete(emptyGroup, topic, ends);
        }
        // The member has left: the group is empty now and can be deleted.
        awaitEmptyThenDelete(activeGroup, GroupType.CLASSIC);
        broker.assertAlive();
        get(admin.deleteTopics(List.of(topic)).all());
        // Kafka keeps the protocol type ("consumer") of a classic group whose members all left,
        // so the admin client does not take it for a "simple" group (one that only commits).
        deviations.check(!emptyListing.isSimpleConsumerGroup(),
                "a group whose subscribed member left is listed as a simple consumer group (ListGroups "
                        + "protocolType \"\", Kafka keeps \"consumer\"): " + emptyListing);
        deviations.assertNone();
    }

    @Test
    @Timeout(120)
    void adminManagesConsumerProtocolGroups() throws Exception {
        String topic = unique("group-admin848");
        int partitions = 3;
        createTopic(admin, topic, partitions);
        produce(broker.bootstrap(), topic, 0, 60);
        Map<Integer, Long> ends = endOffsets(admin, topic, partitions);
        Set<TopicPartition> allTps = topicPartitions(topic, partitions);
        String group = unique("admin-consumer");
        Deviations deviations = new Deviations();

        try (ThreadMember member = new ThreadMember("consumer-member", consumerProps(broker.bootstrap(), group,
                "consumer-member", consumerProtocol("uniform")), topic, new Processed())) {
            awaitStableAndCommitted(group, topic, partitions, member, ends);

            assertListed(listedGroups(), group, GroupState.STABLE, GroupType.CONSUMER);

            ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            assertEquals(GroupState.STABLE, d.groupState(), "state: " + d);
            assertEquals(GroupType.CONSUMER, d.type(), "type: " + d);
            assertEquals("uniform", d.partitionAssignor(), "assignor: " + d);
            assertNotNull(d.coordinator(), "coordinator: " + d);
            assertOneMemberOwning(d, "consumer-member", allTps);
            MemberDescription m = d.members().iterator().next();
            assertTrue(m.memberEpoch().orElse(0) > 0, "member epoch: " + m);
            assertEquals(allTps, m.targetAssignment().map(t -> t.topicPartitions()).orElse(null),
                    "target assignment: " + m);

            assertEquals(ends, committed(admin, group, topic), "offsets of the active group");
            assertActiveGroupProtected(group, topic, ends, deviations);
        }
        awaitEmptyThenDelete(group, GroupType.CONSUMER);
        broker.assertAlive();
        get(admin.deleteTopics(List.of(topic)).all());
        deviations.assertNone();
    }

    /** An empty KIP-848 group's offsets can be altered and deleted, and the group deleted. */
    @Test
    @Timeout(120)
    void adminAltersOffsetsOfAnEmptyConsumerProtocolGroup() throws Exception {
        String topic = unique("group-admin848e");
        int partitions = 3;
        createTopic(admin, topic, partitions);
        produce(broker.bootstrap(), topic, 0, 60);
        Map<Integer, Long> ends = endOffsets(admin, topic, partitions);
        String group = unique("admin-consumer-empty");
        // A member that joins, gets every partition, and leaves without committing.
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(broker.bootstrap(), group,
                "consumer-member", consumerProtocol("range")))) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (c.assignment().size() < partitions && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100));
            }
            assertEquals(partitions, c.assignment().size(), "assignment of the only member");
        }
        await(group + " empty after its member left", TIMEOUT.toMillis(), 1, () -> {
            ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            return d.groupState() == GroupState.EMPTY && d.members().isEmpty() ? null : d.toString();
        });
        get(admin.alterConsumerGroupOffsets(group, Map.of(
                new TopicPartition(topic, 2), new OffsetAndMetadata(ends.get(2)))).all());
        assertListed(listedGroups(), group, GroupState.EMPTY, GroupType.CONSUMER);
        alterDeleteAndDelete(group, topic, ends);
        get(admin.deleteTopics(List.of(topic)).all());
    }

    private static Set<TopicPartition> topicPartitions(String topic, int partitions) {
        Set<TopicPartition> out = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    private Map<String, ConsumerGroupListing> listedGroups() throws Exception {
        Map<String, ConsumerGroupListing> listed = new HashMap<>();
        for (ConsumerGroupListing l : get(admin.listConsumerGroups().all())) {
            listed.put(l.groupId(), l);
        }
        return listed;
    }

    private void awaitStableAndCommitted(String group, String topic, int partitions, ThreadMember member,
                                         Map<Integer, Long> ends) throws Exception {
        await(group + " stable with its member committed at the end", TIMEOUT.toMillis(), 1, () -> {
            member.assertHealthy();
            String u = unstable(group, topic, partitions, List.of(member));
            if (u != null) {
                return u;
            }
            Map<Integer, Long> c = committed(admin, group, topic);
            return c.equals(ends) ? null : "committed " + c + ", log end " + ends;
        });
    }

    /**
     * Deviations from Kafka that do not stop a test from checking the rest: collected, and
     * reported together at the end of the test.
     */
    static final class Deviations {
        private final List<String> found = new ArrayList<>();

        void check(boolean ok, String what) {
            if (!ok) {
                found.add(what);
            }
        }

        void assertNone() {
            if (!found.isEmpty()) {
                fail("deviations from Kafka:\n  " + String.join("\n  ", found));
            }
        }
    }

    /** DeleteGroups, a commit from outside the group and OffsetDelete are refused; nothing changes. */
    private void assertActiveGroupProtected(String group, String topic, Map<Integer, Long> ends,
                                            Deviations deviations) throws Exception {
        Throwable t = failureOf(admin.deleteConsumerGroups(List.of(group)).all());
        assertInstanceOf(GroupNotEmptyException.class, t, "deleting the active group " + group + ": " + t);
        t = failureOf(admin.alterConsumerGroupOffsets(group,
                Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))).all());
        // Kafka: a commit without member id and generation is refused with UNKNOWN_MEMBER_ID
        // while the group has members.
        deviations.check(t instanceof UnknownMemberIdException,
                "alterConsumerGroupOffsets on the active group " + group + " failed with " + t
                        + ", Kafka answers UnknownMemberIdException");
        t = failureOf(admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 0))).all());
        assertInstanceOf(GroupSubscribedToTopicException.class, t,
                "deleting offsets of a topic the active group " + group + " reads: " + t);
        assertEquals(ends, committed(admin, group, topic), "offsets of the active group " + group + ", unchanged");
        assertTrue(listedGroups().containsKey(group), group + " still listed");
    }

    /** On a group without members: alterConsumerGroupOffsets, deleteConsumerGroupOffsets, deleteConsumerGroups. */
    private void alterDeleteAndDelete(String group, String topic, Map<Integer, Long> ends) throws Exception {
        get(admin.alterConsumerGroupOffsets(group, Map.of(
                new TopicPartition(topic, 0), new OffsetAndMetadata(3, "rewound"),
                new TopicPartition(topic, 1), new OffsetAndMetadata(4))).all());
        Map<TopicPartition, OffsetAndMetadata> altered = committedWithMetadata(admin, group);
        assertEquals(3, altered.get(new TopicPartition(topic, 0)).offset(), "altered: " + altered);
        assertEquals("rewound", altered.get(new TopicPartition(topic, 0)).metadata(), "altered: " + altered);
        assertEquals(4, altered.get(new TopicPartition(topic, 1)).offset(), "altered: " + altered);
        assertEquals(ends.get(2), altered.get(new TopicPartition(topic, 2)).offset(), "not altered: " + altered);

        get(admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 2))).all());
        assertEquals(Map.of(0, 3L, 1, 4L), committed(admin, group, topic), "after deleting partition 2's offset");

        get(admin.deleteConsumerGroups(List.of(group)).all());
        assertFalse(listedGroups().containsKey(group), "deleted group " + group + " still listed");
        assertEquals(Map.of(), committed(admin, group, topic), "offsets of the deleted group " + group);
    }

    private void awaitEmptyThenDelete(String group, GroupType type) throws Exception {
        await(group + " empty after its member left", TIMEOUT.toMillis(), 1, () -> {
            ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            return d.groupState() == GroupState.EMPTY && d.members().isEmpty() ? null : d.toString();
        });
        assertListed(listedGroups(), group, GroupState.EMPTY, type);
        get(admin.deleteConsumerGroups(List.of(group)).all());
        assertFalse(listedGroups().containsKey(group), "deleted group " + group + " still listed");
    }

    private static void assertListed(Map<String, ConsumerGroupListing> listed, String group, GroupState state,
                                     GroupType type) {
        ConsumerGroupListing l = listed.get(group);
        assertNotNull(l, group + " in listConsumerGroups " + listed.keySet());
        assertEquals(Optional.of(state), l.groupState(), "state of " + l);
        assertEquals(Optional.of(type), l.type(), "type of " + l);
        if (state != GroupState.EMPTY) {
            assertFalse(l.isSimpleConsumerGroup(), "simple: " + l);
        }
    }

    private static void assertOneMemberOwning(ConsumerGroupDescription d, String clientId, Collection<TopicPartition> tps) {
        assertEquals(1, d.members().size(), "members: " + d);
        MemberDescription m = d.members().iterator().next();
        assertEquals(clientId, m.clientId(), "client id: " + m);
        assertFalse(m.consumerId().isEmpty(), "member id: " + m);
        assertFalse(m.host().isEmpty(), "host: " + m);
        assertEquals(new HashSet<>(tps), m.assignment().topicPartitions(), "assignment: " + m);
    }
}
