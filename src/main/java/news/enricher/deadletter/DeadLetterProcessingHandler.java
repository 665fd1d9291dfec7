package news.enricher.deadletter;

import news.enricher.acl.Denials;
import news.enricher.topology.EnricherEvents;
import news.enricher.topology.TopicGuard;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Map;

/**
 * Kafka Streams' log-and-continue processing handler (so an invalid article goes to the dead-letter queue, cut to
 * fit by {@link DeadLetterFit}, and is logged in one line by {@link DeadLetterLog}), except for failures of the cluster rather than of the record: those fail the task,
 * the stream thread is replaced, and the record is processed again (under exactly-once its partial output is
 * aborted).
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {

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
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        // A refused permission is no fault of the record either: dead-lettering would hide it behind bad input.
        if (isInfrastructureFailure(exception) || Denials.isDenied(exception)) {
            return Response.fail();
        }
        // Kafka's handler builds the dead letter; its own WARN with the stack trace is switched off in
        // simplelogger.properties, since the line below says the same in one line.
        Response response = super.handleError(context, record, exception);
        log.deadLettered(context.topic(), context.partition(), context.offset(), exception);
        if (!response.deadLetterQueueRecords().isEmpty()) {
            events.deadLettered(DeadLetterReason.of(exception));
        }
        return response.result() == Result.RESUME
                ? Response.resume(fit.fit(response.deadLetterQueueRecords()))
                : Response.fail(fit.fit(response.deadLetterQueueRecords()));
    }

    /** A topic the cluster could not create or confirm just now, for a reason that a retry may cure. */
    public static boolean isInfrastructureFailure(Throwable error) {
        if (Denials.isDenied(error)) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TopicGuard.Unavailable) {
                return true;
            }
        }
        return false;
    }
}
