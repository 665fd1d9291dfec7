package news.enricher.deadletter;

import news.enricher.acl.Denials;
import news.enricher.topology.TopicGuard;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Map;

/**
 * Kafka Streams' log-and-continue processing handler (so an invalid article goes to the dead-letter queue, cut to
 * fit by {@link DeadLetterFit}), except for failures of the cluster rather than of the record: those fail the task,
 * the stream thread is replaced, and the record is processed again (under exactly-once its partial output is
 * aborted).
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {

    private DeadLetterFit fit = new DeadLetterFit(DeadLetterFit.DEFAULT_MAX_REQUEST_SIZE);

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        fit = DeadLetterFit.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        // A refused permission is no fault of the record either: dead-lettering would hide it behind bad input.
        if (isInfrastructureFailure(exception) || Denials.isDenied(exception)) {
            return Response.fail();
        }
        Response response = super.handleError(context, record, exception);
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
