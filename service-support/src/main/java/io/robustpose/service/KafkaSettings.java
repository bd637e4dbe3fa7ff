package io.robustpose.service;

import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.TopicNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kafka connection of every service (env: ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS, ..._SECURITY_PROTOCOL,
 * ..._SASL_MECHANISM, ..._SASL_JAAS_CONFIG, ..._SSL_TRUSTSTORE_LOCATION, ..., _PREFIX, _CREATE_TOPICS). TLS and SASL settings
 * are passed to the Kafka clients unchanged, so a Strimzi cluster's listener works as configured there.
 */
@ConfigMapping(prefix = "robustpose.kafka")
public interface KafkaSettings {
    @WithDefault("localhost:9092")
    String bootstrapServers();

    /**
     * Begins every topic, consumer group and the orchestrator's transactional id (ROBUSTPOSE_KAFKA_PREFIX):
     * installations with different prefixes share a cluster without seeing each other's records.
     */
    @WithDefault(TopicNames.DEFAULT_PREFIX)
    String prefix();

    /**
     * Whether the services create missing topics (ROBUSTPOSE_KAFKA_CREATE_TOPICS; needs the Create ACL).
     * Off, the topics must exist (e.g. Strimzi KafkaTopics); either way they are verified at start.
     */
    @WithDefault("true")
    boolean createTopics();

    Optional<String> securityProtocol();

    Optional<String> saslMechanism();

    Optional<String> saslJaasConfig();

    Optional<String> sslTruststoreLocation();

    Optional<String> sslTruststorePassword();

    Optional<String> sslTruststoreType();

    Optional<String> sslKeystoreLocation();

    Optional<String> sslKeystorePassword();

    Optional<String> sslKeystoreType();

    default KafkaClients clients() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrapServers());
        securityProtocol().ifPresent(v -> c.put("security.protocol", v));
        saslMechanism().ifPresent(v -> c.put("sasl.mechanism", v));
        saslJaasConfig().ifPresent(v -> c.put("sasl.jaas.config", v));
        sslTruststoreLocation().ifPresent(v -> c.put("ssl.truststore.location", v));
        sslTruststorePassword().ifPresent(v -> c.put("ssl.truststore.password", v));
        sslTruststoreType().ifPresent(v -> c.put("ssl.truststore.type", v));
        sslKeystoreLocation().ifPresent(v -> c.put("ssl.keystore.location", v));
        sslKeystorePassword().ifPresent(v -> c.put("ssl.keystore.password", v));
        sslKeystoreType().ifPresent(v -> c.put("ssl.keystore.type", v));
        return new KafkaClients(c, new TopicNames(prefix()), createTopics());
    }
}
