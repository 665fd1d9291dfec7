package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An output of the enricher together with the topic it goes to; the topic is decided where the theme is known. */
public record Routed(String topic, ObjectNode value) {
}
