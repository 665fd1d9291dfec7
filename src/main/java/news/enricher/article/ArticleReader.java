package news.enricher.article;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import news.enricher.json.Json;
import news.enricher.json.JsonInput;
import org.apache.kafka.common.errors.SerializationException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Reads an article in one streaming pass over its bytes: the whole input is validated as strictly as the project's
 * mapper reads any JSON (strict UTF-8, duplicate keys, nesting depth, trailing tokens), but only the fields the
 * enricher uses are decoded, and no tree of the article is built.
 *
 * <p>Failures are of two kinds, as for the tree they replace: input that is not a JSON object throws Kafka's
 * {@link SerializationException}; an object whose known fields have the wrong type, or that names no article,
 * throws {@link InvalidArticleException}. The whole input is checked before a field is judged, so malformed JSON is
 * always reported as such, and fields are judged in a fixed order whatever their order in the input.
 */
public final class ArticleReader {

    static final ArticleReader UNLIMITED = new ArticleReader(Integer.MAX_VALUE);

    private static final String WHAT = "JSON object";
    private static final Set<String> ADDED = Set.copyOf(Article.ADDED_FIELDS);
    /** The string fields in the order their errors are reported. */
    private static final List<String> STRING_FIELDS = List.of("slug", "url", "title", "summary", "body_md");

    private final int maxBytes;

    /** @param maxBytes longest input accepted; longer input is refused before it is parsed */
    public ArticleReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Article read(byte[] json) {
        JsonInput.check(json, maxBytes, WHAT);
        Fields f = new Fields(json);
        int start;
        int end;
        // From the mapper, not its factory: the mapper's read features (duplicate keys, limits) apply to the parser.
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new SerializationException("Not a valid " + WHAT + " (" + json.length + " bytes): "
                        + (first == null ? "no content" : "the value is " + kind(first) + ", not an object"));
            }
            start = (int) p.currentTokenLocation().getByteOffset();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                f.count++;
                String name = p.currentName();
                JsonToken value = p.nextToken();
                f.read(name, value, p);
            }
            end = (int) p.currentTokenLocation().getByteOffset();
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new SerializationException("Not a valid " + WHAT + " (" + json.length + " bytes): "
                        + "trailing token (" + trailing.asString() + ") after the object");
            }
        } catch (IOException e) {
            throw JsonInput.invalid(WHAT, json.length, e);
        }
        return f.article(new RawObject(json, start, end, f.count, f.namesAddedField));
    }

    /** What one pass collects; judged once the whole input is known to be well-formed. */
    private static final class Fields {
        final byte[] json;
        int count;
        boolean namesAddedField;
        final String[] strings = new String[STRING_FIELDS.size()];
        final String[] wrongKinds = new String[STRING_FIELDS.size()];
        List<String> topics;
        String topicsWrongKind;
        String updatedAt;
        String publishedAt;

        Fields(byte[] json) {
            this.json = json;
        }

        void read(String name, JsonToken value, JsonParser p) throws IOException {
            int string = STRING_FIELDS.indexOf(name);
            if (string >= 0) {
                if (value == JsonToken.VALUE_STRING) {
                    String plain = JsonInput.plainString(json, (int) p.currentTokenLocation().getByteOffset());
                    strings[string] = plain != null ? plain : p.getText();
                } else if (value != JsonToken.VALUE_NULL) {
                    wrongKinds[string] = kind(value);
                }
            } else if (name.equals("topics")) {
                if (value == JsonToken.START_ARRAY) {
                    topics = topics(p);
                    return;
                } else if (value != JsonToken.VALUE_NULL) {
                    topicsWrongKind = kind(value);
                }
            } else if (name.equals("updated_at")) {
                updatedAt = value == JsonToken.VALUE_STRING ? p.getText() : null;
            } else if (name.equals("published_at")) {
                // Only the trends read it, and they fall back to the record's timestamp: never a reason to reject.
                publishedAt = value == JsonToken.VALUE_STRING ? p.getText() : null;
            } else if (ADDED.contains(name)) {
                namesAddedField = true;
            }
            // Skipping still tokenizes every nested value: it is validated, only not decoded.
            p.skipChildren();
        }

        // Entries that are not strings name no theme; they are skipped like empty ones rather than failing the article.
        private static List<String> topics(JsonParser p) throws IOException {
            List<String> topics = new ArrayList<>(8);
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING) {
                    topics.add(p.getText());
                } else {
                    p.skipChildren();
                }
            }
            return Collections.unmodifiableList(topics);
        }

        Article article(RawObject raw) {
            for (int i = 0; i < STRING_FIELDS.size(); i++) {
                if (wrongKinds[i] != null) {
                    throw new InvalidArticleException("Field '" + STRING_FIELDS.get(i) + "' must be a string but is "
                            + wrongKinds[i]);
                }
            }
            if (topicsWrongKind != null) {
                throw new InvalidArticleException("Field 'topics' must be an array but is " + topicsWrongKind);
            }
            String slug = strings[0];
            String url = strings[1];
            String id = slug != null && !slug.isBlank() ? slug : url;
            if (id == null || id.isBlank()) {
                throw new InvalidArticleException("Article has neither a 'slug' nor a 'url' to identify it");
            }
            return new Article(id, strings[2], strings[3], strings[4], topics == null ? List.of() : topics,
                    Timestamps.parse(updatedAt), Timestamps.parse(publishedAt), raw);
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
