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
    void printsTheSeedArticleOnItsFiveThemedTopicsAndExitsZero() {
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
                    .contains("Demo complete");
        }
    }
}
