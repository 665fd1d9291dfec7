package news.enricher.cli;

import news.enricher.config.EnricherConfig;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.testkit.SchemaCheck;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the demo publishes for its bundled samples conforms to the published schemas. The demo checks the live
 * service's records against the offline run of the same samples; this checks that offline run against the schemas.
 */
class DemoSamplesConformToSchemasTest {

    @Test
    void everyRecordTheDemoSamplesBecomeConformsToItsSchema() throws Exception {
        EnricherConfig config = EnricherConfig.defaults();
        byte[] samples;
        try (InputStream in = DemoCommand.class.getResourceAsStream(DemoCommand.SAMPLES)) {
            samples = in.readAllBytes();
        }
        Map<String, Set<String>> inputFields = new HashMap<>();
        List<OutputRecord> outputs = new ArrayList<>();
        try (OfflineEnricher offline = new OfflineEnricher(config, ReferenceTable.load(null), Clock.systemUTC())) {
            JsonLines.forEach(new ByteArrayInputStream(samples), line -> {
                String key = ProduceCommand.articleKey(line);
                if (key != null) {
                    inputFields.computeIfAbsent(key, k -> new HashSet<>()).addAll(SchemaCheck.fieldNames(line));
                }
                outputs.addAll(offline.enrich(key, line));
            });
        }

        for (OutputRecord r : outputs) {
            SchemaCheck.assertConforms(config, r.topic(), r.value(), r.headers(),
                    inputFields.getOrDefault(r.key(), Set.of()));
        }
        // Each published kind of record is among them, so each schema was put to the test.
        assertThat(outputs).anyMatch(r -> r.topic().startsWith(config.themeTopicPrefix()))
                .anyMatch(r -> r.topic().equals(config.unknownTickersTopic()))
                .anyMatch(r -> r.topic().equals(config.deadLetterTopic()));
    }
}
