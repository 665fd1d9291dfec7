package news.enricher.topology;

/**
 * Makes sure a themed topic exists before the first record is sent to it, since themes are open and production
 * clusters run with {@code auto.create.topics.enable=false}. The offline command and topology tests need none.
 */
@FunctionalInterface
public interface TopicGuard {

    TopicGuard NONE = topic -> { };

    /**
     * Returns once {@code topic} exists; throws {@link Unavailable} if it cannot be created now. That is not a
     * fault of the record, so it is retried rather than dead-lettered (see {@code DeadLetterProcessingHandler}).
     */
    void ensureExists(String topic);

    /** The cluster could not create or confirm a topic: an infrastructure failure, to be retried. */
    final class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
