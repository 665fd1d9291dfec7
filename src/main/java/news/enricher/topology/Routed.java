package news.enricher.topology;

/**
 * An output of the enricher, already serialized, with the topic it goes to. Serializing in the processor lets it
 * check the size against the topic's limit and dead-letter an article whose copy could never be sent.
 */
public record Routed(String topic, byte[] value) {
}
