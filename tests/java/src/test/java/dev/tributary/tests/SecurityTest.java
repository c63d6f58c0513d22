package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Security with the official Java client (issue 17): a SASL_SSL listener with TLS (a PEM key
 * store made by openssl, a PEM trust store on the client, host name verification on), PLAIN
 * users from the listener's JAAS config, and SCRAM-SHA-512 users created with
 * Admin.alterUserScramCredentials; KIP-368 re-authentication across sessions; a wrong password
 * is a SaslAuthenticationException.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long REAUTH_MS = 3000;

    private TributaryBroker broker;
    private Path pki;
    private int saslSslPort;

    @RegisterExtension
    final TestWatcher brokerLogOnFailure = TributaryBroker.logOnFailure(() -> broker);

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    void startBroker() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TributaryBroker.canStartLocal(),
                "needs a broker of its own (TRIBUTARY_BIN)");
        pki = Files.createTempDirectory("tributary-java-pki-");
        openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Files.writeString(pki.resolve("broker.pem"),
                Files.readString(pki.resolve("key.pem")) + Files.readString(pki.resolve("cert.pem")));
        int plainPort = freePort();
        saslSslPort = freePort();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_SSL://127.0.0.1:" + saslSslPort);
        overrides.put("inter.broker.listener.name", "PLAINTEXT");
        overrides.put("ssl.keystore.location", pki.resolve("broker.pem").toString());
        overrides.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        overrides.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"admin-Pa55\";");
        overrides.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        overrides.put("connections.max.reauth.ms", Long.toString(REAUTH_MS));
        broker = TributaryBroker.startLocal(overrides, plainPort);
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private Properties client(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + saslSslPort);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", pki.resolve("cert.pem").toString());
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        return p;
    }

    @Test
    void scramUsersCreatedByAdminProduceAndConsumeOverSaslSsl() throws Exception {
        try (Admin admin = Admin.create(client("PLAIN", "admin", "admin-Pa55"))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("java-user",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "java-Pa55")))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            UserScramCredentialsDescription d = admin.describeUserScramCredentials(List.of("java-user"))
                    .description("java-user").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192)),
                    d.credentialInfos());
        }
        String topic = "java-scram-" + System.nanoTime();
        Properties pp = client("SCRAM-SHA-512", "java-user", "java-Pa55");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "first")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // Past the session's lifetime: the client re-authenticates on its connection (KIP-368).
            Thread.sleep(REAUTH_MS + 1000);
            producer.send(new ProducerRecord<>(topic, 0, "k", "second")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        Properties cp = client("SCRAM-SHA-512", "java-user", "java-Pa55");
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (values.size() < 2 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        assertEquals(List.of("first", "second"), values);
    }

    @Test
    void aWrongPasswordIsASaslAuthenticationException() {
        Properties pp = client("PLAIN", "admin", "not-the-Pa55");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            Exception e = assertThrows(Exception.class,
                    () -> producer.send(new ProducerRecord<>("any", "v")).get(30, TimeUnit.SECONDS));
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            assertInstanceOf(SaslAuthenticationException.class, cause, String.valueOf(cause));
            assertEquals("Authentication failed: Invalid username or password", cause.getMessage());
        }
    }
}
