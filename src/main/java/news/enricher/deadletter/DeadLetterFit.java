package news.enricher.deadletter;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Makes a dead letter fit the producer's {@code max.request.size}.
 *
 * <p>Kafka Streams' handlers build a dead letter from the input's original bytes. The broker checks an input against
 * {@code max.message.bytes} compressed, while the producer checks a dead letter uncompressed, so a crawler that
 * compresses can land an input that no dead letter can carry. A dead letter the producer refuses goes back to the
 * production handler, which dead-letters it again, until the stack overflows and the stream thread dies on the same
 * record after every restart. So an oversized dead letter is cut down here instead: the key and value keep as much
 * of their start as fits, and headers say what was cut, how big it was and its SHA-256, next to the reason headers
 * and the source topic, partition and offset where the whole record still is.
 */
public final class DeadLetterFit {

    /** Which parts were cut: {@code key}, {@code value} or {@code key,value}. */
    public static final String TRUNCATED = "enricher.dlq.truncated";
    public static final String ORIGINAL_KEY_BYTES = "enricher.dlq.original-key-bytes";
    public static final String ORIGINAL_KEY_SHA256 = "enricher.dlq.original-key-sha256";
    public static final String ORIGINAL_VALUE_BYTES = "enricher.dlq.original-value-bytes";
    public static final String ORIGINAL_VALUE_SHA256 = "enricher.dlq.original-value-sha256";
    /** How many of the input's own headers were left out to make room. */
    public static final String DROPPED_HEADERS = "enricher.dlq.dropped-headers";

    /**
     * The dead-letter topic's {@code max.message.bytes} as the cluster reported it at start, passed to the handlers
     * with the Streams configuration. Under exactly-once a dead letter the broker refuses fails the transaction, so
     * it must be cut to the topic's limit before it is sent, not after.
     */
    public static final String TOPIC_MAX_MESSAGE_BYTES_CONFIG = "news.enricher.dead-letter.topic.max.message.bytes";

    /** Kafka's default, for when nothing is configured. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** Record and batch framing on top of key, value and headers (the producer's own estimate is under 100 bytes). */
    static final int FRAMING = 16 * 1024;
    /** A key longer than this is not an article id; it yields its room to the value. */
    static final int MAX_KEY_BYTES = 16 * 1024;
    /** A single header longer than this (a stack trace of a deep failure, an input's own header) is cut to it. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Per-header overhead in the record format (attributes, varint lengths), rounded up. */
    private static final int HEADER_FRAMING = 16;

    private final int budget;

    public DeadLetterFit(int maxRequestSize) {
        this.budget = maxRequestSize - FRAMING;
        if (budget < 2 * MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("max.request.size " + maxRequestSize + " leaves no room for a dead letter");
        }
    }

    /**
     * From the handlers' configuration: the Streams producer's {@code max.request.size}, or the dead-letter topic's
     * limit ({@link #TOPIC_MAX_MESSAGE_BYTES_CONFIG}) when that is smaller.
     */
    public static DeadLetterFit from(Map<String, ?> configs) {
        Object size = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (size == null) {
            size = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        int limit = size == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(size.toString().trim());
        Object topicLimit = configs.get(TOPIC_MAX_MESSAGE_BYTES_CONFIG);
        if (topicLimit != null) {
            limit = Math.min(limit, Integer.parseInt(topicLimit.toString().trim()));
        }
        return new DeadLetterFit(limit);
    }

    public int budget() {
        return budget;
    }

    public List<ProducerRecord<byte[], byte[]>> fit(List<ProducerRecord<byte[], byte[]>> records) {
        if (records == null || records.isEmpty()) {
            return records;
        }
        List<ProducerRecord<byte[], byte[]>> fitted = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            fitted.add(fit(record));
        }
        return fitted;
    }

    public ProducerRecord<byte[], byte[]> fit(ProducerRecord<byte[], byte[]> record) {
        byte[] key = record.key();
        byte[] value = record.value();
        if (length(key) + length(value) + size(record.headers()) <= budget) {
            return record;
        }
        Headers headers = new RecordHeaders();
        // The reason headers come last in the record; the input's own headers are what can be dropped.
        List<Header> own = new ArrayList<>();
        List<Header> reasons = new ArrayList<>();
        for (Header header : record.headers()) {
            (isReason(header) ? reasons : own).add(header);
        }
        for (Header header : reasons) {
            headers.add(header.key(), capped(header.value()));
        }
        if (length(key) > MAX_KEY_BYTES) {
            key = cut(headers, "key", key, MAX_KEY_BYTES);
        }
        int dropped = 0;
        int ownRoom = budget / 4 - size(headers);
        for (Header header : own) {
            int size = headerSize(header.key(), header.value());
            if (size <= MAX_HEADER_BYTES && size <= ownRoom) {
                headers.add(header);
                ownRoom -= size;
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            headers.add(DROPPED_HEADERS, ascii(Integer.toString(dropped)));
        }
        // Room for the three headers still to come, whose values are at most 64 + 10 + 9 bytes.
        int valueRoom = budget - length(key) - size(headers) - 3 * (HEADER_FRAMING + 64 + 32);
        if (length(value) > valueRoom) {
            value = cut(headers, "value", value, Math.max(0, valueRoom));
        }
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), key, value, headers);
    }

    /** The headers that explain a dead letter (Kafka's reason headers and ours), as opposed to the input's own. */
    static boolean isReason(Header header) {
        return header.key().startsWith("__streams.errors.") || header.key().startsWith("enricher.dlq.");
    }

    /**
     * Cuts {@code part} ("key" or "value") to {@code max} bytes and says so in {@code headers}: its original size and
     * hash, unless they are already there (a dead letter cut once before), and the updated {@link #TRUNCATED} list.
     */
    static byte[] cut(Headers headers, String part, byte[] bytes, int max) {
        if (bytes == null || bytes.length <= max) {
            return bytes;
        }
        String sizeHeader = part.equals("key") ? ORIGINAL_KEY_BYTES : ORIGINAL_VALUE_BYTES;
        if (headers.lastHeader(sizeHeader) == null) {
            headers.add(sizeHeader, ascii(Integer.toString(bytes.length)));
            headers.add(part.equals("key") ? ORIGINAL_KEY_SHA256 : ORIGINAL_VALUE_SHA256, ascii(sha256(bytes)));
        }
        List<String> parts = new ArrayList<>(2);
        if (headers.lastHeader(ORIGINAL_KEY_BYTES) != null) {
            parts.add("key");
        }
        if (headers.lastHeader(ORIGINAL_VALUE_BYTES) != null) {
            parts.add("value");
        }
        headers.remove(TRUNCATED);
        headers.add(TRUNCATED, ascii(String.join(",", parts)));
        return prefix(bytes, max);
    }

    static int size(Headers headers) {
        int size = 0;
        for (Header header : headers) {
            size += headerSize(header.key(), header.value());
        }
        return size;
    }

    private static int headerSize(String key, byte[] value) {
        return HEADER_FRAMING + key.getBytes(StandardCharsets.UTF_8).length + length(value);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static byte[] capped(byte[] value) {
        return prefix(value, MAX_HEADER_BYTES);
    }

    /** The first {@code max} bytes; {@code bytes} itself when it is no longer (or null). */
    static byte[] prefix(byte[] bytes, int max) {
        if (bytes == null || bytes.length <= max) {
            return bytes;
        }
        byte[] prefix = new byte[max];
        System.arraycopy(bytes, 0, prefix, 0, max);
        return prefix;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
