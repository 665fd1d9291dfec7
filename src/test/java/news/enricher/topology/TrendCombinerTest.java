package news.enricher.topology;

import news.enricher.config.EnricherConfig;
import news.enricher.enrich.TickerCount;
import news.enricher.extract.AssetClass;
import news.enricher.trends.Contribution;
import news.enricher.trends.PublishedArticle;
import news.enricher.trends.TrendSerdes;
import news.enricher.trends.TrendShares;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The combiner across a restart: the shares live in memory and come back from the stored contributions. */
class TrendCombinerTest {

    private static final Instant H13 = Instant.parse("2026-06-23T13:00:00Z");
    private final EnricherConfig config = EnricherConfig.defaults();
    private final MockProcessorContext<String, TrendShares> context = new MockProcessorContext<>();
    private KeyValueStore<String, Contribution> contributions;
    private KeyValueStore<String, Long> streamTimes;
    private KeyValueStore<String, Long> retracted;

    @BeforeEach
    void stores() {
        // Changelogging is the part a mock context cannot do; the same store objects stand for the restored ones.
        contributions = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EnricherTopology.TREND_CONTRIBUTIONS_STORE), Serdes.String(), TrendSerdes.contributions())
                .withLoggingDisabled().build();
        contributions.init(context.getStateStoreContext(), contributions);
        context.addStateStore(contributions);
        streamTimes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EnricherTopology.TREND_STREAM_TIME_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        streamTimes.init(context.getStateStoreContext(), streamTimes);
        context.addStateStore(streamTimes);
        retracted = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EnricherTopology.TREND_RETRACTED_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        retracted.init(context.getStateStoreContext(), retracted);
        context.addStateStore(retracted);
    }

    @AfterEach
    void close() {
        contributions.close();
        streamTimes.close();
        retracted.close();
    }

    @Test
    void aRestartedTaskSendsItsSharesRebuiltFromTheStoredContributions() {
        TrendCombiner before = started();
        before.process(published("a1", "MU", 2));
        before.process(published("a2", "MU", 1));
        // The crash comes before the first emission: nothing was sent.
        assertThat(context.forwarded()).isEmpty();

        TrendCombiner after = started();
        emit();

        assertThat(sent()).containsExactly("ai-chips|MU|" + H13 + " articles=2 mentions=3 last=a2");
        after.process(published("a3", "MU", 1));
        context.resetForwards();
        emit();
        assertThat(sent()).containsExactly("ai-chips|MU|" + H13 + " articles=3 mentions=4 last=a3");
    }

    @Test
    void aRestartedTaskStillSendsAShareACorrectionTookBackToNothing() {
        TrendCombiner before = started();
        before.process(published("a1", "MU", 1));
        emit();
        // The correction drops MU; the crash comes before the emptied share was sent.
        before.process(published("a1", "NVDA", 1));

        started();
        emit();

        assertThat(sent()).containsExactlyInAnyOrder("ai-chips|MU|" + H13 + " articles=0 mentions=0 last=null",
                "ai-chips|NVDA|" + H13 + " articles=1 mentions=1 last=a1");
        assertThat(retracted.approximateNumEntries()).isZero();
    }

    @Test
    void sendsAChangedShareOnceAndAnUnchangedOneNotAgain() {
        TrendCombiner combiner = started();
        combiner.process(published("a1", "MU", 1));
        combiner.process(published("a2", "NVDA", 1));
        emit();
        assertThat(sent()).hasSize(2);
        context.resetForwards();

        combiner.process(published("a2", "NVDA", 1));
        emit();

        assertThat(sent()).isEmpty();
    }

    @Test
    void sendsSharesAtTheEmitIntervalButNeverMoreOftenThanTheTaskCommits() {
        TrendCombiner combiner = started();

        assertThat(context.scheduledPunctuators()).singleElement()
                .satisfies(p -> assertThat(p.getInterval()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(TrendCombiner.emitInterval(config.with(EnricherConfig.TRENDS_EMIT_INTERVAL, "PT5S")))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(TrendCombiner.emitInterval(config.with(Map.of("processing.guarantee", "at_least_once",
                "commit.interval.ms", "30000"))))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(TrendCombiner.emitInterval(config.with(EnricherConfig.TRENDS_EMIT_INTERVAL, "PT0.01S")))
                .isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> config.with(EnricherConfig.TRENDS_EMIT_INTERVAL, "PT0S"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("emit-interval must be positive");
        assertThat(combiner).isNotNull();
    }

    private TrendCombiner started() {
        context.setCurrentStreamTimeMs(H13.plusSeconds(3600 * 5).toEpochMilli());
        context.resetForwards();
        TrendCombiner combiner = new TrendCombiner(config, new EnricherHooks(TopicGuard.NONE,
                news.enricher.topology.EnricherEvents.NONE, Clock.fixed(H13.plusSeconds(7200), ZoneOffset.UTC)));
        combiner.init(context);
        return combiner;
    }

    /** Runs the punctuator of the combiner started last. */
    private void emit() {
        var punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(0);
    }

    private static Record<String, PublishedArticle> published(String id, String symbol, int mentions) {
        int minute = Integer.parseInt(id.substring(1));
        return new Record<>(id, new PublishedArticle(id, Optional.of(H13.plusSeconds(60L * minute)),
                List.of("ai-chips"), List.of(new TickerCount(symbol, AssetClass.EQUITY, true, mentions))),
                H13.plusSeconds(3600 * 5).toEpochMilli());
    }

    /** Every share sent, as "key articles=… mentions=… last=…", in the order sent. */
    private List<String> sent() {
        List<String> out = new ArrayList<>();
        for (var f : context.forwarded()) {
            for (TrendShares.Keyed k : f.record().value().shares()) {
                out.add(k.key() + " articles=" + k.share().articles() + " mentions=" + k.share().mentions()
                        + " last=" + k.share().lastArticleId());
            }
        }
        return out;
    }
}
