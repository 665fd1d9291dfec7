package news.enricher.cli;

import news.enricher.config.EnricherConfig;
import news.enricher.testkit.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, as a user runs it. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoCommandIT {

    private static final EnricherConfig DEFAULTS = EnricherConfig.defaults();

    @TempDir
    Path work;

    @Test
    void printsTheSeedArticleOnItsFiveThemedTopicsMatchesTheOfflineRunRecordByRecordAndExitsZero() {
        try (JarProcess demo = JarProcess.start(work, Map.of(), "demo")) {
            int exit = demo.awaitExit(Duration.ofSeconds(150));

            String out = demo.stdout();
            assertThat(exit).as(demo.stderr()).isZero();
            for (String theme : List.of("ai-chips", "ai-startups", "ai-policy", "artificial-intelligence",
                    "ai-safety")) {
                assertThat(out).contains("== " + DEFAULTS.themeTopic(theme) + " (");
            }
            assertThat(out).contains("== " + DEFAULTS.deadLetterTopic() + " (2 records)")
                    .contains("== " + DEFAULTS.unknownTickersTopic() + " (")
                    .contains("\"symbol\" : \"SNDK\"")
                    .contains("Demo complete: 16 records on 9 themed topics plus the unknown-tickers and dead-letter"
                            + " topics, each the same as the offline `enrich` of the same samples predicts (topic, key,"
                            + " value except enriched_at/seen_at, headers and dead-letter reasons).")
                    .doesNotContain("Demo FAILED");

            // The two broken samples (on any partition, in any order): one line each from the live run, and no
            // stack trace of theirs, nor Kafka's handler's WARN.
            String err = demo.stderr();
            String line = " - Dead letter " + DEFAULTS.rawTopic() + "-";
            assertThat(err.lines().filter(l -> l.contains(" - Dead letter")).toList()).satisfiesExactlyInAnyOrder(
                    l -> assertThat(l).contains(line).contains(": invalid-json, rule: Not a valid JSON object (116 "
                            + "bytes): Unexpected end-of-input in VALUE_STRING"),
                    l -> assertThat(l).contains(line).contains(": invalid-article, rule: Field 'slug' must be a "
                            + "string but is number"));
            assertThat(err).doesNotContain("Exception caught", "at news.enricher.", "JsonEOFException",
                    "InvalidArticleException");
        }
    }
}
