package news.enricher.topology;

import news.enricher.json.JsonSerde;
import news.enricher.reference.ReferenceIndex;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global reference store and the {@link ReferenceIndex} the enrich processors read in step, from the
 * compacted reference topic. At start it indexes what the store was restored with; after that every row read is
 * indexed as it is stored. A row that is not valid JSON fails here, so the global processing exception handler
 * deals with it, and the index keeps the row's previous version.
 */
final class ReferenceUpdater implements Processor<String, byte[], Void, Void> {

    private final ReferenceIndex index;
    private final JsonSerde<TickerRow> rows = JsonSerde.of(TickerRow.class);
    private KeyValueStore<String, byte[]> store;

    ReferenceUpdater(ReferenceIndex index) {
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(EnricherTopology.REFERENCE_STORE);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> {
                try {
                    index(kv.key, kv.value);
                } catch (SerializationException e) {
                    // A restore copies the topic as it is, broken rows included; they were never usable.
                }
            });
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        index(record.key(), record.value());
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }

    private void index(String key, byte[] value) {
        if (value == null) {
            index.remove(key);
        } else {
            index.put(key, rows.deserialize(null, value));
        }
    }
}
