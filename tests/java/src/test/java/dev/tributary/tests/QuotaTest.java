package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Client quotas (issue 17) with the official Java client: Admin.alterClientQuotas sets a
 * producer_byte_rate on a client id, describeClientQuotas shows it, and a KafkaProducer with
 * that client id, sending past the quota, sees the broker's throttle_time_ms in its
 * produce-throttle-time-max metric.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CLIENT = "java-throttled";

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

    private void setQuota(Double value) throws Exception {
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT));
        ClientQuotaAlteration alteration = new ClientQuotaAlteration(entity,
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", value)));
        admin.alterClientQuotas(List.of(alteration)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    @Timeout(120)
    void aProducerOverItsQuotaSeesThrottleTime() throws Exception {
        String topic = "java-quota-" + System.nanoTime();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        setQuota(100_000.0);
        try {
            Map<ClientQuotaEntity, Map<String, Double>> described = admin
                    .describeClientQuotas(ClientQuotaFilter.all()).entities()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(100_000.0, described.get(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT)))
                    .get("producer_byte_rate"));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            p.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            double throttleMax = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                // 1.5 MB: past the 1 MB the first windows allow at 100 kB/s.
                byte[] value = new byte[1000];
                for (int i = 0; i < 1500; i++) {
                    producer.send(new ProducerRecord<>(topic, value));
                }
                producer.flush();
                for (Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
                    if (m.getKey().name().equals("produce-throttle-time-max")
                            && m.getKey().group().equals("producer-metrics")) {
                        throttleMax = Math.max(throttleMax, ((Number) m.getValue().metricValue()).doubleValue());
                    }
                }
            }
            assertTrue(throttleMax > 0, "the Java producer saw no throttle_time_ms: " + throttleMax);
        } finally {
            setQuota(null);
        }
    }
}
