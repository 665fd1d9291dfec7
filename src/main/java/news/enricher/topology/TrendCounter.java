package news.enricher.topology;

import news.enricher.config.EnricherConfig;
import news.enricher.time.IsoInstants;
import news.enricher.trends.TaskPartial;
import news.enricher.trends.TrendKey;
import news.enricher.trends.TrendRecord;
import news.enricher.trends.TrendShares;
import news.enricher.trends.TrendTotal;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The windowed count of one theme's ticker: the sum of the latest share of every task that counts articles for it.
 * Each change is published at once (a task sends a share at most once per emit interval), atomically with the
 * share that caused it under exactly-once; a count that drops to no article is deleted from the compacted topic.
 *
 * <p>The counts are kept by window, oldest first, and a window past the retention is deleted from the store and,
 * with a tombstone, from the topic. This is not a DSL windowed aggregation on purpose: its changelog is deleted by
 * record time (the window start) after the retention plus a day, so counting articles published months ago, as a
 * backfill does, would lose the changelog under the store at once and a restore would bring back too little.
 */
final class TrendCounter implements Processor<String, TrendShares, String, byte[]> {

    /** How often the windows past the retention are deleted, and at most how many counts one pass deletes. */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    static final int PURGE_BATCH = 10_000;

    private final long windowMs;
    private final long retentionMs;
    private final EnricherHooks hooks;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, TrendTotal> totals;
    /** The latest window counted by this task; the retention runs behind it. */
    private long newestWindowMs = Long.MIN_VALUE;

    TrendCounter(EnricherConfig config, EnricherHooks hooks) {
        this.windowMs = config.trendsWindow().toMillis();
        this.retentionMs = config.trendsRetention().toMillis();
        this.hooks = hooks;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.totals = context.getStateStore(EnricherTopology.TREND_TOTALS_STORE);
        try (KeyValueIterator<String, TrendTotal> newest = totals.reverseAll()) {
            if (newest.hasNext()) {
                newestWindowMs = windowOf(newest.next().key);
            }
        }
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purgeExpired());
    }

    @Override
    public void process(Record<String, TrendShares> record) {
        long now = hooks.clock().millis();
        for (TrendShares.Keyed keyed : record.value().shares()) {
            count(TrendKey.parse(keyed.key()), keyed.share(), now);
        }
    }

    private void count(TrendKey key, TaskPartial share, long now) {
        if (isExpired(key.windowStartMs())) {
            return; // its count was deleted with its window and must not come back
        }
        newestWindowMs = Math.max(newestWindowMs, key.windowStartMs());
        String stored = storeKey(key);
        TrendTotal before = totals.get(stored);
        TrendTotal after = (before == null ? TrendTotal.empty() : before).with(share);
        if (after.shares().isEmpty()) {
            totals.delete(stored);
        } else {
            totals.put(stored, after);
        }
        TrendRecord published = TrendRecord.of(key, windowMs, after);
        if (published == null && before == null) {
            return;
        }
        context.forward(new Record<>(key.toString(), published == null ? null : published.toJson(),
                now));
    }

    private boolean isExpired(long windowStartMs) {
        return newestWindowMs != Long.MIN_VALUE && windowStartMs + windowMs <= newestWindowMs - retentionMs;
    }

    /** Deletes, from the store and the topic, the counts of windows past the retention, oldest first. */
    private void purgeExpired() {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, TrendTotal> oldest = totals.all()) {
            while (oldest.hasNext() && expired.size() < PURGE_BATCH) {
                KeyValue<String, TrendTotal> kv = oldest.next();
                if (!isExpired(windowOf(kv.key))) {
                    break;
                }
                expired.add(kv.key);
            }
        }
        long now = hooks.clock().millis();
        for (String stored : expired) {
            totals.delete(stored);
            context.forward(new Record<>(outputKey(stored), null, now));
        }
    }

    /** {@code <window_start>|<theme>|<symbol>}: the store iterates windows oldest first. */
    static String storeKey(TrendKey key) {
        return IsoInstants.format(key.windowStartMs()) + "|" + key.ticker();
    }

    private static long windowOf(String storeKey) {
        return IsoInstants.parseMillis(storeKey.substring(0, storeKey.indexOf('|')));
    }

    private static String outputKey(String storeKey) {
        int bar = storeKey.indexOf('|');
        return storeKey.substring(bar + 1) + '|' + storeKey.substring(0, bar);
    }
}
