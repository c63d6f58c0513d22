package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Security with the official Java client (issue 17), its part of the security matrix (the Python
 * clients' part is tests/integration/test_security_matrix.py). One broker with TLS from a test CA
 * made by openssl (PEM key stores, a PEM trust store on the client, host name verification on):
 * <ul>
 *   <li>a SASL_SSL listener with PLAIN (users of the listener's JAAS config), SCRAM-SHA-256 and
 *       SCRAM-SHA-512 (users created with Admin.alterUserScramCredentials) and OAUTHBEARER: Kafka's
 *       OAuthBearerLoginCallbackHandler reads the token from a file:// token endpoint (let in by
 *       the system property org.apache.kafka.sasl.oauthbearer.allowed.urls, which Kafka 4.x
 *       requires); the token is an RS256 JWT signed here with java.security, and the broker checks
 *       it against a file:// JWKS written from the public key;
 *   <li>an SSL listener that requires a client certificate (mTLS; the client's key store a PEM
 *       file with key and certificate), whose DN ssl.principal.mapping.rules maps to a short name.
 * </ul>
 * The StandardAuthorizer is on, with only User:admin a super user, and each way of authenticating
 * is a principal of its own with ACLs for its own topic and group only: its round trip proves the
 * client was authenticated as that very name, and a produce to a topic whose ACLs name someone
 * else is a TopicAuthorizationException. Also: KIP-368 re-authentication across sessions, and a
 * wrong password is a SaslAuthenticationException.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long REAUTH_MS = 3000;
    private static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    /** A topic with ACLs for someone else only. */
    private static final String FORBIDDEN = "java-forbidden";
    private static final String MAPPING = "RULE:^CN=([a-z0-9-]+),OU=Java,O=Tributary,C=PT$/$1/,DEFAULT";

    private TributaryBroker broker;
    private Path pki;
    private int saslSslPort;
    private int sslPort;
    private String tokenUrl;

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

    /** A key and a certificate signed by the test CA: {@code name}.key, {@code name}.crt. */
    private static void signedCertificate(Path dir, String name, String subject, String extensions)
            throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
        // Kafka's PEM key store: the (PKCS#8) key, then the certificate.
        Files.writeString(dir.resolve(name + "-keystore.pem"),
                Files.readString(dir.resolve(name + ".key")) + Files.readString(dir.resolve(name + ".crt")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String b64url(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    /** A BigInteger's magnitude without the sign byte, as a JWK wants it. */
    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** An RS256 JWT of {@code claims} (JSON), signed with {@code key}. */
    private static String jwt(KeyPair key, String claims) throws Exception {
        String input = b64url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"java-idp\"}"
                .getBytes(StandardCharsets.UTF_8)) + "." + b64url(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key.getPrivate());
        rs256.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64url(rs256.sign());
    }

    @BeforeAll
    void startBroker() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TributaryBroker.canStartLocal(),
                "needs a broker of its own (TRIBUTARY_BIN)");
        pki = Files.createTempDirectory("tributary-java-pki-");
        openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=Java Test CA");
        signedCertificate(pki, "broker", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        signedCertificate(pki, "client", "/C=PT/O=Tributary/OU=Java/CN=java-mtls", "extendedKeyUsage=clientAuth");

        // The identity provider: its key in a JWKS for the broker, a token signed by it in a
        // file for the client.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair idp = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) idp.getPublic();
        Files.writeString(pki.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"java-idp\",\"alg\":\"RS256\","
                + "\"use\":\"sig\",\"n\":\"" + b64url(unsigned(pub.getModulus())) + "\",\"e\":\""
                + b64url(unsigned(pub.getPublicExponent())) + "\"}]}");
        long now = System.currentTimeMillis() / 1000;
        Path token = pki.resolve("token.jwt");
        Files.writeString(token, jwt(idp, "{\"sub\":\"java-oauth\",\"aud\":\"kafka\",\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}"));
        tokenUrl = token.toUri().toString();
        System.setProperty(ALLOWED_URLS, tokenUrl);

        int plainPort = freePort();
        saslSslPort = freePort();
        sslPort = freePort();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_SSL://127.0.0.1:" + saslSslPort
                + ",SSL://127.0.0.1:" + sslPort);
        overrides.put("inter.broker.listener.name", "PLAINTEXT");
        overrides.put("ssl.keystore.type", "PEM");
        overrides.put("ssl.keystore.location", pki.resolve("broker-keystore.pem").toString());
        overrides.put("ssl.truststore.type", "PEM");
        overrides.put("ssl.truststore.location", pki.resolve("ca.pem").toString());
        overrides.put("listener.name.ssl.ssl.client.auth", "required");
        overrides.put("listener.name.ssl.ssl.principal.mapping.rules", MAPPING);
        overrides.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER");
        overrides.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"admin-Pa55\" "
                        + "user_java-plain=\"plain-Pa55\";");
        for (String scram : List.of("scram-sha-256", "scram-sha-512")) {
            overrides.put("listener.name.sasl_ssl." + scram + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        overrides.put("listener.name.sasl_ssl.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        overrides.put("listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        overrides.put("sasl.oauthbearer.jwks.endpoint.url", pki.resolve("jwks.json").toUri().toString());
        overrides.put("sasl.oauthbearer.expected.audience", "kafka");
        overrides.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        overrides.put("super.users", "User:admin");
        overrides.put("group.initial.rebalance.delay.ms", "0");
        overrides.put("connections.max.reauth.ms", Long.toString(REAUTH_MS));
        broker = TributaryBroker.startLocal(overrides, plainPort);

        try (Admin admin = Admin.create(saslSsl("PLAIN", plain("admin", "admin-Pa55")))) {
            admin.createTopics(List.of(new NewTopic(FORBIDDEN, 1, (short) 1))).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, FORBIDDEN,
                    PatternType.LITERAL), new AccessControlEntry("User:someone-else", "*", AclOperation.ALL,
                    AclPermissionType.ALLOW)))).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @AfterAll
    void stopBroker() throws Exception {
        System.clearProperty(ALLOWED_URLS);
        if (broker != null) {
            broker.close();
        }
    }

    private static String plain(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String scram(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private Properties tls(int port, String protocol) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", pki.resolve("ca.pem").toString());
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        return p;
    }

    private Properties saslSsl(String mechanism, String jaas) {
        Properties p = tls(saslSslPort, "SASL_SSL");
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", jaas);
        return p;
    }

    private Properties oauthBearer() {
        Properties p = saslSsl("OAUTHBEARER",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        p.put("sasl.login.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        p.put("sasl.oauthbearer.token.endpoint.url", tokenUrl);
        return p;
    }

    private Properties mutualTls() {
        Properties p = tls(sslPort, "SSL");
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.location", pki.resolve("client-keystore.pem").toString());
        return p;
    }

    private Admin admin() {
        return Admin.create(saslSsl("PLAIN", plain("admin", "admin-Pa55")));
    }

    /** Creates the principal's topic (own-{name}) and lets it write, read and describe that topic and
     * read its group (own-{name}-group), nothing else. */
    private String grant(String name) throws Exception {
        String topic = "own-" + name;
        String principal = "User:" + name;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
                acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
            }
            acls.add(new AclBinding(new ResourcePattern(ResourceType.GROUP, topic + "-group", PatternType.LITERAL),
                    new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW)));
            admin.createAcls(acls).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return topic;
    }

    private static KafkaProducer<String, String> producer(Properties auth) {
        Properties p = new Properties();
        p.putAll(auth);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return new KafkaProducer<>(p);
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String value)
            throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, key, value);
        record.headers().add("via", "java".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Reads {@code n} records of the topic as a member of its group (and commits): key=value;header. */
    private static List<String> consume(Properties auth, String topic, int n) {
        Properties p = new Properties();
        p.putAll(auth);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (got.size() < n && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder s = new StringBuilder(r.key() + "=" + r.value());
                    for (Header h : r.headers()) {
                        s.append(';').append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    got.add(s.toString());
                }
            }
            consumer.commitSync(TIMEOUT);
        }
        return got;
    }

    /** A produce to a topic whose ACLs name someone else fails for want of authorization. */
    private static void assertRefusedElsewhere(KafkaProducer<String, String> producer) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> producer.send(new ProducerRecord<>(FORBIDDEN, "k", "not allowed")).get(30, TimeUnit.SECONDS));
        assertInstanceOf(TopicAuthorizationException.class, e.getCause(), String.valueOf(e.getCause()));
    }

    /** Three records to the principal's own topic and back, then a refusal elsewhere. */
    private void roundTripAsOwnPrincipal(String name, Properties auth) throws Exception {
        String topic = grant(name);
        try (KafkaProducer<String, String> producer = producer(auth)) {
            for (int i = 0; i < 3; i++) {
                send(producer, topic, "k" + i, name + " record " + i);
            }
            assertRefusedElsewhere(producer);
        }
        assertEquals(List.of("k0=" + name + " record 0;via=java", "k1=" + name + " record 1;via=java",
                "k2=" + name + " record 2;via=java"), consume(auth, topic, 3));
    }

    @Test
    void scramUsersCreatedByAdminProduceAndConsumeOverSaslSsl() throws Exception {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("java-user",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "java-Pa55")))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            UserScramCredentialsDescription d = admin.describeUserScramCredentials(List.of("java-user"))
                    .description("java-user").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192)),
                    d.credentialInfos());
        }
        String topic = grant("java-user");
        Properties auth = saslSsl("SCRAM-SHA-512", scram("java-user", "java-Pa55"));
        try (KafkaProducer<String, String> producer = producer(auth)) {
            send(producer, topic, "k", "first");
            // Past the session's lifetime: the client re-authenticates on its connection (KIP-368).
            Thread.sleep(REAUTH_MS + 1000);
            send(producer, topic, "k", "second");
            assertRefusedElsewhere(producer);
        }
        assertEquals(List.of("k=first;via=java", "k=second;via=java"), consume(auth, topic, 2));
    }

    @Test
    void aPlainUserAuthenticatesAsItself() throws Exception {
        roundTripAsOwnPrincipal("java-plain", saslSsl("PLAIN", plain("java-plain", "plain-Pa55")));
    }

    @Test
    void aScramSha256UserAuthenticatesAsItself() throws Exception {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("java-scram256",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "java-256-Pa55")))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        roundTripAsOwnPrincipal("java-scram256", saslSsl("SCRAM-SHA-256", scram("java-scram256", "java-256-Pa55")));
    }

    @Test
    void aSignedTokenFromAFileAuthenticatesAsItsSubject() throws Exception {
        roundTripAsOwnPrincipal("java-oauth", oauthBearer());
    }

    @Test
    void aClientCertificateAuthenticatesAsItsMappedName() throws Exception {
        roundTripAsOwnPrincipal("java-mtls", mutualTls());
    }

    @Test
    void aWrongPasswordIsASaslAuthenticationException() {
        try (KafkaProducer<String, String> producer = producer(saslSsl("PLAIN", plain("admin", "not-the-Pa55")))) {
            Exception e = assertThrows(Exception.class,
                    () -> producer.send(new ProducerRecord<>("any", "v")).get(30, TimeUnit.SECONDS));
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            assertInstanceOf(SaslAuthenticationException.class, cause, String.valueOf(cause));
            assertEquals("Authentication failed: Invalid username or password", cause.getMessage());
        }
    }
}
