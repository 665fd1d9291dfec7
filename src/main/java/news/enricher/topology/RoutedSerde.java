package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.json.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Writes only the value of a {@link Routed}: the topic is consumed by the {@link RoutedTopics} extractor. */
final class RoutedSerde implements Serde<Routed> {

    private final JsonSerde<ObjectNode> json = JsonSerde.of(ObjectNode.class);

    @Override
    public Serializer<Routed> serializer() {
        return (topic, routed) -> routed == null ? null : json.serialize(topic, routed.value());
    }

    @Override
    public Deserializer<Routed> deserializer() {
        return (topic, bytes) -> bytes == null ? null : new Routed(topic, json.deserialize(topic, bytes));
    }
}
