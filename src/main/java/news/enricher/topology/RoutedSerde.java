package news.enricher.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Passes the bytes of a {@link Routed} through: the topic is consumed by the {@link RoutedTopics} extractor. */
final class RoutedSerde implements Serde<Routed> {

    @Override
    public Serializer<Routed> serializer() {
        return (topic, routed) -> routed == null ? null : routed.value();
    }

    @Override
    public Deserializer<Routed> deserializer() {
        return (topic, bytes) -> bytes == null ? null : new Routed(topic, bytes);
    }
}
