package news.enricher.bench;

import news.enricher.article.InvalidArticleException;
import news.enricher.config.EnricherConfig;
import news.enricher.topology.EnricherTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.function.LongConsumer;

/**
 * The same-bytes baseline run by Kafka Streams: the enricher's topology with the enrichment taken out. Per input
 * record it writes what the enricher writes (the {@link OutputPlan}, via {@link SameBytesOutputs}): the themed copies
 * and sightings through a sink that takes each record's topic from the record, as the enricher's does; the version
 * with a put into a logged RocksDB store of the same name, so that Kafka Streams writes the changelog record; and a
 * dead letter by failing the record, so that the enricher's exception handler writes it to the dead-letter queue.
 * What it costs beyond the plain same-bytes pipe is Kafka Streams' own; what the enricher costs beyond it is the
 * enrichment.
 */
final class SameBytesTopology {

    private SameBytesTopology() {
    }

    /**
     * @param firstRecord hears the wall-clock time of the first record processed (once per processor instance;
     *                    the worker keeps the first)
     */
    static Topology build(EnricherConfig config, LongConsumer firstRecord) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(EnricherTopology.VERSIONS_STORE), Serdes.ByteArray(),
                Serdes.ByteArray()));
        builder.stream(config.rawTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw"))
                .process(() -> new Writer(config, firstRecord), Named.as("same-bytes"), EnricherTopology.VERSIONS_STORE)
                .to((key, out, context) -> out.topic(),
                        Produced.with(Serdes.ByteArray(), Serdes.serdeFrom(valueOf(), (topic, bytes) -> null))
                                .withName("routed"));
        return builder.build();
    }

    private static Serializer<SameBytesOutputs.Out> valueOf() {
        return (topic, out) -> out == null ? null : out.value();
    }

    private static final class Writer implements Processor<byte[], byte[], byte[], SameBytesOutputs.Out> {
        private final SameBytesOutputs outputs;
        private final LongConsumer firstRecord;
        private ProcessorContext<byte[], SameBytesOutputs.Out> context;
        private KeyValueStore<byte[], byte[]> versions;
        private boolean seen;

        Writer(EnricherConfig config, LongConsumer firstRecord) {
            this.outputs = new SameBytesOutputs(config);
            this.firstRecord = firstRecord;
        }

        @Override
        public void init(ProcessorContext<byte[], SameBytesOutputs.Out> context) {
            this.context = context;
            this.versions = context.getStateStore(EnricherTopology.VERSIONS_STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (!seen) {
                seen = true;
                firstRecord.accept(System.currentTimeMillis());
            }
            for (SameBytesOutputs.Out out : outputs.of(record.key(), record.value(), record.headers(),
                    () -> context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                            .orElse("?"))) {
                switch (out.kind()) {
                    case CHANGELOG -> versions.put(out.key(), out.value());
                    // The enricher dead-letters an article by failing it in its processor; so does this.
                    case DEAD_LETTER -> throw new InvalidArticleException("planned dead letter");
                    default -> context.forward(record.withKey(out.key()).withValue(out));
                }
            }
        }
    }
}
