package news.enricher.article;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a raw article the enricher relies on, validated. The whole event stays available as {@link #raw()}
 * so that fields the enricher does not know pass through untouched.
 *
 * <p>A JSON {@code null} counts as an absent field: crawlers write {@code "summary": null} for "no summary".
 */
public record Article(String id, String title, String summary, String bodyMd, List<String> topics,
                      Optional<Instant> updatedAt, ObjectNode raw) {

    public static Article from(ObjectNode event) {
        String slug = optionalString(event, "slug");
        String url = optionalString(event, "url");
        String title = optionalString(event, "title");
        String summary = optionalString(event, "summary");
        String body = optionalString(event, "body_md");
        List<String> topics = topics(event);
        String id = slug != null && !slug.isBlank() ? slug : url;
        if (id == null || id.isBlank()) {
            throw new InvalidArticleException("Article has neither a 'slug' nor a 'url' to identify it");
        }
        Optional<Instant> updatedAt = Timestamps.parse(event.get("updated_at"));
        return new Article(id, title, summary, body, topics, updatedAt, event);
    }

    private static String optionalString(ObjectNode event, String field) {
        JsonNode node = event.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidArticleException("Field '" + field + "' must be a string but is " + kind(node));
        }
        return node.textValue();
    }

    private static List<String> topics(ObjectNode event) {
        JsonNode node = event.get("topics");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidArticleException("Field 'topics' must be an array but is " + kind(node));
        }
        List<String> topics = new ArrayList<>(node.size());
        // Entries that are not strings name no theme; they are skipped like empty ones rather than failing the article.
        node.forEach(t -> {
            if (t.isTextual()) {
                topics.add(t.textValue());
            }
        });
        return Collections.unmodifiableList(topics);
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
