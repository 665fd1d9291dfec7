package news.enricher.deadletter;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterFitTest {

    private static final int MAX_REQUEST_SIZE = 1024 * 1024;
    private final DeadLetterFit fit = new DeadLetterFit(MAX_REQUEST_SIZE);

    @Test
    void leavesADeadLetterThatFitsUntouched() {
        ProducerRecord<byte[], byte[]> record = deadLetter(bytes('k', 10), bytes('v', fit.budget() - 2_000));

        assertThat(fit.fit(record)).isSameAs(record);
    }

    @Test
    void cutsAnOversizedValueToFitAndRecordsItsSizeAndHash() {
        byte[] value = bytes('v', 5 * MAX_REQUEST_SIZE);

        ProducerRecord<byte[], byte[]> fitted = fit.fit(deadLetter(bytes('k', 10), value));

        assertThat(estimatedSize(fitted)).isLessThanOrEqualTo(fit.budget());
        assertThat(fitted.value().length).isGreaterThan(fit.budget() - 4_096);
        assertThat(Arrays.equals(fitted.value(), 0, fitted.value().length, value, 0, fitted.value().length)).isTrue();
        assertThat(fitted.key()).hasSize(10);
        assertThat(header(fitted, DeadLetterFit.TRUNCATED)).isEqualTo("value");
        assertThat(header(fitted, DeadLetterFit.ORIGINAL_VALUE_BYTES)).isEqualTo(String.valueOf(value.length));
        assertThat(header(fitted, DeadLetterFit.ORIGINAL_VALUE_SHA256)).isEqualTo(DeadLetterFit.sha256(value))
                .hasSize(64);
        assertThat(header(fitted, "__streams.errors.offset")).isEqualTo("42");
        assertThat(header(fitted, "crawler-trace")).isEqualTo("abc");
        assertThat(header(fitted, DeadLetterFit.DROPPED_HEADERS)).isNull();
        assertThat(fitted.topic()).isEqualTo("dlq");
        assertThat(fitted.timestamp()).isEqualTo(7L);
    }

    @Test
    void cutsAnOversizedKeyAndGivesItsRoomToTheValue() {
        byte[] key = bytes('k', 2 * MAX_REQUEST_SIZE);

        ProducerRecord<byte[], byte[]> fitted = fit.fit(deadLetter(key, bytes('v', 100)));

        assertThat(fitted.key()).hasSize(DeadLetterFit.MAX_KEY_BYTES);
        assertThat(fitted.value()).hasSize(100);
        assertThat(header(fitted, DeadLetterFit.TRUNCATED)).isEqualTo("key");
        assertThat(header(fitted, DeadLetterFit.ORIGINAL_KEY_BYTES)).isEqualTo(String.valueOf(key.length));
        assertThat(header(fitted, DeadLetterFit.ORIGINAL_KEY_SHA256)).isEqualTo(DeadLetterFit.sha256(key));
        assertThat(header(fitted, DeadLetterFit.ORIGINAL_VALUE_BYTES)).isNull();
    }

    @Test
    void dropsTheInputsOwnOversizedHeadersAndCutsLongReasons() {
        ProducerRecord<byte[], byte[]> record = deadLetter(bytes('k', 10), bytes('v', 100));
        record.headers().add("huge-header", bytes('h', 3 * MAX_REQUEST_SIZE / 4));
        record.headers().add("__streams.errors.stacktrace", bytes('s', MAX_REQUEST_SIZE / 2));

        ProducerRecord<byte[], byte[]> fitted = fit.fit(record);

        assertThat(estimatedSize(fitted)).isLessThanOrEqualTo(fit.budget());
        assertThat(fitted.headers().lastHeader("huge-header")).isNull();
        assertThat(header(fitted, DeadLetterFit.DROPPED_HEADERS)).isEqualTo("1");
        assertThat(header(fitted, "crawler-trace")).isEqualTo("abc");
        assertThat(fitted.headers().lastHeader("__streams.errors.stacktrace").value())
                .hasSize(DeadLetterFit.MAX_HEADER_BYTES);
        assertThat(fitted.value()).hasSize(100);
        assertThat(header(fitted, DeadLetterFit.TRUNCATED)).isNull();
    }

    @Test
    void readsTheBudgetFromTheStreamsProducerSettingThenThePlainOneThenKafkasDefault() {
        String prefixed = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

        assertThat(DeadLetterFit.from(Map.of(prefixed, "9437184", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1"))
                .budget()).isEqualTo(9437184 - DeadLetterFit.FRAMING);
        assertThat(DeadLetterFit.from(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2097152)).budget())
                .isEqualTo(2097152 - DeadLetterFit.FRAMING);
        assertThat(DeadLetterFit.from(Map.of()).budget())
                .isEqualTo(DeadLetterFit.DEFAULT_MAX_REQUEST_SIZE - DeadLetterFit.FRAMING);
        assertThatThrownBy(() -> new DeadLetterFit(50_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesTheDeadLetterTopicsLimitWhenItIsSmallerThanTheProducers() {
        String producer = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

        assertThat(DeadLetterFit.from(Map.of(producer, "9437184",
                DeadLetterFit.TOPIC_MAX_MESSAGE_BYTES_CONFIG, "1048588")).budget())
                .isEqualTo(1048588 - DeadLetterFit.FRAMING);
        assertThat(DeadLetterFit.from(Map.of(producer, "2097152",
                DeadLetterFit.TOPIC_MAX_MESSAGE_BYTES_CONFIG, 9437184)).budget())
                .isEqualTo(2097152 - DeadLetterFit.FRAMING);
    }

    @Test
    void keepsAnEmptyListAndFitsEveryRecordOfAList() {
        assertThat(fit.fit(List.of())).isEmpty();
        List<ProducerRecord<byte[], byte[]>> fitted = fit.fit(List.of(deadLetter(bytes('k', 1), bytes('v', 1)),
                deadLetter(bytes('k', 1), bytes('v', 2 * MAX_REQUEST_SIZE))));

        assertThat(fitted).hasSize(2);
        assertThat(fitted.get(0).value()).hasSize(1);
        assertThat(header(fitted.get(1), DeadLetterFit.TRUNCATED)).isEqualTo("value");
    }

    static ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("crawler-trace", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add("__streams.errors.exception", "org.apache.kafka.common.errors.SerializationException"
                .getBytes(StandardCharsets.UTF_8));
        headers.add("__streams.errors.offset", "42".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>("dlq", null, 7L, key, value, headers);
    }

    static String header(ProducerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Key, value and headers, as the producer's size check counts them (framing aside). */
    static int estimatedSize(ProducerRecord<byte[], byte[]> record) {
        int size = record.key().length + record.value().length;
        for (Header header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    static byte[] bytes(char c, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}
