package news.enricher.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JSON Schemas (draft 2020-12) of the records the enricher publishes, shipped in the jar under {@code /schemas/}
 * and served by {@link SchemaEndpoint}. This list is the only way to a schema file, so a request names one of these
 * or nothing.
 */
public enum PublishedSchema {

    /** The value on a themed topic. */
    ENRICHED_EVENT("enriched-event.json"),
    /** The value on the unknown-tickers topic. */
    UNKNOWN_TICKER("unknown-ticker.json"),
    /** The headers of a dead letter, as an object of name to UTF-8 text. */
    DEAD_LETTER_HEADERS("dead-letter-headers.json"),
    /** The value on the trends topic. */
    TREND("trend.json");

    private final String fileName;

    PublishedSchema(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public static Optional<PublishedSchema> byFileName(String fileName) {
        return Arrays.stream(values()).filter(s -> s.fileName.equals(fileName)).findFirst();
    }

    /** The schema document as shipped. */
    public byte[] bytes() {
        try (InputStream in = PublishedSchema.class.getResourceAsStream("/schemas/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("The jar has no /schemas/" + fileName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
