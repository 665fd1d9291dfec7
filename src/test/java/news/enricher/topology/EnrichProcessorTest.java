package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.article.ArticleVersion;
import news.enricher.article.ArticleVersionSerde;
import news.enricher.config.EnricherConfig;
import news.enricher.enrich.Output;
import news.enricher.json.JsonSerde;
import news.enricher.reference.ReferenceIndex;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor alone, for what the topology test driver cannot show: it numbers input records itself and cannot
 * replay one at the same offset, as a restart after a crash does.
 */
class EnrichProcessorTest {

    private static final String ARTICLE =
            "{\"slug\":\"s\",\"title\":\"v1\",\"topics\":[\"ai\"],\"updated_at\":\"2026-06-24T00:00:00Z\"}";

    private final EnricherConfig config = EnricherConfig.defaults();
    private final List<String> events = new ArrayList<>();
    private final JsonSerde<ObjectNode> articles = JsonSerde.of(ObjectNode.class);
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, ArticleVersion> versions;

    @BeforeEach
    void stores() {
        // Changelogging is the part a mock context cannot do; the in-memory store stands for the restored one.
        versions = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EnricherTopology.VERSIONS_STORE),
                Serdes.String(), new ArticleVersionSerde()).withLoggingDisabled().build();
        versions.init(context.getStateStoreContext(), versions);
        context.addStateStore(versions);
    }

    @AfterEach
    void close() {
        versions.close();
    }

    @Test
    void publishesAgainWhenTheRecordItRememberedIsReplayedAfterACrash() {
        process(started(), 5, ARTICLE);
        assertThat(published()).containsExactly(config.themeTopic("ai") + " s v1");
        // The crash: the versions store's changelog record was written, the themed copies were not.
        context.resetForwards();
        events.clear();

        process(started(), 5, ARTICLE);

        assertThat(published()).containsExactly(config.themeTopic("ai") + " s v1");
        assertThat(events).containsExactly("enriched:ai");
    }

    @Test
    void stillDropsTheSameVersionFromALaterOffsetAsARecrawl() {
        EnrichProcessor processor = started();
        process(processor, 5, ARTICLE);
        context.resetForwards();
        events.clear();

        process(processor, 6, ARTICLE.replace("\"v1\"", "\"v1 re-crawled\""));

        assertThat(published()).isEmpty();
        assertThat(events).containsExactly("recrawl");
    }

    @Test
    void purgesExpiredVersionsASliceAtATimeAndComesBackToTheStart() {
        EnrichProcessor processor = started();
        long now = TopologyFixture.NOW.toEpochMilli();
        long expired = now - config.dedupRetention().toMillis() - 1;
        int stored = EnrichProcessor.PURGE_BATCH * 2 + 10;
        for (int i = 0; i < stored; i++) {
            versions.put(String.format("a%05d", i), new ArticleVersion(null, null, i % 2 == 0 ? expired : now, null));
        }
        MockProcessorContext.CapturedPunctuator purge = context.scheduledPunctuators().get(0);

        purge.getPunctuator().punctuate(now);
        assertThat(versions.approximateNumEntries()).isEqualTo(stored - EnrichProcessor.PURGE_BATCH / 2);
        purge.getPunctuator().punctuate(now);
        purge.getPunctuator().punctuate(now);
        assertThat(versions.approximateNumEntries()).isEqualTo(stored / 2);
        // The third slice reached the end; the next starts over and finds nothing left to purge.
        purge.getPunctuator().punctuate(now);
        assertThat(versions.approximateNumEntries()).isEqualTo(stored / 2);
        assertThat(versions.get("a00000")).isNull();
        assertThat(versions.get("a00001")).isNotNull();
        assertThat(context.forwarded()).isEmpty();
    }

    private EnrichProcessor started() {
        EnrichProcessor processor = new EnrichProcessor(config, new EnricherHooks(TopicGuard.NONE,
                TopologyFixture.recording(events), Clock.fixed(TopologyFixture.NOW, ZoneOffset.UTC)),
                new ReferenceIndex());
        processor.init(context);
        return processor;
    }

    private void process(EnrichProcessor processor, long offset, String json) {
        long now = TopologyFixture.NOW.toEpochMilli();
        context.setRecordMetadata(config.rawTopic(), 0, offset);
        context.setCurrentStreamTimeMs(now);
        processor.process(new Record<>("crawler-key", json.getBytes(StandardCharsets.UTF_8), now));
    }

    /** Each forwarded record as "topic key title". */
    private List<String> published() {
        List<String> out = new ArrayList<>();
        for (MockProcessorContext.CapturedForward<? extends String, ?> f : context.forwarded()) {
            if (!(f.record().value() instanceof Output routed)) {
                continue; // what the trends count, tested in TrendsTopologyTest
            }
            out.add(routed.topic() + " " + f.record().key() + " "
                    + articles.deserialize(routed.topic(), routed.value()).get("title").textValue());
        }
        return out;
    }
}
