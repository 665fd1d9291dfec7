package news.enricher.topology;

import news.enricher.config.EnricherConfig;
import news.enricher.trends.Contribution;
import news.enricher.trends.PublishedArticle;
import news.enricher.trends.TaskPartial;
import news.enricher.trends.TrendDiff;
import news.enricher.trends.TrendShares;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The combiner of the trend counts, inside the task that published the articles: keeps this task's share of every
 * count of the open windows, and sends the changed shares once per emit interval, packed by bucket, instead of
 * one record per (theme, ticker) of every article.
 *
 * <p>Only each article's last counted contribution is stored (changelogged, in the same transaction as the input
 * offsets), and the counts a correction took back to nothing until they are sent; the shares are the sum of the
 * contributions over the open windows, kept in memory and rebuilt whenever the task starts. A share is sent as its
 * whole value and the counting downstream replaces a task's share, so after a crash or a rebalance the task simply
 * sends every share again: exactly-once holds without a flush-on-commit hook, which the Processor API does not
 * have, and without a changelog write per share.
 */
final class TrendCombiner implements Processor<String, PublishedArticle, String, TrendShares> {

    private static final String STREAM_TIME = "stream-time";
    /**
     * Changed shares that are sent at once rather than at the next interval, so that memory stays bounded when the
     * interval is long (30 s commits under at-least-once) and the input fast (a backfill).
     */
    static final int MAX_PENDING = 20_000;

    private final TrendWindows windows;
    private final Duration emitInterval;
    private final EnricherHooks hooks;

    private ProcessorContext<String, TrendShares> context;
    private KeyValueStore<String, Contribution> contributions;
    private KeyValueStore<String, Long> streamTimes;
    private KeyValueStore<String, Long> retracted;
    private int source;
    /** The largest event time counted by this task; windows close behind it. */
    private long streamTimeMs;
    private final Map<String, TaskPartial> shares = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final TreeMap<Long, Set<String>> sharesByWindow = new TreeMap<>();
    /** The window of each stored contribution, and the articles by window: closed ones are deleted without a scan. */
    private final Map<String, Long> windowOfArticle = new HashMap<>();
    private final TreeMap<Long, Set<String>> articlesByWindow = new TreeMap<>();

    TrendCombiner(EnricherConfig config, EnricherHooks hooks) {
        this.windows = TrendWindows.of(config);
        this.hooks = hooks;
        this.emitInterval = emitInterval(config);
    }

    /**
     * {@code enricher.trends.emit-interval}, but never shorter than the commit interval: under exactly-once the counts
     * are published at commits, so sending more often buys nothing. Longer than the commit interval, each share
     * combines more articles: with 100 ms commits a share was sent about twice per window for the bench's articles.
     */
    static Duration emitInterval(EnricherConfig config) {
        Duration commit = Duration.ofMillis(EnricherTopology.streamsConfig(config)
                .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        Duration configured = config.trendsEmitInterval();
        return configured.compareTo(commit) > 0 ? configured : commit;
    }

    @Override
    public void init(ProcessorContext<String, TrendShares> context) {
        this.context = context;
        this.contributions = context.getStateStore(EnricherTopology.TREND_CONTRIBUTIONS_STORE);
        this.streamTimes = context.getStateStore(EnricherTopology.TREND_STREAM_TIME_STORE);
        this.retracted = context.getStateStore(EnricherTopology.TREND_RETRACTED_STORE);
        this.source = context.taskId().partition();
        // Also after a dirty close and revival of this same processor: only the stores are to be trusted.
        shares.clear();
        changed.clear();
        sharesByWindow.clear();
        windowOfArticle.clear();
        articlesByWindow.clear();
        Long restored = streamTimes.get(STREAM_TIME);
        streamTimeMs = restored == null ? Long.MIN_VALUE : restored;
        long now = hooks.clock().millis();
        try (KeyValueIterator<String, Contribution> all = contributions.all()) {
            while (all.hasNext()) {
                KeyValue<String, Contribution> kv = all.next();
                index(kv.key, kv.value.windowStartMs());
                if (!windows.isClosed(kv.value.windowStartMs(), streamTimeMs)) {
                    apply(TrendDiff.between(null, kv.value), kv.key, kv.value.eventTimeMs(), now);
                }
            }
        }
        // A share taken back to nothing has no contribution left to rebuild it from; it is remembered until sent.
        try (KeyValueIterator<String, Long> all = retracted.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> kv = all.next();
                if (!shares.containsKey(kv.key) && !windows.isClosed(kv.value, streamTimeMs)) {
                    shares.put(kv.key, TaskPartial.empty(source));
                    changed.add(kv.key);
                    sharesByWindow.computeIfAbsent(kv.value, w -> new HashSet<>()).add(kv.key);
                }
            }
        }
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, at -> emitAndPurge());
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
            after = new Contribution(windowStart, eventTime, article.themes(), article.tickers());
        }
        apply(TrendDiff.between(before, after), article.id(), eventTime, hooks.clock().millis());
        if (after != null) {
            contributions.put(article.id(), after);
            index(article.id(), after.windowStartMs());
        } else {
            contributions.delete(article.id());
            windowOfArticle.remove(article.id());
        }
        // A window that just closed holds shares and contributions that will never change again: send them and let
        // them go now rather than at the next interval.
        if (changed.size() >= MAX_PENDING
                || (!sharesByWindow.isEmpty() && windows.isClosed(sharesByWindow.firstKey(), streamTimeMs))) {
            emitAndPurge();
        }
    }

    private void apply(Map<String, TrendDiff.Change> changes, String articleId, long eventTime, long now) {
        for (Map.Entry<String, TrendDiff.Change> change : changes.entrySet()) {
            String key = change.getKey();
            TaskPartial share = shares.get(key);
            TaskPartial next = (share == null ? TaskPartial.empty(source) : share)
                    .plus(change.getValue(), articleId, eventTime, now);
            shares.put(key, next);
            long window = change.getValue().windowStartMs();
            if (next.isZero()) {
                retracted.put(key, window);
            }
            if (changed.add(key)) {
                sharesByWindow.computeIfAbsent(window, w -> new HashSet<>()).add(key);
            }
        }
    }

    /** Sends the changed shares, then forgets the shares and some contributions of closed windows. */
    private void emitAndPurge() {
        if (!changed.isEmpty()) {
            Map<Integer, List<TrendShares.Keyed>> byBucket = new TreeMap<>();
            for (String key : changed) {
                TaskPartial share = shares.get(key);
                byBucket.computeIfAbsent(TrendShares.bucketOf(key), b -> new ArrayList<>())
                        .add(new TrendShares.Keyed(key, share));
                if (share.isZero()) {
                    shares.remove(key);
                    retracted.delete(key);
                }
            }
            // The task's stream time as the records' time: it moves no stream time forward, ours or downstream's.
            long time = Math.max(0, context.currentStreamTimeMs());
            byBucket.forEach((bucket, keyed) ->
                    context.forward(new Record<>(String.valueOf(bucket), new TrendShares(keyed), time)));
            changed.clear();
        }
        // Shares of closed windows never change again; their last value was sent above or before.
        while (!sharesByWindow.isEmpty() && windows.isClosed(sharesByWindow.firstKey(), streamTimeMs)) {
            sharesByWindow.pollFirstEntry().getValue().forEach(shares::remove);
        }
        purgeClosedContributions();
    }

    private void index(String articleId, long windowStartMs) {
        windowOfArticle.put(articleId, windowStartMs);
        articlesByWindow.computeIfAbsent(windowStartMs, w -> new HashSet<>()).add(articleId);
    }

    /** Deletes the contributions of closed windows: a correction can no longer take them back. */
    private void purgeClosedContributions() {
        while (!articlesByWindow.isEmpty() && windows.isClosed(articlesByWindow.firstKey(), streamTimeMs)) {
            Map.Entry<Long, Set<String>> closed = articlesByWindow.pollFirstEntry();
            for (String articleId : closed.getValue()) {
                // The article may have moved to another window since; then its contribution there stays.
                if (closed.getKey().equals(windowOfArticle.get(articleId))) {
                    contributions.delete(articleId);
                    windowOfArticle.remove(articleId);
                }
            }
        }
    }
}
