package news.enricher.enrich;

/**
 * One record an article becomes, already serialized, with the topic it goes to. Serializing in the core lets it check
 * the size against the topic's limit and dead-letter an article whose copy could never be sent.
 */
public record Output(String topic, String key, byte[] value) {
}
