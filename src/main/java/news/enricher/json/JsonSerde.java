package news.enricher.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * JSON serde for any Jackson-mappable type (records, {@code ObjectNode}). Null-safe both ways, so tombstones stay
 * tombstones, and every Jackson failure surfaces as Kafka's {@link SerializationException}, which is what the
 * Kafka Streams exception handlers and the dead-letter queue act on. Input must be strict UTF-8 ({@link Utf8}).
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final int maxBytes;

    public JsonSerde(Class<T> type) {
        this(type, Json.MAPPER);
    }

    public JsonSerde(Class<T> type, ObjectMapper mapper) {
        this(type, mapper.readerFor(type), mapper.writerFor(type), Integer.MAX_VALUE);
    }

    private JsonSerde(Class<T> type, ObjectReader reader, ObjectWriter writer, int maxBytes) {
        this.type = type;
        this.reader = reader;
        this.writer = writer;
        this.maxBytes = maxBytes;
    }

    /**
     * A copy that refuses, before parsing, input longer than {@code maxBytes}. A topic's {@code max.message.bytes}
     * bounds a compressed batch, not the records in it, so a record can arrive far larger than the topic limit.
     */
    public JsonSerde<T> withMaxBytes(int maxBytes) {
        return new JsonSerde<>(type, reader, writer, maxBytes);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + " as JSON for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        JsonInput.check(data, maxBytes, describe(type));
        try {
            T value = reader.readValue(data);
            if (value == null) {
                // The JSON literal `null` is not a tombstone: the producer sent bytes, so they must be accounted for.
                throw new SerializationException("JSON value is null, expected " + describe(type));
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw JsonInput.invalid(describe(type), data.length, e);
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the type is fixed at construction.
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // Nothing to release: the mapper is shared and stateless.
    }

    private static String describe(Class<?> type) {
        return com.fasterxml.jackson.databind.node.ObjectNode.class.isAssignableFrom(type)
                ? "JSON object" : type.getSimpleName() + " JSON";
    }
}
