package news.enricher.deadletter;

import news.enricher.article.InvalidArticleException;
import org.apache.kafka.common.errors.SerializationException;

/** A short, stable name for why an input was dead-lettered, for metrics: the rows of the README's bad-input table. */
public final class DeadLetterReason {

    private DeadLetterReason() {
    }

    /**
     * {@code invalid-json}: not a JSON object in strict UTF-8, or too large; {@code invalid-article}: a JSON object but
     * not an article; anything else by its exception's simple class name.
     */
    public static String of(Throwable why) {
        if (why instanceof SerializationException) {
            return "invalid-json";
        }
        if (why instanceof InvalidArticleException) {
            return "invalid-article";
        }
        return why.getClass().getSimpleName();
    }
}
