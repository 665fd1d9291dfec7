package news.enricher.topology;

import news.enricher.enrich.Output;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Passes the bytes of an {@link Output} through: the topic is consumed by the {@link RoutedTopics} extractor. */
final class RoutedSerde implements Serde<Output> {

    @Override
    public Serializer<Output> serializer() {
        return (topic, output) -> output == null ? null : output.value();
    }

    @Override
    public Deserializer<Output> deserializer() {
        return (topic, bytes) -> bytes == null ? null : new Output(topic, null, bytes);
    }
}
