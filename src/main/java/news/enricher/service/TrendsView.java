package news.enricher.service;

import news.enricher.json.JsonSerde;
import news.enricher.topology.EnricherTopology;
import news.enricher.trends.TrendRecord;
import news.enricher.trends.TrendSource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.function.Consumer;

/**
 * This instance's copy of the trends topic, read through interactive queries. Every instance holds all of it (a
 * global table), so any instance answers any query alone and the same as the others once they have read as far:
 * no request hops to another instance, which keeps working through rebalances and needs no instance-to-instance
 * network or {@code application.server}. The topic is small: one record per theme, ticker and window kept.
 */
final class TrendsView implements TrendSource {

    private static final JsonSerde<TrendRecord> RECORDS = JsonSerde.of(TrendRecord.class);
    private final KafkaStreams streams;

    TrendsView(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public void forEach(String keyPrefix, Consumer<TrendRecord> action) {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                EnricherTopology.TRENDS_VIEW_STORE, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<String, byte[]> records = keyPrefix.isEmpty() ? store.all()
                : store.prefixScan(keyPrefix, new StringSerializer())) {
            while (records.hasNext()) {
                KeyValue<String, byte[]> kv = records.next();
                if (kv.value != null) {
                    action.accept(RECORDS.deserialize(null, kv.value));
                }
            }
        }
    }
}
