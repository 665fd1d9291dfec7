package news.enricher.config;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void startsFromTheDocumentedDefaults() {
        EnricherConfig config = ConfigLoader.load(null, Map.of());

        assertThat(config.rawTopic()).isEqualTo(EnricherConfig.DEFAULTS.get(EnricherConfig.RAW_TOPIC));
        assertThat(config.themeTopic("ai-chips"))
                .isEqualTo(EnricherConfig.DEFAULTS.get(EnricherConfig.THEME_TOPIC_PREFIX) + "ai-chips");
        assertThat(config.dedupRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.bootstrapServers()).isEmpty();
        assertThat(config.themeAllowlist()).isEmpty();
        assertThat(config.topicReplicationFactor()).isEmpty();
        assertThat(config.httpBind()).isEqualTo("0.0.0.0");
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
        Path file = write("""
                bootstrap.servers = broker-a:9092
                enricher.theme.fallback = misc
                enricher.topic.raw = crawl.raw
                """);
        Map<String, String> env = Map.of(
                "ENRICHER_BOOTSTRAP_SERVERS", "broker-b:9093",
                "ENRICHER_DEDUP_RETENTION", "P1D",
                "PATH", "/usr/bin");

        EnricherConfig config = ConfigLoader.load(file, env);

        assertThat(config.bootstrapServers()).contains("broker-b:9093");
        assertThat(config.fallbackTheme()).isEqualTo("misc");
        assertThat(config.rawTopic()).isEqualTo("crawl.raw");
        assertThat(config.dedupRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(config.asMap()).doesNotContainKey("path");
    }

    @Test
    void mapsEnvironmentNamesToKafkaAndEnricherKeys() {
        Map<String, String> env = Map.of(
                "ENRICHER_SECURITY_PROTOCOL", "SASL_SSL",
                "ENRICHER_SASL_JAAS_CONFIG", "jaas-line",
                "ENRICHER_THEME_ALLOWLIST", "ai-chips, ai-policy",
                "ENRICHER_TOPICS_REPLICATION_FACTOR", "3",
                "ENRICHER_PRODUCER_ACKS", "all",
                "ENRICHER_NUM_STREAM_THREADS", "2");

        EnricherConfig config = ConfigLoader.load(null, env);

        assertThat(config.asMap())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "jaas-line")
                .containsEntry(EnricherConfig.THEME_ALLOWLIST, "ai-chips, ai-policy")
                .containsEntry(EnricherConfig.TOPIC_REPLICATION_FACTOR, "3")
                .containsEntry("producer.acks", "all")
                .containsEntry("num.stream.threads", "2");
        assertThat(config.themeAllowlist()).containsExactly("ai-chips", "ai-policy");
        assertThat(config.topicReplicationFactor()).contains((short) 3);
    }

    @Test
    void environmentOverridesTheHttpBindAddressOfTheFile() throws IOException {
        Path file = write("enricher.http.bind = 10.0.0.5\n");

        EnricherConfig config = ConfigLoader.load(file, Map.of("ENRICHER_HTTP_BIND", "127.0.0.1"));

        assertThat(config.httpBind()).isEqualTo("127.0.0.1");
        assertThat(config.asMap()).doesNotContainKey("http.bind");
    }

    @Test
    void acceptsHostNamesAndIpAddressesAsTheHttpBindAddress() {
        for (String bind : new String[] {"0.0.0.0", "127.0.0.1", "::", "::1", "[::1]", "fe80::1%eth0", "localhost",
                "ops.internal.example.com"}) {
            assertThat(ConfigLoader.load(null, Map.of("ENRICHER_HTTP_BIND", bind)).httpBind()).isEqualTo(bind);
        }
    }

    @Test
    void rejectsAnHttpBindAddressThatIsNotAHostOrIp() {
        for (String bind : new String[] {"", " ", "localhost:8080", "http://0.0.0.0", "0.0.0.0/0", "a b"}) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ENRICHER_HTTP_BIND", bind)))
                    .as("'%s'", bind)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(EnricherConfig.HTTP_BIND);
        }
    }

    @Test
    void namesTheEnvironmentVariableOfEachKey() {
        assertThat(ConfigLoader.envName("bootstrap.servers")).isEqualTo("ENRICHER_BOOTSTRAP_SERVERS");
        assertThat(ConfigLoader.envName(EnricherConfig.FALLBACK_THEME)).isEqualTo("ENRICHER_THEME_FALLBACK");
        assertThat(ConfigLoader.envName(EnricherConfig.DEAD_LETTER_TOPIC)).isEqualTo("ENRICHER_TOPIC_DEAD_LETTER");
        assertThat(ConfigLoader.envName(EnricherConfig.HTTP_BIND)).isEqualTo("ENRICHER_HTTP_BIND");
    }

    @Test
    void handsOnlyKafkaKeysToStreamsAndWiresTheDeadLetterTopic() {
        EnricherConfig config = ConfigLoader.load(null, Map.of("ENRICHER_BOOTSTRAP_SERVERS", "b:1"));

        Properties props = config.streamsProperties();

        assertThat(props.stringPropertyNames()).noneMatch(k -> k.startsWith(EnricherConfig.PREFIX));
        assertThat(props.getProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo(config.deadLetterTopic());
        assertThat(props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("b:1");
        assertThat(props.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isNotBlank();
        assertThat(props.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isNotBlank();
    }

    @Test
    void shipsTheFailoverSettingsToKafkaStreams() {
        Properties props = ConfigLoader.load(null, Map.of()).streamsProperties();

        assertThat(props.getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("1");
        assertThat(props.getProperty(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG)).isEqualTo("100");
        assertThat(props.getProperty(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG)).as("Kafka's 10 minutes")
                .isNull();
        assertThat(props.getProperty(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG))
                .as("Kafka's default, off: in 4.4.0 it does not keep a store across a kill -9").isNull();
        assertThat(props.getProperty(StreamsConfig.globalConsumerPrefix("fetch.max.wait.ms"))).isEqualTo("100");
        assertThat(props.getProperty("session.timeout.ms")).isEqualTo("10000");
        assertThat(props.getProperty("heartbeat.interval.ms")).isEqualTo("1000");
        assertThat(props.getProperty(StreamsConfig.producerPrefix("transaction.timeout.ms")))
                .as("Kafka Streams' 10 s: a hard-killed broker's partitions move only after ~9 s").isNull();
        assertThat(props.getProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG)).as("Kafka's default, classic").isNull();
        assertThat(props.stringPropertyNames()).as("no static membership by default")
                .doesNotContain("group.instance.id");
        assertThat(new StreamsConfig(withBootstrap(props)).getMainConsumerConfigs("g", "c", 0))
                .containsEntry("session.timeout.ms", "10000")
                .containsEntry("heartbeat.interval.ms", "1000");
    }

    @Test
    void letsTheFileAndTheEnvironmentReplaceTheFailoverSettings() throws IOException {
        Path file = write("""
                session.timeout.ms = 45000
                num.standby.replicas = 0
                acceptable.recovery.lag = 10000
                """);

        Properties props = ConfigLoader.load(file, Map.of(
                "ENRICHER_HEARTBEAT_INTERVAL_MS", "5000",
                "ENRICHER_GLOBAL_CONSUMER_FETCH_MAX_WAIT_MS", "500")).streamsProperties();

        assertThat(props.getProperty("session.timeout.ms")).isEqualTo("45000");
        assertThat(props.getProperty("heartbeat.interval.ms")).isEqualTo("5000");
        assertThat(props.getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("0");
        assertThat(props.getProperty(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG)).isEqualTo("10000");
        assertThat(props.getProperty(StreamsConfig.globalConsumerPrefix("fetch.max.wait.ms"))).isEqualTo("500");
        assertThat(new StreamsConfig(withBootstrap(props)).getMainConsumerConfigs("g", "c", 0))
                .containsEntry("session.timeout.ms", "45000")
                .containsEntry("heartbeat.interval.ms", "5000");
    }

    @Test
    void givesEachStreamThreadItsOwnStaticMemberIdFromTheOperatorsInstanceId() {
        Properties props = ConfigLoader.load(null, Map.of(
                "ENRICHER_GROUP_INSTANCE_ID", "enricher-0",
                "ENRICHER_NUM_STREAM_THREADS", "2")).streamsProperties();

        assertThat(props.getProperty("group.instance.id")).isEqualTo("enricher-0");
        StreamsConfig streams = new StreamsConfig(withBootstrap(props));
        assertThat(streams.getMainConsumerConfigs("g", "c", 1)).containsEntry("group.instance.id", "enricher-0-1");
        assertThat(streams.getMainConsumerConfigs("g", "c", 2)).containsEntry("group.instance.id", "enricher-0-2");
        assertThat(streams.getRestoreConsumerConfigs("c")).doesNotContainKey("group.instance.id");
        assertThat(streams.getGlobalConsumerConfigs("c")).doesNotContainKey("group.instance.id");
    }

    private static Properties withBootstrap(Properties props) {
        Properties copy = new Properties();
        copy.putAll(props);
        copy.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:1");
        return copy;
    }

    @Test
    void givesKafkaStreamsInternalTopicsTheConfiguredReplicationAndMinInsyncReplicas() {
        EnricherConfig config = EnricherConfig.defaults().with(Map.of(
                EnricherConfig.TOPIC_REPLICATION_FACTOR, "3", EnricherConfig.TOPIC_MIN_INSYNC_REPLICAS, "2",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:1"));

        Properties props = config.streamsProperties();

        assertThat(props.getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo("3");
        assertThat(props.getProperty(StreamsConfig.topicPrefix("min.insync.replicas"))).isEqualTo("2");
        assertThat(new StreamsConfig(props).getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
    }

    @Test
    void leavesKafkaStreamsInternalTopicsToTheBrokerDefaultsWhenReplicationIsNotConfigured() {
        Properties props = EnricherConfig.defaults().streamsProperties();

        assertThat(props).doesNotContainKeys(StreamsConfig.REPLICATION_FACTOR_CONFIG,
                StreamsConfig.topicPrefix("min.insync.replicas"));
    }

    @Test
    void anExplicitKafkaStreamsReplicationFactorWinsOverTheEnricherSetting() {
        Properties props = EnricherConfig.defaults().with(Map.of(EnricherConfig.TOPIC_REPLICATION_FACTOR, "3",
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "2")).streamsProperties();

        assertThat(props.getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo("2");
    }

    @Test
    void keepsOnlyConnectionAndSecurityKeysForPlainClients() {
        EnricherConfig config = ConfigLoader.load(null, Map.of(
                "ENRICHER_BOOTSTRAP_SERVERS", "b:1",
                "ENRICHER_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "ENRICHER_SASL_MECHANISM", "PLAIN"));

        assertThat(config.clientProperties()).containsOnlyKeys("bootstrap.servers", "security.protocol",
                "sasl.mechanism");
    }

    @Test
    void neverPrintsSecrets() {
        EnricherConfig config = ConfigLoader.load(null, Map.of(
                "ENRICHER_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"u\" password=\"hunter2\";",
                "ENRICHER_SSL_KEYSTORE_PASSWORD", "hunter3"));

        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("[hidden]");
    }

    @Test
    void rejectsInvalidValuesWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ENRICHER_DEDUP_RETENTION", "seven days")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ENRICHER_TOPIC_RAW", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnricherConfig.RAW_TOPIC);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ENRICHER_TOPICS_PARTITIONS", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnricherConfig.TOPIC_PARTITIONS);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ENRICHER_TOPICS_THEME_PARTITIONS", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnricherConfig.THEME_PARTITIONS);
        assertThat(ConfigLoader.load(null, Map.of("ENRICHER_TOPICS_THEME_PARTITIONS", "3")).themePartitions())
                .isEqualTo(3);
    }

    @Test
    void failsClearlyWhenTheFileIsMissing() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.properties");
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("enricher.properties");
        Files.writeString(file, content);
        return file;
    }
}
