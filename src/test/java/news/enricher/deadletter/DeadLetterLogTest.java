package news.enricher.deadletter;

import news.enricher.article.InvalidArticleException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterLogTest {

    private static final String RAW = "news.articles.raw";

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-03T12:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final DeadLetterLog log = new DeadLetterLog(lines::add, clock);

    @Test
    void logsEachDeadLetterInOneLineWithReasonSourceAndRule() {
        log.deadLettered(RAW, 3, 17, new InvalidArticleException("Field 'slug' must be a string but is number"));
        log.deadLettered(RAW, 0, 4, new SerializationException(
                "Not a valid JSON object (116 bytes): Unexpected end-of-input in VALUE_STRING",
                new IllegalStateException("the cause stays in the DLQ header")));

        assertThat(lines).containsExactly(
                "Dead letter news.articles.raw-3@17: invalid-article, rule: Field 'slug' must be a string but is number",
                "Dead letter news.articles.raw-0@4: invalid-json, rule: Not a valid JSON object (116 bytes): "
                        + "Unexpected end-of-input in VALUE_STRING");
    }

    @Test
    void keepsARuleOnOneLineAndCapsItsLength() {
        log.deadLettered(RAW, 1, 2, new SerializationException("Unrecognized token 'x\nFORGED LINE\r': was expecting"));
        log.deadLettered(RAW, 1, 3, new SerializationException("Not a valid JSON object: " + "y".repeat(500)));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).doesNotContain("\n", "\r").endsWith("rule: Unrecognized token 'x FORGED LINE ': was expecting");
        assertThat(lines.get(1)).endsWith("y…").hasSizeLessThan(300);
    }

    @Test
    void holdsBackLinesBeyondFiveASecondAndSummarizesTheMinuteByReason() {
        for (int i = 0; i < 8; i++) {
            log.deadLettered(RAW, 0, i, new SerializationException("bad json " + i));
        }
        log.deadLettered(RAW, 0, 8, new InvalidArticleException("no id"));
        clock.advance(Duration.ofMillis(1000));
        log.deadLettered(RAW, 0, 9, new InvalidArticleException("no id again"));

        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 5)).allMatch(l -> l.startsWith("Dead letter news.articles.raw-0@")
                && l.contains("invalid-json, rule: bad json "));
        assertThat(lines.get(5)).isEqualTo("Dead letter news.articles.raw-0@9: invalid-article, rule: no id again");

        clock.advance(Duration.ofSeconds(59));
        log.summarizeIfDue();

        assertThat(lines).hasSize(7);
        assertThat(lines.get(6)).isEqualTo("Dead letters in the last 60 s: 10 (invalid-article 2, invalid-json 8); "
                + "4 of them not logged one by one (over 5 a second)");
    }

    @Test
    void summarizesOnlyOncePerMinute() {
        for (int i = 0; i < 7; i++) {
            log.deadLettered(RAW, 0, i, new SerializationException("bad"));
        }
        clock.advance(Duration.ofSeconds(30));
        log.summarizeIfDue();
        assertThat(lines).hasSize(5);

        clock.advance(Duration.ofSeconds(30));
        log.summarizeIfDue();
        log.summarizeIfDue();
        assertThat(lines).hasSize(6).last().asString().startsWith("Dead letters in the last 60 s: 7 (invalid-json 7)");
    }

    @Test
    void addsNoSummaryWhenEveryDeadLetterWasLogged() {
        for (int i = 0; i < 5; i++) {
            log.deadLettered(RAW, 0, i, new SerializationException("bad"));
        }
        clock.advance(Duration.ofMinutes(2));
        log.summarizeIfDue();
        log.close();

        assertThat(lines).hasSize(5).noneMatch(l -> l.startsWith("Dead letters in the last"));
    }

    @Test
    void writesTheHeldBackCountWhenClosedBeforeTheMinuteIsOver() {
        for (int i = 0; i < 6; i++) {
            log.deadLettered(RAW, 2, i, new InvalidArticleException("no id"));
        }
        clock.advance(Duration.ofSeconds(12));
        log.close();

        assertThat(lines).hasSize(6).last().isEqualTo(
                "Dead letters in the last 12 s: 6 (invalid-article 6); 1 of them not logged one by one (over 5 a second)");
    }

    @Test
    void namesAnUnexpectedFailureByItsClass() {
        log.deadLettered(RAW, 0, 1, new IllegalStateException("bug"));

        assertThat(lines).containsExactly("Dead letter news.articles.raw-0@1: IllegalStateException, rule: bug");
    }

    /** A clock the test moves. */
    static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
