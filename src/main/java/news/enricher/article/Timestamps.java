package news.enricher.article;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads {@code updated_at}. Crawlers write ISO-8601 with either {@code T} or a space between date and time
 * ({@code 2026-06-24 00:45:40.277842+00:00} in the seed article), with or without an offset (then UTC).
 */
final class Timestamps {

    private Timestamps() {
    }

    /** Empty when absent or not a recognisable timestamp: the article is then compared by content hash. */
    static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.length() < 10 || text.length() > 64) {
            return Optional.empty();
        }
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                return Optional.empty();
            }
        }
    }
}
