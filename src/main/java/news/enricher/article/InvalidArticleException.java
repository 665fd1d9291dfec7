package news.enricher.article;

/**
 * An event that is JSON but not an article we can enrich. Thrown inside the topology so that Kafka Streams'
 * processing exception handler sends the original record to the dead-letter topic with this message as the reason.
 */
public class InvalidArticleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidArticleException(String message) {
        super(message);
    }
}
