package news.enricher.topology;

import news.enricher.article.Article;
import news.enricher.article.ArticleVersion;
import news.enricher.article.VersionCheck;
import news.enricher.config.EnricherConfig;
import news.enricher.enrich.ArticleEnricher;
import news.enricher.enrich.Enrichment;
import news.enricher.enrich.Output;
import news.enricher.reference.ReferenceIndex;
import news.enricher.time.IsoInstants;
import news.enricher.trends.PublishedArticle;
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
 * The state around {@link ArticleEnricher}: remembers the version of every article it published, skips re-crawls and
 * stale versions, makes sure themed topics exist, and forwards what the core made of an article: the {@link Output}
 * records, then, when trends are on, the {@link PublishedArticle} for the {@link TrendCombiner}.
 */
final class EnrichProcessor implements Processor<String, byte[], String, Object> {

    /** How often, in stream time, a slice of the versions store is checked for expired entries. */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Entries one purge looks at, so that no punctuation holds up processing for long, however large the store. */
    static final int PURGE_BATCH = 2_000;

    private final EnricherConfig config;
    private final EnricherHooks hooks;
    private final ReferenceIndex reference;
    private final Duration retention;
    private final boolean countsTrends;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ArticleVersion> versions;
    private ArticleEnricher enricher;
    /** Where the next purge resumes; null starts from the first key. */
    private String purgeFrom;

    EnrichProcessor(EnricherConfig config, EnricherHooks hooks, ReferenceIndex reference) {
        this.config = config;
        this.hooks = hooks;
        this.reference = reference;
        this.retention = config.dedupRetention();
        this.countsTrends = config.trendsEnabled();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.versions = context.getStateStore(EnricherTopology.VERSIONS_STORE);
        this.enricher = new ArticleEnricher(config, reference);
        // Stream time, not wall-clock: retention is about how far apart versions of an article arrive, and replaying
        // old data must not purge what the replay still needs.
        context.schedule(PURGE_INTERVAL, PunctuationType.STREAM_TIME, this::purgeExpiredVersions);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            hooks.events().tombstoneSkipped();
            return;
        }
        Article article = enricher.read(record.value());
        ArticleVersion seen = versions.get(article.id());
        ArticleVersion incoming = ArticleVersion.of(article, context.currentStreamTimeMs(), source());
        VersionCheck.Verdict verdict = VersionCheck.decide(seen, incoming, retention);
        if (!verdict.publish()) {
            if (verdict == VersionCheck.Verdict.STALE) {
                hooks.events().staleSkipped();
            } else {
                hooks.events().recrawlSkipped();
            }
            return;
        }

        Enrichment enrichment = enricher.enrich(article, IsoInstants.format(hooks.clock().instant()));
        for (Output copy : enrichment.copies()) {
            hooks.topicGuard().ensureExists(copy.topic());
        }
        // Everything that can fail has run; only now is the version remembered, so a failure leaves it publishable.
        // Under at-least-once a crash can still leave this changelogged without the copies; the remembered source
        // position lets the replay of this record publish again instead of passing for a re-crawl.
        versions.put(article.id(), VersionCheck.remember(seen, incoming));

        List<Output> copies = enrichment.copies();
        for (int i = 0; i < copies.size(); i++) {
            context.forward(record.withKey(copies.get(i).key()).withValue(copies.get(i)));
            hooks.events().enriched(enrichment.themes().get(i));
        }
        for (Output sighting : enrichment.sightings()) {
            context.forward(record.withKey(sighting.key()).withValue(sighting));
            hooks.events().unknownTicker();
        }
        if (countsTrends) {
            context.forward(record.withKey(article.id()).withValue(new PublishedArticle(article.id(),
                    article.publishedAt(), enrichment.themes(), enrichment.counts())));
        }
        hooks.events().published(Duration.ofMillis(hooks.clock().millis() - record.timestamp()));
    }

    private ArticleVersion.Source source() {
        return context.recordMetadata()
                .map(m -> new ArticleVersion.Source(m.topic(), m.partition(), m.offset()))
                .orElse(null);
    }

    /** Looks at the next {@link #PURGE_BATCH} entries after the last purge's, wrapping around at the end. */
    private void purgeExpiredVersions(long streamTimeMs) {
        long oldestKept = streamTimeMs - retention.toMillis();
        List<String> expired = new ArrayList<>();
        String next = null;
        int seen = 0;
        try (KeyValueIterator<String, ArticleVersion> slice = versions.range(purgeFrom, null)) {
            while (slice.hasNext()) {
                KeyValue<String, ArticleVersion> kv = slice.next();
                if (seen == PURGE_BATCH) {
                    next = kv.key;
                    break;
                }
                seen++;
                if (kv.value != null && kv.value.seenAtMs() < oldestKept) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(versions::delete);
        purgeFrom = next;
    }
}
