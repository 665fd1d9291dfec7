package news.enricher.topology;

import news.enricher.config.EnricherConfig;
import news.enricher.trends.Contribution;
import news.enricher.trends.PublishedArticle;
import news.enricher.trends.TaskPartial;
import news.enricher.trends.TrendDiff;
import news.enricher.trends.TrendKey;
import news.enricher.trends.TrendWindows;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The combiner of the trend counts, inside the task that published the articles: keeps this task's share of every
 * count of the open windows, and sends each changed share once per commit interval instead of one record per
 * (theme, ticker) of every article.
 *
 * <p>Exactly-once holds without flushing on commit, which the Processor API cannot hook: the shares are in a
 * changelogged store, written in the same transaction as the input offsets, and a share is sent as its whole
 * value. After a restart or a rebalance every share is sent again; the counting downstream replaces a task's share,
 * so a share sent twice changes nothing.
 */
final class TrendCombiner implements Processor<String, PublishedArticle, String, TaskPartial> {

    private static final String STREAM_TIME = "stream-time";
    /** Entries of the contributions store one purge looks at, so no punctuation holds up processing for long. */
    static final int PURGE_BATCH = 2_000;

    private final TrendWindows windows;
    private final Duration emitInterval;
    private final EnricherHooks hooks;

    private ProcessorContext<String, TaskPartial> context;
    private KeyValueStore<String, Contribution> contributions;
    private KeyValueStore<String, TaskPartial> shares;
    private KeyValueStore<String, Long> streamTimes;
    private int source;
    /** The largest event time counted by this task; windows close behind it. */
    private long streamTimeMs = Long.MIN_VALUE;
    private final Set<String> changed = new LinkedHashSet<>();
    private final TreeMap<Long, Set<String>> sharesByWindow = new TreeMap<>();
    private String purgeFrom;

    TrendCombiner(EnricherConfig config, EnricherHooks hooks) {
        this.windows = TrendWindows.of(config);
        this.hooks = hooks;
        // The commit interval: sending more often buys nothing, as the counting downstream publishes at commits.
        this.emitInterval = Duration.ofMillis(EnricherTopology.streamsConfig(config)
                .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }

    @Override
    public void init(ProcessorContext<String, TaskPartial> context) {
        this.context = context;
        this.contributions = context.getStateStore(EnricherTopology.TREND_CONTRIBUTIONS_STORE);
        this.shares = context.getStateStore(EnricherTopology.TREND_SHARES_STORE);
        this.streamTimes = context.getStateStore(EnricherTopology.TREND_STREAM_TIME_STORE);
        this.source = context.taskId().partition();
        Long restored = streamTimes.get(STREAM_TIME);
        streamTimeMs = restored == null ? Long.MIN_VALUE : restored;
        // What was sent before a crash or by the task's previous owner is not known here: send every share again.
        try (KeyValueIterator<String, TaskPartial> all = shares.all()) {
            while (all.hasNext()) {
                KeyValue<String, TaskPartial> kv = all.next();
                changed.add(kv.key);
                index(kv.key);
            }
        }
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitAndPurge());
    }

    @Override
    public void process(Record<String, PublishedArticle> record) {
        PublishedArticle article = record.value();
        long eventTime = windows.eventTime(article.publishedAt(), record.timestamp());
        if (eventTime > streamTimeMs) {
            streamTimeMs = eventTime;
            streamTimes.put(STREAM_TIME, streamTimeMs);
        }
        Contribution before = contributions.get(article.id());
        if (before != null && windows.isClosed(before.windowStartMs(), streamTimeMs)) {
            // A closed window is final: what the earlier version added there stays.
            before = null;
        }
        long windowStart = windows.startOf(eventTime);
        Contribution after = null;
        if (windows.isClosed(windowStart, streamTimeMs)) {
            hooks.events().trendLate();
        } else {
            after = new Contribution(windowStart, article.themes(), article.tickers());
        }
        long now = hooks.clock().millis();
        for (Map.Entry<TrendKey, TrendDiff.Change> change : TrendDiff.between(before, after).entrySet()) {
            String key = change.getKey().toString();
            TaskPartial share = shares.get(key);
            shares.put(key, (share == null ? TaskPartial.empty(source) : share)
                    .plus(change.getValue(), article.id(), eventTime, now));
            if (changed.add(key)) {
                index(key);
            }
        }
        if (after != null) {
            contributions.put(article.id(), after);
        } else {
            contributions.delete(article.id());
        }
    }

    private void index(String key) {
        sharesByWindow.computeIfAbsent(TrendKey.parse(key).windowStartMs(), w -> new HashSet<>()).add(key);
    }

    private void emitAndPurge() {
        for (String key : changed) {
            TaskPartial share = shares.get(key);
            if (share == null) {
                continue;
            }
            // The window start as the record's time: stable whenever the share is sent again.
            context.forward(new Record<>(key, share, TrendKey.parse(key).windowStartMs()));
            if (share.isZero()) {
                shares.delete(key);
            }
        }
        changed.clear();
        // Shares of closed windows never change again; their last value was sent above or before.
        while (!sharesByWindow.isEmpty() && windows.isClosed(sharesByWindow.firstKey(), streamTimeMs)) {
            sharesByWindow.pollFirstEntry().getValue().forEach(shares::delete);
        }
        purgeClosedContributions();
    }

    /** Looks at the next {@link #PURGE_BATCH} contributions after the last purge's, wrapping around at the end. */
    private void purgeClosedContributions() {
        List<String> closed = new ArrayList<>();
        String next = null;
        int seen = 0;
        try (KeyValueIterator<String, Contribution> slice = contributions.range(purgeFrom, null)) {
            while (slice.hasNext()) {
                KeyValue<String, Contribution> kv = slice.next();
                if (seen == PURGE_BATCH) {
                    next = kv.key;
                    break;
                }
                seen++;
                if (kv.value != null && windows.isClosed(kv.value.windowStartMs(), streamTimeMs)) {
                    closed.add(kv.key);
                }
            }
        }
        closed.forEach(contributions::delete);
        purgeFrom = next;
    }
}
