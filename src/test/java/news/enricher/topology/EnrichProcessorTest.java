package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.article.ArticleVersion;
import news.enricher.config.EnricherConfig;
import news.enricher.json.JsonSerde;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
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
    private final MockProcessorContext<String, Routed> context = new MockProcessorContext<>();
    private KeyValueStore<String, ArticleVersion> versions;
    private TimestampedKeyValueStore<String, TickerRow> reference;

    @BeforeEach
    void stores() {
        // Changelogging is the part a mock context cannot do; the in-memory store stands for the restored one.
        versions = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EnricherTopology.VERSIONS_STORE),
                Serdes.String(), JsonSerde.of(ArticleVersion.class)).withLoggingDisabled().build();
        versions.init(context.getStateStoreContext(), versions);
        context.addStateStore(versions);
        reference = Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(EnricherTopology.REFERENCE_STORE), Serdes.String(),
                new ReferenceRowSerde()).withLoggingDisabled().build();
        reference.init(context.getStateStoreContext(), reference);
        context.addStateStore(reference);
    }

    @AfterEach
    void close() {
        versions.close();
        reference.close();
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

    private EnrichProcessor started() {
        EnrichProcessor processor = new EnrichProcessor(config, new EnricherHooks(TopicGuard.NONE,
                TopologyFixture.recording(events), Clock.fixed(TopologyFixture.NOW, ZoneOffset.UTC)));
        processor.init(context);
        return processor;
    }

    private void process(EnrichProcessor processor, long offset, String json) {
        long now = TopologyFixture.NOW.toEpochMilli();
        context.setRecordMetadata(config.rawTopic(), 0, offset);
        context.setCurrentStreamTimeMs(now);
        processor.process(new Record<>("crawler-key", articles.deserialize(config.rawTopic(),
                json.getBytes(StandardCharsets.UTF_8)), now));
    }

    /** Each forwarded record as "topic key title". */
    private List<String> published() {
        List<String> out = new ArrayList<>();
        for (MockProcessorContext.CapturedForward<? extends String, ? extends Routed> f : context.forwarded()) {
            Routed routed = f.record().value();
            out.add(routed.topic() + " " + f.record().key() + " "
                    + articles.deserialize(routed.topic(), routed.value()).get("title").textValue());
        }
        return out;
    }
}
