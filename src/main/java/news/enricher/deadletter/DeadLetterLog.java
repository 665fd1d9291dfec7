package news.enricher.deadletter;

import news.enricher.article.InvalidArticleException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What an operator reads about dead letters: one line each, with the reason, where the input is
 * ({@code topic-partition@offset}) and the rule it broke, never a stack trace (that stays in the dead letter's
 * {@code __streams.errors.stacktrace} header). Beyond {@value #LINES_PER_SECOND} a second the lines stop, and once a
 * minute a summary counts every dead letter of that minute by reason, so that a flood of bad input cannot become most
 * of the log.
 *
 * <p>One instance serves all stream threads of a service: the service passes it to the exception handlers through the
 * Streams configuration under {@link #CONFIG}. Thread-safe.
 */
public final class DeadLetterLog implements AutoCloseable {

    /** The Streams configuration key under which the handlers find the service's instance. */
    public static final String CONFIG = "news.enricher.dead-letter.log";
    static final int LINES_PER_SECOND = 5;
    static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    /** Longest rule text logged; a parser's reason can quote a piece of the input, which belongs in the DLQ only. */
    static final int MAX_RULE_CHARS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);

    private final Consumer<String> sink;
    private final Clock clock;
    private ScheduledExecutorService ticker;

    private long secondStart = -1;
    private int linesThisSecond;
    /** Start of the summary interval, or -1 when no dead letter arrived since the last summary. */
    private long intervalStart = -1;
    private final Map<String, Integer> countsByReason = new TreeMap<>();
    private int heldBack;

    /** Logs to this class's logger at WARN. */
    public DeadLetterLog() {
        this(LOG::warn, Clock.systemUTC());
    }

    /** @param sink receives each line the log would write */
    public DeadLetterLog(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * The instance the service passed in {@code configs}, or a new one for this handler alone (the offline run and
     * tests, where nothing ticks: a summary then comes with the next dead letter after the minute).
     */
    static DeadLetterLog from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof DeadLetterLog log ? log : new DeadLetterLog();
    }

    /**
     * Writes the minute's summary even when no further dead letter arrives to trigger it, from a daemon thread that
     * {@link #close()} stops.
     */
    public synchronized DeadLetterLog startTicking() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dead-letter-log");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::summarizeIfDue, 1, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    /** One dead letter of the input at {@code topic}-{@code partition}@{@code offset}. */
    public synchronized void deadLettered(String topic, int partition, long offset, Throwable why) {
        long now = clock.millis();
        summarizeIfDue(now);
        String reason = reason(why);
        if (intervalStart < 0) {
            intervalStart = now;
        }
        countsByReason.merge(reason, 1, Integer::sum);
        if (secondStart < 0 || now - secondStart >= 1000) {
            secondStart = now;
            linesThisSecond = 0;
        }
        if (linesThisSecond < LINES_PER_SECOND) {
            linesThisSecond++;
            sink.accept("Dead letter " + topic + "-" + partition + "@" + offset + ": " + reason + ", rule: "
                    + rule(why));
        } else {
            heldBack++;
        }
    }

    /** Writes the summary when the interval is over; called by each dead letter and by the ticker. */
    public synchronized void summarizeIfDue() {
        summarizeIfDue(clock.millis());
    }

    private void summarizeIfDue(long now) {
        if (intervalStart >= 0 && now - intervalStart >= SUMMARY_INTERVAL.toMillis()) {
            summarize(now);
        }
    }

    /** Writes the pending summary now, if lines were held back; a clean stop keeps the count. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (intervalStart >= 0) {
            summarize(clock.millis());
        }
    }

    private void summarize(long now) {
        if (heldBack > 0) {
            int total = countsByReason.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder counts = new StringBuilder();
            countsByReason.forEach((reason, n) -> counts.append(counts.isEmpty() ? "" : ", ").append(reason)
                    .append(' ').append(n));
            sink.accept("Dead letters in the last " + Math.max(1, (now - intervalStart + 500) / 1000) + " s: " + total
                    + " (" + counts + "); " + heldBack + " of them not logged one by one (over " + LINES_PER_SECOND
                    + " a second)");
        }
        // Without held-back lines every dead letter of the interval was logged already: nothing to add.
        intervalStart = -1;
        countsByReason.clear();
        heldBack = 0;
    }

    /**
     * A short, stable name for what was wrong, matching the rows of the README's bad-input table: the input is not a
     * JSON object (malformed, not strict UTF-8, too large) or is one but not an article; anything else by its class.
     */
    static String reason(Throwable why) {
        if (why instanceof SerializationException) {
            return "invalid-json";
        }
        if (why instanceof InvalidArticleException) {
            return "invalid-article";
        }
        return why.getClass().getSimpleName();
    }

    /** The exception's message on one line (no control characters, so one input cannot forge log lines), capped. */
    static String rule(Throwable why) {
        String message = why.getMessage() == null ? why.getClass().getName() : why.getMessage();
        StringBuilder line = new StringBuilder(Math.min(message.length(), MAX_RULE_CHARS + 1));
        for (int i = 0; i < message.length() && line.length() < MAX_RULE_CHARS; i++) {
            char c = message.charAt(i);
            line.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        if (message.length() > MAX_RULE_CHARS) {
            line.append('…');
        }
        return line.toString();
    }
}
