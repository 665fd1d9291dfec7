package news.enricher.topology;

/**
 * Makes sure a themed topic exists before the first record is sent to it, since themes are open and production
 * clusters run with {@code auto.create.topics.enable=false}. The offline command and topology tests need none.
 */
@FunctionalInterface
public interface TopicGuard {

    TopicGuard NONE = topic -> { };

    /** Returns once {@code topic} exists; throws if it cannot be created (the record is then dead-lettered). */
    void ensureExists(String topic);
}
