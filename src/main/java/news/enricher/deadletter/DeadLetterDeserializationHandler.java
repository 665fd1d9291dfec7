package news.enricher.deadletter;

import news.enricher.topology.EnricherEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.util.Map;

/**
 * Kafka Streams' log-and-continue deserialization handler, with its dead letter cut to fit by {@link DeadLetterFit}.
 * Raw articles never reach it (every source reads bytes, and the enrich processor parses them, so its failures are
 * dead-lettered atomically with their offset); it remains the backstop for any source that fails to deserialize.
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

    private DeadLetterFit fit = new DeadLetterFit(DeadLetterFit.DEFAULT_MAX_REQUEST_SIZE);
    private EnricherEvents events = EnricherEvents.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        fit = DeadLetterFit.from(configs);
        events = EnricherEvents.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        Response response = super.handleError(context, record, exception);
        if (!response.deadLetterQueueRecords().isEmpty()) {
            events.deadLettered(DeadLetterReason.of(exception));
        }
        return response.result() == Result.RESUME
                ? Response.resume(fit.fit(response.deadLetterQueueRecords()))
                : Response.fail(fit.fit(response.deadLetterQueueRecords()));
    }
}
