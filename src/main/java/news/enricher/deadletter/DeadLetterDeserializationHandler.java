package news.enricher.deadletter;

import news.enricher.topology.EnricherEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.util.Map;

/**
 * Kafka Streams' log-and-continue deserialization handler, with its dead letter cut to fit by {@link DeadLetterFit} and
 * logged in one line by {@link DeadLetterLog}.
 * Raw articles never reach it (every source reads bytes, and the enrich processor parses them, so its failures are
 * dead-lettered atomically with their offset); it remains the backstop for any source that fails to deserialize.
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

    private DeadLetterFit fit = new DeadLetterFit(DeadLetterFit.DEFAULT_MAX_REQUEST_SIZE);
    private DeadLetterLog log = new DeadLetterLog();
    private EnricherEvents events = EnricherEvents.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        fit = DeadLetterFit.from(configs);
        log = DeadLetterLog.from(configs);
        events = EnricherEvents.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        // As in DeadLetterProcessingHandler: Kafka's own WARN is switched off in simplelogger.properties.
        Response response = super.handleError(context, record, exception);
        log.deadLettered(record.topic(), record.partition(), record.offset(), exception);
        if (!response.deadLetterQueueRecords().isEmpty()) {
            events.deadLettered(DeadLetterReason.of(exception));
        }
        return response.result() == Result.RESUME
                ? Response.resume(fit.fit(response.deadLetterQueueRecords()))
                : Response.fail(fit.fit(response.deadLetterQueueRecords()));
    }
}
