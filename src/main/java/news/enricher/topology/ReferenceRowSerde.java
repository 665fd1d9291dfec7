package news.enricher.topology;

import news.enricher.json.JsonSerde;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON serde of the reference table, remembering the rows it has read by their bytes. Every lookup in the
 * GlobalKTable deserializes the stored value; the same bytes always give the same (immutable) row, so reading it
 * again is a hash lookup instead of a Jackson parse. An upsert writes new bytes and is read as such: nothing can be
 * stale. The global thread and every stream thread share one store, hence one instance: it is thread-safe.
 */
final class ReferenceRowSerde implements Serde<TickerRow>, Deserializer<TickerRow> {

    /** Far above the ~7,000 rows of the table; past it (a table that churns) the memory starts over. */
    static final int MAX_ROWS = 65_536;

    private final JsonSerde<TickerRow> json = JsonSerde.of(TickerRow.class);
    private final Map<Bytes, TickerRow> rows = new ConcurrentHashMap<>();

    @Override
    public TickerRow deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        TickerRow row = rows.get(Bytes.wrap(data));
        if (row == null) {
            row = json.deserialize(topic, data);
            if (rows.size() >= MAX_ROWS) {
                rows.clear();
            }
            // A copy: the key must not change if the caller reuses its array.
            rows.put(Bytes.wrap(data.clone()), row);
        }
        return row;
    }

    @Override
    public Serializer<TickerRow> serializer() {
        return json;
    }

    @Override
    public Deserializer<TickerRow> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure.
    }

    @Override
    public void close() {
        rows.clear();
    }

    int size() {
        return rows.size();
    }
}
