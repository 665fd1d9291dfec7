package news.enricher.topology;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' log-and-continue processing handler (so bad records go to the dead-letter queue), except for
 * failures of the cluster rather than of the record: those fail the task, the stream thread is replaced, and
 * the record is processed again (under exactly-once its partial output is aborted).
 */
public class EnricherExceptionHandler extends LogAndContinueProcessingExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (isInfrastructureFailure(exception)) {
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }

    public static boolean isInfrastructureFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TopicGuard.Unavailable) {
                return true;
            }
        }
        return false;
    }
}
