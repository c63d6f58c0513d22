package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Dynamic broker configs beyond the topic defaults (issue 15, item 3), with the official Java
 * client's Admin.incrementalAlterConfigs and describeConfigs: Kafka 4.4's dynamic keys are
 * accepted per broker and as the cluster default, described with their source, sensitive ones
 * null, and the keys Kafka refuses are refused with its exception and words. Each answer was
 * diffed against Apache Kafka 4.4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamicBrokerConfigTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ConfigResource BROKER = new ConfigResource(ConfigResource.Type.BROKER, "1");
    private static final ConfigResource CLUSTER = new ConfigResource(ConfigResource.Type.BROKER, "");

    private TributaryBroker broker;
    private Admin admin;

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

    private static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void set(ConfigResource resource, String key, String value) throws Exception {
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all());
    }

    private Config describe(ConfigResource resource) throws Exception {
        DescribeConfigsOptions options = new DescribeConfigsOptions().includeSynonyms(true);
        return get(admin.describeConfigs(List.of(resource), options).all()).get(resource);
    }

    /**
     * The description of {@code resource} once {@code ready} holds (a change applies when the
     * broker replays it from the metadata log, just after the answer on Kafka).
     */
    private Config describeWhen(ConfigResource resource, Predicate<Config> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Config config = describe(resource);
        while (!ready.test(config) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            config = describe(resource);
        }
        return config;
    }

    private static boolean has(Config config, String key, ConfigEntry.ConfigSource source) {
        ConfigEntry entry = config.get(key);
        return entry != null && entry.source() == source;
    }

    /** The cause of a refused SET. */
    private Throwable refusal(ConfigResource resource, String key, String value) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> set(resource, key, value));
        return e.getCause();
    }

    @Test
    void perBrokerAndClusterDefaultKeysAreStoredAndDescribedWithTheirSource() throws Exception {
        set(BROKER, "sasl.kerberos.min.time.before.relogin", "1000");
        set(CLUSTER, "log.cleaner.threads", "2");
        set(BROKER, "max.connections", "1000");

        Config config = describeWhen(BROKER, c -> "1000".equals(c.get("max.connections").value())
                && has(c, "log.cleaner.threads", ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
        ConfigEntry relogin = config.get("sasl.kerberos.min.time.before.relogin");
        assertEquals("1000", relogin.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, relogin.source());
        assertEquals(ConfigEntry.ConfigType.LONG, relogin.type());
        assertFalse(relogin.isReadOnly());
        // Its synonyms: the broker's value, then Kafka's default.
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, relogin.synonyms().get(1).source());
        assertEquals("60000", relogin.synonyms().get(1).value());

        ConfigEntry threads = config.get("log.cleaner.threads");
        assertEquals("2", threads.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, threads.source());
        assertEquals("1000", config.get("max.connections").value());

        // The cluster default describes only what is set there.
        ConfigEntry onlyDefault = describe(CLUSTER).get("log.cleaner.threads");
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, onlyDefault.source());
        assertNull(describe(CLUSTER).get("sasl.kerberos.min.time.before.relogin"));
    }

    @Test
    void keysKafkaRefusesStayRefusedWithItsWords() {
        Throwable fixed = refusal(BROKER, "num.partitions", "3");
        assertInstanceOf(InvalidRequestException.class, fixed);
        assertEquals("Cannot update these configs dynamically: [num.partitions]", fixed.getMessage());

        Throwable perBroker = refusal(CLUSTER, "ssl.cipher.suites", "TLS_AES_128_GCM_SHA256");
        assertInstanceOf(InvalidRequestException.class, perBroker);
        assertEquals("Cannot update these configs at default cluster level, broker id must be specified: "
                + "[ssl.cipher.suites]", perBroker.getMessage());

        Throwable unprefixed = refusal(BROKER, "ssl.truststore.location", "/etc/ts.jks");
        assertInstanceOf(InvalidRequestException.class, unprefixed);
        assertEquals("These security configs can be dynamically updated only per-listener using the "
                + "listener prefix: [ssl.truststore.location]", unprefixed.getMessage());

        Throwable badType = refusal(BROKER, "sasl.kerberos.min.time.before.relogin", "soon");
        assertInstanceOf(InvalidRequestException.class, badType);
        assertEquals("Invalid value soon for configuration sasl.kerberos.min.time.before.relogin: "
                + "Not a number of type LONG", badType.getMessage());

        Throwable cleaner = refusal(BROKER, "log.cleaner.threads", "0");
        assertInstanceOf(InvalidRequestException.class, cleaner);
        assertEquals("/ by zero", cleaner.getMessage());

        AlterConfigOp append = new AlterConfigOp(new ConfigEntry("max.connections", "3"),
                AlterConfigOp.OpType.APPEND);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(admin.incrementalAlterConfigs(Map.of(BROKER, List.of(append))).all()));
        assertInstanceOf(InvalidConfigurationException.class, e.getCause());
        assertEquals("Config value append is not allowed for config key: max.connections",
                e.getCause().getMessage());
    }

    @Test
    void sensitiveKeysAreDescribedAsNull() throws Exception {
        set(BROKER, "listener.name.plaintext.ssl.keystore.password", "secret");
        set(BROKER, "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required;");
        Config config = describeWhen(BROKER,
                c -> has(c, "sasl.jaas.config", ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG));
        for (String key : List.of("listener.name.plaintext.ssl.keystore.password", "sasl.jaas.config")) {
            ConfigEntry entry = config.get(key);
            assertNull(entry.value(), key);
            assertTrue(entry.isSensitive(), key);
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, entry.source(), key);
            assertEquals(ConfigEntry.ConfigType.PASSWORD, entry.type(), key);
        }
        // A listener's key is read-only in the description, as on Kafka.
        assertTrue(config.get("listener.name.plaintext.ssl.keystore.password").isReadOnly());
        assertFalse(config.get("sasl.jaas.config").isReadOnly());
    }
}
