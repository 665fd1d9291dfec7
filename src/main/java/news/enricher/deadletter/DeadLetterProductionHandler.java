package news.enricher.deadletter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' default production handler (retry what is retriable, otherwise fail the task with a dead letter of
 * the input), with two changes that keep a refused dead letter from killing the stream thread:
 * <ul>
 *   <li>dead letters are cut to fit the producer by {@link DeadLetterFit};</li>
 *   <li>a dead letter the cluster still refuses (typically a dead-letter topic created elsewhere with a smaller
 *       {@code max.message.bytes}) is not dead-lettered in turn, which recurses until the stack overflows. It is
 *       replaced once by a small dead letter: the reason headers, the first {@value #REDUCED_VALUE_BYTES} bytes
 *       of the input and the size, hash and source offset of the whole. If even that is refused, the task fails:
 *       the cluster is broken, and failing loses nothing (the input is not committed).</li>
 * </ul>
 * Under exactly-once the retry cannot help: a refused record has already failed the transaction, which aborts, and
 * the stream thread stops. On restart the service reads the topic's new limit and cuts dead letters to it.
 */
public class DeadLetterProductionHandler extends DefaultProductionExceptionHandler {

    /** Marks the one reduced retry of a refused dead letter. */
    public static final String REDUCED = "enricher.dlq.reduced";
    /** Why the full dead letter was refused. */
    public static final String REFUSED = "enricher.dlq.refused";
    static final int REDUCED_VALUE_BYTES = 16 * 1024;
    static final int REDUCED_KEY_BYTES = 1024;
    private static final int REDUCED_HEADER_BYTES = 4 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private DeadLetterFit fit = new DeadLetterFit(DeadLetterFit.DEFAULT_MAX_REQUEST_SIZE);
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        fit = DeadLetterFit.from(configs);
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException || !record.topic().equals(deadLetterTopic)) {
            return fitted(super.handleError(context, record, exception));
        }
        if (record.headers().lastHeader(REDUCED) != null) {
            LOG.error("The cluster refused even a reduced dead letter of {}: {}", source(record),
                    exception.toString());
            return Response.fail();
        }
        LOG.warn("The cluster refused the dead letter of {} ({}); sending a reduced one", source(record),
                exception.toString());
        return Response.resume(List.of(reduced(record, exception)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return fitted(super.handleSerializationError(context, record, exception, origin));
    }

    private Response fitted(Response response) {
        return switch (response.result()) {
            case RETRY -> response;
            case RESUME -> Response.resume(fit.fit(response.deadLetterQueueRecords()));
            case FAIL -> Response.fail(fit.fit(response.deadLetterQueueRecords()));
        };
    }

    static ProducerRecord<byte[], byte[]> reduced(ProducerRecord<byte[], byte[]> refused, Exception why) {
        Headers headers = new RecordHeaders();
        for (Header header : refused.headers()) {
            if (DeadLetterFit.isReason(header)) {
                headers.add(header.key(), DeadLetterFit.prefix(header.value(), REDUCED_HEADER_BYTES));
            }
        }
        byte[] key = DeadLetterFit.cut(headers, "key", refused.key(), REDUCED_KEY_BYTES);
        byte[] value = DeadLetterFit.cut(headers, "value", refused.value(), REDUCED_VALUE_BYTES);
        headers.add(REFUSED, DeadLetterFit.prefix(String.valueOf(why).getBytes(StandardCharsets.UTF_8),
                REDUCED_HEADER_BYTES));
        headers.add(REDUCED, DeadLetterFit.ascii("true"));
        return new ProducerRecord<>(refused.topic(), refused.partition(), refused.timestamp(), key, value, headers);
    }

    /** Where the input is, from the dead letter's reason headers: its own context has no source. */
    private static String source(ProducerRecord<byte[], byte[]> deadLetter) {
        return text(deadLetter, "__streams.errors.topic") + "-" + text(deadLetter, "__streams.errors.partition")
                + "@" + text(deadLetter, "__streams.errors.offset");
    }

    private static String text(ProducerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
