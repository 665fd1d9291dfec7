package news.enricher.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.schema.PublishedSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks records against the published schemas ({@link PublishedSchema}), so that an output shape the schemas do not
 * describe fails the tests that produce it.
 *
 * <p>The enriched event's schema cannot close the object (a raw article may carry any field, passed through), so
 * {@link #enrichedEventErrors} adds the rule the schema can only state in words: every top-level field the schema does
 * not require is one of the input's own.
 */
public final class SchemaCheck {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build()));
    private static final Map<PublishedSchema, Schema> SCHEMAS = load();

    private SchemaCheck() {
    }

    private static Map<PublishedSchema, Schema> load() {
        Map<PublishedSchema, Schema> schemas = new EnumMap<>(PublishedSchema.class);
        for (PublishedSchema s : PublishedSchema.values()) {
            schemas.put(s, REGISTRY.getSchema(tree(s.bytes())));
        }
        return schemas;
    }

    /** What is wrong with {@code instance} against {@code schema}; empty when it conforms. */
    public static List<String> errors(PublishedSchema schema, JsonNode instance) {
        return SCHEMAS.get(schema).validate(instance).stream().map(Error::toString).toList();
    }

    /**
     * What is wrong with an enriched copy: its schema's verdict, and each top-level field that is neither an added
     * one (the schema's {@code required}) nor among {@code inputFields}, the top-level field names of the input.
     */
    public static List<String> enrichedEventErrors(JsonNode value, Set<String> inputFields) {
        List<String> errors = new ArrayList<>(errors(PublishedSchema.ENRICHED_EVENT, value));
        Set<String> added = new HashSet<>();
        tree(PublishedSchema.ENRICHED_EVENT.bytes()).get("required").forEach(n -> added.add(n.textValue()));
        value.fieldNames().forEachRemaining(name -> {
            if (!added.contains(name) && !inputFields.contains(name)) {
                errors.add("$." + name + ": neither added by the enricher (" + PublishedSchema.ENRICHED_EVENT.fileName()
                        + " requires " + added + ") nor a field of the input " + inputFields);
            }
        });
        return errors;
    }

    /**
     * Fails unless one output record conforms to its topic's schema: the value of an enriched copy or an
     * unknown-ticker sighting, the headers of a dead letter. {@code inputFields} are the top-level field names of the
     * input the record came from (for enriched copies).
     */
    public static void assertConforms(EnricherConfig config, String topic, byte[] value, Map<String, String> headers,
                                      Set<String> inputFields) {
        List<String> errors;
        if (topic.equals(config.deadLetterTopic())) {
            errors = errors(PublishedSchema.DEAD_LETTER_HEADERS, Json.MAPPER.valueToTree(headers));
        } else if (topic.equals(config.unknownTickersTopic())) {
            errors = errors(PublishedSchema.UNKNOWN_TICKER, tree(value));
        } else if (topic.startsWith(config.themeTopicPrefix())) {
            errors = enrichedEventErrors(tree(value), inputFields);
        } else if (topic.equals(config.trendsTopic())) {
            // A tombstone deletes a count from the compacted topic; it has no value to describe.
            errors = value == null ? List.of() : errors(PublishedSchema.TREND, tree(value));
        } else {
            throw new AssertionError("No published schema describes the records of " + topic
                    + ": add one (src/main/resources/schemas, PublishedSchema) and check it here");
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("A record on " + topic + " does not conform to its published schema:\n  "
                    + String.join("\n  ", errors));
        }
    }

    /** The top-level field names of {@code json}, or none when it is not a JSON object. */
    public static Set<String> fieldNames(byte[] json) {
        Set<String> names = new HashSet<>();
        try {
            JsonNode node = json == null ? null : Json.MAPPER.readTree(json);
            if (node != null && node.isObject()) {
                node.fieldNames().forEachRemaining(names::add);
            }
        } catch (IOException | RuntimeException notJson) {
            // Bad input: it becomes a dead letter, whose schema is about headers.
        }
        return names;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
