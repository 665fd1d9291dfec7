package news.enricher.article;

import news.enricher.time.IsoInstants;

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
        Instant common = parseCommonForm(text);
        if (common != null) {
            return Optional.of(common);
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

    /**
     * The forms crawlers write nearly always ({@code 2026-06-24T00:45:40Z}, {@code 2026-06-24 00:45:40.277842+00:00},
     * no offset), read without a formatter: {@code java.time}'s parser cost about as much as the rest of reading an
     * article. Null for anything else, which then takes the formatter path, so both read every input alike.
     */
    static Instant parseCommonForm(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = IsoInstants.digits(s, 0, 4);
        int month = IsoInstants.digits(s, 5, 2);
        int day = IsoInstants.digits(s, 8, 2);
        int hour = IsoInstants.digits(s, 11, 2);
        int minute = IsoInstants.digits(s, 14, 2);
        int second = IsoInstants.digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int length = i - start;
            if (length < 1 || length > 9) {
                return null;
            }
            nanos = IsoInstants.digits(s, start, length);
            for (int k = length; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0;
        } else if (s.charAt(i) == 'Z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((s.charAt(i) == '+' || s.charAt(i) == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int hours = IsoInstants.digits(s, i + 1, 2);
            int minutes = IsoInstants.digits(s, i + 4, 2);
            if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }
}
