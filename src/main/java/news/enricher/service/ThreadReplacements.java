package news.enricher.service;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.protocol.Errors;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether a stream thread that died of a cluster-side failure is replaced rather than the client stopped, and how
 * often. A broker killed while a transaction commits can fail it with {@code InvalidTxnStateException}, which Kafka
 * Streams hands to the thread's handler as fatal, or make the coordinator answer the commit with an unknown server
 * error; the transaction is decided either way, so a new thread redoing it loses and duplicates nothing. More than
 * {@link #MAX} replacements in {@link #PER} are no longer a passing failure, and the client stops (exit code 1), for
 * a supervisor to see.
 */
final class ThreadReplacements {

    static final int MAX = 5;
    static final Duration PER = Duration.ofMinutes(10);

    private final Clock clock;
    private final Deque<Long> recent = new ArrayDeque<>();

    ThreadReplacements(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code error} is a cluster-side failure that a new thread may get past. */
    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof InvalidTxnStateException
                    || t instanceof TransactionAbortableException || t instanceof InvalidProducerEpochException
                    || t instanceof ProducerFencedException || isServerErrorEndingTransaction(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A transaction coordinator that dies while it ends a transaction can answer {@code UNKNOWN_SERVER_ERROR}, which
     * the producer reports only as a {@code KafkaException} message naming the response. The coordinator that takes
     * over completes or aborts that transaction, and a new thread's consumer (read_committed) fetches its offsets
     * only once that is decided, so redoing the work loses and duplicates nothing.
     */
    private static boolean isServerErrorEndingTransaction(Throwable t) {
        String message = t.getMessage();
        return t instanceof KafkaException && message != null
                && message.startsWith("Unhandled error in EndTxnResponse")
                && message.endsWith(Errors.UNKNOWN_SERVER_ERROR.message());
    }

    /** Records a replacement if the budget allows one now. */
    synchronized boolean tryReplace() {
        long now = clock.millis();
        while (!recent.isEmpty() && recent.peekFirst() <= now - PER.toMillis()) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX) {
            return false;
        }
        recent.addLast(now);
        return true;
    }
}
