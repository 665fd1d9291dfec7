package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import news.enricher.offline.OfflineEnricher;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The same-bytes baseline in Kafka Streams writes what the plain same-bytes pipe writes, by the enricher's paths. */
class SameBytesTopologyTest {

    private static final byte[] KEY = "an-article".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "{\"slug\":\"an-article\",\"body_md\":\"0123456789\"}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path stateDir;
    private EnricherConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private final List<Long> firstRecords = new ArrayList<>();

    @BeforeEach
    void startDriver() {
        config = EnricherConfig.defaults().with(Map.of("application.id", "bench-leg",
                EnricherConfig.DEAD_LETTER_TOPIC, "leg.dlq", EnricherConfig.UNKNOWN_TICKERS_TOPIC, "leg.unknown",
                EnricherConfig.THEME_TOPIC_PREFIX, "leg.enriched."));
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "topology-test:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, OfflineEnricher.OFFLINE_GUARANTEE);
        driver = new TopologyTestDriver(SameBytesTopology.build(config, firstRecords::add), props);
        raw = driver.createInputTopic(config.rawTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void writesEveryPlannedOutputWithThePlannedSizesAsThePipeDoes() {
        String plan = "c:10:60,t:ai-chips:10:70,t:crypto:10:71,u:4:30,u:3:30";

        pipe(plan);

        Map<String, List<TestRecord<byte[], byte[]>>> out = drain();
        String changelog = OutputPlan.changelogTopic(config);
        assertThat(out).containsOnlyKeys(changelog, "leg.enriched.ai-chips", "leg.enriched.crypto", "leg.unknown");
        List<SameBytesOutputs.Out> expected = new SameBytesOutputs(config).of(KEY, VALUE, headers(plan), () -> "");
        assertThat(out.get(changelog)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(expected.get(0).key());
            assertThat(r.value()).isEqualTo(expected.get(0).value()).hasSize(60);
        });
        assertThat(out.get("leg.enriched.ai-chips")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(KEY);
            assertThat(r.value()).isEqualTo(expected.get(1).value()).hasSize(70);
            assertThat(r.headers().lastHeader(OutputPlan.HEADER)).isNotNull();
        });
        assertThat(out.get("leg.enriched.crypto")).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(expected.get(2).value()).hasSize(71));
        assertThat(out.get("leg.unknown")).extracting(r -> r.key().length, r -> r.value().length)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4, 30), org.assertj.core.groups.Tuple.tuple(3, 30));
        assertThat(firstRecords).hasSize(1);
    }

    @Test
    void deadLettersThePlannedRecordThroughTheEnrichersHandlerAndGoesOn() {
        pipe("d");
        pipe("");  // a re-crawl: nothing
        pipe("t:ai-chips:10:70");

        Map<String, List<TestRecord<byte[], byte[]>>> out = drain();
        assertThat(out).containsOnlyKeys("leg.dlq", "leg.enriched.ai-chips");
        assertThat(out.get("leg.dlq")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(KEY);
            assertThat(r.value()).isEqualTo(VALUE);
            assertThat(r.headers().lastHeader("__streams.errors.exception")).isNotNull();
        });
        assertThat(out.get("leg.enriched.ai-chips")).hasSize(1);
        assertThat(firstRecords).hasSize(1);
    }

    private void pipe(String plan) {
        raw.pipeInput(new TestRecord<>(KEY, VALUE, headers(plan), Instant.parse("2026-12-03T08:00:00Z")));
    }

    private static RecordHeaders headers(String plan) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(OutputPlan.HEADER, plan.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private Map<String, List<TestRecord<byte[], byte[]>>> drain() {
        Map<String, List<TestRecord<byte[], byte[]>>> out = new TreeMap<>();
        for (String topic : driver.producedTopicNames()) {
            List<TestRecord<byte[], byte[]>> records = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
            if (!records.isEmpty()) {
                out.put(topic, records);
            }
        }
        return out;
    }
}
