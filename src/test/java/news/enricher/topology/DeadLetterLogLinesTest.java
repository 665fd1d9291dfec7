package news.enricher.topology;

import news.enricher.config.EnricherConfig;
import news.enricher.deadletter.DeadLetterLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the log shows for a batch of bad records, as slf4j-simple writes it with the application's
 * {@code simplelogger.properties}: one line per dead letter from our handler, none from Kafka's, no stack trace.
 */
class DeadLetterLogLinesTest {

    @TempDir
    Path stateDir;

    @Test
    void logsOneLinePerDeadLetterThenASummaryAndNothingFromKafkasHandler() {
        EnricherConfig config = EnricherConfig.defaults();
        // All in one second of a fixed clock, so that the rate limit holds back the sixth and seventh line.
        DeadLetterLog deadLetters = new DeadLetterLog(LoggerFactory.getLogger(DeadLetterLog.class)::warn,
                Clock.fixed(TopologyFixture.NOW, ZoneOffset.UTC));
        String raw = config.rawTopic();
        String err;
        try (TopologyFixture f = new TopologyFixture(config, stateDir, TopicGuard.NONE,
                Map.of(DeadLetterLog.CONFIG, deadLetters))) {
            err = capturingStderr(() -> {
                f.pipe("k0", "<html>oops</html>");
                f.pipe("k1", "{\"slug\": \"a\", \"title\": \"Mic");
                f.pipe("k2", "{\"slug\": 7}");
                f.pipe("k3", "{\"slug\": \"b\", \"topics\": \"ai\"}");
                f.pipe("k4", "{\"title\": \"Untitled\"}");
                f.pipe("k5", "[1]");
                f.pipe("k6", "{\"slug\": \"c\", \"title\": 42}");
                deadLetters.close();
            });
            assertThat(f.drain().get(config.deadLetterTopic())).hasSize(7);
        }

        List<String> lines = Arrays.stream(err.split("\n")).filter(l -> !l.isBlank()).toList();
        String prefix = " WARN " + DeadLetterLog.class.getName() + " - ";
        assertThat(lines).hasSize(6).allMatch(l -> l.contains(prefix));
        assertThat(lines.stream().map(l -> l.substring(l.indexOf(prefix) + prefix.length()))).containsExactly(
                "Dead letter " + raw + "-0@0: invalid-json, rule: Not a valid JSON object (17 bytes): Unexpected"
                        + " character ('<' (code 60)): expected a valid value (JSON String, Number, Array, Object or"
                        + " token 'null', 'true' or 'false')",
                "Dead letter " + raw + "-0@1: invalid-json, rule: Not a valid JSON object (27 bytes): Unexpected"
                        + " end-of-input in VALUE_STRING",
                "Dead letter " + raw + "-0@2: invalid-article, rule: Field 'slug' must be a string but is number",
                "Dead letter " + raw + "-0@3: invalid-article, rule: Field 'topics' must be an array but is string",
                "Dead letter " + raw + "-0@4: invalid-article, rule: Article has neither a 'slug' nor a 'url' to"
                        + " identify it",
                "Dead letters in the last 1 s: 7 (invalid-article 4, invalid-json 3); 2 of them not logged one by"
                        + " one (over 5 a second)");
        assertThat(err).doesNotContain("Exception caught", "\tat ", "Caused by");
    }

    private static String capturingStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
