package news.enricher.deadletter;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static news.enricher.deadletter.DeadLetterFitTest.bytes;
import static news.enricher.deadletter.DeadLetterFitTest.deadLetter;
import static news.enricher.deadletter.DeadLetterFitTest.header;
import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterProductionHandlerTest {

    private static final String DLQ = "dlq";
    private static final int MAX_REQUEST_SIZE = 1024 * 1024;

    /** What Kafka Streams hands a handler: where the input came from, and its original bytes. */
    record Context(byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
        public String topic() {
            return "raw";
        }

        public int partition() {
            return 3;
        }

        public long offset() {
            return 42;
        }

        public Headers headers() {
            return new RecordHeaders();
        }

        public String processorNodeId() {
            return "routed-output";
        }

        public TaskId taskId() {
            return new TaskId(0, 3);
        }

        public long timestamp() {
            return 7L;
        }
    }

    private final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
    private final Context context = new Context(bytes('k', 4), bytes('v', 3 * MAX_REQUEST_SIZE));

    DeadLetterProductionHandlerTest() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLQ,
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_REQUEST_SIZE));
    }

    @Test
    void replacesADeadLetterTheClusterRefusesWithOneReducedDeadLetterInsteadOfRecursing() {
        ProducerRecord<byte[], byte[]> refused = new DeadLetterFit(MAX_REQUEST_SIZE).fit(
                deadLetter(bytes('k', 4), context.sourceRawValue()));

        Response response = handler.handleError(context, refused, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(reduced -> {
            assertThat(reduced.topic()).isEqualTo(DLQ);
            assertThat(reduced.value()).hasSize(DeadLetterProductionHandler.REDUCED_VALUE_BYTES);
            assertThat(header(reduced, DeadLetterProductionHandler.REDUCED)).isEqualTo("true");
            assertThat(header(reduced, DeadLetterProductionHandler.REFUSED)).contains("too large");
            // The size and hash are of the input, not of the already cut dead letter.
            assertThat(header(reduced, DeadLetterFit.ORIGINAL_VALUE_BYTES))
                    .isEqualTo(String.valueOf(context.sourceRawValue().length));
            assertThat(header(reduced, DeadLetterFit.ORIGINAL_VALUE_SHA256))
                    .isEqualTo(DeadLetterFit.sha256(context.sourceRawValue()));
            assertThat(header(reduced, DeadLetterFit.TRUNCATED)).isEqualTo("value");
            assertThat(header(reduced, "__streams.errors.offset")).isEqualTo("42");
            assertThat(reduced.headers().lastHeader("crawler-trace")).isNull();
        });
    }

    @Test
    void failsTheTaskWhenEvenTheReducedDeadLetterIsRefused() {
        ProducerRecord<byte[], byte[]> reduced = DeadLetterProductionHandler.reduced(
                deadLetter(bytes('k', 4), bytes('v', 100)), new RecordTooLargeException("too large"));

        Response response = handler.handleError(context, reduced, new RecordTooLargeException("still too large"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void retriesWhatIsRetriableWithoutADeadLetter() {
        Response response = handler.handleError(context, deadLetter(bytes('k', 4), bytes('v', 4)),
                new NotLeaderOrFollowerException("moving"));

        assertThat(response.result()).isEqualTo(Result.RETRY);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void failsARefusedOutputRecordWithADeadLetterOfTheInputCutToFit() {
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("news.enriched.ai", bytes('k', 4),
                bytes('o', 10));

        Response response = handler.handleError(context, output, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(DLQ);
            assertThat(dead.value().length).isLessThan(MAX_REQUEST_SIZE);
            assertThat(header(dead, DeadLetterFit.ORIGINAL_VALUE_BYTES))
                    .isEqualTo(String.valueOf(context.sourceRawValue().length));
        });
    }
}
